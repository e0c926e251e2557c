"""Write the 预算填报 workbook: instructions, one sheet per kind of data, dropdowns from the
catalogs and the indicator framework, headers protected, data cells open; optionally
pre-filled from a package (last year's publication as this year's starting point)."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from yusuan.catalog import Catalogs
from yusuan.publish.xlsx import put
from yusuan.template import TEMPLATE_MARK
from yusuan.template.spec import (
    DATA_ROWS,
    FIRST_ROW,
    FUNDS,
    LEVEL1,
    LISTS_SHEET,
    OPERATORS,
    PROCUREMENT_KINDS,
    SHEETS,
    UNITS,
    YES_NO,
    Sheet,
)

Value = str | int | Decimal | None
Prefill = dict[str, list[list[Value]] | dict[str, Value]]

_HEAD = PatternFill("solid", fgColor="DDEBF7")
_HINT = Font(italic=True, color="595959")
_OPEN = Protection(locked=False)

INSTRUCTIONS = (
    "预算填报表（yusuan）",
    "",
    "1. 按工作表顺序填写：单位信息、支出明细、基本支出经济分类、三公经费、政府采购、资产、项目、项目指标、整体指标、增减说明。",
    "2. 金额单位为万元（也可在「单位信息」中选择元，由系统换算为万元），最多两位小数；不要填写合计——类、款、合计、各表之间的数都由系统计算，保证一致。",
    "3. 有下拉框的单元格请从下拉框选择；目录中没有的科目编码可以直接填写，但须同时填写科目名称。",
    "4. 表头已保护，请勿修改表头、工作表名称和单位信息等表的 A 列；需要时可取消保护（无密码）。",
    "5. 可以用公式，但文件须经 Excel 或 WPS 保存（保存时才会计算出公式的结果）。",
    "6. 填好后运行：yusuan publish 预算填报.xlsx -o 公开文件/  —— 先审核，再生成 Word、Excel、网页和 PDF 公开文件。",
    "   审核发现的问题会指出工作表和单元格，例如“支出明细!D7：「基本支出」应为数字”。",
)


def _lists(catalogs: Catalogs, framework: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
    from yusuan.said.draft import SUBJECTS

    second = list(dict.fromkeys(n for names in framework.values() for n in names))
    return {
        "资金来源": list(FUNDS),
        "采购类型": list(PROCUREMENT_KINDS),
        "指标性质": list(OPERATORS),
        "是否": list(YES_NO),
        "金额单位": list(UNITS),
        "一级指标": list(LEVEL1),
        "二级指标": second,
        "增减项目": list(SUBJECTS),
        "功能分类": sorted(catalogs.functional.names),
        "经济分类": sorted(c for c in catalogs.economic.names if c.startswith("3")),
    }


def write_template(
    prefill: Prefill | None = None,
    catalogs: Catalogs | None = None,
    framework: dict[str, tuple[str, ...]] | None = None,
) -> bytes:
    """The workbook's bytes."""
    from yusuan.rules.profile import load_profile

    catalogs = catalogs or Catalogs.default()
    framework = framework if framework is not None else load_profile("default").framework
    prefill = prefill or {}
    wb = Workbook()
    intro = wb.active
    assert intro is not None
    intro.title = TEMPLATE_MARK
    intro.column_dimensions["A"].width = 120
    for i, line in enumerate(INSTRUCTIONS, start=1):
        c = intro.cell(row=i, column=1, value=line)
        c.font = Font(bold=i == 1, size=14 if i == 1 else 11)
        c.alignment = Alignment(wrap_text=True)
    lists = _lists(catalogs, framework)
    lw = wb.create_sheet(LISTS_SHEET)
    ranges: dict[str, str] = {}
    for col, (name, items) in enumerate(lists.items(), start=1):
        letter = get_column_letter(col)
        put(lw, 1, col, name)
        for r, item in enumerate(items, start=2):
            put(lw, r, col, item)  # a user's catalog name is text, never a formula
        ranges[name] = f"={LISTS_SHEET}!${letter}$2:${letter}${max(len(items) + 1, 2)}"
    lw.sheet_state = "hidden"
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.name, index=len(wb.sheetnames) - 1)
        if sheet.table:
            _table(ws, sheet, ranges, prefill.get(sheet.name))
        else:
            _form(ws, sheet, prefill.get(sheet.name))
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
    wb.properties.creator = "yusuan"
    wb.properties.title = "预算填报表"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _hint(ws: Worksheet, text: str, width: int) -> None:
    c = ws.cell(row=1, column=1, value=text)
    c.font = _HINT
    c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[1].height = 32
    if width > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)


def _put(ws: Worksheet, row: int, col: int, value: Value, amount: bool, text: bool = False) -> None:
    c = put(ws, row, col, value)  # text never a formula (=100 as a target, ＝ typed by a user)
    c.protection = _OPEN
    if amount:
        c.number_format = "#,##0.00"
    elif text:
        c.number_format = "@"  # codes, phone numbers, 95%: kept as typed


def _table(ws: Worksheet, sheet: Sheet, ranges: dict[str, str], rows: object) -> None:
    width = len(sheet.columns)
    _hint(ws, sheet.hint, width)
    last = FIRST_ROW + DATA_ROWS - 1
    for i, col in enumerate(sheet.columns, start=1):
        letter = get_column_letter(i)
        head = ws.cell(row=FIRST_ROW - 1, column=i, value=col.header)
        head.font = Font(bold=True)
        head.fill = _HEAD
        head.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[letter].width = col.width
        for r in range(FIRST_ROW, last + 1):
            _put(ws, r, i, None, col.kind == "amount", col.kind == "text")
        source = f"={sheet_ref('项目')}" if col.choices == "项目" else ranges.get(col.choices or "")
        if source:
            dv = DataValidation(
                type="list",
                formula1=source,
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="stop"
                if col.choices in ("资金来源", "采购类型", "是否", "增减项目")
                else "warning",
                errorTitle="请从下拉框选择",
                error=f"「{col.header}」请从下拉框选择"
                + (
                    "（目录中没有的科目可以保留，但须填写名称）"
                    if col.choices in ("功能分类", "经济分类")
                    else ""
                ),
            )
            dv.add(f"{letter}{FIRST_ROW}:{letter}{last}")
            ws.add_data_validation(dv)
        elif col.kind in ("amount", "decimal"):
            dv = DataValidation(
                type="decimal",
                operator="greaterThanOrEqual",
                formula1="0",
                allow_blank=True,
                showErrorMessage=True,
                error=f"「{col.header}」应为不小于 0 的数字（万元）",
            )
            dv.add(f"{letter}{FIRST_ROW}:{letter}{last}")
            ws.add_data_validation(dv)
    if isinstance(rows, list):
        for r, values in enumerate(rows, start=FIRST_ROW):
            for i, (col, value) in enumerate(zip(sheet.columns, values, strict=False), start=1):
                _put(ws, r, i, value, col.kind == "amount", col.kind == "text")
    ws.freeze_panes = f"A{FIRST_ROW}"


def sheet_ref(name: str) -> str:
    return f"{name}!$B${FIRST_ROW}:$B${FIRST_ROW + DATA_ROWS - 1}"


def _form(ws: Worksheet, sheet: Sheet, values: object) -> None:
    _hint(ws, sheet.hint, 2)
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = max(c.width for c in sheet.fields)
    filled = values if isinstance(values, dict) else {}
    for r, col in enumerate(sheet.fields, start=2):
        label = ws.cell(row=r, column=1, value=col.header)
        label.font = Font(bold=True)
        label.fill = _HEAD
        _put(ws, r, 2, filled.get(col.header), col.kind == "amount", col.kind == "text")
        ws.cell(row=r, column=2).alignment = Alignment(wrap_text=True, vertical="top")
