"""Editing a table's amounts in the browser: the grid a page shows, and the edits applied to
the model (a new model; the stored one is replaced through :func:`store.replace_model`).

Cells are addressed ``r{row}c{column}`` by their position in the table. Every cell may be
typed. A change is carried up the classification: a 类/款 row or the 合计 that the user did not
type takes its printed value plus the changes of the rows directly below it (项 → 款 → 类 →
合计). In a table whose rows are sums across columns (合计 = 基本支出 + 项目支出, 人员经费 +
公用经费: :attr:`Table.row_parts`) a row's 合计 not typed also moves by the changes typed in its
parts. Printed totals that nobody touched stay exactly as printed — their 尾差 and their errors
included, for the rules to see — while a corrected 项 moves its 款, 类 and 合计 with it. The page
does the same as one types (``/static/editor.js``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from yusuan.model import BudgetPackage, Source
from yusuan.model.tables import Cell, Row, Table
from yusuan.money import TypedAmountError, parse_typed, quantize
from yusuan.web.errors import BadRequest

FIELD = re.compile(r"^r(\d{1,4})c(\d{1,2})$")
MAX_DIGITS = 15


@dataclass(frozen=True, slots=True)
class GridCell:
    name: str  # the form field, r{row}c{column}
    text: str
    computed: bool  # a sum of rows below it: follows their changes unless typed itself
    value: Decimal | None = None


@dataclass(frozen=True, slots=True)
class GridRow:
    index: int
    code: str
    name: str
    level: int
    cells: tuple[GridCell, ...]


def _parent(code: str) -> str | None:
    return {5: code[:3], 7: code[:5]}.get(len(code))


def computed_rows(table: Table) -> set[int]:
    """Rows that are sums of rows below them: a coded row with coded rows under it, and the
    total of a table with 类 rows."""
    if not table.kind.classified:
        return set()
    codes = {r.code for r in table.rows if r.code}
    parents = {p for c in codes if (p := _parent(c)) is not None and p in codes}
    out = {i for i, r in enumerate(table.rows) if r.code in parents}
    if any(r.code and len(r.code) == 3 for r in table.rows):
        out |= {i for i, r in enumerate(table.rows) if r.is_total}
    return out


def table_at(pkg: BudgetPackage, index: int) -> Table:
    """The package's table ``index`` (0-based), or :class:`BadRequest`."""
    if not 0 <= index < len(pkg.tables):
        raise BadRequest("表格不存在（文件可能已更新），请返回文件页。")
    return pkg.tables[index]


def row_sum(table: Table) -> tuple[int, tuple[int, ...]] | None:
    """The column index of each row's 合计 and of the parts it sums, when rows are such sums."""
    parts = table.row_parts
    if not parts:
        return None
    return table.columns.index("total"), tuple(table.columns.index(k) for k in parts)


def grid(table: Table) -> tuple[tuple[str, ...], tuple[GridRow, ...]]:
    """Column labels and rows as the editor shows them."""
    computed = computed_rows(table)
    rows = []
    for i, r in enumerate(table.rows):
        cells = []
        for j, key in enumerate(table.columns):
            cell = r.cell(key)
            text = "" if cell is None or cell.value is None else format(cell.value, "f")
            value = None if cell is None else cell.value
            cells.append(GridCell(f"r{i}c{j}", text, i in computed, value))
        rows.append(GridRow(i, r.code or "", r.name, r.level, tuple(cells)))
    return tuple(table.label(k) for k in table.columns), tuple(rows)


def _parse(table: Table, field: re.Match[str], raw: str) -> tuple[int, int, Decimal | None]:
    i, j = int(field.group(1)), int(field.group(2))
    if i >= len(table.rows) or j >= len(table.columns):
        raise BadRequest(f"单元格「{field.group(0)}」不在表「{table.title}」中。")
    where = f"表「{table.title}」行「{table.rows[i].name}」列「{table.label(table.columns[j])}」"
    try:
        value = parse_typed(raw, table.unit)
    except TypedAmountError as exc:
        raise BadRequest(f"{where}：「{raw[:30]}」{exc.reason}。") from None
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


def children(table: Table, index: int) -> list[int]:
    """The rows directly below a sum row: 款 of a 类, 项 of a 款, every 类 of the total."""
    row = table.rows[index]
    if row.code:
        return [i for i, r in enumerate(table.rows) if r.code and _parent(r.code) == row.code]
    return [i for i, r in enumerate(table.rows) if r.code and len(r.code) == 3]


def apply(pkg: BudgetPackage, index: int, form: Mapping[str, str]) -> BudgetPackage:
    """The package with table ``index``'s typed amounts from ``form``; each sum row not typed
    takes its printed value plus the changes of the rows directly below it."""
    table = table_at(pkg, index)
    old = table.rows
    rows = list(old)
    typed: set[tuple[int, str]] = set()
    for field, raw in form.items():
        if (match := FIELD.match(field)) is None:
            continue
        i, j, value = _parse(table, match, raw)
        key = table.columns[j]
        if old[i].get(key) != value:
            rows[i] = _set(rows[i], key, value)
            typed.add((i, key))
    computed = computed_rows(table)
    parts = table.row_parts

    def change(i: int, key: str) -> Decimal:
        return (rows[i].get(key) or Decimal(0)) - (old[i].get(key) or Decimal(0))

    # leaves first, then sums deepest first (项 → 款 → 类), the total last; a cell not typed
    # moves by its children's changes and, for a row's 合计, by the parts typed in its row
    order = [i for i in range(len(old)) if i not in computed]
    order += sorted(computed, key=lambda i: -len(old[i].code or ""))
    for i in order:
        below = children(table, i) if i in computed else []
        for key in table.columns:
            if (i, key) in typed:
                continue
            moved = sum((change(c, key) for c in below), Decimal(0))
            if key == "total":
                moved += sum((change(i, p) for p in parts if (i, p) in typed), Decimal(0))
            if moved:
                rows[i] = _set(rows[i], key, (old[i].get(key) or Decimal(0)) + moved)
    new = replace(table, rows=tuple(rows))
    tables = tuple(new if k == index else t for k, t in enumerate(pkg.tables))
    return replace(pkg, tables=tables)


def locate(pkg: BudgetPackage, loc: Source) -> tuple[int, int | None, int | None] | None:
    """Where a finding points in the tables: (table index, row index, column index); the row
    is the one printed on the finding's line (names repeat: 总计 on both sides, a 项 under two
    款), else the first of that name; row and column are None when the location names only the
    table."""
    if not loc.table:
        return None
    for t_index, t in enumerate(pkg.tables):
        if loc.table not in (t.title, t.kind.label):
            continue
        named = [i for i, r in enumerate(t.rows) if loc.row and r.name == loc.row]
        on_line = [
            i
            for i in named
            if loc.line is not None
            and t.rows[i].source.line == loc.line
            and (t.rows[i].source.page or 0) == (loc.page or 0)
        ]
        r_index = (on_line or named)[0] if named else None
        c_index = next(
            (j for j, key in enumerate(t.columns) if loc.column and t.label(key) == loc.column),
            None,
        )
        return t_index, r_index, c_index
    return None
