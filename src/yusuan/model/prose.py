"""Figures: what a sentence of prose states about one subject, whatever its wording.

``公务接待费支出决算为7.94万元，完成预算的39.7%，比上年减少0.46万元，下降5.44%，占66.39%``
is one figure: subject ``reception``, amount 7.94 万元, completion 39.7 %, change −0.46, growth
−5.44 %, share 66.39 %. Each percentage keeps the number of decimals it was printed with, so a
rule can tell a rounding from an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from yusuan.model.provenance import Source

_BASE_YEAR = re.compile(r"(\d{4})\s*年")
#: the base of a budget adjusted (由X调整为Y，调增Z): its prior is the amount before
ADJUSTED_BASE = "调整前预算"


@dataclass(frozen=True, slots=True)
class Percent:
    """A percentage as printed: its value and its decimals (``5.44%`` → 5.44, 2)."""

    value: Decimal
    places: int
    text: str  # as printed, e.g. "下降5.44%"


@dataclass(frozen=True, slots=True)
class Figure:
    """One subject's numbers stated together in a sentence.

    Amounts are in 元 × ``factor`` (``factor`` 10000 for 万元); ``change`` and ``growth`` carry
    the sign of their direction word; ``prior`` is an amount stated for the year compared with;
    ``budget`` the 预算 a 决算 amount is measured against; ``parent`` the index (in the package's
    figures) of the total this figure is listed under (其中…).
    """

    subject: str | None  # vocabulary key; None when the label names no subject the vocabulary knows
    label: str  # as printed, e.g. "公务用车购置及运行维护费支出决算"
    source: Source
    text: str  # the sentence
    factor: Decimal = Decimal(10000)
    year: int | None = None
    measure: str = ""  # 预算 or 决算 when the label says which; "" when it does not
    amount: Decimal | None = None
    amount_text: str = ""
    prior: Decimal | None = None
    prior_year: int | None = None
    change: Decimal | None = None
    change_text: str = ""
    growth: Percent | None = None
    share: Percent | None = None
    share_of: str = ""  # the base a share names: 占「政府采购支出总额」的6.7%
    budget: Decimal | None = None  # the 全年 (adjusted) budget, else the only one stated
    budget_initial: Decimal | None = None  # the 年初 budget, when a 全年 one is stated too
    completion: Percent | None = None
    base: str = ""  # what the change is against: 上年, 2017年预算数, 上年决算数 …
    parent: int | None = None
    index: int = 0
    flat: bool = False  # 持平 / 无变化 stated
    section: str = ""  # the heading of the section the sentence is under
    reason: str = ""  # the cause the sentence gives for the change (主要原因是…)
    code: str | None = None  # a classification code the paragraph names: （201类）（03款）
    cause_of: int | None = None  # the figure whose change this one explains (主要是A减少x…)
    #: the figure this one is a second comparison of (…较上年减少19万元，较年初预算数减少4万元):
    #: same subject, no amount of its own, measured against another base
    again_of: int | None = None

    @property
    def base_year(self) -> int | None:
        """The year a change is measured against when the text names one (比2025年…)."""
        m = _BASE_YEAR.search(self.base)
        return int(m.group(1)) if m else None


def linked(figures: tuple[Figure, ...]) -> tuple[Figure, ...]:
    """Figures as a model file may hold them, made consistent: each one's ``index`` its place,
    and a link to another figure (``parent``, ``cause_of``, ``again_of``) only to one before it
    (a hand-edited or damaged model is read, never trusted to index the list)."""

    def before(i: int, link: int | None) -> int | None:
        return link if link is not None and 0 <= link < i else None

    out = []
    for i, f in enumerate(figures):
        fixed = (i, before(i, f.parent), before(i, f.cause_of), before(i, f.again_of))
        if fixed != (f.index, f.parent, f.cause_of, f.again_of):
            f = replace(f, index=i, parent=fixed[1], cause_of=fixed[2], again_of=fixed[3])
        out.append(f)
    return tuple(out)
