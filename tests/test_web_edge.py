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


def _multipart(filename: bytes, data: bytes, **fields: str) -> tuple[bytes, dict[str, str]]:
    """A form with one file part whose name is sent as raw bytes (a client library would
    percent-encode a NUL), and ``fields``."""
    parts = b"".join(
        f'--XX\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    )
    body = (
        parts
        + b'--XX\r\nContent-Disposition: form-data; name="file"; filename="'
        + filename
        + b'"\r\nContent-Type: text/plain\r\n\r\n'
        + data
        + b"\r\n--XX--\r\n"
    )
    return body, {"Content-Type": "multipart/form-data; boundary=XX"}


def test_a_file_name_with_control_or_direction_characters_is_a_chinese_400(
    app: FastAPI, demo: Demo
) -> None:
    """The name is stored and shown: NUL (PostgreSQL refuses it), other controls, and the marks
    that turn text's direction (「预算\u202etxt.exe」 reads 「预算exe.txt」) are refused."""
    from sqlalchemy import func, select

    from tests.helpers.web import BUDGET
    from yusuan.web.db import Package

    def packages() -> int:
        with app.state.sessions() as session:
            return int(session.scalar(select(func.count()).select_from(Package)) or 0)

    before = packages()
    client = TestClient(app, raise_server_exceptions=False)
    token = {"Authorization": f"Bearer {token_for(app, 'filer')}"}
    for name in (b"a\x00b.txt", b"a\x01b.txt", b"a\tb.txt", "预算\u202etxt.exe".encode()):
        body, headers = _multipart(name, BUDGET.read_bytes())
        answer = client.post("/api/packages", content=body, headers={**token, **headers})
        assert answer.status_code == 400, (name, answer.text)
        assert "文件名中含有不允许的控制字符" in answer.json()["detail"]
    browser = Browser(app, demo)
    browser.login("filer")
    browser.client = TestClient(app, raise_server_exceptions=False, cookies=browser.client.cookies)
    body, headers = _multipart(
        b"c\x00d.txt", BUDGET.read_bytes(), csrf_token=browser.token(), year="2026"
    )
    page = browser.client.post("/upload", content=body, headers=headers)
    assert page.status_code == 400, page.text
    assert "文件名中含有不允许的控制字符" in page.text
    assert packages() == before  # nothing stored
    ordinary, headers = _multipart("预算 2026.txt".encode(), BUDGET.read_bytes())
    assert (
        client.post("/api/packages", content=ordinary, headers={**token, **headers}).status_code
        == 202
    )


def test_people_sign_in_and_read_while_the_disk_is_full(
    app: FastAPI, demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sign-in's bookkeeping (its audit row, the back-off counter cleared) is skipped on a
    full disk — the session is a signed cookie — so people still sign in and read; a failed
    login, which must be counted, is refused with 507; any other error is not swallowed."""
    from yusuan.web import store
    from yusuan.web.counters import Counters

    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store, "record_login", full)
    monkeypatch.setattr(Counters, "forget", full)
    browser = Browser(app, demo)
    assert browser.login("filer").status_code == 303
    assert browser.get(f"/packages/{demo.draft.id}").status_code == 200
    assert browser.get("/").status_code == 200
    monkeypatch.setattr(Counters, "change", full)
    stranger = Browser(app, demo)
    stranger.client = TestClient(app, raise_server_exceptions=False)
    wrong = stranger.login("filer", "wrong-password")
    assert wrong.status_code == 507 and "磁盘空间已满" in wrong.text

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("not a full disk")

    monkeypatch.undo()  # the disk has room again; the audit write fails otherwise
    monkeypatch.setattr(store, "record_login", broken)
    other = Browser(app, demo)
    other.client = TestClient(app, raise_server_exceptions=False)
    assert other.login("filer").status_code == 500
