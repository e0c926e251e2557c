"""Bulk open data of the published packages: CSV, JSON and a Fiscal Data Package, one amount
per line (see :mod:`yusuan.opendata`), filtered like the portal's search. CSV and JSON are
streamed, so an export of every department is never held in memory whole."""

from __future__ import annotations

import json
from collections.abc import Iterator

from fastapi import APIRouter
from fastapi.responses import Response, StreamingResponse
from sqlalchemy.orm import Session

from yusuan.opendata.lines import lines, meta, record
from yusuan.opendata.write import csv_chunks, fiscal_data_package, json_record
from yusuan.web.db import Package, Unit
from yusuan.web.deps import Db
from yusuan.web.derived import model
from yusuan.web.routes.public import Search, parse_search, published

router = APIRouter(prefix="/api/public", tags=["开放数据"])


def _published(db: Session, search: Search) -> list[tuple[Package, Unit]]:
    """Loaded before the response streams (the session may be closed by then)."""
    return [(p, u) for p, u in db.execute(published(search, limit=None)).all()]


def _records(rows: list[tuple[Package, Unit]]) -> Iterator[dict[str, object]]:
    for package, unit in rows:
        pkg = model(package)
        m = meta(pkg, package.id, unit.name)
        for line in lines(pkg):
            yield record(m, line)


def _filename(search: Search, ext: str) -> str:
    year = f"-{search.year}" if search.year else ""
    return f"yusuan-budget-lines{year}.{ext}"


@router.get("/export.csv", summary="已发布文件各表金额（CSV，一行一个金额，UTF-8 带 BOM）")
def export_csv(db: Db, q: str = "", year: str = "") -> StreamingResponse:
    search = parse_search(q, year)
    return StreamingResponse(
        (chunk.encode("utf-8") for chunk in csv_chunks(_records(_published(db, search)))),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_filename(search, "csv")}"'},
    )


@router.get("/export.json", summary="已发布文件各表金额（JSON 数组，金额为精确小数字符串）")
def export_json(db: Db, q: str = "", year: str = "") -> StreamingResponse:
    search = parse_search(q, year)
    rows = _published(db, search)

    def chunks() -> Iterator[bytes]:
        yield b"["
        for i, rec in enumerate(_records(rows)):
            text = json.dumps(json_record(rec), ensure_ascii=False)
            yield (("," if i else "") + "\n" + text).encode("utf-8")
        yield b"\n]\n"

    return StreamingResponse(chunks(), media_type="application/json")


@router.get(
    "/datapackage.zip",
    summary="Fiscal Data Package（datapackage.json + budget_lines.csv）",
    response_class=Response,
)
def export_fdp(db: Db, q: str = "", year: str = "") -> Response:
    search = parse_search(q, year)
    rows = _published(db, search)
    years = sorted({p.year for p, _ in rows})
    title = "预算公开数据" + (f"（{search.year}年）" if search.year else "")
    data = fiscal_data_package(_records(rows), title, years)
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{_filename(search, "zip")}"'},
    )
