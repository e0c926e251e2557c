"""Narrative algebra: what the prose states, checked against itself — no table needed.

Each rule reads the figures of :mod:`yusuan.recognize.prose` (subjects matched through the
budget vocabulary) and compares numbers at the precision they were printed with; a percentage
cut instead of rounded, or off by one in its last digit from independently rounded amounts, is
尾差 (info). With tables present, the N/J rules also compare the same sentences with them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from yusuan.lang import VOCABULARY
from yusuan.lang.vocabulary import fold
from yusuan.model import Figure, Percent, Source
from yusuan.money import CENT
from yusuan.rules.context import TAIL_NOTE, Context
from yusuan.rules.figures import (
    HUNDRED,
    Figures,
    as_unit,
    figures_of,
    half,
    name,
    pct,
    ratio_range,
    scope,
    unit_name,
    verdict,
    within,
)
from yusuan.rules.final.text import whole_final_package
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import rule

_SOURCE = "[D] standards §2.4 N-2; issue #14 (narrative algebra without tables)"


def _amount_text(value: Decimal, fig: Figure) -> str:
    return f"{value}{unit_name(fig.factor)}"


@rule("S001", "增减率与增减额、基数不符", category="narrative", severity="error", source=_SOURCE)
def check_growth(ctx: Context) -> Iterator[Finding]:
    """``X万元，比上年增加Δ万元，增长p%``: p = Δ ÷ 上年 × 100, 上年 = X − Δ (or the prior amount the
    sentence states). The classic slips are named: Δ divided by this year's amount, the amount
    of change printed as the percentage. A percentage cut instead of rounded is 尾差 (info)."""
    if whole_final_package(ctx):
        return
    figs = figures_of(ctx)
    for f in figs.all:
        if f.growth is None or f.change is None:
            continue
        if f.growth.value == 0 and f.change == 0:
            if figs.amount(f) == 0:  # 0 → 0 written as 增长0%: loose wording, nothing misstated
                yield ctx.finding(
                    f"「{name(f)}」本年与上年均为0，没有增长率可言，说明写作{f.growth.text}，"
                    "宜写作「与上年持平」或「均未发生」。",
                    f.source,
                    stated=f.growth.text,
                    expected="不适用",
                    severity=Severity.INFO,
                )
            continue
        if (f.growth.value < 0) != (f.change < 0) and f.growth.value != 0 and f.change != 0:
            continue  # S003's
        amount = figs.amount(f)
        prior = f.prior if f.prior is not None else (None if amount is None else amount - f.change)
        if prior is not None and prior == 0 and f.growth.value != 0:
            yield ctx.finding(
                f"「{name(f)}」上年为0（本年{_amount_text(amount or f.change, f)}全部为新增），"
                f"增减率无从计算，说明却称{f.growth.text}；应写明上年无此项支出。",
                f.source,
                stated=f.growth.text,
                expected="不适用",
                severity=Severity.WARNING,
            )
            continue
        if prior is None or prior <= 0:
            continue
        num = abs(f.change)
        rng = ratio_range(num, prior) if f.prior is not None else _growth_range(amount, f.change)
        exact = num / prior * HUNDRED
        judged = verdict(f.growth, exact, rng)
        if judged is None or _other_base_agrees(f, amount):
            continue
        tail, note = judged
        slip = ""
        by_current = ratio_range(num, amount) if amount is not None and amount > 0 else None
        if by_current is not None and within(f.growth, by_current):
            slip = "（按本年数而非上年数计算）"
        elif abs(f.growth.value) == num:
            slip = "（把增减额当作了百分比）"
        tail = tail and not slip
        where = f"本年{_amount_text(amount, f)}，" if amount is not None else ""
        yield ctx.finding(
            f"「{name(f)}」{where}{'增加' if f.change > 0 else '减少'}{_amount_text(num, f)}，"
            f"上年应为{_amount_text(prior, f)}，增减率应为{pct(exact, f.growth.places)}，"
            f"说明称{f.growth.text}{slip}" + (note if tail else "。"),
            f.source,
            stated=pct(abs(f.growth.value), f.growth.places),
            expected=pct(exact),
            difference=(abs(f.growth.value) - exact).quantize(Decimal("0.01")),
            severity=Severity.INFO if tail else None,
        )


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


def _growth_range(amount: Decimal | None, change: Decimal) -> tuple[Decimal, Decimal] | None:
    if amount is None:
        return None
    values = []
    for a in (amount - half(amount), amount + half(amount)):
        for c in (change - half(change), change + half(change)):
            if a - c > 0:
                values.append(abs(c) / (a - c) * HUNDRED)
    return (min(values), max(values)) if values else None


@rule("S002", "增减额与两年金额不符", category="narrative", severity="error", source=_SOURCE)
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
        tail = abs(expected - f.change) <= half(amount) + half(f.prior) + half(f.change)
        yield ctx.finding(
            f"「{name(f)}」本年{_amount_text(amount, f)}，上年{_amount_text(f.prior, f)}，"
            f"增减额应为{expected}，说明称{f.change_text}" + (TAIL_NOTE if tail else "。"),
            f.source,
            stated=f.change,
            expected=expected,
            difference=f.change - expected,
            severity=Severity.INFO if tail else None,
        )


@rule("S003", "增减方向前后矛盾", category="narrative", severity="error", source=_SOURCE)
def check_direction(ctx: Context) -> Iterator[Finding]:
    """``较上年减0.04万元，增0.01%``: the amount and the rate of one change go the same way; 持平
    is a change of 0."""
    for f in figures_of(ctx).all:
        g = f.growth
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


@rule("S004", "分项之和与总额不符", category="narrative", severity="error", source=_SOURCE)
def check_parts(ctx: Context) -> Iterator[Finding]:
    """A total and the parts the prose lists for it (``基本支出911.7万元，其中：人员经费489.18万元…
    公用经费46.89万元``; “三公”经费 = 因公出国 + 公务用车 + 公务接待): the parts add up to the total,
    and their changes to its change. Parts are those the budget vocabulary knows (when every one
    is stated), or a 其中 list whose shares make 100 % (an item listed without a share being 0);
    a list that may be cut short, or whose items may belong to another total, is not checked."""
    figs = figures_of(ctx)
    for t in figs.all:
        if t.subject is None and t.amount is None:
            continue
        listed = _known_parts(figs, t)
        if listed is not None:
            yield from _compare_parts(ctx, t, listed, complete=True)
            continue
        kids = [k for k in figs.children(t) if k.amount is not None and figs.same(k, t)]
        if len(kids) >= 2 and t.amount is not None:  # a 其中 list: checked when it is whole
            shares = [k.share.value for k in kids if k.share is not None]
            # whole: the shares make 100 % and any item without a share is 0 (上缴上级支出0万元)
            whole = bool(shares) and all(k.share is not None or k.amount == 0 for k in kids)
            if whole and abs(sum(shares) - HUNDRED) <= Decimal("0.1"):
                yield from _compare_parts(ctx, t, kids, complete=True)


def _known_parts(figs: Figures, t: Figure) -> list[Figure] | None:
    """The parts of ``t`` the vocabulary knows, when every required one is listed after it (a
    part may be listed as its own parts: 公务用车购置费 and 运行费 for 公务用车购置及运行费)."""
    if t.subject is None:
        return None
    for d in VOCABULARY.decompositions:
        if d.total != t.subject:
            continue
        subs = {p: VOCABULARY.subjects[p].parts for p in d.parts if p in VOCABULARY.subjects}
        wanted = set(d.parts) | {sp for parts in subs.values() for sp in parts}
        found: dict[str, Figure] = {}
        nxt = next(
            (g.index for g in figs.all[t.index + 1 :] if g.subject == t.subject), len(figs.all)
        )
        for g in figs.all[t.index + 1 : nxt]:
            if (
                g.subject in wanted
                and g.subject not in found
                and figs.same(g, t)
                and (
                    g.parent in (None, t.index)
                    or figs.all[g.parent].subject in wanted | {t.subject}
                )
            ):
                found[g.subject] = g
        listed: list[Figure] = []
        for p in d.parts:
            if p in found:
                listed.append(found[p])
            elif subs.get(p) and all(sp in found for sp in subs[p]):
                listed.extend(found[sp] for sp in subs[p])
            elif p not in d.optional:
                break
        else:
            if listed:
                return listed
    return None


def _compare_parts(
    ctx: Context, t: Figure, parts: list[Figure], complete: bool
) -> Iterator[Finding]:
    figs = figures_of(ctx)
    names = "、".join(name(p) for p in parts)
    total = figs.amount(t)
    amounts = [as_unit(p.amount, p, t) for p in parts]
    if total is not None and all(a is not None for a in amounts):
        s = sum((a for a in amounts if a is not None), Decimal(0))
        slack = half(total) + sum((half(a) for a in amounts if a is not None), Decimal(0))
        gap = s - total
        if gap and (complete or gap > slack):
            tail = abs(gap) <= slack
            listing = " + ".join(f"{a}" for a in amounts)
            yield ctx.finding(
                f"「{name(t)}」{_amount_text(total, t)}，所列分项{names}合计"
                f"{listing} = {_amount_text(s, t)}，相差{gap}" + (TAIL_NOTE if tail else "。"),
                t.source,
                stated=total,
                expected=s,
                difference=total - s,
                severity=Severity.INFO if tail else None,
                related=tuple(p.source for p in parts),
            )
    changes = [_change_of(figs, p, t) for p in parts]
    if t.change is not None and complete and all(c is not None for c in changes):
        s = sum((c for c in changes if c is not None), Decimal(0))
        slack = half(t.change) + sum((half(c) for c in changes if c is not None), Decimal(0))
        if s != t.change:
            tail = abs(s - t.change) <= slack
            yield ctx.finding(
                f"「{name(t)}」增减{t.change}，所列分项{names}的增减合计"
                f"{' + '.join(str(c) for c in changes)} = {s}，相差{t.change - s}"
                + (TAIL_NOTE if tail else "。"),
                t.source,
                stated=t.change,
                expected=s,
                difference=t.change - s,
                severity=Severity.INFO if tail else None,
                related=tuple(p.source for p in parts),
            )


def _change_of(figs: Figures, p: Figure, t: Figure) -> Decimal | None:
    """A part's change in ``t``'s unit: as stated, 0 when 持平, else the sum of its own parts'
    changes (公务用车购置费 持平 and 运行维护费 减少2万元 for 公务用车购置及运行费)."""
    if p.change is not None:
        return as_unit(p.change, p, t)
    if p.flat:
        return Decimal(0)
    own = _known_parts(figs, p)
    if not own:
        return None
    changes = [_change_of(figs, q, t) for q in own]
    if any(c is None for c in changes):
        return None
    return sum((c for c in changes if c is not None), Decimal(0))


@rule("S005", "占比与金额不符", category="narrative", severity="error", source=_SOURCE)
def check_shares(ctx: Context) -> Iterator[Finding]:
    """``公务接待费7.94万元，占66.39%``: a share is the part ÷ the total it is listed under; the
    shares of one total add up to no more than 100 % (each item counted once: a 决算 states
    them twice). A share that repeats the completion rate is named; one that fits the total's
    own total (占支出合计 of a part of 基本支出) is not reported."""
    if whole_final_package(ctx):
        return
    figs = figures_of(ctx)
    by_total: dict[int, dict[str, Figure]] = {}
    for f in figs.all:
        if f.share is None or f.amount is None:
            continue
        t = figs.total(f)
        if t is None or t.amount is None or t.amount <= 0 or not _names(f.share_of, t):
            continue
        by_total.setdefault(t.index, {}).setdefault(f.subject or name(f), f)
        part = as_unit(f.amount, f, t)
        assert part is not None
        exact = part / t.amount * HUNDRED
        judged = verdict(f.share, exact, ratio_range(part, t.amount))
        if judged is None or _share_of_above(figs, f, t):
            continue
        slip = ""
        if f.completion is not None and f.completion.value == f.share.value:
            slip = "（重复了完成预算的百分比）"
        tail, note = judged[0] and not slip, judged[1]
        yield ctx.finding(
            f"「{name(f)}」{_amount_text(f.amount, f)}占「{name(t)}」"
            f"{_amount_text(t.amount, t)}的比例应为{pct(exact, f.share.places)}，说明称"
            f"{f.share.text}{slip}" + (note if tail else "。"),
            f.source,
            stated=pct(f.share.value, f.share.places),
            expected=pct(exact),
            difference=(f.share.value - exact).quantize(Decimal("0.01")),
            severity=Severity.INFO if tail else None,
            related=(t.source,),
        )
    for index, items in by_total.items():
        parts = list(items.values())
        total = sum((p.share.value for p in parts if p.share is not None), Decimal(0))
        slack = sum((half(p.share.value) for p in parts if p.share is not None), Decimal(0))
        if total > HUNDRED + slack:
            t = figs.all[index]
            yield ctx.finding(
                f"「{name(t)}」各分项占比合计{pct(total)}，超过100%："
                + "、".join(f"{name(p)}{p.share.text}" for p in parts if p.share is not None)
                + "。",
                parts[0].source,
                stated=pct(total),
                expected="100%",
                difference=total - HUNDRED,
            )


#: the 决算 sentence J001 reads: 年初预算为…万元 … 决算为…万元，完成年初预算的…%
_J001_SENTENCE = re.compile(r"(?:年初预算|全年预算)(?:数)?为\s*\d[\d.]*\s*万元")


def _share_of_above(figs: Figures, f: Figure, t: Figure) -> bool:
    """The share is right as a share of the total above ``t`` (nested 其中 lists whose shares
    are all of the grand total)."""
    above = figs.total(t)
    if above is None or above.amount is None or above.amount <= 0 or f.share is None:
        return False
    part = as_unit(f.amount, f, above)
    return part is not None and verdict(f.share, part / above.amount * HUNDRED, None) is None


def _names(base: str, total: Figure) -> bool:
    """A share's named base (占「…」的) is the total's subject or label, or names none."""
    base = base.removeprefix("本").removeprefix("全年")
    if not base or base in ("总", "总额", "总计", "合计", "比"):
        return True
    key = VOCABULARY.subject_of(base)
    if key is not None:
        return key == total.subject
    return fold(base) in fold(total.label) or fold(total.label) in fold(base)


@rule("S006", "完成预算百分比与金额不符", category="narrative", severity="error", source=_SOURCE)
def check_completion(ctx: Context) -> Iterator[Finding]:
    """``支出预算为24.5万元，支出决算为11.96万元，完成预算的48.82%``: the rate is 决算 ÷ 预算. A
    rate on a budget of 0 does not exist (说明 should say there was no budget)."""
    final = ctx.package.info.stage == "决算"
    figs = figures_of(ctx)
    for f in figs.all:
        if final and _J001_SENTENCE.search(f.text) and f.completion and "的" in f.completion.text:
            continue  # 年初预算为…，支出决算为…，完成年初预算的…%: J001's, with its base named
        c, b, a = f.completion, f.budget, f.amount
        if c is not None and "年初" in c.text and f.budget_initial is not None:
            b = f.budget_initial  # 完成年初预算的…%
        if c is not None and b is None and a == 0 and c.value == 0:
            yield from _zero_of_no_budget(ctx, figs, f, c)
            continue
        if c is None or b is None or a is None:
            continue
        if b == 0:
            other = ""
            whole = f.budget
            full = ratio_range(a, whole) if whole else None
            if whole is not None and full is not None and whole is not b and within(c, full):
                other = (
                    f"；{c.value}%是按全年预算{_amount_text(whole, f)}计算的，应写作“完成全年预算”"
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
        yield ctx.finding(
            f"「{name(f)}」决算{_amount_text(a, f)}，预算{_amount_text(b, f)}，完成预算的比例应为"
            f"{pct(exact, c.places)}，说明称{c.text}" + (note if tail else "。"),
            f.source,
            stated=pct(c.value, c.places),
            expected=pct(exact),
            difference=(c.value - exact).quantize(Decimal("0.01")),
            severity=Severity.INFO if tail else None,
        )


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


@rule("S007", "同一事项金额前后不一", category="narrative", severity="warning", source=_SOURCE)
def check_restated(ctx: Context) -> Iterator[Finding]:
    """One subject, year and measure stated twice with different amounts (``公务用车购置及运行费
    支出决算174,732.10元`` after ``…273,702.10元``): one of them is wrong, or the sentence
    states a change without saying so. The classic slips are named: the same digits under
    元 and 万元, or amounts 1,000 times apart (a thousands separator read as a decimal point).
    Reported once per pair of amounts. With tables, N001 and N005 compare each amount with the
    table and with its restatements instead."""
    if ctx.package.tables:
        return
    figs = figures_of(ctx)
    seen: set[tuple[str, Decimal, Decimal]] = set()
    for f in figs.all:
        if f.subject is None or f.amount is None:
            continue
        for g in figs.all[: f.index]:
            if g.subject != f.subject or g.amount is None or not figs.same(f, g):
                continue
            if scope(g) != scope(f):
                continue  # 基本支出 of all funds, and of 一般公共预算财政拨款
            other = as_unit(g.amount, g, f)
            assert other is not None
            if abs(other - f.amount) <= half(g.amount) + half(f.amount):
                continue
            key = (f.subject, min(f.amount, other), max(f.amount, other))
            if key in seen:
                continue
            seen.add(key)
            slip = "（如为增减额，应写明“增加/减少”）"
            if g.amount == f.amount and g.factor != f.factor:
                slip = "（数字相同而单位不同：元与万元写混）"
            elif (
                f.amount and other and max(f.amount, other) / min(f.amount, other) in (1000, 10000)
            ):
                slip = "（相差1000或10000倍：千分位、小数点或单位有误）"
            yield ctx.finding(
                f"「{name(f)}」前文为{_amount_text(g.amount, g)}，此处为"
                f"{_amount_text(f.amount, f)}，金额前后不一致{slip}。",
                f.source,
                stated=f.amount,
                expected=g.amount,
                difference=f.amount - g.amount,
                related=(g.source,),
            )


_COMPARED = re.compile(
    r"决算(?:数)?(?:支出)?(大于|小于|等于|高于|低于|超过|少于|多于|与预算数?持平|持平)(?:年初|全年)?预算"
)
_SAYS = {"大于": 1, "高于": 1, "超过": 1, "多于": 1, "小于": -1, "低于": -1, "少于": -1}


@rule(
    "S008", "决算与预算大小的说法与数字矛盾", category="narrative", severity="error", source=_SOURCE
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
                shown = f"决算{_amount_text(f.amount, f)}、预算{_amount_text(f.budget, f)}"
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


@rule("S009", "增减率隐含的上年数超过总额", category="narrative", severity="error", source=_SOURCE)
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
            f"「{name(f)}」{f.change_text}、{g.text}，隐含上年为{_amount_text(implied.quantize(CENT), f)}，"
            f"超过「{name(t)}」上年的{_amount_text(total_prior.quantize(CENT), f)}：增减率有误。",
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
