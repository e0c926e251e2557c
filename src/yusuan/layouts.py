"""Publishing layouts as data: the bundled YAML files (``yusuan/publish/layouts``) or a user's,
read into their settings as written, ``extends`` resolved.

Publishing types and validates the settings (:mod:`yusuan.publish.layout`). Recognition does
not read layouts: the header rows it matches flattened tables against are budget language
(:mod:`yusuan.lang.printed`), and every bundled layout prints one of them (tests/test_publish.py).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from yusuan import bundled, yamlfile
from yusuan.errors import ProfileError
from yusuan.lang.printed import Header

if TYPE_CHECKING:
    from importlib.abc import Traversable


def _folder() -> Traversable:
    return bundled.files("yusuan") / "publish" / "layouts"


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


__all__ = [
    "Header",
    "bundled_layouts",
    "has_layout",
    "header_rows",
    "layout_data",
]


@cache
def regional_layout(configured: str, unit_name: str) -> str:
    """The layout a unit's package is published in: ``configured`` unless the unit's name
    begins with a region (``regions:`` in a bundled layout) that another bundled layout is for
    and ``configured`` is not — a 上海市 department's budget in Shanghai's tables (its 部门收入
    预算总表 with 财政拨款收入), not in 重庆's (一般公共预算 … left blank)."""

    def matches(name: str) -> bool:
        regions = layout_data(name).get("regions") or ()
        return any(unit_name.startswith(str(r)) for r in regions)

    if not unit_name or matches(configured):
        return configured
    return next((n for n in bundled_layouts() if matches(n)), configured)
