"""Editing a table's amounts in the browser: the grid a page shows, and the edits applied to
the model (a new model; the stored one is replaced through :func:`store.replace_model`).

Cells are addressed ``r{row}c{column}`` by their position in the table. 类/款 rows and the
合计 row of a classified table are computed from the rows below them (by code prefix), so the
page recalculates them as the user types and the server recomputes them on save: totals are
right by construction, as in the publisher.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from yusuan.model import BudgetPackage
from yusuan.model.tables import Cell, Row, Table
from yusuan.money import parse_amount, quantize
from yusuan.web.errors import BadRequest

FIELD = re.compile(r"^r(\d{1,4})c(\d{1,2})$")
MAX_DIGITS = 15


@dataclass(frozen=True, slots=True)
class GridCell:
    name: str  # the form field, r{row}c{column}
    text: str
    computed: bool  # a sum of the rows below: recalculated, not typed


@dataclass(frozen=True, slots=True)
class GridRow:
    index: int
    code: str
    name: str
    level: int
    total: bool
    cells: tuple[GridCell | None, ...]


def _parent(code: str) -> str | None:
    return {5: code[:3], 7: code[:5]}.get(len(code))


def computed_rows(table: Table) -> set[int]:
    """Rows whose amounts are sums: a coded row with coded rows below it, and the total."""
    if not table.kind.classified:
        return set()
    codes = {r.code for r in table.rows if r.code}
    parents = {p for c in codes if (p := _parent(c)) is not None and p in codes}
    out = {i for i, r in enumerate(table.rows) if r.code in parents}
    if any(r.code and len(r.code) == 3 for r in table.rows):
        out |= {i for i, r in enumerate(table.rows) if r.is_total}
    return out


def grid(table: Table) -> tuple[tuple[str, ...], tuple[GridRow, ...]]:
    """Column labels and rows as the editor shows them."""
    computed = computed_rows(table)
    rows = []
    for i, r in enumerate(table.rows):
        cells = []
        for j, key in enumerate(table.columns):
            cell = r.cell(key)
            text = "" if cell is None or cell.value is None else format(cell.value, "f")
            cells.append(GridCell(f"r{i}c{j}", text, i in computed))
        rows.append(GridRow(i, r.code or "", r.name, r.level, r.is_total, tuple(cells)))
    return tuple(table.label(k) for k in table.columns), tuple(rows)


def _parse(table: Table, field: str, raw: str) -> tuple[int, int, Decimal | None]:
    match = FIELD.match(field)
    if match is None:
        raise BadRequest(f"无法识别的单元格「{field[:20]}」。")
    i, j = int(match.group(1)), int(match.group(2))
    if i >= len(table.rows) or j >= len(table.columns):
        raise BadRequest(f"单元格「{field}」不在表「{table.title}」中。")
    where = f"表「{table.title}」行「{table.rows[i].name}」列「{table.label(table.columns[j])}」"
    try:
        value = parse_amount(raw.strip()) if raw.strip() else None
    except ValueError:
        raise BadRequest(f"{where}：「{raw[:30]}」不是金额。") from None
    if value is not None:
        if len(value.as_tuple().digits) > MAX_DIGITS:
            raise BadRequest(f"{where}：金额过大。")
        if value != quantize(value):
            raise BadRequest(f"{where}：金额最多两位小数（{raw[:30]}）。")
    return i, j, value


def _set(row: Row, key: str, value: Decimal | None) -> Row:
    old = row.cell(key)
    text = "" if value is None else format(value, "f")
    if (old.value if old is not None else None) == value:
        return row
    new = Cell(value, text, old.source if old is not None else row.source)
    if old is None:
        return replace(row, cells=(*row.cells, (key, new)))
    return replace(row, cells=tuple((k, new if k == key else c) for k, c in row.cells))


def _recompute(table: Table) -> Table:
    """Sums for the computed rows, deepest level first (项 → 款 → 类 → 合计)."""
    computed = computed_rows(table)
    rows = list(table.rows)
    order = sorted(computed, key=lambda i: (-(len(rows[i].code or "") or 0), i))
    for i in order:
        row = rows[i]
        if row.code:
            children = [r for r in rows if r.code and _parent(r.code) == row.code]
        else:  # the total: every 类
            children = [r for r in rows if r.code and len(r.code) == 3]
        for key in table.columns:
            values = [
                c.value for r in children if (c := r.cell(key)) is not None and c.value is not None
            ]
            row = _set(row, key, sum(values, Decimal(0)) if values else None)
        rows[i] = row
    return replace(table, rows=tuple(rows))


def apply(pkg: BudgetPackage, index: int, form: Mapping[str, str]) -> BudgetPackage:
    """The package with table ``index``'s typed amounts from ``form`` and its sums recomputed."""
    if not 0 <= index < len(pkg.tables):
        raise BadRequest("表格不存在（文件可能已更新），请刷新页面。")
    table = pkg.tables[index]
    computed = computed_rows(table)
    rows = list(table.rows)
    for field, raw in form.items():
        if not FIELD.match(field):
            continue
        i, j, value = _parse(table, field, raw)
        if i not in computed:
            rows[i] = _set(rows[i], table.columns[j], value)
    table = _recompute(replace(table, rows=tuple(rows)))
    tables = tuple(table if k == index else t for k, t in enumerate(pkg.tables))
    return replace(pkg, tables=tables)


def locate(
    pkg: BudgetPackage, table: str | None, row: str | None, column: str | None
) -> tuple[int, int | None, int | None] | None:
    """Where a finding points in the tables: (table index, row index, column index), the row
    and column None when the location names only the table (or names them loosely)."""
    if not table:
        return None
    for t_index, t in enumerate(pkg.tables):
        if t.title != table and t.kind.label != table:
            continue
        r_index = next((i for i, r in enumerate(t.rows) if row and r.name == row), None)
        if r_index is None and row:
            r_index = next((i for i, r in enumerate(t.rows) if r.code and r.code == row), None)
        c_index = next(
            (j for j, key in enumerate(t.columns) if column and t.label(key) == column), None
        )
        return t_index, r_index, c_index
    return None
