"""Bulk open data of the published packages: CSV, JSON and a Fiscal Data Package, one amount
per line (see :mod:`yusuan.opendata`), filtered like the portal's search. Each package's CSV
rows and JSON records are stored when it is published (:mod:`yusuan.web.published`): an export
joins them, never rendering per request. CSV and JSON are streamed from those rows in the
public list's order, a hundred packages per indexed query (keyset), so an export of every
department is never held in memory whole (the Fiscal Data Package zip is built in memory).
Anonymous exports are rate-limited per client address (:mod:`yusuan.web.throttle`).
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import and_
from sqlalchemy.orm import Session, sessionmaker

from yusuan.opendata.write import csv_chunks, fiscal_data_package_of_csv
from yusuan.web import pages
from yusuan.web.db import Package, PublishedFile
from yusuan.web.deps import Config, Db, MaybeUser
from yusuan.web.derived import model
from yusuan.web.published import ANY_LAYOUT, CSV_ROWS, JSON_ROWS, fetch
from yusuan.web.routes.public import Search, parse_search, published
from yusuan.web.throttle import COST_EXPORT, spend

router = APIRouter(prefix="/api/public", tags=["开放数据"])


#: packages read per query while an export streams (each batch in a session of its own)
BATCH = 100


def _batches(
    sessions: sessionmaker[Session], search: Search, fmt: str
) -> Iterator[list[tuple[Package, str, bytes | None]]]:
    """The matching packages with their stored rows (``fmt``), a batch at a time in the list's
    order: each batch one indexed query (keyset, past the last one sent) in a short session of
    its own, so neither memory nor a held transaction grows with the export."""
    after: pages.Cursor | None = None
    while True:
        with sessions() as session:
            query = (
                pages.window(published(search, limit=None), after, None, BATCH)
                .limit(BATCH)  # (every row read is sent: no look-ahead row)
                .add_columns(PublishedFile.data)
                .outerjoin(
                    PublishedFile,
                    and_(
                        PublishedFile.package_id == Package.id,
                        PublishedFile.layout == ANY_LAYOUT,
                        PublishedFile.format == fmt,
                    ),
                )
            )
            rows = [(p, u.name, data) for p, u, data in session.execute(query)]
            session.expunge_all()
        if not rows:
            return
        yield rows
        if len(rows) < BATCH:
            return
        after = pages.key(rows[-1][0])


def _stored(
    sessions: sessionmaker[Session], search: Search, layout: str, fmt: str
) -> Iterator[bytes]:
    """Each package's rows (:data:`CSV_ROWS` or :data:`JSON_ROWS`) as stored when it was
    published (rendered and stored now for a package published before they were kept)."""
    for batch in _batches(sessions, search, fmt):
        for package, department, data in batch:
            if data is not None:
                yield data
                continue
            with sessions() as session:
                found = session.get(Package, package.id)
                if found is not None:  # (deleted meanwhile: nothing to export)
                    yield fetch(session, found, department, layout, fmt, model)[0]


def _csv(sessions: sessionmaker[Session], search: Search, layout: str) -> Iterator[bytes]:
    yield next(csv_chunks([])).encode("utf-8")  # the header
    for chunk in _stored(sessions, search, layout, CSV_ROWS):
        if chunk:
            yield chunk


def _json(sessions: sessionmaker[Session], search: Search, layout: str) -> Iterator[bytes]:
    """A JSON array of every package's records (one object per amount)."""
    yield b"["
    first = True
    for chunk in _stored(sessions, search, layout, JSON_ROWS):
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
    return StreamingResponse(
        _csv(request.app.state.sessions, search, settings.layout),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_filename(search, "csv")}"'},
    )


@router.get("/export.json", summary="已发布文件各表金额（JSON 数组，金额为精确小数字符串）")
def export_json(
    request: Request, db: Db, user: MaybeUser, settings: Config, q: str = "", year: str = ""
) -> StreamingResponse:
    search = parse_search(q, year)
    spend(request, user, COST_EXPORT)
    return StreamingResponse(
        _json(request.app.state.sessions, search, settings.layout), media_type="application/json"
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
    query = published(search, limit=None).with_only_columns(Package.year).distinct()
    years = sorted(db.scalars(query.order_by(None)).all())
    title = "预算公开数据" + (f"（{search.year}年）" if search.year else "")
    csv = _csv(request.app.state.sessions, search, settings.layout)
    data = fiscal_data_package_of_csv(csv, title, years)
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{_filename(search, "zip")}"'},
    )
