"""Every write, each with its audit row in the same transaction.

A function here changes the database, appends an :class:`~yusuan.web.db.AuditLog` row with
the object's state before and after, and commits — or rolls everything back. Package
changes check the version the user saw (optimistic locking): a stale one is a
:class:`~yusuan.web.errors.Conflict`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from yusuan.model import BudgetPackage
from yusuan.model.serialize import to_data
from yusuan.web import tallies, workflow
from yusuan.web.db import (
    DECISIONS,
    ROLES,
    UNIT_KINDS,
    ApiToken,
    AuditLog,
    Base,
    Decision,
    Derived,
    Package,
    PackageFile,
    Reply,
    RevokedSession,
    Unit,
    User,
    utcnow,
)
from yusuan.web.edge import has_control
from yusuan.web.errors import CONTROL, BadRequest, Conflict, ServiceUnavailable
from yusuan.web.passwords import check_password
from yusuan.web.security import hash_password, new_token, token_digest

T = TypeVar("T")
STALE = "该文件已被他人修改（您看到的是第 {seen} 版，当前为第 {now} 版），请刷新页面后重试。"
RACED = "他人刚刚提交了相同或冲突的操作（如同名、重复的更正稿或发布），请刷新页面后重试。"
MAX_TITLE = 200
MAX_REASON = 2000


def snapshot(obj: Base | None) -> dict[str, Any] | None:
    """An object's columns as JSON-ready data; a package's model by its digest, a user's
    password hash left out."""
    if obj is None:
        return None
    data: dict[str, Any] = {}
    for column in obj.__table__.columns:
        if column.key in ("password_hash", "token_sha256", "model_json"):
            continue  # (the model is recorded by its digest, a column: it is not loaded here)
        value = getattr(obj, column.key)
        data[column.key] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def _dump(data: dict[str, Any] | None) -> str | None:
    return None if data is None else json.dumps(data, ensure_ascii=False, sort_keys=True)


@contextmanager
def _transaction(session: Session) -> Iterator[None]:
    """One transaction; the loser of a race (a version bumped, a unique row taken by a
    concurrent request) gets a Chinese 409, a database too busy to take the write 503."""
    try:
        yield
        session.commit()
    except StaleDataError:
        session.rollback()
        raise Conflict("该文件刚刚被他人修改，请刷新页面后重试。") from None
    except IntegrityError:
        session.rollback()
        raise Conflict(RACED) from None
    except OperationalError as exc:
        session.rollback()
        if "locked" in str(exc.orig) or "could not obtain lock" in str(exc.orig):
            raise ServiceUnavailable("服务繁忙，请稍后再试（数据库正忙）。", 2) from None
        raise
    except BaseException:
        session.rollback()
        raise


def _audit(
    session: Session,
    actor: User | None,
    action: str,
    obj: Base,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    session.add(
        AuditLog(
            at=utcnow(),
            user_id=actor.id if actor else None,
            action=action,
            object_type=obj.__tablename__,
            object_id=getattr(obj, "id", None),
            before_json=_dump(before),
            after_json=_dump(after),
        )
    )


def _write(
    session: Session,
    actor: User | None,
    action: str,
    obj: T,
    change: Callable[[], None] | None = None,
    extra: dict[str, Any] | None = None,
    then: Callable[[], None] | None = None,
) -> T:
    """Apply ``change`` (or add ``obj`` when None), then ``then`` (rows that need ``obj``'s
    id), then audit it, in one transaction."""
    assert isinstance(obj, Base)
    with _transaction(session):
        if change is None:
            before = None
            session.add(obj)
        else:
            before = snapshot(obj)
            change()
        session.flush()
        if then is not None:
            then()
            session.flush()
        after = snapshot(obj)
        if after is not None and extra:
            after.update(extra)
        _audit(session, actor, action, obj, before, after)
    return obj


def _text(value: str, what: str, limit: int, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise BadRequest(f"请填写{what}。")
    if len(value) > limit:
        raise BadRequest(f"{what}过长（最多 {limit} 字）。")
    if has_control(value):
        raise BadRequest(f"{what}{CONTROL}")
    return value


def check_version(package: Package, seen: int) -> None:
    if package.version != seen:
        raise Conflict(STALE.format(seen=seen, now=package.version))


# --- units and users -----------------------------------------------------------------


def create_unit(
    session: Session, actor: User | None, name: str, kind: str, parent: Unit | None = None
) -> Unit:
    if kind not in UNIT_KINDS:
        raise BadRequest(f"单位类型应为{'、'.join(UNIT_KINDS)}之一。")
    unit = Unit(
        name=_text(name, "单位名称", 200), kind=kind, parent_id=parent.id if parent else None
    )
    return _write(session, actor, "unit.create", unit)


def create_user(
    session: Session,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    unit: Unit | None,
) -> User:
    if role not in ROLES:
        raise BadRequest(f"角色应为{'、'.join(ROLES)}之一。")
    username = _text(username, "用户名", 64)
    check_password(password, username)
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=role,
        unit_id=unit.id if unit else None,
        session_version=0,
    )
    return _write(session, actor, "user.create", user)


def set_password(session: Session, actor: User, user: User, password: str, action: str) -> None:
    """A new password (checked against the policy) for the user — their own change
    (``user.password_change``) or an administrator's reset (``user.password_reset``); every
    session of the user issued before is revoked, and every API token of theirs (a token
    made by whoever knew the old password must not outlive it), in the same transaction."""
    check_password(password, user.username)
    revoked: dict[str, Any] = {}  # the audit's note, filled once the tokens are revoked

    def change() -> None:
        user.password_hash = hash_password(password)
        user.session_version += 1

    def revoke_tokens() -> None:
        now = utcnow()
        live = session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        ).all()
        for row in live:
            row.revoked_at = now
        if live:
            revoked["revoked_tokens"] = [row.id for row in live]

    _write(session, actor, action, user, change, then=revoke_tokens, extra=revoked)


def set_disabled(session: Session, actor: User, user: User, disabled: bool) -> None:
    """Disable a user (no login; sessions revoked, API tokens refused) or enable them again."""
    if (user.disabled_at is not None) == disabled:
        raise Conflict("该用户已停用。" if disabled else "该用户未停用。")

    def change() -> None:
        user.disabled_at = utcnow() if disabled else None
        user.session_version += 1

    _write(session, actor, "user.disable" if disabled else "user.enable", user, change)


def end_sessions(session: Session, user: User) -> None:
    """「退出所有设备」: every session cookie of the user issued before stops working (copies
    included)."""

    def change() -> None:
        user.session_version += 1

    _write(session, user, "user.logout_all", user, change)


def end_session(session: Session, user: User, digest: str, max_age: int) -> None:
    """Logout: this session (by its id's digest) stops working — a copy of its cookie too —
    until its cookie would have expired anyway; the user's other sessions stay. Revocations
    past their expiry are deleted meanwhile."""
    now = utcnow()
    with _transaction(session):
        session.execute(delete(RevokedSession).where(RevokedSession.expires_at < now))
        if session.get(RevokedSession, digest) is None:
            expires = now + timedelta(seconds=max_age)
            session.add(RevokedSession(digest=digest, user_id=user.id, expires_at=expires))
        _audit(session, user, "user.logout", user, None, None)


def rehash_password(session: Session, user: User, password: str) -> None:
    """Store a stronger hash after a login with outdated parameters."""

    def change() -> None:
        user.password_hash = hash_password(password)

    _write(session, user, "user.rehash", user, change)


def record_login(session: Session, user: User) -> None:
    """An audit row for a successful login (nothing else changes)."""
    with _transaction(session):
        _audit(session, user, "user.login", user, None, None)


MAX_TOKEN_DAYS = 366


def create_token(session: Session, actor: User, name: str, days: int = 90) -> tuple[ApiToken, str]:
    """A new API token for the actor, valid ``days`` days; the token itself is returned once
    and never stored."""
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise BadRequest(f"有效期应在 1 到 {MAX_TOKEN_DAYS} 天之间。")
    token = new_token()
    now = utcnow()
    row = ApiToken(
        user_id=actor.id,
        name=_text(name, "令牌名称", 100),
        token_sha256=token_digest(token),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    return _write(session, actor, "token.create", row), token


def revoke_token(session: Session, actor: User, row: ApiToken) -> ApiToken:
    if row.revoked_at is not None:
        raise Conflict("该令牌已撤销。")

    def change() -> None:
        row.revoked_at = utcnow()

    return _write(session, actor, "token.revoke", row, change)


# --- packages ----------------------------------------------------------------------


def set_model(package: Package, pkg: BudgetPackage) -> None:
    """Store the model as JSON, with its digest."""
    text = json.dumps(to_data(pkg), ensure_ascii=False)
    package.model_json = text
    package.model_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    package.kind = f"{pkg.info.scope}{pkg.info.stage}"


def create_package(
    session: Session,
    actor: User | None,
    unit: Unit,
    pkg: BudgetPackage,
    source_name: str,
    title: str,
    year: int,
    original: bytes | None = None,
) -> Package:
    """A new draft; ``original`` (the uploaded file) is kept with it, in the same transaction."""
    now = utcnow()
    package = Package(
        unit_id=unit.id,
        year=year,
        title=_text(title, "标题", MAX_TITLE),
        status="draft",
        source_name=source_name[:255],
        created_at=now,
        updated_at=now,
    )
    set_model(package, pkg)
    digest = _file_digest(original)
    return _write(
        session,
        actor,
        "package.create",
        package,
        extra=digest,
        then=lambda: _keep_file(session, package, source_name, original, digest),
    )


def _file_digest(data: bytes | None, sha256: str | None = None) -> dict[str, Any] | None:
    """What the audit row says of the uploaded file (its bytes are in package_files)."""
    if data is None:
        return None
    digest = sha256 or hashlib.sha256(data).hexdigest()
    return {"source_sha256": digest, "source_bytes": len(data)}


def _keep_file(
    session: Session, package: Package, name: str, data: bytes | None, digest: dict[str, Any] | None
) -> None:
    """The package's uploaded file (its digest as :func:`_file_digest` gives it), replacing the
    one kept before."""
    session.execute(delete(PackageFile).where(PackageFile.package_id == package.id))
    if data is not None and digest is not None:
        session.add(
            PackageFile(
                package_id=package.id,
                name=name[:255],
                sha256=digest["source_sha256"],
                data=data,
                created_at=utcnow(),
            )
        )


def replace_model(
    session: Session,
    actor: User,
    package: Package,
    seen: int,
    pkg: BudgetPackage,
    source_name: str,
    original: bytes | None = None,
) -> Package:
    """A re-upload: the package's model (and kept file) replaced (draft or returned only)."""
    workflow.check_editable(package.status)
    check_version(package, seen)

    def change() -> None:
        set_model(package, pkg)
        package.source_name = source_name[:255]
        package.updated_at = utcnow()

    digest = _file_digest(original)
    return _write(
        session,
        actor,
        "package.replace",
        package,
        change,
        extra=digest,
        then=lambda: _keep_file(session, package, source_name, original, digest),
    )


def create_correction(session: Session, actor: User, old: Package, note: str) -> Package:
    """A new draft correcting a published package (its model copied), with the public note."""
    now = utcnow()
    package = Package(
        unit_id=old.unit_id,
        year=old.year,
        title=old.title,
        status="draft",
        model_json=old.model_json,
        model_sha256=old.model_sha256,
        kind=old.kind,
        source_name=old.source_name,
        created_at=now,
        updated_at=now,
        supersedes_id=old.id,
        change_note=_text(note, "更正说明", MAX_REASON),
    )

    def copy_file() -> None:
        kept = session.scalar(select(PackageFile).where(PackageFile.package_id == old.id))
        if kept is not None:
            digest = _file_digest(kept.data, kept.sha256)
            _keep_file(session, package, kept.name, kept.data, digest)

    return _write(session, actor, "package.correct", package, then=copy_file)


def edit_cells(
    session: Session,
    actor: User,
    package: Package,
    seen: int,
    pkg: BudgetPackage,
    table: str,
    changes: Sequence[dict[str, Any]] = (),
) -> Package:
    """Amounts edited in the browser: the package's model replaced (draft or returned only);
    the audit row names the table and each cell changed (row, column, old → new)."""
    workflow.check_editable(package.status)
    check_version(package, seen)

    def change() -> None:
        set_model(package, pkg)
        package.updated_at = utcnow()

    extra = {"table": table, "changes": list(changes)}
    return _write(session, actor, "package.edit_cells", package, change, extra=extra)


def edit_package(
    session: Session, actor: User, package: Package, seen: int, title: str, year: int
) -> Package:
    workflow.check_editable(package.status)
    check_version(package, seen)
    title = _text(title, "标题", MAX_TITLE)
    if not 1990 <= year <= 2100:
        raise BadRequest("年度应在 1990 到 2100 之间。")

    def change() -> None:
        package.title = title
        package.year = year
        package.updated_at = utcnow()

    return _write(session, actor, "package.edit", package, change)


def discard(session: Session, actor: User, package: Package, seen: int) -> None:
    """A draft never submitted, deleted with what was derived from it; the audit log keeps
    its before-state (the model's digest) and who discarded it."""
    if package.status != "draft":
        raise Conflict("只能删除尚未提交的草稿；已提交过的文件请退回修改或发起更正。")
    check_version(package, seen)
    with _transaction(session):
        before = snapshot(package)
        if session.scalar(select(Decision.id).where(Decision.package_id == package.id)):
            raise Conflict("该草稿已有审核处理记录，不能删除。")
        if _last(session, package, ("package.submit",)) is not None:  # withdrawn (撤回)
            raise Conflict(
                "该草稿曾提交审核（已撤回），审核记录须保留，不能删除；可修改后重新提交。"
            )
        session.execute(delete(Derived).where(Derived.package_id == package.id))
        session.execute(delete(PackageFile).where(PackageFile.package_id == package.id))
        _audit(session, actor, "package.discard", package, before, None)
        session.delete(package)


#: the public note of a package published while its unit had a current version of its year
#: and kind: it is published as a correction of that version
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


def _last(session: Session, package: Package, actions: Sequence[str]) -> int | None:
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
    submitted = _last(session, package, ("package.submit",))
    acted = _last(session, package, ("package.decide", "package.forward"))
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
