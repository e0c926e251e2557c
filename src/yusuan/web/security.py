"""Passwords (argon2), the session login, CSRF tokens and login rate limiting.

The session itself is a signed cookie (Starlette's ``SessionMiddleware``: itsdangerous,
HttpOnly, SameSite=Lax, Secure when configured), set up in :mod:`yusuan.web.app`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from yusuan.web.errors import Forbidden, InvalidToken, ServiceUnavailable, TooManyRequests

_hasher = PasswordHasher()
#: verified against when the user does not exist, so both cases take the same time
_DUMMY_HASH = _hasher.hash("yusuan-no-such-user")

CSRF_FIELD = "csrf_token"
CSRF_MESSAGE = "请求校验失败（表单令牌无效或已过期），请刷新页面后重试。"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


#: argon2 takes 64 MB a verification: at most this many at once (40 parallel logins once
#: took ≈ 0.9 GB); beyond, a login waits a little, then gets 503
_VERIFYING = threading.BoundedSemaphore(4)
BUSY = "服务繁忙，请稍后再试（同时登录的请求过多）。"


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; always does the work of one verification."""
    if not _VERIFYING.acquire(timeout=10):
        raise ServiceUnavailable(BUSY, 5)
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False
    finally:
        _VERIFYING.release()


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


# --- session -----------------------------------------------------------------------------


def csrf_token(session: dict[str, Any]) -> str:
    """The session's CSRF token, created on first use."""
    token = session.get(CSRF_FIELD)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session[CSRF_FIELD] = token
    return token


def check_csrf(session: dict[str, Any], submitted: object) -> None:
    """:class:`Forbidden` unless the form carried the session's token."""
    expected = session.get(CSRF_FIELD)
    if (
        not isinstance(expected, str)
        or not isinstance(submitted, str)
        or not hmac.compare_digest(expected.encode(), submitted.encode())
    ):
        raise Forbidden(CSRF_MESSAGE)


def log_in(session: dict[str, Any], user_id: int) -> None:
    """A fresh session for the user (a new CSRF token; nothing carried over)."""
    session.clear()
    session["user_id"] = user_id
    csrf_token(session)


def log_out(session: dict[str, Any]) -> None:
    session.clear()


def session_user_id(session: dict[str, Any]) -> int | None:
    uid = session.get("user_id")
    return uid if isinstance(uid, int) else None


# --- API tokens --------------------------------------------------------------------------

TOKEN_PREFIX = "ys_"


def new_token() -> str:
    """A bearer token for a machine client: 256 random bits, shown to its owner once."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What is stored and looked up (a fast hash suffices: the token is random, not chosen)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def bearer(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer …`` header; None without the header."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken("Authorization 请求头应为「Bearer 接口令牌」。")
    return token.strip()


# --- rate limiting -----------------------------------------------------------------------

_MAX_KEYS = 10_000


class LoginLimiter:
    """At most ``max_failures`` failed logins per (username, client address) in ``window``
    seconds; further attempts — even with the right password — get 429 until the oldest
    failure ages out. In memory: one process, reset on restart."""

    def __init__(
        self, max_failures: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        now = self.clock()
        q = self._failures.setdefault(key, deque())
        while q and now - q[0] >= self.window:
            q.popleft()
        return q

    def check(self, username: str, client: str) -> None:
        """:class:`TooManyRequests` when the key is locked out."""
        key = (username.casefold(), client)
        with self._lock:
            q = self._recent(key)
            if len(q) >= self.max_failures:
                wait = max(1, int(self.window - (self.clock() - q[0])) + 1)
                raise TooManyRequests(f"登录失败次数过多，请 {_minutes(wait)} 后再试。")
            if not q:
                self._failures.pop(key, None)

    def fail(self, username: str, client: str) -> None:
        key = (username.casefold(), client)
        with self._lock:
            if len(self._failures) > _MAX_KEYS:
                for old in list(self._failures):
                    if not self._recent(old):
                        del self._failures[old]
            self._recent(key).append(self.clock())

    def succeed(self, username: str, client: str) -> None:
        with self._lock:
            self._failures.pop((username.casefold(), client), None)


def _minutes(seconds: int) -> str:
    return f"{seconds} 秒" if seconds < 60 else f"{(seconds + 59) // 60} 分钟"
