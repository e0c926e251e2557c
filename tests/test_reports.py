"""Reports: the JSON contract (docs/json-contract.md) and the self-contained HTML page."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import DOCS, SEED000
from yusuan import __version__
from yusuan.cli import app


def test_json_contract(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = CliRunner().invoke(
        app, ["check", str(SEED000), "-p", "chongqing-2026", "-f", "json", "-o", str(out)]
    )
    assert result.exit_code == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["yusuan"] == __version__
    (doc,) = data["documents"]
    assert set(doc) == {"path", "kind", "unit", "year", "page", "tables", "findings", "summary"}
    assert doc["page"]["partial"] is False and doc["page"]["not_run"] == []
    assert (doc["kind"], doc["unit"], doc["year"]) == ("部门预算", "万元", 2026)
    assert {t["name"] for t in doc["tables"]} >= {"一般公共预算财政拨款支出预算表", "部门支出总表"}
    row = next(
        r
        for t in doc["tables"]
        if t["kind"] == "gpb_expenditure"
        for r in t["rows"]
        if r["code"] == "2010301"
    )
    assert row["values"] == {"total": "392.77", "basic": "392.77"}
    for f in doc["findings"]:
        assert set(f) == {
            "rule",
            "severity",
            "category",
            "message",
            "location",
            "stated",
            "expected",
            "difference",
            "related",
        }
        assert set(f["location"]) == {
            "page",
            "line",
            "table",
            "row",
            "column",
            "cell",
            "confidence",
        }
        assert f["location"]["confidence"] is None  # a text file: nothing was OCR'd
    counts = {
        s: sum(1 for f in doc["findings"] if f["severity"] == s)
        for s in ("error", "warning", "info")
    }
    assert doc["summary"] == counts and counts["error"] > 0
    rent = next(f for f in doc["findings"] if f["rule"] == "P001" and "租金" in f["message"])
    assert (rent["stated"], rent["expected"], rent["difference"]) == ("346.16", "415.39", "-69.23")


def test_html_is_self_contained_and_escaped(tmp_path: Path) -> None:
    text = (DOCS / "qijiang_2026_consistent.txt").read_text(encoding="utf-8")
    text = text.replace("政务服务中心维修（护）保障经费", "<script>alert(1)</script>", 1).replace(
        "合计70000元", "合计80000元"
    )
    src = tmp_path / "x.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["check", str(src), "-f", "html", "-o", str(out)])
    assert result.exit_code == 1
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "http://" not in html and "https://" not in html  # no CDN, no external asset
    assert "P001" in html and "错误" in html


def test_text_report_groups_by_table_and_project() -> None:
    result = CliRunner().invoke(app, ["check", str(SEED000), "-p", "chongqing-2026"])
    assert result.exit_code == 1
    out = result.stdout
    assert "【项目「政务服务中心房屋租金」】" in out
    assert "【一般公共预算财政拨款基本支出预算表】" in out
    assert "所列 346.16 万元；应为 415.39 万元；差额 -69.23 万元" in out
