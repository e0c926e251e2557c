"""The prose's figures as the narrative rules read them: each figure's year as the page means
it, the amount a change or a rate is about, the total a part or a share belongs to.

Amounts are compared at the precision they were printed with: a figure printed ``12万元`` may
be anything from 11.5 to 12.5, so a rate computed from it has a range (:func:`ratio_range`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from yusuan.lang import VOCABULARY
from yusuan.model import BudgetPackage, Figure, Percent, Source
from yusuan.money import Unit, digits
from yusuan.recognize.wording import title_years
from yusuan.rules.context import TAIL_NOTE, Context
from yusuan.rules.findings import Finding, Severity

HUNDRED = Decimal(100)
SOURCE = "[D] standards §2.4 N-2; issue #14 (narrative algebra without tables)"


def half(value: Decimal) -> Decimal:
    """Half a unit of the last printed digit: ``12`` → 0.5, ``0.46`` → 0.005; a printed 0 is
    exactly nothing."""
    if not value:
        return Decimal(0)
    exp = value.as_tuple().exponent
    return Decimal(5).scaleb(int(exp) - 1) if isinstance(exp, int) else Decimal(0)


def ratio_range(num: Decimal, den: Decimal) -> tuple[Decimal, Decimal] | None:
    """The range of num ÷ den × 100 over the values the two printed numbers may round from."""
    values = [
        n / d * HUNDRED
        for n in (num - half(num), num + half(num))
        for d in (den - half(den), den + half(den))
        if d > 0
    ]
    return (min(values), max(values)) if values else None


def within(p: Percent, rng: tuple[Decimal, Decimal]) -> bool:
    """The printed percentage is one the range rounds to (at its own decimals)."""
    slack = Decimal(5).scaleb(-p.places - 1)
    v = abs(p.value)
    return rng[0] - slack <= v <= rng[1] + slack


def truncated(p: Percent, exact: Decimal) -> bool:
    """The printed percentage is the exact one cut (not rounded) at its decimals: 尾差."""
    q = Decimal(1).scaleb(-p.places)
    cut = (abs(exact) // q) * q
    return abs(p.value) == cut or abs(abs(p.value) - abs(exact)) <= q


def verdict(
    p: Percent, exact: Decimal, rng: tuple[Decimal, Decimal] | None
) -> tuple[bool, str] | None:
    """How a printed percentage compares with the one computed from the printed amounts:
    None when it is that one rounded; (True, note) for 尾差 (cut instead of rounded, one unit of
    its last digit off, or within what the amounts' own rounding allows: info); (False, "。")
    for an error."""
    q = Decimal(1).scaleb(-p.places)
    stated = abs(p.value)
    if abs(exact).quantize(q, rounding="ROUND_HALF_UP") == stated:
        return None
    if truncated(p, exact):
        return True, TAIL_NOTE
    if rng is not None and within(p, rng):
        return True, (
            f"（按所列金额计算为{pct(abs(exact))}；所列金额四舍五入前可在{pct(rng[0])}～"
            f"{pct(rng[1])}之间，可能为尾差，请核实）"
        )
    return False, "。"


def gap_finding(
    ctx: Context,
    message: str,
    location: Source,
    *,
    stated: Decimal,
    expected: Decimal,
    slack: Decimal,
    related: tuple[Source, ...] = (),
    unit: Unit | None = None,
    beyond: tuple[str, Severity | None] = ("。", None),
) -> Finding:
    """A stated amount against the one the page's other amounts make: a gap within ``slack``
    (the rounding of the amounts printed) is 尾差 (info), one beyond it ends its message and is
    judged as ``beyond`` says (the rule's own severity unless it names one)."""
    tail = abs(stated - expected) <= slack
    end, severity = beyond
    return ctx.finding(
        message + (TAIL_NOTE if tail else end),
        location,
        stated=stated,
        expected=expected,
        difference=stated - expected,
        severity=Severity.INFO if tail else severity,
        related=related,
        unit=unit,
    )


def signed_sum(values: list[Decimal]) -> str:
    """``-603.68 + 1,884.46 − 413.17``: each value after the first with its own sign."""
    head, *rest = values
    first = digits(head + 0)  # (+ 0: a −0 printed as 0)
    return first + "".join(f" − {digits(-v)}" if v < 0 else f" + {digits(v)}" for v in rest)


def pct(value: Decimal, places: int = 2) -> str:
    return f"{value.quantize(Decimal(1).scaleb(-places))}%"


def unit_name(factor: Decimal) -> str:
    return VOCABULARY.unit_name(factor)


_HEAD = re.compile(r"^.*(?:情况|说明|如下)(?=.)")
_MEASURE_TAIL = re.compile(r"(?:年初|全年|调整后)?(?:预算|决算)(?:数)?(?:为|是)?$")


#: the funds a figure is of (一般公共预算 / 政府性基金 … / 财政拨款): 基本支出 of all funds and
#: 一般公共预算财政拨款基本支出 are two amounts
_SCOPE = re.compile(r"一般公共预算|政府性基金|国有资本经营|社会保险基金|财政拨款|财政专户|上年结转")


def zero_to_zero(subject: str, base: str, printed: str) -> str:
    """The message for 0 → 0 written as a growth rate (loose wording, nothing misstated)."""
    return (
        f"「{subject}」本年与{base}均为0，没有增长率可言，说明写作{printed}，"
        "宜写作「与上年持平」或「均未发生」。"
    )


def amount_text(value: Decimal, fig: Figure) -> str:
    """An amount in the unit its figure was printed in, to the places it was printed with:
    ``7.94万元`` (the finding's message gets its 千分位 from :func:`yusuan.money.group_amounts`)."""
    return f"{digits(value)}{unit_name(fig.factor)}"


def money_unit(fig: Figure) -> Unit | None:
    """The money unit of a figure's amounts (元 or 万元; None for 亿元, which findings' values
    are not given in), for a finding's ``unit``."""
    return _UNITS.get(fig.factor)


_UNITS = {Unit.YUAN.factor: Unit.YUAN, Unit.WAN.factor: Unit.WAN}


def scope(fig: Figure) -> frozenset[str]:
    return frozenset(_SCOPE.findall(fig.label))


def as_unit(value: Decimal | None, source: Figure, target: Figure) -> Decimal | None:
    """A value of ``source`` in the unit ``target``'s figures are printed in (元 → 万元 …)."""
    if value is None or source.factor == target.factor:
        return value
    return value * source.factor / target.factor


def name(fig: Figure) -> str:
    """How a finding names the figure's subject: the vocabulary's name, else the label without
    a heading run into it or its measure words (…具体情况一般公共预算财政拨款支出年初预算 →
    一般公共预算财政拨款支出)."""
    if fig.subject:
        return VOCABULARY.name(fig.subject)
    label = _MEASURE_TAIL.sub("", _HEAD.sub("", fig.label)) or fig.label
    return ("…" + label[-23:] if len(label) > 24 else label) or "该项"


_YEARS = re.compile(r"\d{4}\s*年度?|[为是]$|\s")
#: how far the amount has come, said after the name (税收收入完成 ~ 税收收入)
_DONE = re.compile(r"(?:累计)?(?:完成|实现)(?:数)?$")


def _label_key(label: str) -> str:
    """A label as compared for a subject the vocabulary does not know: 2023年度收入合计 ~ 收入合计,
    税收收入累计完成 ~ 税收收入."""
    return _DONE.sub("", _YEARS.sub("", label))


#: both sides named at once (收支, 收支总计, 收、支总计) and each side's total
_BOTH = re.compile(r"收、?支(?:总计)?")
_SIDE_TOTAL = re.compile(r"(?:收入|支出)总计$")


class Figures:
    """The figures of one package with the lookups the narrative rules share."""

    def __init__(self, package: BudgetPackage) -> None:
        self.year = package.info.year
        self.final = package.info.stage == "决算"
        self.all = package.figures
        # a report on one year's execution and the next year's budget names both years
        self.title_years = title_years(p.text for p in package.paragraphs[:3])
        self.years = tuple(self._year(f) for f in self.all)
        self._kids: dict[int, list[Figure]] = {}
        for f in self.all:
            if f.parent is not None:
                self._kids.setdefault(f.parent, []).append(f)

    def _year(self, fig: Figure) -> int | None:
        """A figure printed with another year but stated against 上年 or a budget is this year's
        (the year is a slip, reported by W003) when the page states no other amount of it."""
        if fig.year == self.year or self.year is None or fig.year is None:
            return fig.year or self.year
        if fig.year in self.title_years:
            return fig.year  # (2025年…完成年初预算的102.04% in 2025年执行和2026年草案的报告)
        current = (fig.change is not None and fig.base.startswith("上年")) or fig.completion
        if (
            current
            and fig.year < self.year
            and not any(
                g.subject == fig.subject and g.year == self.year and g.amount is not None
                for g in self.all
            )
        ):
            return self.year
        return fig.year

    def year_of(self, fig: Figure) -> int | None:
        return self.years[fig.index]

    def same(self, a: Figure, b: Figure) -> bool:
        """The same year and measure (预算/决算), as far as the two say: in a 决算 an amount
        that names no measure is spent (决算), not a 预算."""
        if self.year_of(a) != self.year_of(b):
            return False
        ma, mb = a.measure, b.measure
        if self.final and {ma, mb} == {"预算", ""}:
            return False
        return not ma or not mb or ma == mb

    def amount(self, fig: Figure) -> Decimal | None:
        """The figure's amount, or the amount the page states elsewhere for the same subject,
        year and measure (a change sentence after the level sentence)."""
        if fig.amount is not None:
            return fig.amount
        key = _label_key(fig.label)
        if fig.subject is None and len(key) < 2:
            return None
        found = [
            g
            for g in self.all
            if g.amount is not None
            and self.same(fig, g)
            and (
                g.subject == fig.subject
                if fig.subject
                else _label_key(g.label) in (key, key + "收入", key + "支出")  # (税收: 税收收入)
            )
        ]
        if not found and fig.subject is None:
            found = self._named_before(fig, key)
        if not found and fig.subject is None and _BOTH.fullmatch(key):
            found = self._both_before(fig)
        values = {as_unit(g.amount, g, fig) for g in found}
        return as_unit(found[0].amount, found[0], fig) if len(values) == 1 else None

    def said_before(self, fig: Figure) -> Decimal | None:
        """The amount the figure's words were given just before (``非税收入完成21553万元。
        非税收入占一般公共预算地方收入的27.01%``): the nearest of the three figures before it,
        of its year and measure, under the same words, listed under no other total (中央本级
        “三公”经费…，具体构成为：因公出国费15.39亿元, then 部门“三公”经费…出国费占83.2%: another's)."""
        key = _label_key(fig.label)
        for g in reversed(self.all[max(0, fig.index - 3) : fig.index]):
            if (
                g.amount is not None
                and g.parent is None
                and self.same(fig, g)
                and _label_key(g.label) == key
            ):
                return as_unit(g.amount, g, fig)
        return None

    def _both_before(self, fig: Figure) -> list[Figure]:
        """收支 (and 收、支总计): the 收入总计 and the 支出总计 stated just before, when they are one
        amount (``收入总计618.38万元，支出总计618.38万元。收支较上年决算数减少194.65万元``)."""
        sides = [
            g
            for g in self.all[max(0, fig.index - 4) : fig.index]
            if g.amount is not None and self.same(fig, g) and _SIDE_TOTAL.search(g.label)
        ]
        values = {as_unit(g.amount, g, fig) for g in sides}
        return sides[:1] if len(sides) >= 2 and len(values) == 1 else []

    def _named_before(self, fig: Figure, key: str) -> list[Figure]:
        """The nearest figure before ``fig`` that names the same thing with more words before it
        (``某某部2024年度收入支出总计307.82万元。与2023年度相比，收入支出总计增加…``), of the same
        funds (财政拨款收入支出总计 is another total)."""
        for g in reversed(self.all[: fig.index]):
            if (
                g.amount is not None
                and g.subject is None
                and _label_key(g.label).endswith(key)
                and scope(g) == scope(fig)
                and self.same(fig, g)
            ):
                return [g]
        return []

    def total(self, fig: Figure) -> Figure | None:
        """The total a part is listed under: its 其中 parent, else the nearest figure before it
        of the subject the vocabulary puts above it, for the same year and measure."""
        if fig.parent is not None:
            parent = self.all[fig.parent]
            if parent.amount is not None and self.same(fig, parent):
                return parent
        if fig.subject is None:
            return None
        above = VOCABULARY.subjects[fig.subject].parent
        if above is None:
            return None
        for g in reversed(self.all[: fig.index]):
            if g.subject == above and g.amount is not None and self.same(fig, g):
                return g
        return None

    def children(self, total: Figure) -> Iterator[Figure]:
        """The figures listed under ``total`` (其中), in order."""
        yield from self._kids.get(total.index, ())


def figures_of(ctx: Context) -> Figures:
    """The package's figures, read once per check."""
    found = ctx.memo.get("figures")
    if not isinstance(found, Figures):
        found = ctx.memo["figures"] = Figures(ctx.package)
    return found
