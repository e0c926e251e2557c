"""Units, users, sessions and API tokens: each write with its audit row."""

from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from yusuan.web.db import (
    ROLES,
    UNIT_KINDS,
    ApiToken,
    RevokedSession,
    Unit,
    User,
    utcnow,
)
from yusuan.web.errors import BadRequest, Conflict
from yusuan.web.passwords import check_password
from yusuan.web.security import hash_password, new_token, token_digest
from yusuan.web.store.writes import (
    _audit,
    _text,
    _transaction,
    _write,
)


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
