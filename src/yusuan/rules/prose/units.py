"""An amount printed in the wrong unit inside a list that adds up only in the right one (W006):
``专项经费指标总额为84万元，其中：…36万元；…16万元；…12万元；…5万元；…库房租赁经费专项指标为15元``
— 15元 is 15万元; ``补助471.23元，其中中央补助189.63万元，地方财政补助281.6万元`` — 471.23万元."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from yusuan.model import Figure
from yusuan.money import digits
from yusuan.rules.context import Context
from yusuan.rules.figures import SOURCE, Figures, figures_of, half, name, unit_name
from yusuan.rules.findings import Finding
from yusuan.rules.registry import rule

_YUAN, _WAN = Decimal(1), Decimal(10000)


def unit_slip(figs: Figures, t: Figure) -> Figure | None:
    """The amount of ``t``'s 其中 list (``t`` itself or one of its parts) printed in 元 among
    万元 where the list adds up exactly when it is read in 万元; None when there is none."""
    kids = [k for k in figs.children(t) if k.amount is not None]
    if t.amount is None or len(kids) < 2:
        return None
    members = [t, *kids]
    odd = [f for f in members if f.factor == _YUAN]
    if len(odd) != 1 or any(f.factor != _WAN for f in members if f is not odd[0]):
        return None
    listed = sum((k.amount for k in kids if k.amount is not None), Decimal(0))
    slack = half(t.amount) + sum((half(k.amount) for k in kids if k.amount), Decimal(0))
    return odd[0] if abs(listed - t.amount) <= slack else None


@rule("W006", "金额单位疑误", category="narrative", severity="warning", source=SOURCE)
def check_units(ctx: Context) -> Iterator[Finding]:
    """A total and its 其中 list in 万元 with one amount in 元 (or the total in 元, its parts in
    万元) that add up exactly when that amount is read in the others' unit: its unit is a slip
    (S004 and S005 leave such a list to this rule)."""
    figs = figures_of(ctx)
    for t in figs.all:
        slip = unit_slip(figs, t)
        if slip is None or slip.amount is None or t.amount is None:
            continue
        kids = [k for k in figs.children(t) if k.amount is not None]
        yield ctx.finding(
            f"「{name(slip)}」{digits(slip.amount)}元疑为{digits(slip.amount)}{unit_name(_WAN)}："
            f"按{unit_name(_WAN)}计，「{name(t)}」{digits(t.amount)}与所列分项"
            f"{' + '.join(digits(k.amount) for k in kids if k.amount is not None)}相符。",
            slip.source,
            stated=f"{digits(slip.amount)}元",
            expected=f"{digits(slip.amount)}万元",
            related=tuple(f.source for f in [t, *kids] if f is not slip),
        )
