"""Decisions on findings and the threads of replies under them."""

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from yusuan.web import workflow
from yusuan.web.db import (
    DECISIONS,
    Decision,
    Package,
    Reply,
    User,
    utcnow,
)
from yusuan.web.errors import BadRequest, Conflict
from yusuan.web.store.writes import (
    MAX_REASON,
    _audit,
    _text,
    _transaction,
    _write,
    check_version,
    snapshot,
)

MAX_REPLY = 500


def reply(session: Session, actor: User, package: Package, finding_key: str, text: str) -> Reply:
    """A message in a finding's thread (the filer's reply, a reviewer's answer); not on a
    published package."""
    if package.status == "published":
        raise Conflict("已发布的文件不再回复审核发现；如有错误请发起更正。")
    row = Reply(
        package_id=package.id,
        finding_key=finding_key,
        user_id=actor.id,
        text=_text(text, "回复内容", MAX_REPLY),
        at=utcnow(),
    )
    return _write(session, actor, "reply.create", row)


def decide(
    session: Session,
    actor: User,
    package: Package,
    seen: int,
    finding_key: str,
    decision: str,
    reason: str,
    stage: str | None = None,
) -> Decision:
    """Record a reviewer's decision on a finding; the package's version moves on with it."""
    return decide_many(session, actor, package, seen, (finding_key,), decision, reason, stage)[0]


def decide_many(
    session: Session,
    actor: User,
    package: Package,
    seen: int,
    finding_keys: Sequence[str],
    decision: str,
    reason: str,
    stage: str | None = None,
    described: Mapping[str, dict[str, Any]] | None = None,
) -> list[Decision]:
    """One decision (and one reason) on several findings at once, in one transaction: a row
    and an audit entry naming its finding for each (its key and, from ``described``, its
    rule, message and place); the package's version moves on once. ``stage``: the review
    chain's step it is made at."""
    workflow.check_decidable(package.status)
    check_version(package, seen)
    if decision not in DECISIONS:
        raise BadRequest("处理方式应为「确认问题」或「豁免」。")
    if not finding_keys:
        raise BadRequest("请先勾选要处理的审核发现。")
    reason = _text(reason, "豁免理由", MAX_REASON, required=decision == "waive")
    at = utcnow()
    rows = []
    with _transaction(session):
        before = snapshot(package)
        package.updated_at = at
        for finding_key in finding_keys:
            row = Decision(
                package_id=package.id,
                finding_key=finding_key,
                decision=decision,
                reason=reason or None,
                user_id=actor.id,
                at=at,
                stage=stage,
            )
            session.add(row)
            session.flush()
            _audit(session, actor, "decision.create", row, None, snapshot(row))
            after = snapshot(package)
            assert after is not None
            after["decision"] = {
                "finding_key": finding_key,
                "decision": decision,
                "reason": reason,
                **((described or {}).get(finding_key) or {}),
            }
            _audit(session, actor, "package.decide", package, before, after)
            rows.append(row)
    return rows
