"""Bulk open data of the published packages: CSV, JSON and a Fiscal Data Package, one amount
per line (see :mod:`yusuan.opendata`), filtered like the portal's search. Each package's CSV
rows and JSON records are stored when it is published (:mod:`yusuan.web.published`): an export
joins them, never rendering per request. CSV and JSON are streamed, each package's rows read
only when the stream reaches them, so an export of every department is never held in memory
whole (the Fiscal Data Package zip is built in memory).
Anonymous exports are rate-limited per client address (:mod:`yusuan.web.throttle`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy.orm import Session, sessionmaker

from yusuan.opendata.write import csv_chunks, fiscal_data_package_of_csv
from yusuan.web.db import Package, Unit
from yusuan.web.deps import Config, Db, MaybeUser
from yusuan.web.derived import model
from yusuan.web.published import CSV_ROWS, JSON_ROWS, fetch
from yusuan.web.routes.public import Search, parse_search, published
from yusuan.web.throttle import COST_EXPORT, spend

router = APIRouter(prefix="/api/public", tags=["开放数据"])


@dataclass(frozen=True, slots=True)
class Listed:
    package_id: int
    department: str
    year: int


def _published(db: Session, search: Search) -> list[Listed]:
    """Which packages, read before the response streams (their models are not: each is
    loaded, in a session of its own, as the stream reaches it)."""
    query = published(search, limit=None).with_only_columns(Package.id, Unit.name, Package.year)
    return [Listed(i, name, year) for i, name, year in db.execute(query).all()]


def _stored(
    sessions: sessionmaker[Session], rows: list[Listed], layout: str, fmt: str
) -> Iterator[bytes]:
    """Each package's rows (:data:`CSV_ROWS` or :data:`JSON_ROWS`) as stored when it was
    published (rendered and stored now for a package published before they were kept), each
    read in a session of its own as the stream reaches it."""
    for row in rows:
        with sessions() as session:
            package = session.get(Package, row.package_id)
            if package is None:  # deleted meanwhile: nothing to export
                continue
            yield fetch(session, package, row.department, layout, fmt, model)[0]


def _csv(sessions: sessionmaker[Session], rows: list[Listed], layout: str) -> Iterator[bytes]:
    yield next(csv_chunks([])).encode("utf-8")  # the header
    yield from _stored(sessions, rows, layout, CSV_ROWS)


def _json(sessions: sessionmaker[Session], rows: list[Listed], layout: str) -> Iterator[bytes]:
    """A JSON array of every package's records (one object per amount)."""
    yield b"["
    first = True
    for chunk in _stored(sessions, rows, layout, JSON_ROWS):
        if chunk:
            yield (b"\n" if first else b",\n") + chunk
            first = False
    yield b"\n]\n"


def _filename(search: Search, ext: str) -> str:
    year = f"-{search.year}" if search.year else ""
    return f"yusuan-budget-lines{year}.{ext}"


@router.get("/export.csv", summary="已发布文件各表金额（CSV，一行一个金额，UTF-8 带 BOM）")
def export_csv(
    request: Request, db: Db, user: MaybeUser, settings: Config, q: str = "", year: str = ""
) -> StreamingResponse:
    search = parse_search(q, year)
    spend(request, user, COST_EXPORT)
    rows = _published(db, search)
    return StreamingResponse(
        _csv(request.app.state.sessions, rows, settings.layout),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_filename(search, "csv")}"'},
    )


@router.get("/export.json", summary="已发布文件各表金额（JSON 数组，金额为精确小数字符串）")
def export_json(
    request: Request, db: Db, user: MaybeUser, settings: Config, q: str = "", year: str = ""
) -> StreamingResponse:
    search = parse_search(q, year)
    spend(request, user, COST_EXPORT)
    rows = _published(db, search)
    return StreamingResponse(
        _json(request.app.state.sessions, rows, settings.layout), media_type="application/json"
    )


@router.get(
    "/datapackage.zip",
    summary="Fiscal Data Package（datapackage.json + budget_lines.csv）",
    response_class=Response,
)
def export_fdp(
    request: Request, db: Db, user: MaybeUser, settings: Config, q: str = "", year: str = ""
) -> Response:
    search = parse_search(q, year)
    spend(request, user, COST_EXPORT)
    rows = _published(db, search)
    years = sorted({r.year for r in rows})
    title = "预算公开数据" + (f"（{search.year}年）" if search.year else "")
    csv = _csv(request.app.state.sessions, rows, settings.layout)
    data = fiscal_data_package_of_csv(csv, title, years)
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{_filename(search, "zip")}"'},
    )
