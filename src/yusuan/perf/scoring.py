"""Self-evaluation scoring (绩效自评) per 财预〔2020〕10号 as summarised in standards §3.6, on
the scheme the profile names (``yusuan/schemes.yaml``, the same data the checks of published
tables read; 10号 by default, whose numbers are given here).

- 预算执行率 = 执行数 ÷ 预算数; its score is ``10 × min(rate, 1)``.
- ≥ targets: full marks when met, else ``weight × actual ÷ target``.
- ≤ targets: full marks when met, else ``weight × target ÷ actual``.
- = targets: ``weight × max(0, 1 − |actual − target| ÷ |target|)``.
- 定性: the scheme's bands — 达成 (100%–80%], 部分达成 (80%–60%], 未达成 (60%–0%] of the weight.
- Indicators that do not apply are left out and the indicator part is rescaled to its full weight.
- Optionally, far over-achievement (the target was set too low) loses a share of the weight.
- Grades: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below (the schemes' grades).

Every score carries the formula and inputs it came from, in Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from yusuan.model import Indicator
from yusuan.schemes import Band, Scheme, scheme, schemes

ZERO = Decimal(0)
ONE = Decimal(1)


class ScoringError(ValueError):
    """An actual value that cannot be scored (with a Chinese message)."""


@dataclass(frozen=True)
class Policy:
    """Scoring settings (configurable per region/year): by default the 10号 scheme's."""

    indicator_points: Decimal = field(default_factory=lambda: scheme().indicators)
    execution_points: Decimal = field(default_factory=lambda: scheme().execution)
    over_threshold: Decimal | None = None  # e.g. 0.5: more than 50 % beyond the target
    over_deduction: Decimal = Decimal("0.1")  # share of the weight then deducted
    grades: tuple[tuple[Decimal, str], ...] = field(default_factory=lambda: schemes().grades)
    bands: tuple[Band, ...] = field(default_factory=lambda: scheme().bands)

    @classmethod
    def of(cls, s: Scheme) -> Policy:
        """A project's scoring on a scheme: its execution points, the rest on indicators."""
        return cls(indicator_points=s.indicators, execution_points=s.execution, bands=s.bands)

    @classmethod
    def department(cls, s: Scheme) -> Policy:
        """部门（单位）整体 on a scheme: the indicators carry the whole score."""
        return cls(indicator_points=s.total, execution_points=ZERO, bands=s.bands)

    def band(self, tier: str | None) -> Band | None:
        return next((b for b in self.bands if b.tier == tier), None)


@dataclass(frozen=True)
class Actual:
    """The year-end result of one indicator."""

    value: Decimal | None = None  # quantitative result
    tier: str | None = None  # 定性: 达成 / 部分达成 / 未达成
    share: Decimal | None = None  # 定性: an explicit share within the tier's band
    applicable: bool = True
    reason: str = ""  # 偏差原因分析
    measures: str = ""  # 改进措施


@dataclass(frozen=True)
class IndicatorScore:
    indicator: Indicator
    actual: Actual
    weight: Decimal
    score: Decimal
    met: bool
    formula: str

    @property
    def needs_explanation(self) -> bool:
        """An unmet indicator must give its 偏差原因 and 改进措施."""
        return (
            self.actual.applicable
            and not self.met
            and not (self.actual.reason and self.actual.measures)
        )


@dataclass(frozen=True)
class Evaluation:
    """The self-evaluation of one project."""

    name: str
    budget: Decimal
    spent: Decimal
    execution_rate: Decimal
    execution_score: Decimal
    indicators: tuple[IndicatorScore, ...]
    indicator_score: Decimal
    rescale: Decimal
    total: Decimal
    grade: str
    problems: tuple[str, ...] = field(default=())


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _pct(value: Decimal) -> str:
    return f"{_q(value * 100)}%"


def score_indicator(ind: Indicator, actual: Actual, policy: Policy) -> IndicatorScore:
    """Score one indicator against its approved target."""
    weight = ind.weight or ZERO
    if not actual.applicable:
        return IndicatorScore(ind, actual, weight, ZERO, True, "不适用，不计分，其余指标按比例折算")
    if ind.operator == "定性":
        return _qualitative(ind, actual, weight, policy)
    target = ind.numeric_value
    value = actual.value
    if target is None:
        raise ScoringError(
            f"指标「{ind.name}」的指标值“{ind.value}”不是数值，无法按{ind.operator}计分。"
        )
    if value is None:
        raise ScoringError(f"指标「{ind.name}」缺少实际完成值。")
    if ind.operator == "≥":
        if value >= target:
            score, met, formula = weight, True, f"实际{value} ≥ 目标{target}，达成，得满分{weight}"
            score, formula = _over(score, formula, weight, value, target, policy)
        else:
            share = value / target if target else ONE
            score, met = weight * share, False
            formula = f"实际{value} < 目标{target}：{weight} × {value}/{target} = {_q(score)}"
    elif ind.operator == "≤":
        if value <= target:
            score, met, formula = weight, True, f"实际{value} ≤ 目标{target}，达成，得满分{weight}"
        else:
            score = weight * target / value if value else ZERO
            met = False
            formula = f"实际{value} > 目标{target}：{weight} × {target}/{value} = {_q(score)}"
    elif ind.operator == "=":
        if target == 0:
            met = value == 0
            score = weight if met else ZERO
            formula = f"目标为0，实际{value}：{'达成' if met else '未达成'}，得{_q(score)}"
        else:
            share = max(ZERO, ONE - abs(value - target) / abs(target))
            score, met = weight * share, value == target
            formula = f"{weight} × max(0, 1 − |{value} − {target}|/{abs(target)}) = {_q(score)}"
    else:
        raise ScoringError(
            f"指标「{ind.name}」的指标性质“{ind.operator}”无法计分（只能是≥、≤、=、定性）。"
        )
    return IndicatorScore(ind, actual, weight, _q(score), met, formula)


def _over(
    score: Decimal, formula: str, weight: Decimal, value: Decimal, target: Decimal, policy: Policy
) -> tuple[Decimal, str]:
    if policy.over_threshold is None or target <= 0:
        return score, formula
    deviation = (value - target) / target
    if deviation <= policy.over_threshold:
        return score, formula
    deducted = weight * policy.over_deduction
    return score - deducted, (
        f"{formula}；超出目标{_pct(deviation)}（> {_pct(policy.over_threshold)}，目标设定偏低），"
        f"扣减{_q(deducted)}"
    )


def _qualitative(ind: Indicator, actual: Actual, weight: Decimal, policy: Policy) -> IndicatorScore:
    """A 定性 indicator: the share of its weight its tier earns (the top of the tier's band,
    or a share given within it); only the first (highest) tier is met."""
    band = policy.band(actual.tier)
    if band is None:
        tiers = [b.tier for b in policy.bands]
        named = "、".join(tiers[:-1]) + "或" + tiers[-1]
        raise ScoringError(
            f"定性指标「{ind.name}」的完成情况须为{named}，实为“{actual.tier or ''}”。"
        )
    share = actual.share if actual.share is not None else band.high
    if not band.holds(share, band is policy.bands[-1]):
        raise ScoringError(
            f"定性指标「{ind.name}」{band.tier}的得分比例应在({_pct(band.low)}, {_pct(band.high)}]之间，实为{_pct(share)}。"
        )
    score = weight * share
    return IndicatorScore(
        ind,
        actual,
        weight,
        _q(score),
        band is policy.bands[0],
        f"定性{band.tier}：{weight} × {_pct(share)} = {_q(score)}",
    )


def grade(total: Decimal, policy: Policy) -> str:
    for bound, name in policy.grades:
        if total >= bound:
            return name
    return policy.grades[-1][1]


def evaluate(
    name: str,
    indicators: tuple[Indicator, ...],
    actuals: dict[str, Actual],
    budget: Decimal,
    spent: Decimal,
    policy: Policy | None = None,
) -> Evaluation:
    """Score a project's indicators and budget execution."""
    policy = policy or Policy()
    scores = []
    problems: list[str] = []
    for ind in indicators:
        actual = actuals.get(ind.name)
        if actual is None:
            raise ScoringError(f"项目「{name}」指标「{ind.name}」缺少实际完成值。")
        scores.append(score_indicator(ind, actual, policy))
    rate = spent / budget if budget else ZERO
    execution = policy.execution_points * min(rate, ONE)
    applicable = sum((s.weight for s in scores if s.actual.applicable), ZERO)
    raw = sum((s.score for s in scores if s.actual.applicable), ZERO)
    rescale = policy.indicator_points / applicable if applicable else ZERO
    indicator_score = _q(raw * rescale)
    total = _q(execution) + indicator_score
    if rate < Decimal("0.9") and policy.execution_points:
        problems.append(f"预算执行率{_pct(rate)}低于90%，需说明原因。")
    problems.extend(
        f"指标「{s.indicator.name}」未达成，须填写偏差原因分析及改进措施。"
        for s in scores
        if s.needs_explanation
    )
    return Evaluation(
        name=name,
        budget=budget,
        spent=spent,
        execution_rate=_q(rate * 100),
        execution_score=_q(execution),
        indicators=tuple(scores),
        indicator_score=indicator_score,
        rescale=rescale,
        total=total,
        grade=grade(total, policy),
        problems=tuple(problems),
    )


def evaluate_department(
    name: str,
    indicators: tuple[Indicator, ...],
    actuals: dict[str, Actual],
    policy: Policy | None = None,
) -> Evaluation:
    """Score the 部门整体绩效目标: indicators only, on the scheme's total (100 points; their
    weights add up to 100)."""
    return evaluate(name, indicators, actuals, ZERO, ZERO, policy or Policy.department(scheme()))
