"""The web platform (yusuan.web) through FastAPI's TestClient on a temporary SQLite database."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from tests.conftest import CONSISTENT
from tests.helpers.web import (
    BUDGET,
    SCRIPT,
    Browser,
    add_package,
    add_unit_user,
    counts,
    make_app,
    signed_in,
)
from yusuan.check import check_package
from yusuan.inputs import SUPPORTED
from yusuan.pipeline import load_bytes
from yusuan.web import store
from yusuan.web.app import create_app
from yusuan.web.db import (
    ROLE_DEPT_REVIEWER,
    ROLE_FILER,
    AppendOnlyError,
    AuditLog,
    Base,
    Decision,
    Derived,
    Package,
    Unit,
)
from yusuan.web.derived import derived, profile
from yusuan.web.present import outline
from yusuan.web.seed import Demo, seed_demo

PROFILE = "chongqing-2026"


# --- fixtures and helpers ------------------------------------------------------------------


# --- sign-in, sessions, CSRF, rate limiting --------------------------------------------------


def test_login_success_sets_a_safe_session_cookie(app: FastAPI, demo: Demo) -> None:
    browser = Browser(app, demo)
    response = browser.login("filer")
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    page = browser.get("/")
    assert page.status_code == 200
    assert "filer（单位填报员）" in page.text
    assert "草稿" in page.text


def test_login_failure_is_401_in_chinese(app: FastAPI, demo: Demo) -> None:
    browser = Browser(app, demo)
    wrong = browser.login("filer", "not-the-password")
    assert wrong.status_code == 401
    assert "用户名或密码错误" in wrong.text
    nobody = browser.login("nobody", "whatever-123")
    assert nobody.status_code == 401
    assert browser.get("/").headers["location"] == "/public"  # still anonymous


def test_logout_ends_the_session(app: FastAPI, demo: Demo) -> None:
    browser = signed_in(app, demo, "filer")
    assert browser.post("/logout").status_code == 303
    browser.signed_in = False
    assert browser.get("/").headers["location"] == "/public"
    assert browser.get(f"/packages/{demo.draft.id}").status_code == 404


def test_login_rate_limited_per_username_and_address(app: FastAPI, demo: Demo) -> None:
    now = [1000.0]
    app.state.limiter.clock = lambda: now[0]
    browser = Browser(app, demo)
    for _ in range(5):
        assert browser.login("filer", "wrong-password").status_code == 401
    blocked = browser.login("filer")  # even the right password
    assert blocked.status_code == 429
    assert "登录失败次数过多" in blocked.text
    assert browser.login("admin").status_code == 303  # another username is not blocked
    now[0] += 301
    assert Browser(app, demo).login("filer").status_code == 303


def test_post_without_csrf_token_is_403(app: FastAPI, demo: Demo) -> None:
    browser = Browser(app, demo)
    response = browser.client.post(
        "/login",
        data={"username": "filer", "password": demo.accounts[0].password},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert "请求校验失败" in response.text
    browser = signed_in(app, demo, "filer")
    version = browser.package(demo.draft.id).version
    for token in ("", "forged"):
        response = browser.client.post(
            f"/packages/{demo.draft.id}/submit",
            data={"version": version, "csrf_token": token},
            follow_redirects=False,
        )
        assert response.status_code == 403
        assert "请求校验失败" in response.text
    assert browser.package(demo.draft.id).status == "draft"


# --- upload -----------------------------------------------------------------------------


def test_upload_sample_creates_a_draft(app: FastAPI, demo: Demo) -> None:
    browser = signed_in(app, demo, "filer")
    before = counts(app)
    package_id = browser.uploaded(browser.upload(BUDGET))
    package = browser.package(package_id)
    assert package.status == "draft"
    assert package.version == 1
    assert package.year == 2026
    assert package.source_name == BUDGET.name
    assert "重庆市綦江区政务服务管理办公室" in package.title
    assert counts(app) == (before[0] + 1, before[1] + 1)
    page = browser.get(f"/packages/{package_id}")
    assert page.status_code == 200
    assert "错误 10" in page.text
    assert "部门收支总表" in page.text
    assert f'action="/packages/{package_id}/submit"' in page.text


def test_upload_with_title_year_and_a_path_as_name(app: FastAPI, demo: Demo) -> None:
    browser = signed_in(app, demo, "filer")
    response = browser.upload(CONSISTENT, name="C:\\文件\\预算.txt", title="更正稿", year="2027")
    package = browser.package(browser.uploaded(response))
    assert (package.title, package.year, package.source_name) == ("更正稿", 2027, "预算.txt")


@pytest.mark.parametrize("size", [20_000, 200_000])
def test_upload_too_large_is_413_and_stores_nothing(tmp_path: Path, size: int) -> None:
    # 20 KB passes the Content-Length check (limit + form overhead) and is stopped while the
    # file is read; 200 KB is refused from its Content-Length alone
    app = make_app(tmp_path, max_upload_bytes=10_000)
    with app.state.sessions() as session:
        demo = seed_demo(session)
    browser = signed_in(app, demo, "filer")
    before = counts(app)
    body = BUDGET.read_bytes() * (size // 30_000 + 1)
    response = browser.post("/upload", files={"file": ("big.txt", body[:size], "text/plain")})
    assert response.status_code == 413
    assert "超过大小上限" in response.text
    assert counts(app) == before


def test_upload_streamed_past_the_limit_is_cut_off(tmp_path: Path) -> None:
    app = make_app(tmp_path, max_upload_bytes=10_000)
    with app.state.sessions() as session:
        demo = seed_demo(session)
    browser = signed_in(app, demo, "filer")
    token = browser.token()
    before = counts(app)
    boundary = "yusuanboundary"

    def chunks() -> Iterator[bytes]:  # no Content-Length: chunked transfer
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
            f'{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            'filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n'
        ).encode()
        for _ in range(200):
            yield b"x" * 1024
        yield f"\r\n--{boundary}--\r\n".encode()

    response = browser.client.post(
        "/upload",
        content=chunks(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        follow_redirects=False,
    )
    assert response.status_code == 413
    assert counts(app) == before


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.pdf", b"%PDF-1.7 not really a pdf", "PDF"),
        ("empty.txt", b"", "文件为空"),
        ("novel.txt", "从前有座山，山里有座庙。\n".encode() * 50, "不是预决算公开文件"),
        ("model.json", b"{not json", "JSON"),
        ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "无法读取"),
    ],
)
def test_unreadable_upload_is_400_and_stores_nothing(
    app: FastAPI, demo: Demo, name: str, data: bytes, message: str
) -> None:
    """The upload is queued; its job fails with the reader's Chinese message and the status
    the message means (400), shown on the job's page with the form again; nothing is kept."""
    browser = signed_in(app, demo, "filer")
    before = counts(app)
    response = browser.post("/upload", files={"file": (name, data, "application/octet-stream")})
    job = browser.job(response)
    assert (job["state"], job["error_status"], job["package_id"]) == ("failed", 400, None)
    assert message in job["error"]
    page = browser.get(response.headers["location"])
    assert message in page.text
    assert "Traceback" not in page.text
    assert 'action="/upload"' in page.text  # the form, to try again
    assert counts(app) == before


def test_upload_form_errors_are_400(app: FastAPI, demo: Demo) -> None:
    browser = signed_in(app, demo, "filer")
    before = counts(app)
    assert "请选择要上传的文件" in browser.post("/upload").text
    files = {"file": (BUDGET.name, BUDGET.read_bytes(), "text/plain")}
    response = browser.post("/upload", {"year": "明年"}, files=files)
    assert response.status_code == 400
    assert "年度应为整数" in response.text
    assert counts(app) == before


def test_only_filers_and_admins_upload(app: FastAPI, demo: Demo) -> None:
    before = counts(app)
    reviewer = signed_in(app, demo, "dept_reviewer")
    response = reviewer.upload(BUDGET)
    assert response.status_code == 403
    assert "只有单位填报员可以上传" in response.text
    assert reviewer.get("/upload").status_code == 403
    assert Browser(app, demo).upload(BUDGET).status_code == 403  # anonymous
    assert Browser(app, demo).get("/upload").headers["location"] == "/login"
    admin = signed_in(app, demo, "admin")
    assert admin.upload(BUDGET).status_code == 400  # must choose a unit
    with app.state.sessions() as session:
        unit = session.scalar(select(Unit).where(Unit.kind == "二级单位"))
        assert unit is not None
    package = admin.package(admin.uploaded(admin.upload(BUDGET, unit_id=str(unit.id))))
    assert package.unit_id == unit.id
    assert counts(app)[0] == before[0] + 1


def test_the_upload_page_names_the_formats_read(app: FastAPI, demo: Demo) -> None:
    """The list the error messages and ``yusuan check --help`` give too (yusuan.inputs)."""
    page = signed_in(app, demo, "filer").get("/upload")
    assert page.status_code == 200
    assert f"支持 {SUPPORTED}，以及 yusuan 导出的 .json 模型和填报模板；" in page.text


# --- authorization ----------------------------------------------------------------------


POSTS = [
    "submit",
    "return",
    "approve",
    "publish",
    "decide",
    "edit",
    "upload",
    "discard",
    "correct",
    "tables/1",
    "tables/1/preview",
    "performance",
    "performance/monitor",
]
#: pages of a package beyond its own page (each must refuse like it)
PACKAGE_PAGES = [
    "tables/1",
    "tables/1/edit",
    "findings/k",
    "performance",
    "original/pages/1",
    "original/pages/1.png",
]


def test_another_units_filer_gets_403_everywhere(app: FastAPI, demo: Demo) -> None:
    add_unit_user(
        app, "重庆市綦江区教育委员会", "主管部门", "重庆市綦江区财政局", "other", ROLE_FILER
    )
    browser = Browser(app, demo)
    assert browser.login("other", "password-123").status_code == 303
    draft = demo.draft.id
    pages = [f"/packages/{draft}/{p}" for p in PACKAGE_PAGES]
    for path in (f"/packages/{draft}", f"/api/packages/{draft}", *pages):
        response = browser.get(path)
        assert response.status_code == 403, path
        assert "无权查看其他单位" in response.text
    before = counts(app)
    for action in POSTS:
        response = browser.post(
            f"/packages/{draft}/{action}",
            {"version": 1, "reason": "x", "title": "x", "year": "2026", "finding_key": "k"},
            files={"file": (BUDGET.name, BUDGET.read_bytes(), "text/plain")},
        )
        assert response.status_code == 403, action
    assert counts(app) == before
    listed = {p["id"] for p in browser.get("/api/packages").json()}
    assert listed == set()
    assert "暂无可查看的预算文件" in browser.get("/").text
    # a published package is public, to everyone
    assert browser.get(f"/packages/{demo.published.id}").status_code == 200


def test_anonymous_gets_404_for_unpublished(app: FastAPI, demo: Demo) -> None:
    browser = Browser(app, demo)
    draft = demo.draft.id
    for path in (
        f"/packages/{draft}",
        f"/api/packages/{draft}",
        f"/public/packages/{draft}",
        f"/public/packages/{draft}/download.json",
        "/packages/9999",
        "/api/packages/9999",
        *(f"/packages/{draft}/{p}" for p in PACKAGE_PAGES),
    ):
        response = browser.get(path)
        assert response.status_code == 404, path
        assert "不存在或尚未公开" in response.text
    for action in POSTS:
        response = browser.post(f"/packages/{draft}/{action}", {"version": 1})
        assert response.status_code == 404, action
    published = demo.published.id
    assert browser.get(f"/packages/{published}").headers["location"] == (
        f"/public/packages/{published}"
    )
    assert browser.post(f"/packages/{published}/edit", {"version": 1}).status_code == 403
    assert [p["id"] for p in browser.get("/api/packages").json()] == [published]
    assert browser.get(f"/api/packages/{published}").status_code == 200


def test_roles_may_only_do_their_part(app: FastAPI, demo: Demo) -> None:
    draft = demo.draft.id
    filer = signed_in(app, demo, "filer")
    assert filer.act(draft, "submit").status_code == 303
    for action in ("approve", "return", "publish"):
        response = filer.act(draft, action, reason="x")
        assert response.status_code == 403, action
        assert "单位填报员" in response.text
    response = filer.act(draft, "decide", finding_key="k", decision="accept")
    assert response.status_code == 403
    dept = signed_in(app, demo, "dept_reviewer")
    assert dept.act(draft, "edit", title="x", year="2026").status_code == 403
    assert dept.act(draft, "approve").status_code == 409  # allowed, but errors not waived
    assert dept.act(draft, "return", reason="请修改").status_code == 303
    assert dept.act(draft, "submit").status_code == 403
    assert dept.package(draft).status == "returned"


def test_department_reviewer_sees_its_subtree_only(app: FastAPI, demo: Demo) -> None:
    with app.state.sessions() as session:
        sub = session.scalar(select(Unit).where(Unit.kind == "二级单位"))
        assert sub is not None
        sub_id = sub.id
    other_id = add_unit_user(
        app, "重庆市綦江区教育委员会", "主管部门", "重庆市綦江区财政局", "edu", ROLE_DEPT_REVIEWER
    )
    child = add_package(app, sub_id)
    foreign = add_package(app, other_id)
    dept = signed_in(app, demo, "dept_reviewer")
    listed = {p["id"] for p in dept.get("/api/packages").json()}
    assert {child, demo.draft.id, demo.published.id} <= listed
    assert foreign not in listed
    assert dept.get(f"/packages/{child}").status_code == 200
    assert dept.get(f"/packages/{foreign}").status_code == 403
    finance = signed_in(app, demo, "finance_reviewer")
    assert {child, foreign} <= {p["id"] for p in finance.get("/api/packages").json()}


# --- workflow ---------------------------------------------------------------------------


def test_full_workflow(app: FastAPI, demo: Demo) -> None:
    filer = signed_in(app, demo, "filer")
    pid = filer.uploaded(filer.upload(CONSISTENT))
    dept = signed_in(app, demo, "dept_reviewer")
    finance = signed_in(app, demo, "finance_reviewer")
    assert dept.get(f"/packages/{pid}").text.count('action="/packages/') == 0  # draft: nothing
    steps = [
        (filer, "submit", {}, "submitted"),
        (dept, "return", {"reason": "请补充三公经费说明"}, "returned"),
        (filer, "submit", {}, "submitted"),
        (dept, "approve", {}, "submitted"),  # 主管部门审核 passed: on to 财政复审
        (finance, "approve", {}, "approved"),
        (finance, "publish", {}, "published"),
    ]
    for browser, action, data, status in steps:
        response = browser.act(pid, action, **data)
        assert response.status_code == 303, (action, response.text)
        assert browser.package(pid).status == status
    package = filer.package(pid)
    assert package.version == 7
    assert package.approved_at is not None
    assert package.published_at is not None
    page = filer.get(f"/packages/{pid}").text
    assert "请补充三公经费说明" in page
    assert "已发布" in page
    with app.state.sessions() as session:
        rows = session.scalars(
            select(AuditLog)
            .where(AuditLog.object_type == "packages", AuditLog.object_id == pid)
            .order_by(AuditLog.id)
        ).all()
    assert [r.action for r in rows] == [
        "package.create",
        "package.submit",
        "package.return",
        "package.submit",
        "package.forward",
        "package.approve",
        "package.publish",
    ]
    transitions = [
        (json.loads(r.before_json)["status"], json.loads(r.after_json)["status"])
        for r in rows[1:]
        if r.before_json and r.after_json
    ]
    assert transitions == [
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "submitted"),
        ("submitted", "approved"),
        ("approved", "published"),
    ]
    assert json.loads(rows[2].after_json or "{}")["reason"] == "请补充三公经费说明"


def test_wrong_state_and_missing_reason(app: FastAPI, demo: Demo) -> None:
    filer = signed_in(app, demo, "filer")
    finance = signed_in(app, demo, "finance_reviewer")
    draft = demo.draft.id
    response = finance.act(draft, "publish")
    assert response.status_code == 409
    assert "不能执行「发布」" in response.text
    filer.act(draft, "submit")
    response = finance.act(draft, "return", reason="   ")
    assert response.status_code == 400
    assert "请填写退回原因" in response.text
    assert filer.package(draft).status == "submitted"


def test_decisions_per_finding_unblock_approval(app: FastAPI, demo: Demo) -> None:
    draft = demo.draft.id
    signed_in(app, demo, "filer").act(draft, "submit")
    dept = signed_in(app, demo, "dept_reviewer")
    blocked = dept.act(draft, "approve")
    assert blocked.status_code == 409
    assert "尚有 10 个错误未豁免" in blocked.text
    findings = dept.get(f"/api/packages/{draft}").json()["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    assert len(errors) == 10
    response = dept.act(draft, "decide", finding_key=errors[0]["key"], decision="waive")
    assert response.status_code == 400
    assert "请填写豁免理由" in response.text
    response = dept.act(
        draft, "decide", finding_key="no-such-finding", decision="waive", reason="x"
    )
    assert response.status_code == 400
    response = dept.act(draft, "decide", finding_key=errors[0]["key"], decision="maybe")
    assert response.status_code == 400
    warning = next(f for f in findings if f["severity"] == "warning")
    assert (
        dept.act(draft, "decide", finding_key=warning["key"], decision="accept").status_code == 303
    )
    for f in errors:
        response = dept.act(
            draft, "decide", finding_key=f["key"], decision="waive", reason=f"已核实：{f['rule']}"
        )
        assert response.status_code == 303
    detail = dept.get(f"/api/packages/{draft}").json()
    decided = {f["key"]: (f["decision"], f["decision_reason"]) for f in detail["findings"]}
    assert decided[errors[0]["key"]] == ("waive", f"已核实：{errors[0]['rule']}")
    assert decided[warning["key"]] == ("accept", None)
    assert detail["version"] == 2 + 11  # submit, then one version per decision
    assert "已豁免 10" in dept.get(f"/packages/{draft}").text
    assert dept.act(draft, "approve").status_code == 303
    with app.state.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Decision)) == 11
    # 财政复审 sees the decisions above and approves in turn; once published, anyone sees the
    # decisions, but not the reviewers' reasons
    finance = signed_in(app, demo, "finance_reviewer")
    assert "已豁免 10" in finance.get(f"/packages/{draft}").text
    assert finance.act(draft, "approve").status_code == 303
    assert finance.act(draft, "publish").status_code == 303
    public = Browser(app, demo).get(f"/api/packages/{draft}").json()["findings"]
    assert {f["decision"] for f in public if f["severity"] == "error"} == {"waive"}
    assert {f["decision_reason"] for f in public} == {None}
    # decisions are taken during review only
    response = dept.act(draft, "decide", finding_key=warning["key"], decision="accept")
    assert response.status_code == 409


def test_stale_version_is_409(app: FastAPI, demo: Demo) -> None:
    draft = demo.draft.id
    filer = signed_in(app, demo, "filer")
    seen = filer.package(draft).version
    assert filer.act(draft, "edit", title="新标题", year="2026").status_code == 303
    response = filer.post(f"/packages/{draft}/submit", {"version": seen})
    assert response.status_code == 409
    assert "已被他人修改" in response.text
    assert filer.package(draft).status == "draft"
    filer.act(draft, "submit")
    dept = signed_in(app, demo, "dept_reviewer")
    key = dept.get(f"/api/packages/{draft}").json()["findings"][0]["key"]
    response = dept.post(
        f"/packages/{draft}/decide",
        {"version": seen, "finding_key": key, "decision": "accept"},
    )
    assert response.status_code == 409
    with app.state.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Decision)) == 0


def test_edit_and_reupload_a_draft(app: FastAPI, demo: Demo) -> None:
    draft = demo.draft.id
    filer = signed_in(app, demo, "filer")
    assert filer.act(draft, "edit", title="改后的标题", year="2026").status_code == 303
    assert filer.package(draft).title == "改后的标题"
    response = filer.post(
        f"/packages/{draft}/upload",
        {"version": filer.package(draft).version},
        files={"file": (CONSISTENT.name, CONSISTENT.read_bytes(), "text/plain")},
    )
    assert filer.uploaded(response) == draft  # read as a job, the draft's model replaced
    package = filer.package(draft)
    assert package.source_name == CONSISTENT.name
    assert package.version == 3
    assert "未发现问题" in filer.get(f"/packages/{draft}").text


def test_check_and_outline_are_stored_with_the_upload_and_redone_for_new_rules(
    app: FastAPI, demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = signed_in(app, demo, "filer")
    package_id = browser.uploaded(browser.upload(BUDGET))
    expected = check_package(load_bytes(BUDGET.read_bytes(), BUDGET.name), profile(PROFILE))

    def stored() -> list[Derived]:
        with app.state.sessions() as session:
            return list(session.scalars(select(Derived).where(Derived.package_id == package_id)))

    [row] = stored()  # stored by the upload itself, before anyone opened the page
    assert (row.errors, row.warnings, row.infos) == tuple(expected.summary.values())
    with app.state.sessions() as session:
        package = session.get(Package, package_id)
        assert package is not None
        # text values (P003's "2025") stay text, amounts stay Decimal: equal to a fresh check
        result = derived(session, package, PROFILE)
        assert result.findings == expected.findings
        assert result.outline == outline(expected.package)
    browser.get(f"/packages/{package_id}")
    assert len(stored()) == 1  # the page read it, did not check again
    monkeypatch.setattr("yusuan.web.derived.build", lambda: "new-rules")
    assert "错误 10" in browser.get(f"/packages/{package_id}").text
    assert sorted(r.build for r in stored())[-1] == "new-rules"  # rules changed: checked again


def test_published_package_is_immutable(app: FastAPI, demo: Demo) -> None:
    pid = demo.published.id
    admin = signed_in(app, demo, "admin")
    before = counts(app)
    for action, data in (
        ("edit", {"title": "篡改", "year": "2026"}),
        ("submit", {}),
        ("return", {"reason": "x"}),
        ("decide", {"finding_key": "k", "decision": "accept"}),
    ):
        response = admin.act(pid, action, **data)
        assert response.status_code == 409, action
    response = admin.post(
        f"/packages/{pid}/upload",
        {"version": admin.package(pid).version},
        files={"file": (BUDGET.name, BUDGET.read_bytes(), "text/plain")},
    )
    assert response.status_code == 409
    assert "已发布的预算公开文件不可修改" in response.text
    assert counts(app) == before
    assert admin.package(pid).title == demo.published.title


# --- public portal, API, downloads ---------------------------------------------------------


def test_public_portal_lists_only_published(app: FastAPI, demo: Demo) -> None:
    browser = Browser(app, demo)
    page = browser.get("/public").text
    assert f"/public/packages/{demo.published.id}" in page
    assert f"/public/packages/{demo.draft.id}" not in page
    assert (
        f"/public/packages/{demo.published.id}" in browser.get("/public?q=政务服务&year=2026").text
    )
    assert "没有找到" in browser.get("/public?q=教育").text
    assert "没有找到" in browser.get("/public?year=2025").text
    assert "没有找到" in browser.get("/public?q=%25").text  # LIKE wildcards are literal
    response = browser.get("/public?year=abc")
    assert response.status_code == 400
    assert "年度应为整数" in response.text
    api = browser.get("/api/public/packages?q=綦江").json()
    assert [p["id"] for p in api] == [demo.published.id]
    assert api[0]["status_label"] == "已发布"
    detail = browser.get(f"/public/packages/{demo.published.id}").text
    assert "情况说明" in detail
    assert "单位基本情况" in detail
    assert "错误 0" in detail


def test_downloads_are_valid_files(app: FastAPI, demo: Demo) -> None:
    browser = Browser(app, demo)
    base = f"/public/packages/{demo.published.id}/download"
    xlsx = browser.get(f"{base}.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.content[:4] == b"PK\x03\x04"
    assert "attachment" in xlsx.headers["content-disposition"]
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert len(workbook.sheetnames) >= 8
    docx = browser.get(f"{base}.docx")
    assert docx.content[:4] == b"PK\x03\x04"
    assert any(
        "政务服务管理办公室" in p.text for p in Document(io.BytesIO(docx.content)).paragraphs
    )
    html = browser.get(f"{base}.html")
    assert html.headers["content-type"].startswith("text/html")
    assert "部门收支总表" in html.text
    data = browser.get(f"{base}.json")
    assert data.json()["package"]["info"]["unit_name"] == "重庆市綦江区政务服务管理办公室"
    back = load_bytes(data.content, "model.json")
    assert back.info.year == 2026
    pdf = browser.get(f"{base}.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
    read_back = load_bytes(pdf.content, "download.pdf")  # a real text layer: it reads back
    assert read_back.info.unit_name == "重庆市綦江区政务服务管理办公室"
    assert {t.kind for t in read_back.tables} == {t.kind for t in back.tables}
    assert browser.get(f"{base}.exe").status_code == 404
    assert browser.get(f"/public/packages/{demo.draft.id}/download.xlsx").status_code == 404


def test_openapi_describes_the_api(app: FastAPI) -> None:
    client = TestClient(app)
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/packages", "/api/packages/{package_id}", "/api/public/packages"} <= set(paths)
    assert not any(p.startswith("/packages") for p in paths)
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN


# --- escaping, bad input, headers --------------------------------------------------------


def test_script_in_text_fields_is_escaped(app: FastAPI, demo: Demo) -> None:
    draft = demo.draft.id
    filer = signed_in(app, demo, "filer")
    filer.act(draft, "edit", title=SCRIPT, year="2026")
    filer.act(draft, "submit")
    dept = signed_in(app, demo, "dept_reviewer")
    assert dept.act(draft, "return", reason=SCRIPT).status_code == 303
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    for page in (dept.get(f"/packages/{draft}").text, dept.get("/").text):
        assert SCRIPT not in page
        assert escaped in page
    login = Browser(app, demo).login(SCRIPT, "x")
    assert SCRIPT not in login.text
    assert escaped in login.text
    assert SCRIPT not in Browser(app, demo).get(f"/public?q={SCRIPT}").text


def test_bad_requests_get_chinese_errors_not_tracebacks(app: FastAPI, demo: Demo) -> None:
    filer = signed_in(app, demo, "filer")
    cases = [
        (filer.get("/packages/abc"), 400, "请求参数有误"),
        (filer.get("/api/packages/abc"), 400, "请求参数有误"),
        (filer.get("/no/such/page"), 404, "不存在"),
        (filer.post(f"/packages/{demo.draft.id}/submit"), 400, "缺少版本号"),
        (filer.post(f"/packages/{demo.draft.id}/submit", {"version": "v1"}), 400, "版本号应为整数"),
        (filer.post(f"/packages/{demo.draft.id}/edit", {"version": 1, "year": "x"}), 400, "年度"),
        (
            filer.post(
                f"/packages/{demo.draft.id}/edit", {"version": 1, "title": "", "year": "2026"}
            ),
            400,
            "请填写标题",
        ),
        (filer.client.put("/public"), 405, "不支持"),
    ]
    for response, status, message in cases:
        assert response.status_code == status, response.text
        assert message in response.text
        assert "Traceback" not in response.text
    assert filer.get("/api/packages/abc").json()["detail"].startswith("请求参数有误")
    big = filer.post("/login", {"username": "x" * 2_000_000})
    assert big.status_code == 413


def test_security_headers(app: FastAPI) -> None:
    response = TestClient(app).get("/public")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "cdn" not in response.text.lower()
    assert TestClient(app).get("/static/style.css").status_code == 200


# --- audit log, database ------------------------------------------------------------------


def _read(browser: Browser, response: Any) -> Any:
    """An upload's response, once its job has made the draft."""
    assert browser.job(response)["state"] == "done"
    return response


def test_every_write_is_audited_with_before_and_after(app: FastAPI, demo: Demo) -> None:
    filer = signed_in(app, demo, "filer")
    dept = signed_in(app, demo, "dept_reviewer")
    draft = demo.draft.id
    writes: list[tuple[Callable[[], Any], list[str]]] = [
        (lambda: _read(filer, filer.upload(CONSISTENT)), ["package.create"]),
        (lambda: filer.act(draft, "edit", title="新标题", year="2026"), ["package.edit"]),
        (lambda: filer.act(draft, "submit"), ["package.submit"]),
        (
            lambda: dept.act(
                draft,
                "decide",
                finding_key=dept.get(f"/api/packages/{draft}").json()["findings"][0]["key"],
                decision="waive",
                reason="口径不同",
            ),
            ["decision.create", "package.decide"],
        ),
        (lambda: dept.act(draft, "return", reason="请修改"), ["package.return"]),
    ]
    for write, actions in writes:
        with app.state.sessions() as session:
            last = session.scalar(select(func.max(AuditLog.id))) or 0
        assert write().status_code == 303
        with app.state.sessions() as session:
            rows = session.scalars(select(AuditLog).where(AuditLog.id > last)).all()
        assert [r.action for r in rows] == actions
        for row in rows:
            assert row.user_id is not None
            assert row.after_json
            if row.action != "package.create" and row.object_type == "packages":
                before = json.loads(row.before_json or "{}")
                after = json.loads(row.after_json)
                assert after["version"] == before["version"] + 1
                assert "model_json" not in after
                assert len(after["model_sha256"]) == 64
    with app.state.sessions() as session:
        decide = session.scalar(select(AuditLog).where(AuditLog.action == "package.decide"))
        assert decide is not None
        assert json.loads(decide.after_json or "{}")["decision"]["reason"] == "口径不同"
        user_rows = session.scalars(select(AuditLog).where(AuditLog.object_type == "users"))
        assert all("password_hash" not in (r.after_json or "") for r in user_rows)


def test_audit_log_is_append_only(app: FastAPI, demo: Demo) -> None:
    with app.state.sessions() as session:
        row = session.scalars(select(AuditLog)).first()
        assert row is not None
        row.action = "tampered"
        with pytest.raises(AppendOnlyError):
            session.commit()
        session.rollback()
        with pytest.raises(DatabaseError, match="append-only"):
            session.execute(text("UPDATE audit_log SET action = 'x'"))
        session.rollback()
        with pytest.raises(DatabaseError, match="append-only"):
            session.execute(text("DELETE FROM audit_log"))


def test_migration_matches_the_models(app: FastAPI) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from yusuan.web.db import MIGRATIONS

    with app.state.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, Base.metadata) == []
        head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
        assert head is not None and int(head) >= 2
        assert context.get_current_revision() == head
    make_app_again = create_app(settings=replace(app.state.settings))  # upgrade is idempotent
    make_app_again.state.engine.dispose()


def test_seed_demo(app: FastAPI, demo: Demo) -> None:
    roles = {a.role for a in demo.accounts}
    assert roles == {"单位填报员", "主管部门审核员", "财政局审核员", "管理员"}
    assert demo.published.status == "published"
    assert demo.draft.status == "draft"
    with app.state.sessions() as session:
        kinds = [u.kind for u in session.scalars(select(Unit).order_by(Unit.id))]
    assert kinds == ["财政局", "主管部门", "二级单位"]
    for account in demo.accounts:
        assert Browser(app, demo).login(account.username).status_code == 303


def test_body_limit_cuts_off_a_streamed_body() -> None:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from yusuan.web.limits import BodyLimitMiddleware

    finished = []

    async def echo(request: Request) -> PlainTextResponse:
        body = await request.body()
        finished.append(len(body))
        return PlainTextResponse(str(len(body)))

    inner = Starlette(routes=[Route("/", echo, methods=["POST"])])
    client = TestClient(BodyLimitMiddleware(inner, lambda path: (100, "太大")))
    assert client.post("/", content=b"x" * 100).text == "100"
    response = client.post("/", content=iter([b"x" * 60, b"x" * 60]))  # chunked, no length
    assert response.status_code == 413
    assert "太大" in response.text
    assert finished == [100]


def test_unexpected_errors_are_a_chinese_500(
    app: FastAPI, demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yusuan.web.routes.public as public

    def boom(*_: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(public, "review", boom)
    client = TestClient(app, raise_server_exceptions=False)
    response = client.get(f"/public/packages/{demo.published.id}")
    assert response.status_code == 500
    assert "服务器内部错误" in response.text
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text


def test_concurrent_writes_conflict_in_the_database(app: FastAPI, demo: Demo) -> None:
    from yusuan.web.db import User
    from yusuan.web.errors import Conflict

    with app.state.sessions() as first, app.state.sessions() as second:
        filer = first.scalar(select(User).where(User.username == "filer"))
        assert filer is not None
        mine = first.get(Package, demo.draft.id)
        theirs = second.get(Package, demo.draft.id)
        assert mine is not None
        assert theirs is not None
        store.transition(first, filer, mine, 1, "submit")
        # the second session still holds version 1: the version check passes in Python, the
        # UPDATE … WHERE version = 1 matches no row
        with pytest.raises(Conflict):
            store.edit_package(second, filer, theirs, 1, "并发修改", 2026)
    assert Browser(app).package(demo.draft.id).title == demo.draft.title


def test_demo_server_refuses_a_busy_port_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    from yusuan.web.__main__ import main

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["--port", str(port)]) == 2
    assert f"端口 {port} 已被占用" in capsys.readouterr().err


def test_upgrading_a_database_with_packages_fills_their_model_digest(tmp_path: Path) -> None:
    """Migration 0006 adds packages.model_sha256 and computes it for the packages stored."""
    import hashlib

    from alembic import command
    from alembic.config import Config

    from yusuan.web.db import MIGRATIONS, make_engine, migrate

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    model = '{"info": "已有的文件"}'
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0005")
        connection.execute(text("INSERT INTO units (id, name, kind) VALUES (1, '某局', '财政局')"))
        connection.execute(
            text(
                "INSERT INTO packages (id, unit_id, year, title, status, version, model_json,"
                " source_name, created_at, updated_at) VALUES (1, 1, 2026, 't', 'draft', 1,"
                " :model, 's', '2026-01-01', '2026-01-01')"
            ),
            {"model": model},
        )
    migrate(engine)
    with engine.connect() as connection:
        digest = connection.execute(text("SELECT model_sha256 FROM packages")).scalar()
    engine.dispose()
    assert digest == hashlib.sha256(model.encode("utf-8")).hexdigest()
