"""Projects and performance targets (项目支出绩效目标表, 部门整体绩效目标表)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.model.provenance import Source

#: Valid 指标性质 (operators).
OPERATORS = ("≥", "≤", "=", "定性")


@dataclass(frozen=True, slots=True)
class Indicator:
    """One performance indicator row (三级指标)."""

    level1: str
    level2: str
    name: str
    operator: str
    value: str
    unit: str | None
    weight: Decimal | None
    source: Source
    core: bool | None = None
    direction: str | None = None
    history: str | None = None

    @property
    def numeric_value(self) -> Decimal | None:
        """The 指标值 as a number, or None when it is text (定性 levels like "高")."""
        from yusuan.money import parse_amount

        try:
            return parse_amount(self.value.rstrip("%％"))
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Project:
    """A budget project with its funding, description and indicators."""

    code: str | None
    name: str
    budget: Decimal | None
    source: Source
    budget_text: str = ""
    sources: tuple[tuple[str, Decimal | None], ...] = ()
    category: str | None = None
    execution_weight: Decimal | None = None
    supervisor: str | None = None
    overview: str = ""
    basis: str | None = None
    goal: str = ""
    indicators: tuple[Indicator, ...] = ()
    unit_info: str | None = None
    activity: str | None = None
    period: str | None = None  # 实施周期
    #: "chongqing" (綦江), "sheet" (长寿), "shanghai" (项目经费情况说明), "other" (a 项目名称
    #: with none of their fields: another province's sheet, read for its name and indicators)
    layout: str = "chongqing"
    fields: tuple[tuple[str, Source], ...] = field(default=())
    details: tuple[tuple[str, str], ...] = ()  # other described sections (实施主体, 实施方案…)

    @property
    def title(self) -> str:
        """``code-name`` as printed in 项目名称."""
        return f"{self.code}-{self.name}" if self.code else self.name

    def field_source(self, name: str) -> Source:
        """Where a header field (e.g. ``当年预算``) was printed; the sheet's source otherwise."""
        for key, src in self.fields:
            if key == name:
                return src
        return self.source

    @property
    def text(self) -> str:
        """概述 + 年度目标: the sheet's own text that indicators must agree with."""
        return "\n".join(t for t in (self.overview, self.goal) if t)


@dataclass(frozen=True, slots=True)
class PerformanceSheet:
    """部门（单位）整体绩效目标表."""

    unit_name: str
    budget: Decimal | None
    goal: str
    indicators: tuple[Indicator, ...]
    source: Source
