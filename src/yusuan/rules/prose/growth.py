"""Changes and rates on a base, stated in prose: ``X万元，比上年增加Δ万元，增长p%`` (S001–S003),
and a rate whose implied prior year exceeds its total's (S009).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from yusuan.model import Figure
from yusuan.model.prose import ADJUSTED_BASE
from yusuan.money import CENT
from yusuan.rules.context import Context
from yusuan.rules.figures import (
    HUNDRED,
    SOURCE,
    Figures,
    amount_text,
    as_unit,
    figures_of,
    gap_finding,
    half,
    money_unit,
    name,
    pct,
    ratio_range,
    verdict,
    zero_to_zero,
)
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import rule


@rule("S001", "增减率与增减额、基数不符", category="narrative", severity="error", source=SOURCE)
def check_growth(ctx: Context) -> Iterator[Finding]:
    """``X万元，比上年增加Δ万元，增长p%``: p = Δ ÷ 上年 × 100, 上年 = X − Δ (or the prior amount the
    sentence states). The classic slips are named: Δ divided by this year's amount, the amount
    of change printed as the percentage. A percentage cut instead of rounded is 尾差 (info)."""
    figs = figures_of(ctx)
    for f in figs.all:
        if f.growth is None:
            continue
        amount = figs.amount(f)
        change = f.change
        if change is None:  # 比上年的1174.04亿元增长7.11%: the change is this year's less that
            if f.prior is None or amount is None:
                continue
            change = amount - f.prior
        if f.growth.value == 0 and change == 0:
            if figs.amount(f) == 0:  # 0 → 0 written as 增长0%: loose wording, nothing misstated
                yield ctx.finding(
                    zero_to_zero(name(f), "上年", f.growth.text),
                    f.source,
                    stated=f.growth.text,
                    expected="不适用",
                    severity=Severity.INFO,
                )
            continue
        if (f.growth.value < 0) != (change < 0) and f.growth.value != 0 and change != 0:
            continue  # S003's
        prior = f.prior if f.prior is not None else (None if amount is None else amount - change)
        if prior is not None and prior == 0 and f.growth.value != 0:
            yield ctx.finding(
                f"「{name(f)}」上年为0（本年{amount_text(amount or change, f)}全部为新增），"
                f"增减率无从计算，说明却称{f.growth.text}；应写明上年无此项支出。",
                f.source,
                stated=f.growth.text,
                expected="不适用",
                severity=Severity.WARNING,
            )
            continue
        if prior is None or prior <= 0:
            continue
        num = abs(change)
        if f.change is None:  # both amounts printed: the rate over what each may round from
            rng = _between(amount, prior)
        elif f.prior is not None:
            rng = ratio_range(num, prior)
        else:
            rng = _growth_range(amount, change)
        exact = num / prior * HUNDRED
        judged = verdict(f.growth, exact, rng)
        if judged is None or _other_base_agrees(f, amount):
            continue
        tail, note = judged
        slip = ""
        if (
            amount is not None
            and amount > 0
            and verdict(f.growth, num / amount * HUNDRED, None) is None
        ):
            slip = (
                "（按本年数而非上年数计算）"  # the change ÷ this year's amount, rounded as printed
            )
        elif abs(f.growth.value) == num:
            slip = "（把增减额当作了百分比）"
        tail = tail and not slip
        where = f"{_now_word(f)}{amount_text(amount, f)}，" if amount is not None else ""
        yield ctx.finding(
            f"「{name(f)}」{where}{'增加' if change > 0 else '减少'}{amount_text(num, f)}，"
            f"{_base_word(f)}应为{amount_text(prior, f)}，增减率应为{pct(exact, f.growth.places)}，"
            f"说明称{f.growth.text}{slip}" + (note if tail else "。"),
            f.source,
            stated=pct(abs(f.growth.value), f.growth.places),
            expected=pct(exact),
            difference=(abs(f.growth.value) - exact).quantize(Decimal("0.01")),
            severity=Severity.INFO if tail else None,
        )


def _base_word(f: Figure) -> str:
    """What the change is measured against, for a message: 上年, or the budget it names
    (调整前预算: a budget adjusted)."""
    return f.base if f.base.endswith("预算") else "上年"


def _now_word(f: Figure) -> str:
    """What the amount is, for a message: 本年, or 调整后 (a budget adjusted)."""
    return "调整后" if f.base == ADJUSTED_BASE else "本年"


def _other_base_agrees(f: Figure, amount: Decimal | None) -> bool:
    """A sentence that states the prior amount and this year's and the change gives two readings
    of the base (the prior stated, this year's less the change); when they differ (S002's) the
    rate is reported only if it fits neither."""
    if f.prior is None or amount is None or f.change is None or f.growth is None:
        return False
    rng = _growth_range(amount, f.change)
    if rng is None or amount - f.change in (f.prior, 0):
        return False
    return verdict(f.growth, abs(f.change) / (amount - f.change) * HUNDRED, rng) is None


def _between(amount: Decimal | None, prior: Decimal) -> tuple[Decimal, Decimal] | None:
    """The range of |amount − prior| ÷ prior × 100 over the values the two printed amounts may
    round from."""
    if amount is None:
        return None
    values = [
        abs(a - p) / p * HUNDRED
        for a in (amount - half(amount), amount + half(amount))
        for p in (prior - half(prior), prior + half(prior))
        if p > 0
    ]
    return (min(values), max(values)) if values else None


def _growth_range(amount: Decimal | None, change: Decimal) -> tuple[Decimal, Decimal] | None:
    if amount is None:
        return None
    values = []
    for a in (amount - half(amount), amount + half(amount)):
        for c in (change - half(change), change + half(change)):
            if a - c > 0:
                values.append(abs(c) / (a - c) * HUNDRED)
    return (min(values), max(values)) if values else None


@rule("S002", "增减额与两年金额不符", category="narrative", severity="error", source=SOURCE)
def check_change(ctx: Context) -> Iterator[Finding]:
    """``2016年预算8万元，2015年预算12.5万元，对比减少4.35万元``: the change is this year's amount
    less the prior one (−4.5), to the precision printed."""
    figs = figures_of(ctx)
    for f in figs.all:
        amount = f.amount
        if f.change is None or f.prior is None or amount is None:
            continue
        expected = amount - f.prior
        if expected == f.change:
            continue
        yield gap_finding(
            ctx,
            f"「{name(f)}」{_now_word(f)}{amount_text(amount, f)}，{_base_word(f)}"
            f"{amount_text(f.prior, f)}，增减额应为{amount_text(expected, f)}，说明称{f.change_text}",
            f.source,
            stated=f.change,
            expected=expected,
            slack=half(amount) + half(f.prior) + half(f.change),
            unit=money_unit(f),
        )


#: a template's two directions left side by side: 增加(减少), 增长（下降）
#: (the brackets may have been taken out with other asides: 增加减少)
_ALTERNATIVES = re.compile(
    r"(?:增加|增长|上升)[(（]?(?:减少|下降)[)）]?|(?:减少|下降)[(（]?(?:增加|增长)[)）]?"
)


@rule("S003", "增减方向前后矛盾", category="narrative", severity="error", source=SOURCE)
def check_direction(ctx: Context) -> Iterator[Finding]:
    """``较上年减0.04万元，增0.01%``: the amount and the rate of one change go the same way; 持平
    is a change of 0."""
    for f in figures_of(ctx).all:
        g = f.growth
        if _ALTERNATIVES.search(f.text):
            continue  # 增加(减少): the template's two words left in (W001's), no direction said
        if f.change and g is not None and g.value and (f.change < 0) != (g.value < 0):
            yield ctx.finding(
                f"「{name(f)}」{f.change_text}，却说{g.text}：增减方向前后矛盾。",
                f.source,
                stated=g.text,
                expected="减少" if f.change < 0 else "增加",
            )
        if f.flat and f.change is not None and f.change != 0:
            yield ctx.finding(
                f"「{name(f)}」说与上年持平，却{f.change_text}。",
                f.source,
                stated=f.change,
                expected=Decimal(0),
                difference=f.change,
            )


@rule("S009", "增减率隐含的上年数超过总额", category="narrative", severity="error", source=SOURCE)
def check_implied_base(ctx: Context) -> Iterator[Finding]:
    """A part's change and rate imply its prior year (Δ ÷ p%); it cannot exceed the prior year of
    the total it is part of (``对个人和家庭的补助增加0.11万元，增幅0.01%`` implies 1,100万元 under a
    基本支出 of about 99.5万元). Compared over the values the printed numbers may round from."""
    figs = figures_of(ctx)
    for f in figs.all:
        g, c = f.growth, f.change
        if g is None or c is None or not g.value or not c:
            continue
        t = figs.total(f) or (figs.all[f.parent] if f.parent is not None else None)
        if t is None:
            continue
        total_prior = as_unit(_prior_at_most(figs, t), t, f)
        if total_prior is None or total_prior <= 0:
            continue
        lowest = (abs(c) - half(c)) / (abs(g.value) + half(g.value)) * HUNDRED
        if lowest <= total_prior:
            continue
        implied = abs(c) / abs(g.value) * HUNDRED
        yield ctx.finding(
            f"「{name(f)}」{f.change_text}、{g.text}，隐含上年为{amount_text(implied.quantize(CENT), f)}，"
            f"超过「{name(t)}」上年的{amount_text(total_prior.quantize(CENT), f)}：增减率有误。",
            f.source,
            stated=g.text,
            expected=f"≥ {pct(abs(c) / total_prior * HUNDRED)}",
            related=(t.source,),
        )


def _prior_at_most(figs: Figures, t: Figure) -> Decimal | None:
    """The largest prior-year amount a total's printed figures allow."""
    if t.prior is not None:
        return t.prior + half(t.prior)
    amount = figs.amount(t)
    if amount is not None and t.change is not None:
        return amount - t.change + half(amount) + half(t.change)
    if t.change and t.growth is not None and t.growth.value:
        low_rate = abs(t.growth.value) - half(t.growth.value)
        return (abs(t.change) + half(t.change)) / low_rate * HUNDRED if low_rate > 0 else None
    return None
