"""Review at scale: findings filtered and grouped on the package page, one decision with one
reason for many findings (the page's view and position kept), the return reason at the top
(SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import re

from fastapi import FastAPI
from sqlalchemy import func, select

from tests.helpers.web import Browser, signed_in
from yusuan.web.db import AuditLog, Decision
from yusuan.web.seed import Demo


def _rows(page: str) -> list[str]:
    return re.findall(r'<tr id="f-([0-9a-f-]+)">', page)


def _submitted(app: FastAPI, demo: Demo) -> tuple[Browser, int]:
    """Seed 000 (its 10 errors, 28 warnings and 8 notes) submitted for review."""
    filer = signed_in(app, demo, "filer")
    draft = demo.draft.id
    assert filer.post(f"/packages/{draft}/submit", {"version": 1}).status_code == 303
    return signed_in(app, demo, "dept_reviewer"), draft


def test_findings_are_filtered_and_grouped(app: FastAPI, demo: Demo) -> None:
    filer = signed_in(app, demo, "filer")
    draft = demo.draft.id
    detail = filer.client.get(f"/api/packages/{draft}").json()["findings"]
    every = filer.get(f"/packages/{draft}").text
    assert len(_rows(every)) == len(detail) and f"显示 {len(detail)} / {len(detail)} 条" in every
    errors = [f["key"] for f in detail if f["severity"] == "error"]
    page = filer.get(f"/packages/{draft}?severity=error").text
    assert _rows(page) == errors and f"显示 {len(errors)} / {len(detail)} 条" in page
    rule = detail[0]["rule"]
    by_rule = filer.get(f"/packages/{draft}?rule={rule}").text
    assert _rows(by_rule) == [f["key"] for f in detail if f["rule"] == rule]
    # grouped by severity: errors first, each group headed with its count
    grouped = filer.get(f"/packages/{draft}?group=severity").text
    headings = re.findall(r'<h3 class="group">([^<]+)</h3>', grouped)
    assert [h.split("（")[0] for h in headings] == ["错误", "警告", "提示"]
    assert headings[0] == f"错误（{len(errors)} 条）"
    assert _rows(grouped)[: len(errors)] == errors
    by_table = filer.get(f"/packages/{draft}?group=table").text
    assert "（不指向表格）" in by_table and len(_rows(by_table)) == len(detail)
    # nothing matches: said so; an unknown grouping is no grouping
    assert "没有符合筛选条件" in filer.get(f"/packages/{draft}?rule=Z999").text
    assert len(_rows(filer.get(f"/packages/{draft}?group=<x>").text)) == len(detail)
    # a filer sees no ticks and no batch form
    assert 'id="batch"' not in every and 'form="batch"' not in every


def test_a_batch_waive_with_one_reason(app: FastAPI, demo: Demo) -> None:
    reviewer, draft = _submitted(app, demo)
    detail = reviewer.client.get(f"/api/packages/{draft}").json()["findings"]
    errors = [f["key"] for f in detail if f["severity"] == "error"]
    assert len(errors) >= 10
    page = reviewer.get(f"/packages/{draft}?severity=error").text
    assert 'id="batch"' in page and page.count('form="batch"') == len(errors)
    assert "审核通过" in page
    refused = reviewer.post(f"/packages/{draft}/approve", {"version": 2})
    assert refused.status_code in (400, 409)  # errors not waived
    waived = reviewer.post(
        f"/packages/{draft}/decide-batch",
        {
            "version": 2,
            "finding_key": errors,
            "decision": "waive",
            "reason": "经核实为印刷尾差，单位已书面说明",
            "view": "severity=error&group=rule&next=//evil.example",
        },
    )
    assert waived.status_code == 303
    # back to the same view, at the first finding decided; nothing else carried
    assert waived.headers["location"] == (
        f"/packages/{draft}?severity=error&group=rule#f-{errors[0]}"
    )
    assert reviewer.package(draft).version == 3  # one step for the whole batch
    with app.state.sessions() as session:
        decisions = session.scalars(select(Decision).where(Decision.package_id == draft)).all()
        audits = session.scalars(select(AuditLog).where(AuditLog.action == "package.decide")).all()
    assert sorted(d.finding_key for d in decisions) == sorted(errors)
    assert {d.reason for d in decisions} == {"经核实为印刷尾差，单位已书面说明"}
    named = [json.loads(a.after_json or "{}")["decision"]["finding_key"] for a in audits]
    assert sorted(named) == sorted(errors)  # each audit entry says which finding
    after = reviewer.get(waived.headers["location"]).text
    assert f"已豁免 {len(errors)}" in after
    assert reviewer.post(f"/packages/{draft}/approve", {"version": 3}).status_code == 303


def test_batch_decisions_refuse_what_they_cannot_do(app: FastAPI, demo: Demo) -> None:
    reviewer, draft = _submitted(app, demo)
    keys = [f["key"] for f in reviewer.client.get(f"/api/packages/{draft}").json()["findings"]]
    base = {"version": 2, "decision": "waive", "reason": "理由"}
    cases = [
        ({**base}, 400, "请先勾选"),
        ({**base, "finding_key": keys[:2], "reason": ""}, 400, "豁免理由"),
        ({**base, "finding_key": [keys[0], "0" * 24]}, 400, "未找到该审核发现"),
        ({**base, "finding_key": keys[:2], "decision": "maybe"}, 400, "处理方式"),
        ({**base, "finding_key": keys[:2], "version": 1}, 409, ""),
    ]
    for data, status, message in cases:
        response = reviewer.post(f"/packages/{draft}/decide-batch", data)
        assert response.status_code == status, (data, response.text[:200])
        assert message in response.text
    filer = signed_in(app, demo, "filer")
    assert (
        filer.post(f"/packages/{draft}/decide-batch", {**base, "finding_key": keys[:2]}).status_code
        == 403
    )
    with app.state.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Decision)) == 0
    assert reviewer.package(draft).version == 2


def test_one_decision_keeps_the_view_and_the_place(app: FastAPI, demo: Demo) -> None:
    reviewer, draft = _submitted(app, demo)
    key = reviewer.client.get(f"/api/packages/{draft}").json()["findings"][3]["key"]
    response = reviewer.post(
        f"/packages/{draft}/decide",
        {"version": 2, "finding_key": key, "decision": "accept", "view": "rule=A001&x=1"},
    )
    assert response.headers["location"] == f"/packages/{draft}?rule=A001#f-{key}"


def test_the_return_reason_is_at_the_top(app: FastAPI, demo: Demo) -> None:
    reviewer, draft = _submitted(app, demo)
    reason = "部门收入总表未公开，请补充后重新提交"
    assert (
        reviewer.post(f"/packages/{draft}/return", {"version": 2, "reason": reason}).status_code
        == 303
    )
    page = signed_in(app, demo, "filer").get(f"/packages/{draft}").text
    top = page.index('<section class="returned" role="alert">')
    assert page.index(f"退回原因：{reason}") < page.index("<h2>流转</h2>")
    assert top < page.index('<dl class="facts">')
    # only while returned: resubmitted, the notice goes
    filer = signed_in(app, demo, "filer")
    assert filer.post(f"/packages/{draft}/submit", {"version": 3}).status_code == 303
    assert 'class="returned"' not in filer.get(f"/packages/{draft}").text


def test_publish_and_discard_ask_for_confirmation(app: FastAPI, demo: Demo) -> None:
    filer = signed_in(app, demo, "filer")
    page = filer.get(f"/packages/{demo.draft.id}").text
    assert re.search(
        r'action="/packages/\d+/discard" class="row"\s+data-confirm="确认删除草稿', page
    )
    assert '<dialog id="confirm-dialog"' in page and '<script src="/static/review.js">' in page
    assert "showModal" in filer.get("/static/review.js").text  # served with the package
