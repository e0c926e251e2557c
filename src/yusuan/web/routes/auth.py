"""Sign in and out, and a user's change of their own password."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from yusuan.web import store
from yusuan.web.db import User
from yusuan.web.deps import (
    ENDED,
    SESSION_ENDED,
    Config,
    Db,
    Form,
    MaybeUser,
    SignedIn,
    text_field,
)
from yusuan.web.error_pages import disk_full
from yusuan.web.errors import BadRequest
from yusuan.web.security import (
    LoginLimiter,
    log_in,
    log_out,
    needs_rehash,
    session_digest,
    verify_password,
)
from yusuan.web.templating import render
from yusuan.web.throttle import client_address

router = APIRouter(include_in_schema=False)
log = logging.getLogger("yusuan.web")
FAILED = "用户名或密码错误。"
DISABLED = "该账号已停用，请联系管理员。"
CHANGED = "password_changed"


@router.get("/login")
def login_page(request: Request, user: MaybeUser) -> Response:
    if user is not None:
        return RedirectResponse("/", status_code=303)
    ended = bool(request.session.pop(SESSION_ENDED, False))
    context = {"error": None, "username": "", "ended": ended, "ended_message": ENDED}
    return render(request, "login.html", context)


@router.post("/login")
def login(request: Request, form: Form, db: Db) -> Response:
    username = text_field(form, "username").strip()[:64]
    password = text_field(form, "password")[:1024]
    limiter: LoginLimiter = request.app.state.limiter
    client = client_address(request)
    limiter.check(username, client)
    user = db.scalar(select(User).where(User.username == username)) if username else None
    if not verify_password(user.password_hash if user else None, password) or user is None:
        limiter.fail(username, client)
        return render(request, "login.html", {"error": FAILED, "username": username}, 401)
    if user.disabled_at is not None:
        limiter.succeed(username, client)
        return render(request, "login.html", {"error": DISABLED, "username": username}, 403)
    session_version = user.session_version
    uid = user.id
    with _even_on_a_full_disk(db, "login bookkeeping"):
        limiter.succeed(username, client)
        if needs_rehash(user.password_hash):
            store.rehash_password(db, user, password)
        store.record_login(db, user)
    log_in(request.session, uid, session_version)
    return RedirectResponse("/", status_code=303)


@contextmanager
def _even_on_a_full_disk(db: Db, what: str) -> Iterator[None]:
    """Bookkeeping a sign-in can do without: on a full disk it is logged and skipped (the
    session is a signed cookie, nothing needs storing), so people can still sign in and read
    while the disk is full; anything else goes on up."""
    try:
        yield
    except Exception as exc:
        if not disk_full(exc):
            raise
        db.rollback()
        log.error("disk full: %s skipped: %s", what, exc)


@router.post("/logout")
def logout(request: Request, form: Form, db: Db, user: MaybeUser, settings: Config) -> Response:
    """Ends this session (a copy of its cookie is of no use afterwards); the user's sessions
    on other devices stay, unless「退出所有设备」(``everywhere``) ends them all."""
    digest = session_digest(request.session)
    if user is not None and text_field(form, "everywhere") == "1":
        store.end_sessions(db, user)
    elif user is not None and digest is not None:
        store.end_session(db, user, digest, settings.session_max_age)
    log_out(request.session)
    return RedirectResponse("/public", status_code=303)


@router.get("/account/password")
def password_page(request: Request, user: SignedIn) -> Response:
    done = bool(request.session.pop(CHANGED, False))
    return render(request, "account.html", {"done": done})


@router.post("/account/password")
def change_password(request: Request, form: Form, db: Db, user: SignedIn) -> Response:
    """The user's own password, changed after the current one is confirmed (wrong guesses
    count towards the login back-off); the user's other sessions are revoked, this one is
    renewed."""
    limiter: LoginLimiter = request.app.state.limiter
    client = client_address(request)
    limiter.check(user.username, client)
    if not verify_password(user.password_hash, text_field(form, "current")[:1024]):
        limiter.fail(user.username, client)
        raise BadRequest("当前密码不正确。")
    new = text_field(form, "password")
    if new != text_field(form, "confirm"):
        raise BadRequest("两次输入的新密码不一致。")
    store.set_password(db, user, user, new, "user.password_change")
    log_in(request.session, user.id, user.session_version)
    request.session[CHANGED] = True
    return RedirectResponse("/account/password", status_code=303)
