"""Cross-table agreement: every pair of tables that states the same quantity (standards §2.3)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from yusuan.model import TableKind
from yusuan.model.tables import strip_marker
from yusuan.money import Unit, convert, quantize
from yusuan.rules.context import Context
from yusuan.rules.findings import Finding
from yusuan.rules.registry import rule
from yusuan.said import quantities as q


def _compare_q(
    ctx: Context, a: q.Quantity | None, b: q.Quantity | None, what: str
) -> Iterator[Finding]:
    if a is None or b is None:
        return
    unit = a.unit
    av, bv = convert(a.value, Unit.WAN, unit), convert(b.value, Unit.WAN, unit)
    if unit is Unit.WAN:
        av, bv = quantize(av), quantize(bv)
    yield from ctx.compare(
        av,
        bv,
        unit,
        f"{what}不一致：{a.label} 与 {b.label}",
        a.source,
        related=(b.source,),
    )


@rule(
    "X001",
    "各表总额一致",
    category="cross-table",
    severity="error",
    source="[D] standards §2.3 X-1",
)
def check_totals_agree(ctx: Context) -> Iterator[Finding]:
    """收支总表 收入总计 = 支出总表 合计 = 一般公共预算支出表 合计 (when all is 一般公共预算)."""
    pkg = ctx.package
    exp = q.expenditure_total(pkg)
    if pkg.info.stage == "决算":  # 本年收支 differ by the carry-over: compare each with its table
        inc = q.column_total(pkg, "total", (TableKind.INCOME_SUMMARY,))
        yield from _compare_q(ctx, q.income_total(pkg), inc, "本年收入合计")
        yield from _compare_q(ctx, q.year_expenditure(pkg), exp, "本年支出合计")
    else:
        yield from _compare_q(ctx, q.income_total(pkg), exp, "收入总计与支出合计")
    fs = pkg.table(TableKind.FISCAL_SUMMARY)
    gpb = q.column_total(pkg, "total", (TableKind.GPB_EXPENDITURE,))
    if fs is not None and gpb is not None:
        r = fs.year_subtotal("expenditure") or fs.grand_total("expenditure")
        mine = q.of_row(f"「{fs.title}」一般公共预算支出", fs, r, "gpb")
        if r is not None and r.get("gpb") is not None:
            yield from _compare_q(ctx, mine, gpb, "一般公共预算支出总额")


@rule(
    "X002",
    "功能类支出各表一致",
    category="cross-table",
    severity="error",
    source="[D] standards §2.3 X-3, X-4",
)
def check_class_rows(ctx: Context) -> Iterator[Finding]:
    """Each 功能类 in the 收支总表 equals the same 类 in the 支出总表 / 一般公共预算支出表."""
    pkg = ctx.package
    for kind in (TableKind.INCOME_EXPENDITURE_SUMMARY, TableKind.FISCAL_SUMMARY):
        t = pkg.table(kind)
        if t is None:
            continue
        for r in t.side("expenditure"):
            if not r.is_class_line:
                continue
            name = strip_marker(r.name)
            # 财政拨款 rows agree with the 一般公共预算 table, all-fund rows with the 支出总表
            kinds = (
                (TableKind.GPB_EXPENDITURE,)
                if kind is TableKind.FISCAL_SUMMARY
                else (TableKind.EXPENDITURE_SUMMARY, TableKind.GPB_EXPENDITURE)
            )
            other = q.function_class(pkg, name=name, kinds=kinds)
            if other is None or other.source.table == t.title:
                continue
            # a 财政拨款 row that also holds 政府性基金/国有资本经营 money: its 一般公共预算 column
            other_funds = r.value("gov_fund") or r.value("soe")
            key = "gpb" if kind is TableKind.FISCAL_SUMMARY and other_funds else r.amount_key
            mine = q.of_row(f"「{t.title}」{name}", t, r, key)
            yield from _compare_q(ctx, mine, other, f"功能类「{name}」")


@rule(
    "X003",
    "基本支出与经济分类表一致",
    category="cross-table",
    severity="error",
    source="[D] standards §2.3 X-5",
)
def check_basic_vs_economic(ctx: Context) -> Iterator[Finding]:
    """一般公共预算支出表 基本支出合计 = 基本支出（经济分类）表 合计."""
    pkg = ctx.package
    basic = q.column_total(pkg, "basic", (TableKind.GPB_EXPENDITURE, TableKind.EXPENDITURE_SUMMARY))
    eco = q.column_total(pkg, "total", (TableKind.GPB_BASIC_ECONOMIC,))
    yield from _compare_q(ctx, basic, eco, "基本支出")
    t1 = pkg.table(TableKind.INCOME_EXPENDITURE_SUMMARY)
    if t1 is not None and "personnel" in t1.columns:
        total = t1.grand_total("expenditure")
        for key, label in (("personnel", "人员经费"), ("public", "公用经费")):
            other = q.column_total(pkg, key, (TableKind.GPB_BASIC_ECONOMIC,))
            mine = q.of_row(f"「{t1.title}」{label}", t1, total, key)
            yield from _compare_q(ctx, mine, other, label)


@rule(
    "X004",
    "项目预算合计与项目支出一致",
    category="cross-table",
    severity="error",
    source="[D] standards §2.3 X-5",
)
def check_projects_sum(ctx: Context) -> Iterator[Finding]:
    """Σ 当年预算 of the 项目支出绩效目标表 = 一般公共预算支出表 项目支出 (when every project has a sheet)."""
    pkg = ctx.package
    sheets = [p for p in pkg.projects if p.layout == "chongqing" and p.budget is not None]
    project = q.column_total(
        pkg, "project", (TableKind.GPB_EXPENDITURE, TableKind.EXPENDITURE_SUMMARY)
    )
    if not sheets or project is None:
        return
    total = sum((p.budget for p in sheets if p.budget is not None), Decimal(0))
    yield from ctx.compare(
        total,
        project.value,
        Unit.WAN,
        f"{len(sheets)}个项目支出绩效目标表的当年预算合计与{project.label}项目支出不一致",
        sheets[0].source.at(table="项目支出绩效目标表", row=f"{len(sheets)}个项目合计"),
        related=(project.source,),
    )


@rule(
    "X005",
    "“三公”经费与经济分类科目",
    category="cross-table",
    severity="warning",
    source="[D] standards §2.3 X-7",
)
def check_three_public_economic(ctx: Context) -> Iterator[Finding]:
    """公务接待费 ≥ 30217 and 公务用车运行费 ≥ 30231 in the basic-expenditure table (三公 may also be in 项目)."""
    pkg = ctx.package
    eco = pkg.table(TableKind.GPB_BASIC_ECONOMIC)
    if eco is None:
        return
    for key, code, label in (
        ("reception", "30217", "公务接待费"),
        ("vehicle_operation", "30231", "公务用车运行维护费"),
        ("outbound", "30212", "因公出国（境）费用"),
    ):
        tp = q.three_public(pkg, key)
        row = eco.by_code(code)
        if tp is None or row is None:
            continue
        basic = quantize(convert(row.value("total"), eco.unit, Unit.WAN))
        if basic - tp.value > ctx.tolerance(Unit.WAN):
            yield ctx.finding(
                f"“三公”经费表{label}{tp.value}万元，小于基本支出经济分类{code} {row.name}的{basic}万元。",
                tp.source,
                stated=tp.value,
                expected=basic,
                difference=tp.value - basic,
                related=(row.source,),
                unit=Unit.WAN,
            )


@rule(
    "X006",
    "整体绩效目标表预算数与支出总计",
    category="cross-table",
    severity="error",
    source="[D] standards §2.3 X-9",
)
def check_dept_performance_budget(ctx: Context) -> Iterator[Finding]:
    """部门（单位）整体绩效目标表 部门支出预算数 = 支出总计."""
    sheet = ctx.package.department_performance
    exp = q.expenditure_total(ctx.package)
    if sheet is None or sheet.budget is None or exp is None:
        return
    yield from ctx.compare(
        sheet.budget,
        exp.value,
        Unit.WAN,
        "整体绩效目标表的部门支出预算数与支出合计不一致",
        sheet.source.at(row="部门支出预算数"),
        related=(exp.source,),
    )


@rule(
    "X007",
    "机关运行经费与公用经费",
    category="cross-table",
    severity="error",
    source="[D] standards §1.3 and §2.3 X-10 (机关运行经费 = 公用经费 of 行政/参公 units)",
)
def check_admin_cost_table(ctx: Context) -> Iterator[Finding]:
    """Where a table prints 机关运行经费 (Shanghai), it equals the 公用经费 total of the basic-expenditure
    table — of a department of 行政 and 参公 units only: one that holds other 事业单位 has 公用经费
    outside 机关运行经费, and the two are not compared."""
    pkg = ctx.package
    t = pkg.table(TableKind.THREE_PUBLIC)
    if t is None or "admin_cost" not in t.columns or not q.admin_cost_is_public(pkg):
        return
    yield from _compare_q(
        ctx,
        q.three_public(pkg, "admin_cost"),
        q.column_total(pkg, "public", (TableKind.GPB_BASIC_ECONOMIC,)),
        "机关运行经费与公用经费",
    )


_PROCUREMENT_CLAIM = re.compile(r"政府采购")


@rule(
    "X008",
    "无政府采购预算却有采购类指标",
    category="cross-table",
    severity="error",
    source="[D] standards §2.3 X-10",
)
def check_procurement_claims(ctx: Context) -> Iterator[Finding]:
    """When the package has no procurement budget, no indicator may claim 政府采购 (e.g. 政府采购率 100%)."""
    pkg = ctx.package
    total = q.procurement_total(pkg)
    if total is None or total.value != 0:
        return
    for p in pkg.projects:
        for ind in p.indicators:
            value = ind.numeric_value
            if _PROCUREMENT_CLAIM.search(ind.name) and value is not None and value > 0:
                yield ctx.finding(
                    f"政府采购预算为0（{total.label}），但项目「{p.name}」的指标「{ind.name}」{ind.operator}{ind.value}{ind.unit or ''}。",
                    ind.source,
                    stated=f"{ind.operator}{ind.value}{ind.unit or ''}",
                    expected="无政府采购",
                    related=(total.source,),
                )


@rule(
    "X009",
    "车辆与公务用车经费",
    category="cross-table",
    severity="warning",
    source="[D] standards §2.3 X-11",
)
def check_vehicles(ctx: Context) -> Iterator[Finding]:
    """公务用车运行费 > 0 needs vehicles; 公务用车购置费 > 0 ⇔ vehicles bought this year."""
    pkg = ctx.package
    counts = {name: (n, src) for name, n, src in pkg.vehicles}
    op = q.three_public(pkg, "vehicle_operation")
    buy = q.three_public(pkg, "vehicle_purchase")
    if op is not None and op.value > 0 and "车辆" in counts and counts["车辆"][0] == 0:
        yield ctx.finding(
            f"公务用车运行费{op.value}万元，但说明称共有车辆0辆。",
            counts["车辆"][1],
            stated="0辆",
            related=(op.source,),
        )
    if buy is not None and "购置车辆" in counts:
        n, src = counts["购置车辆"]
        if (buy.value > 0) != (n > 0):
            yield ctx.finding(
                f"公务用车购置费{buy.value}万元，但说明称安排购置车辆{n}辆。",
                src,
                stated=f"{n}辆",
                related=(buy.source,),
            )


@rule(
    "X010",
    "收入来源各表一致",
    category="cross-table",
    severity="error",
    source="[D] standards §2.3 X-2, X-6",
)
def check_income_sources(ctx: Context) -> Iterator[Finding]:
    """一般公共预算 income agrees between the 部门收支总表 and the 财政拨款收支总表."""
    pkg = ctx.package
    t1 = pkg.table(TableKind.INCOME_EXPENDITURE_SUMMARY)
    t4 = pkg.table(TableKind.FISCAL_SUMMARY)
    if t1 is None or t4 is None:
        return
    names = ("一般公共预算资金", "一般公共预算", "一般公共预算拨款", "一般公共预算财政拨款")
    a = next((r for r in t1.side("income") if strip_marker(r.name) in names and r.has_values), None)
    b = next((r for r in t4.side("income") if strip_marker(r.name) in names and r.has_values), None)
    if a is None or b is None:
        return
    yield from _compare_q(
        ctx,
        q.of_row(f"「{t1.title}」{a.name}", t1, a, "amount"),
        q.of_row(f"「{t4.title}」{b.name}", t4, b, "amount"),
        "一般公共预算收入",
    )
