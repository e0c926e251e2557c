"""A table as the pages show it whole: a two-sided summary table (收支总表, 财政拨款收支总表)
with its 收入 and 支出 side by side, line by line as it is published (each ``一、``/``二、``
section beside its counterpart, the 总计 on the last line), instead of its rows interleaved
in reading order; any other table as its grid."""

from __future__ import annotations

from dataclasses import dataclass

from yusuan.model.tables import Table
from yusuan.publish.compose import paired
from yusuan.web.editor import GridRow, grid

SIDES = (("income", "收入"), ("expenditure", "支出"))


@dataclass(frozen=True, slots=True)
class Side:
    name: str  # 收入 or 支出
    columns: tuple[int, ...]  # the table's columns this side prints amounts in
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SideBySide:
    sides: tuple[Side, Side]
    lines: tuple[tuple[GridRow | None, GridRow | None], ...]


def side_by_side(table: Table) -> SideBySide | None:
    """The two sides of a summary table, or None when its rows have no sides."""
    if not table.side("income") or not table.side("expenditure"):
        return None
    _, rows = grid(table)
    index = {id(r): i for i, r in enumerate(table.rows)}
    sides = []
    for side, name in SIDES:
        members = table.side(side)
        cols = tuple(
            j for j, key in enumerate(table.columns) if any(r.get(key) is not None for r in members)
        ) or (0,)
        sides.append(Side(name, cols, tuple(table.label(table.columns[j]) for j in cols)))
    lines = tuple(
        (
            None if a is None else rows[index[id(a)]],
            None if b is None else rows[index[id(b)]],
        )
        for a, b in paired(table)
    )
    return SideBySide((sides[0], sides[1]), lines)
