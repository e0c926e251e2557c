"""What the standard disclosures print in their own words: the header rows of the standard
tables (``headers.yaml``), which recognition matches a flattened table against, and the
专业性名词解释 a drafted 情况说明 ends with (``glossary.yaml``). Both are read when first asked
for (the check path stays lean).

Budget language, not publishing: recognition and drafting read them here; a publishing layout
prints one of these headers (a test holds every bundled layout to it) and names the glossary
with ``glossary: standard``."""

from __future__ import annotations

from functools import cache
from typing import Any

from yusuan import bundled, yamlfile

#: A header: rows of printed labels (``""`` a blank or merged cell, ``{year}`` the budget year).
Header = tuple[tuple[str, ...], ...]


def _data(name: str) -> dict[str, Any]:
    text = bundled.files("yusuan.lang").joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = yamlfile.load(text)
    return data


@cache
def _headers() -> dict[str, tuple[Header, ...]]:
    data = _data("headers.yaml")["headers"]
    return {
        kind: tuple(
            tuple(tuple("" if c is None else str(c) for c in row) for row in header)
            for header in shapes
        )
        for kind, shapes in data.items()
    }


def printed_headers(kind: str) -> tuple[Header, ...]:
    """The header rows a standard table of this kind (a :class:`~yusuan.model.TableKind`
    value) is printed with, each shape once."""
    return _headers().get(kind, ())


@cache
def glossary() -> tuple[str, ...]:
    """The standard 专业性名词解释, one definition a paragraph."""
    return tuple(str(t) for t in _data("glossary.yaml")["glossary"])


__all__ = ["Header", "glossary", "printed_headers"]
