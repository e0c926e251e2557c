"""Project calculations (测算依据) against the budget (standards §2.5)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from yusuan.calc import equations
from yusuan.money import Unit, convert, number, quantize
from yusuan.rules.context import Context
from yusuan.rules.findings import Finding
from yusuan.rules.registry import rule

_MONEY = re.compile(r"(?<![\d.,A-Za-z])(\d[\d,]*(?:\.\d+)?)\s*(万元|元|万)(?![/／每件次人台套元])")
_TOTAL = re.compile(r"(?:合计|共计|总计|总额|合计金额)")
_PER_UNIT_BEFORE = re.compile(r"(?:每[^，。；\d]{0,4}|单价|标准为?|年均|人均|均价)$")
_MONTHLY = re.compile(r"每月|/月|月租|每个月")
_REDUCED = re.compile(r"压减|按\S{0,6}%安排|控制数|调减|只安排|仅安排")


@dataclass(frozen=True, slots=True)
class Basis:
    """The total a project's description arrives at, in 元, and how it was found."""

    yuan: Decimal
    how: str
    monthly: bool


def _amounts(text: str) -> list[tuple[int, int, Decimal]]:
    """(start, end, value in 元) of money amounts that are not unit prices."""
    out = []
    for m in _MONEY.finditer(text):
        if _PER_UNIT_BEFORE.search(text[max(0, m.start() - 6) : m.start()]):
            continue
        value = number(m.group(1))
        if m.group(2) in ("万元", "万"):
            value = convert(value, Unit.WAN, Unit.YUAN)
        out.append((m.start(), m.end(), value))
    return out


def basis_of(text: str) -> Basis | None:
    """Find the total of a calculation: the last 合计 (plus amounts added after it), else the last
    ``=`` result, else the sum of the amounts listed."""
    if not text:
        return None
    amounts = _amounts(text)
    totals = list(_TOTAL.finditer(text))
    if totals:
        last = totals[-1]
        end = re.search(r"[。；;]", text[last.end() :])
        clause_end = last.end() + (end.start() if end else len(text) - last.end())
        inside = [a for a in amounts if last.end() <= a[0] < clause_end + 1]
        if inside:
            _, stop, value = inside[-1]
            after = [a for a in amounts if a[0] > clause_end]
            total = value + sum((a[2] for a in after), Decimal(0))
            how = "合计" + (f"加其后{len(after)}笔" if after else "")
            return Basis(total, how, bool(_MONTHLY.search(text[last.start() : stop])))
    eqs = [e for e in equations(text) if e.unit in ("元", "万元", "万")]
    if eqs:
        e = eqs[-1]
        value = e.stated * (10000 if e.unit in ("万元", "万") else 1)
        clause_start = max(text.rfind(c, 0, e.start) for c in "。；")
        return Basis(value, "算式结果", bool(_MONTHLY.search(text[clause_start + 1 : e.end])))
    if amounts:
        return Basis(
            sum((a[2] for a in amounts), Decimal(0)),
            f"所列{len(amounts)}笔金额之和" if len(amounts) > 1 else "所列金额",
            any(_MONTHLY.search(text[max(0, a[0] - 12) : a[1]]) for a in amounts),
        )
    return None


@rule(
    "P001",
    "测算合计与项目预算",
    category="projects",
    severity="error",
    source="[D] standards §2.5 P-1, P-2",
)
def check_calculation_total(ctx: Context) -> Iterator[Finding]:
    """The calculation in 项目概述/年度目标, evaluated, equals the project's budget (元 → 万元);
    a monthly figure taken as the annual budget, or 元/万元 confusions, are pointed out."""
    for p in ctx.package.projects:
        if p.budget is None or p.layout == "shanghai":
            continue
        text = p.overview if p.layout == "chongqing" else p.goal
        basis = basis_of(text)
        if basis is None or _REDUCED.search(text):
            continue
        expected_wan = quantize(basis.yuan / 10000)
        note = ""
        if basis.monthly:
            annual = quantize(basis.yuan * 12 / 10000)
            if annual == p.budget:
                continue
            ratio = p.budget * 10000 / basis.yuan if basis.yuan else Decimal(0)
            if ratio > 1 and abs(ratio - ratio.to_integral()) < Decimal("0.01"):
                note = (
                    f"测算为每月{expected_wan}万元，当年预算恰为{ratio:.0f}个月的金额（期间或单位错误），"
                    f"全年12个月应为{annual}万元。"
                )
            else:
                note = f"测算为每月金额，全年12个月为{annual}万元。"
            expected_wan = annual
        elif basis.yuan and quantize(basis.yuan) == p.budget:
            note = "测算以元计，当年预算以万元计，疑似单位混淆。"
        yield from ctx.compare(
            p.budget,
            expected_wan,
            Unit.WAN,
            f"项目「{p.name}」{'当年预算' if p.layout == 'chongqing' else '项目总额'}{p.budget}万元与测算依据（{basis.how}{quantize(basis.yuan)}元）不符。{note}",
            p.field_source("budget").at(row="当年预算" if p.layout == "chongqing" else "项目总额"),
        )


@rule(
    "P002", "测算算式结果", category="projects", severity="error", source="[D] standards §2.5 P-1"
)
def check_expressions(ctx: Context) -> Iterator[Finding]:
    """Each written calculation ``a*b=c`` in a project description is arithmetically right."""
    for p in ctx.package.projects:
        for e in equations(p.text):
            if abs(e.value - e.stated) > 1:
                yield ctx.finding(
                    f"项目「{p.name}」算式“{e.left}={e.stated}{e.unit}”计算结果应为{quantize(e.value)}。",
                    p.source.at(row="项目概述"),
                    stated=e.stated,
                    expected=quantize(e.value),
                    difference=e.stated - quantize(e.value),
                )


_STALE = re.compile(r"(20\d{2})年[^，。；《》〔〕]{0,6}?(预计|预算(?!编制)|核定|计划)")


@rule(
    "P003",
    "测算依据引用过期年份",
    category="projects",
    severity="warning",
    source="[D] standards §2.5 P-3",
)
def check_stale_years(ctx: Context) -> Iterator[Finding]:
    """Estimates, budgets and approvals cited in a project's basis belong to the budget year
    (``2024年预计有10人`` in a 2026 budget is stale); a Shanghai 实施周期 lies in the budget year."""
    year = ctx.year
    if year is None:
        return
    for p in ctx.package.projects:
        for m in _STALE.finditer(p.text):
            cited = int(m.group(1))
            if cited < year:
                yield ctx.finding(
                    f"项目「{p.name}」测算依据引用“{m.group(0)}”，{cited}年的数据用于{year}年预算，请更新。",
                    p.source.at(row="项目概述"),
                    stated=str(cited),
                    expected=str(year),
                )
        if p.period:
            years = {int(y) for y in re.findall(r"(20\d{2})年", p.period)}
            if years and max(years) < year:
                yield ctx.finding(
                    f"项目「{p.name}」实施周期为“{p.period}”，不在{year}年预算年度内。",
                    p.field_source("实施周期").at(row="实施周期"),
                    stated=p.period,
                    expected=f"{year}年",
                )


@rule(
    "P004",
    "项目预算 = 各资金来源之和",
    category="projects",
    severity="error",
    source="[D] standards §2.3 X-9",
)
def check_sources(ctx: Context) -> Iterator[Finding]:
    """当年预算 (项目总额) = 本级安排 + 上级补助 (+ other funding sources)."""
    for p in ctx.package.projects:
        values = [v for _, v in p.sources if v is not None]
        if p.budget is None or not values:
            continue
        yield from ctx.compare(
            p.budget,
            sum(values, Decimal(0)),
            Unit.WAN,
            f"项目「{p.name}」当年预算不等于各资金来源之和",
            p.field_source("budget"),
        )
