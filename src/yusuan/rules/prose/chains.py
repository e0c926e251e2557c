"""Sums written as a chain (S013), the way a government's 预算执行情况报告 states its whole
balance: ``一般公共预算收入完成147.1亿元…。加上转移性收入49.2亿元，收入合计196.3亿元`` —
the amount before ``加上``, the amounts the chain adds and the 合计/总计 it ends with."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from yusuan.model import Figure
from yusuan.money import digits
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
from yusuan.rules.findings import Finding
from yusuan.rules.registry import rule

#: the first amount a chain adds (加上转移性收入, 再加上上年结转, 加上级补助收入, 加：…, 加补助下级
#: 支出) — not a name that starts with 加 (加强…, 加工…)
_ADDS = re.compile(r"^(?:再)?加(?:上|[:：]|(?=上级|下级|补助|调入|上年|债务|转移|地方))")
#: an amount it takes off (减上解市级支出, 扣除…)
_TAKES = re.compile(r"^(?:减去|减除|扣减|扣除|减(?!少))")
#: the sum it ends with: 收入合计, 支出总计, 收入总量, 一般公共预算总收入
_SUM = re.compile(r"(?:合计|总计|总量|总收入|总支出)(?:预计|为)?$")


@rule("S013", "加总与合计不符", category="narrative", severity="error", source=SOURCE)
def check_chains(ctx: Context) -> Iterator[Finding]:
    """``A。加上B、C，减D，收入合计T``: A + B + C − D = T. The chain is one sentence; A, the
    amount it starts from, ends the sentence before or opens this one (of the amounts there, the
    one the chain adds up from). A gap within the rounding of the printed amounts is 尾差."""
    figs = figures_of(ctx).all
    for k, first in enumerate(figs):
        if k == 0 or not _adds(first) or first.amount is None:
            continue
        chain, total = _chain(figs, k)
        if total is None or total.amount is None:
            continue
        added = [(as_unit(f.amount, f, total), -1 if _TAKES.match(f.label) else 1) for f in chain]
        terms = [(a, sign) for a, sign in added if a is not None]
        if len(terms) != len(added):
            continue
        rest = sum((a * sign for a, sign in terms), Decimal(0))
        best = None
        for base in _bases(figs, k):
            value = as_unit(base.amount, base, total)
            if value is not None and (best is None or abs(total.amount - value - rest) < best[2]):
                best = (base, value, abs(total.amount - value - rest))
        if best is None or best[2] == 0:
            continue
        base, value, _ = best
        gap = total.amount - value - rest
        sum_text = signed_sum([value, *(a * sign for a, sign in terms)])
        yield gap_finding(
            ctx,
            f"「{name(base)}」{'、'.join(name(f) for f in chain)}："
            f"{sum_text} = {amount_text(value + rest, total)}，说明称{name(total)}"
            f"{amount_text(total.amount, total)}，相差{digits(gap)}",
            total.source,
            stated=total.amount,
            expected=value + rest,
            slack=half(total.amount) + half(value) + sum((half(a) for a, _ in terms), Decimal(0)),
            related=tuple(f.source for f in [base, *chain]),
            unit=money_unit(total),
        )


#: a sum named by its word alone, after the items it adds (…；D 3.3万元；共计40.83万元)
_BARE_SUM = re.compile(r"^(?:以上|上述)?(?:共计|合计|总计|共)(?:为|金额为?)?$")


@rule("S017", "所列各项与其后共计不符", category="narrative", severity="error", source=SOURCE)
def check_bare_sums(ctx: Context) -> Iterator[Finding]:
    """``建厂房12.08万元；购买变压器18.8万元；…；共计40.83万元``: the amounts a sentence lists and
    the 共计/合计 it closes with, named by that word alone. The items are the sentence's amounts
    before it that are no part of another (a 其中 list's parts are its total's); a gap within
    the rounding of the printed amounts is 尾差."""
    figures = figures_of(ctx)
    figs = figures.all
    for t in figs:
        if t.amount is None or not _BARE_SUM.match(t.label.strip()):
            continue
        # the items listed after the sentence's last colon (项目支出80万元，主要用于：A…；B…；合计80万元:
        # the total named first and again, not an item)
        at = t.text.rfind(t.amount_text)
        colon = max(t.text.rfind("：", 0, at), t.text.rfind(":", 0, at))
        items = [
            f
            for f in figs[: t.index]
            if f.text == t.text
            and f.parent is None
            and f.amount is not None
            and figures.same(f, t)
            and f.text.find(f.amount_text) > colon
            and as_unit(f.amount, f, t) != t.amount
        ]
        values = [as_unit(f.amount, f, t) for f in items]
        if len(items) < 2 or any(v is None for v in values):
            continue
        listed = sum((v for v in values if v is not None), Decimal(0))
        gap = t.amount - listed
        if gap == 0:
            continue
        yield gap_finding(
            ctx,
            "所列"
            + "、".join(name(f) for f in items)
            + f"合计{' + '.join(digits(v) for v in values if v is not None)} = "
            + f"{amount_text(listed, t)}，说明称{t.label.strip()}{amount_text(t.amount, t)}，"
            + f"相差{amount_text(gap, t)}",
            t.source,
            stated=t.amount,
            expected=listed,
            slack=half(t.amount) + sum((half(v) for v in values if v is not None), Decimal(0)),
            related=tuple(f.source for f in items),
            unit=money_unit(t),
        )


def _adds(f: Figure) -> bool:
    """The figure is added by a chain: its label says 加上…, or the 、-list it ends does
    (``加上级补助收入、…、上年结转等收入235157万元``: the amount of the whole list)."""
    if _ADDS.match(f.label):
        return True
    at = f.text.find(f.label) if f.label else -1
    clause = _CLAUSE_START.split(f.text[:at])[-1] if at > 0 else ""
    # (names only before it: an item of a list of amounts is no chain's start)
    return clause.endswith("、") and not re.search(r"\d", clause) and bool(_ADDS.match(clause))


#: where a clause begins (the 、-list a figure ends runs back to it)
_CLAUSE_START = re.compile(r"[，,。；;：:]")


def _chain(figs: tuple[Figure, ...], k: int) -> tuple[list[Figure], Figure | None]:
    """The amounts a chain adds from ``figs[k]`` on, and the sum it ends with (None when it has
    none, or holds a 其中 list that does not close: then what is an item cannot be told). An
    item's 其中 list (加上级补助收入1884万元，其中：一般转移支付1478万元…，专项406万元) closes where its
    parts make the item's amount; the amounts after it are the chain's again."""
    chain: list[Figure] = []
    closed: set[int] = set()
    open_, parts = None, Decimal(0)
    first = figs[k]
    for f in figs[k:]:
        if f.text != first.text or f.amount is None:
            return chain, None  # the chain is one sentence
        if _SUM.search(f.label):
            return (chain, f) if open_ is None else (chain, None)
        p = f.parent
        if p is not None and p >= k and p not in closed:
            if open_ in (None, p):
                open_ = p
                parts += as_unit(f.amount, f, figs[p]) or Decimal(0)
                if parts == figs[p].amount:
                    closed.add(p)
                    open_, parts = None, Decimal(0)
            continue  # (a part of a part: not the chain's)
        if open_ is not None:
            return chain, None
        chain.append(f)
    return chain, None


def _bases(figs: tuple[Figure, ...], k: int) -> list[Figure]:
    """The amounts a chain starting at ``figs[k]`` may add up from: those of its own sentence
    before it, else those of the three sentences before (a 其中 sentence of parts between:
    ``收入完成130.2亿元。其中：…125.6亿元。加上…``), none a part, a sum, an amount a chain
    adds or without an amount."""
    own = [f for f in figs[:k] if f.text == figs[k].text]
    sentences: list[str] = []
    for f in reversed(figs[:k]):
        if f.text not in sentences:
            sentences.append(f.text)
    before = own or [f for f in figs[:k] if f.text in sentences[:3]]
    return [
        f
        for f in before
        if f.amount is not None and f.parent is None and not _SUM.search(f.label) and not _adds(f)
    ]
