"""Findings: what a rule reports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from yusuan.model.provenance import Source
from yusuan.money import Unit


class Severity(str, Enum):
    """Severity of a finding, most severe first."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found: rule, severity, Chinese message, where, stated vs expected."""

    rule: str
    severity: Severity
    category: str
    message: str
    location: Source
    stated: Decimal | str | None = None
    expected: Decimal | str | None = None
    difference: Decimal | None = None
    related: tuple[Source, ...] = field(default=())
    #: the money unit of stated/expected/difference when they are amounts compared in one
    #: unit (None: not amounts, or the rule does not say)
    unit: Unit | None = None

    def as_dict(self) -> dict[str, object]:
        """The JSON contract's finding object."""

        def num(v: Decimal | str | None) -> str | None:
            return None if v is None else str(v)

        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "category": self.category,
            "message": self.message,
            "location": self.location.as_dict(),
            "stated": num(self.stated),
            "expected": num(self.expected),
            "difference": num(self.difference),
            "related": [r.as_dict() for r in self.related],
        }


def amount_unit(f: Finding, tables: Mapping[str, Unit]) -> Unit | None:
    """The money unit a finding's stated/expected/difference are in: the one the rule gave, else
    the unit of the table the finding points at when its values are numbers (``tables``: title
    → unit); None when they are not amounts known to be money (a score, a rate, an indicator's
    value, a text)."""
    if f.unit is not None:
        return f.unit
    amounts = [v for v in (f.stated, f.expected) if v is not None]
    if amounts and all(isinstance(v, Decimal) for v in amounts):
        return tables.get(f.location.table or "")
    return None
