"""Request body limits, enforced before and while the body is read.

A declared ``Content-Length`` over the limit is refused at once, without reading; a body that
grows past it (chunked, or lying about its length) is cut off at the limit. Upload routes get
the upload limit plus room for the form around the file; every other request the form limit.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from yusuan.web.errors import PayloadTooLarge

#: room for the multipart framing and the other fields of an upload form
FORM_OVERHEAD = 64 * 1024


def too_large_message(limit: int) -> str:
    return f"上传的文件超过大小上限（{limit / 1048576:g} MB），未保存任何内容。"


class BodyLimitMiddleware:
    """Raises :class:`PayloadTooLarge` (413) from ``receive`` once the body is too large.

    ``limit_for(path)`` gives the byte limit for a request path and the message to refuse with.
    """

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], tuple[int, str]]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit, message = self.limit_for(scope["path"])
        error = PayloadTooLarge(message)
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > limit:
                    await _refuse(scope, receive, send, error)
                    return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise error
            return message

        await self.app(scope, limited, send)


async def _refuse(scope: Scope, receive: Receive, send: Send, error: PayloadTooLarge) -> None:
    from starlette.requests import Request

    from yusuan.web.error_pages import error_response

    response = error_response(Request(scope, receive), error.status_code, error.message)
    response.headers["Connection"] = "close"
    await response(scope, receive, send)
