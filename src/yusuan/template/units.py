"""Amounts filled in 元 (as budget systems export them) → 万元 to 0.01, with the parts of every
total allocated by largest remainder so that all printed sums still add up."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from yusuan.said.rounding import allocate, allocate_tree, code_parent, round_cents
from yusuan.template.read import Row, TemplateData

WAN = Decimal(10000)
#: the note printed under a table whose parts were adjusted
ADJUSTED = "注：本表金额由元换算为万元并四舍五入保留两位小数，个别分项已按最大余数法调整0.01万元，以使分项之和等于合计。"


def _set(row: Row, header: str, value: Decimal) -> None:
    row.values[header] = value if row.values.get(header) is not None else None


def _gpb_basic(data: TemplateData) -> Decimal:
    """The 一般公共预算 基本支出 of the 支出明细 sheet, in the sheet's current unit."""
    return sum(
        (
            r.amount("基本支出")
            for r in data.tables["支出明细"]
            if (r.text("资金来源") or "一般公共预算") == "一般公共预算"
            and len(r.text("科目编码")) == 7
        ),
        Decimal(0),
    )


def _economic(data: TemplateData, adjusted: set[str], exact_basic: Decimal) -> None:
    """基本支出 by 经济分类: when its exact total is the 一般公共预算 基本支出 of the spending sheet,
    it prints the same rounded total as the spending tables, divided between 人员经费 and 公用经费
    and then among the 类 and 款 by largest remainder."""
    rows = [r for r in data.tables["基本支出经济分类"] if len(r.text("科目编码")) == 5]
    printed = _gpb_basic(data)  # already converted to 万元 by the spending tree
    columns = ("人员经费", "公用经费")
    exact = {col: sum((r.amount(col) for r in rows), Decimal(0)) / WAN for col in columns}
    target: dict[str, Decimal | None] = dict.fromkeys(columns)
    if sum(exact.values(), Decimal(0)) == exact_basic / WAN:
        for col, value in zip(columns, allocate(printed, list(exact.values())), strict=True):
            target[col] = value
    for col in columns:
        values = {r.text("科目编码"): r.amount(col) / WAN for r in rows}
        rounded = allocate_tree(values, code_parent, target[col])
        for r in rows:
            code = r.text("科目编码")
            _set(r, col, rounded[code])
            if rounded[code] != round_cents(values[code]):
                adjusted.add("基本支出经济分类")


def to_wan(data: TemplateData) -> set[str]:
    """Convert every amount of a workbook filled in 元 to 万元, in place; the sheets where a
    part had to be adjusted to make its total add up."""
    adjusted: set[str] = set()

    def tree(
        rows: list[Row], group: str | None, columns: tuple[str, ...], sheet: str, length: int
    ) -> None:
        groups: dict[str, list[Row]] = defaultdict(list)
        for r in rows:
            if len(r.text("科目编码")) == length:
                groups[r.text(group) if group else ""].append(r)
        for members in groups.values():
            for col in columns:
                exact = {r.text("科目编码"): r.amount(col) / WAN for r in members}
                rounded = allocate_tree(exact, code_parent)
                for r in members:
                    code = r.text("科目编码")
                    _set(r, col, rounded[code])
                    if rounded[code] != round_cents(exact[code]):
                        adjusted.add(sheet)

    exact_basic = _gpb_basic(data)
    tree(data.tables["支出明细"], "资金来源", ("基本支出", "项目支出"), "支出明细", 7)
    _economic(data, adjusted, exact_basic)
    for sheet, rows, col in (("政府采购", data.tables["政府采购"], "金额"),):
        exact = [r.amount(col) / WAN for r in rows]
        for r, value, raw in zip(
            rows, allocate(round_cents(sum(exact, Decimal(0))), exact), exact, strict=True
        ):
            _set(r, col, value)
            if value != round_cents(raw):
                adjusted.add(sheet)
    form = data.forms["三公经费"]
    labels = [k for k, v in form.items() if isinstance(v, Decimal)]
    exact = [form[k] / WAN for k in labels]  # type: ignore[operator]
    for label, value, raw in zip(
        labels, allocate(round_cents(sum(exact, Decimal(0))), exact), exact, strict=True
    ):
        form[label] = value
        if value != round_cents(raw):
            adjusted.add("三公经费")
    for rows, columns in (
        (data.tables["项目"], ("本级安排", "上级补助")),
        (data.tables["增减说明"], ("上年数",)),
    ):
        for r in rows:
            for col in columns:
                if isinstance(v := r.values.get(col), Decimal):
                    r.values[col] = round_cents(v / WAN)
    return adjusted
