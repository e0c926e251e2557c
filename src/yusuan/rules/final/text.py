"""What 决算 narrative sentences are made of: numbers, sentences and clauses, the 三公 items
and their cells in the 三公 决算表, percentages as printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from yusuan.lang import VOCABULARY
from yusuan.model import TableKind
from yusuan.money import quantize
from yusuan.rules.context import Context
from yusuan.said import quantities as q

NUM = r"(\d[\d,]*(?:\.\d+)?)"
_SENTENCE = re.compile(r"[^。]*。?")

#: 三公 items (keys of the 三公 table) and how findings name them, from the budget vocabulary
THREE_PUBLIC_NAMES = {"total": VOCABULARY.name("sangong")} | {
    k: VOCABULARY.name(k)
    for k in ("outbound", "vehicle", "vehicle_operation", "vehicle_purchase", "reception")
}


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) pairs; a sentence ends with 。."""
    for m in _SENTENCE.finditer(text):
        if m.group(0):
            yield m.start(), m.group(0)


def three_public_key(text: str) -> str | None:
    """The 三公 item a clause names (through the vocabulary), as a key of the 三公 table."""
    key = VOCABULARY.subject_of(text)
    if key == "sangong":
        return "total"
    return key if key in THREE_PUBLIC_NAMES else None


def three_public_value(ctx: Context, key: str, measure: str) -> Decimal | None:
    """A 三公 cell of a 决算 table (预算数 or 决算数 row), in 万元; None without such a table."""
    t = ctx.table(TableKind.THREE_PUBLIC)
    if t is None or {r.name for r in t.rows} < {"预算数", "决算数"}:
        return None
    found = q.three_public(ctx.package, key, measure)
    return None if found is None else quantize(found.value)


def places(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def pct(value: Decimal) -> str:
    return f"{quantize(value)}%"


_CLAUSE_START = re.compile(r"[；;。]|其中[:：]?")


def clause_before(text: str, end: int) -> tuple[int, str]:
    """The clause that ends at ``end``: from the last ；/。/其中 before it."""
    start = 0
    for m in _CLAUSE_START.finditer(text, 0, end):
        start = m.end()
    return start, text[start:end]


HALF = Decimal("0.005")  # half a printed cent: what rounding to 0.01 may hide
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


def ratio_range(part: Decimal, whole: Decimal) -> tuple[Decimal, Decimal]:
    """part/whole × 100 allowing each printed amount its rounding."""
    values = [
        (p / w) * 100
        for p in (part - HALF, part + HALF)
        for w in (whole - HALF, whole + HALF)
        if w > 0
    ]
    return min(values), max(values)
