"""A stored package's check: its findings, each with a stable key and the reviewers' latest
decision (accept = 确认问题, waive = 豁免 with a reason)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from yusuan.money import Unit
from yusuan.rules.findings import Finding, Severity
from yusuan.web.db import Decision, Package
from yusuan.web.derived import derived
from yusuan.web.present import Outline

DECISION_LABELS = {"accept": "确认问题", "waive": "豁免"}


def finding_keys(findings: tuple[Finding, ...]) -> list[str]:
    """Keys stable across re-checks of the same model: rule, place and message (and which
    occurrence, should two findings share all three)."""
    keys = []
    seen: dict[str, int] = {}
    for f in findings:
        raw = json.dumps([f.rule, f.location.as_dict(), f.message], ensure_ascii=False)
        key = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24]
        seen[key] = seen.get(key, 0) + 1
        keys.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return keys


@dataclass(frozen=True, slots=True)
class Reviewed:
    key: str
    finding: Finding
    decision: Decision | None
    #: the unit of the finding's amounts: as the rule says, else the unit of the table a
    #: finding on a table cell names (its stated/expected are that table's amounts)
    unit: Unit | None = None

    @property
    def blocking(self) -> bool:
        """An error not waived keeps the package from being approved."""
        waived = self.decision is not None and self.decision.decision == "waive"
        return self.finding.severity is Severity.ERROR and not waived


@dataclass(frozen=True)
class Review:
    summary: dict[str, int]
    outline: Outline
    findings: tuple[Reviewed, ...]

    @property
    def blocking(self) -> tuple[Reviewed, ...]:
        return tuple(r for r in self.findings if r.blocking)

    @property
    def waived(self) -> int:
        return sum(1 for r in self.findings if r.decision and r.decision.decision == "waive")

    def get(self, key: str) -> Reviewed | None:
        return next((r for r in self.findings if r.key == key), None)


def latest_decisions(session: Session, package_id: int) -> dict[str, Decision]:
    rows = session.scalars(
        select(Decision).where(Decision.package_id == package_id).order_by(Decision.id)
    )
    return {d.finding_key: d for d in rows}


def _unit(f: Finding, tables: dict[str, Unit]) -> Unit | None:
    if f.unit is not None:
        return f.unit
    amounts = [v for v in (f.stated, f.expected) if v is not None]
    if amounts and all(isinstance(v, Decimal) for v in amounts):
        return tables.get(f.location.table or "")
    return None


def review(session: Session, package: Package, profile_name: str) -> Review:
    result = derived(session, package, profile_name)
    decisions = latest_decisions(session, package.id)
    keys = finding_keys(result.findings)
    units = {t.title: Unit(t.unit) for t in result.outline.tables}
    reviewed = tuple(
        Reviewed(key, f, decisions.get(key), _unit(f, units))
        for key, f in zip(keys, result.findings, strict=True)
    )
    return Review(result.summary, result.outline, reviewed)


def finding(session: Session, package: Package, profile_name: str, key: str) -> Finding | None:
    """One finding of the package's stored check, by its key (None: not found — the file may
    have been replaced since the page was shown); decisions are not read."""
    found = derived(session, package, profile_name).findings
    return dict(zip(finding_keys(found), found, strict=True)).get(key)
