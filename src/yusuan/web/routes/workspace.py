"""The signed-in workspace: dashboard, upload, a package's page and its POST actions."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from yusuan.web import actions, authz, chain, jobs, store, workflow
from yusuan.web.audit import AUDIT_LABELS
from yusuan.web.db import AuditLog, Package, PackageFile, Reply, Unit, User, utcnow
from yusuan.web.deadlines import deadline, deadlines
from yusuan.web.deps import (
    BatchForm,
    Config,
    Db,
    Form,
    Id,
    Jobs,
    MaybeUser,
    SignedIn,
    file_field,
    int_field,
    text_field,
    version_field,
)
from yusuan.web.jobs import publish as publish_job
from yusuan.web.original import has_pages
from yusuan.web.review import GROUPS, Review, review, view, view_query
from yusuan.web.security import csrf_token
from yusuan.web.settings import Settings
from yusuan.web.templating import environment, render

router = APIRouter(include_in_schema=False)


def _to(package: Package) -> RedirectResponse:
    return RedirectResponse(f"/packages/{package.id}", status_code=303)


def _units(db: Session) -> dict[int, str]:
    return {u.id: u.name for u in db.scalars(select(Unit))}


@router.get("/")
def dashboard(request: Request, db: Db, user: MaybeUser, settings: Config) -> Response:
    if user is None:
        return RedirectResponse("/public", status_code=303)
    packages = list(db.scalars(authz.visible_packages(db, user)))
    overdue = [d for d in deadlines(db, user, settings.publish_days, utcnow()) if d.overdue]
    return render(
        request,
        "dashboard.html",
        {
            "packages": packages,
            "overdue": overdue,
            "units": _units(db),
            "can_upload": bool(authz.upload_units(db, user)),
            "jobs": jobs.recent(db, user),
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
def upload(form: Form, db: Db, user: MaybeUser, settings: Config, runner: Jobs) -> Response:
    """The file stored and queued: on to its job's page (it shows the reading's progress)."""
    unit_id = int_field(form, "unit_id", "单位", required=False)
    year = int_field(form, "year", "年度", required=False)
    stage, title = text_field(form, "stage"), text_field(form, "title")
    job = actions.upload(db, user, settings, runner, file_field(form), unit_id, year, stage, title)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/packages/{package_id}")
def package_page(
    request: Request, package_id: Id, db: Db, user: MaybeUser, settings: Config
) -> Response:
    package = authz.get_package(db, user, package_id)
    if user is None:
        return RedirectResponse(f"/public/packages/{package.id}", status_code=303)
    checked = review(db, package, settings.profile)
    steps = settings.review_chain

    def can(action: str) -> bool:
        return authz.allowed(db, user, package, action) and chain.turn(
            db, steps, user, package, action
        )

    actions = [
        t
        for t in workflow.TRANSITIONS.values()
        if package.status in t.sources
        and can(t.action)
        and (t.action != "withdraw" or store.withdrawable(db, package))
    ]
    stage = chain.stage(db, steps, package)
    after = chain.next_step(db, steps, package)
    unit_steps = chain.steps(db, steps, package.unit_id)
    return render(
        request,
        "package.html",
        {
            **_cell_context(db, settings, package, user, checked),
            "stage": stage,
            "chain_steps": unit_steps,
            "done_steps": unit_steps[: unit_steps.index(stage)] if stage in unit_steps else (),
            "approve_label": f"审核通过，转{chain.STEP_LABELS[after]}"
            if after and user.role != "管理员"
            else "审核通过",
            "package": package,
            "unit_name": _units(db).get(package.unit_id, ""),
            "info": checked.outline.info,
            "tables": checked.outline.tables,
            "table_names": {n for t in checked.outline.tables for n in (t.title, t.kind)},
            "has_pdf": has_pages(
                db.scalar(select(PackageFile.name).where(PackageFile.package_id == package.id))
                or ""
            ),
            "review": checked,
            "view": view(checked, request.query_params),
            "group_labels": GROUPS,
            "returned": _returned(db, package),
            "summary": checked.summary,
            "actions": actions,
            "can_edit": can("edit") and package.status in workflow.EDITABLE,
            # the editor saved nothing: the amounts were as stored
            "unchanged": request.query_params.get("unchanged") == "1",
            "history": _history(db, package),
            "deadline": deadline(package, settings.publish_days, utcnow()),
            "can_correct": package.status == "published" and can("correct"),
            "corrections": db.scalars(
                select(Package).where(Package.supersedes_id == package.id).order_by(Package.id)
            ).all(),
            # what publishing this package will replace (it becomes its correction)
            "replaces": store.current_version(db, package)
            if package.status == "approved"
            else None,
            # a publication of it waiting or running (its job's number)
            "publishing": publish_job.publishing(db, package.id)
            if package.status == "approved"
            else None,
        },
    )


def _cell_context(
    db: Session, settings: Settings, package: Package, user: User, checked: Review
) -> dict[str, Any]:
    """What a finding's 处理 cell (``_review_cell.html``) needs besides the finding."""
    steps = settings.review_chain
    users = list(db.scalars(select(User)))
    replies: dict[str, list[Reply]] = {}
    for m in db.scalars(select(Reply).where(Reply.package_id == package.id).order_by(Reply.id)):
        replies.setdefault(m.finding_key, []).append(m)
    return {
        "package": package,
        "review": checked,
        "usernames": {u.id: u.username for u in users},
        "roles": {u.id: u.role for u in users},
        "replies": replies,
        "can_decide": package.status in workflow.DECIDABLE
        and authz.allowed(db, user, package, "decide")
        and chain.turn(db, steps, user, package, "decide"),
        "can_reply": package.status != "published" and authz.allowed(db, user, package, "reply"),
    }


def _returned(db: Session, package: Package) -> dict[str, Any] | None:
    """Who sent the package back, when and why (None unless it is returned)."""
    if package.status != "returned":
        return None
    row = db.scalars(
        select(AuditLog)
        .where(
            AuditLog.object_type == "packages",
            AuditLog.object_id == package.id,
            AuditLog.action == "package.return",
        )
        .order_by(AuditLog.id.desc())
    ).first()
    if row is None:
        return None
    after = json.loads(row.after_json) if row.after_json else {}
    return {"at": row.at, "user_id": row.user_id, "reason": after.get("reason") or ""}


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
    form: FormData, db: Session, user: User | None, settings: Settings, package_id: Id, action: str
) -> Response:
    seen = version_field(form)
    reason = text_field(form, "reason")
    return _to(actions.transition(db, user, settings, package_id, action, seen, reason))


def _transition_route(action: str) -> Callable[..., Response]:
    def route(package_id: Id, form: Form, db: Db, user: MaybeUser, settings: Config) -> Response:
        return _transition(form, db, user, settings, package_id, action)

    route.__name__ = f"transition_{action}"
    return route


for _action in workflow.TRANSITIONS:  # submit, return, approve, withdraw (publish: a job)
    if _action != "publish":
        router.add_api_route(
            f"/packages/{{package_id}}/{_action}", _transition_route(_action), methods=["POST"]
        )


@router.post("/packages/{package_id}/publish")
def publish(
    package_id: Id, form: Form, db: Db, user: MaybeUser, settings: Config, runner: Jobs
) -> Response:
    """发布 queued: on to its job's page (the downloads are rendered there, format by format)."""
    seen, reason = version_field(form), text_field(form, "reason")
    job = actions.publish(db, user, settings, runner, package_id, seen, reason)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


def _wants_json(request: Request) -> bool:
    return request.headers.get("accept", "").startswith("application/json")


@router.post("/packages/{package_id}/decide")
def decide(
    request: Request, package_id: Id, form: Form, db: Db, user: MaybeUser, settings: Config
) -> Response:
    """One decision; the page's script asks for JSON and puts the answer in place (no reload),
    a form without script is sent back to the finding."""
    key = text_field(form, "finding_key")
    package = actions.decide(
        db,
        user,
        settings,
        package_id,
        version_field(form),
        key,
        text_field(form, "decision"),
        text_field(form, "reason"),
    )
    if _wants_json(request):
        assert user is not None
        return _cell_answer(request, db, settings, package, user, key, form)
    return _back(package, form, key)


@router.post("/packages/{package_id}/findings/{key}/reply")
def reply(
    request: Request,
    package_id: Id,
    key: str,
    form: Form,
    db: Db,
    user: MaybeUser,
    settings: Config,
) -> Response:
    """A message in a finding's thread (the filer's reply, a reviewer's answer)."""
    package, _ = actions.reply(db, user, settings, package_id, key[:64], text_field(form, "text"))
    if _wants_json(request):
        assert user is not None
        return _cell_answer(request, db, settings, package, user, key, form)
    return _back(package, form, key)


def _cell_answer(
    request: Request,
    db: Session,
    settings: Settings,
    package: Package,
    user: User,
    key: str,
    form: FormData,
) -> Response:
    """The finding's 处理 cell as it is now, with the package's new version and counts."""
    checked = review(db, package, settings.profile)
    found = checked.get(key)
    assert found is not None  # (the action checked the key)
    context = {
        **_cell_context(db, settings, package, user, checked),
        "r": found,
        "view_query": view_query(text_field(form, "view")),
        "user": getattr(request.state, "viewer", None),
        "csrf_token": csrf_token(request.session),
    }
    html = environment().get_template("_review_cell.html").render(context)
    return JSONResponse(
        {
            "key": key,
            "version": package.version,
            "html": html,
            "waived": checked.waived,
            "blocking": len(checked.blocking),
        }
    )


@router.post("/packages/{package_id}/decide-batch")
def decide_batch(
    package_id: Id, form: BatchForm, db: Db, user: MaybeUser, settings: Config
) -> Response:
    """One decision and one reason for the ticked findings."""
    keys = [k for k in form.getlist("finding_key") if isinstance(k, str)]
    package = actions.decide_many(
        db,
        user,
        settings,
        package_id,
        version_field(form),
        keys,
        text_field(form, "decision"),
        text_field(form, "reason"),
    )
    return _back(package, form, keys[0] if keys else "")


def _back(package: Package, form: FormData, key: str) -> RedirectResponse:
    """Back to the findings as the reviewer was viewing them (filters kept), at the finding
    just decided."""
    query = view_query(text_field(form, "view"))
    anchor = f"#f-{key}" if re.fullmatch(r"[0-9a-f]{24}(-\d+)?", key) else "#findings"
    return RedirectResponse(
        f"/packages/{package.id}{'?' + query if query else ''}{anchor}", status_code=303
    )


@router.post("/packages/{package_id}/discard")
def discard(package_id: Id, form: Form, db: Db, user: MaybeUser) -> Response:
    actions.discard(db, user, package_id, version_field(form))
    return RedirectResponse("/", status_code=303)


@router.post("/packages/{package_id}/correct")
def correct(package_id: Id, form: Form, db: Db, user: MaybeUser, settings: Config) -> Response:
    note = text_field(form, "change_note")
    return _to(actions.correct(db, user, settings, package_id, note))


@router.post("/packages/{package_id}/edit")
def edit(package_id: Id, form: Form, db: Db, user: MaybeUser) -> Response:
    year = int_field(form, "year", "年度", required=False)
    title = text_field(form, "title")
    return _to(actions.edit(db, user, package_id, version_field(form), title, year))


@router.post("/packages/{package_id}/upload")
def reupload(
    package_id: Id, form: Form, db: Db, user: MaybeUser, settings: Config, runner: Jobs
) -> Response:
    seen = version_field(form)
    job = actions.replace_model(db, user, settings, runner, package_id, seen, file_field(form))
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)
