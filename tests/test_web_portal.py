"""The public portal's charts, comparisons and statistics (SQLite and PostgreSQL): their
figures against the documents' own tables, the chart data as inert JSON under the strict CSP,
and bad requests."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import CONSISTENT
from tests.helpers.web import BUDGET, publish, signed_in
from yusuan.check import check_package
from yusuan.model import TableKind
from yusuan.pipeline import load_bytes
from yusuan.web.derived import profile
from yusuan.web.headers import CSP
from yusuan.web.seed import Demo

CHART = re.compile(r'<script type="application/json" id="([\w-]+)">(.*?)</script>', re.S)


def class_totals(path: Path) -> dict[str, Decimal]:
    """类 totals of the 部门支出总表, read here from the model's table rows."""
    pkg = load_bytes(path.read_bytes(), path.name)
    table = pkg.table(TableKind.EXPENDITURE_SUMMARY)
    assert table is not None
    return {r.name: r.value("total") for r in table.rows if r.code and len(r.code) == 3}


def charts(html: str) -> dict[str, dict[str, Any]]:
    return {name: json.loads(body) for name, body in CHART.findall(html)}


def test_public_package_charts_show_the_documents_figures(app: FastAPI, demo: Demo) -> None:
    client = TestClient(app)
    response = client.get(f"/public/packages/{demo.published.id}")
    assert response.headers["content-security-policy"] == CSP  # no inline script allowed
    found = charts(response.text)
    assert set(found) == {
        "chart-functions",
        "chart-basic-project",
        "chart-three-public",
        "chart-projects",
    }
    bars = found["chart-projects"]
    shown = dict(zip(bars["yAxis"]["data"], bars["series"][0]["data"], strict=True))
    pkg = load_bytes(CONSISTENT.read_bytes(), CONSISTENT.name)
    budgets = {p.name: p.budget for p in pkg.projects if p.budget is not None and len(p.name) <= 16}
    assert budgets and all(Decimal(shown[n]) == b for n, b in budgets.items())
    pie = found["chart-functions"]["series"][0]["data"]
    assert {d["name"]: Decimal(d["value"]) for d in pie} == class_totals(CONSISTENT)
    assert '<script src="/static/echarts.min.js"></script>' in response.text
    script = client.get("/static/echarts.min.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert client.get("/static/charts.js").status_code == 200


def test_compare_two_packages_side_by_side(app: FastAPI, demo: Demo) -> None:
    other = publish(app, demo, BUDGET)
    draft = demo.draft.id
    client = TestClient(app)
    page = client.get(f"/public/compare?ids={demo.published.id},{other},{draft}")
    assert page.status_code == 200
    data = charts(page.text)["chart-compare"]
    series = data["series"]
    assert len(series) == 2  # the draft is not published: left out, not revealed
    categories = data["xAxis"]["data"]
    for s, path in zip(series, (CONSISTENT, BUDGET), strict=True):
        totals = class_totals(path)
        assert {c: Decimal(v) for c, v in zip(categories, s["data"], strict=True)} == totals
    assert "1,421.74" in page.text  # the 合计 column, in 千分位
    assert client.get("/public/compare?ids=1,abc").status_code == 400
    assert client.get("/public/compare?ids=" + ",".join(map(str, range(1, 9)))).status_code == 400
    assert "请从下面选择" in client.get("/public/compare").text


def test_stats_count_rules_over_published_packages(app: FastAPI, demo: Demo) -> None:
    publish(app, demo, BUDGET)
    page = TestClient(app).get("/public/stats")
    assert page.status_code == 200
    assert "已公开文件 2 份" in page.text
    expected: dict[str, int] = {}
    for path in (CONSISTENT, BUDGET):
        result = check_package(load_bytes(path.read_bytes(), path.name), profile("chongqing-2026"))
        for rule in {f.rule for f in result.findings}:
            expected[rule] = expected.get(rule, 0) + 1
    bars = charts(page.text)["chart-rules"]
    shown = dict(zip(bars["xAxis"]["data"], bars["series"][0]["data"], strict=True))
    assert shown == expected


def test_huge_or_odd_numbers_are_chinese_400s_not_500s(app: FastAPI, demo: Demo) -> None:
    big = "99999999999999999999"
    client = TestClient(app)
    for path in (
        f"/public/compare?ids={big}",
        f"/api/public/export.json?year={big}",
        f"/public/packages/{big}",
        f"/api/packages/{big}",
        "/public?year=99999",
    ):
        response = client.get(path)
        assert response.status_code in (400, 404), (path, response.status_code)
        assert response.status_code != 500
    admin = signed_in(app, demo, "admin")
    assert admin.get(f"/packages/{big}/tables/0").status_code == 400
    response = admin.post("/admin/units", {"name": "x", "kind": "主管部门", "parent_id": big})
    assert response.status_code == 400 and "超出范围" in response.text
    nan = admin.post(
        f"/packages/{demo.draft.id}/performance/monitor",
        {"margin": "NaN"},
        files={"file": ("p.yaml", b"months: 7\nprojects: {}\n", "application/x-yaml")},
    )
    assert nan.status_code == 400 and "预警阈值" in nan.text
