"""Performance indicator quality (standards §3)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

from yusuan.lang.selfeval import SELFEVAL_WORDS as W
from yusuan.model import OPERATORS, Indicator, Project, Source
from yusuan.rules.context import Context
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import rule


class _Sheet(NamedTuple):
    label: str
    indicators: tuple[Indicator, ...]
    project: Project | None
    source: Source
    page: bool  # a performance table of another layout (SelfEvaluation.targets)


#: the units a rate is written in
_PERCENT = ("%", "％", "百分比", "百分率")


def _sheets(ctx: Context, pages: bool = False) -> Iterator[_Sheet]:
    """The indicator sheets: each project's, 部门整体's and, with ``pages``, the indicator rows of
    performance tables of other layouts (绩效自评表, 目标表: ``SelfEvaluation.targets``), for
    the rules that judge an indicator by itself or against its neighbours. Rules about a
    sheet as a whole (weights adding up, every 一级 present) leave those out: such a table is
    often a part of a page, and its own rules (E0xx) weigh it by what it prints."""
    for p in ctx.package.projects:
        if p.indicators:
            yield _Sheet(f"项目「{p.name}」", p.indicators, p, p.source, False)
    d = ctx.package.department_performance
    if d is not None:
        yield _Sheet("部门整体绩效目标表", d.indicators, None, d.source, False)
    if pages:
        for s in ctx.package.self_evaluations:
            if s.targets:
                title = s.title if s.title and len(s.title) <= 40 else s.kind  # (not a page glued)
                yield _Sheet(f"「{title}」", s.targets, None, s.source, True)


@rule(
    "I001",
    "指标权重合计",
    category="indicators",
    severity="error",
    source="[S:CQ seeds, S:PR] W-2: 项目 90 + 预算执行率 10 = 100; 整体 100",
)
def check_weights(ctx: Context) -> Iterator[Finding]:
    """Project indicator weights total 90 and, with the 预算执行率权重 10, 100; the 整体 sheet totals 100."""
    prof = ctx.profile
    for label, inds, project, src, _ in _sheets(ctx):
        total = sum((i.weight or Decimal(0) for i in inds), Decimal(0))
        if project is None:
            expected = prof.department_weight
            if total != expected:
                yield ctx.finding(
                    f"{label}指标权重合计{total}，应为{expected}。",
                    src.at(row="指标权重"),
                    stated=total,
                    expected=expected,
                    difference=total - expected,
                )
            continue
        execution = project.execution_weight
        full = total + (execution or Decimal(0))
        if full != prof.project_indicator_weight + prof.execution_weight:
            yield ctx.finding(
                f"{label}指标权重合计{total}，加预算执行率权重{execution if execution is not None else '（空）'}为{full}，应为"
                f"{prof.project_indicator_weight}+{prof.execution_weight}=100。",
                src.at(row="指标权重"),
                stated=full,
                expected=prof.project_indicator_weight + prof.execution_weight,
                difference=full - prof.project_indicator_weight - prof.execution_weight,
            )


@rule(
    "I002",
    "指标性质（运算符）无效",
    category="indicators",
    severity="error",
    source="[S:CQ seeds] 指标性质 ∈ {≥, ≤, =, 定性}",
)
def check_operator(ctx: Context) -> Iterator[Finding]:
    """指标性质 is one of ≥, ≤, =, 定性; ``<`` or ``>`` cannot be scored."""
    for label, inds, _, _, _ in _sheets(ctx):
        for i in inds:
            if i.operator not in OPERATORS:
                yield ctx.finding(
                    f"{label}指标「{i.name}」的指标性质为“{i.operator}”，只能是≥、≤、=或定性。",
                    i.source.at(column="指标性质"),
                    stated=i.operator,
                    expected="≥/≤/=/定性",
                )


@rule(
    "I003",
    "一级/二级指标不匹配",
    category="indicators",
    severity="warning",
    source="[S~:88, S~:101] F-1, F-2, F-3 (framework configurable per profile)",
)
def check_levels(ctx: Context) -> Iterator[Finding]:
    """Each 二级指标 belongs to its 一级指标 in the profile's framework (88/101 style). In
    performance tables of other layouts only a 二级 outside the framework is reported (one of
    another 一级 is rule E007's), and a row printed without its 一级 or 二级 is not judged."""
    framework = ctx.profile.framework
    if not framework:
        return
    for label, inds, _, _, page in _sheets(ctx, pages=True):
        for i in inds:
            if page and (
                not (i.level1 and i.level2)
                or any(i.level2 in v for v in framework.values())
                or W.level2_family(i.level2) is not None  # 经济效益, 产出时效: named otherwise
            ):
                continue  # a heading left out; a known 二级 under another 一级 is E007's
            allowed = framework.get(i.level1)
            if allowed is None:
                yield ctx.finding(
                    f"{label}指标「{i.name}」的一级指标“{i.level1}”不在指标体系中。",
                    i.source.at(column="一级指标"),
                    stated=i.level1,
                )
            elif i.level2 not in allowed:
                yield ctx.finding(
                    f"{label}指标「{i.name}」：二级指标“{i.level2}”不属于一级指标“{i.level1}”"
                    f"（可选：{'、'.join(allowed)}）。",
                    i.source.at(column="二级指标"),
                    stated=i.level2,
                    expected="、".join(allowed),
                )


@rule(
    "I004",
    "指标方向与指标性质矛盾",
    category="indicators",
    severity="error",
    source="[D] standards §3.2 (≥ ⇒ 正向, ≤ ⇒ 反向)",
)
def check_declared_direction(ctx: Context) -> Iterator[Finding]:
    """A declared 指标方向性 agrees with the operator: ≥ is 正向, ≤ is 反向."""
    for label, inds, _, _, _ in _sheets(ctx, pages=True):
        for i in inds:
            d = i.direction or ""
            if (i.operator == "≥" and "反向" in d) or (i.operator == "≤" and "正向" in d):
                yield ctx.finding(
                    f"{label}指标「{i.name}」指标性质为{i.operator}，方向却标为{d}。",
                    i.source.at(column="指标方向性"),
                    stated=d,
                )


_LOWER_BETTER = re.compile(
    r"时间|时长|周期|等待|成本|单价|费用|用量|消耗|使用量|用电|用水|投诉|跑腿|跑动|差评|迟到|早退"
)
_HIGHER_BETTER = re.compile(r"^(?:减少|节约|节省|降低)|可持续")
_CONSUMPTION = re.compile(r"用量|消耗|使用量|用电|用水|耗材")


@rule(
    "I005",
    "指标方向颠倒",
    category="indicators",
    severity="warning",
    source="[D] standards §3.4 V-3 c), f)",
)
def check_semantic_direction(ctx: Context) -> Iterator[Finding]:
    """Durations, complaints, costs and consumption are better when lower: they take ≤, not ≥.
    Scoring consumption with ≥ rewards spending more."""
    for label, inds, _, _, _ in _sheets(ctx, pages=True):
        for i in inds:
            if (
                "满意" in i.name
                or i.operator != "≥"
                or "率" in i.name
                or not _LOWER_BETTER.search(i.name)
                or _HIGHER_BETTER.search(i.name)
            ):
                continue
            what = (
                "消耗类指标以≥考核会鼓励多用" if _CONSUMPTION.search(i.name) else "该指标越小越好"
            )
            yield ctx.finding(
                f"{label}指标「{i.name}」为“≥{i.value}{i.unit or ''}”：{what}，应为≤。",
                i.source.at(column="指标性质"),
                stated="≥",
                expected="≤",
            )


@rule(
    "I006",
    "定性指标填了数值或单位",
    category="indicators",
    severity="warning",
    source="[D] standards §3.2 (定性: a level text, no unit)",
)
def check_qualitative(ctx: Context) -> Iterator[Finding]:
    """A 定性 indicator has a level text (达成/高…) as its value and no unit."""
    for label, inds, _, _, _ in _sheets(ctx, pages=True):
        for i in inds:
            if i.operator == "定性" and (i.numeric_value is not None or i.unit):
                yield ctx.finding(
                    f"{label}指标「{i.name}」为定性指标，但指标值为“{i.value}”、单位为“{i.unit or ''}”。",
                    i.source.at(column="指标值"),
                    stated=i.value,
                )


_PLACEHOLDER_UNIT = re.compile(r"[（(][^）)]*[、,][^）)]*[）)]|频率|^人数$|^个数$")


@rule(
    "I007",
    "计量单位不规范",
    category="indicators",
    severity="warning",
    source="[D] standards §3.4 V-3 h)",
)
def check_units(ctx: Context) -> Iterator[Finding]:
    """Units are specific: no placeholders like ``个(台、套、件、辆)`` or ``频率(频道)次``;
    quantitative indicators have a unit."""
    for label, inds, _, _, _ in _sheets(ctx, pages=True):
        for i in inds:
            if i.unit and _PLACEHOLDER_UNIT.search(i.unit):
                yield ctx.finding(
                    f"{label}指标「{i.name}」的计量单位“{i.unit}”不规范。",
                    i.source.at(column="计量单位"),
                    stated=i.unit,
                )
            elif not i.unit and i.operator in ("≥", "≤", "=") and i.numeric_value is not None:
                yield ctx.finding(
                    f"{label}指标「{i.name}」是定量指标，但没有计量单位。",
                    i.source.at(column="计量单位"),
                )


@rule(
    "I008",
    "比率指标的单位与取值",
    category="indicators",
    severity="warning",
    source="[D] standards §3.4 V-3 b)",
)
def check_rates(ctx: Context) -> Iterator[Finding]:
    """A 率 indicator is in % with a value ≤ 100; a % indicator is not a count."""
    for label, inds, _, _, _ in _sheets(ctx, pages=True):
        for i in inds:
            v = i.numeric_value
            if i.name.endswith("率") and i.unit not in _PERCENT and i.operator != "定性":
                yield ctx.finding(
                    f"{label}指标「{i.name}」是比率，单位应为%，实为“{i.unit or ''}”。",
                    i.source.at(column="计量单位"),
                    stated=i.unit or "",
                    expected="%",
                )
            if i.unit in _PERCENT and v is not None and v > 100:
                yield ctx.finding(
                    f"{label}指标「{i.name}」为{v}%，超过100%。",
                    i.source.at(column="指标值"),
                    stated=v,
                )


@rule(
    "I009", "指标重复", category="indicators", severity="warning", source="[D] standards §3.3 W-4"
)
def check_duplicates(ctx: Context) -> Iterator[Finding]:
    """No indicator name repeats within a sheet."""
    for label, inds, _, _, _ in _sheets(ctx):
        seen: set[str] = set()
        for i in inds:
            if i.name in seen:
                yield ctx.finding(f"{label}指标「{i.name}」重复出现。", i.source)
            seen.add(i.name)


_PCT_IN_TEXT = re.compile(r"满意[度率][^，。；\d]{0,8}?(\d{2,3}(?:\.\d+)?)\s*[%％]")
_PRICE_IN_TEXT = re.compile(r"(\d+(?:\.\d+)?)\s*元\s*/\s*(平方米|㎡|人|台|件|月|盆)")


@rule(
    "I010",
    "指标值与本表文字矛盾",
    category="indicators",
    severity="warning",
    source="[D] standards §3.4 V-3 d), i)",
)
def check_against_text(ctx: Context) -> Iterator[Finding]:
    """Targets agree with the sheet's own text: a satisfaction % stated in 当年绩效目标, and unit
    prices stated in 项目概述 (a cost cap below the contract price cannot be met)."""
    for p in ctx.package.projects:
        text = p.text
        pct = _PCT_IN_TEXT.search(text)
        for i in p.indicators:
            v = i.numeric_value
            if v is None:
                continue
            if pct and "满意" in i.name and i.unit in ("%", "％") and Decimal(pct.group(1)) != v:
                yield ctx.finding(
                    f"项目「{p.name}」文字写明满意度{pct.group(1)}%，指标「{i.name}」却为{i.operator}{v}%。",
                    i.source.at(column="指标值"),
                    stated=v,
                    expected=Decimal(pct.group(1)),
                    difference=v - Decimal(pct.group(1)),
                )
            if i.level1 == "成本指标" or re.search(r"成本|单价", i.name):
                for m in _PRICE_IN_TEXT.finditer(text):
                    price, per = Decimal(m.group(1)), m.group(2)
                    if i.unit and per in i.unit and i.operator in ("≤", "<") and price > v:
                        yield ctx.finding(
                            f"项目「{p.name}」成本指标「{i.name}」要求{i.operator}{v}{i.unit}，但概述中的单价为{price}元/{per}，目标无法实现。",
                            i.source.at(column="指标值"),
                            stated=v,
                            expected=price,
                            difference=v - price,
                            severity=Severity.ERROR,
                        )
                        break


@rule(
    "I011",
    "同名指标目标值不一致",
    category="indicators",
    severity="info",
    source="[D] standards §3.4 V-3 e)",
)
def check_cross_sheet(ctx: Context) -> Iterator[Finding]:
    """The same indicator in several sheets of one department has the same target (or an explained difference)."""
    seen: dict[tuple[str, str | None], tuple[str, Indicator]] = {}
    for label, inds, _, _, _ in _sheets(ctx, pages=True):
        for i in inds:
            key = (i.name, i.unit)
            target = f"{i.operator}{i.value}"
            if key in seen and f"{seen[key][1].operator}{seen[key][1].value}" != target:
                first_label, first = seen[key]
                yield ctx.finding(
                    f"指标「{i.name}」在{label}为{target}{i.unit or ''}，在{first_label}为{first.operator}{first.value}{first.unit or ''}。",
                    i.source,
                    stated=target,
                    expected=f"{first.operator}{first.value}",
                    related=(first.source,),
                )
            seen.setdefault(key, (label, i))


#: a name measuring time (not one naming the time it is measured in: 服务周期内空气质量)
_TIME = re.compile(r"(?:时间|时长|周期|及时)(?!内|期间)")


@rule(
    "I012",
    "指标归类不当",
    category="indicators",
    severity="warning",
    source="[D] standards §3.4 V-3 a)",
)
def check_classification_fit(ctx: Context) -> Iterator[Finding]:
    """Output indicators about time belong to 时效指标; 满意度 indicators to 满意度指标."""
    for label, inds, _, _, _ in _sheets(ctx, pages=True):
        for i in inds:
            if i.level1 == "产出指标" and _TIME.search(i.name) and "时效" not in i.level2:
                yield ctx.finding(
                    f"{label}指标「{i.name}」衡量时间，应归入产出指标—时效指标，而非{i.level2}。",
                    i.source.at(column="二级指标"),
                    stated=i.level2,
                    expected="时效指标",
                )
            elif i.level1 == "成本指标" and _TIME.search(i.name):
                yield ctx.finding(
                    f"{label}指标「{i.name}」衡量时间，却作为成本指标。",
                    i.source.at(column="一级指标"),
                    stated=i.level1,
                    expected="产出指标—时效指标",
                )
            elif "满意" in i.name and i.level1 != "满意度指标" and "满意" not in i.level2:
                # (the 2015 template's 效益指标 — 社会公众或服务对象满意度指标 is its place)
                yield ctx.finding(
                    f"{label}指标「{i.name}」应归入满意度指标。",
                    i.source.at(column="一级指标"),
                    stated=i.level1,
                    expected="满意度指标",
                )


@rule(
    "I013",
    "核心指标数量",
    category="indicators",
    severity="warning",
    source="[S:CQZT] 部门整体绩效 核心指标 ≥ 5 (Chongqing)",
)
def check_core_count(ctx: Context) -> Iterator[Finding]:
    """The 部门整体绩效目标表 has at least the profile's number of 核心指标."""
    d = ctx.package.department_performance
    n = ctx.profile.min_core_indicators
    if d is None or n <= 0:
        return
    core = sum(1 for i in d.indicators if i.core)
    if core < n:
        yield ctx.finding(
            f"部门整体绩效目标表核心指标{core}个，少于{n}个。",
            d.source,
            stated=Decimal(core),
            expected=Decimal(n),
        )


@rule(
    "I014",
    "缺少必备的一级指标",
    category="indicators",
    severity="warning",
    source="[S~:10] W-1, [D] W-4: 产出、效益、满意度 each at least once (configurable per profile)",
)
def check_required_level1(ctx: Context) -> Iterator[Finding]:
    """Each sheet has at least one indicator of every 一级指标 the profile requires
    (by default 产出指标, 效益指标 and 满意度指标; add 成本指标 for the 101-style framework)."""
    required = ctx.profile.required_level1
    for label, inds, _, src, _ in _sheets(ctx):
        present = {i.level1 for i in inds}
        missing = [x for x in required if x not in present]
        if missing:
            yield ctx.finding(
                f"{label}没有{'、'.join(missing)}。",
                src.at(row="一级指标"),
                expected="、".join(missing),
            )


_INPUT = re.compile(
    r"(?:资金|经费|预算).{0,4}?(?:到位|执行|支付|拨付|使用|保障)率|支出进度|资金到位"
)


@rule(
    "I015",
    "投入类指标列为产出或效益",
    category="indicators",
    severity="warning",
    source="[D] standards §3.3 (资金到位率、预算执行率 measure inputs and process, not outputs); 10号 §3.6 W-1",
)
def check_inputs_as_outputs(ctx: Context) -> Iterator[Finding]:
    """资金到位率, 预算执行率, 支出进度… measure money going in, not what the project delivers:
    as 产出 or 效益 indicators they score the spending twice (预算执行率 already carries its own
    10 points in the self-evaluation)."""
    for label, inds, _, _, _ in _sheets(ctx, pages=True):
        for i in inds:
            if i.level1 in ("产出指标", "效益指标") and _INPUT.search(i.name):
                yield ctx.finding(
                    f"{label}指标「{i.name}」衡量资金投入或执行进度，不是{i.level1[:2]}；"
                    "预算执行情况已在自评中单独计分，请改为反映项目产出或效果的指标。",
                    i.source.at(column="三级指标"),
                    stated=i.level1,
                    expected="产出或效益（非资金投入）",
                )


@rule(
    "I016",
    "一级指标权重偏离默认分配",
    category="indicators",
    severity="warning",
    source="[S~:10] W-1 default 产出 50 / 效益 30 / 满意度 10 (+ 预算执行率 10); [D] W-3 warnings only; off by default",
)
def check_level1_split(ctx: Context) -> Iterator[Finding]:
    """A project's indicator weights by 一级 against the profile's default split (成本 counts as
    产出). The split is a recommendation: this rule is off unless a profile turns it on."""
    split = dict(ctx.profile.level1_split)
    for p in ctx.package.projects:
        if not p.indicators or any(i.weight is None for i in p.indicators):
            continue
        totals: dict[str, Decimal] = {k: Decimal(0) for k in split}
        for i in p.indicators:
            level = "产出指标" if i.level1 == "成本指标" else i.level1
            if level in totals:
                totals[level] += i.weight or Decimal(0)
        if totals != split:
            shown = "、".join(f"{k[:-2]}{v.normalize():f}" for k, v in totals.items())
            wanted = "、".join(f"{k[:-2]}{v.normalize():f}" for k, v in split.items())
            yield ctx.finding(
                f"项目「{p.name}」一级指标权重为{shown}，默认分配为{wanted}。",
                p.source.at(column="指标权重"),
                stated=shown,
                expected=wanted,
            )
