"""``--summary 汇总.xlsx``: one row per document, in the layout finance staff expect.

A title line, then a header row that stays in view (frozen) with filters on every column;
every cell ruled; the columns as wide as their content usually is (file and unit names,
the first findings wrapped); counts as numbers; the header repeated on every printed page,
landscape, fitted to the page width. Rows are sorted by file. Written in openpyxl's streaming
mode from the run's journal: memory does not grow with the number of documents.
"""

from __future__ import annotations

import heapq
import io
import math
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from yusuan import __version__
from yusuan.batch.journal import Recorded, views, worst_of
from yusuan.batch.parquet import connect
from yusuan.batch.work import CHECKED, FAILED, UNREADABLE
from yusuan.errors import DataFileError
from yusuan.output import write_atomic

SHEET = "审核汇总"
FONT = "宋体"
#: (header, width in characters) — the last column, the file's SHA-256, lets --resume skip it
HEADER = (
    ("序号", 6),
    ("文件", 38),
    ("单位名称", 30),
    ("地区", 14),
    ("年度", 7),
    ("预算/决算", 8),
    ("类型", 15),
    ("页数", 6),
    ("识别表格", 8),
    ("错误", 7),
    ("警告", 7),
    ("提示", 7),
    ("主要问题", 72),
    ("状态", 9),
    ("文件摘要（SHA-256）", 66),  # hidden: for --resume, not for reading
)
HEADER_ROW = 2
STATUS = {CHECKED: "已审核", FAILED: "内部错误"}
UNREADABLE_LABEL = "无法读取"
_NUMBERS = {"年度", "页数", "识别表格", "错误", "警告", "提示"}
_WRAPPED = {"文件", "单位名称", "主要问题"}

Row = tuple[Any, ...]  # the values after 序号, in HEADER order
#: points a line of 10-point text takes; the most lines a row is made tall enough for
LINE = 13.5
MAX_LINES = 8


def _lines(text: str, width: int) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (a Chinese
    character is two)."""
    units = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return max(1, math.ceil(units / max(1, int(width * 0.85))))


def _journal_rows(con: Any) -> Iterator[Row]:
    cursor = con.execute(
        "SELECT document, unit, region, year, stage, kind, partial, pages, tables, errors, "
        "warnings, infos, first, status, error, digest FROM docs ORDER BY document"
    )
    while batch := cursor.fetchmany(2000):
        for r in batch:
            (doc, unit, region, year, stage, kind, partial, pages, tables) = r[:9]
            (errors, warnings, infos, first, status, error, sha) = r[9:]
            checked = status == CHECKED
            yield (
                doc,
                unit or "",
                region or "",
                year,
                stage or "",
                f"{kind}（部分）" if partial and kind else (kind or ""),
                pages if checked else None,
                tables if checked else None,
                errors if checked else None,
                warnings if checked else None,
                infos if checked else None,
                (first or "未发现问题") if checked else (error or ""),
                STATUS.get(status, UNREADABLE_LABEL),
                sha,
            )


def _open(path: Path) -> Any:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
        ws = wb[SHEET]
    except Exception as exc:  # not a workbook, or not ours
        raise DataFileError(
            str(path),
            detail=f"无法从中接着审核（--resume）：不是 yusuan 写出的审核汇总表（{type(exc).__name__}）。",
        ) from None
    header = next(ws.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, values_only=True), ())
    if tuple(header[: len(HEADER)]) != tuple(h for h, _ in HEADER):
        wb.close()
        raise DataFileError(
            str(path), detail="无法从中接着审核（--resume）：表头与 yusuan 的审核汇总表不同。"
        )
    return wb


def _old_rows(path: Path) -> Iterator[Row]:
    wb = _open(path)
    try:
        for values in wb[SHEET].iter_rows(min_row=HEADER_ROW + 1, values_only=True):
            if values and values[1]:
                yield tuple(values[1 : len(HEADER)])
    finally:
        wb.close()


def recorded(path: Path) -> Recorded:
    """The documents an earlier run wrote to the summary ``path``."""
    statuses = {label: status for status, label in STATUS.items()}
    found = Recorded()
    for r in _old_rows(path):
        if r[-1]:  # 错误, 警告, 提示 are r[8:11]
            status = statuses.get(str(r[12]), UNREADABLE)
            found.add(str(r[0]), str(r[-1]), status, worst_of(r[8], r[9], r[10]))
    return found


def digests(path: Path) -> set[str]:
    """The digests of the documents an earlier run wrote to the summary ``path``."""
    return set(recorded(path).digests)


def write(journal: Path, output: Path, carried: Path | None = None) -> int:
    """The workbook from the journal (and, resuming, the rows of ``carried`` for documents
    this run did not check again); the number of documents."""
    con = connect()
    try:
        views(con, journal)
        latest = {str(r[0]) for r in con.execute("SELECT document FROM latest").fetchall()}
        aliases = con.execute("SELECT document, digest FROM aliases ORDER BY document").fetchall()

        def rows() -> Iterator[Row]:
            new = _journal_rows(con)
            if carried is None:
                return new
            old = (r for r in _old_rows(carried) if r[0] not in latest)
            return heapq.merge(new, old, key=lambda r: str(r[0]))

        merged = rows()
        if aliases:  # documents given a copy of the row of the same content
            wanted = {str(d) for _, d in aliases}
            first: dict[str, Row] = {}
            for r in rows():
                if r[-1] in wanted:
                    first.setdefault(str(r[-1]), r)
            copies = [(str(p), *first[d][1:]) for p, d in aliases if d in first]
            merged = heapq.merge(rows(), copies, key=lambda r: str(r[0]))
        data, count = _workbook(merged)
    finally:
        con.close()
    write_atomic(output, lambda tmp: tmp.write_bytes(data))
    return count


def _workbook(rows: Iterator[Row]) -> tuple[bytes, int]:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body = Font(name=FONT, size=10)
    red = Font(name=FONT, size=10, bold=True, color="C00000")
    for i, (_, width) in enumerate(HEADER, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.column_dimensions[get_column_letter(len(HEADER))].hidden = True
    widths = dict(HEADER)
    ws.freeze_panes = f"C{HEADER_ROW + 1}"  # the header and the file names stay in view
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)

    def cell(value: Any, font: Font = body, **align: Any) -> Any:
        c = WriteOnlyCell(ws, value=value)
        if isinstance(value, str):
            c.data_type = "s"  # a name beginning with = stays text, never a formula
        c.font = font
        c.border = border
        c.alignment = Alignment(**{"vertical": "top", **align})
        return c

    title = WriteOnlyCell(
        ws, value=f"预算公开文件审核汇总（yusuan {__version__}，{date.today():%Y-%m-%d}）"
    )
    title.font = Font(name=FONT, size=14, bold=True)
    ws.append([title])
    head_font = Font(name=FONT, size=10, bold=True)
    fill = PatternFill("solid", fgColor="D9E1F2")
    heads = []
    for name, _ in HEADER:
        c = cell(name, head_font, horizontal="center", vertical="center", wrap_text=True)
        c.fill = fill
        heads.append(c)
    ws.append(heads)
    count = 0
    for count, values in enumerate(rows, start=1):
        # Excel and LibreOffice do not grow a row for wrapped text they did not lay out
        tall = max(
            _lines(str(v or ""), widths[name])
            for (name, _), v in zip(HEADER[1:], values, strict=True)
            if name in _WRAPPED
        )
        if tall > 1:
            ws.row_dimensions[HEADER_ROW + count].height = LINE * min(tall, MAX_LINES) + 2
        out = [cell(count, horizontal="right")]
        for (name, _), value in zip(HEADER[1:], values, strict=True):
            font = red if name == "错误" and value else body
            if name in _NUMBERS:
                out.append(cell(value, font, horizontal="right"))
            elif name in _WRAPPED:
                out.append(cell(value, font, wrap_text=True))
            else:
                out.append(cell(value, font, horizontal="center" if name != "地区" else None))
        ws.append(out)
    last = get_column_letter(len(HEADER))
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(count, 1)}"
    sink = io.BytesIO()
    wb.save(sink)
    return sink.getvalue(), count
