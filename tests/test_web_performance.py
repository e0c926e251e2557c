"""The performance pages: a package's targets, and the year-end self-evaluation from an
uploaded actuals file — scores as the command line computes them, 自评表 downloads, and bad
files refused in Chinese (SQLite and PostgreSQL)."""

from __future__ import annotations

import io

from docx import Document as DocxDocument
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.helpers.perf import SEED000_ACTUALS, SEED000_PROGRESS
from tests.helpers.web import signed_in
from yusuan.web.seed import Demo

# the command-line tests' files: the same scores and warnings are expected here
ACTUALS = SEED000_ACTUALS
PROGRESS = SEED000_PROGRESS


def evaluate(browser: object, package_id: int, text: str, fmt: str = "html") -> object:
    files = {"file": ("实际完成值.yaml", text.encode("utf-8"), "application/x-yaml")}
    return browser.post(  # type: ignore[attr-defined]
        f"/packages/{package_id}/performance", {"format": fmt}, files=files
    )


def test_targets_page_lists_every_project_with_indicators(app: FastAPI, demo: Demo) -> None:
    filer = signed_in(app, demo, "filer")
    page = filer.get(f"/packages/{demo.draft.id}/performance")
    assert page.status_code == 200
    assert "政务服务中心房屋租金" in page.text and "单位面积租用成本" in page.text
    assert (
        f'href="/packages/{demo.draft.id}/performance"'
        in filer.get(f"/packages/{demo.draft.id}").text
    )


def test_self_evaluation_scores_as_the_command_line(app: FastAPI, demo: Demo) -> None:
    reviewer = signed_in(app, demo, "dept_reviewer")
    page = evaluate(reviewer, demo.draft.id, ACTUALS)
    assert page.status_code == 200, page.text  # type: ignore[attr-defined]
    text = page.text  # type: ignore[attr-defined]
    assert "总分 95.01，等级「优」" in text
    assert "20 × 25/30 = 16.67" in text
    xlsx = evaluate(reviewer, demo.draft.id, ACTUALS, "xlsx")
    assert xlsx.status_code == 200  # type: ignore[attr-defined]
    workbook = load_workbook(io.BytesIO(xlsx.content))  # type: ignore[attr-defined]
    cells = [c for ws in workbook for row in ws.iter_rows(values_only=True) for c in row if c]
    assert any("政务服务中心房屋租金" in str(c) for c in cells) and "等级：优" in cells
    docx = evaluate(reviewer, demo.draft.id, ACTUALS, "docx")
    document = DocxDocument(io.BytesIO(docx.content))  # type: ignore[attr-defined]
    assert any("等级：优" in c.text for t in document.tables for r in t.rows for c in r.cells)


def test_bad_actuals_files_are_refused_in_chinese(app: FastAPI, demo: Demo) -> None:
    filer = signed_in(app, demo, "filer")
    draft = demo.draft.id
    cases = [
        ("projects: [1, 2", "第"),  # YAML syntax, with its line
        ("foo: 1\n", "projects"),
        ("projects:\n  不存在的项目:\n    spent: 1\n", "文件中没有项目「不存在的项目」"),
        ("projects:\n  政务服务中心房屋租金:\n    indicators: {}\n", "spent"),
        ("projects:\n  政务服务中心房屋租金:\n    spent: 300\n", "缺少实际完成值"),
    ]
    for text, message in cases:
        response = evaluate(filer, draft, text)
        assert response.status_code == 400, text  # type: ignore[attr-defined]
        assert message in response.text, (text, response.text)  # type: ignore[attr-defined]
    binary = filer.post(
        f"/packages/{draft}/performance",
        {"format": "html"},
        files={"file": ("a.yaml", b"\xff\xfe\x00", "application/x-yaml")},
    )
    assert binary.status_code == 400 and "UTF-8" in binary.text
    assert evaluate(filer, draft, ACTUALS, "pdf").status_code == 400  # type: ignore[attr-defined]


def test_performance_pages_follow_package_visibility(app: FastAPI, demo: Demo) -> None:
    anonymous = TestClient(app)
    assert anonymous.get(f"/packages/{demo.draft.id}/performance").status_code == 404
    assert anonymous.get(f"/packages/{demo.published.id}/performance").status_code == 404


def monitor(browser: object, package_id: int, text: str, **data: str) -> object:
    files = {"file": ("监控数据.yaml", text.encode("utf-8"), "application/x-yaml")}
    return browser.post(  # type: ignore[attr-defined]
        f"/packages/{package_id}/performance/monitor", {"format": "html", **data}, files=files
    )


def test_monitoring_warns_as_the_command_line(app: FastAPI, demo: Demo) -> None:
    filer = signed_in(app, demo, "filer")
    page = monitor(filer, demo.draft.id, PROGRESS)
    assert page.status_code == 200, page.text  # type: ignore[attr-defined]
    text = page.text  # type: ignore[attr-defined]
    assert "执行率 33.33%（序时进度 58.33%）" in text  # 4.00 of 12.00
    assert "预警：预算执行率33.33%" in text
    assert "有可能（预警）" in text  # 480,000 of 500,000
    # a wider margin: execution 25 points behind is no longer a warning
    relaxed = monitor(filer, demo.draft.id, PROGRESS, margin="30").text  # type: ignore[attr-defined]
    assert "预警：预算执行率" not in relaxed
    download = monitor(filer, demo.draft.id, PROGRESS, format="xlsx")
    workbook = load_workbook(io.BytesIO(download.content))  # type: ignore[attr-defined]
    cells = [c for ws in workbook for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "审批件数" in cells and any("预警" in str(c) or "有可能" in str(c) for c in cells)
    for bad, message in (
        ({"margin": "abc"}, "预警阈值应为数字"),
        ({"margin": "200"}, "0 到 100"),
    ):
        response = monitor(filer, demo.draft.id, PROGRESS, **bad)
        assert response.status_code == 400 and message in response.text  # type: ignore[attr-defined]
    months = monitor(filer, demo.draft.id, PROGRESS.replace("months: 7", "months: 13"))
    assert months.status_code == 400 and "months" in months.text  # type: ignore[attr-defined]
