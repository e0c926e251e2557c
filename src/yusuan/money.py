"""Money: ``Decimal`` amounts with an explicit unit (元 / 万元), parsing and rounding.

Budget disclosures print amounts rounded to 0.01 in their unit (usually 万元). Amounts are never
floats here: parsing yields ``Decimal``, conversion between 元 and 万元 is exact, and comparison
tolerances are expressed in the display quantum of the unit (see :class:`yusuan.rules.context.Context`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, getcontext, localcontext
from enum import Enum
from functools import lru_cache

CENT = Decimal("0.01")
_WAN = Decimal(10000)


class Unit(str, Enum):
    """Currency unit used by a table or a narrative amount."""

    YUAN = "元"
    WAN = "万元"

    @property
    def factor(self) -> Decimal:
        """How many 元 one of this unit is."""
        return Decimal(1) if self is Unit.YUAN else _WAN

    @classmethod
    def parse(cls, text: str) -> Unit | None:
        """Find the unit in a ``单位：万元`` style line or a unit cell (亿元, 千元: none of the two
        yusuan's tables are kept in — not read as 元)."""
        if "亿元" in text or "千元" in text:
            return None
        if "万元" in text:
            return cls.WAN
        if "元" in text:
            return cls.YUAN
        return None


#: a dash printed in an amount cell: a blank, zero
DASHES = frozenset({"-", "－", "—", "–", "——"})

#: a money unit printed at the end of a column's label: 预算数（万元）, 金额(元)
LABEL_UNIT = re.compile(r"[（(]\s*(万元|元)\s*[）)]\s*$")


def label_unit(labels: Iterable[str]) -> Unit | None:
    """The one money unit that column labels declare at their end (预算数（万元）), or None when
    they declare none, or both."""
    units = {Unit.parse(m.group(1)) for label in labels if (m := LABEL_UNIT.search(label))}
    return units.pop() if len(units) == 1 else None


def convert(amount: Decimal, source: Unit, target: Unit) -> Decimal:
    """Convert an amount between units exactly."""
    if source is target:
        return amount
    return amount * source.factor / target.factor


def quantize(amount: Decimal, quantum: Decimal = CENT) -> Decimal:
    """Round half-up to ``quantum`` (the display precision of budget tables). A number too
    long for the context's precision is rounded with the precision it needs, not refused."""
    if amount.is_finite() and amount.adjusted() - quantum.adjusted() >= getcontext().prec:
        with localcontext() as ctx:
            ctx.prec = amount.adjusted() - quantum.adjusted() + 2
            return amount.quantize(quantum, rounding=ROUND_HALF_UP)
    return amount.quantize(quantum, rounding=ROUND_HALF_UP)


_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－（）％＋", "0123456789.,-()%+")
#: the most integer digits an amount has: a longer run of digits is not an amount (and 10
#: decimals at most), so no Decimal arithmetic ever sees one. 10^20 万元 is far past any budget
#: and its conversions stay exact in Decimal's 28 digits; the web editor refuses what a person
#: types past 15 digits as 金额过大
MAX_DIGITS = 20
_INTEGER = r"(?:\d{1,2}(?:,\d{3}){6}|\d{1,3}(?:,\d{3}){1,5}|\d{1,20})"  # ≤ 20 digits
_NUMBER_RE = re.compile(rf"^[-+]?{_INTEGER}(?:\.\d{{1,10}})?$")
_PLAIN = re.compile(rf"^{_INTEGER}(?:\.\d{{1,10}})?$")
_DASHES = DASHES | {"/"}


def normalize_digits(text: str) -> str:
    """Full-width digits and punctuation to ASCII."""
    return text.translate(_FULLWIDTH)


def number(text: str) -> Decimal:
    """A number matched in prose or a formula (``1,234.56``): thousands separators dropped."""
    return Decimal(text.replace(",", ""))


@lru_cache(maxsize=16384)
def parse_amount(text: str) -> Decimal | None:
    """Parse a printed amount cell (remembered: a document prints its totals many times, and a
    Decimal is immutable).

    Accepts thousands separators, full-width digits, parentheses for negatives and a trailing
    unit. Returns ``None`` for a blank cell and for dash placeholders (which mean "nothing").

    Raises:
        ValueError: the text is not blank and not a number.
    """
    if _PLAIN.match(text):
        return Decimal(text.replace(",", ""))
    t = normalize_digits(text).strip().replace(" ", "")
    if t in _DASHES or t == "":
        return None
    for suffix in ("万元", "元"):
        if t.endswith(suffix):
            t = t[: -len(suffix)]
    negative = False
    if t.startswith("(") and t.endswith(")"):
        negative, t = True, t[1:-1]
    if not _NUMBER_RE.match(t):
        raise ValueError(text)
    try:
        value = Decimal(t.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - regex guards this
        raise ValueError(text) from exc
    return -value if negative else value


@lru_cache(maxsize=16384)
def is_amount(text: str) -> bool:
    """True when the text is a number as printed in an amount cell."""
    if _PLAIN.match(text):
        return True
    t = normalize_digits(text).strip().replace(" ", "")
    if t.startswith("(") and t.endswith(")"):
        t = t[1:-1]
    return bool(_NUMBER_RE.match(t))


NOT_AN_AMOUNT = "不是金额"
#: spaces a person (or an input method, or a copy from Excel/WPS) leaves inside a typed amount
_TYPED_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u3000\u202f]+")
#: a unit typed after an amount, longest first
_TYPED_SUFFIXES = (("万元", Unit.WAN), ("万", Unit.WAN), ("元", Unit.YUAN))


class TypedAmountError(ValueError):
    """A typed amount that cannot be read; ``reason`` says why, in Chinese."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(text)
        self.text = text
        self.reason = reason


def parse_typed(text: str, unit: Unit | None) -> Decimal | None:
    """An amount as a person types it into a cell, in ``unit``: full-width digits and
    punctuation, spaces (full-width, no-break) and thousands separators (``,`` or ``，``) are
    dropped; a trailing 万元/万/元 is converted exactly into ``unit`` (refused when ``unit`` is
    None). Blank and a dash are "nothing" (None). The editor's script (``web/static/editor.js``)
    reads the same way, so what the page shows is what the server stores.

    Raises:
        TypedAmountError: not an amount, or a unit conversion leaving more than two decimals.
    """
    t = _TYPED_SPACES.sub("", normalize_digits(text)).replace("，", ",")
    if t == "" or t in _DASHES:
        return None
    typed: Unit | None = None
    for suffix, suffix_unit in _TYPED_SUFFIXES:
        if t.endswith(suffix):
            t, typed = t[: -len(suffix)], suffix_unit
            break
    negative = t.startswith("(") and t.endswith(")")
    if negative:
        t = t[1:-1]
    if not _NUMBER_RE.match(t):
        raise TypedAmountError(text, NOT_AN_AMOUNT)
    value = Decimal(t.replace(",", ""))
    value = -value if negative else value
    if typed is not None and typed is not unit:
        if unit is None:
            raise TypedAmountError(text, "请去掉金额后的单位")
        value = convert(value, typed, unit)
        if value != quantize(value):
            raise TypedAmountError(text, f"换算为{unit.value}后超过两位小数")
        value = quantize(value)
    return value


# -- amounts as finance staff read them ------------------------------------------------------


def amount_text(
    value: Decimal, unit: Unit | str | None = None, *, sign: bool = False, label: bool = True
) -> str:
    """An amount as finance staff read it: 千分位, two decimals rounded half-up, the unit beside
    it (``1,421.74 万元``). ``sign`` writes + before a positive amount (a 差额); ``label=False``
    leaves the unit to a column's heading. The one formatting of amounts: the CLI's reports,
    the rules' messages, the web pages and the exported review opinions all come here."""
    text = format(quantize(value), "+,f" if sign else ",f")
    name = unit.value if isinstance(unit, Unit) else unit
    return f"{text} {name}" if name and label else text


#: an amount in a sentence written without 千分位: 4+ whole digits and two decimals (or one,
#: right before 元/万元) not followed by a percent or 个百分点, or 4+ whole digits right before
#: 元/万元. A year, a 科目 code, a count or a line number is never followed by 元 and never has
#: two decimals; a date (2025.01-2025.12, 2026.12.31) is left alone
_UNGROUPED = re.compile(
    r"(?<![\d,.])(?<!\d[-—～~至])(\d{4,})"
    r"(?:(\.\d\d|\.\d(?=万?元))(?![\d.%％\-—～~至]|个百分点)|(?=万?元))"
)


#: what a sentence quotes from the document (「…」, “…”): left as printed
_QUOTED = re.compile(r"(「[^」]*」|“[^”]*”)")


def digits(value: Decimal) -> str:
    """An amount to the places it was printed with, in 千分位: ``1356`` → ``1,356``,
    ``911.7`` → ``911.7`` (a sentence restating a document's amount keeps its precision)."""
    return format(value, ",f")


def group_amounts(text: str) -> str:
    """A sentence with its amounts in 千分位 (``合计1100880.00元`` → ``合计1,100,880.00元``,
    ``8265元`` → ``8,265元``); the words, units and digits stay as written, years, codes,
    counts and percentages are left alone (``2026年``, ``2101103``, ``1234.56%``), and so is
    what the sentence quotes from the document (「转1837600元元」)."""
    parts = _QUOTED.split(text)
    return "".join(
        part if i % 2 else _UNGROUPED.sub(_grouped, part) for i, part in enumerate(parts)
    )


def _grouped(m: re.Match[str]) -> str:
    return f"{int(m.group(1)):,}{m.group(2) or ''}"
