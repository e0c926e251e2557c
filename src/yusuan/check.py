"""Run the rules over a package."""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from functools import cache

from yusuan.catalog import Catalogs
from yusuan.model import BudgetPackage
from yusuan.rules.builtin import all_rules
from yusuan.rules.context import Context
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.profile import Profile, load_profile
from yusuan.rules.review import review

#: the rules' arithmetic: amounts are at most 20 integer digits (:mod:`yusuan.money`), so 50
#: significant digits are exact for any sum, conversion or rounding of them; a number from
#: prose no reader bounded (a 40-digit run in a sentence) gives NaN or Infinity, which
#: compares unequal, instead of raising InvalidOperation or Overflow out of a rule
ARITHMETIC = decimal.Context(
    prec=50,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.DivisionByZero],
)


@cache
def _default_profile() -> Profile:
    return load_profile("default")


@dataclass(frozen=True)
class CheckResult:
    """A package and its findings."""

    package: BudgetPackage
    findings: tuple[Finding, ...]
    not_run: tuple[str, ...] = ()  # rules that need the whole package, on a part of one

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def summary(self) -> dict[str, int]:
        return {s.value: self.count(s) for s in Severity}


def check_package(
    package: BudgetPackage,
    profile: Profile | None = None,
    catalogs: Catalogs | None = None,
    only: set[str] | None = None,
) -> CheckResult:
    """Run every enabled rule; findings in document order, most severe first within a place."""
    profile = profile or _default_profile()
    catalogs = catalogs or Catalogs.default()
    ctx = Context(package, profile, catalogs)
    findings: list[Finding] = []
    not_run: list[str] = []
    with decimal.localcontext(ARITHMETIC):
        for r in all_rules():
            if r.id in profile.disabled or (only is not None and r.id not in only):
                continue
            if package.info.stage not in r.applies_to:
                continue
            lone = r.category == "cross-table" and len(package.tables) < 2
            if package.info.partial and (r.whole or lone):
                not_run.append(r.id)
                continue
            ctx.rule_id = r.id
            findings.extend(r.func(ctx))
    findings = review(findings, package)  # OCR'd numbers read with low confidence
    findings.sort(
        key=lambda f: (f.location.page or 0, f.location.line or 0, -f.severity.rank, f.rule)
    )
    return CheckResult(package, tuple(findings), tuple(not_run))
