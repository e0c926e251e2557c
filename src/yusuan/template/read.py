"""Read a filled 预算填报 workbook: every value typed and validated, every problem named by
``sheet!cell`` in Chinese (all of them at once, not one per run)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from yusuan import limits
from yusuan.errors import DataFileError
from yusuan.money import NOT_AN_AMOUNT, TypedAmountError, parse_typed
from yusuan.template.spec import (
    FIRST_ROW,
    FUNDS,
    PROCUREMENT_KINDS,
    SHEETS,
    UNITS,
    YES_NO,
    Column,
    Sheet,
)

Value = str | int | Decimal | None
MAX_ERRORS = 30


@dataclass
class Row:
    """One data row of a table sheet: values by header, and where each came from."""

    values: dict[str, Value]
    cells: dict[str, str]  # header → "sheet!C12"
    where: str  # "sheet!A12" (the row's first cell)

    def text(self, header: str) -> str:
        v = self.values.get(header)
        return "" if v is None else str(v)

    def amount(self, header: str) -> Decimal:
        v = self.values.get(header)
        return v if isinstance(v, Decimal) else Decimal(0)


@dataclass
class TemplateData:
    path: str
    forms: dict[str, dict[str, Value]] = field(default_factory=dict)  # sheet → label → value
    form_cells: dict[str, dict[str, str]] = field(default_factory=dict)
    tables: dict[str, list[Row]] = field(default_factory=dict)  # sheet → rows


class _Problems:
    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        if len(self.items) < MAX_ERRORS:
            self.items.append(f"{where}：{message}")

    def raise_if_any(self) -> None:
        if self.items:
            more = "（仅列出前 30 处）" if len(self.items) >= MAX_ERRORS else ""
            raise DataFileError(
                self.path,
                detail=f"填报表有 {len(self.items)} 处问题{more}：\n" + "\n".join(self.items),
            )


_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")


def _convert(
    col: Column, raw: object, where: str, problems: _Problems, allowed: dict[str, tuple[str, ...]]
) -> Value:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if col.kind in ("amount", "decimal", "int"):
        if isinstance(raw, bool):
            problems.add(where, f"「{col.header}」应为数字，实为 {raw}")
            return None
        try:
            if isinstance(raw, float):
                # a formula's cached result (=1.1+2.2 → 3.3000000000000003): 15 significant digits
                number = Decimal(f"{raw:.15g}")
            elif isinstance(raw, (int, Decimal)):
                number = Decimal(raw)
            else:
                # typed as text: read as the web editor reads a cell (full-width digits,
                # spaces, 1,421.74 but not 1,2,3 or 12,5); the workbook's unit is fixed, so a
                # typed 万/元 is refused rather than guessed
                typed = parse_typed(str(raw), None)
                if typed is None:
                    return None
                number = typed
        except TypedAmountError as exc:
            if exc.reason == NOT_AN_AMOUNT:
                problems.add(where, f"「{col.header}」应为数字，实为“{raw}”")
            else:
                problems.add(where, f"「{col.header}」{exc.reason}（“{raw}”）")
            return None
        except InvalidOperation:
            problems.add(where, f"「{col.header}」应为数字，实为“{raw}”")
            return None
        if not number.is_finite():
            problems.add(where, f"「{col.header}」应为数字，实为“{raw}”")
            return None
        if number < 0:
            problems.add(where, f"「{col.header}」不能为负数（{raw}）")
            return None
        if col.kind == "int":
            if number != number.to_integral_value():
                problems.add(where, f"「{col.header}」应为整数，实为 {raw}")
                return None
            return int(number)
        if col.kind == "amount" and number.as_tuple().exponent < -2:  # type: ignore[operator]
            problems.add(where, f"「{col.header}」最多两位小数，实为 {raw}")
            return None
        return number
    text = str(raw).strip() if not isinstance(raw, float) else str(Decimal(repr(raw)))
    if col.choices in allowed and text not in allowed[col.choices]:
        problems.add(
            where, f"「{col.header}」只能是 {'、'.join(allowed[col.choices])} 之一，实为“{text}”"
        )
        return None
    if col.choices in ("功能分类", "经济分类") and not _CODE.match(text):
        problems.add(where, f"科目编码应为 3、5 或 7 位数字，实为“{text}”")
        return None
    return text


def read_template(data: bytes, path: str) -> TemplateData:
    """Read and validate a filled workbook."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    from yusuan.readers.office import check_zip

    check_zip(data, path, "填报表 ")
    try:
        values_wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        formulas_wb = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # openpyxl raises several types for a damaged package
        raise DataFileError(path, detail=f"填报表无法打开（{exc}）。") from exc
    missing = [s.name for s in SHEETS if s.name not in values_wb.sheetnames]
    if missing:
        raise DataFileError(
            path,
            detail=f"缺少工作表：{'、'.join(missing)}。请用 yusuan template 生成的填报表填写。",
        )
    # values that decide where a number goes are checked here; indicator classifications and
    # operators are left to the checker, whose findings explain them (I002, I003…)
    allowed: dict[str, tuple[str, ...]] = {
        "资金来源": FUNDS,
        "采购类型": PROCUREMENT_KINDS,
        "是否": YES_NO,
        "金额单位": UNITS,
    }
    from yusuan.said.draft import SUBJECTS

    allowed["增减项目"] = SUBJECTS
    problems = _Problems(path)
    out = TemplateData(path)
    for sheet in SHEETS:
        ws = values_wb[sheet.name]
        wf = formulas_wb[sheet.name]
        first_data = FIRST_ROW if sheet.table else 2
        for merged in ws.merged_cells.ranges:
            if merged.max_row >= first_data:
                problems.add(f"{sheet.name}!{merged.coord}", "数据区不能有合并单元格，请取消合并")

        def cell(
            row: int, col: int, spec: Column, ws: Any = ws, wf: Any = wf, sheet: Sheet = sheet
        ) -> Value:
            where = f"{sheet.name}!{get_column_letter(col)}{row}"
            raw = ws.cell(row=row, column=col).value
            formula = wf.cell(row=row, column=col).value
            if isinstance(formula, str) and formula.startswith("=") and raw is None:
                problems.add(
                    where,
                    "公式没有计算结果（文件未经 Excel/WPS 保存），请填写数值或在 Excel 中打开并保存",
                )
                return None
            return _convert(spec, raw, where, problems, allowed)

        if sheet.table:
            for i, col in enumerate(sheet.columns, start=1):
                header = ws.cell(row=FIRST_ROW - 1, column=i).value
                if str(header or "").strip() != col.header:
                    problems.add(
                        f"{sheet.name}!{get_column_letter(i)}{FIRST_ROW - 1}",
                        f"表头应为「{col.header}」，实为“{header or ''}”（请勿改动表头）",
                    )
            rows: list[Row] = []
            for r in _filled_rows(ws, FIRST_ROW, path, sheet.name):
                values = {c.header: cell(r, i, c) for i, c in enumerate(sheet.columns, start=1)}
                if all(v is None for v in values.values()):
                    continue
                cells = {
                    c.header: f"{sheet.name}!{get_column_letter(i)}{r}"
                    for i, c in enumerate(sheet.columns, start=1)
                }
                for c in sheet.columns:
                    if (
                        c.required
                        and values[c.header] is None
                        and not _reported(problems, cells[c.header])
                    ):
                        problems.add(cells[c.header], f"「{c.header}」不能为空")
                rows.append(Row(values, cells, f"{sheet.name}!A{r}"))
            out.tables[sheet.name] = rows
        else:
            labels = {
                str(ws.cell(row=r, column=1).value or "").strip(): r
                for r in _filled_rows(ws, 2, path, sheet.name)
            }
            form: dict[str, Value] = {}
            where: dict[str, str] = {}
            for spec in sheet.fields:
                at = labels.get(spec.header)
                if at is None:
                    problems.add(f"{sheet.name}!A", f"缺少「{spec.header}」一行（请勿删改 A 列）")
                    continue
                form[spec.header] = cell(at, 2, spec)
                where[spec.header] = f"{sheet.name}!B{at}"
                if (
                    spec.required
                    and form[spec.header] is None
                    and not _reported(problems, where[spec.header])
                ):
                    problems.add(where[spec.header], f"「{spec.header}」不能为空")
            out.forms[sheet.name] = form
            out.form_cells[sheet.name] = where
    values_wb.close()
    formulas_wb.close()
    problems.raise_if_any()
    return out


def _reported(problems: _Problems, where: str) -> bool:
    return any(item.startswith(where + "：") for item in problems.items)


def _filled_rows(ws: Any, first: int, path: str, sheet: str) -> list[int]:
    """The rows from ``first`` that hold a cell, in order — not every row up to the sheet's
    last (a cell placed at row 1,000,000 made a loop of a million rows); refused past the
    工作表行数 limit."""
    limits.check("sheet_rows", ws.max_row, path, where=sheet)
    cells = getattr(ws, "_cells", None)  # openpyxl's own index of the cells it read
    if not isinstance(cells, dict):
        return list(range(first, ws.max_row + 1))
    return sorted({r for r, _ in cells if r >= first})
