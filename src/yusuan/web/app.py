"""The application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from yusuan import __version__
from yusuan.web import error_pages
from yusuan.web.counters import Counters
from yusuan.web.db import analyze, make_engine, make_sessionmaker, migrate
from yusuan.web.deps import current_user
from yusuan.web.edge import EdgeMiddleware
from yusuan.web.headers import SecurityHeadersMiddleware
from yusuan.web.jobs import Runner
from yusuan.web.limits import FORM_OVERHEAD, BodyLimitMiddleware, too_large_message
from yusuan.web.rendering import Renderer
from yusuan.web.routes import (
    admin,
    api,
    auth,
    compare,
    deadlines,
    editor,
    export,
    jobs,
    original,
    performance,
    public,
    review,
    tokens,
    workspace,
)
from yusuan.web.security import LoginLimiter
from yusuan.web.settings import Settings
from yusuan.web.throttle import TokenBucket

STATIC = Path(__file__).resolve().parent / "static"


def _is_upload(path: str) -> bool:
    if path in ("/upload", "/api/packages"):
        return True
    return path.startswith(("/packages/", "/api/packages/")) and path.endswith(
        ("/upload", "/file", "/performance/selfeval")
    )


def create_app(database_url: str | None = None, settings: Settings | None = None) -> FastAPI:
    """The web app on a migrated database. ``database_url`` overrides the settings' one;
    settings default to :meth:`Settings.from_env`."""
    settings = settings or Settings.from_env(database_url)
    if database_url:
        settings = replace(settings, database_url=database_url)
    engine = make_engine(settings.database_url)
    migrate(engine)
    analyze(engine)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(
        title="预算公开平台（yusuan）",
        version=__version__,
        description="部门预算公开文件的上传、审核、发布与公开查询。",
        docs_url=None,  # Swagger UI loads from a CDN: only /openapi.json is served
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = make_sessionmaker(engine)
    app.state.current_user = current_user  # for error pages answered before any route
    app.state.renderer = Renderer(settings.parse_slots)
    app.state.jobs = Runner(app.state.sessions, settings)
    app.state.jobs.start_if_pending()  # jobs waiting, or left running by a server that died
    app.state.limiter = LoginLimiter(
        Counters(engine, "login"),
        settings.login_max_failures,
        settings.login_window_seconds,
        settings.login_base_delay,
        settings.login_max_delay,
    )
    app.state.throttle = TokenBucket(
        Counters(engine, "public"), settings.public_burst, settings.public_rate
    )
    error_pages.install(app)
    for module in (
        auth,
        admin,
        workspace,
        jobs,
        review,
        editor,
        original,
        performance,
        tokens,
        deadlines,
        public,
        compare,
        api,
        export,
    ):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    upload_limit = (
        settings.max_upload_bytes + FORM_OVERHEAD,
        too_large_message(settings.max_upload_bytes),
    )
    form_limit = (settings.max_form_bytes, "提交的内容过大，请检查后重试。")

    def limit_for(path: str) -> tuple[int, str]:
        return upload_limit if _is_upload(path) else form_limit

    # the last added is the outermost: headers → session → edge → body limit → app
    app.add_middleware(BodyLimitMiddleware, limit_for=limit_for)
    app.add_middleware(EdgeMiddleware)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="yusuan_session",
        max_age=settings.session_max_age,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    return app
