"""Recognized tables: rows of typed amounts keyed by column meaning.

A table is bound to its *meaning* (its :class:`TableKind` and column keys such as ``total``,
``basic``, ``project``), not to a layout: the Chongqing 部门支出总表 with a 7-digit code
column and the Shanghai 部门支出预算总表 with 类/款/项 columns become the same kind of table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from yusuan.model.provenance import Source
from yusuan.money import Unit


class TableKind(str, Enum):
    """The standard disclosure tables (standards.md §1.2)."""

    INCOME_EXPENDITURE_SUMMARY = "income_expenditure_summary"
    INCOME_SUMMARY = "income_summary"
    EXPENDITURE_SUMMARY = "expenditure_summary"
    FISCAL_SUMMARY = "fiscal_summary"
    GPB_EXPENDITURE = "gpb_expenditure"
    GPB_BASIC_ECONOMIC = "gpb_basic_economic"
    THREE_PUBLIC = "three_public"
    GOV_FUND_EXPENDITURE = "gov_fund_expenditure"
    SOE_EXPENDITURE = "soe_expenditure"
    PROCUREMENT = "procurement"

    @property
    def label(self) -> str:
        """The usual Chinese name."""
        return KIND_LABELS[self]

    @property
    def classified(self) -> bool:
        """Tables whose rows carry 功能分类 or 经济分类 codes (类/款/项)."""
        return self in _CLASSIFIED


KIND_LABELS: dict[TableKind, str] = {
    TableKind.INCOME_EXPENDITURE_SUMMARY: "部门收支总表",
    TableKind.INCOME_SUMMARY: "部门收入总表",
    TableKind.EXPENDITURE_SUMMARY: "部门支出总表",
    TableKind.FISCAL_SUMMARY: "财政拨款收支总表",
    TableKind.GPB_EXPENDITURE: "一般公共预算财政拨款支出表",
    TableKind.GPB_BASIC_ECONOMIC: "一般公共预算财政拨款基本支出表",
    TableKind.THREE_PUBLIC: "“三公”经费支出表",
    TableKind.GOV_FUND_EXPENDITURE: "政府性基金预算支出表",
    TableKind.SOE_EXPENDITURE: "国有资本经营预算支出表",
    TableKind.PROCUREMENT: "政府采购预算明细表",
}

_CLASSIFIED = {
    TableKind.INCOME_SUMMARY,
    TableKind.EXPENDITURE_SUMMARY,
    TableKind.GPB_EXPENDITURE,
    TableKind.GPB_BASIC_ECONOMIC,
    TableKind.GOV_FUND_EXPENDITURE,
    TableKind.SOE_EXPENDITURE,
}

#: Chinese labels of the column keys, for messages.
COLUMN_LABELS: dict[str, str] = {
    "amount": "预算数",
    "total": "合计",
    "basic": "基本支出",
    "project": "项目支出",
    "personnel": "人员经费",
    "public": "公用经费",
    "carryover": "上年结转",
    "fiscal": "财政拨款收入",
    "gpb": "一般公共预算",
    "gov_fund": "政府性基金预算",
    "soe": "国有资本经营预算",
    "special_account": "财政专户管理资金",
    "business": "事业收入",
    "operating": "事业单位经营收入",
    "superior": "上级补助收入",
    "affiliated": "附属单位上缴收入",
    "other": "其他收入",
    "outbound": "因公出国（境）费",
    "vehicle": "公务用车购置及运行费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行费",
    "reception": "公务接待费",
    "admin_cost": "机关运行经费",
    "carryover_begin": "年初结转和结余",
    "carryover_end": "年末结转和结余",
    "income": "本年收入",
    "remit": "上缴上级支出",
    "operating_exp": "经营支出",
    "subsidy": "对附属单位补助支出",
}


@dataclass(frozen=True, slots=True)
class Cell:
    """One amount cell: the parsed value (``None`` when blank) and the printed text."""

    value: Decimal | None
    text: str
    source: Source


@dataclass(frozen=True, slots=True)
class Row:
    """A table row: label, optional classification code, side, and amount cells by key."""

    name: str
    code: str | None
    side: str | None
    cells: tuple[tuple[str, Cell], ...]
    source: Source

    def cell(self, key: str) -> Cell | None:
        """The cell for a column key."""
        for k, c in self.cells:
            if k == key:
                return c
        return None

    def get(self, key: str) -> Decimal | None:
        """The value for a column key (``None`` when blank or absent)."""
        c = self.cell(key)
        return None if c is None else c.value

    def where(self, key: str, label: str) -> Source:
        """The location of a column of this row: the cell's own (with its spreadsheet address)
        when printed, else the row's with the column label."""
        c = self.cell(key)
        return c.source if c is not None else self.source.at(column=label)

    def value(self, key: str) -> Decimal:
        """The value for a column key, blank counted as zero."""
        v = self.get(key)
        return Decimal(0) if v is None else v

    @property
    def level(self) -> int:
        """Classification level from the code length: 1 类 (3), 2 款 (5), 3 项 (7); 0 if none."""
        if not self.code:
            return 0
        return {3: 1, 5: 2, 7: 3}.get(len(self.code), 0)

    @property
    def is_total(self) -> bool:
        """A 合计/总计 row."""
        return self.code is None and self.name.replace(" ", "") in TOTAL_NAMES

    @property
    def has_values(self) -> bool:
        return any(c.value is not None for _, c in self.cells)

    @property
    def amount_key(self) -> str:
        """The column holding the row's amount: 总计/合计 where the table has one, else 金额."""
        return "total" if self.cell("total") is not None else "amount"

    @property
    def is_class_line(self) -> bool:
        """A 功能类 line of a summary table (一、一般公共服务支出), not a total or section head."""
        name = strip_marker(self.name)
        return name.endswith("支出") and "本年支出" not in name and self.name not in TOTAL_NAMES

    @property
    def malformed(self) -> bool:
        """A cell of this row prints something that is not a readable amount."""
        return any(c.value is None and c.text.strip() for _, c in self.cells)


TOTAL_NAMES = frozenset({"合计", "总计", "本年支出合计", "支出合计", "收入合计"})
GRAND_TOTAL_NAMES = frozenset({"收入总计", "支出总计"})
#: Tables whose rows are sums across columns: 合计 = the first parts (each required) + the
#: optional ones the table has (决算: 上缴上级支出, 经营支出, 对附属单位补助支出).
_ROW_PARTS: dict[TableKind, tuple[tuple[str, ...], tuple[str, ...]]] = {
    **dict.fromkeys(
        (
            TableKind.EXPENDITURE_SUMMARY,
            TableKind.GPB_EXPENDITURE,
            TableKind.GOV_FUND_EXPENDITURE,
            TableKind.SOE_EXPENDITURE,
        ),
        (("basic", "project"), ("remit", "operating_exp", "subsidy")),
    ),
    TableKind.GPB_BASIC_ECONOMIC: (("personnel", "public"), ()),
}

#: Section heads of the two-sided summary tables: 本年 + 结转 make up the grand total.
SECTION_WORDS = ("本年收入", "上年结转", "本年支出", "结转下年")
#: 决算 summary tables: lines above 本年收入合计/本年支出合计 add up to it; 总计 = that subtotal
#: + the adjustment lines below it (结余, 结转和结余).
YEAR_SUBTOTALS = ("本年收入合计", "本年支出合计")


@dataclass(frozen=True, slots=True)
class Table:
    """A recognized table."""

    kind: TableKind
    title: str
    unit: Unit
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    source: Source
    note: str | None = None
    headers: tuple[tuple[str, str], ...] = ()  # column key → header label as printed

    def label(self, key: str) -> str:
        """The printed header of a column (决算数, 日常公用经费…), else its usual name."""
        for k, text in self.headers:
            if k == key:
                return text
        return COLUMN_LABELS.get(key, key)

    @property
    def empty(self) -> bool:
        """True when no row carries any amount."""
        return not any(r.has_values for r in self.rows)

    def side(self, side: str) -> tuple[Row, ...]:
        """Rows of one side of a two-sided summary table."""
        return tuple(r for r in self.rows if r.side == side)

    @property
    def total_row(self) -> Row | None:
        """The 合计 row of a classified table (or None)."""
        for r in self.rows:
            if r.is_total:
                return r
        return None

    def year_subtotal(self, side: str) -> Row | None:
        """The 本年收入合计/本年支出合计 row of one side (决算 summary tables), if printed."""
        name = YEAR_SUBTOTALS[0] if side == "income" else YEAR_SUBTOTALS[1]
        return next((r for r in self.side(side) if r.name == name and r.has_values), None)

    def grand_total(self, side: str) -> Row | None:
        """The 收入总计/支出总计 (or 合计) row of one side of a two-sided summary table."""
        rows = [r for r in self.side(side) if r.has_values]
        for names in (GRAND_TOTAL_NAMES | {"总计"}, TOTAL_NAMES):
            for r in rows:
                if r.name in names:
                    return r
        return None

    @property
    def row_parts(self) -> tuple[str, ...]:
        """The columns each row's 合计 sums (基本支出 + 项目支出, 人员经费 + 公用经费 …), or
        none when the table's rows are no such sums or it lacks a column of them."""
        required, optional = _ROW_PARTS.get(self.kind, ((), ()))
        if not required or "total" not in self.columns or not set(required) <= set(self.columns):
            return ()
        return (*required, *(k for k in optional if k in self.columns))

    def coded(self) -> tuple[Row, ...]:
        """Rows with a classification code."""
        return tuple(r for r in self.rows if r.code)

    def by_code(self, code: str) -> Row | None:
        for r in self.rows:
            if r.code == code:
                return r
        return None


_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(?\d+[)）]?[.．、]?)"
)


def strip_marker(name: str) -> str:
    """Remove leading enumerators (``一、``, ``1.``, ``（一）``, ``2、``) and whitespace."""
    return _MARKER.sub("", "".join(name.split()))
