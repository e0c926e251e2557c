"""The built-in rules: every family imported, so that each registers itself.

Whoever runs or lists the rules imports them from here; :mod:`yusuan.rules.registry` stays a leaf
that the families import (a new family is one module and one line below).
"""

from __future__ import annotations

from yusuan.rules import (  # noqa: F401
    arithmetic,
    classification,
    completeness,
    crosstable,
    grids,
    indicators,
    narrative,
    projects,
    prose,
    selfeval,
    wording,
)
from yusuan.rules.final import counts, growth, items, procurement, rates  # noqa: F401
from yusuan.rules.registry import Rule, registered


def all_rules() -> list[Rule]:
    """Every built-in rule, by id."""
    return registered()
