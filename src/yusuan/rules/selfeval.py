"""Performance tables of any layout (绩效自评表, 目标表, 自评报告): execution rate and its score,
weights against the scheme or the method the page states, each indicator's score against its
target and actual value, 总分 and 等级; indicator wording (a money input as an output quantity,
an actual value written as a range, a 成本指标 without a money unit, blank fields). Arithmetic
errors are errors; integer rounding of a score is 尾差 (info); what depends on reading a value's
meaning is a warning."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from yusuan.lang.selfeval import SELFEVAL_WORDS as W
from yusuan.lang.vocabulary import fold
from yusuan.model.narrative import Paragraph
from yusuan.model.selfeval import Printed, SelfEvaluation, SelfIndicator
from yusuan.recognize.selfeval_cells import number_in, round_to
from yusuan.rules.context import Context
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import rule
from yusuan.schemes import Scheme, scheme_for, schemes

SOURCE = "[D] 财预〔2020〕10号 项目支出绩效自评; issue #15"
_HUNDRED = Decimal(100)
_RANGE_TWICE = re.compile(r"([≥≤≧≦]\d+(?:\.\d+)?[^\d≥≤≧≦]{0,3}?)\1")
_FAMILY_NAMES = {"output": "产出指标", "outcome": "效益指标", "satisfaction": "满意度指标"}


def sheets(ctx: Context) -> tuple[SelfEvaluation, ...]:
    return ctx.package.self_evaluations


def fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _execution_points(s: SelfEvaluation) -> Printed | None:
    total = next((r for r in s.funds if r.role == "total"), None)
    return (total.weight if total else None) or s.execution_points


def scheme_of(ctx: Context, s: SelfEvaluation) -> Scheme:
    pts = _execution_points(s)
    return scheme_for(ctx.profile.scheme, pts.value if pts else None)


def _compare_score(
    ctx: Context, stated: Printed, expected: Decimal, what: str, location: object
) -> Iterator[Finding]:
    """A score against its expected value at the printed precision: a rounding to fewer places
    is 尾差 (info), more is an error."""
    exp = round_to(expected, max(stated.places, 2))
    if exp == stated.value:
        return
    tail = round_to(expected, stated.places) == stated.value  # 8.62 printed 9
    yield ctx.finding(
        f"{what}：表中得分{stated.text}，按计算应为{fmt(exp)}"
        + ("（取整造成的尾差）" if tail else ""),
        location,  # type: ignore[arg-type]
        stated=stated.value,
        expected=exp,
        difference=stated.value - exp,
        severity=Severity.INFO if tail else None,
    )


@rule(
    "E001", "预算执行率 = 执行数 ÷ 预算数", category="indicators", severity="error", source=SOURCE
)
def check_execution_rate(ctx: Context) -> Iterator[Finding]:
    """Each 资金 row's printed 执行率 against 全年执行数 ÷ 全年预算数, at the rate's printed
    precision (``86%`` for 86.20%)."""
    for s in sheets(ctx):
        for r in s.funds:
            if r.rate is None or r.budget is None or r.executed is None or r.budget.value == 0:
                continue
            exact = r.executed.value / r.budget.value * _HUNDRED
            printed, places = r.rate.value, r.rate.places
            if not r.rate.percent and printed <= 1 and exact <= _HUNDRED and places >= 2:
                printed, places = printed * _HUNDRED, places - 2  # a fraction: 0.958 is 95.8 %
            if round_to(exact, places) == printed:
                continue
            step = Decimal(1).scaleb(-places)
            cut = (exact // step) * step  # cut, not rounded: 尾差
            yield ctx.finding(
                f"「{r.label}」执行率{r.rate.text}与执行数{r.executed.text}÷预算数{r.budget.text}"
                f"={fmt(round_to(exact, 2))}%不符"
                + ("（截断而非四舍五入，尾差）" if cut == printed else ""),
                r.source.at(column="执行率"),
                stated=printed,
                expected=round_to(exact, max(places, 2)),
                severity=Severity.INFO if cut == printed else None,
            )


@rule(
    "E002",
    "预算执行率得分 = 分值 × 执行率",
    category="indicators",
    severity="error",
    source=SOURCE,
)
def check_execution_score(ctx: Context) -> Iterator[Finding]:
    """The 年度资金总额 row's 得分 against 分值 × min(执行数 ÷ 预算数, 1): the 分值 the row prints,
    else the points its header prints (预算执行情况(20分)), else the scheme's. An integer score
    for 8.62 is 尾差 (info)."""
    for s in sheets(ctx):
        for r in s.funds:
            if r.role != "total" or r.score is None or r.budget is None or r.executed is None:
                continue
            if r.budget.value == 0:
                continue
            pts = _execution_points(s)
            weight = pts.value if pts else scheme_of(ctx, s).execution
            rate = min(r.executed.value / r.budget.value, Decimal(1))
            yield from _compare_score(
                ctx,
                r.score,
                weight * rate,
                f"预算执行率得分（{fmt(weight)}分×执行率{fmt(round_to(rate * _HUNDRED, 2))}%）",
                r.source.at(column="得分"),
            )


@rule("E003", "预算执行率超过100%", category="indicators", severity="warning", source=SOURCE)
def check_rate_over(ctx: Context) -> Iterator[Finding]:
    """A 执行率 above 100 % in the 资金 block: more spent than budgeted, or the rate is wrong."""
    for s in sheets(ctx):
        seen: set[Decimal] = set()
        for p, src in s.funds_rates:
            if p.value > _HUNDRED and p.value not in seen:
                seen.add(p.value)
                yield ctx.finding(
                    f"资金执行率{p.text}超过100%：执行数大于预算数，或执行率有误",
                    src,
                    stated=p.value,
                )


def _levels_complete(s: SelfEvaluation) -> bool:
    fams = {f for _, f, _, _ in s.levels}
    return {"output", "outcome", "satisfaction"} <= fams or {"management", "output"} <= fams


@rule("E004", "分值合计等于总分", category="indicators", severity="error", source=SOURCE)
def check_points_total(ctx: Context) -> Iterator[Finding]:
    """The points of the 一级 headers (产出指标(50分)…) plus the execution points add up to the
    total (总分(100分), else the scheme's); a page's own note (产出50/效益30/满意度10/执行率10)
    fixes each level's points."""
    for s in sheets(ctx):
        if not s.levels:
            continue
        sc = scheme_of(ctx, s)
        words = schemes().method_words
        stated = {words.get(k, k): v for k, v in s.stated_method}
        for label, fam, pts, src in s.levels:
            want = stated.get(fam or "")
            if want is not None and want != pts.value:
                yield ctx.finding(
                    f"「{label}({pts.text}分)」与表注规定的{fmt(want)}分不符",
                    src,
                    stated=pts.value,
                    expected=want,
                    difference=pts.value - want,
                )
        if not _levels_complete(s):
            continue
        exec_pts = _execution_points(s)
        execution = exec_pts.value if exec_pts else stated.get("execution", Decimal(0))
        total = sum((p.value for _, _, p, _ in s.levels), execution)
        full = s.total_max.value if s.total_max else sc.total
        implied = exec_pts is None and "execution" not in stated  # 90 + 10: execution not printed
        if total != full and not (implied and total == full - sc.execution):
            parts = "+".join([fmt(execution)] + [p.text for _, _, p, _ in s.levels])
            yield ctx.finding(
                f"预算执行率与一级指标分值合计{parts}={fmt(total)}分，应为{fmt(full)}分",
                s.levels[0][3],
                stated=total,
                expected=full,
                difference=total - full,
            )


def value_of(text: str) -> Decimal | None:
    t = fold(text)
    return number_in(t) if re.search(r"\d", t) and not re.search(r"\d{4}年", t) else None


def _met(i: SelfIndicator, target: Decimal, actual: Decimal) -> bool:
    d = i.direction or "≥"
    return {
        "≥": actual >= target,
        "≤": actual <= target,
        "=": actual == target,
        ">": actual > target,
        "<": actual < target,
    }[d]


def _proportional(i: SelfIndicator, weight: Decimal, target: Decimal, actual: Decimal) -> Decimal:
    if i.direction == "=":
        return weight * max(Decimal(0), 1 - abs(actual - target) / abs(target))
    if i.direction in ("≤", "<"):
        return weight * min(target / actual, Decimal(1)) if actual else weight
    return weight * min(actual / target, Decimal(1))


@rule("E005", "指标得分与完成情况一致", category="indicators", severity="warning", source=SOURCE)
def check_indicator_scores(ctx: Context) -> Iterator[Finding]:
    """Each indicator's 得分 against its target and actual value (10号: full marks when met,
    else proportional — actual ÷ target, target ÷ actual for ≤, 1 − |gap| ÷ target for =): a
    score above its 分值 (error), a met target scored below full with no 偏差原因, an unmet
    target with full marks or without 偏差原因, a proportional score printed otherwise."""
    for s in sheets(ctx):
        for i in s.indicators:
            if i.weight is None or i.score is None:
                continue
            w, sc = i.weight.value, i.score
            if sc.value > w:
                yield ctx.finding(
                    f"「{i.name}」得分{sc.text}超过分值{i.weight.text}",
                    i.source,
                    stated=sc.value,
                    expected=w,
                    severity=Severity.ERROR,
                )
                continue
            t, a = value_of(i.target), value_of(i.actual)
            if t is None or a is None or i.direction is None or t == 0:
                continue
            if _met(i, t, a):
                if sc.value < w and not i.reason:
                    yield ctx.finding(
                        f"「{i.name}」指标值{i.target}{i.unit}已完成（实际{i.actual}），得分{sc.text}"
                        f"低于分值{i.weight.text}，且未说明偏差原因",
                        i.source,
                        stated=sc.value,
                        expected=w,
                    )
                continue
            expected = _proportional(i, w, t, a)
            if sc.value == w:
                yield ctx.finding(
                    f"「{i.name}」实际{i.actual}未达到指标值{i.target}{i.unit}却得满分{sc.text}，"
                    f"按比例应为{fmt(round_to(expected, 2))}",
                    i.source,
                    stated=sc.value,
                    expected=round_to(expected, 2),
                )
            elif round_to(expected, sc.places) != sc.value:
                yield ctx.finding(
                    f"「{i.name}」实际{i.actual}未达到指标值{i.target}{i.unit}，按比例应得"
                    f"{fmt(round_to(expected, 2))}分，表中为{sc.text}分"
                    + ("" if i.reason else "；未说明偏差原因"),
                    i.source,
                    stated=sc.value,
                    expected=round_to(expected, 2),
                )
            elif not i.reason:
                yield ctx.finding(
                    f"「{i.name}」未达到指标值{i.target}{i.unit}（实际{i.actual}），未说明偏差原因",
                    i.source,
                )


@rule(
    "E006",
    "总分 = 各项得分之和；等级与总分相符",
    category="indicators",
    severity="error",
    source=SOURCE,
)
def check_total(ctx: Context) -> Iterator[Finding]:
    """总分 against the execution score plus every indicator's 得分 (only when every row of the
    grid was read; a sheet whose 资金 rows are not on the page may be short of the indicators'
    sum by no more than the execution points), and the grade against 总分 (优 ≥ 90, 良 80–90, 中 60–80, 差 < 60, as data)."""
    for s in sheets(ctx):
        if s.total is None:
            continue
        if s.grade and s.grade in ("优", "良", "中", "差"):
            want = schemes().grade(s.total.value)
            if want != s.grade:
                yield ctx.finding(
                    f"总分{s.total.text}对应等级应为「{want}」，表中为「{s.grade}」",
                    s.grade_source or s.source,
                    stated=s.grade,
                    expected=want,
                    severity=Severity.WARNING,
                )
        placed_all = not any(re.search(r"\d", u.text) for u in s.unaligned if u.level1_family)
        scores = [i.score.value for i in s.indicators if i.score is not None]
        total_row = next((r for r in s.funds if r.role == "total"), None)
        if not placed_all or not scores or len(scores) != len(s.indicators):
            continue
        execution = total_row.score.value if total_row and total_row.score else Decimal(0)
        got = sum(scores, execution)
        unread = total_row is None and not s.funds  # the 资金 rows are not on the page
        if unread and Decimal(0) <= s.total.value - got <= scheme_of(ctx, s).execution:
            continue  # the gap may be the execution score the page does not show
        if got != s.total.value:
            yield ctx.finding(
                f"总分{s.total.text}与预算执行率得分{fmt(execution)}加各指标得分之和{fmt(got)}不符",
                s.grade_source or s.source,
                stated=s.total.value,
                expected=got,
                difference=s.total.value - got,
            )


@rule(
    "E007", "指标列在相符的一级/二级之下", category="indicators", severity="warning", source=SOURCE
)
def check_headings(ctx: Context) -> Iterator[Finding]:
    """A 二级指标 of another family under a 一级 (经济效益指标 under 产出指标(50分)), a 满意度
    indicator under 质量指标, and a complete sheet (总分 printed) with no 满意度指标."""
    for s in sheets(ctx):
        rows = [
            (i.name, i.level1_family, i.level2, i.level2_family, i.source) for i in s.indicators
        ]
        rows += [
            (u.text, u.level1_family, u.level2, W.level2_family(u.level2), u.source)
            for u in s.unaligned
        ]
        seen: set[str] = set()
        for name, fam1, level2, fam2, src in rows:
            if (fam1, fam2) == ("outcome", "satisfaction"):
                continue  # the 2015 template: 社会公众或服务对象满意度指标 is a 二级 of 效益指标
            if fam1 and fam2 and fam1 != fam2 and level2 not in seen and fam1 in _FAMILY_NAMES:
                seen.add(level2)
                yield ctx.finding(
                    f"二级指标「{level2}」（{name[:20]}）列在「{_FAMILY_NAMES[fam1]}」之下",
                    src,
                )
            if fam2 in ("output", "outcome") and "满意度" in name[:24]:
                yield ctx.finding(
                    f"满意度指标「{name[:20]}」列在「{level2}」之下，应列入满意度指标", src
                )
        fams = (
            {f for _, f, _, _, _ in rows}
            | {f for _, f, _, f2, _ in rows if f2}
            | {f for _, _, _, f, _ in rows}
        )
        if s.total is not None and "output" in fams and "satisfaction" not in fams:
            yield ctx.finding("指标体系未设满意度指标（产出、效益、满意度）", s.source)


def _counts(name: str) -> int:
    units = "".join(W.count_units)
    return len(re.findall(rf"\d+[{units}]", name))


#: a unit that counts things, not money (个, 人次, 所 …)
_COUNT_UNIT = re.compile(
    r"^(?:个|人次|人|次|户|家|项|所|辆|台|套|处|座|名|批|场|份|篇|期|县|乡|村)"
)


def _counted(i: SelfIndicator) -> bool:
    """An indicator whose target counts things (``宗教管理经费补助县(市、区)数量`` 7个): a money
    word in its name only says what was paid for."""
    if any(w in fold(i.name) for w in ("数量", "个数", "人数", "户数", "次数")):
        return True
    unit = fold(i.unit or re.sub(r"^[^\d]*[\d.]+", "", fold(i.target)))
    return bool(_COUNT_UNIT.match(unit))


@rule("E008", "指标值与指标相符", category="indicators", severity="warning", source=SOURCE)
def check_values(ctx: Context) -> Iterator[Finding]:
    """Indicator values that do not fit their indicator: a money input as a 数量指标, counts in a
    数量指标's name with a percentage target, an actual value written as a range (≥266米), a
    number target with an actual value that gives none, a 成本指标 without a money unit or a
    补助标准 without its per-unit basis, a blank 指标性质."""
    for s in sheets(ctx):
        blank_prop = 0
        for i in s.indicators:
            level2 = fold(i.level2)
            name = fold(i.name)
            if (
                level2.startswith("数量")
                and any(w in name for w in W.money_words)
                and not _counted(i)
            ):
                yield ctx.finding(f"数量指标「{i.name}」是资金投入，不是产出数量", i.source)
            if level2.startswith("数量") and _counts(name) >= 2 and i.target.endswith("%"):
                yield ctx.finding(
                    f"数量指标列出了数量（{i.name[:16]}…），指标值却是{i.target}", i.source
                )
            if i.actual and W.direction(i.actual) and s.kind == "自评表":
                yield ctx.finding(f"「{i.name}」实际完成值写成了区间「{i.actual}」", i.source)
            elif (
                i.actual
                and value_of(i.target) is not None
                and value_of(i.actual) is None
                and not fold(i.actual).startswith(W.met[:4])
            ):
                yield ctx.finding(
                    f"「{i.name}」指标值「{i.target}」与实际完成值「{i.actual}」不可比",
                    i.source,
                    severity=Severity.INFO,
                )
            if level2.startswith("成本"):
                unit = fold(i.unit or re.sub(r"^[^\d]*[\d.]+", "", fold(i.target)))
                money = "元" in unit or unit in ("万", "亿", "千")
                rate = "%" in unit or name.endswith("率")
                if unit and not money and not rate and value_of(i.target) is not None:
                    yield ctx.finding(f"成本指标「{i.name}」的单位「{unit}」不是金额单位", i.source)
                elif "标准" in name and "元" in unit and "/" not in unit:
                    yield ctx.finding(
                        f"成本指标「{i.name}」{i.target}未给出计量基数（如万元/公里）", i.source
                    )
            if i.has_property_column and not i.prop and value_of(i.target) is not None:
                blank_prop += 1
        if blank_prop:
            yield ctx.finding(
                f"{blank_prop}个定量指标未填指标性质（方向 ≥ ≤ =）", s.source.at(column="指标性质")
            )
        if s.kind == "自评表":
            for u in s.unaligned:
                if m := _RANGE_TWICE.search(fold(u.text)):
                    yield ctx.finding(f"实际完成值写成了区间「{m.group(1)}」", u.source)
                    break


#: a 指标值 that is only its unit (公里, 万亩, ≧ %): the number left out
_ONLY_UNIT = re.compile(
    r"^(?:[≥≤><=≧≦＞＜]|不低于|不少于|不高于|不超过)?"
    r"(?:%|％|(?:万|千|百)?(?:公里|平方米|立方米|米|亩|人次|人|户|个|元|项|次|所|辆|台|套|吨|座|处|名|批|天|件|份))$"
)


@rule("E009", "绩效表必填项", category="indicators", severity="warning", source=SOURCE)
def check_blank_fields(ctx: Context) -> Iterator[Finding]:
    """Header fields a performance sheet must fill (项目名称, 预算执行率权重(%)) printed empty,
    and 指标值 printed as their unit alone (``公里``, ``≧ %``)."""
    for s in sheets(ctx):
        for label, src in s.blank_fields:
            yield ctx.finding(f"「{label}」未填写", src)
        for i in s.indicators:
            if _ONLY_UNIT.match(fold(i.target).replace(" ", "")):
                yield ctx.finding(
                    f"指标「{i.name}」的指标值只有单位「{i.target}」，未填数值",
                    i.source.at(column="指标值"),
                    stated=i.target,
                )


_GRADE_EMPTY = re.compile(r"(?:评价|自评|绩效)等级为\s*(?:[”\"」。，,；;]|$)")
_SCORE_GRADE = re.compile(
    r"(?:综合|自评|总|评价)?得分(?:为|是)?\s*(\d+(?:\.\d+)?)\s*分[^。]{0,12}?等级(?:为|是|评定为)?\s*[“\"「]?([优良中差])"
)
_REPORT_LEVEL = re.compile(
    r"(决策|过程|产出|效益|满意度|成本)指标[^。，,；;]{0,6}?(?:自评)?得分(?:为|是)?\s*(\d+(?:\.\d+)?)\s*分"
)
#: the total a report gives its score: 综合得分为85分 / 绩效评价得分85分 / 总得分85分
_TOTAL_SCORE = re.compile(r"(?:综合|总|评价|自评)得分(?:为|是)?\s*(\d+(?:\.\d+)?)\s*分")
#: the 一级 of 财预〔2020〕10号's evaluation framework, where 满意度 is a 二级 under 效益
_EVALUATION_LEVELS = {"决策", "过程"}
#: what a scoring rule says after its threshold: ,计8分 / 得10分 / 扣2分
_SCORED = re.compile(r"\s*[,，]?\s*(?:的|时)?[,，]?\s*(?:计|得|扣|加|给)\s*\d")
_RATE_BARE = re.compile(
    r"([\u4e00-\u9fff]{2,12}率)(?:\([^()]*\))?\s*(?:>=|≥|≧|=|≤|<=|≦)\s*(\d+(?:\.\d+)?)"
    r"(?![\d.%％‰]|\s*百分)"  # (≥100百分比: a percent written out)
)
_PER_BARE = re.compile(r"(?:≤|<=|≦|≥|>=|≧|=)\s*(\d+(?:\.\d+)?)\s*/\s*([\u4e00-\u9fff])")
#: a character of every comparison operator the two patterns above read (fold keeps them)
_OPERATOR_MARKS = ("=", "≥", "≧", "≤", "≦")
_MISSING_AMOUNT = re.compile(r"(?:下达|安排|拨付)[^。，,]{2,40}?(?:资金|经费)\s+(万元|元)")


@rule("E010", "评价报告：得分与等级", category="indicators", severity="warning", source=SOURCE)
def check_report(ctx: Context) -> Iterator[Finding]:
    """A report's prose: a grade left empty (「绩效评价等级为”。」), a stated score whose grade
    does not fit (优 ≥ 90 …), indicator scores by 一级 with no 满意度指标, an amount left out
    (「下达…补助资金 万元」)."""
    levels: set[str] = set()
    for p in ctx.package.paragraphs:
        text = p.text
        if m := _GRADE_EMPTY.search(text):
            yield ctx.finding(
                f"评价等级为空：「{text[max(0, m.start() - 12) : m.end()]}」", p.source
            )
        for m in _SCORE_GRADE.finditer(text):
            score, grade = Decimal(m.group(1)), m.group(2)
            want = schemes().grade(score)
            if score <= _HUNDRED and want != grade:
                yield ctx.finding(
                    f"得分{m.group(1)}分对应等级应为「{want}」，文中为「{grade}」",
                    p.source,
                    stated=grade,
                    expected=want,
                )
        scores = {m.group(1): m for m in _REPORT_LEVEL.finditer(text)}
        levels |= set(scores)
        yield from _level_sum(ctx, p, scores)
        if m := _MISSING_AMOUNT.search(text):
            yield ctx.finding(f"金额未填写：「{m.group(0)}」", p.source)
    if (
        levels
        and "满意度" not in levels
        and not levels & _EVALUATION_LEVELS
        and not any("满意度" in p.text for p in ctx.package.paragraphs)
    ):
        yield ctx.finding(
            f"报告列出了{'、'.join(sorted(levels))}指标得分，未设满意度指标", ctx.package.source
        )


def _level_sum(ctx: Context, p: Paragraph, scores: dict[str, re.Match[str]]) -> Iterator[Finding]:
    """``综合得分85分…其中：决策指标得分18分，过程指标得分17分…``: the 一级 scores a paragraph
    lists (three or more, each once) add up to the total it states before them."""
    if len(scores) < 3:
        return
    first = min(m.start() for m in scores.values())
    total = None
    for m in _TOTAL_SCORE.finditer(p.text, 0, first):
        total = m
    if total is None:
        return
    parts = [Decimal(m.group(2)) for m in scores.values()]
    stated, listed = Decimal(total.group(1)), sum(parts, Decimal(0))
    if stated != listed and stated <= _HUNDRED:
        yield ctx.finding(
            f"总得分{total.group(1)}分与所列一级指标得分"
            f"{'、'.join(f'{k}{m.group(2)}分' for k, m in scores.items())}之和{listed}分不符",
            p.at(total.start()),
            stated=stated,
            expected=listed,
            difference=stated - listed,
            severity=Severity.ERROR,
        )


@rule("E011", "指标值缺少单位", category="indicators", severity="warning", source=SOURCE)
def check_value_units(ctx: Context) -> Iterator[Finding]:
    """Indicator values written in prose (绩效目标设定公示) without their unit: a 率 with a bare
    number (``成活率>=85``), a per-unit standard without its money unit (``≤28.40/株``)."""
    for p in ctx.package.paragraphs:
        if not any(op in p.text for op in _OPERATOR_MARKS):  # both patterns need one
            continue
        text = fold(p.text)
        for m in _RATE_BARE.finditer(text) if "率" in text else ():
            if Decimal(m.group(2)) == 0 or _SCORED.match(text, m.end()):
                continue  # 0 needs no %; a scoring rule's threshold (变动率≦0,计8分) is no value
            yield ctx.finding(f"「{m.group(1)}」的指标值{m.group(2)}缺少“%”", p.source)
        for m in _PER_BARE.finditer(text):
            yield ctx.finding(
                f"指标值「{m.group(0)}」缺少金额单位（应为元/{m.group(2)}等）", p.source
            )
