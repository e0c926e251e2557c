"""A published package's downloads, rendered once and kept in the database
(:class:`~yusuan.web.db.PublishedFile`): PDF, XLSX, DOCX, HTML, JSON and its rows of the
open-data CSV. They are rendered when the package is published (before the publishing
transaction, which stores them with the new status), or — for a package published before
migration 0009, or under another layout — at its first download, once. A published model
never changes, so an anonymous request only reads bytes (a PDF took ≈ 2 s of CPU a request).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from yusuan import __version__, progress
from yusuan.layouts import regional_layout
from yusuan.model import BudgetPackage
from yusuan.model.serialize import to_data
from yusuan.opendata.lines import lines, meta, record
from yusuan.opendata.write import csv_chunks, json_record
from yusuan.publish import file_stem, render
from yusuan.publish.layout import load_layout
from yusuan.web.db import Package, PublishedFile, utcnow

log = logging.getLogger("yusuan.web")

#: the formats a published package is downloaded in
DOWNLOADS = ("pdf", "xlsx", "docx", "html", "json")
#: its rows of the open-data CSV (no header) and its records of the JSON export (the
#: array's members): the bulk exports join them
CSV_ROWS = "csv"
JSON_ROWS = "jsonrows"
#: the stored format of the JSON model does not depend on a layout
ANY_LAYOUT = "-"


def _layout_key(fmt: str, layout: str) -> str:
    return ANY_LAYOUT if fmt in ("json", CSV_ROWS, JSON_ROWS) else layout


def render_one(
    pkg: BudgetPackage, package_id: int, department: str, layout: str, fmt: str
) -> bytes:
    """One file of the package: a download format or :data:`CSV_ROWS`."""
    if fmt == "json":
        data = {"yusuan": __version__, "package": to_data(pkg)}
        return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    if fmt in (CSV_ROWS, JSON_ROWS):
        m = meta(pkg, package_id, department)
        records = (record(m, line) for line in lines(pkg))
        if fmt == JSON_ROWS:
            rows = (json.dumps(json_record(r), ensure_ascii=False) for r in records)
            return ",\n".join(rows).encode("utf-8")
        text = "".join(csv_chunks(records, bom=False))
        return text.split("\r\n", 1)[1].encode("utf-8")  # the rows, without the header
    return render(pkg, load_layout(regional_layout(layout, department)), fmt)


@dataclass(frozen=True, slots=True)
class Files:
    """A package's files by format, and their name (without the extension)."""

    name: str
    data: dict[str, bytes]


#: every file rendered at publishing, in order, and the step shown while each is rendered
FORMATS = (*DOWNLOADS, CSV_ROWS, JSON_ROWS)
STEP_NAMES = {
    "pdf": "生成 PDF",
    "xlsx": "生成 XLSX",
    "docx": "生成 DOCX",
    "html": "生成 HTML",
    "json": "生成 JSON",
    CSV_ROWS: "生成开放数据 CSV",
    JSON_ROWS: "生成开放数据 JSON",
}


def render_all(pkg: BudgetPackage, package_id: int, department: str, layout: str) -> Files:
    """Every file of a package being published, a progress report (:mod:`yusuan.progress`)
    before each: formats done of all. A format that fails to render is left out (logged), to
    be rendered at its first download."""
    files = {}
    for done, fmt in enumerate(FORMATS):
        progress.report(STEP_NAMES[fmt], done, len(FORMATS))
        try:
            files[fmt] = render_one(pkg, package_id, department, layout, fmt)
        except Exception:  # a renderer's defect must not stop a legal publication
            log.exception("rendering %s of package %s at publishing failed", fmt, package_id)
    return Files(file_stem(pkg), files)


def keep(session: Session, package_id: int, layout: str, files: Files) -> None:
    """Add the files' rows to the session (the caller's transaction)."""
    now = utcnow()
    for fmt, data in files.data.items():
        session.add(
            PublishedFile(
                package_id=package_id,
                layout=_layout_key(fmt, layout),
                format=fmt,
                name=files.name,
                data=data,
                created_at=now,
            )
        )


def stored(session: Session, package_id: int, layout: str, fmt: str) -> tuple[bytes, str] | None:
    """The stored file and its name, if rendered before."""
    row = session.execute(
        select(PublishedFile.data, PublishedFile.name).where(
            PublishedFile.package_id == package_id,
            PublishedFile.layout == _layout_key(fmt, layout),
            PublishedFile.format == fmt,
        )
    ).first()
    return None if row is None else (row[0], row[1])


def fetch(
    session: Session,
    package: Package,
    department: str,
    layout: str,
    fmt: str,
    model: Callable[[Package], BudgetPackage],
) -> tuple[bytes, str]:
    """The published package's file and its name: stored, else rendered now and stored for
    every later request (a concurrent first request may store it first: its copy is the
    same). The layout is the unit's region's (:func:`yusuan.layouts.regional_layout`)."""
    layout = regional_layout(layout, department)
    found = stored(session, package.id, layout, fmt)
    if found is not None:
        return found
    pkg = model(package)
    files = Files(file_stem(pkg), {fmt: render_one(pkg, package.id, department, layout, fmt)})
    try:
        keep(session, package.id, layout, files)
        session.commit()
    except IntegrityError:
        session.rollback()
    return files.data[fmt], files.name
