"""Named quantities of a package (收入合计, 基本支出, 公务接待费, 机关运行经费…), in 万元.

Rules that compare tables with each other or with the narrative ask for a quantity by name and
get its value in 万元 and the cell it came from, whichever table of the package carries it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from yusuan.lang import VOCABULARY
from yusuan.model import COLUMN_LABELS, BudgetPackage, Grid, GridRow, Row, Source, Table, TableKind
from yusuan.model.tables import strip_marker
from yusuan.money import Unit, convert


@dataclass(frozen=True, slots=True)
class Quantity:
    """A value in 万元 with the cell it came from."""

    label: str
    value: Decimal
    source: Source
    unit: Unit  # the unit the table prints it in


def to_wan(table: Table, value: Decimal) -> Decimal:
    """A table value in 万元."""
    return convert(value, table.unit, Unit.WAN)


def of_row(label: str, table: Table, row: Row | None, key: str) -> Quantity | None:
    """The value of one cell in 万元, located at the cell (or the row where it is blank); None
    when a cell of the row could not be read (A011 reports it; nothing is compared with it)."""
    if row is None or any(c.value is None and c.text.strip() for _, c in row.cells):
        return None  # an amount of the row unreadable or its column unknown (A011): no value
    cell = row.cell(key)
    value = row.value(key)
    src = cell.source if cell is not None else row.source
    return Quantity(label, convert(value, table.unit, Unit.WAN), src, table.unit)


def expenditure_total(pkg: BudgetPackage) -> Quantity | None:
    for kind in (TableKind.EXPENDITURE_SUMMARY, TableKind.GPB_EXPENDITURE):
        t = pkg.table(kind)
        if t is not None and (r := t.total_row) is not None:
            return of_row("支出合计", t, r, "total")
    t = pkg.table(TableKind.INCOME_EXPENDITURE_SUMMARY)
    if t is not None:
        r = t.grand_total("expenditure")
        return None if r is None else of_row("支出总计", t, r, r.amount_key)
    return None


def income_total(pkg: BudgetPackage) -> Quantity | None:
    """This year's income: 本年收入合计 where printed (决算: 总计 also holds the carry-over),
    else the 收入总计 of the summary table."""
    for kind in (TableKind.INCOME_EXPENDITURE_SUMMARY, TableKind.FISCAL_SUMMARY):
        t = pkg.table(kind)
        if t is None:
            continue
        if (year := t.year_subtotal("income")) is not None:
            return of_row(f"「{t.title}」本年收入合计", t, year, "amount")
        if (r := t.grand_total("income")) is not None:
            return of_row(f"「{t.title}」收入总计", t, r, "amount")
    return None


def year_expenditure(pkg: BudgetPackage) -> Quantity | None:
    """本年支出合计 of the 收入支出决算总表 (决算)."""
    t = pkg.table(TableKind.INCOME_EXPENDITURE_SUMMARY)
    if t is None:
        return None
    return of_row(f"「{t.title}」本年支出合计", t, t.year_subtotal("expenditure"), "amount")


def column_total(pkg: BudgetPackage, key: str, kinds: tuple[TableKind, ...]) -> Quantity | None:
    """The 合计 row value of a column in the first of ``kinds`` that has it."""
    for kind in kinds:
        t = pkg.table(kind)
        if t is not None and key in t.columns and (r := t.total_row) is not None:
            return of_row(f"{t.title}合计", t, r, key)
    return None


def three_public(pkg: BudgetPackage, key: str, measure: str | None = None) -> Quantity | None:
    """A 三公 item. 决算 tables have a 预算数 and a 决算数 row: ``measure`` picks one
    (default: 决算数 in a 决算, the only row in a budget)."""
    t = pkg.table(TableKind.THREE_PUBLIC)
    if t is None:
        return three_public_grid(pkg, key, measure)
    measured = [r for r in t.rows if r.name in ("预算数", "决算数")]
    if measured and {r.name for r in measured} == {"预算数", "决算数"}:
        wanted = measure or ("决算数" if pkg.info.stage == "决算" else "预算数")
        rows = [r for r in measured if r.name == wanted]
    else:
        rows = [r for r in t.rows if r.has_values]
    if not rows:
        return None
    row = rows[0]
    if row.cell(key) is None and measured:
        return Quantity(
            f"「{t.title}」{row.name}{COLUMN_LABELS.get(key, key)}", Decimal(0), row.source, t.unit
        )
    if key == "vehicle" and row.get("vehicle") is None:
        value = row.value("vehicle_purchase") + row.value("vehicle_operation")
        return Quantity(
            "公务用车购置及运行费", convert(value, t.unit, Unit.WAN), row.source, t.unit
        )
    return of_row(f"「{t.title}」{COLUMN_LABELS.get(key, key)}", t, row, key)


#: the 三公 items a table no standard kind names may print as its rows
_THREE_PUBLIC_ROWS = ("outbound", "reception", "vehicle", "vehicle_purchase", "vehicle_operation")
_AMOUNT_ROLES = ("current", "amount", "prior")


def _three_public_key(row: GridRow) -> str | None:
    key = VOCABULARY.subject_of(row.name)
    return "total" if row.total or key == "sangong" else key


def three_public_grid(pkg: BudgetPackage, key: str, measure: str | None = None) -> Quantity | None:
    """A 三公 item from a table read by its header words (a county's 三公 table flattened on a web
    page): the row of the item, in the one column of this year's amount (of ``measure`` — 预算数
    or 决算数 — where given; else of the document's stage). None when no column is that one."""
    for grid in pkg.grids:
        keys = {_three_public_key(r) for r in grid.rows}
        if len(keys & set(_THREE_PUBLIC_ROWS)) < 2 or (unit := Unit.parse(grid.unit)) is None:
            continue
        row = next((r for r in grid.rows if _three_public_key(r) == key), None)
        col = _this_year(grid, measure or ("决算" if pkg.info.stage == "决算" else "预算"))
        if row is None or col is None or (value := row.values[col]) is None:
            return None
        label = grid.columns[col].label
        return Quantity(
            f"「{grid.title}」{row.name}{label}",
            convert(value, unit, Unit.WAN),
            row.source.at(table=grid.title, column=label),
            unit,
        )
    return None


def _this_year(grid: Grid, measure: str) -> int | None:
    """The one column of this year's amount: the only amount column, else the current ones (or
    all) narrowed to those naming the measure (预算, 决算/执行)."""
    amounts = [i for i, c in enumerate(grid.columns) if c.role in _AMOUNT_ROLES]
    if len(amounts) > 1:
        amounts = [i for i in amounts if grid.columns[i].role == "current"] or amounts
    if len(amounts) > 1:
        words = ("决算", "执行") if measure.startswith("决算") else ("预算",)
        amounts = [i for i in amounts if any(w in grid.columns[i].label for w in words)]
    return amounts[0] if len(amounts) == 1 else None


def income_source(pkg: BudgetPackage, names: tuple[str, ...]) -> Quantity | None:
    """An income line of the 收支总表 by name (e.g. 一般公共预算资金)."""
    for kind in (TableKind.INCOME_EXPENDITURE_SUMMARY, TableKind.FISCAL_SUMMARY):
        t = pkg.table(kind)
        if t is None:
            continue
        for r in t.side("income"):
            if strip_marker(r.name) in names:
                return of_row(r.name, t, r, "amount")
    return None


def function_class(
    pkg: BudgetPackage,
    name: str | None = None,
    code: str | None = None,
    kinds: tuple[TableKind, ...] = (
        TableKind.EXPENDITURE_SUMMARY,
        TableKind.GPB_EXPENDITURE,
        TableKind.INCOME_SUMMARY,
    ),
) -> Quantity | None:
    """A 功能分类 row (by name or code) from the expenditure tables."""
    for kind in kinds:
        t = pkg.table(kind)
        if t is None:
            continue
        for r in t.coded():
            if (code and r.code == code) or (name and r.name == name and r.level == 1):
                return of_row(f"「{t.title}」{r.name}", t, r, "total")
    for kind in (TableKind.INCOME_EXPENDITURE_SUMMARY, TableKind.FISCAL_SUMMARY):
        t = pkg.table(kind)
        if t is None or name is None:
            continue
        for r in t.side("expenditure"):
            if strip_marker(r.name) == name:
                return of_row(r.name, t, r, r.amount_key)
    return None


def procurement_total(pkg: BudgetPackage) -> Quantity | None:
    t = pkg.table(TableKind.PROCUREMENT)
    if t is None:
        return None
    r = t.total_row
    if r is None:
        return Quantity("政府采购预算总计", Decimal(0), t.source, t.unit)
    return of_row("政府采购预算总计", t, r, "total")


def admin_cost(pkg: BudgetPackage) -> Quantity | None:
    """机关运行经费 as printed in a table (Shanghai 三公 table), else the 公用经费 total — when
    the two have the same scope (:func:`admin_cost_is_public`)."""
    t = pkg.table(TableKind.THREE_PUBLIC)
    if t is not None and "admin_cost" in t.columns:
        return three_public(pkg, "admin_cost")
    if not admin_cost_is_public(pkg):
        return None
    return column_total(pkg, "public", (TableKind.GPB_BASIC_ECONOMIC,))


_COMPOSITION = re.compile(r"下属|所属|包括|含|其中|[1-9]\d*\s*[个家]")
_NOT_COMPOSITION = re.compile(r"参公|参照公务员|文件|通知|编制委员会|关于")


def _holds_institutions(text: str) -> bool:
    """The text says the department holds 事业单位 other than 参公 ones (下属事业单位2个,
    包括…等3家事业单位), not 参公正科级事业单位 nor a notice's title."""
    for m in re.finditer(r"事业单位", text):
        before = text[max(0, m.start() - 40) : m.start()]
        near = text[max(0, m.start() - 14) : m.start()]
        if _NOT_COMPOSITION.search(near) or _NOT_COMPOSITION.search(before):
            continue
        if re.match(r"\s*0\s*个", text[m.end() :]):
            continue
        if _COMPOSITION.search(before) or re.match(r"\s*[1-9]\d*\s*[个家]", text[m.end() :]):
            return True
    return False


def admin_cost_is_public(pkg: BudgetPackage) -> bool:
    """机关运行经费 is the 公用经费 of 行政单位 and 参公事业单位 only: it equals the department's
    whole 公用经费 unless the department holds other 事业单位 (the text says so)."""
    return not any(_holds_institutions(p.text) for p in pkg.paragraphs)
