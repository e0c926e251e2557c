"""Browser: a 绩效自评表 uploaded on a published package's performance page in Chromium (a job:
its page, then the result by itself), the checks shown beside the targets, under the strict CSP with no script error. The screenshot is
kept in build/e2e/7-selfeval.png (look at it)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.browser import CHROMIUM, SHOTS, demo_server, login, watch_errors
from tests.helpers.selfeval import SHEET


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """A live server on 127.0.0.1 with the demo data; yields its address and the passwords."""
    with demo_server(tmp_path_factory.mktemp("web")) as running:
        yield running


def test_a_self_evaluation_in_the_browser(
    server: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    base, passwords = server
    sheet = tmp_path / "2026年度项目支出绩效自评表.txt"
    sheet.write_text(SHEET, encoding="utf-8")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors = watch_errors(page)
        login(page, base, passwords, "dept_reviewer")
        page.goto(f"{base}/public")
        link = page.locator("a[href^='/public/packages/']").first.get_attribute("href")
        assert link is not None
        package_id = link.rstrip("/").rsplit("/", 1)[-1]
        page.goto(f"{base}/packages/{package_id}/performance")
        page.set_input_files("form[action$='/performance/selfeval'] input[type=file]", str(sheet))
        page.click("button:has-text('核对')")
        # a job: its page, then on to the result by itself once the sheet is read
        page.wait_for_url(re.compile(rf"/packages/{package_id}/performance/selfeval/\d+$"))
        content = page.content()
        assert "对应项目" in content and "按比例应为15" in content
        assert "自评表未列出该指标" in content
        page.locator("section.selfeval-answer").screenshot(path=str(SHOTS / "7-selfeval.png"))
        assert not errors, errors
        browser.close()
