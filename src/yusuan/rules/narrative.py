"""Narrative vs tables, year-over-year statements and their arithmetic (standards §2.4)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from yusuan.lang import VOCABULARY
from yusuan.model import BudgetPackage, Figure, TableKind
from yusuan.model.prose import ADJUSTED_BASE
from yusuan.money import Unit, number, quantize
from yusuan.rules.context import Context
from yusuan.rules.figures import as_unit, figures_of
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import rule
from yusuan.said import quantities as q
from yusuan.said.resolve import DIRECTION, name, resolve, said


def _wan(value: Decimal, fig: Figure) -> Decimal:
    """A value of the figure in 万元."""
    return value * fig.factor / _TEN_THOUSAND


_TEN_THOUSAND = Decimal(10000)


@rule(
    "N001",
    "说明中的金额与表格一致",
    category="narrative",
    severity="error",
    source="[D] standards §2.4 N-1",
)
def check_amounts(ctx: Context) -> Iterator[Finding]:
    """Every amount in the narrative that names a table quantity equals the table (to 0.01 万元)."""
    for fig in ctx.package.figures:
        if fig.amount is None:
            continue
        found = resolve(fig, ctx.package)
        if found is None:
            continue
        stated = _wan(fig.amount, fig)
        subject = name(fig, ctx.package.figures)
        yield from ctx.compare(
            stated,
            quantize(found.value),
            Unit.WAN,
            f"说明中「{subject}」为{_fmt(stated)}万元，与{found.source.table or '表格'}的{_fmt(quantize(found.value))}万元不一致",
            fig.source.at(row=subject),
            related=(found.source,),
        )


def _fmt(v: Decimal) -> str:
    return f"{v:,.2f}".rstrip("0").rstrip(".") if v != v.to_integral() else f"{v:,.0f}"


def direction(fig: Figure) -> str | None:
    """The direction word a figure's change is stated with: 增加, 减少 or 持平."""
    if fig.flat:
        return "持平"
    value = fig.change if fig.change is not None else (fig.growth.value if fig.growth else None)
    if value is None:
        return None
    if value == 0:  # 增加0万元: the word, not the number
        words = DIRECTION.findall(fig.change_text or (fig.growth.text if fig.growth else ""))
        return "减少" if words and VOCABULARY.direction(words[-1]) == -1 else "增加"
    return "增加" if value > 0 else "减少"


@rule(
    "N002",
    "同比增减与百分比",
    category="narrative",
    severity="error",
    source="[D] standards §2.4 N-2",
)
def check_change(ctx: Context) -> Iterator[Finding]:
    """Where the narrative states both years, 增加/减少 must match the sign and the percentage must
    equal (本年 − 上年)/上年; a prior-year figure with a stray digit is pointed out."""
    for fig in ctx.package.figures:
        stated_direction = direction(fig)
        if stated_direction is None or fig.prior is None or fig.prior == 0:
            continue
        if fig.base == ADJUSTED_BASE:
            continue  # a budget adjusted within the year: not two years (S002's)
        current = _current(fig, ctx.package)
        if current is None:
            continue
        prior = _wan(fig.prior, fig)
        delta = current - prior
        expected_direction = "持平" if delta == 0 else ("增加" if delta > 0 else "减少")
        subject = name(fig, ctx.package.figures)
        where = fig.source.at(row=subject)
        if stated_direction != expected_direction:
            yield ctx.finding(
                f"「{subject}」本年{current}万元、上年{prior}万元，应为{expected_direction}，说明却称{stated_direction}。"
                + _digit_hint(fig, current),
                where,
                stated=stated_direction,
                expected=expected_direction,
            )
            continue
        if fig.growth is not None:
            lo, hi = _pct_range(current, prior)
            stated = fig.growth.value
            if not (lo - Decimal("0.005") <= stated <= hi + Decimal("0.005")):
                expected = quantize(delta / prior * 100)
                yield ctx.finding(
                    f"「{subject}」由{prior}万元变为{current}万元，变动{expected}%，说明称{stated_direction}{abs(stated)}%。"
                    + _digit_hint(fig, current),
                    where,
                    stated=f"{stated}%",
                    expected=f"{expected}%",
                    difference=stated - expected,
                )
        if fig.change is not None or fig.flat:
            yield from ctx.compare(
                _wan(fig.change or Decimal(0), fig),
                delta,
                Unit.WAN,
                f"「{subject}」的增减额与两年金额之差不一致",
                where,
            )


def _current(fig: Figure, pkg: BudgetPackage) -> Decimal | None:
    """This year's amount for a figure: the table's value when the figure names a table
    quantity (a mistyped amount in the text is N001's business; the text's own arithmetic,
    S001–S003's)."""
    found = resolve(fig, pkg)
    return None if found is None else quantize(found.value)


def _pct_range(current: Decimal, prior: Decimal) -> tuple[Decimal, Decimal]:
    """Percent change allowing each printed amount its rounding of ±0.005."""
    half = Decimal("0.005")
    values = [
        (c - p) / p * 100
        for c in (current - half, current + half)
        for p in (prior - half, prior + half)
        if p > 0
    ]
    return min(values), max(values)


def _digit_hint(fig: Figure, current: Decimal) -> str:
    """If dropping one digit from the prior figure makes the stated percentage right, say so."""
    pct = fig.growth.value if fig.growth else None
    if pct is None or fig.prior is None or pct <= -100:
        return ""
    implied = current / (1 + pct / 100)
    digits = f"{_wan(fig.prior, fig)}"
    for i, ch in enumerate(digits):
        if not ch.isdigit():
            continue
        candidate_text = digits[:i] + digits[i + 1 :]
        try:
            candidate = Decimal(candidate_text)
        except ArithmeticError:
            continue
        if candidate > 0 and abs(candidate - implied) <= max(
            Decimal("0.01"), implied * Decimal("0.0005")
        ):
            return f"上年数疑似多写了一位数字：若为{candidate}万元，则与所述{direction(fig)}{abs(pct)}%一致。"
    return ""


@rule(
    "N003",
    "比较年份错误",
    category="narrative",
    severity="error",
    source="[D] standards §2.4 N-2 (a budget compares with the prior year)",
)
def check_base_year(ctx: Context) -> Iterator[Finding]:
    """A year-over-year statement about YYYY compares with YYYY−1 — YYYY the year its sentence
    (or the list it is in) names, else the document's (a report on 2023's 执行 and 2024's 预算
    compares 2023 with 2022); a final account compared with the same year's budget
    (与2021年度预算相比) is no slip."""
    if ctx.year is None:
        return
    stage = ctx.package.info.stage
    for fig in ctx.package.figures:
        word = direction(fig)
        year = fig.year or ctx.year
        if word is None or fig.base_year is None or fig.base_year == year - 1:
            continue
        if stage == "决算" and fig.base_year == year and "预算" in fig.base:
            continue  # 决算 against its own year's 预算: the comparison a 决算 must make
        subject = name(fig, ctx.package.figures)
        yield ctx.finding(
            f"{year}年{stage}说明中「{subject}」与{fig.base}比较（{word}），比较年份应为{year - 1}年。",
            fig.source.at(row=subject),
            stated=str(fig.base_year),
            expected=str(year - 1),
        )


@rule(
    "N004",
    "分项增减之和与总增减",
    category="narrative",
    severity="error",
    source="[D] standards §2.4 N-2 (component deltas add up to the total's)",
)
def check_parts(ctx: Context) -> Iterator[Finding]:
    """Deltas given as the main causes (主要是A减少x，B增加y) add up to the total delta (the 三公
    items' deltas are S004's, with every other listed part)."""
    figures = ctx.package.figures
    causes: dict[int, list[Figure]] = {}
    for fig in figures:
        if fig.cause_of is not None:
            causes.setdefault(fig.cause_of, []).append(fig)
    for index, parts in causes.items():
        total = figures[index]
        if total.change is None or len(parts) < 2 or any(p.change is None for p in parts):
            continue
        subject = name(total, figures)
        yield from ctx.compare(
            _wan(total.change, total),
            sum((_wan(p.change, p) for p in parts if p.change is not None), Decimal(0)),
            Unit.WAN,
            f"「{subject}」增减额与所列各分项增减额之和不一致",
            total.source.at(row=subject),
        )


#: a label that restates the figure before it: 2026年预算安排1672.67万元
_RESTATES = re.compile(r"^(?:预算安排|安排|预算数?)?$")


@rule(
    "N005",
    "同一事项金额前后不一",
    category="narrative",
    severity="error",
    source="[D] standards §2.4 N-1",
)
def check_restated(ctx: Context) -> Iterator[Finding]:
    """An item whose amount is stated twice in a row (``…1690.69万元，2026年预算安排1672.67万元``)
    states the same amount."""
    figures = ctx.package.figures
    for fig in figures[1:]:
        first = figures[fig.index - 1]
        if fig.amount is None or first.amount is None or first.year != fig.year:
            continue
        if fig.year != ctx.year or not _RESTATES.match(said(fig)) or fig.parent is not None:
            continue
        if not re.search(r"\d{4}\s*年", fig.label):
            continue  # (the year names the amount as this year's again)
        subject = name(first, figures)
        yield from ctx.compare(
            _wan(fig.amount, fig),
            _wan(first.amount, first),
            Unit.WAN,
            f"「{subject}」先写作{_fmt(_wan(first.amount, first))}万元，后又写作{_fmt(_wan(fig.amount, fig))}万元",
            fig.source.at(row=subject),
        )


@rule(
    "N006",
    "不同事项使用相同原因",
    category="narrative",
    severity="warning",
    source="[D] standards §2.4 N-3",
)
def check_repeated_reason(ctx: Context) -> Iterator[Finding]:
    """A reason for a change pasted verbatim under two different items is probably a
    copy-paste error."""
    seen: dict[str, Figure] = {}
    for fig in ctx.package.figures:
        if len(fig.reason) < 12 or VOCABULARY.says_unchanged(fig.reason):
            continue
        if _NO_PRIOR.search(fig.reason):
            continue  # 新成立，无往年决算数据: said of every item alike, rightly
        if fig.change is None and fig.growth is None:
            continue  # a reason for something else (差值 against the budget, 无…)
        subject = name(fig, ctx.package.figures)
        if not _WORD.search(subject):
            continue  # no subject read ("）比上年增加0万元")
        key = "".join(fig.reason.split())
        first = seen.get(key)
        if first is None:
            seen[key] = fig
        elif _item(earlier := name(first, ctx.package.figures)) != _item(
            subject
        ) and not _explains_both(first, fig):
            yield ctx.finding(
                f"「{subject}」的增减原因与「{earlier}」一字不差：“{fig.reason[:40]}…”，请核实是否照抄。",
                fig.source.at(row=subject),
                related=(first.source,),
            )


_WORD = re.compile(r"[\u4e00-\u9fff]{2}")
#: a reason that says there is nothing to compare with: true of every item of a new unit
_NO_PRIOR = re.compile(
    r"无(?:往年|上年|以前年度|历史|上一年度?)(?:的)?(?:决算|预算)?(?:数据|数)"
    r"|新(?:成立|组建|设立)|(?:首次|第一年)(?:编制|公开)"
)
#: the change of 收支 (both sides at once): its cause is each side's too
_BOTH_SIDES = re.compile(r"^收、?支(?:总计)?$")


def _explains_both(a: Figure, b: Figure) -> bool:
    """One cause may explain two figures: a total and the one part that made its change (the
    same change, not nothing), a figure and its own part, or a move from one item to another
    (one rises, the other falls: 编外人员经费支出列入基本支出 raises 商品和服务支出 and empties
    项目支出) — unless the words also say what each is used for (主要用于…)."""
    if a.change and a.change == b.change:
        return True
    if _BOTH_SIDES.match(a.label) or _BOTH_SIDES.match(b.label):
        return True  # 收支较上年减少…，主要原因是X；支出合计…减少…，主要原因是X
    if _direction(a) * _direction(b) < 0 and "用于" not in a.reason:
        return True  # (not what each is used for: 主要用于… is the item's own)
    return b.parent == a.index or a.parent == b.index


def _direction(f: Figure) -> int:
    value = f.change if f.change is not None else (f.growth.value if f.growth else None)
    return 0 if not value else (1 if value > 0 else -1)


def _item(subject: str) -> str:
    """What a subject is, whatever the wording: its vocabulary key, else its words."""
    return VOCABULARY.subject_of(subject) or "".join(subject.split())


_NAMED_CODE = re.compile(r"([^（）\d、，。：“”\s]+?)[（(](\d{2,3})(类|款|项)[）)]")


@rule(
    "N007",
    "说明中的科目名称",
    category="narrative",
    severity="warning",
    source="[D] standards §4 (names change between years, e.g. 210 卫生健康支出 since 2019)",
)
def check_named_codes(ctx: Context) -> Iterator[Finding]:
    """A subject named with its code in the narrative (``卫生健康支出（210类）``) uses the table's and catalog's name."""
    for para in ctx.package.paragraphs:
        if "类）" not in para.text and "类)" not in para.text:
            continue
        code = ""
        for m in _NAMED_CODE.finditer(para.text):
            name, part, level = m.group(1), m.group(2), m.group(3)
            code = part if level == "类" else code + part
            if level == "类" and len(part) != 3:
                break
            expected = _row_name(ctx.package, code) or ctx.catalogs.functional.name(code)
            if expected and name.lstrip("0123456789、.．") != expected:
                yield ctx.finding(
                    f"说明中{code}写作「{name}」，表格/分类科目名称为「{expected}」。",
                    para.source.at(row=name),
                    stated=name,
                    expected=expected,
                )


def _row_name(pkg: BudgetPackage, code: str) -> str | None:
    for t in pkg.tables:
        if t.kind.classified and (r := t.by_code(code)) is not None:
            return r.name
    return None


#: the three kinds a 政府采购 total is split into, as an item's label begins (货物类, 货物预算,
#: 政府采购货物支出, 货物采购金额 …)
_PROC_KIND = re.compile(r"^(?:其中[：:]?)?(?:政府采购)?(货物|工程|服务)")


@rule(
    "N008",
    "政府采购总额 = 货物 + 工程 + 服务",
    category="narrative",
    severity="error",
    source="[D] standards §2.2 C-PROC; 决算: R-PUB-5 [S:143] 采购总额 split into 货物/工程/服务",
)
def check_procurement_split(ctx: Context) -> Iterator[Finding]:
    """The narrative's 政府采购 total (预算总额; 决算: 政府采购金额/支出总额) equals the 货物, 工程
    and 服务 items listed under it, however they are worded."""
    figs = figures_of(ctx)
    for t in figs.all:
        if t.amount is None or "procurement" not in (t.subject, VOCABULARY.subject_of(t.label)):
            continue  # (政府采购金额（以合同签订为准）: the subject with words after it)
        kinds: dict[str, Figure] = {}
        for k in figs.all[t.index + 1 : t.index + 7]:  # listed after it (其中：… or ：…)
            m = _PROC_KIND.match(k.label)
            if m is None and "procurement" in (k.subject, VOCABULARY.subject_of(k.label)):
                break  # the next total (其中一般公共预算拨款政府采购…) lists its own
            if m is not None and k.amount is not None and figs.same(k, t):
                kinds.setdefault(m.group(1), k)
        if len(kinds) != 3:
            continue
        total = as_unit(t.amount, t, t)
        parts = {kind: as_unit(f.amount, f, t) for kind, f in kinds.items()}
        if total is None or any(v is None for v in parts.values()):
            continue
        unit = {Decimal(10000): Unit.WAN, Decimal(1): Unit.YUAN}.get(t.factor)
        if unit is None:
            continue  # 亿元: no tolerance of its own
        yield from ctx.compare(
            total,
            sum((v for v in parts.values() if v is not None), Decimal(0)),
            unit,
            f"政府采购总额{_fmt(total)}{unit.value}不等于货物{_fmt(parts['货物'] or Decimal(0))}"
            f"{unit.value}、工程{_fmt(parts['工程'] or Decimal(0))}{unit.value}、服务"
            f"{_fmt(parts['服务'] or Decimal(0))}{unit.value}之和",
            t.source.at(row="政府采购"),
        )


_PERF = re.compile(r"涉及[^。\d]{0,16}?(\d[\d,]*(?:\.\d+)?)\s*万元")
_ALL = re.compile(r"均实行|全部实行|均已?实行|全部纳入")


@rule(
    "N009",
    "绩效目标覆盖的项目资金",
    category="narrative",
    severity="error",
    source="[D] standards §2.3 X-5 (项目支出均实行了绩效目标管理 ⇒ = 项目支出)",
    applies_to=("预算",),
)
def check_performance_coverage(ctx: Context) -> Iterator[Finding]:
    """The project money under 绩效目标管理 equals 项目支出 when the text says all projects are
    covered; when it does not say so, a smaller amount means part of 项目支出 has no targets (warning)."""
    project = q.column_total(
        ctx.package, "project", (TableKind.GPB_EXPENDITURE, TableKind.EXPENDITURE_SUMMARY)
    )
    if project is None:
        return
    for para in ctx.package.paragraphs:
        if "绩效目标" not in para.text:
            continue
        for m in _PERF.finditer(para.text):
            stated = number(m.group(1))
            expected = quantize(project.value)
            if stated == expected:
                continue
            sentence_start = (
                max(para.text.rfind("。", 0, m.start()), para.text.rfind("；", 0, m.start())) + 1
            )
            claims_all = bool(_ALL.search(para.text[sentence_start : m.start()]))
            tail = abs(stated - expected) <= ctx.tolerance(Unit.WAN)
            msg = (
                f"说明称项目支出均实行绩效目标管理、涉及{stated}万元，但项目支出为{expected}万元"
                if claims_all
                else f"实行绩效目标管理的项目资金{stated}万元，与项目支出{expected}万元相差{expected - stated}万元，这部分项目未设绩效目标"
            )
            yield ctx.finding(
                msg + ("（尾差）" if tail else "。"),
                para.source.at(row="绩效目标设置情况"),
                stated=stated,
                expected=expected,
                difference=stated - expected,
                severity=Severity.INFO if tail else (None if claims_all else Severity.WARNING),
                related=(project.source,),
                unit=Unit.WAN,
            )
