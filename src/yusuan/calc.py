"""Evaluate the calculations written in project descriptions (测算依据).

``15元/午餐*22.5天*12月*264人=1069200元`` → 1069200. Units attached to numbers are skipped;
``元/午餐`` is a unit (the ``/`` follows a unit word), ``（a+b）/2`` is a division. Decimal only,
no ``eval``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation, getcontext
from functools import lru_cache

from yusuan.money import number

_OPS = {
    "+": "+",
    "-": "-",
    "－": "-",
    "*": "*",
    "×": "*",
    "x": "*",
    "X": "*",
    "＊": "*",
    "÷": "/",
    "/": "/",
    "／": "/",
}
_DIGITS = frozenset("0123456789")
_OPEN = "(（"
_CLOSE = ")）"


class CalcError(ValueError):
    """The text is not an arithmetic expression."""


def tokenize(text: str) -> list[str | Decimal]:
    """Numbers, operators and parentheses of an expression written with units."""
    tokens: list[str | Decimal] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in _DIGITS:
            j = i
            while j < n and (text[j] in _DIGITS or text[j] in ".,"):
                j += 1
            raw = text[i:j].rstrip(".,").replace(",", "")
            try:
                tokens.append(Decimal(raw))
            except InvalidOperation as exc:  # "1.2.3"
                raise CalcError(raw) from exc
            i = i + len(text[i:j].rstrip(".,"))
            continue
        if ch in "%％":
            if tokens and isinstance(tokens[-1], Decimal):
                tokens[-1] = tokens[-1] / 100
            i += 1
            continue
        if ch in _OPEN:
            tokens.append("(")
        elif ch in _CLOSE:
            tokens.append(")")
        elif ch in _OPS:
            op = _OPS[ch]
            prev = text[i - 1] if i > 0 else ""
            if op == "/" and prev and not (prev.isdigit() or prev in _CLOSE or prev == " "):
                i = _skip_unit(text, i + 1)  # 元/平方米: a unit, not a division
                continue
            if ch in "xX" and not (prev.isdigit() or prev == " "):
                i += 1
                continue
            tokens.append(op)
        i += 1
    return tokens


def _skip_unit(text: str, i: int) -> int:
    while i < len(text) and not (text[i].isdigit() or text[i] in _OPS or text[i] in _OPEN + _CLOSE):
        i += 1
    return i


def evaluate(tokens: list[str | Decimal]) -> Decimal:
    """Evaluate tokens with the usual precedence."""
    pos = 0

    def peek() -> str | Decimal | None:
        return tokens[pos] if pos < len(tokens) else None

    def take() -> str | Decimal:
        nonlocal pos
        if pos >= len(tokens):
            raise CalcError("unexpected end")
        t = tokens[pos]
        pos += 1
        return t

    def atom() -> Decimal:
        t = take()
        if isinstance(t, Decimal):
            return t
        if t == "(":
            v = expr()
            if take() != ")":
                raise CalcError("missing )")
            return v
        if t == "-":
            return -atom()
        raise CalcError(f"unexpected {t}")

    def term() -> Decimal:
        v = atom()
        while peek() in ("*", "/"):
            op = take()
            rhs = atom()
            v = v * rhs if op == "*" else v / rhs
        return v

    def expr() -> Decimal:
        v = term()
        while peek() in ("+", "-"):
            op = take()
            rhs = term()
            v = v + rhs if op == "+" else v - rhs
        return v

    try:
        value = expr()
    except (InvalidOperation, DivisionByZero) as exc:
        raise CalcError(str(exc)) from exc
    if pos != len(tokens):
        raise CalcError("trailing tokens")
    return value


@dataclass(frozen=True, slots=True)
class Equation:
    """``left = stated`` found in a text."""

    left: str
    value: Decimal  # the evaluated left side
    stated: Decimal
    unit: str  # 元 / 万元 / "" as written after the result
    start: int
    end: int


_RESULT = re.compile(r"=\s*(\d[\d,]*(?:\.\d+)?)\s*(万元|元|万)?")
_LEFT_STOP = re.compile(r"[：:，,；;。、\n=]|合计|共计|总计|为|计算")


def equations(text: str) -> list[Equation]:
    """All ``expression = result`` pairs whose left side has at least one operator."""
    ctx = getcontext()
    traps = tuple(t.__name__ for t, on in ctx.traps.items() if on)
    return list(_equations(text, ctx.prec, ctx.rounding, traps))


@lru_cache(maxsize=1024)
def _equations(text: str, *context: object) -> tuple[Equation, ...]:
    """:func:`equations`, remembered for the text and the arithmetic ``context`` it is evaluated
    in (P001 and P002 read the same descriptions). The stops are found once in the whole text:
    those before a result are the stops of the text before it (no stop runs across a ``=``)."""
    out: list[Equation] = []
    every = list(_LEFT_STOP.finditer(text))
    ends = [s.end() for s in every]
    for m in _RESULT.finditer(text):
        head = text[: m.start()]
        stops = every[: bisect_right(ends, m.start())]
        start = stops[-1].end() if stops else 0
        # a comma inside a number is not a stop
        while (
            start > 0
            and start < len(head)
            and head[start - 1] == ","
            and head[start - 2 : start - 1].isdigit()
        ):
            prev = [s for s in stops if s.end() < start - 1]
            start = prev[-1].end() if prev else 0
        left = head[start:]
        try:
            tokens = tokenize(left)
        except CalcError:
            continue
        if not any(isinstance(t, str) and t in "+-*/" for t in tokens):
            continue
        try:
            value = evaluate(tokens)
        except CalcError:
            continue
        out.append(
            Equation(
                left.strip(),
                value,
                number(m.group(1)),
                m.group(2) or "",
                start,
                m.end(),
            )
        )
    return tuple(out)
