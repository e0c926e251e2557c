"""Browser end to end: Playwright drives Debian's Chromium (no browser download) through the
whole workflow on a live server. Screenshots are kept in build/e2e/ (look at them).

A 单位填报员 uploads seed 000 and sees its findings, fixes it by uploading the corrected file,
and submits; the 主管部门审核员 approves; the 财政局审核员 approves (财政复审) and publishes; anyone then finds it on the
public portal and downloads the XLSX.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import DOCS
from tests.helpers.browser import CHROMIUM, CHROMIUM_ARGS, SHOTS, demo_server, watch_errors
from tests.helpers.browser import login as sign_in

BUDGET = DOCS / "qijiang_2026_budget.txt"
CONSISTENT = DOCS / "qijiang_2026_consistent.txt"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """A live server on 127.0.0.1 with the demo data; yields its address and the passwords."""
    with demo_server(tmp_path_factory.mktemp("web")) as running:
        yield running


def test_upload_fix_submit_approve_publish_find_download(
    server: tuple[str, dict[str, str]],
) -> None:
    from playwright.sync_api import sync_playwright

    base, passwords = server
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        errors = watch_errors(page)  # script errors and CSP violations

        def login(user: str) -> None:
            sign_in(page, base, passwords, user)

        def logout() -> None:
            page.click("button:has-text('退出')")
            page.wait_for_load_state()

        # the filer uploads seed 000 and sees its findings
        login("filer")
        page.goto(f"{base}/upload")
        page.set_input_files("input[name=file]", str(BUDGET))
        page.click("button:has-text('上传并检查')")
        _until_read(page)
        assert "P001" in page.content()
        package_url = page.url
        page.screenshot(path=str(SHOTS / "1-findings.png"), full_page=True)
        # a finding points at its cell: the table opens with the cell marked
        page.locator("tr:has-text('列「') a.locate").first.click()
        page.wait_for_selector("td.located")
        page.screenshot(path=str(SHOTS / "1a-located.png"), full_page=True)
        page.goto(package_url)
        # a number changed in the browser: its 款, 类 and 合计 follow as one types, and the rules
        # run on the edited table before anything is saved
        page.click("a:has-text('修改金额') >> nth=1")  # 一般公共预算支出表
        page.wait_for_selector("#live-summary:has-text('错误')")
        item = page.locator("tr[data-code='2010302'] input[data-col='0']")
        lei = page.locator("tr[data-code='201'] input[data-col='0']")
        assert lei.input_value() == "1283.02"
        item.fill("900.25")
        page.wait_for_function(
            "document.querySelector(\"tr[data-code='201'] input[data-col='0']\").value === '1293.02'"
        )
        # the narrative's 1421.74 no longer matches the edited table: a new error, live
        page.wait_for_selector("#live-findings li:has-text('N001')")
        assert "已按当前输入审核" in page.locator("#preview-status").inner_text()
        page.screenshot(path=str(SHOTS / "1b-editor.png"), full_page=True)
        page.click("button:has-text('保存修改')")
        page.wait_for_load_state()
        assert "在线修改金额" in page.content()  # in the package's history
        # the fix: the corrected file replaces the upload
        page.set_input_files("form[action$='/upload'] input[type=file]", str(CONSISTENT))
        page.click("button:has-text('替换文件')")
        _until_read(page)
        assert "未发现问题" in page.content()
        page.click("button:has-text('提交审核')")
        page.wait_for_load_state()
        assert "已提交" in page.content()
        page.screenshot(path=str(SHOTS / "2-submitted.png"), full_page=True)
        logout()

        # the department reviewer approves: on to 财政复审
        login("dept_reviewer")
        page.goto(package_url)
        page.click("button:has-text('审核通过，转财政复审')")
        page.wait_for_load_state()
        assert "财政复审（当前）" in page.content()
        logout()

        # the finance bureau reviews in turn, then publishes: the unit's 2026 部门预算 is
        # published already (the demo's), so this one will replace it, as the page says before
        login("finance_reviewer")
        page.goto(package_url)
        page.click("button:has-text('审核通过')")
        page.wait_for_load_state()
        assert "已审核" in page.content()
        assert "本文件发布后即为其更正版本" in page.content()
        page.click("button:has-text('发布')")
        # a confirmation first (a <dialog>, no CDN): nothing is published until it is confirmed
        page.wait_for_selector("#confirm-dialog[open]")
        assert "发布后公众即可" in page.locator("#confirm-message").inner_text()
        page.screenshot(path=str(SHOTS / "3-publish-confirm.png"))
        page.click("#confirm-ok")
        # a job: its page while the downloads are rendered, then on to the package by itself
        page.wait_for_url(re.compile(r"/jobs/\d+$"))
        page.wait_for_url(re.compile(r"/packages/\d+$"), timeout=120_000)
        assert "已发布" in page.content()
        page.screenshot(path=str(SHOTS / "3-published.png"), full_page=True)
        logout()

        # anyone finds it on the public portal and downloads the XLSX
        page.goto(f"{base}/public")
        page.screenshot(path=str(SHOTS / "4-portal.png"), full_page=True)
        package_id = package_url.rstrip("/").rsplit("/", 1)[-1]
        page.goto(f"{base}/public/packages/{package_id}")
        assert "重庆市綦江区政务服务管理办公室" in page.content()
        # the charts are drawn by the bundled ECharts under the strict CSP (no CDN, no inline JS)
        page.wait_for_selector("[data-chart='chart-functions'][data-drawn] canvas")
        assert page.locator("[data-drawn] canvas").count() == 4
        page.screenshot(path=str(SHOTS / "5-public-package.png"), full_page=True)
        with page.expect_download() as info:
            page.click("a:has-text('.xlsx')")
        data = Path(info.value.path()).read_bytes()
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        assert "一般公共预算财政拨款支出预算表" in workbook.sheetnames
        page.goto(f"{base}/public/compare?ids={package_id}")
        page.wait_for_selector("[data-chart='chart-compare'][data-drawn] canvas")
        page.goto(f"{base}/public/stats")
        # one current version of the unit's 2026 部门预算: the new one (clean: no rule chart)
        assert "已公开文件 1 份" in page.content()
        page.screenshot(path=str(SHOTS / "6-stats.png"), full_page=True)
        assert not errors, errors
        browser.close()


def test_edits_cannot_lie(server: tuple[str, dict[str, str]]) -> None:
    """Full-width digits and 1,234.5万 typed into the editor are read as the server reads them
    (the totals follow), an unreadable cell blocks saving with its reason beside it, and Enter
    moves down a row instead of saving the table."""
    from playwright.sync_api import sync_playwright

    base, passwords = server
    with sync_playwright() as p:
        browser, page, errors = _browser_page(p)
        sign_in(page, base, passwords, "filer")
        package_url = _upload(page, base, CONSISTENT)
        page.click("a:has-text('修改金额') >> nth=1")  # 一般公共预算支出表, in 万元
        page.wait_for_selector("#live-summary:has-text('错误')")
        edit_url = page.url
        item = page.locator("tr[data-code='2010302'] input[data-col='0']")
        lei = page.locator("tr[data-code='201'] input[data-col='0']")
        assert lei.input_value() == "1283.02"
        printed = item.input_value()
        # full-width: read as 1.00, the 类 follows (not as if the cell were 0)
        item.fill("１.００")
        expected = f"{Decimal('1283.02') - Decimal(printed) + Decimal('1.00'):.2f}"
        page.wait_for_function(
            "v => document.querySelector(\"tr[data-code='201'] input[data-col='0']\").value === v",
            arg=expected,
        )
        assert not item.evaluate("e => e.classList.contains('invalid')")
        # Enter moves down the column and saves nothing; leaving the cell shows what is saved
        item.press("Enter")
        assert page.url == edit_url
        assert page.evaluate("document.activeElement.dataset.col") == "0"
        assert page.evaluate("document.activeElement.name") != item.get_attribute("name")
        assert item.input_value() == "1.00"
        # 1,234.5万 in a 万元 table is 1234.50
        item.fill("1,234.5万")
        expected = f"{Decimal('1283.02') - Decimal(printed) + Decimal('1234.5'):.2f}"
        page.wait_for_function(
            "v => document.querySelector(\"tr[data-code='201'] input[data-col='0']\").value === v",
            arg=expected,
        )
        item.press("Tab")
        assert item.input_value() == "1234.50"
        # an unreadable cell: its reason beside it, saving blocked, the totals not guessed
        item.fill("12,34")
        page.wait_for_selector("td:has(input.invalid) .cell-error:has-text('不是金额')")
        assert page.locator("button:has-text('保存修改')").is_disabled()
        assert "无法识别为金额" in page.locator("#preview-status").inner_text()
        assert lei.input_value() == "1283.02"
        for width in (1366, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(SHOTS / f"7-editor-invalid-{width}.png"), full_page=True)
        item.fill("1,234.5万")
        assert page.locator("button:has-text('保存修改')").is_enabled()
        page.click("button:has-text('保存修改')")
        page.wait_for_url(package_url)
        assert "在线修改金额" in page.content()
        for width in (1366, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(SHOTS / f"7-package-saved-{width}.png"), full_page=True)
        assert not errors, errors
        browser.close()


def test_the_editor_moves_and_pastes_like_a_spreadsheet(
    server: tuple[str, dict[str, str]],
) -> None:
    """Tab/Shift+Tab and the arrows move between cells, nothing moves while an input method
    composes, a block copied from Excel/WPS (tabs, line breaks, 千分位, 全角) fills the cells
    from the focused one, and each row's 合计 follows its 基本支出/项目支出 — as the server
    saves it."""
    from playwright.sync_api import sync_playwright

    base, passwords = server
    with sync_playwright() as p:
        browser, page, errors = _browser_page(p)
        sign_in(page, base, passwords, "filer")
        package_url = _upload(page, base, CONSISTENT)
        page.click("a:has-text('修改金额') >> nth=1")  # 一般公共预算支出表: 合计, 基本, 项目
        page.wait_for_selector("#live-summary:has-text('错误')")

        def cell(code: str, col: int) -> Any:
            return page.locator(f"tr[data-code='{code}'] input[data-col='{col}']")

        def at() -> tuple[str, str]:
            return tuple(
                page.evaluate(
                    "[document.activeElement.closest('tr').dataset.code,"
                    " document.activeElement.dataset.col]"
                )
            )

        cell("2010301", 1).focus()
        page.keyboard.press("Tab")
        assert at() == ("2010301", "2")
        page.keyboard.press("Tab")  # past the last column: the next row's first cell
        assert at() == ("2010302", "0")
        page.keyboard.press("Shift+Tab")
        assert at() == ("2010301", "2")
        page.keyboard.press("ArrowDown")
        assert at() == ("2010302", "2")
        page.keyboard.press("ArrowUp")
        page.keyboard.press("ArrowLeft")  # the whole text selected on arrival: moves
        assert at() == ("2010301", "1")
        page.keyboard.press("End")
        page.keyboard.press("ArrowLeft")  # the caret inside the text: moves in the text
        assert at() == ("2010301", "1")
        # an input method composing (拼音): Enter picks the candidate, the cell stays
        page.evaluate(
            "document.activeElement.dispatchEvent(new KeyboardEvent('keydown',"
            " {key: 'Enter', isComposing: true, bubbles: true, cancelable: true}))"
        )
        assert at() == ("2010301", "1")
        # a block pasted from Excel/WPS, from 行政运行's 基本支出 right and down
        cell("2010301", 1).focus()
        page.evaluate(
            """() => {
              const data = new DataTransfer();
              data.setData('text/plain', '1,000.50\\t２０\\r\\n3\\t4\\r\\n');
              document.activeElement.dispatchEvent(new ClipboardEvent('paste',
                {clipboardData: data, bubbles: true, cancelable: true}));
            }"""
        )
        assert [cell("2010301", c).input_value() for c in (1, 2)] == ["1000.50", "20.00"]
        assert [cell("2010302", c).input_value() for c in (1, 2)] == ["3.00", "4.00"]
        # each row's 合计 follows its parts; the 款, 类 and 合计 follow the rows below
        assert cell("2010301", 0).input_value() == "1020.50"
        assert cell("2010302", 0).input_value() == "7.00"
        assert [cell("20103", c).input_value() for c in (0, 1, 2)] == [
            "1027.50",
            "1003.50",
            "24.00",
        ]
        assert "已粘贴 4 个单元格" in page.locator("#preview-status").inner_text()
        _shots(page, "11-editor-pasted")
        page.click("button:has-text('保存修改')")
        page.wait_for_url(package_url)
        # the server saved what the page showed
        page.click("a:has-text('一般公共预算财政拨款支出预算表')")
        page.wait_for_load_state()
        row = page.locator("table.grid tr:has-text('政府办公厅（室）及相关机构事务')")
        assert "1,027.50" in row.inner_text() and "1,003.50" in row.inner_text()
        assert not errors, errors
        browser.close()


def test_public_pages_worth_showing(server: tuple[str, dict[str, str]]) -> None:
    """The public page as a director opens it: every chart label whole, the 元/万元 switch
    (remembered), each listed table opens, the 收支总表's two sides side by side; on a phone
    the header is one line and wide tables scroll inside their box; printed, no navigation
    and the unit and date on top."""
    from playwright.sync_api import sync_playwright

    base, passwords = server
    with sync_playwright() as p:
        browser, page, errors = _browser_page(p)
        page.goto(f"{base}/public")
        page.locator("a[href^='/public/packages/']").first.click()
        page.wait_for_selector("[data-chart='chart-functions'][data-drawn] canvas")
        package_url = page.url
        # category axes show every label (none thinned out), long names break, none is cut
        for chart in ("chart-basic-project", "chart-three-public"):
            axes = page.evaluate(
                """id => {
                  const o = echarts.getInstanceByDom(document.querySelector(
                    `[data-chart='${id}']`)).getOption();
                  return [...o.xAxis, ...o.yAxis].filter(a => a.type === 'category')
                    .map(a => [a.axisLabel.interval, a.axisLabel.overflow, a.data]);
                }""",
                chart,
            )
            assert axes and all(a[0] == 0 and a[1] == "break" for a in axes), axes
            assert not any("…" in name for a in axes for name in a[2])
        _shots(page, "12-public-charts")
        # 元/万元: every amount in one unit, the choice remembered on the next page
        assert "1,421.74 万元" in page.content()
        page.click(".unit-switch a:has-text('元')")
        page.wait_for_selector(".unit-switch strong:has-text('元')")
        assert "14,217,400.00 元" in page.content() and "1,421.74 万元" not in page.content()
        page.wait_for_selector("[data-chart='chart-functions'][data-drawn] canvas")
        _shots(page, "12-public-yuan")
        # the table list opens each table; the 收支总表's two sides stand side by side
        page.click("ul.table-list a:has-text('财政拨款收支总表')")
        page.wait_for_selector("table.two-sided")
        assert "单位：元（原表单位：万元" in page.content()  # remembered
        first = page.locator("table.two-sided tbody tr").first.locator("th")
        assert first.all_inner_texts() == ["一、本年收入", "一、本年支出"]
        page.click(".unit-switch a:has-text('万元')")
        page.wait_for_selector(".unit-switch strong:has-text('万元')")
        _shots(page, "12-public-summary-table")
        # on a phone: the header one line, the page no wider than the phone, tables scroll
        page.set_viewport_size({"width": 375, "height": 800})
        for url in (package_url, page.url):
            page.goto(url)
            assert page.locator("header.top").bounding_box()["height"] < 60
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
        box = page.locator("table.two-sided").locator("xpath=..")
        assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # scrolls inside its box
        page.click("header.top .menu-button")
        page.wait_for_selector("header.top nav a:has-text('公开查询')", state="visible")
        page.screenshot(path=str(SHOTS / "12-phone-menu-375.png"))
        page.set_viewport_size({"width": 1366, "height": 900})
        # printed: no navigation or switch, the unit and the date on top
        page.goto(package_url)
        page.emulate_media(media="print")
        assert not page.locator("header.top").is_visible()
        assert not page.locator(".unit-switch").is_visible()
        top = page.locator("p.printhead")
        assert top.is_visible() and "金额单位：万元" in top.inner_text()
        assert re.search(r"发布于 \d{4}-\d\d-\d\d", top.inner_text())
        (SHOTS / "12-public-print.pdf").write_bytes(page.pdf(format="A4"))
        page.emulate_media(media="screen")
        # the reviewer's package page prints the same way
        sign_in(page, base, passwords, "dept_reviewer")
        page.goto(package_url.replace("/public/packages/", "/packages/"))
        page.emulate_media(media="print")
        assert not page.locator("header.top").is_visible()
        assert "金额单位：万元" in page.locator("p.printhead").inner_text()
        (SHOTS / "12-package-print.pdf").write_bytes(page.pdf(format="A4"))
        page.emulate_media(media="screen")
        _shots(page, "12-package")
        # every signed-in page fits a phone: no page wider than it, the header one line
        page.click("button:has-text('退出')")
        sign_in(page, base, passwords, "admin")
        page.set_viewport_size({"width": 375, "height": 800})
        for path in ("/", "/review", "/admin", "/admin/audit", "/deadlines", "/tokens"):
            page.goto(f"{base}{path}")
            assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
            assert page.locator("header.top").bounding_box()["height"] < 60, path
        page.goto(f"{base}/admin")
        page.screenshot(path=str(SHOTS / "12-admin-375.png"), full_page=True)
        assert not errors, errors
        browser.close()


def _browser_page(p: Any) -> tuple[Any, Any, list[str]]:
    """Debian's Chromium, a page 1366 px wide, and the script errors it reports."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return browser, page, errors


def _upload(page: Any, base: str, path: Path) -> str:
    """Upload a file as the signed-in filer; the new package's address."""
    page.goto(f"{base}/upload")
    page.set_input_files("input[name=file]", str(path))
    page.click("button:has-text('上传并检查')")
    _until_read(page)
    return str(page.url)


def _until_read(page: Any) -> None:
    """From an upload's job page (it follows the read by itself) on to the draft."""
    page.wait_for_url(re.compile(r"/jobs/\d+$"))
    page.wait_for_url(re.compile(r"/packages/\d+$"), timeout=120_000)
    page.wait_for_load_state()


def _shots(page: Any, name: str) -> None:
    for width in (1366, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_money_as_finance_staff_read_it(server: tuple[str, dict[str, str]]) -> None:
    """The package page's findings show 所列, 应为 and 差额 with 千分位 and their unit; the
    tables' totals and the public page's amounts too."""
    from playwright.sync_api import sync_playwright

    base, passwords = server
    with sync_playwright() as p:
        browser, page, errors = _browser_page(p)
        sign_in(page, base, passwords, "filer")
        _upload(page, base, BUDGET)
        findings = page.locator("table.findings")
        assert findings.locator("th:has-text('差额')").count() == 1
        differences = findings.locator("tbody td:nth-child(7)").all_inner_texts()
        amounts = [d for d in differences if d.strip()]
        # amounts carry their unit; a difference of scores or percents (I010) carries none
        odd = [d for d in amounts if not re.fullmatch(r"[+-][\d,]+\.\d\d( 万元| 元)?", d)]
        assert not odd, odd
        assert len([d for d in amounts if d.endswith("元")]) >= 3
        assert "1,421.74 万元" in page.locator("table").first.inner_text()
        _shots(page, "8-package-money")
        page.goto(f"{base}/public")
        page.locator("a[href^='/public/packages/']").first.click()
        page.wait_for_load_state()
        assert re.search(r"（合计 [\d,]+\.\d\d 万元）", page.content())
        _shots(page, "8-public-money")
        assert not errors, errors
        browser.close()


def test_review_at_scale(server: tuple[str, dict[str, str]]) -> None:
    """A reviewer filters seed 000's findings to the warnings, ticks 20 and waives them with one
    reason, landing back where the page was; returns the package, whose filer sees the reason
    at the top; a draft is deleted only after its confirmation."""
    from playwright.sync_api import sync_playwright

    base, passwords = server
    with sync_playwright() as p:
        browser, page, errors = _browser_page(p)
        sign_in(page, base, passwords, "filer")
        package_url = _upload(page, base, BUDGET)
        page.click("button:has-text('提交审核')")
        page.wait_for_load_state()
        page.click("button:has-text('退出')")

        sign_in(page, base, passwords, "dept_reviewer")
        page.goto(package_url)
        page.select_option("select[name=severity]", "warning")
        page.select_option("select[name=group]", "table")
        page.click("button:has-text('筛选')")
        page.wait_for_load_state()
        assert "severity=warning" in page.url
        picks = page.locator("input[name=finding_key][form=batch]")
        warnings = picks.count()
        assert warnings >= 20
        for i in range(20):
            picks.nth(i).check()
        assert page.locator("#batch-count").inner_text() == "20"
        page.fill("#batch input[name=reason]", "经核实属表述差异，不影响数据")
        _shots(page, "9-review-batch")
        page.locator("input[name=finding_key][form=batch]").nth(12).scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "9-review-batch-sticky-1366.png"))  # the batch bar stays
        page.click("#batch button:has-text('批量处理')")
        page.wait_for_load_state()
        # the same view, at the first finding decided (not the top of the page)
        assert "severity=warning" in page.url and "group=table" in page.url and "#f-" in page.url
        assert page.evaluate("window.scrollY") > 300
        assert "已豁免 20" in page.content()
        assert page.locator("div.decision.waive:has-text('经核实属表述差异')").count() == 20
        page.fill("textarea[name=reason]", "请补充部门收入总表后重新提交")
        page.click("button:has-text('退回修改')")
        page.wait_for_load_state()
        page.click("button:has-text('退出')")

        sign_in(page, base, passwords, "filer")
        page.goto(package_url)
        top = page.locator("section.returned")
        assert "请补充部门收入总表后重新提交" in top.inner_text()
        assert top.bounding_box()["y"] < page.locator("h2:has-text('流转')").bounding_box()["y"]
        _shots(page, "9-returned")
        # a draft is deleted only after its confirmation
        draft_url = _upload(page, base, CONSISTENT)
        page.click("button:has-text('删除草稿')")
        page.wait_for_selector("#confirm-dialog[open]")
        _shots(page, "9-discard-confirm")
        page.click("#confirm-dialog button[value=cancel]")
        assert page.url == draft_url and "草稿" in page.content()
        page.click("button:has-text('删除草稿')")
        with page.expect_navigation():
            page.click("#confirm-ok")
        assert page.url.rstrip("/") == base
        assert page.goto(draft_url).status == 404
        assert not errors, errors
        browser.close()


def test_the_review_workflow_end_to_end(server: tuple[str, dict[str, str]]) -> None:
    """待我审核 → a decision taken in place (the page does not move) → the filer's reply →
    主管部门审核 then 财政复审 (the second reviewer sees the first one's decisions) → 审核意见
    exported → the administrator reads the audit log; a filer withdraws (撤回) a package no
    reviewer has touched."""
    from playwright.sync_api import sync_playwright

    base, passwords = server
    with sync_playwright() as p:
        browser, page, errors = _browser_page(p)
        sign_in(page, base, passwords, "filer")
        package_url = _upload(page, base, BUDGET)
        package_id = package_url.rstrip("/").rsplit("/", 1)[-1]
        page.click("button:has-text('提交审核')")
        page.wait_for_load_state()
        page.click("button:has-text('退出')")

        # the 主管部门 reviewer's queue names the package, its open findings and deadline
        sign_in(page, base, passwords, "dept_reviewer")
        page.click("header a:has-text('待我审核')")
        page.wait_for_load_state()
        row = page.locator(f"tr#p-{package_id}")
        assert "主管部门审核" in row.inner_text() and "剩 10 天" in row.inner_text()
        _shots(page, "10-queue")
        row.locator("a").first.click()
        page.wait_for_load_state()
        # one decision in place: no reload, the page stays where it was
        cell = page.locator("td.review-cell").nth(15)
        cell.scroll_into_view_if_needed()
        before = page.evaluate("window.scrollY")
        url = page.url
        page.evaluate("window.__marker = 1")  # gone if the page reloads
        cell.locator("select[name=decision]").select_option("waive")
        cell.locator("input[name=reason]").fill("四舍五入尾差，已核实")
        cell.locator("button:has-text('提交')").click()
        page.wait_for_selector("td.review-cell.just-saved .decision.waive")
        assert page.evaluate("window.__marker") == 1 and page.url == url
        assert abs(page.evaluate("window.scrollY") - before) < 5
        assert "已豁免 1" in page.locator("#waived-count").inner_text()
        # the next decision carries the new version (no 409)
        second = page.locator("td.review-cell").nth(16)
        second.locator("button:has-text('提交')").click()
        page.wait_for_selector("td.review-cell:nth-child(n) .decision.accept")
        assert page.locator(".form-error:not(:empty)").count() == 0
        # a waiver without a reason: the reason beside the form, what was typed kept
        third = page.locator("td.review-cell").nth(17)
        third.locator("select[name=decision]").select_option("waive")
        third.locator("button:has-text('提交')").click()
        page.wait_for_selector("td.review-cell .form-error:has-text('豁免理由')")
        page.screenshot(path=str(SHOTS / "10-decided-in-place-1366.png"))
        page.click("button:has-text('退出')")

        # the filer replies to the finding decided
        sign_in(page, base, passwords, "filer")
        page.goto(package_url)
        decided = page.locator("td.review-cell:has(.decision.waive)").first
        decided.locator("summary").click()
        decided.locator("textarea[name=text]").fill("该差异为单位四舍五入所致，已在说明中注明。")
        decided.locator("button:has-text('发送')").click()
        page.wait_for_selector("td.review-cell .thread li:has-text('四舍五入所致')")
        for width in (1366, 375):  # the thread where it is, not the whole page
            page.set_viewport_size({"width": width, "height": 900})
            page.locator("td.review-cell .thread").first.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / f"10-reply-{width}.png"))
        page.set_viewport_size({"width": 1366, "height": 900})
        page.click("button:has-text('退出')")

        # 主管部门: the errors waived in one batch, then approved on to 财政复审
        sign_in(page, base, passwords, "dept_reviewer")
        page.goto(f"{package_url}?severity=error")
        page.check(".pick-all")
        page.fill("#batch input[name=reason]", "主管部门已核实")
        page.click("#batch button:has-text('批量处理')")
        page.wait_for_load_state()
        page.click("button:has-text('审核通过，转财政复审')")
        page.wait_for_load_state()
        assert "财政复审（当前）" in page.content()
        page.click("button:has-text('退出')")

        # 财政复审: in the 财政局 reviewer's queue; the 主管部门's decisions and the reply shown
        sign_in(page, base, passwords, "finance_reviewer")
        page.goto(f"{base}/review")
        assert page.locator(f"tr#p-{package_id}:has-text('财政复审')").count() == 1
        page.goto(package_url)
        assert page.locator("text=dept_reviewer · 主管部门审核").count() >= 10
        assert "四舍五入所致" in page.content()
        for width in (1366, 375):  # the top (chain, actions) and a decided finding
            page.set_viewport_size({"width": width, "height": 900})
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(SHOTS / f"10-finance-review-{width}.png"))
            page.locator("td.review-cell .thread").first.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / f"10-finance-review-thread-{width}.png"))
        page.set_viewport_size({"width": 1366, "height": 900})
        with page.expect_download() as info:
            page.click("a:has-text('Excel（XLSX）')")
        assert info.value.suggested_filename.endswith("审核意见（第" + package_id + "号）.xlsx")
        data = Path(info.value.path()).read_bytes()
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        assert sheet is not None
        rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=4)]
        waived = [r for r in rows if r[9] == "四舍五入尾差，已核实"]
        assert len(waived) == 1 and "四舍五入所致" in str(waived[0][13])
        page.click("button:has-text('审核通过')")
        page.wait_for_load_state()
        assert "已审核" in page.content()
        page.click("button:has-text('退出')")

        # the administrator reads what happened to the package
        sign_in(page, base, passwords, "admin")
        page.goto(f"{base}/admin/audit?package={package_id}")
        assert "主管部门已核实" in page.content() and "审核通过，转下一环节" in page.content()
        _shots(page, "10-audit")
        page.click("button:has-text('退出')")

        # 撤回: submitted by mistake, nobody has looked at it yet
        sign_in(page, base, passwords, "filer")
        other = _upload(page, base, CONSISTENT)
        page.click("button:has-text('提交审核')")
        page.wait_for_load_state()
        page.click("button:has-text('撤回')")
        page.wait_for_selector("#confirm-dialog[open]")
        assert "撤回后回到草稿" in page.locator("#confirm-message").inner_text()
        with page.expect_navigation():
            page.click("#confirm-ok")
        assert page.url == other and "草稿" in page.locator("dl.facts").inner_text()
        assert not errors, errors
        browser.close()
