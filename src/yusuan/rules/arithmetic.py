"""Within-table arithmetic: hierarchies, row sums, summary balances (standards §2.2)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from yusuan.model import Row, Table, TableKind
from yusuan.model.tables import GRAND_TOTAL_NAMES, SECTION_WORDS, YEAR_SUBTOTALS, strip_marker
from yusuan.money import is_amount
from yusuan.rules.context import Context
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import rule


def _children_map(table: Table) -> dict[str, list[Row]]:
    """Parent code → child rows (类 → 款, 款 → 项), built in one pass."""
    out: dict[str, list[Row]] = {}
    for r in table.coded():
        if r.code and len(r.code) > 3:
            out.setdefault(r.code[:-2], []).append(r)
    return out


def _sum(rows: list[Row], key: str) -> Decimal:
    return sum((r.value(key) for r in rows), Decimal(0))


@rule(
    "A001",
    "类 = Σ款，款 = Σ项",
    category="arithmetic",
    severity="error",
    source="[D] standards §2.2 C-HIER",
)
def check_hierarchy(ctx: Context) -> Iterator[Finding]:
    """In every classified table, each 类 equals the sum of its 款 and each 款 the sum of its 项,
    column by column."""
    for t in ctx.package.tables:
        if not t.kind.classified:
            continue
        children = _children_map(t)
        seen: set[str] = set()
        for parent in t.coded():
            kids = children.get(parent.code or "", [])
            if (
                not kids
                or parent.code in seen
                or parent.malformed
                or any(k.malformed for k in kids)
            ):
                continue
            seen.add(parent.code or "")
            level = "类" if parent.level == 1 else "款"
            child = "款" if parent.level == 1 else "项"
            for key in t.columns:
                yield from ctx.compare(
                    parent.value(key),
                    _sum(kids, key),
                    t.unit,
                    f"「{t.title}」{parent.code} {parent.name}（{level}）{t.label(key)}"
                    f"不等于所属{len(kids)}个{child}之和",
                    parent.where(key, t.label(key)),
                )


@rule(
    "A002",
    "合计 = Σ类",
    category="arithmetic",
    severity="error",
    source="[D] standards §2.2 C-HIER",
)
def check_table_total(ctx: Context) -> Iterator[Finding]:
    """The 合计 row of a classified table equals the sum of its 类 rows."""
    for t in ctx.package.tables:
        total = t.total_row
        classes = [r for r in t.coded() if r.level == 1]
        if (
            not t.kind.classified
            or total is None
            or not classes
            or any(r.malformed for r in (total, *classes))
        ):
            continue
        for key in t.columns:
            yield from ctx.compare(
                total.value(key),
                _sum(classes, key),
                t.unit,
                f"「{t.title}」合计行{t.label(key)}不等于各类之和",
                total.where(key, t.label(key)),
            )


def _row_sums(ctx: Context, t: Table, parts: tuple[str, ...], what: str) -> Iterator[Finding]:
    """Per row of one table, 合计 = Σ parts (when the table has all those columns)."""
    if not set(parts) <= set(t.columns) or "total" not in t.columns:
        return
    for r in t.rows:
        if not r.has_values or r.malformed:
            continue
        yield from ctx.compare(
            r.value("total"),
            sum((r.value(p) for p in parts), Decimal(0)),
            t.unit,
            f"「{t.title}」「{r.code or ''}{' ' if r.code else ''}{r.name}」合计不等于{what}",
            r.where("total", t.label("total")),
        )


@rule(
    "A003",
    "合计 = 基本支出 + 项目支出",
    category="arithmetic",
    severity="error",
    source="[D] standards §2.2 C-ROW",
)
def check_basic_project(ctx: Context) -> Iterator[Finding]:
    """Per row of the expenditure tables, 合计 = 基本支出 + 项目支出."""
    for t in ctx.package.tables:
        if t.kind is not TableKind.GPB_BASIC_ECONOMIC and (parts := t.row_parts):
            # 决算 支出决算表: 合计 also holds 上缴上级支出, 经营支出, 对附属单位补助支出
            what = "、".join(t.label(k) for k in parts)
            yield from _row_sums(ctx, t, parts, f"{what}之和")


@rule(
    "A004",
    "合计 = 人员经费 + 公用经费",
    category="arithmetic",
    severity="error",
    source="[D] standards §2.2 C-ECO",
)
def check_personnel_public(ctx: Context) -> Iterator[Finding]:
    """Per row of the basic-expenditure table, 合计 = 人员经费 + 公用经费."""
    for t in ctx.package.tables:
        if t.kind is TableKind.GPB_BASIC_ECONOMIC and (parts := t.row_parts):
            yield from _row_sums(ctx, t, parts, "人员经费与公用经费之和")


@rule(
    "A005",
    "收支总表平衡",
    category="arithmetic",
    severity="error",
    source="[D] standards §2.2 C-T1",
)
def check_summary_balance(ctx: Context) -> Iterator[Finding]:
    """In the 收支总表: 收入总计 = 支出总计; each side's total = 本年 + 上年结转/结转下年 where the
    table has those sections, and each section (or the whole side) = Σ its lines (sources, 功能类)."""
    for kind in (TableKind.INCOME_EXPENDITURE_SUMMARY, TableKind.FISCAL_SUMMARY):
        t = ctx.table(kind)
        if t is None:
            continue
        inc_total = t.grand_total("income")
        exp_total = t.grand_total("expenditure")
        if inc_total is not None and exp_total is not None:
            yield from ctx.compare(
                inc_total.value("amount"),
                exp_total.value(exp_total.amount_key),
                t.unit,
                f"「{t.title}」收入总计不等于支出总计",
                inc_total.source,
            )
        for side, total, what, member in (
            ("income", inc_total, "收入", _is_source_row),
            ("expenditure", exp_total, "支出", _is_class_row),
        ):
            if total is None:
                continue
            key = total.amount_key
            rows = t.side(side)
            sub = next((r for r in rows if r.name in YEAR_SUBTOTALS), None)
            if sub is not None:  # 决算 layout
                i = rows.index(sub)
                parts = [r for r in _leaf_lines(rows[:i]) if member(r)]
                yield from ctx.compare(
                    sub.value(key),
                    _sum(parts, key),
                    t.unit,
                    f"「{t.title}」{sub.name}不等于所列各项之和",
                    sub.source,
                )
                adjustments = [r for r in rows[i + 1 :] if r is not total and _is_adjustment(r)]
                yield from ctx.compare(
                    total.value(key),
                    sub.value(key) + _sum(adjustments, key),
                    t.unit,
                    f"「{t.title}」总计不等于{sub.name}与{'、'.join(strip_marker(r.name) for r in adjustments) or '结转结余'}之和",
                    total.source,
                )
                continue
            sections = _sections(t, side)
            if sections:
                heads = [h for h, _ in sections]
                yield from ctx.compare(
                    total.value(key),
                    _sum(heads, key),
                    t.unit,
                    f"「{t.title}」{what}总计不等于{'与'.join(strip_marker(h.name) for h in heads)}之和",
                    total.source,
                )
                for head, lines in sections:
                    parts = [r for r in _leaf_lines(lines) if member(r)]
                    if parts and (head.has_values or any(r.has_values for r in parts)):
                        yield from ctx.compare(
                            head.value(key),
                            _sum(parts, key),
                            t.unit,
                            f"「{t.title}」{strip_marker(head.name)}不等于所列各项之和",
                            head.source,
                        )
                continue
            parts = [r for r in _leaf_lines(list(t.side(side))) if member(r) and r is not total]
            if parts:
                yield from ctx.compare(
                    total.value(key),
                    _sum(parts, key),
                    t.unit,
                    f"「{t.title}」{what}合计不等于各项{what}之和",
                    total.source,
                )


def _is_adjustment(r: Row) -> bool:
    """决算 lines between the year's subtotal and 总计: 结余, 结转和结余 (not their sub-lines)."""
    name = strip_marker(r.name)
    return not r.name.startswith(("一、", "二、", "三、")) and ("结余" in name or "结转" in name)


def _leaf_lines(rows: Sequence[Row]) -> list[Row]:
    """Drop a parent line whose sub-lines (1. / 1、) follow it, so nothing is counted twice."""
    out = []
    for i, r in enumerate(rows):
        nxt = rows[i + 1].name if i + 1 < len(rows) else ""
        if r.name[:2] in _CN_ENUM and nxt[:1].isdigit():
            continue
        out.append(r)
    return out


_CN_ENUM = {f"{c}、" for c in "一二三四五六七八九十"}


def _sections(t: Table, side: str) -> list[tuple[Row, list[Row]]]:
    """(head, lines) for 一、本年收入 / 二、上年结转 style sections, or [] if the side has none."""
    out: list[tuple[Row, list[Row]]] = []
    for r in t.side(side):
        name = strip_marker(r.name)
        if name in SECTION_WORDS:
            out.append((r, []))
        elif out and not r.is_total and r.name not in GRAND_TOTAL_NAMES:
            out[-1][1].append(r)
    return out


_SUMMARY_HEADS = (
    "一、本年收入",
    "一、本年支出",
    "二、上年结转",
    "二、结转下年",
    "收入合计",
    "支出合计",
    "合计",
    "收入总计",
    "支出总计",
    "本年收入合计",
    "本年支出合计",
    "总计",
)


def _is_class_row(r: Row) -> bool:
    return r.is_class_line and r.name not in _SUMMARY_HEADS


def _is_source_row(r: Row) -> bool:
    name = strip_marker(r.name)
    if r.name in _SUMMARY_HEADS or not name or "本年收入" in name or "上年结转" in name:
        return False
    return "结余" not in name and "结转" not in name


@rule(
    "A006",
    "“三公”经费小计与合计",
    category="arithmetic",
    severity="error",
    source="[D] standards §2.2 C-3G",
)
def check_three_public(ctx: Context) -> Iterator[Finding]:
    """三公: 合计 = 因公出国 + 公务用车购置及运行费 + 公务接待费; 小计 = 购置费 + 运行费."""
    t = ctx.table(TableKind.THREE_PUBLIC)
    if t is None:
        return
    for r in t.rows:
        if not r.has_values:
            continue
        vehicle = r.get("vehicle")
        if vehicle is None and (
            r.get("vehicle_purchase") is not None or r.get("vehicle_operation") is not None
        ):
            vehicle = r.value("vehicle_purchase") + r.value("vehicle_operation")
        if r.get("total") is not None:
            parts = r.value("outbound") + (vehicle or Decimal(0)) + r.value("reception")
            yield from ctx.compare(
                r.value("total"),
                parts,
                t.unit,
                "“三公”经费合计不等于因公出国（境）费、公务用车购置及运行费、公务接待费之和",
                r.where("total", "合计"),
            )
        if r.get("vehicle") is not None:
            yield from ctx.compare(
                r.value("vehicle"),
                r.value("vehicle_purchase") + r.value("vehicle_operation"),
                t.unit,
                "公务用车购置及运行费小计不等于购置费与运行费之和",
                r.source.at(column="小计"),
            )


@rule(
    "A007",
    "经济分类与人员/公用经费列",
    category="arithmetic",
    severity="warning",
    source="[D] standards §2.2 C-ECO",
)
def check_economic_columns(ctx: Context) -> Iterator[Finding]:
    """In the basic-expenditure table, 301/303 belong to 人员经费 and 302 to 公用经费."""
    t = ctx.table(TableKind.GPB_BASIC_ECONOMIC)
    if t is None or "personnel" not in t.columns:
        return
    for r in t.coded():
        if not r.code:
            continue
        if r.code[:3] in ("301", "303") and r.value("public") != 0:
            yield ctx.finding(
                f"{r.code} {r.name}属于人员经费，但在公用经费列有金额。",
                r.source.at(column="公用经费"),
                stated=r.value("public"),
                expected=Decimal(0),
            )
        if r.code[:3] == "302" and r.value("personnel") != 0:
            yield ctx.finding(
                f"{r.code} {r.name}属于公用经费，但在人员经费列有金额。",
                r.source.at(column="人员经费"),
                stated=r.value("personnel"),
                expected=Decimal(0),
            )


@rule(
    "A008",
    "财政拨款支出 = 一般公共预算 + 政府性基金 + 国有资本经营",
    category="arithmetic",
    severity="error",
    source="[D] standards §2.2 C-ROW (T4)",
)
def check_fiscal_funds(ctx: Context) -> Iterator[Finding]:
    """In the 财政拨款收支总表, each expenditure row's 合计 equals the sum of its fund columns."""
    t = ctx.table(TableKind.FISCAL_SUMMARY)
    if t is None or "gpb" not in t.columns:
        return
    for r in t.side("expenditure"):
        if r.get("total") is None:
            continue
        yield from ctx.compare(
            r.value("total"),
            r.value("gpb") + r.value("gov_fund") + r.value("soe"),
            t.unit,
            f"「{t.title}」「{r.name}」合计不等于各类资金之和",
            r.where("total", "合计"),
        )


@rule(
    "A009",
    "政府采购总计 = 各资金来源之和",
    category="arithmetic",
    severity="error",
    source="[D] standards §2.2 C-PROC",
)
def check_procurement_rows(ctx: Context) -> Iterator[Finding]:
    """Each procurement row's 总计 equals the sum of its funding-source columns."""
    t = ctx.table(TableKind.PROCUREMENT)
    if t is None:
        return
    sources = [k for k in t.columns if k != "total"]
    for r in t.rows:
        if r.get("total") is None:
            continue
        yield from ctx.compare(
            r.value("total"),
            sum((r.value(k) for k in sources), Decimal(0)),
            t.unit,
            f"「{t.title}」「{r.name}」总计不等于各资金来源之和",
            r.source.at(column="总计"),
        )


@rule(
    "A010",
    "金额为负数",
    category="arithmetic",
    severity="error",
    source="[D] standards §2.2 C-3G (no negatives in a budget)",
)
def check_negative(ctx: Context) -> Iterator[Finding]:
    """Budget amounts are never negative."""
    for t in ctx.package.tables:
        for r in t.rows:
            for key, c in r.cells:
                if c.value is not None and c.value < 0:
                    yield ctx.finding(
                        f"「{t.title}」「{r.name}」{t.label(key)}为负数。",
                        c.source,
                        stated=c.value,
                    )


@rule(
    "A011",
    "金额无法识别",
    category="arithmetic",
    severity="error",
    source="[D] a printed amount must be a number",
)
def check_unreadable_amounts(ctx: Context) -> Iterator[Finding]:
    """A cell in an amount column that is not a readable number (``1,2x3.02``, ``12..5``) is
    reported once; sums that involve it are not checked (nothing is invented). Readable numbers
    whose column cannot be told (a table flattened into text drops its blank cells) are a
    warning: the page may be right, only its reading is unsure."""
    for t in ctx.package.tables:
        for r in t.rows:
            for key, c in r.cells:
                if c.value is None and c.text.strip():
                    parts = c.text.split()
                    if all(is_amount(p) for p in parts):  # readable, but in which column?
                        yield ctx.finding(
                            f"「{t.title}」「{r.name}」的金额“{c.text}”无法确定各属哪一列（几个金额"
                            "落在同一列下：表头缺了一列，或表格被拍平为文字而空白单元格未印出），"
                            "未作推断，请核对原表。",
                            c.source,
                            stated=c.text,
                            severity=Severity.WARNING,
                        )
                    else:
                        yield ctx.finding(
                            f"「{t.title}」「{r.name}」{t.label(key)}“{c.text}”不是有效金额。",
                            c.source,
                            stated=c.text,
                        )
