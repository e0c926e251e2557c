"""Import every built-in rule family so that it registers itself."""

from __future__ import annotations

from yusuan.rules import (  # noqa: F401
    arithmetic,
    classification,
    completeness,
    crosstable,
    finalaccounts,
    finalnarrative,
    grids,
    indicators,
    narrative,
    projects,
    prose,
    selfeval,
    selfeval_parts,
    wording,
)
