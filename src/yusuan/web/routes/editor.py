"""The table editor: amounts typed in the browser, sums recalculated as one types, the rules
run on the edited package before saving (preview), and the save — audited, version-checked,
with the check stored like an upload's."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from yusuan.check import check_package
from yusuan.model import BudgetPackage
from yusuan.web import actions, authz, editor, sheet, workflow
from yusuan.web.db import Package
from yusuan.web.deps import Config, Db, GridForm, Id, MaybeUser, version_field
from yusuan.web.derived import derived, effective, model, profile
from yusuan.web.errors import NotFound
from yusuan.web.review import finding
from yusuan.web.templating import render

router = APIRouter(include_in_schema=False)
PREVIEW_FINDINGS = 50


def _fields(form: FormData) -> dict[str, str]:
    return {k: v for k, v in form.items() if isinstance(v, str) and editor.FIELD.match(k)}


def _edited(package: Package, index: Id, form: FormData) -> BudgetPackage:
    return editor.apply(model(package), index, _fields(form))


@router.get("/packages/{package_id}/tables/{index}/edit")
def edit_page(
    request: Request, package_id: Id, index: Id, db: Db, user: MaybeUser, settings: Config
) -> Response:
    package, _ = actions.editable(db, user, package_id)
    pkg = model(package)
    table = editor.table_at(pkg, index)
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
            "row_sum": editor.row_sum(table),
            "summary": derived(db, package, settings.profile).summary,
        },
    )


@router.post("/packages/{package_id}/tables/{index}/preview")
def preview(
    package_id: Id, index: Id, form: GridForm, db: Db, user: MaybeUser, settings: Config
) -> JSONResponse:
    """The findings the edited package would have (nothing is saved)."""
    package, _ = actions.editable(db, user, package_id)
    checked_with = profile(effective(db, package, settings.profile))
    result = check_package(_edited(package, index, form), checked_with)
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
    package_id: Id, index: Id, form: GridForm, db: Db, user: MaybeUser, settings: Config
) -> Response:
    package = actions.edit_cells(
        db, user, settings, package_id, index, version_field(form), _fields(form)
    )
    if package is None:  # nothing changed: nothing saved, nothing audited
        return RedirectResponse(f"/packages/{package_id}?unchanged=1", status_code=303)
    return RedirectResponse(f"/packages/{package.id}", status_code=303)


@router.get("/packages/{package_id}/tables/{index}")
def table_page(
    request: Request,
    package_id: Id,
    index: Id,
    db: Db,
    user: MaybeUser,
    row: int | None = None,
    col: int | None = None,
) -> Response:
    """A table as read, one cell (or row) highlighted: where a finding points."""
    package = authz.get_package(db, user, package_id)
    if user is None:
        return RedirectResponse(f"/public/packages/{package.id}", status_code=303)
    pkg = model(package)
    table = editor.table_at(pkg, index)
    labels, rows = editor.grid(table)
    editable = authz.allowed(db, user, package, "edit") and package.status in workflow.EDITABLE
    return render(
        request,
        "table_view.html",
        {
            "package": package,
            "index": index,
            "table": table,
            "labels": labels,
            "rows": rows,
            "two": sheet.side_by_side(table),
            "located_row": row,
            "located_col": col,
            "editable": editable,
        },
    )


@router.get("/packages/{package_id}/findings/{key}")
def locate_finding(package_id: Id, key: str, db: Db, user: MaybeUser, settings: Config) -> Response:
    """Jump from a finding to the table cell it is about."""
    package = authz.get_package(db, user, package_id)
    if user is None:
        raise NotFound("预算公开文件不存在或尚未公开。")
    found = finding(db, package, settings.profile, key)
    if found is None:
        raise NotFound("未找到该审核发现（文件可能已更新），请刷新文件页。")
    loc = found.location
    place = editor.locate(model(package), loc)
    if place is None:
        raise NotFound(f"该审核发现不指向表格单元格（位置：{loc.describe() or '整个文件'}）。")
    t, r, c = place
    query = "&".join(f"{k}={v}" for k, v in (("row", r), ("col", c)) if v is not None)
    anchor = f"#r{r}c{c if c is not None else 0}" if r is not None else ""
    return RedirectResponse(
        f"/packages/{package.id}/tables/{t}{'?' + query if query else ''}{anchor}", status_code=303
    )
