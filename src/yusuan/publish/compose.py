"""Budget package → :class:`~yusuan.publish.document.Document`, in a region's layout.

Every number printed comes from the model; totals are whatever the model holds (the checker
verifies them before publishing). Narrative paragraphs are printed as the model holds them.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import zip_longest

from yusuan.model import BudgetPackage
from yusuan.model.projects import Indicator, PerformanceSheet, Project
from yusuan.model.tables import Row, Table
from yusuan.publish.document import Block, Document, Grid, Merge, Paragraph, Value
from yusuan.publish.layout import Layout, TableLayout
from yusuan.publish.mapping import as_sections

_SECTION = re.compile(r"^[一二三四五六七八九十]+、")
_SUBSECTION = re.compile(r"^（[一二三四五六七八九十]+）\S{1,14}$")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
INDICATOR_HEADER = (
    "绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标权重",
    "计量单位",
    "指标性质",
    "指标值",
    "是否核心指标",
)


def compose(pkg: BudgetPackage, layout: Layout) -> Document:
    """The whole package: 情况说明, the tables, 部门整体 and project performance targets."""
    year = pkg.info.year
    blocks: list[Block] = []
    for i, p in enumerate(pkg.paragraphs):
        cover = _cover(p.text, pkg.info.unit_name) if i == 0 else []
        blocks.extend(cover or [_paragraph(p.text, p.section, i)])
    sheets = _SheetNames()
    for table in pkg.tables:
        spec = layout.tables.get(table.kind)
        if spec is not None:
            blocks.append(_table(table, spec, layout, year, sheets, pkg.info.unit_name or ""))
    if pkg.department_performance is not None:
        blocks.append(_department(pkg.department_performance, layout, sheets))
    for project in pkg.projects:
        if as_sections(project, layout):  # the form that carries all it holds
            blocks.extend(_project_sections(project))
        else:
            blocks.append(_project(project, pkg, layout, sheets))
    return Document(title=pkg.info.heading, blocks=tuple(blocks))


_NUMERALS = "一二三四五六七八九十"


def _project_sections(project: Project) -> list[Block]:
    """A Shanghai 项目经费情况说明: the title, then 一、项目概述 … 七、绩效目标 with their text."""
    details = dict(project.details)
    parts = [
        ("项目概述", project.overview),
        ("立项依据", project.basis or ""),
        ("实施主体", details.get("实施主体", "")),
        ("实施方案", details.get("实施方案", "")),
        ("实施周期", project.period or ""),
        # a sheet's 当年预算 written as a 年度预算安排 (read back as the project's budget)
        ("年度预算安排", project.budget_text or _budget_text(project.budget)),
        ("绩效目标", project.goal),
    ]
    out: list[Block] = [Paragraph(f"{project.name}项目经费情况说明", level=2)]
    for i, (heading, text) in enumerate((h, t) for h, t in parts if t):
        out.append(Paragraph(f"{_NUMERALS[i]}、{heading}", level=3))
        out.append(Paragraph(text))
    return out


def _budget_text(budget: Decimal | None) -> str:
    return "" if budget is None else f"{format(budget, 'f')}万元"


def _paragraph(text: str, section: str, index: int) -> Paragraph:
    if index == 0 and not section:
        return Paragraph(text, level=1)
    if text == section and _SECTION.match(text):
        return Paragraph(text, level=2)
    if text == section and _SUBSECTION.match(text):
        return Paragraph(text, level=3)
    return Paragraph(text)


def _cover(text: str, unit_name: str | None) -> list[Paragraph]:
    """A cover read as one run of lines (上海市普陀区2026年区级部门预算 预算主管部门：… 主要职能…),
    printed again as its lines, so that the 主管部门 line names the unit on its own."""
    marker = f"主管部门：{unit_name}" if unit_name else ""
    at = text.find(marker) if marker else -1
    if at < 0:
        return []
    start = text.rfind("预算", 0, at) if text[max(0, at - 2) : at] == "预算" else at
    end = at + len(marker)
    parts = [(text[:start], 1), (text[start:end], 0), (text[end:], 0)]
    return [Paragraph(t, level) for t, level in parts if t]


class _SheetNames:
    """Unique Excel sheet names (≤ 31 characters, none of ``[]:*?/\\``)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, wanted: str) -> str:
        base = _SHEET_BAD.sub("", wanted)[:28] or "表"
        name, n = base, 1
        while name in self.used:
            n += 1
            name = f"{base[:26]}({n})"
        self.used.add(name)
        return name


def _unit_line(layout: Layout, table: Table) -> str:
    return layout.unit_line.format(unit=table.unit.value)


def _table(
    table: Table,
    spec: TableLayout,
    layout: Layout,
    year: int | None,
    sheets: _SheetNames,
    unit_name: str,
) -> Grid:
    header = tuple(tuple(c.format(year=year or "") for c in row) for row in spec.header)
    width = len(header[0])
    body: list[tuple[Value, ...]] = []
    merges = list(spec.merges)
    if spec.shape == "classified":
        labels = spec.split_codes + 1 if spec.split_codes else 2  # 类 款 (项) 名称, or 编码 名称
        total: tuple[Value, ...] | None = None
        for row in table.rows:
            amounts: list[Value] = [row.get(k) for k in spec.columns]
            if row.is_total:
                cells: list[Value] = [""] * labels
                cells[0 if spec.total_column == 0 else labels - 1] = row.name
                total = tuple(cells + amounts)
                continue
            code = row.code or ""
            if spec.split_codes:
                parts = [code[:3], code[3:5], code[5:7]][: spec.split_codes]
                cells = [*parts, row.name]
            else:
                cells = [code, row.name]
            body.append(tuple(cells + amounts))
        if total is not None:
            at = len(header) + (len(body) if spec.total_last else 0)
            body.insert(len(body) if spec.total_last else 0, total)
            if spec.total_column == 0:
                merges.append(_row_merge(at, 0, labels - 1))
    elif spec.shape == "two_sided":
        pairs = paired(table, spec.align_rows)
        body.extend(_side(a, spec.income) + _side(b, spec.expenditure) for a, b in pairs)
    else:
        first = table.rows[0] if table.rows else None
        body.append(tuple(None if first is None else first.get(k) for k in spec.columns))
    rows = tuple(r + ("",) * (width - len(r)) for r in header + tuple(body))
    title = spec.title.format(year=year or "")
    return Grid(
        title=title,
        sheet=sheets(title),
        rows=rows,
        header_rows=len(header),
        merges=tuple(merges),
        issuer=layout.table_preamble.format(unit_name=unit_name),
        unit_line=_unit_line(layout, table),
        note=table.note or "",
        grouped=spec.grouped,
    )


def paired(table: Table, by_rows: bool = False) -> list[tuple[Row | None, Row | None]]:
    """The two sides of a summary table line by line: by ``一、/二、`` sections, or simply in
    order with the 总计/合计 rows on the last line."""
    if not by_rows:
        out: list[tuple[Row | None, Row | None]] = []
        empty: list[Row] = []
        left, right = _blocks(table.side("income")), _blocks(table.side("expenditure"))
        for a, b in zip_longest(left, right, fillvalue=empty):
            out.extend(zip_longest(a, b))
        return out

    def split(rows: tuple[Row, ...]) -> tuple[list[Row], list[Row]]:
        named = [r for r in rows if r.name]
        totals = [r for r in named if r.is_total or r.name.endswith("总计")]
        return [r for r in named if r not in totals], totals

    incomes, income_totals = split(table.side("income"))
    spendings, spending_totals = split(table.side("expenditure"))
    return [*zip_longest(incomes, spendings), *zip_longest(income_totals, spending_totals)]


def _row_merge(row: int, left: int, right: int) -> Merge:
    return Merge(row, left, row, right)


def _blocks(rows: tuple[Row, ...]) -> list[list[Row]]:
    """A side of a summary table in blocks that line up with the other side: each
    ``一、…``/``二、…`` section head starts a block; a 合计/总计 row is a block of its own."""
    out: list[list[Row]] = []
    for row in rows:
        if not row.name:
            continue
        if row.is_total or row.name in ("收入总计", "支出总计") or _SECTION.match(row.name):
            out.append([row])
            if row.is_total or row.name.endswith("总计"):
                out.append([])
        elif out:
            out[-1].append(row)
        else:
            out.append([row])
    return [b for b in out if b]


def _side(row: Row | None, keys: tuple[str, ...]) -> tuple[Value, ...]:
    if row is None:
        return ("",) + (None,) * len(keys)
    return (row.name, *(row.get(k) for k in keys))


def _number(value: Decimal | None) -> str:
    """An indicator weight or a 权重 as printed: ``10``, ``12.5``."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _indicator_rows(indicators: tuple[Indicator, ...]) -> list[tuple[Value, ...]]:
    """The 绩效指标 header and one row per indicator."""
    rows: list[tuple[Value, ...]] = [INDICATOR_HEADER]
    for ind in indicators:
        core = "" if ind.core is None else ("是" if ind.core else "否")
        rows.append(
            (
                "",
                ind.level1,
                ind.level2,
                ind.name,
                _number(ind.weight),
                ind.unit or "",
                ind.operator,
                ind.value,
                core,
            )
        )
    return rows


def _wide(row: int, label: str, text: str) -> tuple[tuple[Value, ...], Merge]:
    """A label and a text spanning the rest of a 9-column sheet."""
    return (label, text, "", "", "", "", "", "", ""), Merge(row, 1, row, 8)


def _department(sheet: PerformanceSheet, layout: Layout, sheets: _SheetNames) -> Grid:
    rows: list[tuple[Value, ...]] = [
        ("部门(单位)名称", sheet.unit_name, "", "", "部门支出预算数", sheet.budget, "", "", "")
    ]
    merges = [Merge(0, 1, 0, 3), Merge(0, 5, 0, 8)]
    goal, m = _wide(1, "当年整体绩效目标", sheet.goal)
    rows.append(goal)
    merges.append(m)
    rows.extend(_indicator_rows(sheet.indicators))
    return Grid(
        title=layout.department_title,
        sheet=sheets("部门整体绩效目标"),
        rows=tuple(rows),
        merges=tuple(merges),
        unit_line=layout.unit_line.format(unit="万元"),
        text_columns=frozenset({1}),
        labels=_labels(rows),
    )


def _labels(rows: list[tuple[Value, ...]]) -> frozenset[tuple[int, int]]:
    """The field labels of a performance sheet (项目名称, 当年预算…): printed on one line."""
    out: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        if row and row[0] == INDICATOR_HEADER[0]:
            break
        out.update((r, c) for c in (0, 4) if c < len(row) and isinstance(row[c], str) and row[c])
    return frozenset(out)


def _project(project: Project, pkg: BudgetPackage, layout: Layout, sheets: _SheetNames) -> Grid:
    info = pkg.info
    funds = [(k, v) for k, v in project.sources if v is not None or k in ("本级安排", "上级补助")]
    funds = funds or [("本级安排", None), ("上级补助", None)]
    rows: list[tuple[Value, ...]] = [
        ("项目名称", project.title, "", "", "业务主管部门", project.supervisor or "", "", "", ""),
        (
            "预算执行率权重",
            _number(project.execution_weight),
            "",
            "",
            "项目分类",
            project.category or "",
            "",
            "",
            "",
        ),
    ]
    for i, (name, value) in enumerate(funds):  # 当年预算 beside its sources (本级安排, 上级补助…)
        budget: tuple[Value, ...] = ("当年预算（万元）", project.budget) if i == 0 else ("", "")
        rows.append((*budget, "", "", f"{name}（万元）", value, "", "", ""))
    last = 1 + len(funds)
    merges = [
        Merge(0, 1, 0, 3),
        Merge(0, 5, 0, 8),
        Merge(1, 1, 1, 3),
        Merge(1, 5, 1, 8),
        *([Merge(2, 0, last, 0)] if last > 2 else []),
        Merge(2, 1, last, 3),
        *(Merge(r, 5, r, 8) for r in range(2, last + 1)),
    ]
    for label, text in (
        ("项目概述", project.overview),
        ("立项依据", project.basis or ""),
        ("当年绩效目标", project.goal),
    ):
        row, m = _wide(len(rows), label, text)
        rows.append(row)
        merges.append(m)
    rows.extend(_indicator_rows(project.indicators))
    unit = project.unit_info or (
        f"{info.unit_code}-{info.unit_name}（本级）" if info.unit_code else info.unit_name or ""
    )
    title = layout.project_title.format(year=info.year or "")
    return Grid(
        title=title,
        sheet=sheets(project.name),
        rows=tuple(rows),
        merges=tuple(merges),
        preamble=(f"编制单位：{unit}",) if unit else (),
        unit_line=layout.unit_line.format(unit="万元"),
        text_columns=frozenset({1}),
        labels=_labels(rows),
    )
