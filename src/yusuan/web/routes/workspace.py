"""The signed-in workspace: dashboard, upload, a package's page and its POST actions."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from yusuan.model import BudgetPackage
from yusuan.web import authz, store, workflow
from yusuan.web.db import AuditLog, Package, Unit, User
from yusuan.web.deps import (
    Config,
    Db,
    Form,
    MaybeUser,
    SignedIn,
    file_field,
    int_field,
    text_field,
    version_field,
)
from yusuan.web.derived import derived
from yusuan.web.errors import BadRequest, Conflict
from yusuan.web.review import review
from yusuan.web.settings import Settings
from yusuan.web.templating import render
from yusuan.web.uploads import parse, read_limited, safe_name

router = APIRouter(include_in_schema=False)

AUDIT_LABELS = {
    "package.create": "上传",
    "package.replace": "重新上传",
    "package.edit": "修改信息",
    "package.submit": "提交审核",
    "package.return": "退回修改",
    "package.approve": "审核通过",
    "package.publish": "发布",
    "package.decide": "处理审核发现",
}


def _to(package: Package) -> RedirectResponse:
    return RedirectResponse(f"/packages/{package.id}", status_code=303)


def _units(db: Session) -> dict[int, str]:
    return {u.id: u.name for u in db.scalars(select(Unit))}


def _year(value: int | None, pkg: BudgetPackage) -> int:
    year = value if value is not None else pkg.info.year
    if year is None:
        raise BadRequest("未能从文件中识别预算年度，请在表单中填写年度。")
    if not 1990 <= year <= 2100:
        raise BadRequest("年度应在 1990 到 2100 之间。")
    return year


def _read_upload(form: FormData, settings: Settings) -> tuple[BudgetPackage, str]:
    upload = file_field(form)
    name = safe_name(upload.filename)
    return parse(read_limited(upload, settings.max_upload_bytes), name), name


@router.get("/")
def dashboard(request: Request, db: Db, user: MaybeUser) -> Response:
    if user is None:
        return RedirectResponse("/public", status_code=303)
    packages = list(db.scalars(authz.visible_packages(db, user)))
    return render(
        request,
        "dashboard.html",
        {
            "packages": packages,
            "units": _units(db),
            "can_upload": bool(authz.upload_units(db, user)),
        },
    )


@router.get("/upload")
def upload_page(request: Request, db: Db, user: SignedIn, settings: Config) -> Response:
    units = authz.upload_units(db, user)
    if not units:
        authz.require_upload(db, user, None)  # raises the 403
    return render(
        request, "upload.html", {"units": units, "limit_mb": settings.max_upload_bytes / 1048576}
    )


@router.post("/upload")
def upload(form: Form, db: Db, user: MaybeUser, settings: Config) -> Response:
    unit = authz.require_upload(db, user, int_field(form, "unit_id", "单位", required=False))
    pkg, name = _read_upload(form, settings)
    year = _year(int_field(form, "year", "年度", required=False), pkg)
    title = text_field(form, "title").strip() or pkg.info.heading
    package = store.create_package(db, user, unit, pkg, name, title, year)
    derived(db, package, settings.profile)  # stored with the model, not on first view
    return _to(package)


@router.get("/packages/{package_id}")
def package_page(
    request: Request, package_id: int, db: Db, user: MaybeUser, settings: Config
) -> Response:
    package = authz.get_package(db, user, package_id)
    if user is None:
        return RedirectResponse(f"/public/packages/{package.id}", status_code=303)
    checked = review(db, package, settings.profile)

    def can(action: str) -> bool:
        return authz.allowed(db, user, package, action)

    actions = [
        t for t in workflow.TRANSITIONS.values() if package.status in t.sources and can(t.action)
    ]
    return render(
        request,
        "package.html",
        {
            "package": package,
            "unit_name": _units(db).get(package.unit_id, ""),
            "info": checked.outline.info,
            "tables": checked.outline.tables,
            "review": checked,
            "summary": checked.summary,
            "actions": actions,
            "can_edit": can("edit") and package.status in workflow.EDITABLE,
            "can_decide": can("decide") and package.status in workflow.DECIDABLE,
            "history": _history(db, package),
            "usernames": {u.id: u.username for u in db.scalars(select(User))},
        },
    )


def _history(db: Session, package: Package) -> list[dict[str, Any]]:
    rows = db.scalars(
        select(AuditLog)
        .where(AuditLog.object_type == "packages", AuditLog.object_id == package.id)
        .order_by(AuditLog.id)
    )
    out = []
    for row in rows:
        before = json.loads(row.before_json) if row.before_json else {}
        after = json.loads(row.after_json) if row.after_json else {}
        decision = after.get("decision") or {}
        out.append(
            {
                "at": row.at,
                "user_id": row.user_id,
                "action": AUDIT_LABELS.get(row.action, row.action),
                "before": before.get("status"),
                "after": after.get("status"),
                "reason": after.get("reason") or decision.get("reason") or "",
                "finding": decision.get("finding_key", ""),
                "decision": decision.get("decision", ""),
            }
        )
    return out


def _transition(
    form: FormData, db: Session, user: User | None, settings: Settings, package_id: int, action: str
) -> Response:
    package = authz.get_package(db, user, package_id)
    actor = authz.require(db, user, package, action)
    seen = version_field(form)
    if action == "approve":
        workflow.transition(package.status, action)
        blocking = review(db, package, settings.profile).blocking
        if blocking:
            rules = "、".join(dict.fromkeys(r.finding.rule for r in blocking))
            raise Conflict(
                f"尚有 {len(blocking)} 个错误未豁免（{rules}），不能审核通过。"
                "请逐条豁免并说明理由，或退回修改。"
            )
    store.transition(db, actor, package, seen, action, text_field(form, "reason"))
    return _to(package)


@router.post("/packages/{package_id}/submit")
def submit(package_id: int, form: Form, db: Db, user: MaybeUser, settings: Config) -> Response:
    return _transition(form, db, user, settings, package_id, "submit")


@router.post("/packages/{package_id}/return")
def return_(package_id: int, form: Form, db: Db, user: MaybeUser, settings: Config) -> Response:
    return _transition(form, db, user, settings, package_id, "return")


@router.post("/packages/{package_id}/approve")
def approve(package_id: int, form: Form, db: Db, user: MaybeUser, settings: Config) -> Response:
    return _transition(form, db, user, settings, package_id, "approve")


@router.post("/packages/{package_id}/publish")
def publish(package_id: int, form: Form, db: Db, user: MaybeUser, settings: Config) -> Response:
    return _transition(form, db, user, settings, package_id, "publish")


@router.post("/packages/{package_id}/decide")
def decide(package_id: int, form: Form, db: Db, user: MaybeUser, settings: Config) -> Response:
    package = authz.get_package(db, user, package_id)
    actor = authz.require(db, user, package, "decide")
    seen = version_field(form)
    workflow.check_decidable(package.status)
    key = text_field(form, "finding_key")
    if review(db, package, settings.profile).get(key) is None:
        raise BadRequest("未找到该审核发现（文件可能已更新），请刷新页面后重试。")
    store.decide(
        db, actor, package, seen, key, text_field(form, "decision"), text_field(form, "reason")
    )
    return _to(package)


@router.post("/packages/{package_id}/edit")
def edit(package_id: int, form: Form, db: Db, user: MaybeUser) -> Response:
    package = authz.get_package(db, user, package_id)
    actor = authz.require(db, user, package, "edit")
    year = int_field(form, "year", "年度")
    assert year is not None
    store.edit_package(db, actor, package, version_field(form), text_field(form, "title"), year)
    return _to(package)


@router.post("/packages/{package_id}/upload")
def reupload(package_id: int, form: Form, db: Db, user: MaybeUser, settings: Config) -> Response:
    package = authz.get_package(db, user, package_id)
    actor = authz.require(db, user, package, "edit")
    seen = version_field(form)
    workflow.check_editable(package.status)
    pkg, name = _read_upload(form, settings)
    store.replace_model(db, actor, package, seen, pkg, name)
    derived(db, package, settings.profile)
    return _to(package)
