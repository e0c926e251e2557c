"""A package moved along the workflow: submit, 撤回, the review chain's steps, approval,
publication (replacing the current version, moving the portal's tallies)."""

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from yusuan.web import tallies, workflow
from yusuan.web.db import (
    AuditLog,
    Package,
    User,
    utcnow,
)
from yusuan.web.errors import Conflict
from yusuan.web.store.writes import (
    MAX_REASON,
    _audit,
    _text,
    _write,
    check_version,
    snapshot,
)

REPLACES = "本文件替代此前发布的第 {old} 号文件（同一单位同一年度的{kind}，重新审核通过后发布）。"
KIND_CLASH = (
    "该文件是第 {target} 号文件的更正稿，但其类型（{kind}）与之不同，而本单位 {year} 年已有"
    "发布的{kind}（第 {current} 号）。请在第 {current} 号文件上发起更正。"
)


def current_version(session: Session, package: Package) -> Package | None:
    """The current published version of the package's unit, year and kind (itself excluded)."""
    return session.scalar(
        select(Package).where(
            Package.unit_id == package.unit_id,
            Package.year == package.year,
            Package.kind == package.kind,
            Package.status == "published",
            Package.superseded_at.is_(None),
            Package.id != package.id,
        )
    )


def _supersede(
    session: Session, actor: User | None, package: Package, now: datetime
) -> Package | None:
    """Before ``package`` is published: the version it replaces stops being current — the
    version it corrects, else the current one of its unit, year and kind, of which it then
    becomes a correction (with a public note saying so). One current version each, always
    (the database's ``ux_packages_current`` refuses a second)."""
    current = current_version(session, package)
    target = session.get(Package, package.supersedes_id) if package.supersedes_id else None
    if target is not None and target.status == "published" and target.superseded_at is None:
        if current is not None and current.id != target.id:
            raise Conflict(
                KIND_CLASH.format(
                    target=target.id, kind=package.kind, year=package.year, current=current.id
                )
            )
        replaced = target
    elif current is not None:
        replaced = current
    else:
        return None
    before = snapshot(replaced)
    replaced.superseded_at = now
    session.flush()  # no longer current before the new version becomes so
    _audit(session, actor, "package.supersede", replaced, before, snapshot(replaced))
    if replaced is not target:  # (set after the flush: the package is written once)
        package.supersedes_id = replaced.id
        package.change_note = package.change_note or REPLACES.format(
            old=replaced.id, kind=replaced.kind
        )
    return replaced


def transition(
    session: Session,
    actor: User | None,
    package: Package,
    seen: int,
    action: str,
    reason: str = "",
    files: Callable[[], None] | None = None,
    fact: tallies.Fact | None = None,
    stage: str | None = None,
    step: str | None = None,
) -> Package:
    """Move the package along the workflow; a return needs a reason (kept in the audit row).
    Publishing replaces the current version of the unit, year and kind (:func:`_supersede`),
    moves the portal's statistics from that version to this one (``fact``: what it counts;
    without it, counted at the next statistics view) and adds the ``files`` rows (the
    published downloads), all in the same transaction. ``stage``: the review chain's first
    step (on submit); ``step``: the step approved or returned at (kept in the audit row). A
    withdrawal (撤回) is refused once a reviewer has decided anything."""
    t = workflow.transition(package.status, action)
    check_version(package, seen)
    reason = _text(reason, "退回原因", MAX_REASON, required=t.needs_reason)
    if action == "withdraw" and not withdrawable(session, package):
        raise Conflict(WITHDRAW_LATE)
    extra: dict[str, Any] = {"reason": reason} if reason else {}
    if step:
        extra["step"] = step

    def change() -> None:
        now = utcnow()
        package.review_stage = stage if t.target == "submitted" else None
        replaced = _supersede(session, actor, package, now) if t.target == "published" else None
        package.status = t.target
        package.updated_at = now
        if t.target == "approved":
            package.approved_at = now
        if t.target == "published":
            package.published_at = now
            # (after every change of the package: the tallies' statements flush it, once)
            if replaced is not None:
                tallies.uncount(session, replaced)
            tallies.count(session, package, fact)

    return _write(
        session,
        actor,
        f"package.{action}",
        package,
        change,
        extra=extra or None,
        then=files,
    )


WITHDRAW_LATE = "审核人已开始处理该文件（已有审核意见），不能撤回；如需修改，请联系审核人退回。"


def last_action(session: Session, package: Package, actions: Sequence[str]) -> int | None:
    """The id of the package's latest audit row of one of ``actions``."""
    return session.scalar(
        select(AuditLog.id)
        .where(
            AuditLog.object_type == "packages",
            AuditLog.object_id == package.id,
            AuditLog.action.in_(actions),
        )
        .order_by(AuditLog.id.desc())
        .limit(1)
    )


def withdrawable(session: Session, package: Package) -> bool:
    """A submitted package no reviewer has decided on since it was last submitted: no
    decision, no step approved."""
    if package.status != "submitted":
        return False
    submitted = last_action(session, package, ("package.submit",))
    acted = last_action(session, package, ("package.decide", "package.forward"))
    return submitted is not None and (acted is None or acted < submitted)


def forward(
    session: Session, actor: User, package: Package, seen: int, step: str, next_step: str
) -> Package:
    """A step of the review chain approved: the package goes on to the next step (still
    submitted); the audit row names both."""
    workflow.transition(package.status, "approve")
    check_version(package, seen)

    def change() -> None:
        package.review_stage = next_step
        package.updated_at = utcnow()

    extra = {"step": step, "next": next_step}
    return _write(session, actor, "package.forward", package, change, extra=extra)
