"""The built-in rules: every family imported, so that each registers itself.

Whoever runs or lists the rules imports them from here; :mod:`yusuan.rules.registry` stays a leaf
that the families import. A new family is one module and one line in :data:`FAMILIES`.
"""

from __future__ import annotations

from importlib import import_module

from yusuan.rules.registry import Rule, registered

#: the rule families, as modules under ``yusuan.rules``
FAMILIES = (
    "completeness",
    "arithmetic",
    "crosstable",
    "classification",
    "narrative",
    "projects",
    "indicators",
    "grids",
    "wording",
    "selfeval",
    "selfeval_parts",
    "scored_prose",
    "prose.growth",
    "prose.parts",
    "prose.budget",
    "prose.restated",
    "prose.counts",
    "prose.balance",
    "prose.chains",
    "prose.units",
    "prose.adjusted",
    "final.rates",
    "final.counts",
    "final.procurement",
    "final.items",
)

for _family in FAMILIES:
    import_module(f"yusuan.rules.{_family}")


def all_rules() -> list[Rule]:
    """Every built-in rule, by id."""
    return registered()
