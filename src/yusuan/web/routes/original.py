"""The original PDF behind a package: a finding opens the page it is about, with the printed
number marked; reviewers page through the original beside the check report."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from yusuan.web import authz, editor
from yusuan.web.db import Package, PackageFile, User
from yusuan.web.deps import Config, Db, Id, MaybeUser
from yusuan.web.derived import model
from yusuan.web.errors import NotFound
from yusuan.web.original import has_pages, require_page
from yusuan.web.rendering import Renderer
from yusuan.web.review import finding
from yusuan.web.templating import render

router = APIRouter(include_in_schema=False)
Find = Annotated[list[str], Query()]  # texts to mark on the page


def _pdf(db: Session, user: User | None, package_id: int) -> tuple[Package, PackageFile]:
    package = authz.get_package(db, user, package_id)
    kept = db.scalar(select(PackageFile).where(PackageFile.package_id == package.id))
    if kept is None or not has_pages(kept.name):
        raise NotFound("该文件不是由 PDF 或扫描图片读入的，没有原文页面可看。")
    return package, kept


def _marks(find: list[str]) -> list[str]:
    """At most five texts to mark, fifty characters each (a URL is not a place for more)."""
    return [f[:50] for f in find[:5]]


def _printed(value: Decimal | str | None) -> list[str]:
    """How an amount may be printed: 1421.74 and 1,421.74."""
    if not isinstance(value, Decimal):
        return [value] if isinstance(value, str) and value else []
    plain = format(value, "f")
    grouped = f"{value:,f}"
    return list(dict.fromkeys([plain, grouped]))


@router.get("/packages/{package_id}/original/pages/{number}.png")
def page_png(
    request: Request,
    package_id: Id,
    number: Id,
    db: Db,
    user: MaybeUser,
    find: Find = [],  # noqa: B006
) -> Response:
    """The page as PNG, rendered in a worker bounded by memory and time (``Renderer``)."""
    _, kept = _pdf(db, user, package_id)
    data = kept.data
    db.rollback()  # nothing pending: the connection goes back to the pool while it renders
    renderer: Renderer = request.app.state.renderer
    png = renderer(data, number, _marks(find))
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})


@router.get("/packages/{package_id}/original/pages/{number}")
def page_view(
    request: Request,
    package_id: Id,
    number: Id,
    db: Db,
    user: MaybeUser,
    find: Find = [],  # noqa: B006
) -> Response:
    package, kept = _pdf(db, user, package_id)
    data, name = kept.data, kept.name
    db.rollback()  # nothing pending: the connection goes back to the pool meanwhile
    renderer: Renderer = request.app.state.renderer
    pages = renderer.pages(data)
    require_page(number, pages)
    marks = _marks(find)
    query = urlencode([("find", f) for f in marks])
    return render(
        request,
        "original.html",
        {
            "package": package,
            "name": name,
            "number": number,
            "pages": pages,
            "find": marks,
            "query": query,
        },
    )


@router.get("/packages/{package_id}/findings/{key}/original")
def finding_page(package_id: Id, key: str, db: Db, user: MaybeUser, settings: Config) -> Response:
    """From a finding to the original page, its printed value marked."""
    package, _ = _pdf(db, user, package_id)
    found = finding(db, package, settings.profile, key)
    if found is None:
        raise NotFound("未找到该审核发现（文件可能已更新），请刷新文件页。")
    loc = found.location
    if not loc.page:
        raise NotFound("该审核发现没有页码。")
    find = _printed(found.stated)
    pkg = model(package)
    place = editor.locate(pkg, loc)
    t, r, c = place if place is not None else (0, None, None)
    if r is not None and c is not None:
        table = pkg.tables[t]
        cell = table.rows[r].cell(table.columns[c])
        if cell is not None and cell.text:
            find.insert(0, cell.text)
    query = urlencode([("find", f) for f in find])
    return RedirectResponse(
        f"/packages/{package.id}/original/pages/{loc.page}{'?' + query if query else ''}",
        status_code=303,
    )
