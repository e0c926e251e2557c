"""What is refused or adapted before any route sees a request: a path or query carrying
control characters (a NUL is an error in PostgreSQL's text) is a Chinese 400; HEAD is
answered as GET without the body."""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: C0 controls and DEL; tab, line feed and carriage return are allowed in query values
QUERY_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
PATH_CONTROL = re.compile(rb"[\x00-\x1f\x7f]")
CONTROL_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control(text: str) -> bool:
    """Whether submitted text carries a control character other than tab and line breaks."""
    return CONTROL_TEXT.search(text) is not None


class EdgeMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = unquote_to_bytes(scope.get("raw_path") or scope["path"].encode())
        query = unquote_to_bytes(scope.get("query_string", b""))
        if QUERY_CONTROL.search(query) or PATH_CONTROL.search(path):
            from starlette.requests import Request

            from yusuan.web.error_pages import error_response
            from yusuan.web.errors import CONTROL

            await error_response(Request(scope, receive), 400, CONTROL)(scope, receive, send)
            return
        if scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
