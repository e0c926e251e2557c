"""FastAPI dependencies: the database session, the signed-in user, CSRF-checked forms."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Annotated

import anyio
from fastapi import Depends, Path, Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException

from yusuan.web.db import ApiToken, RevokedSession, User, utcnow
from yusuan.web.edge import has_control
from yusuan.web.errors import CONTROL, BadRequest, InvalidToken, LoginRequired, WebError
from yusuan.web.jobs import Runner
from yusuan.web.security import (
    CSRF_FIELD,
    bearer,
    check_csrf,
    session_current,
    session_digest,
    session_user_id,
    token_digest,
)
from yusuan.web.settings import Settings
from yusuan.web.templating import Viewer, when

#: the largest integer a database column holds (identifiers, versions, years)
MAX_INT = 2**31 - 1
#: an identifier in a path: anything else is a Chinese 400, not a database overflow
Id = Annotated[int, Path(ge=0, le=MAX_INT)]


def get_db(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as session:
        yield session


def get_settings(request: Request) -> Settings:
    settings = request.app.state.settings
    assert isinstance(settings, Settings)
    return settings


Db = Annotated[Session, Depends(get_db)]
Config = Annotated[Settings, Depends(get_settings)]


def _disconnected(request: Request) -> bool:
    """Whether the client has gone (asked of the event loop from a request's worker thread)."""
    try:
        return bool(anyio.from_thread.run(request.is_disconnected))
    except RuntimeError:  # not on a thread of the event loop (a direct call): not known
        return False


def get_runner(request: Request) -> Runner:
    runner = request.app.state.jobs
    assert isinstance(runner, Runner)
    return runner


Jobs = Annotated[Runner, Depends(get_runner)]


def client_gone(request: Request) -> Callable[[], bool]:
    """Asks whether the request's client has gone (nothing is queued for it then)."""
    return lambda: _disconnected(request)


Gone = Annotated[Callable[[], bool], Depends(client_gone)]


def _token_user(db: Session, token: str) -> User:
    row = db.scalar(select(ApiToken).where(ApiToken.token_sha256 == token_digest(token)))
    user = db.get(User, row.user_id) if row is not None else None
    if row is None or user is None:
        raise InvalidToken("接口令牌无效或已撤销。")
    if row.revoked_at is not None:  # by its owner, or with a password change or reset
        raise InvalidToken(
            f"接口令牌已于 {when(row.revoked_at)} 撤销（由令牌所有者撤销，或因修改、重设密码"
            "而失效），请在「接口令牌」页面创建新令牌。"
        )
    if row.expires_at <= utcnow():
        raise InvalidToken(
            f"接口令牌已过期（有效期至 {when(row.expires_at)}），请在「接口令牌」页面创建新令牌。"
        )
    if user.disabled_at is not None:
        raise InvalidToken("该接口令牌所属的账号已停用。")
    return user


def current_user(request: Request, db: Db) -> User | None:
    """The user of a valid bearer token (machine clients) or of the session cookie."""
    # tokens are for the API; on pages an Authorization header (a proxy's Basic auth, a
    # stale token) is none of our business and the session cookie decides
    api = request.url.path.startswith("/api")
    token = bearer(request.headers.get("authorization")) if api else None
    if token is not None:
        user: User | None = _token_user(db, token)
        request.state.viewer = Viewer.of(user)
        request.state.by_token = True
        return user
    uid = session_user_id(request.session)
    user = db.get(User, uid) if uid is not None else None
    digest = session_digest(request.session)
    if user is not None and (
        user.disabled_at is not None
        or not session_current(request.session, user.session_version)
        or digest is None
        or db.get(RevokedSession, digest) is not None
    ):
        user = None  # signed out, password changed or disabled since the cookie was issued
    if uid is not None and user is None:
        request.session.clear()  # the account is gone, or the session revoked
        request.session[SESSION_ENDED] = True  # told once, on the login page
        request.state.session_ended = True
    request.state.viewer = Viewer.of(user)
    return user


#: the session flag the login page reads: "your sign-in was ended", shown once
SESSION_ENDED = "session_ended"
ENDED = "登录已失效（已退出登录、密码已修改或重设、或账号已停用），请重新登录。"


MaybeUser = Annotated[User | None, Depends(current_user)]


def require_user(request: Request, user: MaybeUser) -> User:
    if user is None:
        ended = getattr(request.state, "session_ended", False)
        raise LoginRequired(ENDED if ended else "请先登录。")
    return user


SignedIn = Annotated[User, Depends(require_user)]


def require_token_user(request: Request, user: MaybeUser) -> User:
    """API writes: a bearer token only. A session cookie is not accepted there, so a page
    elsewhere cannot make the browser write through the API (no CSRF token is needed)."""
    if user is None or not getattr(request.state, "by_token", False):
        raise LoginRequired(
            "写操作须在请求头 Authorization: Bearer 中提供接口令牌（在「接口令牌」页面创建）。"
        )
    return user


TokenUser = Annotated[User, Depends(require_token_user)]


def _csrf_form(max_fields: int) -> Callable[[Request], AsyncIterator[FormData]]:
    async def dependency(request: Request) -> AsyncIterator[FormData]:
        """The posted form, after its CSRF token has been checked (403 otherwise)."""
        try:
            form = await request.form(max_files=1, max_fields=max_fields)
        except WebError:  # the body limit (413) and the like: as they are
            raise
        except (MultiPartException, HTTPException):  # too many fields, a malformed body
            raise BadRequest("表单数据无法解析（字段过多或格式有误），请刷新页面后重试。") from None
        try:
            check_csrf(request.session, form.get(CSRF_FIELD))
            if any(isinstance(v, str) and has_control(v) for v in form.values()):
                raise BadRequest(CONTROL)
            yield form
        finally:
            await form.close()

    return dependency


csrf_form = _csrf_form(50)
#: the table editor posts one field per amount cell
csrf_grid_form = _csrf_form(5000)

#: a batch decision posts one field per ticked finding
csrf_batch_form = _csrf_form(600)

Form = Annotated[FormData, Depends(csrf_form)]
GridForm = Annotated[FormData, Depends(csrf_grid_form)]
BatchForm = Annotated[FormData, Depends(csrf_batch_form)]


def text_field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def int_field(form: FormData, name: str, what: str, required: bool = True) -> int | None:
    raw = text_field(form, name).strip()
    if not raw:
        if required:
            raise BadRequest(f"缺少{what}。")
        return None
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{what}应为整数，收到「{raw[:20]}」。") from None
    if not -MAX_INT <= value <= MAX_INT:
        raise BadRequest(f"{what}超出范围：「{raw[:20]}」。")
    return value


def version_field(form: FormData) -> int | None:
    """The package version the user saw; its absence is refused after authorization (a
    stranger learns nothing), by :func:`actions._version`."""
    return int_field(form, "version", "版本号", required=False)


def file_field(form: FormData, name: str = "file") -> UploadFile | None:
    """The uploaded file, if one was chosen (:func:`actions.read_upload` asks for it)."""
    value = form.get(name)
    return value if isinstance(value, UploadFile) and value.filename else None
