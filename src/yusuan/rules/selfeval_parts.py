"""Parts against their whole in performance tables of any layout (rules E012–E014): the 资金
block's sub-rows (财政拨款, 上年结转, 其他资金) against 年度资金总额 in each amount column; the
分值 of the indicators under a 一级/二级 heading against the points the heading gives
(产出指标(50分)); a 定性 indicator's 得分 against the band of its tier (the page's own
bands when it states them, else the scheme's).

A table cut short by the page it was published on (the rest of a block not printed) is judged
only where more rows could not mend it: parts above their whole, weights above their points."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

from yusuan.lang.selfeval import SELFEVAL_WORDS as W
from yusuan.lang.selfeval import label_key
from yusuan.lang.vocabulary import fold
from yusuan.model.selfeval import FundsRow, Printed, SelfEvaluation, SelfIndicator
from yusuan.rules.context import Context
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import rule
from yusuan.rules.selfeval import SOURCE, fmt, scheme_of, sheets, value_of

_HUNDRED = Decimal(100)
_COLUMNS = (("budget_initial", "年初预算数"), ("budget", "全年预算数"), ("executed", "全年执行数"))
_PARTS = ("fiscal", "carried", "special_account", "unit_funds", "other")
_POINTS = re.compile(r"[(（](\d+(?:\.\d+)?)分[)）]")


def _amount(row: FundsRow, key: str) -> Printed | None:
    value = getattr(row, key)
    assert value is None or isinstance(value, Printed)
    return value


@rule(
    "E012",
    "资金来源各项之和 = 年度资金总额",
    category="indicators",
    severity="error",
    source=SOURCE,
)
def check_funds_parts(ctx: Context) -> Iterator[Finding]:
    """In each amount column (年初预算数, 全年预算数, 全年执行数) the sub-rows of 年度资金总额
    (其中：财政拨款, 上年结转资金, 其他资金) add up to it: parts above their total are an error
    wherever the block was cut; parts below it only once the block's last row (其他资金) is
    printed. A sub-row listed twice (中央补助 under 财政拨款) is a part of a part: not summed.
    A gap within the rounding of the printed parts is 尾差 (info)."""
    for s in sheets(ctx):
        total = next((r for r in s.funds if r.role == "total"), None)
        parts = [r for r in s.funds if r.role in _PARTS]
        roles = [r.role for r in parts]
        if total is None or not parts or len(set(roles)) != len(roles):
            continue
        closed = "other" in roles
        for key, label in _COLUMNS:
            whole = _amount(total, key)
            given = [(r, v) for r in parts if (v := _amount(r, key)) is not None]
            if whole is None or not given:
                continue
            got = sum((v.value for _, v in given), Decimal(0))
            gap = whole.value - got
            if gap == 0 or (gap > 0 and not closed):
                continue
            places = max(p.places for p in [whole, *(v for _, v in given)])
            tail = abs(gap) <= Decimal(1).scaleb(-places) * len(given)
            listed = "＋".join(f"{r.label.removeprefix('其中:')}{v.text}" for r, v in given)
            yield ctx.finding(
                f"「{total.label.rstrip(':： ')}」{label}{whole.text}，其中各项{listed}合计{fmt(got)}，"
                + ("比总额多" if gap < 0 else "比总额少")
                + fmt(abs(gap)),
                total.source.at(column=label),
                stated=whole.value,
                expected=got,
                difference=gap,
                severity=Severity.INFO if tail else None,
            )


def _digits_unplaced(s: SelfEvaluation, family: str | None) -> bool:
    """A row under that 一级 (or under none) that could not be read holds numbers: its weight
    may be among them."""
    return any(u.level1_family in (family, None) and re.search(r"\d", u.text) for u in s.unaligned)


def _weights(rows: Sequence[SelfIndicator]) -> Decimal | None:
    """The 分值 of the rows added up; None when one is missing, or more than a whole sheet's
    100 points (a cell of another column read as the 分值: a date serial 44,561)."""
    if not rows or any(i.weight is None or i.weight.value > _HUNDRED for i in rows):
        return None
    return sum((i.weight.value for i in rows if i.weight is not None), Decimal(0))


def _groups2(
    rows: Sequence[SelfIndicator],
) -> Iterator[tuple[str, Printed, list[SelfIndicator], bool]]:
    """Runs of rows under a 二级 heading that prints its points (数量指标(20分)), with whether
    another heading follows (the run is whole)."""
    k = 0
    while k < len(rows):
        head = rows[k].level2
        j = k
        while j < len(rows) and rows[j].level2 == head and rows[j].level1 == rows[k].level1:
            j += 1
        m = _POINTS.search(fold(head))
        pts = Printed(Decimal(m.group(1)), 0, text=m.group(1)) if m else None
        if pts is not None:
            yield label_key(head), pts, list(rows[k:j]), j < len(rows)
        k = j


@rule(
    "E013",
    "各级指标分值合计与该级分值相符",
    category="indicators",
    severity="error",
    source=SOURCE,
)
def check_level_weights(ctx: Context) -> Iterator[Finding]:
    """The 分值 of the 三级 indicators under a 一级 heading that prints its points
    (产出指标(50分)) add up to them, and so under a 二级 heading (数量指标(20分)); with no
    points printed by level, all indicator 分值 plus the execution points stay within the
    total (总分(100分), else the scheme's). A heading whose rows the page may have cut is
    judged only when its weights already exceed its points; a row that could not be read
    under it leaves it unjudged."""
    for s in sheets(ctx):
        rows = s.indicators
        if not rows:
            continue
        for k, (label, fam, pts, src) in enumerate(s.levels):
            under = [i for i in rows if label_key(i.level1) == label]
            got = _weights(under)
            if got is None or _digits_unplaced(s, fam):
                continue
            whole = k < len(s.levels) - 1 or s.total is not None
            if got != pts.value and (got > pts.value or whole):
                yield _level_finding(ctx, f"{label}({pts.text}分)", under, got, pts.value, src)
        for label, pts, under, followed in _groups2(rows):
            got = _weights(under)
            if got is None or _digits_unplaced(s, under[0].level1_family):
                continue
            if got != pts.value and (got > pts.value or followed or s.total is not None):
                yield _level_finding(
                    ctx, f"{label}({pts.text}分)", under, got, pts.value, under[0].source
                )
        if not s.levels:
            yield from _total_weights(ctx, s)


def _level_finding(
    ctx: Context,
    heading: str,
    under: Sequence[SelfIndicator],
    got: Decimal,
    points: Decimal,
    src: object,
) -> Finding:
    listed = "+".join(i.weight.text for i in under if i.weight is not None)
    return ctx.finding(
        f"「{heading}」下{len(under)}项三级指标分值{listed}={fmt(got)}，与该级的{fmt(points)}分"
        f"{'多' if got > points else '少'}{fmt(abs(got - points))}分",
        src,  # type: ignore[arg-type]
        stated=got,
        expected=points,
        difference=got - points,
    )


def _total_weights(ctx: Context, s: SelfEvaluation) -> Iterator[Finding]:
    got = _weights(s.indicators)
    if got is None or _digits_unplaced(s, None) or any(u.level1_family for u in s.unaligned):
        return
    total_row = next((r for r in s.funds if r.role == "total"), None)
    pts = (total_row.weight if total_row else None) or s.execution_points
    execution = pts.value if pts else Decimal(0)
    full = s.total_max.value if s.total_max else scheme_of(ctx, s).total
    if execution + got > full:
        shown = f"执行率{fmt(execution)}分+" if execution else ""
        yield ctx.finding(
            f"{shown}各指标分值合计{fmt(got)}，共{fmt(execution + got)}分，超过总分{fmt(full)}分",
            s.indicators[0].source.at(column="分值"),
            stated=execution + got,
            expected=full,
            difference=execution + got - full,
        )


def _tier(i: SelfIndicator) -> str | None:
    """The 定性 tier an indicator's actual value names; an actual value that repeats its
    (textual) target is 达成."""
    if not i.actual or value_of(i.actual) is not None:
        return None
    if (tier := W.tier(i.actual)) is not None:
        return tier
    if fold(i.actual) == fold(i.target) and value_of(i.target) is None:
        return next(iter(W.tiers))
    return None


@rule(
    "E014", "定性指标得分在其档次区间内", category="indicators", severity="warning", source=SOURCE
)
def check_qualitative_bands(ctx: Context) -> Iterator[Finding]:
    """A 定性 indicator (指标值 a text, or 指标性质 定性) whose 实际完成值 names its tier (达成 /
    基本达成 / 未完成 …, the words of ``lang/selfeval.yaml``; a result that repeats its target
    is 达成) is scored within that tier's band of its 分值: the bands the page's scoring note
    states (100-80%、80-50%、50-0%), else the scheme's (10号: 达成 (100%–80%], 部分达成
    (80%–60%], 未达成 (60%–0%]). Band ends count as inside."""
    for s in sheets(ctx):
        sc = scheme_of(ctx, s)
        tiers = [b.tier for b in sc.bands]
        stated = len(s.stated_bands) == len(tiers)
        bands = s.stated_bands if stated else tuple((b.low, b.high) for b in sc.bands)
        basis = "表中评分说明" if stated else f"评分方案（{sc.name}）"
        for i in s.indicators:
            if i.weight is None or i.score is None or i.weight.value <= 0:
                continue
            if value_of(i.target) is not None and fold(i.prop) != "定性":
                continue
            tier = _tier(i)
            if tier is None or tier not in tiers or i.score.value > i.weight.value:
                continue
            low, high = bands[tiers.index(tier)]
            w, share = i.weight.value, i.score.value / i.weight.value
            if low <= share <= high:
                continue
            expected = w * (high if share > high else low)
            yield ctx.finding(
                f"定性指标「{i.name[:24]}」完成情况“{i.actual}”属{tier}，按{basis}应得分值的"
                f"{fmt(low * _HUNDRED)}%–{fmt(high * _HUNDRED)}%（{fmt(w * low)}–{fmt(w * high)}分），"
                f"表中得分{i.score.text}",
                i.source.at(column="得分"),
                stated=i.score.value,
                expected=expected,
                difference=i.score.value - expected,
            )
