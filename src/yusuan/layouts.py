"""Publishing layouts as data: the bundled YAML files (``yusuan/publish/layouts``) or a user's,
read into their settings as written, ``extends`` resolved.

A neutral module, so that the stages that need a layout's data do not depend on each other:
publishing types and validates the settings (:mod:`yusuan.publish.layout`); recognition reads
the header rows the bundled layouts print (:func:`printed_headers`) to rebuild tables
flattened into text (:mod:`yusuan.recognize.flattened`).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.abc import Traversable
from typing import Any

from yusuan import yamlfile
from yusuan.errors import ProfileError
from yusuan.model.tables import TableKind

#: A header: rows of printed labels (``""`` a blank or merged cell, ``{year}`` the budget year).
Header = tuple[tuple[str, ...], ...]


def _folder() -> Traversable:
    return resources.files("yusuan") / "publish" / "layouts"


def bundled_layouts() -> list[str]:
    return yamlfile.bundled_names(_folder())


def has_layout(name: str) -> bool:
    return (_folder() / f"{name}.yaml").is_file()


def _read(name_or_path: str) -> dict[str, Any]:
    return yamlfile.read_named(name_or_path, _folder(), "版式", "发布版式", ProfileError)


def _over(parent: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """A layout's settings over its base's, table by table and key by key."""
    mine, theirs = data.get("tables") or {}, parent.get("tables") or {}
    merged = {k: {**(theirs.get(k) or {}), **(mine.get(k) or {})} for k in {**theirs, **mine}}
    return {**parent, **data, "tables": merged}


def layout_data(name_or_path: str) -> dict[str, Any]:
    """A bundled layout by name, or a YAML file by path, as written; ``extends`` names a base
    layout whose settings the file overrides, table by table and key by key (a table may change
    only its title)."""
    return yamlfile.with_extends(name_or_path, _read, _over, "版式", ProfileError)


def header_rows(table: dict[str, Any]) -> Header:
    """A table's ``header`` setting as rows of labels (an empty YAML cell is ``""``)."""
    return tuple(tuple("" if c is None else str(c) for c in row) for row in table.get("header", ()))


@cache
def printed_headers(kind: TableKind) -> tuple[Header, ...]:
    """The header rows of this kind of table in every bundled layout (each shape once, in the
    layouts' order)."""
    found: list[Header] = []
    for name in bundled_layouts():
        table = (layout_data(name).get("tables") or {}).get(kind.value)
        header = header_rows(table) if isinstance(table, dict) else ()
        if header and header not in found:
            found.append(header)
    return tuple(found)


__all__ = [
    "Header",
    "bundled_layouts",
    "has_layout",
    "header_rows",
    "layout_data",
    "printed_headers",
]
