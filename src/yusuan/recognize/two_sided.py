"""A summary of two sides (收支总表: 收入 and 支出 side by side) flattened one cell a line with
its empty cells left out: ``项目 | 预算数 | 项目 | 预算数``, then ``一、财政拨款收入 | 12,514.26 |
一、一般公共服务支出 | 一般公共预算收入 | 12,514.26 | 二、外交支出 …``. An amount is the label's
before it; a label is the 支出 side's when it names spending (…支出, 结转下年), else the 收入
side's. Each side is read down to its 本年…合计, as a list of two columns whose last row is the
total of the numbered items above it (rule G001 then sums them); the unnumbered rows under a
numbered one are its parts (一般公共预算收入 under 一、财政拨款收入)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from yusuan.lang.vocabulary import fold
from yusuan.readers.raw import RawLine
from yusuan.recognize import cellstream

#: the header of one side: a label column and an amount column (项目 | 预算数 / 决算数 / 金额)
_NAME = re.compile(r"^(?:项目|科目|收入|支出|收入项目|支出项目)$")
_AMOUNT = re.compile(r"^(?:(?:本年|全年|年初)?(?:预算|决算)数?|金额|预算金额)$")
#: a label of the 支出 side
_SPENT = re.compile(r"支出|结转下年|年末结转|结余分配")
#: a row numbered as an item of the side (一、财政拨款收入)
_MARKED = re.compile(r"^[一二三四五六七八九十]+、")
#: the total a side is read down to
_YEAR_TOTAL = re.compile(r"^本年(?:收入|支出)合计$|^(?:收入|支出)合计$")


@dataclass(frozen=True, slots=True)
class Side:
    """One side: its rows (the header first) and the line of each."""

    rows: list[list[str]]
    lines: list[RawLine]


def find(lines: Sequence[RawLine], i: int) -> tuple[list[Side], int] | None:
    """The two sides of a summary flattened one cell a line from ``i``, and the index after its
    last line; None when the run of lines holds none."""
    end = cellstream.region_end(lines, i)
    stream = [c for c in cellstream.cells(lines[i:end]) if c.kind != "b"]
    texts = [fold(c.text) for c in stream]
    head = next(
        (
            k
            for k in range(len(texts) - 3)
            if _NAME.match(texts[k])
            and _AMOUNT.match(texts[k + 1])
            and texts[k + 2] == texts[k]
            and texts[k + 3] == texts[k + 1]
        ),
        None,
    )
    if head is None:
        return None
    label = stream[head + 1].text
    sides: dict[bool, Side] = {
        spent: Side([["项目", label]], [stream[head].line]) for spent in (False, True)
    }
    done = {False: False, True: False}
    k = head + 4
    while k < len(stream) and not all(done.values()):
        cell = stream[k]
        if cell.kind != "l":
            return None  # an amount with no label before it: not this layout
        value = stream[k + 1] if k + 1 < len(stream) and stream[k + 1].kind == "n" else None
        spent = bool(_SPENT.search(cell.text))
        if not done[spent]:
            side = sides[spent]
            name = fold(cell.text)
            done[spent] = bool(_YEAR_TOTAL.match(name))
            if done[spent]:
                name = f"合计（{name.removesuffix('合计')}）"  # (the total, as the grid reads one)
            elif not _MARKED.match(name) and any(_MARKED.match(r[0]) for r in side.rows[1:]):
                name = f"其中：{name}"  # 一般公共预算收入 under 一、财政拨款收入
            side.rows.append([name, value.text if value else ""])
            side.lines.append(cell.line)
        k += 2 if value else 1
    if not all(done.values()) or any(len(s.rows) < 4 for s in sides.values()):
        return None
    last = stream[k - 1].line
    return [sides[False], sides[True]], next(j + 1 for j in range(i, end) if lines[j] is last)


__all__ = ["Side", "find"]
