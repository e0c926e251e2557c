"""The 项目支出绩效自评表 as an Excel workbook (layout of standards §3.6), one sheet per project."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from yusuan.model import Project
from yusuan.output import write_atomic

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from yusuan.perf.scoring import Evaluation

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
WIDTHS = (12, 14, 22, 14, 12, 8, 8, 40)


def _put(
    ws: Worksheet,
    row: int,
    col: int,
    value: str | float | int | None,
    *,
    span: int = 1,
    bold: bool = False,
    left: bool = False,
) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
        cell.data_type = "s"  # "=11538.59平方米" is a target, not a formula (nor an injection)
    cell.alignment = LEFT if left else CENTER
    cell.font = Font(name="宋体", bold=bold, size=10)
    if span > 1:
        ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)
    for c in range(col, col + span):
        ws.cell(row=row, column=c).border = BOX


def _sheet(ws: Worksheet, project: Project, result: Evaluation, year: int | None) -> None:
    ws.title = project.name[:28] or "项目"
    ws.merge_cells("A1:H1")
    ws["A1"] = "项目支出绩效自评表"
    ws["A1"].font = Font(name="黑体", size=14, bold=True)
    ws["A1"].alignment = CENTER
    ws.merge_cells("A2:H2")
    ws["A2"] = f"（{year}年度）" if year else ""
    ws["A2"].alignment = CENTER
    r = 3
    _put(ws, r, 1, "项目名称", bold=True)
    _put(ws, r, 2, project.title, span=7, left=True)
    r += 1
    _put(ws, r, 1, "主管部门", bold=True)
    _put(ws, r, 2, project.supervisor or "", span=3, left=True)
    _put(ws, r, 5, "实施单位", bold=True)
    _put(ws, r, 6, project.unit_info or project.supervisor or "", span=3, left=True)
    r += 1
    for col, text in enumerate(
        ("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
        start=1,
    ):
        _put(ws, r, col, text, bold=True, span=2 if col == 7 else 1)
    r += 1
    _put(ws, r, 1, "年度资金总额")
    money: tuple[str | float | int | None, ...] = (
        None if project.budget is None else float(project.budget),
        float(result.budget),
        float(result.spent),
        10,
        f"{result.execution_rate}%",
        float(result.execution_score),
    )
    for col, value in enumerate(money, start=2):
        _put(ws, r, col, value, span=2 if col == 7 else 1)
    r += 1
    _put(ws, r, 1, "年度总体目标", bold=True)
    _put(ws, r, 2, project.goal or project.overview, span=7, left=True)
    ws.row_dimensions[r].height = 48
    r += 1
    for col, text in enumerate(
        (
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ),
        start=1,
    ):
        _put(ws, r, col, text, bold=True)
    for s in result.indicators:
        r += 1
        i, a = s.indicator, s.actual
        shown = "不适用" if not a.applicable else (a.tier or str(a.value))
        why = "；".join(x for x in (a.reason, a.measures) if x)
        values: tuple[str | float, ...] = (
            i.level1,
            i.level2,
            i.name,
            f"{i.operator}{i.value}{i.unit or ''}",
            shown,
            float(s.weight),
            float(s.score),
            why,
        )
        for col, item in enumerate(values, start=1):
            _put(ws, r, col, item, left=col == 8)
    r += 1
    _put(ws, r, 1, "总分", bold=True, span=5)
    _put(ws, r, 6, 100)
    _put(ws, r, 7, float(result.total), bold=True)
    _put(ws, r, 8, f"等级：{result.grade}", left=True)
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    for row in ws.iter_rows(min_row=6, min_col=6, max_col=7):
        for cell in row:
            if isinstance(cell.value, float):
                cell.number_format = "0.00"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    if ws.sheet_properties.pageSetUpPr is not None:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:2"


def write_selfeval_xlsx(
    results: list[tuple[Project, Evaluation]], year: int | None, path: Path
) -> None:
    """Write the workbook atomically: nothing half-written on failure."""
    wb = Workbook()
    first = True
    for project, result in results:
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        _sheet(ws, project, result, year)
        first = False
    write_atomic(path, lambda tmp: wb.save(tmp))
