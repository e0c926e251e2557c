"""Mid-year monitoring (绩效运行监控，“双监控”, standards §3.5).

Budget execution and indicator progress are monitored together on January–July data: a project
is flagged when its execution lags the time-proportional share (7/12) by more than a margin, and
an indicator when its predicted full-year result misses the target. Each flagged indicator needs
a deviation category (经费保障 / 制度保障 / 人员保障 / 硬件条件保障 / 其他) and a likelihood of
reaching the target (确定能 / 有可能 / 完全不可能), derived when not given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from yusuan.model import Indicator
from yusuan.perf.scoring import ScoringError

CATEGORIES = ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他")
LIKELIHOODS = ("确定能", "有可能", "完全不可能")
NEAR = Decimal("0.9")  # a forecast within 10 % of the target "may" still reach it


@dataclass(frozen=True)
class Progress:
    """Progress of one indicator in the monitoring period."""

    to_date: Decimal | None = None  # 1-7月执行情况
    forecast: Decimal | None = None  # 全年预计完成情况 (quantitative)
    tier: str | None = None  # 定性 forecast: 达成 / 部分达成 / 未达成
    category: str | None = None  # 偏差原因分类
    reason: str = ""
    likelihood: str | None = None


@dataclass(frozen=True)
class MonitorRow:
    indicator: Indicator
    progress: Progress
    on_track: bool
    likelihood: str
    note: str


@dataclass(frozen=True)
class Monitoring:
    name: str
    budget: Decimal
    spent: Decimal
    months: int
    execution_rate: Decimal  # %
    expected_rate: Decimal  # %
    lagging: bool
    rows: tuple[MonitorRow, ...]
    problems: tuple[str, ...] = field(default=())


def _pct(value: Decimal) -> Decimal:
    return (value * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _row(ind: Indicator, p: Progress) -> MonitorRow:
    if ind.operator == "定性":
        forecast = p.tier or ""
        on_track = forecast == "达成"
        derived = "确定能" if on_track else ("有可能" if forecast == "部分达成" else "完全不可能")
        note = f"预计{forecast or '（未填）'}"
        return MonitorRow(ind, p, on_track, p.likelihood or derived, note)
    target = ind.numeric_value
    if target is None or p.forecast is None:
        raise ScoringError(f"指标「{ind.name}」缺少全年预计完成值或目标值不是数值。")
    f = p.forecast
    if ind.operator == "≥":
        on_track = f >= target
        near = target == 0 or f >= target * NEAR
    elif ind.operator == "≤":
        on_track = f <= target
        near = f == 0 or target >= f * NEAR
    elif ind.operator == "=":
        on_track = f == target
        near = target != 0 and abs(f - target) <= abs(target) * (1 - NEAR)
    else:
        raise ScoringError(
            f"指标「{ind.name}」的指标性质“{ind.operator}”无法监控（只能是≥、≤、=、定性）。"
        )
    derived = "确定能" if on_track else ("有可能" if near else "完全不可能")
    note = f"预计{f}，目标{ind.operator}{target}" + ("" if on_track else "，预计完不成")
    return MonitorRow(ind, p, on_track, p.likelihood or derived, note)


def monitor(
    name: str,
    indicators: tuple[Indicator, ...],
    progress: dict[str, Progress],
    budget: Decimal,
    spent: Decimal,
    months: int = 7,
    margin: Decimal = Decimal("0.1"),
) -> Monitoring:
    """The monitoring of one project (执行进度 and 目标实现程度)."""
    rows = []
    problems: list[str] = []
    for ind in indicators:
        p = progress.get(ind.name)
        if p is None:
            raise ScoringError(f"项目「{name}」指标「{ind.name}」缺少监控数据。")
        row = _row(ind, p)
        if row.likelihood not in LIKELIHOODS:
            raise ScoringError(
                f"指标「{ind.name}」完成目标可能性须为{'、'.join(LIKELIHOODS)}，实为“{row.likelihood}”。"
            )
        if p.category is not None and p.category not in CATEGORIES:
            raise ScoringError(
                f"指标「{ind.name}」偏差原因分类须为{'、'.join(CATEGORIES)}，实为“{p.category}”。"
            )
        if not row.on_track and not (p.category and p.reason):
            problems.append(f"指标「{ind.name}」预计完不成目标，须填写偏差原因分类及原因分析。")
        rows.append(row)
    rate = spent / budget if budget else Decimal(0)
    expected = Decimal(months) / 12
    lagging = rate < expected - margin
    if lagging:
        problems.append(
            f"预算执行率{_pct(rate)}%，低于序时进度{_pct(expected)}%超过{_pct(margin)}个百分点，须分析原因并纠偏。"
        )
    return Monitoring(
        name,
        budget,
        spent,
        months,
        _pct(rate),
        _pct(expected),
        lagging,
        tuple(rows),
        tuple(problems),
    )
