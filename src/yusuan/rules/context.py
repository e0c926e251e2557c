"""The context a rule runs in: the package, profile, catalogs and tolerance helpers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from yusuan.catalog import Catalogs
from yusuan.model import BudgetPackage, Source, Table, TableKind
from yusuan.money import Unit, group_amounts
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import REGISTRY

if TYPE_CHECKING:  # the profile module lists the rules; rules need only its type
    from yusuan.rules.profile import Profile

TAIL_NOTE = "（尾差，在四舍五入允许范围内）"


@dataclass
class Context:
    """Everything a rule needs. Rules call :meth:`finding` and :meth:`compare`."""

    package: BudgetPackage
    profile: Profile
    catalogs: Catalogs
    rule_id: str = ""
    memo: dict[str, object] = field(default_factory=dict)  # what rule families read once

    # -- tables -------------------------------------------------------------------------
    def table(self, kind: TableKind) -> Table | None:
        return self.package.table(kind)

    @property
    def year(self) -> int | None:
        return self.package.info.year

    def tolerance(self, unit: Unit) -> Decimal:
        """The 尾差 bound in a unit: a gap up to this is rounding, reported as info."""
        return self.profile.tolerance_wan if unit is Unit.WAN else self.profile.tolerance_yuan

    # -- findings -------------------------------------------------------------------------
    def finding(
        self,
        message: str,
        location: Source,
        *,
        stated: Decimal | str | None = None,
        expected: Decimal | str | None = None,
        difference: Decimal | None = None,
        severity: Severity | None = None,
        related: tuple[Source, ...] = (),
        unit: Unit | None = None,
    ) -> Finding:
        rule = REGISTRY[self.rule_id]
        sev = severity or rule.severity
        override = self.profile.severity.get(self.rule_id)
        if override and severity is not Severity.INFO:  # 尾差 and unknown codes stay info
            sev = Severity(override)
        return Finding(
            self.rule_id,
            sev,
            rule.category,
            group_amounts(message),  # 千分位 however the rule wrote its amounts
            location,
            stated,
            expected,
            difference,
            related,
            unit,
        )

    def compare(
        self,
        stated: Decimal | None,
        expected: Decimal | None,
        unit: Unit,
        message: str,
        location: Source,
        *,
        related: tuple[Source, ...] = (),
    ) -> Iterator[Finding]:
        """Yield a finding when ``stated`` ≠ ``expected``; a gap within tolerance is 尾差 (info)."""
        s = stated if stated is not None else Decimal(0)
        e = expected if expected is not None else Decimal(0)
        diff = s - e
        if diff == 0:
            return
        tail = abs(diff) <= self.tolerance(unit)
        yield self.finding(
            message + (TAIL_NOTE if tail else ""),
            location,
            stated=s,
            expected=e,
            difference=diff,
            severity=Severity.INFO if tail else None,
            related=related,
            unit=unit,
        )
