"""HTTP errors with Chinese messages (a leaf: the handlers that render them are in
:mod:`yusuan.web.error_pages`)."""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException

log = logging.getLogger("yusuan.web")


class WebError(HTTPException):
    """An error with a Chinese message for the user."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(self.status, message)
        self.message = message


class BadRequest(WebError):
    status = 400


class LoginRequired(WebError):
    status = 401


class InvalidToken(LoginRequired):
    """A bearer token that is malformed, unknown or revoked (401, never a cookie fallback)."""


class Forbidden(WebError):
    status = 403


class NotFound(WebError):
    status = 404


class Conflict(WebError):
    status = 409


class PayloadTooLarge(WebError):
    status = 413


class Unprocessable(WebError):
    status = 422


class TooManyRequests(WebError):
    """Too many attempts: the client is told, when known, how many seconds to wait."""

    status = 429

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        if retry_after is not None:
            self.headers = {"Retry-After": str(max(1, retry_after))}


class ServiceUnavailable(WebError):
    """Every slot for the work is taken: the client is told when to try again."""

    status = 503

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.headers = {"Retry-After": str(retry_after)}


#: the message for a request with NUL or other control characters
CONTROL = "请求中含有不允许的控制字符（如 NUL），请检查后重试。"
