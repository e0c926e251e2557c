"""XLSX: a 情况说明 sheet, then one sheet per table with the official look — merged headers,
``#,##0.00`` amounts stored as numbers (exact decimals, never floats), borders, a print area
and header rows repeated on every printed page."""

from __future__ import annotations

import io
from copy import copy
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from yusuan.publish.document import Document, Grid, Paragraph
from yusuan.publish.xlsx_merge import Merger

FONT = "宋体"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="F2F2F2")
AMOUNT_FORMAT = "#,##0.00"


def put(ws: Worksheet, row: int, column: int, value: str | Decimal | float | None) -> Cell:
    """Write a cell; text is always a string cell, never a formula: a narrative line or note
    beginning with ``=`` (``=11538.59平方米``, ``=SUM(A1)``, ``=HYPERLINK(…)``) is shown as
    printed, as Excel and WPS show a typed ``'=``, without changing the visible text. (``+``,
    ``-``, ``@`` and tab start a formula only when typed, or in CSV, not in a stored string.)"""
    cell = ws.cell(row=row, column=column)
    assert isinstance(cell, Cell), "written before the merges"
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def render_xlsx(doc: Document) -> bytes:
    wb = Workbook()
    first = wb.active
    assert first is not None
    paragraphs = [b for b in doc.blocks if isinstance(b, Paragraph)]
    if paragraphs:
        first.title = "情况说明"
        _narrative(first, paragraphs)
    else:
        wb.remove(first)
    merger = Merger()  # (merge_cells, each style sum once a workbook)
    for grid in doc.grids:
        _grid(wb.create_sheet(grid.sheet), grid, merger)
    wb.properties.title = doc.title
    wb.properties.creator = "yusuan"
    wb.properties.description = "；".join(f"{k}={v}" for k, v in doc.metadata)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _narrative(ws: Worksheet, paragraphs: list[Paragraph]) -> None:
    ws.column_dimensions["A"].width = 110
    for i, p in enumerate(paragraphs, start=1):
        cell = put(ws, i, 1, p.text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        size = {1: 16, 2: 12, 3: 11}.get(p.level, 11)
        cell.font = Font(name=FONT, size=size, bold=p.level > 0)
        if p.level == 1:
            cell.alignment = Alignment(horizontal="center", wrap_text=True)


def _grid(ws: Worksheet, grid: Grid, merger: Merger) -> None:
    width = max(grid.width, 1)
    row = 1
    title = put(ws, 1, 1, grid.title)
    title.font = Font(name=FONT, size=14, bold=True)
    title.alignment = Alignment(horizontal="center")
    if width > 1:
        merger.merge(ws, 1, 1, 1, width)
    for line in grid.preamble:
        row += 1
        put(ws, row, 1, line).font = Font(name=FONT, size=10)
    if grid.unit_line:
        row += 1
        if grid.issuer:
            put(ws, row, 1, grid.issuer).font = Font(name=FONT, size=10)
        unit = put(ws, row, width if grid.issuer else 1, grid.unit_line)
        unit.font = Font(name=FONT, size=10)
        unit.alignment = Alignment(horizontal="right" if grid.issuer else "left")
    top = row + 1
    covered = grid.covered()
    styled: dict[tuple[object, ...], StyleArray] = {}  # a cell's look → its styles' ids
    for r, values in enumerate(grid.rows):
        head = r < grid.header_rows
        for c, value in enumerate(values):
            cell = ws.cell(row=top + r, column=c + 1)
            if (r, c) in covered:
                look: tuple[object, ...] = ("covered",)
            elif isinstance(value, Decimal):
                cell.value = value
                look = ("amount", head)
            elif value:
                put(ws, top + r, c + 1, value)
                look = ("text", head, c in grid.text_columns or len(value) > 12)
            else:
                look = ("blank", head)
            if look in styled:  # the same look: its style ids (openpyxl hashes every style set)
                setattr(cell, "_style", copy(styled[look]))  # noqa: B010 (not in the stubs)
                continue
            cell.border = _BORDER
            if look[0] == "amount":
                cell.number_format = AMOUNT_FORMAT if grid.grouped else "0.00"
                cell.alignment = Alignment(horizontal="right", vertical="center")
            elif look[0] == "text":
                cell.alignment = Alignment(vertical="center", wrap_text=look[2])
            if look[0] != "covered":
                cell.font = Font(name=FONT, size=10, bold=head)
                if head:
                    cell.fill = _HEAD_FILL
                    cell.alignment = Alignment(
                        horizontal="center", vertical="center", wrap_text=True
                    )
            styled[look] = copy(getattr(cell, "_style"))  # noqa: B009
    for m in grid.merges:
        merger.merge(ws, top + m.top, m.left + 1, top + m.bottom, m.right + 1)
    bottom = top + len(grid.rows) - 1
    if grid.note:
        put(ws, bottom + 1, 1, grid.note).font = Font(name=FONT, size=10)
    for c, chars in enumerate(grid.column_chars()):
        ws.column_dimensions[get_column_letter(c + 1)].width = max(8, chars * 1.1)
    ws.print_area = f"A1:{get_column_letter(width)}{bottom + (1 if grid.note else 0)}"
    if grid.header_rows:
        ws.print_title_rows = f"{top}:{top + grid.header_rows - 1}"
    ws.page_setup.orientation = "landscape" if grid.wide else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.freeze_panes = f"A{top + grid.header_rows}"
