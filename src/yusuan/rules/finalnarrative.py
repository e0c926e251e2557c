"""决算 narrative statements checked against the tables and against themselves (standards §1.4).

The 情况说明 of a 决算 states, besides totals and shares (``finalaccounts``): the 三公 决算 against
the 年初预算 with a 完成率, the change on the prior year's 决算 with a percentage, the 公务接待
批次/人次, the 政府采购 amounts awarded to 中小企业, and for every 项 what it was 主要用于.

``机关运行经费支出10.23万元，比2023年度增加10.23万元，增长100.00%`` states a growth on a zero
base; ``增加12.34万元，增长12.34%`` gives the amount again as a percentage; the 住房公积金 line
``主要用于：事业单位医疗保险支出`` is the 事业单位医疗 line's text pasted one line too far.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from yusuan.lang import VOCABULARY
from yusuan.model import BudgetPackage, Paragraph, Source, TableKind
from yusuan.money import Unit, number, quantize
from yusuan.rules import quantities as q
from yusuan.rules.context import Context
from yusuan.rules.finalaccounts import HALF, ratio_range
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import rule

_NUM = r"(\d[\d,]*(?:\.\d+)?)"
_SENTENCE = re.compile(r"[^。]*。?")
_UP = ("增加", "增长", "上升")

#: 三公 items (keys of the 三公 table) and how findings name them, from the budget vocabulary
_THREE_PUBLIC_NAMES = {"total": VOCABULARY.name("sangong")} | {
    k: VOCABULARY.name(k)
    for k in ("outbound", "vehicle", "vehicle_operation", "vehicle_purchase", "reception")
}


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) pairs; a sentence ends with 。."""
    for m in _SENTENCE.finditer(text):
        if m.group(0):
            yield m.start(), m.group(0)


def _three_public_key(text: str) -> str | None:
    """The 三公 item a clause names (through the vocabulary), as a key of the 三公 table."""
    key = VOCABULARY.subject_of(text)
    if key == "sangong":
        return "total"
    return key if key in _THREE_PUBLIC_NAMES else None


def _three_public_value(ctx: Context, key: str, measure: str) -> Decimal | None:
    """A 三公 cell of a 决算 table (预算数 or 决算数 row), in 万元; None without such a table."""
    t = ctx.table(TableKind.THREE_PUBLIC)
    if t is None or {r.name for r in t.rows} < {"预算数", "决算数"}:
        return None
    found = q.three_public(ctx.package, key, measure)
    return None if found is None else quantize(found.value)


def _places(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _pct(value: Decimal) -> str:
    return f"{quantize(value)}%"


# --- 三公 完成率 -------------------------------------------------------------------------------

_THREE_RATE = re.compile(
    r"决算(?:数)?为?\s*" + _NUM + r"\s*万元\s*[，,]\s*完成(?:年初|全年)?预算(?:数)?的\s*"
    r"(\d+(?:\.\d+)?)\s*[%％]"
)
_STATED_BUDGET = re.compile(r"预算(?:数)?为\s*\d")
_CLAUSE_START = re.compile(r"[；;。]|其中[:：]?")


def _clause_before(text: str, end: int) -> tuple[int, str]:
    """The clause that ends at ``end``: from the last ；/。/其中 before it."""
    start = 0
    for m in _CLAUSE_START.finditer(text, 0, end):
        start = m.end()
    return start, text[start:end]


@rule(
    "J004",
    "“三公”经费完成率与决算表",
    category="narrative",
    severity="error",
    source="[S:JS] 三公 预算 vs 决算 and 完成率 (standards §1.4); R-PUB-3 [S:143]",
    applies_to=("决算",),
)
def check_three_public_rates(ctx: Context) -> Iterator[Finding]:
    """``公务接待费支出决算为0.39万元，完成预算的13.68%`` equals the stated 决算 ÷ the 预算数 the
    “三公”经费支出决算表 prints for that item. A rate on an item with no budget (预算数 0) cannot
    be computed: an error when money was spent, a warning when 0 is written as 0%. Clauses that
    state their own budget are J001's."""
    if ctx.table(TableKind.THREE_PUBLIC) is None:
        return
    for para in ctx.package.paragraphs:
        if "完成" not in para.text:
            continue
        for m in _THREE_RATE.finditer(para.text):
            _, clause = _clause_before(para.text, m.start())
            key = _three_public_key(clause)
            if key is None or _STATED_BUDGET.search(clause):
                continue
            budget = _three_public_value(ctx, key, "预算数")
            if budget is None:
                continue
            spent, rate_text = number(m.group(1)), m.group(2)
            stated = Decimal(rate_text)
            name = _THREE_PUBLIC_NAMES[key]
            where = para.at(m.start()).at(row=f"{name}完成预算的{rate_text}%")
            if budget == 0:
                yield ctx.finding(
                    f"说明称{name}决算{spent}万元、“完成预算的{rate_text}%”，但“三公”经费支出决算表中"
                    f"{name}预算数为0，完成率无法计算（应写明未安排预算）。",
                    where,
                    stated=f"{rate_text}%",
                    expected="预算数为0，无完成率",
                    severity=Severity.WARNING if spent == 0 else None,
                )
                continue
            slack = Decimal(5) / Decimal(10) ** (_places(rate_text) + 1)
            table_spent = _three_public_value(ctx, key, "决算数")
            # a rate right for the table's 决算数 leaves a mistyped amount to N001
            if any(
                lo - slack <= stated <= hi + slack
                for lo, hi in (
                    ratio_range(a, budget) for a in (spent, table_spent) if a is not None
                )
            ):
                continue
            expected = quantize(spent / budget * 100)
            yield ctx.finding(
                f"说明称{name}完成预算的{rate_text}%，按决算{spent}万元÷“三公”经费支出决算表预算数"
                f"{budget}万元应为{expected}%。",
                where,
                stated=f"{rate_text}%",
                expected=f"{expected}%",
                difference=stated - expected,
            )


# --- 同比 / 比预算 增减与百分比 -----------------------------------------------------------------

_GROWTH = re.compile(
    r"(增加|减少|增长|下降|上升|降低)了?\s*"
    + _NUM
    + r"\s*万元\s*[，,、]?\s*(增长|下降|上升|降低|增加|减少)(?:（[^）]{1,4}）)?了?\s*"
    r"(\d+(?:\.\d+)?)\s*[%％]"
)
_LEVEL = re.compile(r"(?<![\d.])" + _NUM + r"\s*万元")
_DIRECTION_BEFORE = re.compile(r"(?:增加|减少|增长|下降|上升|降低|了)\s*$")
_BASE = re.compile(
    r"(?:比|较|与)\s*(上年度?|\d{4}\s*年度?|年初预算数?|全年预算数?|上年决算数?|预算数)"
)
_REFERS_BACK = re.compile(r"^\s*(?:与|和|较|比)")


@dataclass(frozen=True, slots=True)
class _Growth:
    """A change stated with its amount and its percentage, and the current amount it is on."""

    current: Decimal
    delta: Decimal  # signed
    percent_text: str
    base: str
    subject: str
    source: Source

    @property
    def percent(self) -> Decimal:
        return Decimal(self.percent_text)

    @property
    def prior(self) -> Decimal:
        return self.current - self.delta


def _growths(ctx: Context) -> Iterator[_Growth]:
    """Every ``增加Δ万元，增长p%`` whose current amount can be told: the amount the same clause
    states (``机关运行经费支出142.80万元，比2023年度减少13.52万元``), the 三公 决算表's 决算数 for a
    三公 item, or the amount of the sentence a ``与2023年度相比，…`` sentence refers back to."""
    final = ctx.package.info.stage == "决算"
    for para in ctx.package.paragraphs:
        sentences = list(_sentences(para.text))
        for i, (offset, sentence) in enumerate(sentences):
            after = 0  # a change after another in one clause is about a new subject
            for m in _GROWTH.finditer(sentence):
                start, clause = _clause_before(sentence, m.start())
                if after > start:
                    start, clause = after, sentence[after : m.start()]
                after = m.end()
                current = _current(ctx, clause, final)
                if current is None and start == 0 and _REFERS_BACK.match(sentence) and i > 0:
                    level = _first_level(sentences[i - 1][1])
                    current = None if level is None else number(level.group(1))
                if current is None:
                    continue
                delta = number(m.group(2))
                if m.group(1) not in _UP:
                    delta = -delta
                base = _BASE.search(clause) or _BASE.search(sentence[: m.start()])
                yield _Growth(
                    current,
                    delta,
                    m.group(4),
                    base.group(1).replace(" ", "") if base else "上年",
                    _subject(clause),
                    para.at(offset + m.start()).at(row="".join(m.group(0).split())),
                )


def _current(ctx: Context, clause: str, final: bool) -> Decimal | None:
    key = _three_public_key(clause)
    if final and key is not None and "运行经费" not in clause:
        value = _three_public_value(ctx, key, "决算数")
        if value is not None:
            return value
    levels = [
        lv for lv in _LEVEL.finditer(clause) if not _DIRECTION_BEFORE.search(clause[: lv.start()])
    ]
    return number(levels[-1].group(1)) if levels else None


def _first_level(sentence: str) -> re.Match[str] | None:
    for lv in _LEVEL.finditer(sentence):
        if (
            not _DIRECTION_BEFORE.search(sentence[: lv.start()])
            and "占" not in sentence[max(0, lv.start() - 2) : lv.start()]
        ):
            return lv
    return None


def _subject(clause: str) -> str:
    """The words the clause starts with, up to its first number or comparison."""
    text = _LEAD.sub("", clause.strip())
    head = re.split(r"[\d，,]|比|较|与|增加|减少", text, maxsplit=1)[0]
    return re.sub(r"(?:为|是|共计|合计)$", "", head.strip()) or "该项"


_LEAD = re.compile(r"^(?:(?:与|和|较|比)[^，,]*?相比\s*[，,]?\s*|\d{4}\s*年度?\s*)+")


@rule(
    "J005",
    "增减百分比按基数重算",
    category="narrative",
    severity="error",
    source="[D] standards §2.4 N-2 (percentage = Δ ÷ 上年); [S:JS] 决算说明 同比 (standards §1.4)",
)
def check_growth_rates(ctx: Context) -> Iterator[Finding]:
    """``X万元，比2023年度增加Δ万元，增长p%``: p equals Δ ÷ (X − Δ), the amount compared with (the
    prior year's 决算, or the budget for ``比年初预算``), to the printed precision. A zero base is
    J006's, a percentage that repeats the amount J007's. On a part of a package (no 三公 table)
    S001 checks the same sentences from the prose's figures."""
    if ctx.package.info.partial:
        return
    for g in _growths(ctx):
        if g.prior <= ctx.tolerance(Unit.WAN) or g.percent == abs(g.delta):
            continue
        lo, hi = _growth_range(g.current, g.delta)
        slack = Decimal(5) / Decimal(10) ** (_places(g.percent_text) + 1)
        stated = g.percent if g.delta >= 0 else -g.percent
        if lo - slack <= stated <= hi + slack:
            continue
        expected = quantize(g.delta / g.prior * 100)
        yield ctx.finding(
            f"「{g.subject}」本年{g.current}万元，比{g.base}{'增加' if g.delta >= 0 else '减少'}"
            f"{abs(g.delta)}万元，基数为{g.prior}万元，变动率应为{_pct(abs(expected))}，说明称"
            f"{g.percent_text}%。",
            g.source,
            stated=f"{g.percent_text}%",
            expected=_pct(abs(expected)),
            difference=abs(stated) - abs(expected),
        )


def _growth_range(current: Decimal, delta: Decimal) -> tuple[Decimal, Decimal]:
    values = [
        d / (c - d) * 100
        for c in (current - HALF, current + HALF)
        for d in (delta - HALF, delta + HALF)
        if c - d > 0
    ]
    return (min(values), max(values)) if values else (Decimal(0), Decimal(0))


@rule(
    "J006",
    "基数为0时的增长率",
    category="narrative",
    severity="error",
    source="[D] standards §2.4 N-2 (a percentage on a zero 上年 is undefined); issue #7",
)
def check_zero_base_growth(ctx: Context) -> Iterator[Finding]:
    """``10.23万元，比2023年度增加10.23万元，增长100.00%``: the amount compared with is 0, so no
    growth rate exists; the text should say the item is new (上年无此项支出)."""
    for g in _growths(ctx):
        if abs(g.prior) > ctx.tolerance(Unit.WAN):
            continue
        if abs(g.current) <= ctx.tolerance(Unit.WAN) and g.percent == 0:
            # 0 → 0 written as "增长0%": nothing is misstated, the wording is only loose
            yield ctx.finding(
                f"「{g.subject}」本年与{g.base}均为0，没有增长率可言，说明写作{g.percent_text}%，"
                "宜写作「与上年持平」或「均未发生」。",
                g.source,
                stated=f"{g.percent_text}%",
                expected=f"{g.base}为0，无增长率",
                severity=Severity.INFO,
            )
            continue
        yield ctx.finding(
            f"「{g.subject}」本年{g.current}万元，比{g.base}{'增加' if g.delta >= 0 else '减少'}"
            f"{abs(g.delta)}万元，可知{g.base}为0，"
            f"增长率无法计算，说明却称{g.percent_text}%。",
            g.source,
            stated=f"{g.percent_text}%",
            expected=f"{g.base}为0，无增长率",
        )


@rule(
    "J007",
    "百分比实为增减金额",
    category="narrative",
    severity="error",
    source="[D] issue #7: a \u201cpercentage\u201d that equals an amount difference; standards §2.4 N-2",
)
def check_percent_is_amount(ctx: Context) -> Iterator[Finding]:
    """``减少13.52万元，下降13.52%``: the percentage repeats the amount of the change (a field filled
    with the wrong number); the rate on the base is computed for comparison."""
    for g in _growths(ctx):
        if g.percent != abs(g.delta) or g.prior <= ctx.tolerance(Unit.WAN):
            continue
        lo, hi = _growth_range(g.current, g.delta)
        stated = g.percent if g.delta >= 0 else -g.percent
        if lo - HALF <= stated <= hi + HALF:
            continue  # the two coincide: 1.00万元 on 100.00万元 is 1.00%
        expected = quantize(abs(g.delta) / g.prior * 100)
        yield ctx.finding(
            f"「{g.subject}」的增减率写作{g.percent_text}%，与增减金额{abs(g.delta)}万元相同；按基数"
            f"{g.prior}万元应为{expected}%。",
            g.source,
            stated=f"{g.percent_text}%",
            expected=f"{expected}%",
            difference=g.percent - expected,
        )


# --- 公务接待 / 因公出国 批次、人次 ------------------------------------------------------------

_RECEPTION = re.compile(
    r"(公务接待|接待外宾|外事接待|国内公务接待)\D{0,6}?(\d+)\s*批次?[、，,]?\s*(?:共|累计)?\s*(\d+)\s*人次"
)
_GROUPS = re.compile(
    r"(因公出国（境）|因公出国)?团组\s*(\d+)\s*个[、，,]?\s*(?:共|累计)?\s*(\d+)\s*人次?"
)


@dataclass(frozen=True, slots=True)
class _Count:
    what: str  # 公务接待 | 接待外宾 | 因公出国
    batches: int
    people: int
    source: Source


def _counts(paras: tuple[Paragraph, ...]) -> list[_Count]:
    out: list[_Count] = []
    for para in paras:
        for m in _RECEPTION.finditer(para.text):
            what = "接待外宾" if "外" in m.group(1) else "公务接待"
            out.append(
                _Count(what, int(m.group(2)), int(m.group(3)), para.at(m.start()).at(row=what))
            )
        for m in _GROUPS.finditer(para.text):
            out.append(
                _Count(
                    "因公出国",
                    int(m.group(2)),
                    int(m.group(3)),
                    para.at(m.start()).at(row="因公出国团组"),
                )
            )
    return out


@rule(
    "J008",
    "公务接待批次与人次",
    category="narrative",
    severity="error",
    source="[S:JS] 三公 说明: 国内公务接待 批次/人次, 因公出国 团组/人次 (standards §1.4)",
)
def check_reception_counts(ctx: Context) -> Iterator[Finding]:
    """Each 批次 (团组) has at least one person: 人次 ≥ 批次, and both are 0 or neither; 外宾 接待 is
    part of 公务接待; the counts are stated alike wherever repeated; and in a 决算 a 接待/出国 count
    and the 三公 决算表's 决算数 are both zero or both not (warning)."""
    counts = _counts(ctx.package.paragraphs)
    first: dict[str, _Count] = {}
    for c in counts:
        unit = "团组" if c.what == "因公出国" else "批次"
        if c.people < c.batches or (c.batches == 0) != (c.people == 0):
            yield ctx.finding(
                f"说明称{c.what}{c.batches}{unit}、{c.people}人次：每{unit}至少1人次，人次不应少于{unit}数，"
                f"且两者应同为0或同不为0。",
                c.source,
                stated=f"{c.batches}{unit}、{c.people}人次",
                expected=f"人次 ≥ {unit}数",
            )
        seen = first.setdefault(c.what, c)
        if seen is not c and (seen.batches, seen.people) != (c.batches, c.people):
            yield ctx.finding(
                f"说明前后所列{c.what}次数不一致：先写{seen.batches}{unit}、{seen.people}人次，后写"
                f"{c.batches}{unit}、{c.people}人次。",
                c.source,
                stated=f"{c.batches}{unit}、{c.people}人次",
                expected=f"{seen.batches}{unit}、{seen.people}人次",
                related=(seen.source,),
            )
    total, foreign = first.get("公务接待"), first.get("接待外宾")
    if (
        total is not None
        and foreign is not None
        and (foreign.batches > total.batches or foreign.people > total.people)
    ):
        yield ctx.finding(
            f"接待外宾{foreign.batches}批次、{foreign.people}人次，多于公务接待总数"
            f"{total.batches}批次、{total.people}人次。",
            foreign.source,
            stated=f"{foreign.batches}批次、{foreign.people}人次",
            expected=f"≤ {total.batches}批次、{total.people}人次",
            related=(total.source,),
        )
    for what, key in (("公务接待", "reception"), ("因公出国", "outbound")):
        stated_count = first.get(what)
        spent = _three_public_value(ctx, key, "决算数")
        if stated_count is None or spent is None or (stated_count.batches == 0) == (spent == 0):
            continue
        name = _THREE_PUBLIC_NAMES[key]
        unit = "团组" if what == "因公出国" else "批次"
        yield ctx.finding(
            f"说明称{what}{stated_count.batches}{unit}，而“三公”经费支出决算表{name}决算数为"
            f"{spent}万元，两者应同为0或同不为0。",
            stated_count.source,
            stated=f"{stated_count.batches}{unit}",
            expected=f"{name}{spent}万元",
            severity=Severity.WARNING,
        )


# --- 政府采购 中小企业 ---------------------------------------------------------------------------

_PROC_TOTAL = re.compile(r"政府采购(?:支出)?(?:总额|金额)[^。\d]{0,16}?为?\s*" + _NUM + r"\s*万元")
_SME_AWARD = re.compile(r"授予中小企业合同(?:金额)?\s*(?:为|共)?\s*" + _NUM + r"\s*万元")
_SME_SHARE = re.compile(
    r"授予中小企业合同(?:金额)?\s*(?:为|共)?\s*"
    + _NUM
    + r"\s*万元\s*[，,]\s*占(?:政府采购(?:支出)?(?:总额|金额)|采购总额)的?\s*(\d+(?:\.\d+)?)\s*[%％]"
)
_SMALL_SHARE = re.compile(
    r"授予小微企业合同(?:金额)?\s*(?:为|共)?\s*"
    + _NUM
    + r"\s*万元\s*[，,]\s*占授予中小企业合同(?:金额)?的?\s*(\d+(?:\.\d+)?)\s*[%％]"
)
#: Shanghai wording: the SME awards in the reserved projects and in the other projects.
_SME_RESERVED = re.compile(
    r"面向中小企业预留的?政府采购项目中[，,]?\s*由中小企业供应商中标或成交的?[，,]?\s*"
    r"(?:采购|合同)金额\s*(?:为)?\s*" + _NUM + r"\s*万元"
)
_SME_OTHER = re.compile(
    r"其他政府采购项目中[，,]?\s*由中小企业供应商中标或成交的?[，,]?\s*"
    r"(?:采购|合同)金额\s*(?:为)?\s*" + _NUM + r"\s*万元"
)


@rule(
    "J009",
    "中小企业合同金额与占比",
    category="narrative",
    severity="error",
    source="[S:143] R-PUB-5: 政府采购 with 授予中小企业合同金额 and its share (standards §1.4)",
)
def check_sme_share(ctx: Context) -> Iterator[Finding]:
    """The amount awarded to 中小企业 (stated, or the awards in reserved and in other projects
    added up) is part of the 政府采购 total, and ``授予中小企业合同金额X万元，占政府采购支出总额的Y%``
    equals X ÷ the total (小微 likewise of the 中小企业 amount)."""
    paras = [p for p in ctx.package.paragraphs if "采购" in p.text]
    total_at = _first(paras, _PROC_TOTAL)
    if total_at is None:
        return
    total, total_src = number(total_at[0].group(1)), total_at[1]
    for m, src in _all(paras, _SME_SHARE):
        yield from _share(ctx, m, src, total, "政府采购总额")
    sme_at = _first(paras, _SME_AWARD)
    for m, src in _all(paras, _SMALL_SHARE):
        if sme_at is not None:
            yield from _share(ctx, m, src, number(sme_at[0].group(1)), "授予中小企业合同金额")
    if sme_at is not None:
        sme, src, how = (
            number(sme_at[0].group(1)),
            sme_at[1],
            f"授予中小企业合同金额{sme_at[0].group(1)}万元",
        )
    else:
        reserved, other = _first(paras, _SME_RESERVED), _first(paras, _SME_OTHER)
        if reserved is None or other is None:
            return
        a, b = number(reserved[0].group(1)), number(other[0].group(1))
        sme, src = a + b, reserved[1]
        how = f"预留项目中由中小企业中标或成交{a}万元、其他项目中由中小企业中标或成交{b}万元，合计{sme}万元"
    if sme <= total:
        return
    tail = sme - total <= ctx.tolerance(Unit.WAN)
    yield ctx.finding(
        f"{how}，超过政府采购总额{total}万元" + ("（尾差）。" if tail else "。"),
        src.at(row="中小企业合同金额"),
        stated=sme,
        expected=f"≤ {total}",
        difference=sme - total,
        severity=Severity.INFO if tail else None,
        related=(total_src,),
    )


def _all(
    paras: list[Paragraph], pattern: re.Pattern[str]
) -> Iterator[tuple[re.Match[str], Source]]:
    for p in paras:
        for m in pattern.finditer(p.text):
            yield m, p.at(m.start())


def _first(paras: list[Paragraph], pattern: re.Pattern[str]) -> tuple[re.Match[str], Source] | None:
    return next(_all(paras, pattern), None)


def _share(
    ctx: Context, m: re.Match[str], src: Source, whole: Decimal, whole_name: str
) -> Iterator[Finding]:
    part, rate_text = number(m.group(1)), m.group(2)
    if whole <= 0:
        return
    lo, hi = ratio_range(part, whole)
    slack = Decimal(5) / Decimal(10) ** (_places(rate_text) + 1)
    stated = Decimal(rate_text)
    if lo - slack <= stated <= hi + slack:
        return
    expected = quantize(part / whole * 100)
    yield ctx.finding(
        f"{part}万元占{whole_name}{whole}万元的比例应为{expected}%，说明称{rate_text}%。",
        src.at(row="".join(m.group(0).split())),
        stated=f"{rate_text}%",
        expected=f"{expected}%",
        difference=stated - expected,
    )


# --- 项 lines: 主要用于 and 决算 amount -----------------------------------------------------------

#: a 科目 name is at most a few dozen characters: bounded, so that a long run of text without
#: （类） is not scanned to its end from every position (quadratic: 20,000 一 took 19 s)
_ITEM_PATH = re.compile(
    r"((?:[^（）\d、，。：；\s“”]|（[^（）类款项]{1,4}）){1,60}?)（(类|款|项)）"
)
_USE = re.compile(r"主要用于[:：]\s*([^。]+)")
_SPENT = re.compile(r"支出决算(?:数)?为?\s*" + _NUM + r"\s*万元")
_PLACEHOLDER = re.compile(r"^[XＸx×]+$|XX")


@dataclass(frozen=True, slots=True)
class _Item:
    """A ``类（类）款（款）项（项）`` line of the narrative with what follows it up to the next."""

    path: tuple[str, str, str]  # 类, 款, 项 as written
    use: str  # the 主要用于 text ("" if none)
    use_source: Source | None
    spent: Decimal | None  # 支出决算为…万元
    source: Source


@dataclass(slots=True)
class _ItemBuilder:
    path: tuple[str, str, str]
    source: Source
    use: str = ""
    use_source: Source | None = None
    spent: Decimal | None = None

    def freeze(self) -> _Item:
        return _Item(self.path, self.use, self.use_source, self.spent, self.source)


def _items(pkg: BudgetPackage) -> Iterator[_Item]:
    """Each 项 line; its 主要用于 text and 决算 amount may sit in the paragraphs after it (a PDF
    line ending in ``（项）。`` ends a paragraph)."""
    current: _ItemBuilder | None = None
    for para in pkg.paragraphs:
        parts = (
            [
                (m.group(1).lstrip("0123456789、.．"), m.group(2), m.start(), m.end())
                for m in _ITEM_PATH.finditer(para.text)
            ]
            if "（项）" in para.text or "（款）" in para.text or "（类）" in para.text
            else []
        )
        offset = 0
        if len(parts) >= 3 and [lvl for _, lvl, _, _ in parts[:3]] == ["类", "款", "项"]:
            if current is not None:
                yield current.freeze()
            path = (parts[0][0], parts[1][0], parts[2][0])
            current = _ItemBuilder(path, para.at(parts[0][2]).at(row="/".join(path)))
            offset = parts[2][3]
        elif parts or _HEADING.match(para.text):
            if current is not None:
                yield current.freeze()
            current = None
        if current is None:
            continue
        if not current.use and (m := _USE.search(para.text, offset)) is not None:
            current.use = "".join(m.group(1).split())
            current.use_source = para.at(m.start()).at(row=current.path[2])
        if current.spent is None and (m := _SPENT.search(para.text, offset)) is not None:
            current.spent = number(m.group(1))
    if current is not None:
        yield current.freeze()


_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
_WIDTH = str.maketrans("()", "（）")


def _norm(name: str) -> str:
    """A 科目 name compared without spaces and with full-width parentheses."""
    return "".join(name.split()).translate(_WIDTH)


@rule(
    "J010",
    "不同科目照抄“主要用于”说明",
    category="narrative",
    severity="warning",
    source="[D] standards §2.4 N-3 (text specific to its item); scope and length set by the profile",
)
def check_copied_uses(ctx: Context) -> Iterator[Finding]:
    """The ``主要用于：…`` text of a 项 is the same, word for word, as that of a 项 in another 款
    (profile ``copied_use``: ``scope`` 类/款/项 — how far apart the two lines must be — and
    ``min_chars``): ``住房公积金（项）。主要用于：事业单位医疗保险支出`` was copied from the line above."""
    depth = {"类": 1, "款": 2, "项": 3}[ctx.profile.copied_use_scope]
    seen: dict[str, _Item] = {}
    for item in _items(ctx.package):
        if len(item.use) < ctx.profile.copied_use_min_chars or _PLACEHOLDER.search(item.use):
            continue
        first = seen.setdefault(item.use, item)
        if (
            first is item
            or first.path[:depth] == item.path[:depth]
            or _norm(first.path[2]) == _norm(item.path[2])  # 行政运行 of two 款: same spending
        ):
            continue
        yield ctx.finding(
            f"{'/'.join(item.path)}（项）的“主要用于”说明与{'/'.join(first.path)}（项）一字不差："
            f"“{item.use[:40]}”，请核实是否照抄。",
            item.use_source or item.source,
            stated=item.use,
            expected=f"{item.path[2]}自身的用途",
            related=(first.use_source or first.source,),
        )


# --- 说明中的项级科目不存在 --------------------------------------------------------------------------


@rule(
    "J011",
    "说明中的项级科目在表中不存在",
    category="narrative",
    severity="warning",
    source="[D] standards §4 and R-PUB-2 [S:143]: 说明 by 项 as in the 支出决算表 and the catalog",
    applies_to=("决算",),
)
def check_item_exists(ctx: Context) -> Iterator[Finding]:
    """A ``类（类）款（款）项（项）`` line of the narrative names a 项 of the 一般公共预算财政拨款支出
    决算表. When the table has no 项 of that name: if one 项 of the same 类 has the line's 决算
    amount, the line misnames it (warning, the table's name given); else a warning when the catalog
    knows the name under that 类 (the table omits the 项), and info when it does not (unknown —
    check the official catalog; not invalid)."""
    table = ctx.table(TableKind.GPB_EXPENDITURE) or ctx.table(TableKind.EXPENDITURE_SUMMARY)
    if table is None or not any(r.has_values for r in table.coded()):
        return
    rows = [r for r in table.coded() if r.code]
    items = {_norm(r.name) for r in rows if r.level == 3}
    classes = {_norm(r.name): r.code for r in rows if r.level == 1}
    catalog = ctx.catalogs.functional.names
    for item in _items(ctx.package):
        cls, kuan, xiang = item.path
        if _norm(xiang) in items or _PLACEHOLDER.search(xiang):
            continue
        cls_code = classes.get(_norm(cls)) or next(
            (c for c, n in catalog.items() if len(c) == 3 and n == cls), None
        )
        same = [
            r
            for r in rows
            if r.level == 3
            and r.code is not None
            and (cls_code is None or r.code.startswith(cls_code))
            and item.spent is not None
            and q.to_wan(table, r.value("total")) == item.spent
        ]
        if len(same) == 1 and same[0].code is not None:
            row = same[0]
            yield ctx.finding(
                f"说明中的{cls}/{kuan}/{xiang}（项）在「{table.title}」中没有；表中决算数同为"
                f"{item.spent}万元的项级科目是{row.code}「{row.name}」。",
                item.source,
                stated=xiang,
                expected=row.name,
                related=(row.source,),
            )
            continue
        known = [
            c
            for c, n in catalog.items()
            if len(c) == 7
            and _norm(n) == _norm(xiang)
            and (cls_code is None or c.startswith(cls_code))
        ]
        if known:
            yield ctx.finding(
                f"说明列有{cls}/{kuan}/{xiang}（项），但「{table.title}」中没有这一项级科目"
                f"（分类科目中为{'、'.join(known)}）。",
                item.source,
                stated=xiang,
                expected="表中的项级科目",
            )
        else:
            yield ctx.finding(
                f"说明列有{cls}/{kuan}/{xiang}（项），「{table.title}」和内置分类科目目录中都没有这一"
                "名称，请对照当年政府收支分类科目核实。",
                item.source,
                stated=xiang,
                expected="表中的项级科目",
                severity=Severity.INFO,
            )
