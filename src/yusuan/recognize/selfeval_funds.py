"""资金 blocks of performance tables in the layouts the row reader of
:mod:`recognize.selfeval_fundrows` does not know (it reads a header of column labels over rows
labelled 年度资金总额, 其中：…):

- **key–value blocks**: each amount after its own label, in a sentence
  (``年初预算数：100万元；全年执行数：95万元；执行率：95%``) or a two-column list (the label on
  one line, its value on the next);
- **行次/列次 grids** (决算-style): columns named by letters and numbered on a 列次 (栏次) row,
  rates defined by their letters (``预算执行(E/C×100%)``), each row after its 行次 number.

Both become :class:`FundsRow`\\ s the 资金 rules read like any other; what cannot be placed with
certainty is left out."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from yusuan.lang.selfeval import SELFEVAL_WORDS as W
from yusuan.lang.selfeval import label_key
from yusuan.lang.vocabulary import fold, longest_first
from yusuan.model import Source
from yusuan.model.selfeval import FundsRow, Printed
from yusuan.readers.raw import RawDocument

_AMOUNT_COLUMNS = ("budget_initial", "budget", "executed")
_UNITS = ("万元", "元")
_NUMBER_LINE = re.compile(r"^\s*(-?\d[\d,]*(?:\.\d+)?)\s*(万元|元|%|分)?\s*$")


def _printed(number: str, unit: str) -> Printed:
    text = number.replace(",", "")
    places = len(text.split(".")[1]) if "." in text else 0
    return Printed(Decimal(text), places, unit == "%", number + (unit if unit == "%" else ""))


@dataclass(frozen=True, slots=True)
class _Pair:
    column: str  # a funds column (budget, executed, rate …)
    value: Printed
    unit: str
    line: int
    clause: int  # which logical line it was read from


def _pattern() -> re.Pattern[str]:
    words = longest_first(w for ws in W.funds_columns.values() for w in ws)
    return re.compile(
        r"(" + "|".join(re.escape(w) for w in words) + r")"
        r"(?:\([A-Za-z/×*%\d]*\))?\s*(?:[:：]|为|是|达)?\s*"
        r"(-?\d[\d,]*(?:\.\d+)?)\s*(万元|元|%|分)?"
    )


_KEYED = _pattern()


#: two numbers a space apart (``执行数 6.84 100.00``: the amount, then the next column's rate)
_APART = re.compile(r"(\d%?)\s+(?=-?\d)")


def _logical_lines(doc: RawDocument) -> list[tuple[str, int]]:
    """The page's lines folded, a label alone on its line joined with the number on the next
    (a two-column list)."""
    lines = [(fold(_APART.sub(r"\1;", x.text)).strip(), x.number) for x in doc.lines]
    lines = [(t, n) for t, n in lines if t]
    out: list[tuple[str, int]] = []
    k = 0
    while k < len(lines):
        text, number = lines[k]
        if (
            k + 1 < len(lines)
            and W.funds_column(text) is not None
            and _NUMBER_LINE.match(lines[k + 1][0])
        ):
            out.append((f"{label_key(text)}:{lines[k + 1][0]}", number))
            k += 2
            continue
        out.append((text, number))
        k += 1
    return out


def _block(pairs: Sequence[_Pair]) -> list[_Pair]:
    """The pairs from the first on: its sentence (a line) and the lines right after it that
    hold pairs too (a two-column list: one pair a line), at most eight lines."""
    out: list[_Pair] = []
    for p in pairs:
        if out and (p.clause > out[-1].clause + 1 or p.clause - out[0].clause >= 8):
            break
        out.append(p)
    return out


_BARE_END = re.compile(r";?(-?\d+(?:\.\d+)?)%?$")


def _last_column(
    lines: Sequence[tuple[str, int]], clause: int, end: int
) -> tuple[str, Printed] | None:
    """A rate printed bare at the end of a line of pairs, under a header line ending with its
    label (``… 资金执行情况 预算执行进度(%)`` over ``预算数 6.84 到位数 6.84 执行数 6.84 100.00``)."""
    m = _BARE_END.fullmatch(lines[clause][0][end:])
    if m is None or clause == 0:
        return None
    header = label_key(lines[clause - 1][0])
    if not any(header.endswith(w) for w in W.funds_columns["rate"]):
        return None
    return "rate", _printed(m.group(1), "%")


def keyed_funds(doc: RawDocument, path: str) -> FundsRow | None:
    """The first key–value 资金 block: a budget and an executed amount (in one unit) in one
    sentence or a run of lines each holding a pair, with the rate and score printed there."""
    pairs: list[_Pair] = []
    lines = _logical_lines(doc)
    for clause, (text, number) in enumerate(lines):
        end = len(text)
        for m in _KEYED.finditer(text):
            end = m.end()
            column = W.funds_column(m.group(1))
            unit = m.group(3) or ""
            if column is None or (column == "rate") != (unit == "%"):
                continue
            if column in ("score", "weight") and re.match(
                r"[\u4e00-\u9fff]", text[m.start() - 1 : m.start()]
            ):
                continue  # 自评得分, 总得分: the sheet's score, not the execution's
            if column in _AMOUNT_COLUMNS and unit not in ("", *_UNITS):
                continue
            pairs.append(_Pair(column, _printed(m.group(2), unit), unit, number, clause))
        if pairs and pairs[-1].clause == clause and (tail := _last_column(lines, clause, end)):
            pairs.append(_Pair(tail[0], tail[1], "%", number, clause))
    for k, first in enumerate(pairs):
        if first.column not in ("budget", "budget_initial"):
            continue
        block = _block(pairs[k:])
        if not any(p.column == "executed" for p in block):
            continue
        if len({p.unit for p in block if p.column in _AMOUNT_COLUMNS}) != 1:
            return None  # 万元 beside 元: not one block
        found: dict[str, Printed] = {}
        for p in block:
            found.setdefault(p.column, p.value)
        if "weight" not in found:
            found.pop("score", None)  # a score is judged against the points printed with it
        return FundsRow(
            "total",
            "资金",
            found.get("budget_initial"),
            found.get("budget") or found.get("budget_initial"),
            found.get("executed"),
            found.get("weight"),
            found.get("rate"),
            found.get("score"),
            Source(file=path, line=first.line, table="绩效自评表", row="资金"),
        )
    return None


# ---------------------------------------------------------------------------- 行次/列次


_LETTER = re.compile(r"^\(([A-Z])\)$")
_FORMULA = re.compile(r"^\(([A-Z])/([A-Z])\s*[×xX*]?\s*(?:100%)?\)$")
_ROW_NUMBER = re.compile(r"^\d{1,3}$")
_TAIL = re.compile(r"^(.+?)(\([^()]*\))$")


@dataclass(frozen=True, slots=True)
class _Column:
    label: str
    letter: str | None
    formula: tuple[str, str] | None  # a rate: (numerator, denominator) letters


def _header(cells: Sequence[str]) -> list[_Column]:
    """Columns between 行次 and 列次: a label closed by its letter ``(C)`` or its formula
    ``(E/C×100%)`` (a label wrapped over cells joined); labels after the last letter are text
    columns (佐证材料)."""
    out: list[_Column] = []
    label = ""
    for text in cells:
        t = fold(text).replace(" ", "")
        if (m := _TAIL.match(t)) and (_LETTER.match(m.group(2)) or _FORMULA.match(m.group(2))):
            label, t = label + m.group(1), m.group(2)  # 全年预算数(A) in one cell
        if m := _LETTER.match(t):
            out.append(_Column(label, m.group(1), None))
            label = ""
        elif m := _FORMULA.match(t):
            out.append(_Column(label, None, (m.group(1), m.group(2))))
            label = ""
        elif t.startswith("(") and label:  # (万元) and the like
            continue
        elif label and out:
            label += t  # 全年执行 / 资金
        else:
            if label:
                out.append(_Column(label, None, None))
            label = t
    if label:
        out.append(_Column(label, None, None))
    return out


def _values(cells: Sequence[str]) -> list[Printed | None]:
    out: list[Printed | None] = []
    for text in cells:
        m = _NUMBER_LINE.match(fold(text))
        if m is None or m.group(2) not in (None, "%"):
            break
        out.append(_printed(m.group(1), m.group(2) or ""))
    return out


def _place(columns: list[_Column], values: list[Printed | None]) -> dict[int, Printed] | None:
    """Values placed under the numbered columns from the right (blank cells print nothing),
    every percentage under a rate column and every amount under an amount column."""
    numeric = [k for k, c in enumerate(columns) if c.letter or c.formula]
    if not values or len(values) > len(numeric):
        return None
    placed = dict(zip(numeric[len(numeric) - len(values) :], values, strict=True))
    for k, v in placed.items():
        if v is None or v.percent != (columns[k].formula is not None):
            return None
    return {k: v for k, v in placed.items() if v is not None}


def numbered_funds(
    stream: Sequence[tuple[str, int]], path: str
) -> tuple[list[FundsRow], list[tuple[Printed, Source]]]:
    """The 资金 rows of a 行次/列次 grid, and every rate they print (for E003)."""
    texts = [t for t, _ in stream]
    keys = [label_key(t) for t in texts]
    at = next((k for k, t in enumerate(keys) if t in ("列次", "栏次")), None)
    start = next((k for k in range(at or 0, -1, -1) if keys[k] == "行次"), None)
    if at is None or start is None or at - start > 40:
        return [], []
    columns = _header(texts[start + 1 : at])
    k = at + 1
    while k < len(texts) and _ROW_NUMBER.match(texts[k]):
        k += 1
    if k - at - 1 != len(columns):
        return [], []  # the 列次 numbers do not count the columns read
    execution = next((c for c in columns if c.formula and "执行" in c.label), None)
    if execution is None or execution.formula is None:
        return [], []
    by_letter = {c.letter: n for n, c in enumerate(columns) if c.letter}
    spent, base = (by_letter.get(x) for x in execution.formula)
    rate_at = columns.index(execution)
    rows: list[FundsRow] = []
    rates: list[tuple[Printed, Source]] = []
    end = min(len(texts), k + 80)
    while k < end:
        role = W.funds_row(texts[k])
        if role is None:
            k += 1
            continue
        label, line = texts[k], stream[k][1]
        k += 1
        if k < len(texts) and _ROW_NUMBER.match(texts[k]):
            k += 1  # its 行次
        values = _values(texts[k : k + len(columns)])
        k += len(values)
        placed = _place(columns, values)
        if not placed:
            continue
        src = Source(file=path, line=line, table="绩效自评表", row=label)
        rates += [(v, src.at(column=columns[n].label)) for n, v in placed.items() if v.percent]
        rows.append(
            FundsRow(
                role,
                label,
                None,
                placed.get(base) if base is not None else None,
                placed.get(spent) if spent is not None else None,
                None,
                placed.get(rate_at),
                None,
                src,
            )
        )
    return rows, rates
