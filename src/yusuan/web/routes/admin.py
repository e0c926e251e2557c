"""Administration (管理员 only): the unit hierarchy and the user accounts — created, disabled
and enabled again, their passwords reset. Every change is audited by :mod:`store`; only
argon2 hashes of passwords are kept."""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from yusuan.opendata.write import _cell as csv_text
from yusuan.web import audit, store
from yusuan.web.audit import AUDIT_LABELS
from yusuan.web.db import ROLE_ADMIN, ROLES, UNIT_KINDS, Unit, User
from yusuan.web.deps import Db, Form, Id, SignedIn, int_field, text_field
from yusuan.web.errors import BadRequest, Conflict, Forbidden, NotFound
from yusuan.web.templating import render, when

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


# --- the audit log ---------------------------------------------------------------------------


def _int_param(request: Request, name: str, what: str) -> int | None:
    raw = (request.query_params.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 10:
        raise BadRequest(f"{what}应为正整数，收到「{raw[:20]}」。")
    return int(raw)


def _filters(request: Request, db: Db) -> dict[str, Any]:
    username = (request.query_params.get("user") or "").strip()[:64]
    user_id = None
    if username:
        found = db.scalar(select(User.id).where(User.username == username))
        user_id = found if found is not None else -1  # nobody: no row
    return {
        "package_id": _int_param(request, "package", "文件编号"),
        "user_id": user_id,
        "action": (request.query_params.get("action") or "").strip()[:40],
    }


@router.get("/admin/audit")
def audit_page(request: Request, db: Db, user: SignedIn) -> Response:
    """The audit log, newest first, filtered by package, user and action, 200 rows a page."""
    _admin(user)
    filters = _filters(request, db)
    before = _int_param(request, "before", "起始编号")
    rows = audit.entries(db, **filters, before_id=before)
    query = {k: request.query_params.get(k, "") for k in ("package", "user", "action")}
    return render(
        request,
        "audit.html",
        {
            "rows": rows,
            "actions": audit.actions(db),
            "labels": AUDIT_LABELS,
            "usernames": {u.id: u.username for u in db.scalars(select(User))},
            "query": query,
            "more": rows[-1].row.id if len(rows) == audit.PAGE else None,
            "export": urlencode({k: v for k, v in query.items() if v}),
        },
    )


@router.get("/admin/audit.csv")
def audit_csv(request: Request, db: Db, user: SignedIn) -> Response:
    """The filtered audit log as CSV (UTF-8 with BOM, for Excel/WPS), up to 10,000 rows."""
    _admin(user)
    rows = audit.entries(db, **_filters(request, db), limit=10_000)
    usernames = {u.id: u.username for u in db.scalars(select(User))}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["编号", "时间", "操作人", "操作", "对象", "对象编号", "文件编号", "内容"])
    for e in rows:
        writer.writerow(
            [
                e.row.id,
                when(e.row.at),
                usernames.get(e.row.user_id or 0, "系统"),
                AUDIT_LABELS.get(e.row.action, e.row.action),
                e.row.object_type,
                e.row.object_id or "",
                e.package_id or "",
                csv_text(e.summary),
            ]
        )
    return Response(
        ("\ufeff" + out.getvalue()).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'},
    )
