"""The public portal: published packages, their narrative, findings summary and downloads."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import ColumnElement, Select, and_, literal_column, select
from sqlalchemy.orm import Session

from yusuan.web import charts, display, editor, pages, sheet
from yusuan.web.db import Package, Unit
from yusuan.web.deps import Config, Db, Id, MaybeUser
from yusuan.web.derived import model
from yusuan.web.download import MEDIA_TYPES, attachment
from yusuan.web.errors import BadRequest, NotFound
from yusuan.web.published import fetch
from yusuan.web.review import review
from yusuan.web.templating import render
from yusuan.web.throttle import COST_DOWNLOAD, COST_PDF, spend

router = APIRouter(include_in_schema=False)

FORMATS = MEDIA_TYPES  # every format a published package is downloaded in
FORMAT_LABELS = {
    "pdf": "PDF 文件",
    "xlsx": "Excel 表格",
    "docx": "Word 文档",
    "html": "网页",
    "json": "结构化数据",
}
MAX_RESULTS = 500


@dataclass(frozen=True)
class Search:
    q: str
    year: int | None


def parse_search(q: str, year: str) -> Search:
    q = q.strip()[:100]
    year = year.strip()
    if not year:
        return Search(q, None)
    try:
        value = int(year)
    except ValueError:
        raise BadRequest(f"年度应为整数，收到「{year[:20]}」。") from None
    if not 1900 <= value <= 2100:
        raise BadRequest(f"年度应在 1900 到 2100 之间，收到「{year[:20]}」。")
    return Search(q, value)


def current() -> ColumnElement[bool]:
    """A published package not superseded by a published correction: what the portal lists
    (one per unit, year and kind: the database's ``ux_packages_current``). Written with the
    literal of the partial indexes' condition, so the planner can always use them."""
    return and_(Package.status == literal_column("'published'"), Package.superseded_at.is_(None))


def published(search: Search, limit: int | None = MAX_RESULTS) -> Select[Package, Unit]:
    """Current published packages matching the search, newest first (all with no limit); a
    version superseded by a published correction is left out (its page stays, marked)."""
    query = (
        select(Package, Unit)
        .join(Unit, Unit.id == Package.unit_id)
        .where(current())
        .order_by(Package.published_at.desc(), Package.id.desc())
        .limit(limit)
    )
    if search.q:
        query = query.where(Unit.name.contains(search.q, autoescape=True))
    if search.year is not None:
        query = query.where(Package.year == search.year)
    return query


def published_package(db: Session, package_id: Id) -> tuple[Package, Unit]:
    row = db.execute(
        select(Package, Unit)
        .join(Unit, Unit.id == Package.unit_id)
        .where(Package.id == package_id, Package.status == "published")
    ).first()
    if row is None:
        raise NotFound("预算公开文件不存在或尚未公开。")
    return row[0], row[1]


@router.get("/public")
def public_list(
    request: Request,
    db: Db,
    user: MaybeUser,
    q: str = "",
    year: str = "",
    after: str = "",
    before: str = "",
) -> Response:
    """The current published packages, newest first, a page at a time (keyset: a deep page
    costs what the first does)."""
    search = parse_search(q, year)
    start, end = pages.parse(after, "after"), pages.parse(before, "before")
    query = pages.window(published(search, limit=None), start, end, pages.PAGE)
    rows = [(p, u) for p, u in db.execute(query)]
    page = pages.cut(rows, start, end, pages.PAGE)
    return render(
        request,
        "public_list.html",
        {"rows": page.rows, "page": page, "q": search.q, "year": year.strip()},
    )


@router.get("/public/packages/{package_id}")
def public_package(
    request: Request, package_id: Id, db: Db, user: MaybeUser, settings: Config
) -> Response:
    package, unit = published_package(db, package_id)
    checked = review(db, package, settings.profile)
    outline = checked.outline
    others = db.scalars(
        select(Package)
        .where(
            Package.unit_id == package.unit_id,
            Package.status == "published",
            Package.id != package.id,
        )
        .order_by(Package.year.desc())
    ).all()
    shown = display.chosen(request)
    figures = (
        ("chart-functions", charts.spending_by_function(outline, shown)),
        ("chart-basic-project", charts.basic_and_project(outline, shown)),
        ("chart-three-public", charts.three_public(outline, shown)),
        ("chart-projects", charts.project_spending(outline, shown)),
    )
    return render(
        request,
        "public_package.html",
        {
            "package": package,
            "unit": unit,
            "info": outline.info,
            "outline": outline,
            "sections": outline.sections,
            "tables": outline.tables,
            "summary": checked.summary,
            "waived": checked.waived,
            "formats": FORMAT_LABELS,
            "charts": [(i, o) for i, o in figures if o is not None],
            "others": [p for p in others if p.year != package.year],
            "corrected_by": next(
                (p for p in others if p.supersedes_id == package.id and p.year == package.year),
                None,
            ),
            "previous": next((p for p in others if p.id == package.supersedes_id), None),
        },
    )


@router.get("/public/packages/{package_id}/tables/{index}")
def public_table(request: Request, package_id: Id, index: Id, db: Db, user: MaybeUser) -> Response:
    """One table of a published package, whole (a summary table's two sides side by side)."""
    package, unit = published_package(db, package_id)
    table = editor.table_at(model(package), index)
    labels, rows = editor.grid(table)
    return render(
        request,
        "public_table.html",
        {
            "package": package,
            "unit": unit,
            "index": index,
            "table": table,
            "labels": labels,
            "rows": rows,
            "two": sheet.side_by_side(table),
            "located_row": None,
            "located_col": None,
        },
    )


@router.get("/public/packages/{package_id}/download.{fmt}")
def download(
    request: Request, package_id: Id, fmt: str, db: Db, user: MaybeUser, settings: Config
) -> Response:
    if fmt not in FORMATS:
        raise NotFound(f"不提供 .{fmt[:10]} 格式的下载，可下载：{'、'.join(FORMATS)}。")
    spend(request, user, COST_PDF if fmt == "pdf" else COST_DOWNLOAD)
    package, unit = published_package(db, package_id)
    data, name = fetch(db, package, unit.name, settings.layout, fmt, model)
    return attachment(data, fmt, f"package-{package.id}", name)
