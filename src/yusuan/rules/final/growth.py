"""Changes on a base in a 决算 说明: ``增加Δ万元，增长p%`` recomputed on its base (standards §2.4 N-2).

``机关运行经费支出10.23万元，比2023年度增加10.23万元，增长100.00%`` states a growth on a zero
base; ``增加12.34万元，增长12.34%`` gives the amount again as a percentage.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from yusuan.model import Source
from yusuan.money import Unit, number, quantize
from yusuan.rules.context import Context
from yusuan.rules.figures import zero_to_zero
from yusuan.rules.final.text import (
    HALF,
    NUM,
    UP,
    clause_before,
    pct,
    places,
    sentences,
    three_public_key,
    three_public_value,
)
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import rule

_GROWTH = re.compile(
    r"(增加|减少|增长|下降|上升|降低)了?\s*"
    + NUM
    + r"\s*万元\s*[，,、]?\s*(增长|下降|上升|降低|增加|减少)(?:（[^）]{1,4}）)?了?\s*"
    r"(\d+(?:\.\d+)?)\s*[%％]"
)
_LEVEL = re.compile(r"(?<![\d.])" + NUM + r"\s*万元")
_DIRECTION_BEFORE = re.compile(r"(?:增加|减少|增长|下降|上升|降低|了)\s*$")
_BASE = re.compile(
    r"(?:比|较|与)\s*(上年度?|\d{4}\s*年度?|年初预算数?|全年预算数?|上年决算数?|预算数)"
)
_REFERS_BACK = re.compile(r"^\s*(?:与|和|较|比)")


@dataclass(frozen=True, slots=True)
class _Growth:
    """A change stated with its amount and its percentage, and the current amount it is on."""

    current: Decimal
    delta: Decimal  # signed
    percent_text: str
    base: str
    subject: str
    source: Source

    @property
    def percent(self) -> Decimal:
        return Decimal(self.percent_text)

    @property
    def prior(self) -> Decimal:
        return self.current - self.delta


def _growths(ctx: Context) -> Iterator[_Growth]:
    """Every ``增加Δ万元，增长p%`` whose current amount can be told: the amount the same clause
    states (``机关运行经费支出142.80万元，比2023年度减少13.52万元``), the 三公 决算表's 决算数 for a
    三公 item, or the amount of the sentence a ``与2023年度相比，…`` sentence refers back to."""
    final = ctx.package.info.stage == "决算"
    for para in ctx.package.paragraphs:
        said = list(sentences(para.text))
        for i, (offset, sentence) in enumerate(said):
            after = 0  # a change after another in one clause is about a new subject
            for m in _GROWTH.finditer(sentence):
                start, clause = clause_before(sentence, m.start())
                if after > start:
                    start, clause = after, sentence[after : m.start()]
                after = m.end()
                current = _current(ctx, clause, final)
                if current is None and start == 0 and _REFERS_BACK.match(sentence) and i > 0:
                    level = _first_level(said[i - 1][1])
                    current = None if level is None else number(level.group(1))
                if current is None:
                    continue
                delta = number(m.group(2))
                if m.group(1) not in UP:
                    delta = -delta
                base = _BASE.search(clause) or _BASE.search(sentence[: m.start()])
                yield _Growth(
                    current,
                    delta,
                    m.group(4),
                    base.group(1).replace(" ", "") if base else "上年",
                    _subject(clause),
                    para.at(offset + m.start()).at(row="".join(m.group(0).split())),
                )


def _current(ctx: Context, clause: str, final: bool) -> Decimal | None:
    key = three_public_key(clause)
    if final and key is not None and "运行经费" not in clause:
        value = three_public_value(ctx, key, "决算数")
        if value is not None:
            return value
    levels = [
        lv for lv in _LEVEL.finditer(clause) if not _DIRECTION_BEFORE.search(clause[: lv.start()])
    ]
    return number(levels[-1].group(1)) if levels else None


def _first_level(sentence: str) -> re.Match[str] | None:
    for lv in _LEVEL.finditer(sentence):
        if (
            not _DIRECTION_BEFORE.search(sentence[: lv.start()])
            and "占" not in sentence[max(0, lv.start() - 2) : lv.start()]
        ):
            return lv
    return None


def _subject(clause: str) -> str:
    """The words the clause starts with, up to its first number or comparison."""
    text = _LEAD.sub("", clause.strip())
    head = re.split(r"[\d，,]|比|较|与|增加|减少", text, maxsplit=1)[0]
    return re.sub(r"(?:为|是|共计|合计)$", "", head.strip()) or "该项"


_LEAD = re.compile(r"^(?:(?:与|和|较|比)[^，,]*?相比\s*[，,]?\s*|\d{4}\s*年度?\s*)+")


@rule(
    "J005",
    "增减百分比按基数重算",
    category="narrative",
    severity="error",
    source="[D] standards §2.4 N-2 (percentage = Δ ÷ 上年); [S:JS] 决算说明 同比 (standards §1.4)",
)
def check_growth_rates(ctx: Context) -> Iterator[Finding]:
    """``X万元，比2023年度增加Δ万元，增长p%``: p equals Δ ÷ (X − Δ), the amount compared with (the
    prior year's 决算, or the budget for ``比年初预算``), to the printed precision. A zero base is
    J006's, a percentage that repeats the amount J007's. On a part of a package (no 三公 table)
    S001 checks the same sentences from the prose's figures."""
    if not ctx.package.info.whole_final:
        return
    for g in _growths(ctx):
        if g.prior <= ctx.tolerance(Unit.WAN) or g.percent == abs(g.delta):
            continue
        lo, hi = _growth_range(g.current, g.delta)
        slack = Decimal(5) / Decimal(10) ** (places(g.percent_text) + 1)
        stated = g.percent if g.delta >= 0 else -g.percent
        if lo - slack <= stated <= hi + slack:
            continue
        expected = quantize(g.delta / g.prior * 100)
        yield ctx.finding(
            f"「{g.subject}」本年{g.current}万元，比{g.base}{'增加' if g.delta >= 0 else '减少'}"
            f"{abs(g.delta)}万元，基数为{g.prior}万元，变动率应为{pct(abs(expected))}，说明称"
            f"{g.percent_text}%。",
            g.source,
            stated=f"{g.percent_text}%",
            expected=pct(abs(expected)),
            difference=abs(stated) - abs(expected),
        )


def _growth_range(current: Decimal, delta: Decimal) -> tuple[Decimal, Decimal]:
    values = [
        d / (c - d) * 100
        for c in (current - HALF, current + HALF)
        for d in (delta - HALF, delta + HALF)
        if c - d > 0
    ]
    return (min(values), max(values)) if values else (Decimal(0), Decimal(0))


@rule(
    "J006",
    "基数为0时的增长率",
    category="narrative",
    severity="error",
    source="[D] standards §2.4 N-2 (a percentage on a zero 上年 is undefined); issue #7",
)
def check_zero_base_growth(ctx: Context) -> Iterator[Finding]:
    """``10.23万元，比2023年度增加10.23万元，增长100.00%``: the amount compared with is 0, so no
    growth rate exists; the text should say the item is new (上年无此项支出)."""
    if not ctx.package.info.whole_final:
        return  # S001's, from the prose's figures
    for g in _growths(ctx):
        if abs(g.prior) > ctx.tolerance(Unit.WAN):
            continue
        if abs(g.current) <= ctx.tolerance(Unit.WAN) and g.percent == 0:
            # 0 → 0 written as "增长0%": nothing is misstated, the wording is only loose
            yield ctx.finding(
                zero_to_zero(g.subject, g.base, f"{g.percent_text}%"),
                g.source,
                stated=f"{g.percent_text}%",
                expected=f"{g.base}为0，无增长率",
                severity=Severity.INFO,
            )
            continue
        yield ctx.finding(
            f"「{g.subject}」本年{g.current}万元，比{g.base}{'增加' if g.delta >= 0 else '减少'}"
            f"{abs(g.delta)}万元，可知{g.base}为0，"
            f"增长率无法计算，说明却称{g.percent_text}%。",
            g.source,
            stated=f"{g.percent_text}%",
            expected=f"{g.base}为0，无增长率",
        )


@rule(
    "J007",
    "百分比实为增减金额",
    category="narrative",
    severity="error",
    source="[D] issue #7: a \u201cpercentage\u201d that equals an amount difference; standards §2.4 N-2",
)
def check_percent_is_amount(ctx: Context) -> Iterator[Finding]:
    """``减少13.52万元，下降13.52%``: the percentage repeats the amount of the change (a field filled
    with the wrong number); the rate on the base is computed for comparison."""
    if not ctx.package.info.whole_final:
        return  # S001's, from the prose's figures
    for g in _growths(ctx):
        if g.percent != abs(g.delta) or g.prior <= ctx.tolerance(Unit.WAN):
            continue
        lo, hi = _growth_range(g.current, g.delta)
        stated = g.percent if g.delta >= 0 else -g.percent
        if lo - HALF <= stated <= hi + HALF:
            continue  # the two coincide: 1.00万元 on 100.00万元 is 1.00%
        expected = quantize(abs(g.delta) / g.prior * 100)
        yield ctx.finding(
            f"「{g.subject}」的增减率写作{g.percent_text}%，与增减金额{abs(g.delta)}万元相同；按基数"
            f"{g.prior}万元应为{expected}%。",
            g.source,
            stated=f"{g.percent_text}%",
            expected=f"{expected}%",
            difference=g.percent - expected,
        )
