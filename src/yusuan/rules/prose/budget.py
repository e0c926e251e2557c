"""A 决算 against its 预算, stated in prose: the completion rate is 决算 ÷ 预算 (S006); the words
大于/小于/等于预算 agree with the figures (S008).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from yusuan.lang import VOCABULARY
from yusuan.model import Figure, Percent, Source
from yusuan.money import CENT
from yusuan.recognize.wording import FUND_WORDS
from yusuan.rules.context import Context
from yusuan.rules.figures import (
    HUNDRED,
    SOURCE,
    Figures,
    amount_text,
    as_unit,
    figures_of,
    half,
    name,
    pct,
    ratio_range,
    unit_name,
    verdict,
    within,
)
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import rule

#: 年初/全年预算为…万元 in a sentence: its completion rate is J001's, with its base named
_J001_SENTENCE = re.compile(r"(?:年初预算|全年预算)(?:数)?为\s*\d[\d.]*\s*万元")
#: …and the rate as J001 reads it (为年初预算的…% / 占年初预算的…% are this rule's)
_J001_RATE = re.compile(r"完成(?:年初预算|全年预算|预算)(?:数)?的")


@rule("S006", "完成预算百分比与金额不符", category="narrative", severity="error", source=SOURCE)
def check_completion(ctx: Context) -> Iterator[Finding]:
    """``支出预算为24.5万元，支出决算为11.96万元，完成预算的48.82%``: the rate is 决算 ÷ 预算. A
    rate on a budget of 0 does not exist (说明 should say there was no budget)."""
    final = ctx.package.info.stage == "决算"
    figs = figures_of(ctx)
    for f in figs.all:
        if (
            final
            and _J001_SENTENCE.search(f.text)
            and f.completion
            and _J001_RATE.match(f.completion.text)
        ):
            continue  # 年初预算为…，支出决算为…，完成年初预算的…%: J001's, with its base named
        c, b, a = f.completion, f.budget, f.amount
        if c is not None and "年初" in c.text and f.budget_initial is not None:
            b = f.budget_initial  # 完成年初预算的…%
        if c is not None and b is None and a == 0 and c.value == 0:
            yield from _zero_of_no_budget(ctx, figs, f, c)
            continue
        if c is not None and b is None and a and (before := _budget_before(figs, f)):
            b = as_unit(before.amount, before, f)  # 项目资金共X万元，已拨付Y万元，执行率Z%
        if c is None or b is None or a is None:
            continue
        if b == 0:
            other = ""
            whole = f.budget
            full = ratio_range(a, whole) if whole else None
            if whole is not None and full is not None and whole is not b and within(c, full):
                other = (
                    f"；{c.value}%是按全年预算{amount_text(whole, f)}计算的，应写作“完成全年预算”"
                )
            yield ctx.finding(
                f"「{name(f)}」预算为0，完成率无从计算，说明却称「{c.text}」{other}。",
                f.source,
                stated=pct(c.value, c.places),
                expected="不适用",
                severity=Severity.WARNING,
            )
            continue
        exact = a / b * HUNDRED
        judged = verdict(c, exact, ratio_range(a, b))
        if judged is None:
            continue
        tail, note = judged
        spent, rate = (
            ("执行", "执行率") if _EXECUTION.search(c.text) else ("决算", "完成预算的比例")
        )
        yield ctx.finding(
            f"「{name(f)}」{spent}{amount_text(a, f)}，预算{amount_text(b, f)}，{rate}应为"
            f"{pct(exact, c.places)}，说明称{c.text}" + (note if tail else "。"),
            f.source,
            stated=pct(c.value, c.places),
            expected=pct(exact),
            difference=(c.value - exact).quantize(Decimal("0.01")),
            severity=Severity.INFO if tail else None,
        )


#: what a budget is called in a 自评报告's sentence on its money (预算数, 资金共, 下达, 安排 …)
_BUDGETED = re.compile(r"预算|安排|下达|资金共|资金总额|总额|批复|计划投资|共计")
#: a rate of spending against that budget (执行率, 预算执行率, 支付率, 拨付率)
_EXECUTION = re.compile(r"(?:执行|支付|拨付|使用)率")


def _budget_before(figs: Figures, f: Figure) -> Figure | None:
    """The budget an execution rate is of when the sentence gives it before the amount spent:
    the nearest amount before, in this sentence or the one before, named as a budget
    (``项目资金共2179万元，…已完成拨付2113.63万元，执行率97%``)."""
    if f.completion is None or not _EXECUTION.search(f.completion.text) or f.amount is None:
        return None
    if f.parent is not None:
        return None  # …实际支付355.16万元，其中：…县级31.71万元，执行率65%: the total's rate
    texts = {f.text}
    for g in reversed(figs.all[: f.index]):
        if g.text not in texts:
            if len(texts) == 2:
                return None
            texts.add(g.text)
        if g.amount is None or g.completion is not None or not figs.same(f, g):
            continue
        if _BUDGETED.search(FUND_WORDS.sub("", g.label)) and g.amount > 0:
            return g  # (预算 in a fund's name, 一般公共预算支出, names no budget)
    return None


def _zero_of_no_budget(ctx: Context, figs: Figures, f: Figure, c: Percent) -> Iterator[Finding]:
    """``其中：因公出国(境)费支出决算为0万元，完成预算的0.00%`` with no budget stated: the other
    items' budgets follow from their amounts and rates, and what the total's budget leaves for this
    one may be nothing — then there is no rate (尾差-like, an info: the budgets are inferred)."""
    total = figs.total(f)
    if total is None or total.budget is None:
        return
    lo = hi = total.budget
    lo, hi = lo - half(total.budget), hi + half(total.budget)
    for g in figs.children(total):
        if g is f:
            continue
        budget = _budget_range(g)
        if budget is None:
            return
        low, high = as_unit(budget[0], g, total), as_unit(budget[1], g, total)
        if low is None or high is None:
            return
        lo, hi = lo - high, hi - low
    if not lo <= 0 <= hi:
        return
    unit = unit_name(total.factor)
    yield ctx.finding(
        f"「{name(f)}」未列预算数；总预算{total.budget}{unit}减去其他各项预算（按各自决算数和完成率"
        f"推算），其预算约为0（{lo.quantize(CENT)}～{hi.quantize(CENT)}{unit}），完成率不适用，"
        f"说明却称「{c.text}」；如无预算，应写明本年无此项预算。",
        f.source,
        stated=pct(c.value, c.places),
        expected="不适用",
        severity=Severity.INFO,
    )


def _budget_range(g: Figure) -> tuple[Decimal, Decimal] | None:
    """A part's budget: as stated, else its amount ÷ its completion rate, over the values the
    printed numbers may round from."""
    if g.budget is not None:
        return g.budget - half(g.budget), g.budget + half(g.budget)
    c, a = g.completion, g.amount
    if c is None or a is None or c.value <= 0:
        return None
    slack = Decimal(5).scaleb(-c.places - 1)
    low_rate, high_rate = (c.value - slack) / HUNDRED, (c.value + slack) / HUNDRED
    if low_rate <= 0:
        return None
    return (a - half(a)) / high_rate, (a + half(a)) / low_rate


_COMPARED = re.compile(
    r"决算(?:数)?(?:支出)?(大于|小于|等于|高于|低于|超过|少于|多于|与预算数?持平|持平)(?:年初|全年)?预算"
)
_SAYS = {"大于": 1, "高于": 1, "超过": 1, "多于": 1, "小于": -1, "低于": -1, "少于": -1}


@rule(
    "S008", "决算与预算大小的说法与数字矛盾", category="narrative", severity="error", source=SOURCE
)
def check_final_versus_budget(ctx: Context) -> Iterator[Finding]:
    """``决算数小于预算数的主要原因是…`` after ``完成预算的268%``: the words say the opposite of the
    figures. Compared with the completion rate (or 决算 and 预算) stated for the same subject
    before the sentence."""
    figs = figures_of(ctx)
    paras = ctx.package.paragraphs
    for i, para in enumerate(paras):
        for m in _COMPARED.finditer(para.text):
            said = _SAYS.get(m.group(1), 0)
            sentence_start = max(para.text.rfind(c, 0, m.start()) for c in "。；;") + 1
            subject = VOCABULARY.subject_of(para.text[sentence_start : m.start()])
            src = para.at(m.start())
            start = paras[i - 1].source if i else para.source
            before = [
                f
                for f in figs.all
                if _at_or_after(f.source, start)
                and _at_or_after(src, f.source)
                and (subject is None or f.subject == subject)
                and (f.completion is not None or (f.budget is not None and f.amount is not None))
            ]
            if subject is None:  # the sentence names none: the totals, not their parts
                before = [f for f in before if f.parent is None]
            if not before:
                continue
            f = before[-1]
            if f.completion is not None:
                rate, slack = f.completion.value, half(f.completion.value)
                actual = (rate - slack > HUNDRED) - (rate + slack < HUNDRED)
                if actual == 0 and rate != HUNDRED:
                    continue  # 100% as rounded: either way
                shown = f.completion.text
            else:
                assert f.budget is not None and f.amount is not None
                actual = (f.amount > f.budget) - (f.amount < f.budget)
                shown = f"决算{amount_text(f.amount, f)}、预算{amount_text(f.budget, f)}"
            if said == actual or (actual == 0 and f.completion is not None):
                continue
            words = {1: "大于", -1: "小于", 0: "等于"}
            yield ctx.finding(
                f"说明称「{m.group(0)}」，但「{name(f)}」{shown}：决算应{words[actual]}预算。",
                src,
                stated=m.group(0),
                expected=f"决算{words[actual]}预算",
                related=(f.source,),
            )


def _at_or_after(a: Source, b: Source) -> bool:
    """``a`` is at or after ``b`` in the document (page, then line)."""
    return ((a.page or 0), (a.line or 0)) >= ((b.page or 0), (b.line or 0))
