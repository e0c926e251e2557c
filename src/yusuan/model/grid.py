"""A table no standard kind names, kept with its columns: a 三公 comparison table of a county, a
two-year 统计表 with 增减 and 增减幅度 columns, a 增减原因 column.

Columns carry a *role* read from their header words — ``prior`` (上年, the earlier year),
``current`` (本年, the later year, or the only amount), ``change`` (增减金额), ``rate`` (增减幅度,
in %), ``share`` (占比, 比重: of the 合计), ``completion`` (完成率, 执行率: 决算 ÷ 预算), ``percent``
(a % the header does not explain), ``amount`` (another amount), ``text`` (增减原因 …) — so the
generic arithmetic can run on any of them: items add up to their total, the change is current −
prior, the rate is change ÷ prior, a share is the row's amount ÷ the 合计's, a completion rate
the 决算 ÷ the 预算.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from yusuan.model.provenance import Source

ROLES = ("prior", "current", "change", "rate", "share", "completion", "percent", "amount", "text")
#: the roles whose values are percentages (never added up as amounts)
PERCENT_ROLES = ("rate", "share", "completion", "percent")


@dataclass(frozen=True, slots=True)
class GridColumn:
    """One column: its header as printed (two header rows joined by ``/``) and its role."""

    label: str
    role: str


@dataclass(frozen=True, slots=True)
class GridRow:
    """One row: its name, its parent row (index) and its cells as printed (None for a blank)."""

    name: str
    cells: tuple[str | None, ...]  # one per column after the name column
    values: tuple[Decimal | None, ...]  # the amounts (a rate in %), None for a blank or text
    source: Source
    parent: int | None = None
    total: bool = False  # 合计 / 总计
    marked: bool = True  # its name carries a marker (合计, 一、, 1., (1), 其中); False: unmarked


@dataclass(frozen=True, slots=True)
class Grid:
    """A table with columns of known roles and rows in a hierarchy."""

    title: str
    unit: str  # 元 / 万元 / 亿元 as printed on its 单位 line (万元 when none)
    columns: tuple[GridColumn, ...]
    rows: tuple[GridRow, ...]
    source: Source

    def columns_of(self, role: str) -> list[int]:
        """The indexes of every column of a role (an earlier year's 决算 and 预算 are both bases)."""
        return [i for i, c in enumerate(self.columns) if c.role == role]

    def column(self, role: str) -> int | None:
        """The index of the first column of a role, or None."""
        for i, c in enumerate(self.columns):
            if c.role == role:
                return i
        return None
