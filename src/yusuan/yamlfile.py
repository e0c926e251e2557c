"""The small YAML files users write (profiles, actuals, monitoring data): one reader, Chinese
errors that name the file and the line, never a traceback. yusuan's own YAML files (bundled
profiles and layouts, the vocabulary) are parsed by libyaml when PyYAML has it, and a bundled
profile or layout once a process."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yusuan import limits, warmcache
from yusuan.errors import FileMissingError, YusuanError
from yusuan.unicode import clean_text

if TYPE_CHECKING:
    from importlib.abc import Traversable


def loader() -> Any:
    """libyaml's safe loader when PyYAML was built with it (10–20× faster), else the
    pure-Python one (PyYAML is imported when a text is first parsed, not before)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse(text: str) -> Any:
    import yaml

    return yaml.load(text, Loader=loader())


def load(text: str) -> Any:
    """A YAML text parsed by :func:`loader`; by the command line, once for a text it has seen
    parsed on an earlier run (:mod:`yusuan.warmcache`)."""
    return warmcache.parsed(text, _parse)


def parse_mapping(text: str, name: str, what: str, error: type[YusuanError]) -> dict[str, Any]:
    """The top-level mapping of a YAML text; ``error`` (naming ``name``) if it is not one."""
    try:
        data = load(text) or {}
    except RecursionError:
        raise error(name, detail=f"{what}文件嵌套层数过多。") from None
    except Exception as exc:
        import yaml

        if not isinstance(exc, yaml.YAMLError):
            raise
        mark = getattr(exc, "problem_mark", None)
        at = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "语法错误"
        raise error(name, where=at, detail=f"{what}文件不是有效的 YAML（{problem}）。") from exc
    if not isinstance(data, dict):
        raise error(name, detail=f"{what}文件的顶层应为映射（键: 值）。")
    tamed: dict[str, Any] = tame(data, name, what, error)
    return tamed


#: how deeply a data file's mappings and lists may nest (a model is about 8 levels deep)
MAX_DEPTH = 64


def tame(data: Any, name: str, what: str, error: type[YusuanError]) -> Any:
    """Parsed JSON or YAML made safe to walk: nesting past :data:`MAX_DEPTH`, or more nodes
    than :attr:`Limits.cells` once YAML aliases are expanded (a billion laughs), is ``error``;
    lone surrogates in strings are replaced (in place)."""
    budget = limits.current().cells
    sizes: dict[int, int] = {}  # a node shared through an alias is counted, not walked, again

    def walk(node: Any, depth: int) -> tuple[Any, int]:
        if depth > MAX_DEPTH:
            raise error(name, detail=f"{what}文件嵌套层数过多（超过 {MAX_DEPTH} 层）。")
        if isinstance(node, str):
            return clean_text(node), 1
        if not isinstance(node, (dict, list)):
            return node, 1
        if id(node) in sizes:
            return node, sizes[id(node)]
        size = 1
        if isinstance(node, dict):
            items = list(node.items())
            node.clear()
            for key, value in items:
                value, n = walk(value, depth + 1)
                node[clean_text(key) if isinstance(key, str) else key] = value
                size += n + 1
        else:
            for i, value in enumerate(node):
                node[i], n = walk(value, depth + 1)
                size += n
        if size > budget:
            raise limits.exceeded("cells", size, name)
        sizes[id(node)] = size
        return node, size

    return walk(data, 0)[0]


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
    key = str(res)
    data = _BUNDLED.get(key)
    if data is None:
        text = res.read_text(encoding="utf-8")
        data = _BUNDLED[key] = parse_mapping(text, name_or_path, what, error)
    copied: dict[str, Any] = fresh(data)
    return copied


#: the bundled files parsed so far (they do not change while yusuan runs), by their location
_BUNDLED: dict[str, dict[str, Any]] = {}
_SCALARS = (str, int, float, bool, type(None))


def fresh(data: Any) -> Any:
    """A copy of parsed YAML the caller may change (mappings and lists copied, all the way
    down): a cached file is handed out afresh each time."""
    if isinstance(data, dict):
        return {k: fresh(v) for k, v in data.items()}
    if isinstance(data, list):
        return [fresh(v) for v in data]
    return data if isinstance(data, _SCALARS) else copy.deepcopy(data)


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
