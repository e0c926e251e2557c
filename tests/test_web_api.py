"""The JSON API's writes with API tokens: create a token on /tokens, then upload, replace,
decide, submit, approve and publish as machine clients; every denial (no token, a session
cookie, a wrong or revoked token, another unit, a stale version) on SQLite and PostgreSQL."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import CONSISTENT
from tests.helpers.web import BUDGET, Browser, Machine, add_unit_user, make_token, signed_in
from yusuan.web.db import ROLE_FILER, ApiToken, AuditLog
from yusuan.web.seed import Demo


def machines(app: FastAPI, demo: Demo, *usernames: str) -> list[Machine]:
    return [Machine(app, make_token(signed_in(app, demo, u))) for u in usernames]


def test_token_is_shown_once_and_only_its_digest_is_stored(app: FastAPI, demo: Demo) -> None:
    browser = signed_in(app, demo, "filer")
    token = make_token(browser, "导入程序")
    page = browser.get("/tokens").text
    assert "导入程序" in page and "有效" in page
    assert token not in page  # shown once
    with app.state.sessions() as session:
        row = session.scalars(select(ApiToken)).one()
        audit = session.scalars(select(AuditLog).where(AuditLog.action == "token.create")).one()
    assert token not in row.token_sha256 and len(row.token_sha256) == 64
    assert token not in (audit.after_json or "") and row.token_sha256 not in (
        audit.after_json or ""
    )
    assert Machine(app, token).get("/api/packages").status_code == 200


def test_api_workflow_with_tokens(app: FastAPI, demo: Demo) -> None:
    filer, dept, finance = machines(app, demo, "filer", "dept_reviewer", "finance_reviewer")
    created = filer.upload(BUDGET)
    assert created.status_code == 202, created.text  # queued: read in the background
    assert created.json()["state"] in ("queued", "running", "done")
    package = filer.uploaded(created)
    pid = package["id"]
    assert package["status"] == "draft"
    assert package["findings_summary"]["error"] == 10
    assert {f["rule"] for f in package["findings"]} >= {"A001"}

    replacing = filer.replace(pid, CONSISTENT, package["version"])
    assert filer.wait(replacing)["package_id"] == pid
    replaced = filer.get(f"/api/packages/{pid}")
    assert replaced.json()["findings_summary"]["error"] == 0
    version = replaced.json()["version"]
    for machine, action, status in (
        (filer, "submit", "submitted"),
        (dept, "approve", "submitted"),  # on to 财政复审
        (finance, "approve", "approved"),
    ):
        response = machine.post(f"/api/packages/{pid}/{action}", {"version": version})
        assert response.status_code == 200, (action, response.text)
        assert response.json()["status"] == status
        version = response.json()["version"]
    # publishing is a job: 202 and its address at once, the package published by a worker
    assert finance.publish(pid, version)["status"] == "published"
    public = TestClient(app).get("/api/public/packages").json()
    assert pid in [p["id"] for p in public]


def test_api_decisions_unblock_approval(app: FastAPI, demo: Demo) -> None:
    filer, dept = machines(app, demo, "filer", "dept_reviewer")
    package = filer.uploaded(filer.upload(BUDGET))
    pid = package["id"]
    version = filer.post(f"/api/packages/{pid}/submit", {"version": package["version"]}).json()[
        "version"
    ]
    refused = dept.post(f"/api/packages/{pid}/approve", {"version": version})
    assert refused.status_code == 409
    assert "个错误未豁免" in refused.json()["detail"]
    errors = [f for f in package["findings"] if f["severity"] == "error"]
    no_reason = dept.post(
        f"/api/packages/{pid}/decisions",
        {"version": version, "finding_key": errors[0]["key"], "decision": "waive"},
    )
    assert no_reason.status_code == 400
    assert "豁免理由" in no_reason.json()["detail"]
    for f in errors:
        response = dept.post(
            f"/api/packages/{pid}/decisions",
            {"version": version, "finding_key": f["key"], "decision": "waive", "reason": "已核实"},
        )
        assert response.status_code == 200, response.text
        version = response.json()["version"]
        decided = {x["key"]: x["decision"] for x in response.json()["findings"]}
        assert decided[f["key"]] == "waive"
    approved = dept.post(f"/api/packages/{pid}/approve", {"version": version})
    assert approved.status_code == 200, approved.text


def test_api_writes_are_denied_without_a_valid_token(app: FastAPI, demo: Demo) -> None:
    browser = signed_in(app, demo, "filer")
    token = make_token(browser)
    draft = demo.draft.id
    body = {"version": 1}
    anonymous = TestClient(app).post(f"/api/packages/{draft}/submit", json=body)
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"] == "Bearer"
    assert "接口令牌" in anonymous.json()["detail"]
    # a signed-in browser session is not enough to write through the API
    cookie = browser.client.post(f"/api/packages/{draft}/submit", json=body)
    assert cookie.status_code == 401
    for header in ("Bearer ys_wrong", "Basic abc", "Bearer "):
        response = TestClient(app).post(
            f"/api/packages/{draft}/submit", json=body, headers={"Authorization": header}
        )
        assert response.status_code == 401, header
        assert response.json()["detail"]
    # revoked: refused from then on, reads included
    machine = Machine(app, token)
    assert machine.get("/api/packages").status_code == 200
    with app.state.sessions() as session:
        token_id = session.scalars(select(ApiToken.id)).one()
    assert browser.post(f"/tokens/{token_id}/revoke").status_code == 303
    assert "已撤销" in browser.get("/tokens").text
    assert machine.get("/api/packages").status_code == 401
    assert browser.post(f"/tokens/{token_id}/revoke").status_code == 409
    assert Browser(app).client.get("/tokens", follow_redirects=False).status_code == 303


def test_api_tokens_act_with_their_users_rights(app: FastAPI, demo: Demo) -> None:
    add_unit_user(
        app, "重庆市綦江区教育委员会", "主管部门", "重庆市綦江区财政局", "other", ROLE_FILER
    )
    own = Machine(app, make_token(signed_in(app, demo, "filer")))
    stranger_browser = Browser(app)
    stranger_browser.login("other", "password-123")
    stranger = Machine(app, make_token(stranger_browser))
    draft = demo.draft.id
    assert stranger.get(f"/api/packages/{draft}").status_code == 403
    assert stranger.post(f"/api/packages/{draft}/submit", {"version": 1}).status_code == 403
    assert stranger.replace(draft, CONSISTENT, 1).status_code == 403
    # another user's token cannot be revoked through one's own session
    with app.state.sessions() as session:
        first = session.scalars(select(ApiToken).order_by(ApiToken.id)).first()
        assert first is not None
    assert stranger_browser.post(f"/tokens/{first.id}/revoke").status_code == 404
    # the filer's own token works, with optimistic locking
    assert own.post(f"/api/packages/{draft}/submit", {"version": 99}).status_code == 409
    assert own.post(f"/api/packages/{draft}/frobnicate", {"version": 1}).status_code == 400
    response = own.post(f"/api/packages/{draft}/submit", {"version": "x"})
    assert response.status_code == 400 and "version" in response.json()["detail"]
    assert own.post(f"/api/packages/{draft}/publish", {"version": 1}).status_code == 403


def test_api_upload_errors_are_chinese_and_store_nothing(app: FastAPI, demo: Demo) -> None:
    [filer] = machines(app, demo, "filer")
    before = filer.get("/api/packages").json()
    bad = filer.client.post(
        "/api/packages",
        files={"file": ("坏文件.xlsx", b"not a workbook", "application/octet-stream")},
        headers=filer.headers,
    )
    job = filer.wait(bad)  # queued, then failed with the reader's message and its status
    assert (job["state"], job["error_status"], job["package_id"]) == ("failed", 400, None)
    assert "坏文件.xlsx" in job["error"]
    missing = filer.client.post("/api/packages", data={"title": "x"}, headers=filer.headers)
    assert missing.status_code == 400
    assert filer.get("/api/packages").json() == before


def test_pages_ignore_authorization_headers(app: FastAPI, demo: Demo) -> None:
    """A proxy's Basic auth or a stale token must not lock anyone out of the pages."""
    browser = signed_in(app, demo, "filer")
    for header in ("Basic dXNlcjpwYXNz", "Bearer ys_revoked-or-wrong"):
        headers = {"Authorization": header}
        assert TestClient(app).get("/public", headers=headers).status_code == 200
        assert TestClient(app).get("/login", headers=headers).status_code == 200
        page = browser.client.get("/", headers=headers, follow_redirects=False)
        assert page.status_code == 200 and "工作台" in page.text
        assert TestClient(app).get("/api/packages", headers=headers).status_code == 401
