"""Sign in and out."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from yusuan.web import store
from yusuan.web.db import User
from yusuan.web.deps import Db, Form, MaybeUser, text_field
from yusuan.web.security import LoginLimiter, log_in, log_out, needs_rehash, verify_password
from yusuan.web.templating import render

router = APIRouter(include_in_schema=False)
FAILED = "用户名或密码错误。"


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/login")
def login_page(request: Request, user: MaybeUser) -> Response:
    if user is not None:
        return RedirectResponse("/", status_code=303)
    return render(request, "login.html", {"error": None, "username": ""})


@router.post("/login")
def login(request: Request, form: Form, db: Db) -> Response:
    username = text_field(form, "username").strip()[:64]
    password = text_field(form, "password")[:1024]
    limiter: LoginLimiter = request.app.state.limiter
    client = _client(request)
    limiter.check(username, client)
    user = db.scalar(select(User).where(User.username == username)) if username else None
    if not verify_password(user.password_hash if user else None, password) or user is None:
        limiter.fail(username, client)
        return render(request, "login.html", {"error": FAILED, "username": username}, 401)
    limiter.succeed(username, client)
    if needs_rehash(user.password_hash):
        store.rehash_password(db, user, password)
    store.record_login(db, user)
    log_in(request.session, user.id)
    return RedirectResponse("/", status_code=303)


@router.post("/logout")
def logout(request: Request, form: Form) -> Response:
    log_out(request.session)
    return RedirectResponse("/public", status_code=303)
