"""Corrections: a published version is never changed; a correction is a new version with a
public change note, published through the same workflow (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.helpers.web import signed_in
from yusuan.web.db import AuditLog, Package
from yusuan.web.seed import Demo

NOTE = "更正一般公共预算财政拨款支出预算表中一般行政管理事务的金额"


def test_correct_a_published_package(app: FastAPI, demo: Demo) -> None:
    old = demo.published.id
    filer = signed_in(app, demo, "filer")
    response = filer.post(f"/packages/{old}/correct", {"change_note": NOTE})
    assert response.status_code == 303
    new = int(re.fullmatch(r"/packages/(\d+)", response.headers["location"]).group(1))  # type: ignore[union-attr]
    draft = filer.package(new)
    assert (draft.status, draft.supersedes_id, draft.change_note) == ("draft", old, NOTE)
    assert draft.model_json == filer.package(old).model_json
    assert filer.package(old).status == "published"  # untouched
    # one correction at a time
    again = filer.post(f"/packages/{old}/correct", {"change_note": "再改"})
    assert again.status_code == 409 and f"第 {new} 号" in again.text
    # while the correction is in progress the public still sees the published version
    public = TestClient(app)
    listed = [p["id"] for p in public.get("/api/public/packages").json()]
    assert old in listed and new not in listed
    # the correction goes through the workflow
    admin = signed_in(app, demo, "admin")
    for action in ("submit", "approve", "publish"):
        assert admin.act(new, action).status_code == 303
    listed = [p["id"] for p in public.get("/api/public/packages").json()]
    assert new in listed and old not in listed  # the current version only
    new_page = public.get(f"/public/packages/{new}").text
    assert f"更正说明：{NOTE}" in new_page and f'href="/public/packages/{old}"' in new_page
    old_page = public.get(f"/public/packages/{old}")
    assert old_page.status_code == 200  # the old version stays readable, marked
    assert "本文件已于" in old_page.text and f'href="/public/packages/{new}"' in old_page.text
    # the superseded version cannot be corrected again (two current versions), the latest can
    twice = filer.post(f"/packages/{old}/correct", {"change_note": "再改"})
    assert twice.status_code == 409 and f"已被第 {new} 号文件更正" in twice.text
    assert filer.post(f"/packages/{new}/correct", {"change_note": "再改"}).status_code == 303
    # statistics count the current version only
    assert "已公开文件 1 份" in public.get("/public/stats").text
    detail = public.get(f"/api/packages/{new}").json()
    assert (detail["supersedes_id"], detail["change_note"]) == (old, NOTE)
    with app.state.sessions() as session:
        audit = session.scalars(
            select(AuditLog).where(AuditLog.action == "package.correct").order_by(AuditLog.id)
        ).first()
        assert audit is not None
    assert json.loads(audit.after_json or "{}")["change_note"] == NOTE


def test_corrections_are_refused_when_they_make_no_sense(app: FastAPI, demo: Demo) -> None:
    filer = signed_in(app, demo, "filer")
    draft = demo.draft.id
    response = filer.post(f"/packages/{draft}/correct", {"change_note": NOTE})
    assert response.status_code == 409 and "未发布的文件可直接修改" in response.text
    empty = filer.post(f"/packages/{demo.published.id}/correct", {"change_note": "  "})
    assert empty.status_code == 400 and "更正说明" in empty.text
    reviewer = signed_in(app, demo, "dept_reviewer")
    denied = reviewer.post(f"/packages/{demo.published.id}/correct", {"change_note": NOTE})
    assert denied.status_code == 403
    with app.state.sessions() as session:
        assert session.scalar(select(Package).where(Package.supersedes_id.is_not(None))) is None


def test_a_draft_can_be_discarded_and_nothing_else(app: FastAPI, demo: Demo) -> None:
    filer = signed_in(app, demo, "filer")
    draft = demo.draft.id
    assert "删除草稿" in filer.get(f"/packages/{draft}").text
    reviewer = signed_in(app, demo, "dept_reviewer")
    assert reviewer.post(f"/packages/{draft}/discard", {"version": 1}).status_code == 403
    assert filer.post(f"/packages/{draft}/discard", {"version": 99}).status_code == 409
    published = filer.post(f"/packages/{demo.published.id}/discard", {"version": 4})
    assert published.status_code == 409 and "只能删除尚未提交的草稿" in published.text
    response = filer.post(f"/packages/{draft}/discard", {"version": filer.package(draft).version})
    assert response.status_code == 303
    assert filer.get(f"/packages/{draft}").status_code == 404
    with app.state.sessions() as session:
        audit = session.scalars(
            select(AuditLog).where(
                AuditLog.action == "package.discard", AuditLog.object_id == draft
            )
        ).one()
    before = json.loads(audit.before_json or "{}")
    assert before["status"] == "draft" and len(before["model_sha256"]) == 64
    assert audit.after_json is None
