"""待我审核: the submitted packages waiting for one reviewer's decision — at a step of the
review chain the reviewer takes, in the reviewer's scope — with their open (undecided)
findings per severity and the review deadline, oldest first."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from yusuan.model.provenance import Source
from yusuan.model.serialize import from_data
from yusuan.web import authz, chain
from yusuan.web.db import AuditLog, Decision, Package, Unit, User
from yusuan.web.deadlines import _day
from yusuan.web.derived import derived, stored_checks
from yusuan.web.review import keys_of

#: the audit actions that hand a package to a step (its clock starts then)
HANDED = ("package.submit", "package.forward")


@dataclass(frozen=True, slots=True)
class Waiting:
    package: Package
    unit: str
    stage: str
    since: datetime
    due: date
    days_left: int
    #: undecided findings per severity (error, warning, info)
    open: dict[str, int]

    @property
    def step(self) -> str:
        return chain.STEP_LABELS.get(self.stage, self.stage)

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def label(self) -> str:
        if self.days_left < 0:
            return f"已超期 {-self.days_left} 天"
        return f"剩 {self.days_left} 天" if self.days_left else "今天到期"


def _handed(session: Session, ids: list[int]) -> dict[int, datetime]:
    """When each package was last handed to its current step."""
    if not ids:
        return {}
    last = (
        select(AuditLog.object_id, func.max(AuditLog.id).label("last"))
        .where(
            AuditLog.object_type == "packages",
            AuditLog.object_id.in_(ids),
            AuditLog.action.in_(HANDED),
        )
        .group_by(AuditLog.object_id)
        .subquery()
    )
    rows = session.execute(
        select(AuditLog.object_id, AuditLog.at).join(last, AuditLog.id == last.c.last)
    )
    return {int(pid): at for pid, at in rows if pid is not None}


def open_counts(
    session: Session, packages: Sequence[Package], profile: str
) -> dict[int, dict[str, int]]:
    """Each package's undecided findings counted per severity: the stored rows and every
    decision read in two queries; a package nobody has decided on is counted from its row's
    totals, the others' findings decoded only as far as their keys need."""
    ids = [p.id for p in packages]
    stored = stored_checks(session, packages, profile)
    decided: dict[int, set[str]] = {}
    for pid, key in session.execute(
        select(Decision.package_id, Decision.finding_key).where(Decision.package_id.in_(ids))
    ):
        decided.setdefault(pid, set()).add(key)
    out = {}
    for package in packages:
        if package.id in stored and package.id not in decided:
            out[package.id] = stored[package.id][1]  # nothing decided: every finding is open
            continue
        if package.id in stored:
            found = [
                (f["rule"], from_data(Source, f["location"]), f["message"], f["severity"])
                for f in json.loads(stored[package.id][0])
            ]
        else:
            result = derived(session, package, profile).findings
            found = [(f.rule, f.location, f.message, f.severity.value) for f in result]
        keys = keys_of([(rule, where, message) for rule, where, message, _ in found])
        counts = {"error": 0, "warning": 0, "info": 0}
        for key, (*_, severity) in zip(keys, found, strict=True):
            if key not in decided.get(package.id, ()):
                counts[severity] += 1
        out[package.id] = counts
    return out


def waiting(
    session: Session,
    user: User,
    steps: tuple[str, ...],
    profile: str,
    review_days: int,
    now: datetime,
) -> list[Waiting]:
    """The packages waiting for ``user``, oldest first."""
    mine = chain.waiting_for(steps, user)
    if not mine:
        return []
    query = select(Package).where(Package.status == "submitted")
    units = authz.scope(session, user)
    if units is not None:
        query = query.where(Package.unit_id.in_(units))
    within = chain.departments(session)
    packages = [
        p
        for p in session.scalars(query)
        if chain.stage(session, steps, p, within) in mine
        and chain.turn(session, steps, user, p, "approve", within)
    ]
    ids = [p.id for p in packages]
    handed = _handed(session, ids)
    names = {u.id: u.name for u in session.scalars(select(Unit))}
    counts = open_counts(session, packages, profile)
    out = []
    for p in packages:
        since = handed.get(p.id, p.updated_at)
        due = _day(since) + timedelta(days=review_days)
        stage = chain.stage(session, steps, p, within) or ""
        out.append(
            Waiting(
                p, names.get(p.unit_id, ""), stage, since, due, (due - _day(now)).days, counts[p.id]
            )
        )
    return sorted(out, key=lambda w: (w.since, w.package.id))
