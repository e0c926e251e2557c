"""Uploads as jobs in the browser (Playwright driving Debian's Chromium on a live server): the
job page shows 页 N/M as the pages are read and goes on to the draft by itself; a file that is
no disclosure ends on the job page with the reason and the form, filled with what was typed; a
Shanghai budget uploaded by the 綦江 filer is flagged on its page and in the reviewer's queue.
Screenshots at 1366 and 375 px in build/e2e/jobs-*.png (look at them)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DOCS
from tests.helpers.browser import CHROMIUM, CHROMIUM_ARGS, SHOTS, require_browser, watch_errors
from tests.helpers.browser import login as sign_in
from tests.helpers.jobs import PAGES, paged_read
from tests.helpers.live import serve
from yusuan.web.seed import OTHER_DOC, _doc

BUDGET = DOCS / "qijiang_2026_budget.txt"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """A live server whose workers report pages slowly (as OCR does) before reading."""
    require_browser()
    from yusuan.web.app import create_app
    from yusuan.web.jobs import Runner
    from yusuan.web.seed import seed_demo
    from yusuan.web.settings import Settings

    folder = tmp_path_factory.mktemp("jobs-e2e")
    app = create_app(
        settings=Settings(database_url=f"sqlite:///{folder / 'e2e.sqlite3'}", secret_key="e2e")
    )
    app.state.jobs = Runner(app.state.sessions, app.state.settings, read=paged_read)
    with app.state.sessions() as session:
        demo = seed_demo(session)
    with serve(app) as base:
        yield base, {a.username: a.password for a in demo.accounts}


def _shots(page: Any, name: str) -> None:
    for width in (1366, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"jobs-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_job_pages_and_the_identity_warning_in_chromium(
    server: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    base, passwords = server
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        errors = watch_errors(page)  # script errors and CSP violations

        def login(user: str) -> None:
            sign_in(page, base, passwords, user)

        login("filer")
        # running: 页 N/M as the worker reports pages, without reloading the page
        page.goto(f"{base}/upload")
        page.set_input_files("input[name=file]", str(BUDGET))
        page.click("button:has-text('上传并检查')")
        page.wait_for_url(re.compile(r"/jobs/\d+$"))
        job_url = page.url
        page.wait_for_selector("#job-step:has-text('OCR 文字识别：页 2/')", timeout=30_000)
        assert f"/{PAGES}" in page.inner_text("#job-step")
        assert page.eval_on_selector("#job-bar", "b => b.value") >= 2
        _shots(page, "running")
        # done: on to the draft by itself
        page.wait_for_url(re.compile(r"/packages/\d+$"), timeout=60_000)
        assert "P001" in page.content()
        page.goto(job_url)
        assert "已完成" in page.content() and "已保存为草稿" in page.content()
        _shots(page, "done")

        # failed: the reason, and the form with what was typed
        novel = tmp_path / "小说.txt"
        novel.write_text("从前有座山，山里有座庙。\n" * 50, encoding="utf-8")
        page.goto(f"{base}/upload")
        page.set_input_files("input[name=file]", str(novel))
        page.fill("input[name=title]", "我的标题")
        page.fill("input[name=year]", "2026")
        page.click("button:has-text('上传并检查')")
        page.wait_for_selector("section.job.failed", timeout=60_000)
        assert "不是预决算公开文件" in page.inner_text("section.job")
        assert page.input_value("input[name=title]") == "我的标题"
        assert page.input_value("input[name=year]") == "2026"
        _shots(page, "failed")

        # a Shanghai budget uploaded by the 綦江 filer: flagged to the filer …
        shanghai = tmp_path / OTHER_DOC
        shanghai.write_bytes(_doc(OTHER_DOC))
        page.goto(f"{base}/upload")
        page.set_input_files("input[name=file]", str(shanghai))
        page.click("button:has-text('上传并检查')")
        page.wait_for_url(re.compile(r"/packages/\d+$"), timeout=120_000)
        package_url = page.url
        warning = page.inner_text("section.identity")
        assert "上海市普陀区司法局" in warning and "重庆市綦江区政务服务管理办公室" in warning
        _shots(page, "identity-filer")
        page.click("button:has-text('提交审核')")
        page.wait_for_load_state()
        page.click("button:has-text('退出')")
        page.wait_for_load_state()
        # … and to the reviewer, in the queue and on the package
        login("dept_reviewer")
        page.goto(f"{base}/review")
        pid = package_url.rsplit("/", 1)[1]
        assert "文件与填报信息不一致" in page.inner_text(f"#p-{pid}")
        _shots(page, "identity-queue")
        page.goto(package_url)
        assert "上海市普陀区司法局" in page.inner_text("section.identity")
        _shots(page, "identity-reviewer")
        browser.close()
    assert errors == []


@pytest.fixture(scope="module")
def publishing(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, dict[str, str], int]]:
    """A live server whose workers render a publication's downloads a second a format, and an
    approved package of the demo's 二级单位."""
    require_browser()
    from sqlalchemy import select

    from tests.conftest import CONSISTENT
    from tests.helpers.jobs import slow_render
    from yusuan.pipeline import load_bytes
    from yusuan.web import store
    from yusuan.web.app import create_app
    from yusuan.web.db import Unit, User
    from yusuan.web.jobs import Runner
    from yusuan.web.seed import SUBUNIT, seed_demo
    from yusuan.web.settings import Settings

    folder = tmp_path_factory.mktemp("publish-e2e")
    app = create_app(
        settings=Settings(database_url=f"sqlite:///{folder / 'e2e.sqlite3'}", secret_key="e2e")
    )
    app.state.jobs = Runner(app.state.sessions, app.state.settings, render=slow_render)
    with app.state.sessions() as session:
        demo = seed_demo(session)
        unit = session.scalar(select(Unit).where(Unit.name == SUBUNIT))
        admin = session.scalar(select(User).where(User.username == "admin"))
        assert unit is not None and admin is not None
        pkg = load_bytes(CONSISTENT.read_bytes(), CONSISTENT.name)
        package = store.create_package(
            session, admin, unit, pkg, CONSISTENT.name, "綦江区某单位2026年部门预算", 2026
        )
        for action in ("submit", "approve"):
            store.transition(session, admin, package, package.version, action)
        pid = package.id
    with serve(app) as base:
        yield base, {a.username: a.password for a in demo.accounts}, pid


def test_a_publication_as_a_job_in_chromium(
    publishing: tuple[str, dict[str, str], int],
) -> None:
    """发布 (confirmed) goes to the job's page: 生成 PDF … 格式 N/7 as the worker renders, then
    on to the published package by itself; the job page then says what was made."""
    from playwright.sync_api import sync_playwright

    base, passwords, pid = publishing
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        errors = watch_errors(page)
        sign_in(page, base, passwords, "finance_reviewer")
        page.goto(f"{base}/packages/{pid}")
        page.click("form.action[action$='/publish'] button")
        page.click("#confirm-ok")
        page.wait_for_url(re.compile(r"/jobs/\d+$"))
        job_url = page.url
        assert "发布：" in page.inner_text("h1")
        page.wait_for_selector("#job-step:has-text('格式 2/7')", timeout=30_000)
        assert page.inner_text("#job-state") == "正在发布"
        assert page.eval_on_selector("#job-bar", "b => b.value") >= 2
        _shots(page, "publish-running")
        # while it runs, the package's page says so and links to the job
        other = context.new_page()
        other.goto(f"{base}/packages/{pid}")
        assert job_url.rsplit("/", 1)[1] in other.inner_text("#publishing")
        other.close()
        page.wait_for_url(re.compile(rf"/packages/{pid}$"), timeout=60_000)
        assert "已发布" in page.content()
        page.goto(job_url)
        assert "发布完成：已生成 7 种下载文件" in page.content()
        _shots(page, "publish-done")
        browser.close()
    assert errors == []
