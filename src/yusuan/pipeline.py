"""The pipeline in one call: read → recognize → model (→ rules, see :mod:`yusuan.check`).

A model exported by ``yusuan export`` (JSON, or the same structure in YAML) is read as it is; a
filled ``yusuan template`` workbook is built into a package (tables computed, narrative drafted).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from yusuan.errors import DataFileError
from yusuan.model import BudgetPackage
from yusuan.model.prose import linked
from yusuan.readers import file_bytes, read_bytes, read_path
from yusuan.recognize import recognize
from yusuan.yamlfile import tame


def load(path: str | Path) -> BudgetPackage:
    """Read and recognize a document from disk (or read an exported model)."""
    if Path(path).suffix.lower() in (".json", ".yaml", ".yml", ".xlsx"):
        return load_bytes(file_bytes(path), str(path))
    return recognize(read_path(path))


def load_bytes(data: bytes, name: str) -> BudgetPackage:
    """Read and recognize a document from memory (or read an exported model)."""
    if Path(name).suffix.lower() in (".json", ".yaml", ".yml"):
        return load_model(data, name)
    from yusuan.template import is_template, load_template

    if is_template(data):
        pkg = load_template(data, name)
        assert isinstance(pkg, BudgetPackage)
        return pkg
    return recognize(read_bytes(data, name))


def load_model(data: bytes, name: str) -> BudgetPackage:
    """A package from ``yusuan export`` output: ``{"yusuan": …, "package": {…}}`` or the bare
    package object, as JSON or YAML."""
    import json

    from yusuan.model.serialize import ModelDataError, from_data

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataFileError(name, detail="模型文件不是 UTF-8 编码。") from None
    parsed: Any
    if Path(name).suffix.lower() == ".json":
        try:
            parsed = tame(json.loads(text), name, "模型", DataFileError)
        except RecursionError:
            raise DataFileError(name, detail="模型文件嵌套层数过多。") from None
        except json.JSONDecodeError as exc:
            raise DataFileError(
                name,
                where=f"第 {exc.lineno} 行第 {exc.colno} 列",
                detail=f"不是有效的 JSON（{exc.msg}）。",
            ) from None
    else:
        from yusuan.yamlfile import parse_mapping

        parsed = parse_mapping(text, name, "模型", DataFileError)
    if isinstance(parsed, dict) and "package" in parsed:
        parsed = parsed["package"]
    try:
        pkg = from_data(BudgetPackage, parsed, "package")
    except ModelDataError as exc:
        raise DataFileError(name, where=exc.where, detail=f"模型数据有误：{exc.detail}。") from None
    return replace(pkg, figures=linked(pkg.figures))
