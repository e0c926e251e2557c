"""Races, for real: fifty requests at once through a live server on SQLite and PostgreSQL.
Exactly one wins each contested version; the others get a Chinese 409, never a 500; the
database keeps one correction per version (its unique indexes) and ids are never reused."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from tests.helpers.live import serve, token_for
from tests.helpers.web import BUDGET, Browser
from yusuan.web.db import AuditLog, Package
from yusuan.web.seed import Demo

N = 50
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _session(base: str, demo: Demo, username: str) -> tuple[httpx.Client, str]:
    """A signed-in browser session and its CSRF token."""
    password = {a.username: a.password for a in demo.accounts}[username]
    client = httpx.Client(base_url=base, timeout=60)
    token = TOKEN.search(client.get("/login").text)
    assert token
    signed = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token[1]}
    )
    assert signed.status_code == 303, signed.text
    token = TOKEN.search(client.get("/").text)
    assert token
    return client, token[1]


def _at_once(call: Any) -> list[httpx.Response]:
    with ThreadPoolExecutor(N) as pool:
        return list(pool.map(lambda _: call(), range(N)))


def _one_winner(responses: list[httpx.Response], won: int) -> None:
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [won] + [409] * (N - 1), statuses
    for r in responses:
        if r.status_code == 409:
            assert "Internal Server Error" not in r.text
            assert re.search(r"[\u4e00-\u9fff]", r.text), r.text


def test_fifty_parallel_corrections_make_one(app: FastAPI, demo: Demo) -> None:
    with serve(app) as base:
        client, csrf = _session(base, demo, "filer")
        responses = _at_once(
            lambda: client.post(
                f"/packages/{demo.published.id}/correct",
                data={"csrf_token": csrf, "change_note": "更正一处笔误"},
            )
        )
        _one_winner(responses, 303)
    with app.state.sessions() as session:
        made = session.scalar(
            select(func.count()).where(Package.supersedes_id == demo.published.id)
        )
    assert made == 1


def test_fifty_parallel_saves_and_transitions_have_one_winner(app: FastAPI, demo: Demo) -> None:
    filer = token_for(app, "filer")
    reviewer = token_for(app, "dept_reviewer")
    pid = demo.draft.id
    with serve(app) as base:
        client, csrf = _session(base, demo, "filer")
        edits = _at_once(
            lambda: client.post(
                f"/packages/{pid}/edit",
                data={"csrf_token": csrf, "version": "1", "title": "同时修改", "year": "2026"},
            )
        )
        _one_winner(edits, 303)
        submits = _at_once(
            lambda: httpx.post(
                f"{base}/api/packages/{pid}/submit",
                json={"version": 2},
                headers={"Authorization": f"Bearer {filer}"},
                timeout=60,
            )
        )
        _one_winner(submits, 200)
        detail = submits[[r.status_code for r in submits].index(200)].json()
        key = detail["findings"][0]["key"]
        decisions = _at_once(
            lambda: httpx.post(
                f"{base}/api/packages/{pid}/decisions",
                json={"version": detail["version"], "finding_key": key, "decision": "accept"},
                headers={"Authorization": f"Bearer {reviewer}"},
                timeout=60,
            )
        )
        _one_winner(decisions, 200)
        assert all(r.json()["detail"] for r in decisions if r.status_code == 409)


def test_a_discarded_drafts_id_is_never_reused(app: FastAPI, demo: Demo) -> None:
    browser = Browser(app, demo)
    browser.login("filer")
    gone = demo.draft.id
    assert browser.post(f"/packages/{gone}/discard", {"version": "1"}).status_code == 303
    new = browser.uploaded(browser.upload(BUDGET))
    assert new > gone
    with app.state.sessions() as session:
        creations = session.scalar(
            select(func.count()).where(
                AuditLog.object_type == "packages",
                AuditLog.object_id == new,
                AuditLog.action == "package.create",
            )
        )
    assert creations == 1
