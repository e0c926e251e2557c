"""At the edge: control characters (NUL) in a path, query, form or JSON body are a Chinese
400 — never a PostgreSQL 500; HEAD is answered like GET; a full disk is a Chinese 507."""

from __future__ import annotations

import errno

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.helpers.live import token_for
from tests.helpers.web import Browser
from yusuan.web.seed import Demo


def test_nul_and_control_characters_are_a_chinese_400(app: FastAPI, demo: Demo) -> None:
    client = TestClient(app, raise_server_exceptions=False)
    for path in (
        "/public?q=%00",
        "/public?q=a%01b",
        "/public/packages/1%00",
        "/api/public/packages?q=%00",
    ):
        answer = client.get(path)
        assert answer.status_code == 400, (path, answer.text)
        assert "控制字符" in answer.text
    assert client.get("/public?q=%E6%94%BF%E5%8A%A1").status_code == 200
    browser = Browser(app, demo)
    refused = browser.login("fil\x00er", "x")
    assert refused.status_code == 400
    assert "控制字符" in refused.text
    token = token_for(app, "filer")
    reason = client.post(
        f"/api/packages/{demo.draft.id}/submit",
        json={"version": 1, "reason": "a\x00b"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert reason.status_code == 400, reason.text
    assert "控制字符" in reason.json()["detail"]
    finding = client.post(
        f"/api/packages/{demo.published.id}/decisions",
        json={"version": 1, "finding_key": "a\x00b", "decision": "accept"},
        headers={"Authorization": f"Bearer {token_for(app, 'admin')}"},
    )
    assert finding.status_code in (400, 409), finding.text  # never a 500


def test_head_is_answered_like_get(app: FastAPI, demo: Demo) -> None:
    client = TestClient(app)
    for path in ("/public", f"/public/packages/{demo.published.id}", "/api/public/packages"):
        got, head = client.get(path), client.head(path)
        assert head.status_code == got.status_code == 200
        assert head.content == b""
        assert head.headers["content-type"] == got.headers["content-type"]


def test_a_full_disk_is_reported_as_such(
    app: FastAPI, demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from yusuan.web import store

    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store, "edit_package", full)
    browser = Browser(app, demo)
    browser.login("filer")
    browser.client = TestClient(app, raise_server_exceptions=False, cookies=browser.client.cookies)
    answer = browser.post(
        f"/packages/{demo.draft.id}/edit", {"version": "1", "title": "新标题", "year": "2026"}
    )
    assert answer.status_code == 507
    assert "磁盘空间已满" in answer.text
