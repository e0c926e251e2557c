"""A stored package's check: its findings, each with a stable key and the reviewers' latest
decision (accept = 确认问题, waive = 豁免 with a reason)."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from yusuan.check import CheckResult, check_package
from yusuan.model import BudgetPackage
from yusuan.model.serialize import from_data
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.profile import Profile, load_profile
from yusuan.web.db import Decision, Package

DECISION_LABELS = {"accept": "确认问题", "waive": "豁免"}


@cache
def profile(name: str) -> Profile:
    return load_profile(name)


def model(package: Package) -> BudgetPackage:
    """The stored model (``to_data`` JSON) as a :class:`BudgetPackage`."""
    return from_data(BudgetPackage, json.loads(package.model_json))


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

    @property
    def blocking(self) -> bool:
        """An error not waived keeps the package from being approved."""
        waived = self.decision is not None and self.decision.decision == "waive"
        return self.finding.severity is Severity.ERROR and not waived


@dataclass(frozen=True)
class Review:
    result: CheckResult
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


_CHECKED: OrderedDict[tuple[str, int, int, str], CheckResult] = OrderedDict()
_CHECKED_SIZE = 512


def checked(session: Session, package: Package, profile_name: str) -> CheckResult:
    """The check of a package version: a version's model never changes (every edit bumps the
    version), so it is checked once per database and kept (least recently used dropped first)."""
    bind = session.get_bind()
    url = str(bind.engine.url)
    key = (url, package.id, package.version, profile_name)
    result = _CHECKED.get(key)
    if result is None:
        result = check_package(model(package), profile(profile_name))
        _CHECKED[key] = result
        if len(_CHECKED) > _CHECKED_SIZE:
            _CHECKED.popitem(last=False)
    else:
        _CHECKED.move_to_end(key)
    return result


def review(session: Session, package: Package, profile_name: str) -> Review:
    result = checked(session, package, profile_name)
    decisions = latest_decisions(session, package.id)
    keys = finding_keys(result.findings)
    reviewed = tuple(
        Reviewed(key, f, decisions.get(key)) for key, f in zip(keys, result.findings, strict=True)
    )
    return Review(result, reviewed)
