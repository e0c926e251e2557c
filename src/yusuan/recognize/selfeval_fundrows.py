"""The 资金 block of a performance table read under its header of column labels (年初预算数,
全年预算数, 全年执行数, 分值, 执行率, 得分) over rows labelled 年度资金总额, 其中：…: values placed
by the header, anchored on the one percentage (执行率); numbers run together split only when
exactly one split agrees with the printed rate. Other layouts' 资金 blocks:
:mod:`~yusuan.recognize.selfeval_funds`."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

from yusuan.lang.selfeval import SELFEVAL_WORDS as W
from yusuan.lang.vocabulary import fold
from yusuan.model import Source
from yusuan.model.selfeval import FundsRow, Printed, Unplaced
from yusuan.recognize.selfeval_cells import (
    BLANK,
    POINTS_IN,
    Cell,
    fused,
    is_value,
    printed,
    round_to,
)

_PART = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?$")


def _splits(digits: str, n: int) -> Iterator[list[str]]:
    if n == 1:
        if _PART.match(digits):
            yield [digits]
        return
    for i in range(1, len(digits)):
        head = digits[:i]
        if _PART.match(head):
            for rest in _splits(digits[i:], n - 1):
                yield [head, *rest]


def _dp(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _solve(token: str, cols: list[str]) -> list[Printed | None] | None:
    """Numbers run together (``202010100.00%10``) split into the header's columns: only when
    exactly one split agrees with the printed rate (执行数 ÷ 预算数 at its precision)."""
    if "rate" not in cols or "%" not in token:
        return None
    before, _, after = fold(token).partition("%")
    r = cols.index("rate")
    found: list[list[str]] = []
    for parts in _splits(before, r + 1):
        vals = dict(zip(cols[: r + 1], parts, strict=True))
        budget = vals.get("budget") or vals.get("budget_initial")
        executed = vals.get("executed")
        rate = parts[-1]
        if budget is None or executed is None or Decimal(budget) == 0:
            continue
        if "weight" in vals and not (
            0 < Decimal(vals["weight"]) <= 100 and _dp(vals["weight"]) <= 2
        ):
            continue
        if _dp(parts[-1]) > 2:
            continue
        places = len(rate.split(".")[1]) if "." in rate else 0
        if round_to(Decimal(executed) / Decimal(budget) * 100, places) == Decimal(rate):
            found.append(parts)
    tail = re.match(r"\d+(?:\.\d+)?", after)
    if len(found) > 1 and tail and "weight" in cols:  # the score a split implies, within a point
        w, score = cols.index("weight"), Decimal(tail.group(0))
        found = [
            p
            for p in found
            if abs(Decimal(p[w]) * min(Decimal(p[-1]) / 100, Decimal(1)) - score) <= 1
        ]
    if len(found) != 1:
        return None
    out: list[Printed | None] = [printed(p) for p in found[0][:-1]]
    out.append(printed(found[0][-1] + "%"))
    if r + 1 < len(cols):
        out.append(printed(tail.group(0)) if tail else None)
    return out


def _align(cols: list[str], values: list[str], sub: bool) -> dict[str, Printed | None] | None:
    """Values placed under the header's columns, or None when they cannot be placed."""
    if len(values) == 1 and fused(values[0]):
        solved = _solve(values[0], cols)
        return dict(zip(cols, solved, strict=False)) if solved else None
    vals = [None if fold(v) in BLANK else printed(v) for v in values]
    if len(vals) == len(cols):
        return dict(zip(cols, vals, strict=True))
    amounts = [c for c in cols if c in ("budget_initial", "budget", "executed")]
    if sub and len(vals) == len(amounts) and all(v is not None for v in vals):
        return dict(zip(amounts, vals, strict=True))
    pct = [i for i, v in enumerate(vals) if v is not None and v.percent]
    if len(pct) != 1 or "rate" not in cols:
        return None
    p, r = pct[0], cols.index("rate")
    before, after = cols[:r], cols[r + 1 :]
    if p == len(before) - 1 and "budget_initial" in before and "budget" in before:
        before = [c for c in before if c != "budget_initial"]  # 年初预算数 merged or blank
    if p != len(before) or len(vals) - p - 1 > len(after):
        return None
    return dict(zip([*before, "rate", *after], vals, strict=False))


def _funds_header(stream: Sequence[Cell], i: int) -> tuple[list[str], Printed | None]:
    cols: list[str] = []
    points: Printed | None = None
    for cell in reversed(stream[max(0, i - 16) : i]):
        if W.funds_row(cell.text) or W.level1_family(cell.text):
            break
        col = W.funds_column(cell.text)
        if col and col not in cols:
            cols.insert(0, col)
        if points is None and (m := POINTS_IN.search(fold(cell.text))) and col != "weight":
            points = printed(m.group(1))
    if "budget" not in cols and "budget_initial" in cols:
        cols[cols.index("budget_initial")] = "budget"
    return cols, points


def _row(role: str, label: str, placed: dict[str, Printed | None], src: Source) -> FundsRow:
    return FundsRow(
        role,
        label,
        placed.get("budget_initial"),
        placed.get("budget"),
        placed.get("executed"),
        placed.get("weight"),
        placed.get("rate"),
        placed.get("score"),
        src,
    )


def _header_after(stream: Sequence[Cell], start: int, path: str) -> list[FundsRow] | None:
    """A spreadsheet previewed cell by cell with the rows' labels first (年度资金总额, 其中：当年
    财政拨款 …), then the columns' (全年预算数 全年执行数 分值 执行率 得分), then each row's values in
    turn: the rows read in the order of their labels, each with as many values as columns."""
    labels: list[tuple[str, Cell]] = []
    k = start
    while k < len(stream) and k <= start + 12 and W.funds_column(stream[k].text) is None:
        if (role := W.funds_row(stream[k].text)) is not None:
            labels.append((role, stream[k]))
        elif is_value(stream[k].text):
            return None  # values after the row's label: the usual layout
        k += 1
    cols: list[str] = []
    while k < len(stream) and (col := W.funds_column(stream[k].text)) is not None:
        cols.append(col)
        k += 1
    if len(cols) < 3 or not labels or labels[0][0] != "total":
        return None
    rows: list[FundsRow] = []
    for role, label in labels:
        values = [c.text for c in stream[k : k + len(cols)]]
        if len(values) < len(cols) or not all(is_value(v) for v in values):
            break
        placed = _align(cols, values, role != "total")
        if placed is None:
            break
        src = Source(file=path, line=label.line, table="绩效自评表", row=label.text)
        rows.append(_row(role, label.text, placed, src))
        k += len(cols)
    return rows or None


def _row_ahead(stream: Sequence[Cell], i: int) -> bool:
    """A 资金 sub-row with its amounts within the next cells: the words between are a note
    printed in a cell of the row above (预算执行率=预算执行数/调整后预算数… in 原因)."""
    for k in range(i, min(i + 12, len(stream) - 1)):
        role = W.funds_row(stream[k].text)
        if role not in (None, "total") and printed(stream[k + 1].text) is not None:
            return True
    return False


def read_funds(
    stream: Sequence[Cell], path: str
) -> tuple[list[FundsRow], Printed | None, list[Unplaced], int]:
    rows: list[FundsRow] = []
    unaligned: list[Unplaced] = []
    start = next((i for i, c in enumerate(stream) if W.funds_row(c.text) == "total"), None)
    if start is None:
        return rows, None, unaligned, 0
    cols, points = _funds_header(stream, start)
    late = _header_after(stream, start, path)
    if late is not None:
        return late, points, unaligned, start
    if not cols:
        return rows, points, unaligned, start
    i = start
    end = start
    while i < len(stream) and i <= start + 40:
        role = W.funds_row(stream[i].text)
        if role is None or (role == "total" and i != start):
            gap = i > start and not is_value(stream[i].text) and rows and i > end + 1
            if gap and not _row_ahead(stream, i):
                break
            i += 1
            continue
        j = i + 1
        while j < len(stream) and is_value(stream[j].text):
            j += 1
        values = [c.text for c in stream[i + 1 : j]]
        src = Source(file=path, line=stream[i].line, table="绩效自评表", row=stream[i].text)
        placed = _align(cols, values, role != "total") if values else {}
        if placed is None:
            unaligned.append(Unplaced(f"{stream[i].text} {' '.join(values)}", None, "", src))
        elif placed:
            rows.append(_row(role, stream[i].text, placed, src))
        end = j
        i = j
    return rows, points, unaligned, end
