"""The small YAML files users write (profiles, actuals, monitoring data): one reader, Chinese
errors that name the file and the line, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from yusuan.errors import FileMissingError, YusuanError


def parse_mapping(text: str, name: str, what: str, error: type[YusuanError]) -> dict[str, Any]:
    """The top-level mapping of a YAML text; ``error`` (naming ``name``) if it is not one."""
    try:
        data = yaml.safe_load(text) or {}
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
