"""Merged ranges as openpyxl's ``Worksheet.merge_cells`` makes them, each style sum done once.

Merging gives every cell on a range's edge the top-left cell's border on that side
(``cell.border += Border(top=…)``) and every cell of the range the top-left cell's protection;
each assignment hashes the style objects to find their ids in the workbook, and a package's
hundred-odd merged header cells were a quarter of its XLSX rendering. :class:`Merger` makes the
same assignments in the same order, the first of each kind through openpyxl and the repeats by
the id openpyxl gave it (a sum depends only on the ids it starts from), so the workbook is the
same, byte for byte (``tests/test_publish.py`` compares it with ``merge_cells``'s).
"""

from __future__ import annotations

from copy import copy

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles.borders import Border
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

_SIDES = ("top", "left", "right", "bottom")


def _style(cell: Cell | MergedCell) -> StyleArray:
    """The cell's style ids (made as openpyxl makes them when a style is first asked for)."""
    style: StyleArray | None = getattr(cell, "_style")  # noqa: B009 (not in the stubs)
    if not style:
        style = StyleArray()
        setattr(cell, "_style", style)  # noqa: B010
    return style


class Merger:
    """``merge_cells`` for one workbook (style ids are the workbook's)."""

    def __init__(self) -> None:
        #: (a cell's border id, side, the top-left cell's border id) → the cell's new border id
        self._borders: dict[tuple[int, str, int], int] = {}
        #: the top-left cell's protection id → the id every cell of its range gets
        self._protections: dict[int, int] = {}

    def merge(
        self, ws: Worksheet, start_row: int, start_column: int, end_row: int, end_column: int
    ) -> None:
        """``ws.merge_cells(start_row=…, start_column=…, end_row=…, end_column=…)``."""
        coord = CellRange(
            min_col=start_column, min_row=start_row, max_col=end_column, max_row=end_row
        ).coord
        mcr = MergedCellRange(ws, coord)  # (its one border sum: the bottom-right cell's)
        ws.merged_cells.add(mcr)
        cells = mcr.cells
        next(cells)  # all but the top-left cell become merged cells
        for row, col in cells:
            ws._cells[row, col] = MergedCell(ws, row, col)
        self._format(ws, mcr)

    def _cell(self, ws: Worksheet, coord: tuple[int, int]) -> Cell | MergedCell:
        cell = ws._cells.get(coord)
        if cell is None:
            row, col = coord
            cell = MergedCell(ws, row=row, column=col)
            ws._cells[(row, col)] = cell
        return cell

    def _format(self, ws: Worksheet, mcr: MergedCellRange) -> None:
        """``MergedCellRange.format``: the edges' borders, then every cell's protection."""
        start = mcr.start_cell
        for name in _SIDES:
            side = getattr(start.border, name)
            if side and side.style is None:
                continue  # no border on that side
            border = Border(**{name: side})
            for coord in getattr(mcr, name):
                cell = self._cell(ws, coord)
                style = _style(cell)
                key = (style.borderId, name, _style(start).borderId)
                done = self._borders.get(key)
                if done is None:
                    cell.border += border
                    self._borders[key] = _style(cell).borderId
                else:
                    style.borderId = done
        protection = copy(start.protection)
        given = self._protections.get(_style(start).protectionId)
        for coord in mcr.cells:
            cell = self._cell(ws, coord)
            if given is None:
                of = _style(start).protectionId
                cell.protection = protection  # type: ignore[assignment]
                given = self._protections[of] = _style(cell).protectionId
            else:
                _style(cell).protectionId = given
