"""A package printed in another region's layout: what maps, what is derived, what cannot be
printed.

A Shanghai file published in the 重庆 layout (or the reverse) meets tables whose columns differ
and projects written in another form. What maps is printed; what can be derived exactly is
derived (财政拨款收入 is the sum of 一般公共预算, 政府性基金预算 and 国有资本经营预算); each project
is printed in the form that carries all it holds (a 绩效目标表 sheet or a 项目经费情况说明), the
layout's own form first. What cannot be printed without losing amounts or text is named, table
by table and column by column (:func:`unmapped`), and publishing refuses it.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from yusuan.model import BudgetPackage
from yusuan.model.projects import Project
from yusuan.model.tables import Cell, Row, Table
from yusuan.publish.layout import Layout, TableLayout

#: 财政拨款收入 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算 (one can be derived from the
#: parts; the parts cannot be told from the sum)
FISCAL = "fiscal"
FISCAL_PARTS = ("gpb", "gov_fund", "soe")
#: what a 项目经费情况说明 prints besides its name, overview, basis and goal
SECTION_DETAILS = ("实施主体", "实施方案")


def printed_keys(spec: TableLayout) -> set[str]:
    return set(spec.columns) | set(spec.income) | set(spec.expenditure)


def _with_fiscal(row: Row) -> Row:
    """A row holding 一般公共预算/政府性基金/国有资本经营 and no 财政拨款收入, with their sum."""
    parts = [c for k, c in row.cells if k in FISCAL_PARTS and c.value is not None]
    if not parts or row.cell(FISCAL) is not None:
        return row
    total = sum((c.value for c in parts if c.value is not None), Decimal(0))
    cell = Cell(total, format(total, "f"), row.source.at(column="财政拨款收入"))
    return replace(row, cells=(*row.cells, (FISCAL, cell)))


def _fitted_table(table: Table, spec: TableLayout) -> Table:
    keys = printed_keys(spec)
    if FISCAL not in keys or keys & set(FISCAL_PARTS):
        return table
    return replace(table, rows=tuple(_with_fiscal(r) for r in table.rows))


def fitted(pkg: BudgetPackage, layout: Layout) -> BudgetPackage:
    """The package with what the layout prints and can be derived exactly: 财政拨款收入 where the
    layout prints it but the file gave only its parts (a 重庆 部门收入总表 in the 上海 layout)."""
    tables = []
    for t in pkg.tables:
        spec = layout.tables.get(t.kind)
        tables.append(t if spec is None else _fitted_table(t, spec))
    return replace(pkg, tables=tuple(tables))


def lost_columns(table: Table, spec: TableLayout) -> list[str]:
    """The keys of the columns holding amounts that ``spec`` does not print (a derived
    财政拨款收入 beside its parts is not lost)."""
    keys = printed_keys(spec)
    derived = {FISCAL} if keys & set(FISCAL_PARTS) else set()
    if FISCAL in keys:
        derived |= set(FISCAL_PARTS)
    lost = {k for r in table.rows for k, c in r.cells if k not in keys | derived and c.value}
    # 财政拨款收入 printed where the file gave it with parts the layout cannot show is kept;
    # one given alone where the layout prints only its parts is lost
    if FISCAL in derived and not any(r.get(p) for r in table.rows for p in FISCAL_PARTS):
        lost |= {FISCAL} if any(r.get(FISCAL) for r in table.rows) else set()
    return sorted(lost)


# -- projects --------------------------------------------------------------------------------


def _sheet_loses(p: Project) -> list[str]:
    """What a 绩效目标表 sheet has no place for."""
    return (["实施周期"] if p.period else []) + [k for k, v in p.details if v]


def _sections_lose(p: Project) -> list[str]:
    """What a 项目经费情况说明 has no place for."""
    out = []
    if p.code:
        out.append("项目编码")
    if any(v is not None for _, v in p.sources):
        out.append("资金来源")
    if p.category:
        out.append("项目分类")
    if p.execution_weight is not None:
        out.append("预算执行率权重")
    if p.supervisor:
        out.append("业务主管部门")
    if p.indicators:
        out.append("绩效指标")
    out += [k for k, v in p.details if v and k not in SECTION_DETAILS]
    return out


def as_sections(p: Project, layout: Layout) -> bool:
    """Whether the project is printed as a 项目经费情况说明 (else as a 绩效目标表 sheet): as the
    layout prints projects when that form carries all the project holds, else in the form that
    loses least of it (the layout's own on a tie; publishing refuses a loss)."""
    sections, sheet = len(_sections_lose(p)), len(_sheet_loses(p))
    if layout.project_layout == "sections":
        return sections <= sheet
    return sections < sheet


def _project_lost(p: Project, layout: Layout) -> list[str]:
    return _sections_lose(p) if as_sections(p, layout) else _sheet_loses(p)


def unmapped(pkg: BudgetPackage, layout: Layout) -> list[str]:
    """What the layout cannot print of the package, in Chinese (empty: everything maps): the
    columns of amounts its tables have no column for, and the projects' fields neither form of
    a project can carry. Tables the layout has no place for at all are left out (the region
    does not publish them; publishing names them)."""
    out: list[str] = []
    for t in pkg.tables:
        spec = layout.tables.get(t.kind)
        if spec is None:
            continue
        lost = lost_columns(t, spec)
        if lost:
            names = "、".join(f"「{t.label(k)}」" for k in lost)
            title = spec.title.format(year=pkg.info.year or "")
            out.append(f"表「{t.title or t.kind.label}」的{names}列（版式中的「{title}」没有此列）")
    for p in pkg.projects:
        lost = _project_lost(p, layout)
        if lost:
            out.append(
                f"项目「{p.name}」的{'、'.join(lost)}（绩效目标表与项目经费情况说明均无法同时容纳）"
            )
    return out
