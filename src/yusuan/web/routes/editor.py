"""The table editor: amounts typed in the browser, sums recalculated as one types, the rules
run on the edited package before saving (preview), and the save — audited, version-checked,
with the check stored like an upload's."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from yusuan.check import check_package
from yusuan.model import BudgetPackage
from yusuan.web import authz, editor, store, workflow
from yusuan.web.db import Package, User
from yusuan.web.deps import Config, Db, GridForm, MaybeUser, int_field
from yusuan.web.derived import derived, model, profile
from yusuan.web.errors import BadRequest
from yusuan.web.templating import render

router = APIRouter(include_in_schema=False)
PREVIEW_FINDINGS = 50


def _editable(db: Session, user: User | None, package_id: int) -> tuple[Package, User]:
    package = authz.get_package(db, user, package_id)
    actor = authz.require(db, user, package, "edit")
    workflow.check_editable(package.status)
    return package, actor


def _fields(form: FormData) -> dict[str, str]:
    return {k: v for k, v in form.items() if isinstance(v, str) and editor.FIELD.match(k)}


def _edited(package: Package, index: int, form: FormData) -> BudgetPackage:
    return editor.apply(model(package), index, _fields(form))


@router.get("/packages/{package_id}/tables/{index}/edit")
def edit_page(
    request: Request, package_id: int, index: int, db: Db, user: MaybeUser, settings: Config
) -> Response:
    package, _ = _editable(db, user, package_id)
    pkg = model(package)
    if not 0 <= index < len(pkg.tables):
        raise BadRequest("表格不存在（文件可能已更新），请返回文件页。")
    table = pkg.tables[index]
    labels, rows = editor.grid(table)
    return render(
        request,
        "table_edit.html",
        {
            "package": package,
            "index": index,
            "table": table,
            "labels": labels,
            "rows": rows,
            "summary": derived(db, package, settings.profile).summary,
        },
    )


@router.post("/packages/{package_id}/tables/{index}/preview")
def preview(
    package_id: int, index: int, form: GridForm, db: Db, user: MaybeUser, settings: Config
) -> JSONResponse:
    """The findings the edited package would have (nothing is saved)."""
    package, _ = _editable(db, user, package_id)
    result = check_package(_edited(package, index, form), profile(settings.profile))
    return JSONResponse(
        {
            "summary": result.summary,
            "findings": [
                {
                    "rule": f.rule,
                    "severity": f.severity.label,
                    "message": f.message,
                    "location": f.location.describe(),
                }
                for f in result.findings[:PREVIEW_FINDINGS]
            ],
        }
    )


@router.post("/packages/{package_id}/tables/{index}")
def save(
    package_id: int, index: int, form: GridForm, db: Db, user: MaybeUser, settings: Config
) -> Response:
    package, actor = _editable(db, user, package_id)
    seen = int_field(form, "version", "版本号")
    assert seen is not None
    pkg = _edited(package, index, form)
    store.edit_cells(db, actor, package, seen, pkg, pkg.tables[index].title)
    derived(db, package, settings.profile)
    return RedirectResponse(f"/packages/{package.id}", status_code=303)
