"""Web settings: one frozen object, read from the environment by default."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace

DEFAULT_DATABASE_URL = "sqlite:///yusuan-web.sqlite3"
MB = 1024 * 1024


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"环境变量 {name} 应为整数，实际为「{raw}」。") from None


def _publish_days() -> int:
    days = _env_int("YUSUAN_PUBLISH_DAYS", 20)
    if not 1 <= days <= 366:
        raise ValueError(f"环境变量 YUSUAN_PUBLISH_DAYS 应在 1 到 366 之间，实际为「{days}」。")
    return days


def _env_flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"环境变量 {name} 应为 1 或 0（true/false），实际为「{raw}」。")


def _keep_days() -> int:
    days = _env_int("YUSUAN_JOB_KEEP_DAYS", 30)
    if days < 1:
        raise ValueError(f"环境变量 YUSUAN_JOB_KEEP_DAYS 应为不小于 1 的整数，实际为「{days}」。")
    return days


@dataclass(frozen=True)
class Settings:
    """Everything the web app can be configured with."""

    database_url: str = DEFAULT_DATABASE_URL
    #: signs the session cookie; a random key (sessions lost on restart) unless configured
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    max_upload_bytes: int = 50 * MB
    #: bytes allowed for any other request body (forms)
    max_form_bytes: int = 1 * MB
    session_max_age: int = 8 * 3600
    #: set the cookie's Secure flag (deployments behind HTTPS)
    secure_cookies: bool = False
    #: failed logins of one account from one client before back-off begins
    login_max_failures: int = 5
    #: a client's failures on an account are forgotten after this many quiet seconds
    login_window_seconds: int = 300
    #: the first back-off (seconds), doubled with each further failure up to the maximum
    login_base_delay: int = 30
    login_max_delay: int = 900
    #: addresses of reverse proxies whose ``X-Forwarded-For`` names the client
    trusted_proxies: tuple[str, ...] = ()
    #: days a new API token is valid by default
    token_days: int = 90
    #: anonymous exports, downloads and statistics: a token bucket per client address of
    #: this many units, refilled at ``public_rate`` units a second (0: no limit)
    public_burst: float = 30
    public_rate: float = 0.5
    profile: str = "chongqing-2026"
    layout: str = "chongqing-2026"
    #: days after approval by which a package must be public (《预算法》第十四条: 20)
    publish_days: int = 20
    #: the review chain's steps (主管部门 where the unit has one, then 财政局; see chain.py)
    review_chain: tuple[str, ...] = ("主管部门", "财政局")
    #: calendar days a review step has, from the package reaching it (the 待我审核 deadline)
    review_days: int = 10
    #: uploads read at once, each by a worker process (further ones: 503, try again later)
    parse_slots: int = field(default_factory=lambda: os.cpu_count() or 2)
    #: wall time a worker may take to read one file (seconds)
    parse_seconds: float = 600
    #: address space a worker may use (bytes; 0: no limit)
    parse_memory: int = 2048 * MB
    #: uploads waiting to be read, at most (a further one: 503, try again later)
    max_queued_jobs: int = 100
    #: a job whose server has not written its heartbeat for this long is taken to have died
    #: with its server: read once more, then failed (seconds)
    job_stale_seconds: float = 30
    #: run jobs in this server's own worker processes (the default, and what SQLite wants);
    #: off: the server only queues them for ``python -m yusuan.web worker`` processes, on this
    #: machine or others, sharing the PostgreSQL database
    in_process_jobs: bool = True
    #: finished jobs (done, failed, cancelled) are removed after this many days, with the
    #: file or result they hold (a package's newest 自评表 check is kept)
    job_keep_days: float = 30

    @classmethod
    def from_env(cls, database_url: str | None = None) -> Settings:
        """``YUSUAN_DATABASE_URL``, ``YUSUAN_SECRET_KEY``, ``YUSUAN_MAX_UPLOAD_MB``,
        ``YUSUAN_SECURE_COOKIES`` (1/true), ``YUSUAN_PROFILE``, ``YUSUAN_LAYOUT``,
        ``YUSUAN_PUBLISH_DAYS``, ``YUSUAN_PARSE_SLOTS``, ``YUSUAN_PARSE_SECONDS``,
        ``YUSUAN_PARSE_MEMORY_MB``, ``YUSUAN_TRUSTED_PROXIES`` (comma-separated addresses),
        ``YUSUAN_TOKEN_DAYS``, ``YUSUAN_PUBLIC_BURST``, ``YUSUAN_REVIEW_CHAIN`` (主管部门,财政局
        or either alone), ``YUSUAN_REVIEW_DAYS``, ``YUSUAN_MAX_QUEUED_JOBS``, ``YUSUAN_JOB_STALE_SECONDS``,
        ``YUSUAN_IN_PROCESS_JOBS`` (0/false: jobs are run by worker processes only),
        ``YUSUAN_JOB_KEEP_DAYS``."""
        from yusuan.web.chain import parse

        env = os.environ
        settings = cls(
            database_url=database_url or env.get("YUSUAN_DATABASE_URL") or DEFAULT_DATABASE_URL,
            max_upload_bytes=_env_int("YUSUAN_MAX_UPLOAD_MB", 50) * MB,
            secure_cookies=env.get("YUSUAN_SECURE_COOKIES", "").lower() in ("1", "true", "yes"),
            profile=env.get("YUSUAN_PROFILE") or cls.profile,
            layout=env.get("YUSUAN_LAYOUT") or cls.layout,
            publish_days=_publish_days(),
            parse_slots=_env_int("YUSUAN_PARSE_SLOTS", os.cpu_count() or 2),
            parse_seconds=_env_int("YUSUAN_PARSE_SECONDS", int(cls.parse_seconds)),
            parse_memory=_env_int("YUSUAN_PARSE_MEMORY_MB", cls.parse_memory // MB) * MB,
            trusted_proxies=tuple(
                a.strip() for a in env.get("YUSUAN_TRUSTED_PROXIES", "").split(",") if a.strip()
            ),
            token_days=_env_int("YUSUAN_TOKEN_DAYS", cls.token_days),
            public_burst=_env_int("YUSUAN_PUBLIC_BURST", int(cls.public_burst)),
            review_days=_env_int("YUSUAN_REVIEW_DAYS", cls.review_days),
            max_queued_jobs=_env_int("YUSUAN_MAX_QUEUED_JOBS", cls.max_queued_jobs),
            job_stale_seconds=_env_int("YUSUAN_JOB_STALE_SECONDS", int(cls.job_stale_seconds)),
            in_process_jobs=_env_flag("YUSUAN_IN_PROCESS_JOBS", cls.in_process_jobs),
            job_keep_days=_keep_days(),
            review_chain=parse(env.get("YUSUAN_REVIEW_CHAIN") or ",".join(cls.review_chain)),
        )
        secret = env.get("YUSUAN_SECRET_KEY")
        return replace(settings, secret_key=secret) if secret else settings
