"""The handlers that render errors: pages get an HTML error page, ``/api`` gets
``{"detail": …}``; no traceback ever reaches the user (unexpected errors are logged and answered
with a Chinese 500)."""

from __future__ import annotations

import errno
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from yusuan.web.errors import CONTROL, LoginRequired, WebError

log = logging.getLogger("yusuan.web")

_DEFAULT_MESSAGES = {
    400: "请求有误。",
    401: "请先登录。",
    403: "没有权限执行此操作。",
    404: "页面或数据不存在。",
    405: "不支持该请求方式。",
    409: "操作与当前状态冲突，请刷新后重试。",
    413: "上传内容过大。",
    422: "请求数据有误。",
    429: "请求过于频繁，请稍后再试。",
    503: "服务繁忙，请稍后再试。",
    500: "服务器内部错误，请稍后重试或联系管理员。",
    507: "服务器存储空间不足。",
}


def _wants_json(request: Request) -> bool:
    """The API, and scripts of the pages that ask for JSON (the editor's preview)."""
    accept = request.headers.get("accept", "")
    return request.url.path.startswith("/api") or accept.startswith("application/json")


def error_response(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    from yusuan.web.templating import render

    _sign_in(request)
    return render(request, "error.html", {"status": status, "message": message}, status)


def _sign_in(request: Request) -> None:
    """Who is signed in, for an error answered before any route looked (a body refused for
    its size by the middleware): the page keeps its header — the user, 退出 — as every page."""
    if hasattr(request.state, "viewer") or "session" not in request.scope:
        return
    sessions = getattr(request.app.state, "sessions", None)
    current_user = getattr(request.app.state, "current_user", None)  # deps.current_user
    if sessions is None or current_user is None:
        return
    try:
        with sessions() as db:
            current_user(request, db)
    except Exception:  # an error page must render even when the database cannot answer
        log.warning("no user for the error page of %s", request.url.path, exc_info=True)


def _message(exc: HTTPException) -> str:
    if isinstance(exc, WebError):
        return exc.message
    return _DEFAULT_MESSAGES.get(exc.status_code, "请求无法完成。")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if isinstance(exc, LoginRequired) and not _wants_json(request):
        return RedirectResponse("/login", status_code=303)
    response = error_response(request, exc.status_code, _message(exc))
    if isinstance(exc, WebError) and exc.headers:
        response.headers.update(exc.headers)
    return response


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    fields = []
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path", "form")]
        fields.append("、".join(loc) or "请求")
    detail = "、".join(dict.fromkeys(fields))
    return error_response(request, 400, f"请求参数有误：{detail}。")


#: errno 28 (ENOSPC) and what SQLite and PostgreSQL say when their disk is full
_DISK_FULL = (
    "No space left on device",
    "database or disk is full",
    "DiskFull",
    "could not extend file",
)
DISK_FULL = "服务器磁盘空间已满，本次操作未能保存，请联系管理员清理空间后重试。"


def disk_full(exc: BaseException) -> bool:
    """Whether the error (or one of its causes) says the disk is full."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:  # the exception and its causes
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno == errno.ENOSPC:
            return True
        if any(s in f"{type(current).__name__}: {current}" for s in _DISK_FULL):
            return True
        current = current.__cause__ or current.__context__ or getattr(current, "orig", None)
    return False


async def _unexpected(request: Request, exc: Exception) -> Response:
    if disk_full(exc):
        log.error("disk full on %s %s: %s", request.method, request.url.path, exc)
        return error_response(request, 507, DISK_FULL)
    if "contain NUL" in str(exc):  # a NUL in a JSON body reaching PostgreSQL
        return error_response(request, 400, CONTROL)
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(request, 500, _DEFAULT_MESSAGES[500])


def install(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)
