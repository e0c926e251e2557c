"""The small YAML files users write (profiles, actuals, monitoring data): one reader, Chinese
errors that name the file and the line, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from yusuan.errors import FileMissingError, YusuanError

#: libyaml's safe loader when PyYAML was built with it (10–20× faster), else the pure-Python one
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_mapping(text: str, name: str, what: str, error: type[YusuanError]) -> dict[str, Any]:
    """The top-level mapping of a YAML text; ``error`` (naming ``name``) if it is not one."""
    try:
        data = yaml.load(text, Loader=_LOADER) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "语法错误"
        raise error(name, where=at, detail=f"{what}文件不是有效的 YAML（{problem}）。") from exc
    if not isinstance(data, dict):
        raise error(name, detail=f"{what}文件的顶层应为映射（键: 值）。")
    return data


def read_mapping(path: str | Path, what: str, error: type[YusuanError]) -> dict[str, Any]:
    """Read and parse a UTF-8 YAML file; a missing file is :class:`FileMissingError`."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise FileMissingError(name) from exc
    except UnicodeDecodeError as exc:
        raise error(name, detail=f"{what}文件不是 UTF-8 编码，请另存为 UTF-8 后重试。") from exc
    except OSError as exc:
        raise error(name, detail=f"无法读取{what}文件（{exc.strerror or exc}）。") from exc
    return parse_mapping(text, name, what, error)


def bundled_names(folder: Traversable) -> list[str]:
    """The names of the YAML files shipped in a package folder (profiles, layouts)."""
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def read_named(
    name_or_path: str, folder: Traversable, what: str, title: str, error: type[YusuanError]
) -> dict[str, Any]:
    """A bundled YAML file by name (in ``folder``), or a user's by path; ``error`` names the
    bundled ones when neither is found."""
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        return read_mapping(path, what, error)
    res = folder / f"{name_or_path}.yaml"
    if not res.is_file():
        raise error(
            detail=f"未找到{title}「{name_or_path}」。可用{what}：{'、'.join(bundled_names(folder))}，"
            "或给出 .yaml 文件路径。"
        )
    return parse_mapping(res.read_text(encoding="utf-8"), name_or_path, what, error)


Mapping = dict[str, Any]


def with_extends(
    name_or_path: str,
    read: Callable[[str], Mapping],
    merge: Callable[[Mapping, Mapping], Mapping],
    what: str,
    error: type[YusuanError],
) -> Mapping:
    """A file read with the files it ``extends`` under it (each merged under the one that names
    it); a loop is ``error``."""
    data = read(name_or_path)
    seen = {name_or_path}
    while base := data.pop("extends", None):
        if base in seen:
            raise error(name_or_path, detail=f"{what}继承出现循环：{base}")
        seen.add(base)
        data = merge(read(str(base)), data)
    return data
