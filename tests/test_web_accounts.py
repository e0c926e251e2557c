"""Accounts hardening (issue #19), on SQLite and PostgreSQL: the login back-off per client and
account, sessions revoked at logout, password change and disabling, administrators disabling
users and resetting passwords, the password policy, expiring API tokens, 财政局审核员 scoped
to their region, and the rate limit on anonymous exports, downloads and statistics."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.helpers.web import Browser, Machine, add_package, make_app, make_token, signed_in
from yusuan.web import store
from yusuan.web.db import ROLE_FINANCE_REVIEWER, ApiToken, AuditLog, Package, User, utcnow
from yusuan.web.passwords import check_password, common_passwords
from yusuan.web.seed import Demo, seed_demo

NEW = "橙子-Lantern-2026"


def as_client(browser: Browser, address: str) -> Browser:
    """The browser, sending from another address."""
    browser.client = TestClient(browser.app, client=(address, 50000))
    return browser


def actions(app: FastAPI) -> list[str]:
    with app.state.sessions() as session:
        return [a.action for a in session.scalars(select(AuditLog).order_by(AuditLog.id))]


def user_id(app: FastAPI, username: str) -> int:
    with app.state.sessions() as session:
        user: User | None = session.scalar(select(User).where(User.username == username))
        assert user is not None
        return user.id


# --- login back-off --------------------------------------------------------------------------


def test_login_back_off_is_per_client_and_account(app: FastAPI, demo: Demo) -> None:
    now = [1000.0]
    app.state.limiter.clock = lambda: now[0]
    attacker = as_client(Browser(app, demo), "203.0.113.9")
    for _ in range(5):
        assert attacker.login("admin", "wrong-password").status_code == 401
    blocked = attacker.login("admin")
    assert blocked.status_code == 429 and "登录失败次数过多" in blocked.text
    assert blocked.headers["Retry-After"] == "31"
    # the account itself is not locked: the administrator signs in from elsewhere
    assert as_client(Browser(app, demo), "198.51.100.7").login("admin").status_code == 303
    # each further failure from the attacker doubles its back-off
    now[0] += 31
    assert attacker.login("admin", "wrong-again").status_code == 401
    assert attacker.login("admin").headers["Retry-After"] == "61"
    now[0] += 61
    assert attacker.login("admin", "wrong-again").status_code == 401
    assert attacker.login("admin").headers["Retry-After"] == "121"
    now[0] += 121 + 300  # quiet long enough: forgotten
    assert attacker.login("admin").status_code == 303


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(tmp_path: Path) -> None:
    app = make_app(tmp_path, trusted_proxies=("testclient",))
    with app.state.sessions() as session:
        demo = seed_demo(session)
    one, other = Browser(app, demo), Browser(app, demo)
    one.client.headers["X-Forwarded-For"] = "203.0.113.9"
    other.client.headers["X-Forwarded-For"] = "spoofed, 198.51.100.7"
    for _ in range(5):
        one.login("filer", "wrong-password")
    assert one.login("filer").status_code == 429
    assert other.login("filer").status_code == 303  # the proxy's own address is not the key


# --- sessions ----------------------------------------------------------------------------------


def test_logout_revokes_a_copied_cookie(app: FastAPI, demo: Demo) -> None:
    browser = signed_in(app, demo, "filer")
    thief = TestClient(app, cookies=dict(browser.client.cookies))
    assert thief.get("/", follow_redirects=False).status_code == 200
    assert browser.post("/logout").status_code == 303
    page = thief.get("/", follow_redirects=False)
    assert page.headers["location"] == "/public"
    assert thief.get(f"/packages/{demo.draft.id}").status_code == 404
    assert [p["id"] for p in thief.get("/api/packages").json()] == [demo.published.id]
    assert "user.logout" in actions(app)


def test_password_change_revokes_other_sessions(app: FastAPI, demo: Demo) -> None:
    laptop = signed_in(app, demo, "filer")
    phone = signed_in(app, demo, "filer")
    old = laptop.passwords["filer"]
    cases = [
        ({"current": "wrong-password", "password": NEW, "confirm": NEW}, "当前密码不正确"),
        ({"current": old, "password": NEW, "confirm": NEW + "x"}, "两次输入的新密码不一致"),
        ({"current": old, "password": "password123", "confirm": "password123"}, "过于常见"),
        ({"current": old, "password": "short", "confirm": "short"}, "密码至少 8 位"),
    ]
    for data, message in cases:
        response = laptop.post("/account/password", data)
        assert response.status_code == 400, data
        assert message in response.text
    assert phone.get("/").status_code == 200  # nothing changed yet
    changed = laptop.post("/account/password", {"current": old, "password": NEW, "confirm": NEW})
    assert changed.status_code == 303
    assert "密码已修改" in laptop.get("/account/password").text
    assert laptop.get("/").status_code == 200  # this session renewed
    assert phone.get("/").headers["location"] == "/public"  # the other one revoked
    assert Browser(app, demo).login("filer", old).status_code == 401
    assert Browser(app, demo).login("filer", NEW).status_code == 303
    assert "user.password_change" in actions(app)
    assert laptop.client.post("/account/password", data={"current": NEW}).status_code == 403


def refused_everywhere(app: FastAPI, machine: Machine, browser: Browser) -> None:
    """The token and the cookie both refused: 401 with a Chinese message on the API and on a
    page's JSON request, the login page saying why the session ended."""
    denied = machine.client.get("/api/packages", headers=machine.headers)
    assert denied.status_code == 401, denied.text
    assert "撤销" in denied.json()["detail"] and "修改、重设密码" in denied.json()["detail"]
    assert denied.headers["WWW-Authenticate"] == "Bearer"
    wants_json = {"Accept": "application/json"}
    cookie = browser.client.get("/account/password", headers=wants_json)
    assert cookie.status_code == 401
    assert "登录已失效" in cookie.json()["detail"]
    assert "登录已失效" in browser.get("/login").text  # told once, on the login page
    assert "登录已失效" not in browser.get("/login").text


def test_password_change_revokes_api_tokens(app: FastAPI, demo: Demo) -> None:
    laptop = signed_in(app, demo, "filer")
    phone = signed_in(app, demo, "filer")
    machines = [Machine(app, make_token(phone, name)) for name in ("导入", "同步")]
    for machine in machines:
        assert machine.client.get("/api/packages", headers=machine.headers).status_code == 200
    old = laptop.passwords["filer"]
    changed = laptop.post("/account/password", {"current": old, "password": NEW, "confirm": NEW})
    assert changed.status_code == 303
    assert "接口令牌均已失效" in laptop.get("/account/password").text
    refused_everywhere(app, machines[0], phone)
    assert machines[1].client.get("/api/packages", headers=machines[1].headers).status_code == 401
    assert laptop.get("/account/password").status_code == 200  # the changing session stays
    page = laptop.get("/tokens").text
    assert page.count("已撤销") == 2
    fresh = Machine(app, make_token(laptop, "新令牌"))  # a token made afterwards works
    assert fresh.client.get("/api/packages", headers=fresh.headers).status_code == 200
    with app.state.sessions() as session:
        audit = session.scalar(select(AuditLog).where(AuditLog.action == "user.password_change"))
        assert audit is not None and audit.after_json is not None
        assert '"revoked_tokens": [' in audit.after_json


def test_password_reset_revokes_sessions_and_api_tokens(app: FastAPI, demo: Demo) -> None:
    admin = signed_in(app, demo, "admin")
    filer = signed_in(app, demo, "filer")
    machine = Machine(app, make_token(filer))
    uid = user_id(app, "filer")
    assert admin.post(f"/admin/users/{uid}/password", {"password": NEW}).status_code == 303
    refused_everywhere(app, machine, filer)
    with app.state.sessions() as session:
        live = session.scalars(select(ApiToken).where(ApiToken.revoked_at.is_(None))).all()
        assert live == []
    # the administrator's own session and tokens are untouched
    own = Machine(app, make_token(admin))
    assert own.client.get("/api/packages", headers=own.headers).status_code == 200
    assert admin.get("/admin").status_code == 200


def test_a_disabled_users_cookie_is_refused_with_a_message(app: FastAPI, demo: Demo) -> None:
    admin = signed_in(app, demo, "admin")
    filer = signed_in(app, demo, "filer")
    assert admin.post(f"/admin/users/{user_id(app, 'filer')}/disable").status_code == 303
    wants_json = {"Accept": "application/json"}
    cookie = filer.client.get("/account/password", headers=wants_json)
    assert cookie.status_code == 401 and "登录已失效" in cookie.json()["detail"]


# --- administration ----------------------------------------------------------------------------


def test_admin_disables_enables_and_resets_a_password(app: FastAPI, demo: Demo) -> None:
    admin = signed_in(app, demo, "admin")
    filer = signed_in(app, demo, "filer")
    token = make_token(filer)
    machine = Machine(app, token)
    assert machine.client.get("/api/packages", headers=machine.headers).status_code == 200
    uid = user_id(app, "filer")
    page = admin.get("/admin").text
    assert f"/admin/users/{uid}/disable" in page and "重设密码" in page
    assert admin.post(f"/admin/users/{uid}/disable").status_code == 303
    assert "已停用" in admin.get("/admin").text
    assert filer.get("/").headers["location"] == "/public"  # its session revoked
    refused = Browser(app, demo).login("filer")
    assert refused.status_code == 403 and "该账号已停用" in refused.text
    denied = machine.client.get("/api/packages", headers=machine.headers)
    assert denied.status_code == 401 and "已停用" in denied.json()["detail"]
    assert admin.post(f"/admin/users/{uid}/disable").status_code == 409
    assert admin.post(f"/admin/users/{uid}/enable").status_code == 303
    assert Browser(app, demo).login("filer").status_code == 303
    assert machine.client.get("/api/packages", headers=machine.headers).status_code == 200
    # a reset password: checked, and the user's sessions revoked
    again = signed_in(app, demo, "filer")
    weak = admin.post(f"/admin/users/{uid}/password", {"password": "12345678"})
    assert weak.status_code == 400 and "过于常见" in weak.text
    assert admin.post(f"/admin/users/{uid}/password", {"password": NEW}).status_code == 303
    assert again.get("/").headers["location"] == "/public"
    assert Browser(app, demo).login("filer", NEW).status_code == 303
    assert {"user.disable", "user.enable", "user.password_reset"} <= set(actions(app))
    with app.state.sessions() as session:
        reset = session.scalar(select(AuditLog).where(AuditLog.action == "user.password_reset"))
        assert reset is not None and reset.after_json is not None
        assert "password" not in reset.after_json  # the hash is never audited
    own = admin.post(f"/admin/users/{user_id(app, 'admin')}/disable")
    assert own.status_code == 400 and "不能停用自己的账号" in own.text
    assert admin.post("/admin/users/99999/disable").status_code == 404
    reviewer = signed_in(app, demo, "finance_reviewer")
    assert reviewer.post(f"/admin/users/{uid}/disable").status_code == 403
    assert reviewer.post(f"/admin/users/{uid}/password", {"password": NEW}).status_code == 403
    forged = admin.client.post(f"/admin/users/{uid}/disable", data={"csrf_token": "forged"})
    assert forged.status_code == 403


def test_weak_passwords_are_refused_in_chinese(app: FastAPI, demo: Demo) -> None:
    admin = signed_in(app, demo, "admin")
    unit = demo.published.unit_id
    for password, message in (
        ("password123", "过于常见"),
        ("WOAINI1314", "过于常见"),
        ("aaaaabbbbb", "过于简单"),
        ("xiaowang-2026", "不能包含用户名"),
        ("x" * 129, "密码过长"),
    ):
        response = admin.post(
            "/admin/users",
            {"username": "xiaowang", "password": password, "role": "单位填报员", "unit_id": unit},
        )
        assert response.status_code == 400, password
        assert message in response.text, password
    with app.state.sessions() as session:
        assert session.scalar(select(User).where(User.username == "xiaowang")) is None


def test_the_common_password_list_ships_with_the_package() -> None:
    listed = common_passwords()
    assert len(listed) > 200 and "12345678" in listed and "woaini1314" in listed
    assert all(len(p) >= 8 for p in listed)
    check_password(NEW, "filer")  # a good one passes


# --- API tokens ------------------------------------------------------------------------------


def test_tokens_expire(app: FastAPI, demo: Demo) -> None:
    filer = signed_in(app, demo, "filer")
    token = make_token(filer)
    page = filer.get("/tokens").text
    assert "有效期至" in page and "90 天" in page
    with app.state.sessions() as session:
        row = session.scalar(select(ApiToken))
        assert row is not None
        left = row.expires_at - utcnow()
        assert timedelta(days=89) < left <= timedelta(days=90)
        row.expires_at = utcnow() - timedelta(seconds=1)
        session.commit()
    machine = Machine(app, token)
    expired = machine.client.get("/api/packages", headers=machine.headers)
    assert expired.status_code == 401
    assert "接口令牌已过期" in expired.json()["detail"]
    assert expired.headers["WWW-Authenticate"] == "Bearer"
    assert "已过期" in filer.get("/tokens").text
    assert filer.post("/tokens", {"name": "短期", "days": "30"}).status_code == 303
    assert filer.post("/tokens", {"name": "太长", "days": "1000"}).status_code == 400
    with app.state.sessions() as session:
        short = session.scalar(select(ApiToken).where(ApiToken.name == "短期"))
        assert short is not None
        assert short.expires_at - utcnow() <= timedelta(days=30)


# --- regions -------------------------------------------------------------------------------------


def test_finance_reviewer_is_scoped_to_its_region(app: FastAPI, demo: Demo) -> None:
    with app.state.sessions() as session:
        finance = store.create_unit(session, None, "上海市普陀区财政局", "财政局")
        dept = store.create_unit(session, None, "上海市普陀区司法局", "主管部门", finance)
        store.create_user(session, None, "sh_finance", NEW, ROLE_FINANCE_REVIEWER, finance)
        dept_id = dept.id
    foreign = add_package(app, dept_id)
    with app.state.sessions() as session:
        admin = session.scalar(select(User).where(User.username == "admin"))
        assert admin is not None
        package = session.get(Package, foreign)
        assert package is not None
        for action in ("submit", "approve"):
            store.transition(session, admin, package, package.version, action)
    qijiang = signed_in(app, demo, "finance_reviewer")
    for path in (f"/packages/{foreign}", f"/api/packages/{foreign}"):
        response = qijiang.get(path)
        assert response.status_code == 403, path
        assert "无权查看其他单位" in response.text
    assert foreign not in {p["id"] for p in qijiang.get("/api/packages").json()}
    assert qijiang.act(foreign, "publish").status_code == 403
    machine = Machine(app, make_token(qijiang))
    api = machine.post(f"/api/packages/{foreign}/publish", {"version": 3})
    assert api.status_code == 403
    assert qijiang.package(foreign).status == "approved"
    # its own region as before; the other region's 财政局 publishes its own
    assert demo.published.id in {p["id"] for p in qijiang.get("/api/packages").json()}
    shanghai = Browser(app)
    assert shanghai.login("sh_finance", NEW).status_code == 303
    assert shanghai.get(f"/packages/{demo.draft.id}").status_code == 403
    assert shanghai.act(foreign, "publish").status_code == 303
    assert shanghai.package(foreign).status == "published"
    # the administrator is not scoped
    assert signed_in(app, demo, "admin").get(f"/packages/{demo.draft.id}").status_code == 200


# --- anonymous rate limit ------------------------------------------------------------------------


def test_anonymous_exports_are_rate_limited(app: FastAPI, demo: Demo) -> None:
    now = [1000.0]
    app.state.throttle.clock = lambda: now[0]
    anonymous = TestClient(app, client=("203.0.113.9", 1))
    for _ in range(3):  # 30 units, an export takes 10
        assert anonymous.get("/api/public/export.csv").status_code == 200
    refused = anonymous.get("/api/public/export.csv")
    assert refused.status_code == 429
    assert "请求过于频繁" in refused.json()["detail"]
    assert refused.headers["Retry-After"] == "21"
    page = anonymous.get("/public/stats")  # the bucket is empty
    assert page.status_code == 429 and "请求过于频繁" in page.text
    assert page.headers["Retry-After"] == "3"
    download = anonymous.get(f"/public/packages/{demo.published.id}/download.json")
    assert download.status_code == 429
    # another client, and a signed-in user, are not held up
    assert TestClient(app, client=("198.51.100.7", 1)).get("/public/stats").status_code == 200
    filer = signed_in(app, demo, "filer")
    filer.client = TestClient(app, client=("203.0.113.9", 1), cookies=filer.client.cookies)
    assert filer.get("/api/public/export.csv").status_code == 200
    now[0] += 21
    assert anonymous.get("/api/public/export.csv").status_code == 200
    assert anonymous.get("/public").status_code == 200  # pages are not limited
