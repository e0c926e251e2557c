"""A stored package's check: its findings, each with a stable key and the reviewers' latest
decision (accept = 确认问题, waive = 豁免 with a reason)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session

from yusuan.model.provenance import Source
from yusuan.money import Unit
from yusuan.rules.findings import Finding, Severity, amount_unit
from yusuan.web.db import Decision, Package
from yusuan.web.derived import derived
from yusuan.web.present import Outline

DECISION_LABELS = {"accept": "确认问题", "waive": "豁免"}


def finding_keys(findings: tuple[Finding, ...]) -> list[str]:
    """Keys stable across re-checks of the same model: rule, place and message (and which
    occurrence, should two findings share all three)."""
    return keys_of([(f.rule, f.location, f.message) for f in findings])


def keys_of(findings: Sequence[tuple[str, Source, str]]) -> list[str]:
    """:func:`finding_keys` of (rule, location, message) triples."""
    keys = []
    seen: dict[str, int] = {}
    for rule, location, message in findings:
        raw = json.dumps([rule, location.as_dict(), message], ensure_ascii=False)
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


def review(session: Session, package: Package, profile_name: str) -> Review:
    result = derived(session, package, profile_name)
    decisions = latest_decisions(session, package.id)
    keys = finding_keys(result.findings)
    units = {t.title: Unit(t.unit) for t in result.outline.tables}
    reviewed = tuple(
        Reviewed(key, f, decisions.get(key), amount_unit(f, units))
        for key, f in zip(keys, result.findings, strict=True)
    )
    return Review(result.summary, result.outline, reviewed)


def finding(session: Session, package: Package, profile_name: str, key: str) -> Finding | None:
    """One finding of the package's stored check, by its key (None: not found — the file may
    have been replaced since the page was shown); decisions are not read."""
    found = derived(session, package, profile_name).findings
    return dict(zip(finding_keys(found), found, strict=True)).get(key)


# --- the review page: findings filtered and grouped ---------------------------------------

#: what the findings can be grouped by, as the page names it
GROUPS = {"": "不分组", "severity": "级别", "table": "表格", "rule": "规则"}
NO_TABLE = "（不指向表格）"
#: the query parameters of a view of the findings (kept across decisions)
VIEW_KEYS = ("severity", "table", "rule", "group", "open")


@dataclass(frozen=True, slots=True)
class Group:
    label: str
    rows: tuple[Reviewed, ...]


@dataclass(frozen=True, slots=True)
class View:
    """The findings a reviewer asked to see: filtered by severity, table, rule and whether
    decided, grouped; with the choices each filter offers over all findings."""

    params: dict[str, str]
    groups: tuple[Group, ...]
    shown: int
    total: int
    tables: tuple[str, ...]
    rules: tuple[tuple[str, str], ...]

    @property
    def query(self) -> str:
        """The view as a query string (for links and redirects back to it)."""
        return urlencode({k: v for k, v in self.params.items() if v})


def table_of(r: Reviewed) -> str:
    return r.finding.location.table or NO_TABLE


def _rule_label(rule: str) -> str:
    from yusuan.rules.registry import REGISTRY

    known = REGISTRY.get(rule)
    return f"{rule} {known.title}" if known else rule


def view(checked: Review, params: Mapping[str, str]) -> View:
    """Filter and group ``checked``'s findings by the page's query parameters (unknown
    values select nothing more than they say: an unknown severity shows no finding)."""
    p = {k: (params.get(k) or "").strip()[:200] for k in VIEW_KEYS}
    if p["group"] not in GROUPS:
        p["group"] = ""
    rows = [
        r
        for r in checked.findings
        if (not p["severity"] or r.finding.severity.value == p["severity"])
        and (not p["table"] or table_of(r) == p["table"])
        and (not p["rule"] or r.finding.rule == p["rule"])
        and (not p["open"] or r.decision is None)
    ]
    key: Callable[[Reviewed], str] | None = {
        "severity": lambda r: r.finding.severity.label,
        "table": table_of,
        "rule": lambda r: _rule_label(r.finding.rule),
    }.get(p["group"])
    groups: tuple[Group, ...]
    if key is None:
        groups = (Group("", tuple(rows)),) if rows else ()
    else:
        order: dict[str, list[Reviewed]] = {}
        if p["group"] == "severity":  # most severe first
            rows.sort(key=lambda r: -r.finding.severity.rank)
        for r in rows:
            order.setdefault(key(r), []).append(r)
        groups = tuple(Group(label, tuple(members)) for label, members in order.items())
    tables = tuple(dict.fromkeys(table_of(r) for r in checked.findings))
    rules = tuple(
        (rule, _rule_label(rule)) for rule in sorted({r.finding.rule for r in checked.findings})
    )
    return View(p, groups, len(rows), len(checked.findings), tables, rules)


def view_query(raw: str) -> str:
    """A view posted back with a decision (the page's query string), reduced to the view's
    own parameters: what the redirect after the decision may carry."""
    kept = [(k, v[:200]) for k, v in parse_qsl(raw[:2000]) if k in VIEW_KEYS and v]
    return urlencode(kept)
