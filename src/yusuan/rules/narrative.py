"""Narrative vs tables, year-over-year statements and their arithmetic (standards §2.4)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from yusuan.lang import VOCABULARY
from yusuan.model import BudgetPackage, Figure, Statement, TableKind
from yusuan.money import Unit, convert, number, quantize
from yusuan.rules import quantities as q
from yusuan.rules.context import Context
from yusuan.rules.figures import as_unit, figures_of
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import rule

_INCOME_SOURCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("政府性基金", ("政府性基金预算资金", "政府性基金预算", "政府性基金", "政府性基金预算拨款")),
    (
        "国有资本经营",
        ("国有资本经营预算资金", "国有资本经营预算", "国有资本经营收入", "国有资本经营预算拨款"),
    ),
    ("财政专户", ("财政专户管理资金",)),
    ("事业单位经营", ("事业单位经营收入资金", "事业单位经营收入")),
    ("事业收入", ("事业收入资金", "事业收入")),
    ("其他收入", ("其他收入资金", "其他收入")),
    ("一般公共预算拨款", ("一般公共预算资金", "一般公共预算", "一般公共预算拨款")),
)
#: the 三公 items a statement's subject may name (keys of the 三公 table and the vocabulary)
_THREE_PUBLIC_ITEMS = ("outbound", "reception", "vehicle", "vehicle_operation", "vehicle_purchase")
_PATH = re.compile(r"“([^”]+?)”科目")
_DIRECTION = re.compile(r"增加|减少|增长|下降|上升|降低")


def resolve(stmt: Statement, pkg: BudgetPackage) -> q.Quantity | None:
    """The table quantity a narrative statement speaks of, or None if it names none."""
    s = stmt.subject
    if "情况" in s:  # a heading glued to the sentence: "…决算总体情况一般公共预算财政拨款支出"
        s = s.rsplit("情况", 1)[1] or s
    if _DIRECTION.search(s):
        return None  # "…总计增加1193.2万元": an amount of change, not a level
    if stmt.code:
        return q.function_class(pkg, code=stmt.code)
    if m := _PATH.search(stmt.text):
        return _by_path(pkg, m.group(1).split("-"))
    final = pkg.info.stage == "决算"
    measure = ("预算数" if "预算" in s else "决算数") if final else None
    if final and s.endswith("收入支出总计"):
        kind = TableKind.FISCAL_SUMMARY if "财政拨款" in s else TableKind.INCOME_EXPENDITURE_SUMMARY
        t = pkg.table(kind)
        row = t.grand_total("income") if t is not None else None
        return (
            None
            if t is None or row is None
            else q.Quantity(
                f"「{t.title}」总计", q.to_wan(t, row.value("amount")), row.source, t.unit
            )
        )
    if "三公" in s:
        return q.three_public(pkg, "total", measure)
    if (key := VOCABULARY.names(s.removeprefix("其中"))) in _THREE_PUBLIC_ITEMS:
        return q.three_public(pkg, key, measure)
    if "运行经费" in s:
        return q.admin_cost(pkg)
    if "政府采购" in s:
        if any(w in s for w in ("货物", "工程", "服务", "中小企业", "小型", "一般公共预算")):
            return None
        return q.procurement_total(pkg)
    if "涉及" in s or "绩效目标" in stmt.section:
        return None  # see N009
    # a 决算 speaks of all funds (支出决算表) except in its 一般公共预算 sections
    tables = (TableKind.GPB_EXPENDITURE, TableKind.EXPENDITURE_SUMMARY)
    if final and "一般公共预算" not in stmt.section:
        tables = (TableKind.EXPENDITURE_SUMMARY, TableKind.GPB_EXPENDITURE)
    if s in ("基本支出", "基本支出预算"):
        return q.column_total(pkg, "basic", tables)
    if s in ("项目支出", "项目支出预算"):
        return q.column_total(pkg, "project", tables)
    if final and s.startswith("财政拨款收入"):
        return q.column_total(pkg, "fiscal", (TableKind.INCOME_SUMMARY,))
    if s == "一般公共预算财政拨款收入":
        return q.income_source(
            pkg, ("一般公共预算资金", "一般公共预算拨款", "一般公共预算")
        ) or q.income_total(pkg)
    if s.startswith("收入预算") or s in ("收入", "财政拨款收入") or s.endswith("收入预算"):
        return q.income_total(pkg)
    if s in ("一般公共预算财政拨款支出", "一般公共预算拨款支出预算"):
        gpb = q.column_total(pkg, "total", (TableKind.GPB_EXPENDITURE,))
        return gpb or q.expenditure_total(pkg)
    if s.startswith("支出预算") or s in ("支出", "财政拨款支出预算"):
        return q.expenditure_total(pkg)
    for word, names in _INCOME_SOURCES:
        if s.startswith(word):
            return q.income_source(pkg, names)
    if s.endswith("支出") and len(s) <= 16:
        return q.function_class(pkg, name=s)
    return None


def _by_path(pkg: BudgetPackage, names: list[str]) -> q.Quantity | None:
    for kind in (TableKind.EXPENDITURE_SUMMARY, TableKind.GPB_EXPENDITURE):
        t = pkg.table(kind)
        if t is None:
            continue
        code = ""
        for depth, name in enumerate(names, start=1):
            row = next(
                (
                    r
                    for r in t.coded()
                    if r.level == depth and r.name == name and r.code and r.code.startswith(code)
                ),
                None,
            )
            if row is None or row.code is None:
                break
            code = row.code
        else:
            return q.function_class(pkg, code=code)
    return None


@rule(
    "N001",
    "说明中的金额与表格一致",
    category="narrative",
    severity="error",
    source="[D] standards §2.4 N-1",
)
def check_amounts(ctx: Context) -> Iterator[Finding]:
    """Every amount in the narrative that names a table quantity equals the table (to 0.01 万元)."""
    for stmt in ctx.package.statements:
        if stmt.amount is None:
            continue
        found = resolve(stmt, ctx.package)
        if found is None:
            continue
        stated = convert(stmt.amount, stmt.unit, Unit.WAN)
        yield from ctx.compare(
            stated,
            quantize(found.value),
            Unit.WAN,
            f"说明中「{stmt.subject}」为{_fmt(stated)}万元，与{found.source.table or '表格'}的{_fmt(quantize(found.value))}万元不一致",
            stmt.source.at(row=stmt.subject),
            related=(found.source,),
        )


def _fmt(v: Decimal) -> str:
    return f"{v:,.2f}".rstrip("0").rstrip(".") if v != v.to_integral() else f"{v:,.0f}"


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
    for stmt in ctx.package.statements:
        change = stmt.change
        if change is None or stmt.prior is None or stmt.prior == 0:
            continue
        current = _current(stmt, ctx.package)
        if current is None:
            continue
        delta = current - stmt.prior
        direction = "持平" if delta == 0 else ("增加" if delta > 0 else "减少")
        where = stmt.source.at(row=stmt.subject)
        if change.direction != direction:
            yield ctx.finding(
                f"「{stmt.subject}」本年{current}万元、上年{stmt.prior}万元，应为{direction}，说明却称{change.direction}。"
                + _digit_hint(stmt, current),
                where,
                stated=change.direction,
                expected=direction,
            )
            continue
        if change.percent is not None:
            lo, hi = _pct_range(current, stmt.prior)
            stated = change.signed_percent
            assert stated is not None
            if not (lo - Decimal("0.005") <= stated <= hi + Decimal("0.005")):
                expected = quantize(delta / stmt.prior * 100)
                yield ctx.finding(
                    f"「{stmt.subject}」由{stmt.prior}万元变为{current}万元，变动{expected}%，说明称{change.direction}{change.percent}%。"
                    + _digit_hint(stmt, current),
                    where,
                    stated=f"{stated}%",
                    expected=f"{expected}%",
                    difference=stated - expected,
                )
        if change.amount is not None:
            yield from ctx.compare(
                change.signed or Decimal(0),
                delta,
                Unit.WAN,
                f"「{stmt.subject}」的增减额与两年金额之差不一致",
                where,
            )


def _current(stmt: Statement, pkg: BudgetPackage) -> Decimal | None:
    """This year's amount for a statement: the table's value when the statement names a table
    quantity (a mistyped restatement is N005's business), else the amount the text states."""
    found = resolve(stmt, pkg)
    if found is not None:
        return quantize(found.value)
    return stmt.restated[0][0] if stmt.restated else stmt.amount


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


def _digit_hint(stmt: Statement, current: Decimal) -> str:
    """If dropping one digit from the prior figure makes the stated percentage right, say so."""
    pct = stmt.change.signed_percent if stmt.change else None
    if pct is None or stmt.prior is None or pct <= -100:
        return ""
    implied = current / (1 + pct / 100)
    digits = f"{stmt.prior}"
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
            return f"上年数疑似多写了一位数字：若为{candidate}万元，则与所述{stmt.change.direction if stmt.change else ''}{stmt.change.percent if stmt.change else ''}%一致。"
    return ""


@rule(
    "N003",
    "比较年份错误",
    category="narrative",
    severity="error",
    source="[D] standards §2.4 N-2 (a budget compares with the prior year)",
)
def check_base_year(ctx: Context) -> Iterator[Finding]:
    """A year-over-year statement in a YYYY budget compares with YYYY−1."""
    year = ctx.year
    if year is None:
        return
    for stmt in ctx.package.statements:
        c = stmt.change
        if c is None or c.base_year is None or c.base_year == year - 1:
            continue
        yield ctx.finding(
            f"{year}年预算说明中「{stmt.subject}」写作“比{c.base_text}{c.direction}”，比较年份应为{year - 1}年。",
            stmt.source.at(row=stmt.subject),
            stated=str(c.base_year),
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
    for stmt in ctx.package.statements:
        if stmt.change is None or stmt.change.signed is None or len(stmt.parts) < 2:
            continue
        parts = [
            p.change.signed
            for p in stmt.parts
            if p.change is not None and p.change.signed is not None
        ]
        if len(parts) != len(stmt.parts):
            continue
        yield from ctx.compare(
            stmt.change.signed,
            sum(parts, Decimal(0)),
            Unit.WAN,
            f"「{stmt.subject}」增减额与所列各分项增减额之和不一致",
            stmt.source.at(row=stmt.subject),
        )


@rule(
    "N005",
    "同一事项金额前后不一",
    category="narrative",
    severity="error",
    source="[D] standards §2.4 N-1",
)
def check_restated(ctx: Context) -> Iterator[Finding]:
    """An item whose amount is stated twice in the narrative states the same amount."""
    for stmt in ctx.package.statements:
        if stmt.amount is None:
            continue
        for value, src in stmt.restated:
            yield from ctx.compare(
                value,
                stmt.amount,
                stmt.unit,
                f"「{stmt.subject}」先写作{stmt.amount}万元，后又写作{value}万元",
                src.at(row=stmt.subject),
            )


@rule(
    "N006",
    "不同事项使用相同原因",
    category="narrative",
    severity="warning",
    source="[D] standards §2.4 N-3",
)
def check_repeated_reason(ctx: Context) -> Iterator[Finding]:
    """A reason pasted verbatim under two different items is probably a copy-paste error."""
    seen: dict[str, Statement] = {}
    for stmt in ctx.package.statements:
        if not stmt.reason or len(stmt.reason) < 12 or VOCABULARY.says_unchanged(stmt.reason):
            continue
        if not _WORD.search(stmt.subject):
            continue  # no subject read ("）比上年增加0万元")
        key = "".join(stmt.reason.split())
        first = seen.get(key)
        if first is None:
            seen[key] = stmt
        elif _item(first.subject) != _item(stmt.subject):
            yield ctx.finding(
                f"「{stmt.subject}」的增减原因与「{first.subject}」一字不差：“{stmt.reason[:40]}…”，请核实是否照抄。",
                stmt.source.at(row=stmt.subject),
                related=(first.source,),
            )


_WORD = re.compile(r"[\u4e00-\u9fff]{2}")


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
            )
