"""Unit and user administration (管理员 only), on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from sqlalchemy import select

from tests.helpers.web import SCRIPT, Browser, signed_in
from yusuan.web.db import AuditLog, Unit, User
from yusuan.web.seed import FINANCE, Demo


def unit_id(app: FastAPI, name: str) -> int:
    with app.state.sessions() as session:
        unit: Unit | None = session.scalar(select(Unit).where(Unit.name == name))
        assert unit is not None
        return unit.id


def test_admin_adds_a_department_and_its_filer(app: FastAPI, demo: Demo) -> None:
    admin = signed_in(app, demo, "admin")
    page = admin.get("/admin")
    assert page.status_code == 200 and FINANCE in page.text
    created = admin.post(
        "/admin/units",
        {"name": "重庆市綦江区教育委员会", "kind": "主管部门", "parent_id": unit_id(app, FINANCE)},
    )
    assert created.status_code == 303
    dept = unit_id(app, "重庆市綦江区教育委员会")
    response = admin.post(
        "/admin/users",
        {
            "username": "edu_filer",
            "password": "password-123",
            "role": "单位填报员",
            "unit_id": dept,
        },
    )
    assert response.status_code == 303
    with app.state.sessions() as session:
        user = session.scalar(select(User).where(User.username == "edu_filer"))
        assert user is not None and user.unit_id == dept
        assert user.password_hash.startswith("$argon2")
        actions = [
            a.action
            for a in session.scalars(select(AuditLog).where(AuditLog.user_id == demo_admin_id(app)))
        ]
    assert {"unit.create", "user.create"} <= set(actions)
    # the new filer signs in and sees only the new department's (empty) workspace
    filer = Browser(app)
    assert filer.login("edu_filer", "password-123").status_code == 303
    assert "暂无可查看的预算文件" in filer.get("/").text
    assert filer.get(f"/packages/{demo.draft.id}").status_code == 403


def demo_admin_id(app: FastAPI) -> int:
    with app.state.sessions() as session:
        admin: User | None = session.scalar(select(User).where(User.username == "admin"))
        assert admin is not None
        return admin.id


def test_admin_forms_refuse_bad_input(app: FastAPI, demo: Demo) -> None:
    admin = signed_in(app, demo, "admin")
    finance = unit_id(app, FINANCE)
    cases: list[tuple[str, dict[str, Any], int, str]] = [
        (
            "/admin/units",
            {"name": "某二级单位", "kind": "二级单位", "parent_id": finance},
            400,
            "二级单位的上级应为主管部门",
        ),
        (
            "/admin/units",
            {"name": "某局", "kind": "财政局", "parent_id": finance},
            400,
            "财政局没有上级单位",
        ),
        ("/admin/units", {"name": FINANCE, "kind": "财政局"}, 409, "已存在"),
        (
            "/admin/units",
            {"name": "某单位", "kind": "主管部门", "parent_id": 999},
            400,
            "上级单位不存在",
        ),
        (
            "/admin/users",
            {"username": "x", "password": "short", "role": "单位填报员", "unit_id": finance},
            400,
            "密码至少 8 位",
        ),
        (
            "/admin/users",
            {
                "username": "filer",
                "password": "password-123",
                "role": "单位填报员",
                "unit_id": finance,
            },
            409,
            "已被使用",
        ),
        (
            "/admin/users",
            {"username": "y", "password": "password-123", "role": "单位填报员"},
            400,
            "请为该用户选择单位",
        ),
        (
            "/admin/users",
            {"username": "z", "password": "password-123", "role": "局长", "unit_id": finance},
            400,
            "角色应为",
        ),
    ]
    for path, data, status, message in cases:
        response = admin.post(path, data)
        assert response.status_code == status, (data, response.text)
        assert message in response.text, data
    # script in a unit name is stored as text and escaped on the page
    admin.post("/admin/units", {"name": SCRIPT, "kind": "财政局"})
    page = admin.get("/admin").text
    assert SCRIPT not in page and "&lt;script&gt;" in page


def test_only_admins_administer(app: FastAPI, demo: Demo) -> None:
    for username in ("filer", "dept_reviewer", "finance_reviewer"):
        browser = signed_in(app, demo, username)
        assert browser.get("/admin").status_code == 403
        assert browser.post("/admin/units", {"name": "x", "kind": "财政局"}).status_code == 403
        assert browser.post("/admin/users", {"username": "x"}).status_code == 403
        assert "单位与用户" not in browser.get("/").text
    assert Browser(app).client.get("/admin", follow_redirects=False).status_code == 303
