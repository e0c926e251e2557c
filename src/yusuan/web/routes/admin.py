"""Administration (管理员 only): the unit hierarchy and the user accounts — created, disabled
and enabled again, their passwords reset. Every change is audited by :mod:`store`; only
argon2 hashes of passwords are kept."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from yusuan.web import store
from yusuan.web.db import ROLE_ADMIN, ROLES, UNIT_KINDS, Unit, User
from yusuan.web.deps import Db, Form, Id, SignedIn, int_field, text_field
from yusuan.web.errors import BadRequest, Conflict, Forbidden, NotFound
from yusuan.web.templating import render

router = APIRouter(include_in_schema=False)
PARENT_KIND = {"主管部门": "财政局", "二级单位": "主管部门"}


def _admin(user: SignedIn) -> SignedIn:
    if user.role != ROLE_ADMIN:
        raise Forbidden("只有管理员可以管理单位和用户。")
    return user


def _tree(units: list[Unit]) -> list[tuple[int, Unit]]:
    """Units in hierarchy order with their depth."""
    children: dict[int | None, list[Unit]] = {}
    for u in units:
        children.setdefault(u.parent_id, []).append(u)
    out: list[tuple[int, Unit]] = []

    def walk(parent: int | None, depth: int) -> None:
        for u in sorted(children.get(parent, []), key=lambda u: u.id):
            out.append((depth, u))
            walk(u.id, depth + 1)

    walk(None, 0)
    return out


@router.get("/admin")
def admin_page(request: Request, db: Db, user: SignedIn) -> Response:
    _admin(user)
    units = list(db.scalars(select(Unit)))
    users = list(db.scalars(select(User).order_by(User.id)))
    return render(
        request,
        "admin.html",
        {
            "tree": _tree(units),
            "units": {u.id: u.name for u in units},
            "users": users,
            "kinds": UNIT_KINDS,
            "roles": ROLES,
        },
    )


@router.post("/admin/units")
def create_unit(form: Form, db: Db, user: SignedIn) -> Response:
    _admin(user)
    kind = text_field(form, "kind")
    parent_id = int_field(form, "parent_id", "上级单位", required=False)
    parent = db.get(Unit, parent_id) if parent_id is not None else None
    if parent_id is not None and parent is None:
        raise BadRequest("上级单位不存在。")
    expected = PARENT_KIND.get(kind)
    if expected and (parent is None or parent.kind != expected):
        raise BadRequest(f"{kind}的上级应为{expected}。")
    if kind == "财政局" and parent is not None:
        raise BadRequest("财政局没有上级单位。")
    name = text_field(form, "name").strip()
    if db.scalar(select(Unit).where(Unit.name == name)) is not None:
        raise Conflict(f"单位「{name}」已存在。")
    store.create_unit(db, user, name, kind, parent)
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/users")
def create_user(form: Form, db: Db, user: SignedIn) -> Response:
    _admin(user)
    unit_id = int_field(form, "unit_id", "单位", required=False)
    unit = db.get(Unit, unit_id) if unit_id is not None else None
    role = text_field(form, "role")
    if role != ROLE_ADMIN and unit is None:
        raise BadRequest("请为该用户选择单位。")
    username = text_field(form, "username").strip()
    if db.scalar(select(User).where(User.username == username)) is not None:
        raise Conflict(f"用户名「{username}」已被使用。")
    store.create_user(db, user, username, text_field(form, "password"), role, unit)
    return RedirectResponse("/admin", status_code=303)


def _target(db: Db, user_id: int) -> User:
    target = db.get(User, user_id)
    if target is None:
        raise NotFound("用户不存在。")
    return target


@router.post("/admin/users/{user_id}/disable")
def disable_user(user_id: Id, form: Form, db: Db, user: SignedIn) -> Response:
    _admin(user)
    target = _target(db, user_id)
    if target.id == user.id:
        raise BadRequest("不能停用自己的账号。")
    store.set_disabled(db, user, target, True)
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/users/{user_id}/enable")
def enable_user(user_id: Id, form: Form, db: Db, user: SignedIn) -> Response:
    _admin(user)
    store.set_disabled(db, user, _target(db, user_id), False)
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/users/{user_id}/password")
def reset_password(user_id: Id, form: Form, db: Db, user: SignedIn) -> Response:
    """A new password set by the administrator (told to the user offline); the user's
    sessions are revoked."""
    _admin(user)
    store.set_password(
        db, user, _target(db, user_id), text_field(form, "password"), "user.password_reset"
    )
    return RedirectResponse("/admin", status_code=303)
