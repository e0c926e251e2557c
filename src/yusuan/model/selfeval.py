"""A performance table read from a page: a 绩效自评表 (funds, 总体目标, the indicator grid with
targets, actual values, weights and scores, 总分 and 等级) or a 绩效目标表/申报表 (the same grid
without results). Every value keeps the text it was printed as and its :class:`Source`; what
could not be aligned with the header is listed in ``unaligned``, never guessed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from yusuan.model.projects import Indicator
from yusuan.model.provenance import Source


@dataclass(frozen=True, slots=True)
class Printed:
    """A number as printed: its value, its decimals and whether it carried ``%``."""

    value: Decimal
    places: int
    percent: bool = False
    text: str = ""


@dataclass(frozen=True, slots=True)
class FundsRow:
    """One row of the 资金 block (年度资金总额, 其中：财政拨款, 上年结转, 其他资金)."""

    role: str  # total / fiscal / carried / special_account / unit_funds / other
    label: str
    budget_initial: Printed | None
    budget: Printed | None  # 全年预算数 (or 预算数 when only one budget column is printed)
    executed: Printed | None
    weight: Printed | None  # 分值
    rate: Printed | None  # 执行率 as printed (a percentage)
    score: Printed | None  # 得分
    source: Source


@dataclass(frozen=True, slots=True)
class SelfIndicator:
    """One row of the indicator grid."""

    level1: str  # as printed, e.g. 产出指标(50分)
    level1_family: str | None  # output / outcome / satisfaction / management
    level2: str
    level2_family: str | None
    name: str
    target: str  # 年度指标值 as printed (direction and unit kept)
    direction: str | None  # ≥ ≤ = > < or None (定性 or unstated)
    actual: str  # 实际完成值 as printed ("" on a target sheet)
    unit: str  # a separate 度量单位 column, when printed
    prop: str  # a separate 指标性质 column as printed ("" when blank)
    weight: Printed | None
    score: Printed | None
    reason: str  # 偏差原因 ("" when blank)
    source: Source
    has_property_column: bool = False


@dataclass(frozen=True, slots=True)
class Unplaced:
    """A row that could not be aligned with the header: its text as printed, under its 一级/二级."""

    text: str
    level1_family: str | None
    level2: str
    source: Source


@dataclass(frozen=True, slots=True)
class SelfEvaluation:
    """A performance table: a self-evaluation (``kind`` 自评表) or a target sheet (目标表)."""

    kind: str  # 自评表 / 目标表
    title: str
    funds: tuple[FundsRow, ...]
    execution_points: Printed | None  # 预算执行 (20分) printed in the header
    levels: tuple[tuple[str, str | None, Printed, Source], ...]  # 一级 label, family, (N分)
    indicators: tuple[SelfIndicator, ...]
    total: Printed | None  # 总分 stated
    total_max: Printed | None  # 总分(100分) / the 分值 of the 总分 row
    grade: str | None
    grade_source: Source | None
    stated_method: tuple[tuple[str, Decimal], ...]  # a note fixing 产出50/效益30/…/执行率10
    method_source: Source | None
    unaligned: tuple[Unplaced, ...]  # rows that could not be aligned: left out, reported
    source: Source
    funds_rates: tuple[tuple[Printed, Source], ...] = ()  # every rate printed in the 资金 block
    blank_fields: tuple[tuple[str, Source], ...] = ()  # header fields printed without a value
    project: str = ""  # 项目名称 as printed (code-name), "" when the page prints none
    #: the indicator rows as targets (the model of 绩效目标表): 一级 named by its family (产出指标
    #: for 项目完成指标), 二级 without its (N分), direction, value and unit split from 指标值
    targets: tuple[Indicator, ...] = ()
    #: 定性 bands the page states (``100-80%、80-50%、50-0%``): (low, high) shares, top first
    stated_bands: tuple[tuple[Decimal, Decimal], ...] = ()
    bands_source: Source | None = None
