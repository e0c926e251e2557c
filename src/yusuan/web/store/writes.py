"""The write machinery: one transaction per write with its audit row (the object before and
after), the loser of a race a Chinese 409, text fields checked."""

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from yusuan.web.db import (
    AuditLog,
    Base,
    Package,
    User,
    utcnow,
)
from yusuan.web.edge import has_control
from yusuan.web.errors import CONTROL, BadRequest, Conflict, ServiceUnavailable

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
