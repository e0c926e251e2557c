"""Debian's Chromium driven by Playwright: where it is, its arguments, the screenshots' folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.helpers.live import serve

CHROMIUM = Path("/usr/bin/chromium")


SHOTS = ROOT / "build" / "e2e"


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_browser() -> None:
    problem = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "playwright (PyPI) is not installed"
    if not CHROMIUM.exists():
        problem = "Debian's chromium is not installed (scripts/system-deps.sh)"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests unavailable under CI: {problem}")
        pytest.skip(problem)  # CI: never skipped, see above


@contextmanager
def demo_server(folder: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """A live server on 127.0.0.1 with the demo data (its database in ``folder``); yields its
    address and the passwords."""
    require_browser()
    from yusuan.web.app import create_app
    from yusuan.web.seed import seed_demo
    from yusuan.web.settings import Settings

    app = create_app(
        settings=Settings(database_url=f"sqlite:///{folder / 'e2e.sqlite3'}", secret_key="e2e")
    )
    with app.state.sessions() as session:
        demo = seed_demo(session)
    with serve(app) as base:
        yield base, {a.username: a.password for a in demo.accounts}


def watch_errors(page: Any) -> list[str]:
    """The script errors and CSP violations a page reports, as they come."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


def login(page: Any, base: str, passwords: dict[str, str], user: str) -> None:
    """Sign in as ``user`` through the login form."""
    page.goto(f"{base}/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", passwords[user])
    page.click("button:has-text('登录')")
    page.wait_for_load_state()
