"""One amount stated twice in prose, differently (S007)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from yusuan.lang import VOCABULARY
from yusuan.lang.vocabulary import fold
from yusuan.model import Figure
from yusuan.rules.context import Context
from yusuan.rules.figures import (
    SOURCE,
    Figures,
    amount_text,
    as_unit,
    figures_of,
    half,
    money_unit,
    name,
    scope,
)
from yusuan.rules.findings import Finding
from yusuan.rules.registry import rule


def _measure(figs: Figures, f: Figure, stage: str) -> str:
    """What an amount measures: as its sentence says, else an amount spent when a completion
    rate is given with it (…支出10044.01万元，预算执行比例为88.69%), else its list's total's,
    else the document's own."""
    if f.measure:
        return f.measure
    if f.completion is not None:
        return "决算"
    if f.parent is not None:
        return _measure(figs, figs.all[f.parent], stage)
    return stage


@rule("S007", "同一事项金额前后不一", category="narrative", severity="warning", source=SOURCE)
def check_restated(ctx: Context) -> Iterator[Finding]:
    """One subject, year and measure stated twice with different amounts (``公务用车购置及运行费
    支出决算174,732.10元`` after ``…273,702.10元``): one of them is wrong, or the sentence
    states a change without saying so. The classic slips are named: the same digits under
    元 and 万元, or amounts 1,000 times apart (a thousands separator read as a decimal point).
    Reported once per pair of amounts. With tables, N001 and N005 compare each amount with the
    table and with its restatements instead."""
    if ctx.package.tables:
        return
    figs = figures_of(ctx)
    stage = ctx.package.info.stage
    holders = [_holder(f) for f in figs.all]
    seen: set[tuple[str, Decimal, Decimal]] = set()
    for f in figs.all:
        if f.subject is None or f.amount is None:
            continue
        for g in figs.all[: f.index]:
            if g.subject != f.subject or g.amount is None or not figs.same(f, g):
                continue
            if scope(g) != scope(f):
                continue  # 基本支出 of all funds, and of 一般公共预算财政拨款
            if _measure(figs, f, stage) != _measure(figs, g, stage):
                continue  # …经费支出10044.01万元 (its 执行比例 given), then …经费预算11324.44万元
            if _under(figs, g) != _under(figs, f):
                continue  # 工资福利支出 of 基本支出, and of 项目支出
            if not _same_holder(holders[g.index], holders[f.index]):
                continue  # 北京市公安局的“三公”经费 is not the city's; 节约“三公”经费 no level
            if not g.amount or not f.amount:
                continue  # 项目支出0元 of one 科目, and of the whole
            other = as_unit(g.amount, g, f)
            assert other is not None
            if abs(other - f.amount) <= half(g.amount) + half(f.amount):
                continue
            key = (f.subject, min(f.amount, other), max(f.amount, other))
            if key in seen:
                continue
            seen.add(key)
            slip = "（如为增减额，应写明“增加/减少”）"
            if g.amount == f.amount and g.factor != f.factor:
                slip = "（数字相同而单位不同：元与万元写混）"
            elif (
                f.amount and other and max(f.amount, other) / min(f.amount, other) in (1000, 10000)
            ):
                slip = "（相差1000或10000倍：千分位、小数点或单位有误）"
            yield ctx.finding(
                f"「{name(f)}」前文为{amount_text(g.amount, g)}，此处为"
                f"{amount_text(f.amount, f)}，金额前后不一致{slip}。",
                f.source,
                stated=f.amount,
                expected=g.amount,
                difference=f.amount - g.amount,
                related=(g.source,),
                unit=money_unit(f) if f.factor == g.factor else None,
            )


#: a difference named by its verb (节约“三公”经费141.35万元): no level of the subject
_DIFFERENCE = re.compile(r"节约|节省|压减|压缩|超支|结余|少支|多支")
#: what says nothing of whose the amount is (years, 本/我 + the unit, 其中, 今年…)
_PLAIN = re.compile(
    r"\d{4}\s*年度?|今年|全年|本年|当年|上年|其中[:：]?|[本我](?:单位|部门|局|委|办|镇|乡|级)?"
    r"|[，,、：:\s“”\"（）()]"
)
#: an organ named before the subject (北京市公安局, 天山区本级)
_ORGAN = re.compile(r"(?:局|委员会|委|办公室|办|厅|院|部|中心|所|站|镇|乡|街道|区|县|市|单位|机关)")


def _holder(f: Figure) -> str | None:
    """Whose the amount is, as the label says before its subject: the organ it names, a
    qualifier ending in 的 (其中涉外的公务接待费), "" for none; None for a difference
    (节约…)."""
    folded = fold(f.label)
    if _DIFFERENCE.search(folded):
        return None
    found = list(VOCABULARY.subject_pattern.finditer(folded))
    raw = folded[: found[-1].start()] if found else ""
    if raw.endswith(_PART_OF):
        return raw + "的"  # 本级项目支出 is a part of 项目支出 (of the 本级 only)
    before = _PLAIN.sub("", raw)
    if before.endswith("的") or _ORGAN.search(before):
        return before
    # an organ the sentence names just before the label's clause (比如市旅游委，2015年“三公”经费…)
    at = f.text.find(f.label) if f.label else -1
    named = _NAMED_BEFORE.search(f.text[:at]) if at > 0 else None
    return _PLAIN.sub("", named.group(1)) if named else ""


#: an organ named at the end of the clause before a label: 比如市旅游委， / 其中市公安局：
_NAMED_BEFORE = re.compile(
    r"(?:比如|例如|譬如|如|其中|另外|此外|而)?"
    r"([\u4e00-\u9fff]{1,10}?(?:局|委员会|委|办公室|厅|院|中心))\s*[，,:：]\s*$"
)
#: a qualifier naming a part of the whole (本级项目支出, 市本级…, 部门本级…)
_PART_OF = ("本级", "本级项目", "机关本级")


def _same_holder(a: str | None, b: str | None) -> bool:
    """Two amounts of one holder (:func:`_holder`): no difference among them, and no two organs
    or qualifiers that differ (an organ named once and not again is the same)."""
    if a is None or b is None:
        return False
    if a.endswith("的") or b.endswith("的"):
        return a == b
    return not a or not b or a == b


def _under(figs: Figures, f: Figure) -> str | None:
    """What the total a figure is listed under is (its subject, else its label)."""
    if f.parent is None:
        return None
    above = figs.all[f.parent]
    return above.subject or above.label
