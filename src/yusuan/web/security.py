"""Passwords (argon2), the session login, CSRF tokens and the login back-off.

The session itself is a signed cookie (Starlette's ``SessionMiddleware``: itsdangerous,
HttpOnly, SameSite=Lax, Secure when configured), set up in :mod:`yusuan.web.app`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from yusuan.web.counters import Count, Counters
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


def log_in(session: dict[str, Any], user_id: int, session_version: int) -> None:
    """A fresh session for the user (a new CSRF token; nothing carried over), valid while the
    user's stored session version is the one it carries."""
    session.clear()
    session["user_id"] = user_id
    session[SESSION_VERSION] = session_version
    session[SESSION_ID] = secrets.token_urlsafe(24)
    csrf_token(session)


def log_out(session: dict[str, Any]) -> None:
    session.clear()


SESSION_VERSION = "sv"
#: a session's own random id: logging out revokes it alone (its digest stored)
SESSION_ID = "sid"


def session_user_id(session: dict[str, Any]) -> int | None:
    uid = session.get("user_id")
    return uid if isinstance(uid, int) else None


def session_digest(session: dict[str, Any]) -> str | None:
    """The SHA-256 of the session's id (what a revocation stores); None for a session issued
    without one (before migration 0009: such a session is signed out once)."""
    sid = session.get(SESSION_ID)
    return hashlib.sha256(sid.encode()).hexdigest() if isinstance(sid, str) and sid else None


def session_current(session: dict[str, Any], session_version: int) -> bool:
    """Whether the session was issued at the user's current session version (a session from
    before a logout, password change or disabling is not)."""
    seen = session.get(SESSION_VERSION)
    return isinstance(seen, int) and seen == session_version


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


# --- login back-off ----------------------------------------------------------------------


class LoginLimiter:
    """Failed logins counted per (account, client address): from the ``max_failures``-th on,
    each failure shuts that pair out for a back-off that doubles from ``base_delay`` up to
    ``max_delay`` seconds — even the right password gets 429 meanwhile. The same account
    signs in from any other client: no client can lock an account for anyone else. A pair's
    failures are forgotten ``window`` seconds after the last one (and its back-off ended), or
    at a successful login. Counted in the database (:mod:`yusuan.web.counters`): every server
    process sees the same failures."""

    def __init__(
        self,
        counters: Counters,
        max_failures: int,
        window: float,
        base_delay: float = 30,
        max_delay: float = 900,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.counters = counters
        self.max_failures = max_failures
        self.window = window
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.clock = clock

    @staticmethod
    def _key(username: str, client: str) -> str:
        return f"{client}|{username.casefold()}"

    def check(self, username: str, client: str) -> None:
        """:class:`TooManyRequests` (with ``Retry-After``) while the pair is backing off."""
        now = self.clock()
        found = self.counters.get(self._key(username, client))
        if found is not None and now < found.until:
            wait = int(found.until - now) + 1
            raise TooManyRequests(f"登录失败次数过多，请 {_minutes(wait)} 后再试。", wait)

    def fail(self, username: str, client: str) -> None:
        now = self.clock()

        def step(found: Count) -> tuple[Count, None]:
            quiet = now - found.last >= self.window and now >= found.until
            count = 1 if quiet else int(found.value) + 1
            until = found.until
            over = count - self.max_failures
            if over >= 0:
                until = now + min(self.max_delay, self.base_delay * 2 ** min(over, 30))
            return Count(count, now, until), None

        self.counters.change(self._key(username, client), Count(0, now), step)
        self.counters.prune(now - self.window - self.max_delay)

    def succeed(self, username: str, client: str) -> None:
        self.counters.forget(self._key(username, client))


def _minutes(seconds: int) -> str:
    return f"{seconds} 秒" if seconds < 60 else f"{(seconds + 59) // 60} 分钟"
