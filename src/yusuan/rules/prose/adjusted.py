"""A budget adjusted within its year (预算调整方案): the adjustments it lists add up to what the
budget moved by (S016). ``一般公共预算总收入从137.58亿元调至141.91亿元。其中：调减地方收入3.77亿元，
调增一般债务收入8.1亿元`` — −3.77 + 8.1 = 141.91 − 137.58. (The move itself against its stated
调增/调减 is S002's.)"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from yusuan.model.prose import ADJUSTED_BASE
from yusuan.rules.context import Context
from yusuan.rules.figures import (
    SOURCE,
    amount_text,
    as_unit,
    figures_of,
    gap_finding,
    half,
    money_unit,
    name,
    signed_sum,
)
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import rule

#: an item that is an adjustment, by its sign: 调增…, 调减…, 追加…, 核减…, 增加…, 减少…
_UP = re.compile(r"^(?:其中)?[:：]?(?:调增|调高|追加|核增|增加|新增)")
_DOWN = re.compile(r"^(?:其中)?[:：]?(?:调减|调低|核减|减少|压减|收回)")


@rule("S016", "调整分项与调整额不符", category="narrative", severity="error", source=SOURCE)
def check_adjustments(ctx: Context) -> Iterator[Finding]:
    """A budget adjusted from one amount to another (由X调整为Y, 从X调至Y, 年初预算X…调整后Y)
    and the adjustments listed under it (其中：调减A，调增B): their net, each with its sign, is
    Y − X. Every item must be an adjustment (a list of what the budget holds is S004's); a gap
    within the rounding of the printed amounts is 尾差, and items of one sign that fall short of
    the move (its main adjustments only?) a warning."""
    figs = figures_of(ctx)
    for f in figs.all:
        if f.base != ADJUSTED_BASE or f.amount is None or f.prior is None:
            continue
        kids = list(figs.children(f))
        if not kids:
            continue
        signed: list[tuple[Decimal, int]] = []
        for k in kids:
            sign = 1 if _UP.match(k.label) else -1 if _DOWN.match(k.label) else 0
            value = as_unit(k.amount, k, f)
            if not sign or value is None:
                break
            signed.append((value, sign))
        else:
            moved = f.amount - f.prior
            net = sum((v * s for v, s in signed), Decimal(0))
            if net == moved:
                continue
            # adjustments of one sign that fall short of the move may be its main ones only
            # (其中：增加教育支出…，增加卫生健康支出…): asked about, not an error
            short = len({s for _, s in signed}) == 1 and abs(net) < abs(moved) and net * moved > 0
            terms = signed_sum([v * s for v, s in signed])
            yield gap_finding(
                ctx,
                f"「{name(f)}」由{amount_text(f.prior, f)}调整为{amount_text(f.amount, f)}，"
                f"调整额{amount_text(moved, f)}；所列"
                + "、".join(name(k) for k in kids)
                + f"净额{terms} = {amount_text(net, f)}，相差{amount_text(net - moved, f)}",
                f.source,
                stated=net,
                expected=moved,
                slack=half(f.amount)
                + half(f.prior)
                + sum((half(v) for v, _ in signed), Decimal(0)),
                related=tuple(k.source for k in kids),
                unit=money_unit(f),
                beyond=("，请核实是否漏列。", Severity.WARNING) if short else ("。", None),
            )
