"""决算 narrative arithmetic: completion rates, shares of a total, 科目 paths (standards §1.4).

``全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%`` names the wrong base;
``住房保障支出（类）10.00万元，占9.55%`` rounds to 9.56% of the total it belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from yusuan.model import BudgetPackage, Row, TableKind
from yusuan.money import number, quantize
from yusuan.rules.context import Context
from yusuan.rules.findings import Finding
from yusuan.rules.registry import rule

_NUM = r"(\d[\d,]*(?:\.\d+)?)"
_BUDGET = re.compile(r"(年初预算|全年预算)(?:数)?为\s*" + _NUM + r"\s*万元")
_ACTUAL = re.compile(r"决算(?:数)?为\s*" + _NUM + r"\s*万元")
_RATE = re.compile(r"完成(年初预算|全年预算|预算)(?:数)?的\s*" + _NUM + r"\s*[%％]")
_SHARE = re.compile(_NUM + r"\s*万元[，,]\s*占(?:([^，。；\d]{2,16}?)的)?\s*" + _NUM + r"\s*[%％]")
_FIRST_AMOUNT = re.compile(_NUM + r"\s*万元")
HALF = Decimal("0.005")  # half a printed cent: what rounding to 0.01 may hide
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
_INTRODUCES = re.compile(r"其中|主要用于|：|:")


def ratio_range(part: Decimal, whole: Decimal) -> tuple[Decimal, Decimal]:
    """part/whole × 100 allowing each printed amount its rounding."""
    values = [
        (p / w) * 100
        for p in (part - HALF, part + HALF)
        for w in (whole - HALF, whole + HALF)
        if w > 0
    ]
    return min(values), max(values)


@rule(
    "J001",
    "完成率的计算基数",
    category="narrative",
    severity="error",
    source="[S:JS] 决算说明: 年初预算/全年预算 vs 决算 and 完成率 (standards §1.4)",
    applies_to=("决算",),
)
def check_completion_rates(ctx: Context) -> Iterator[Finding]:
    """A completion rate equals 决算 ÷ the budget it names (年初预算 or 全年预算); a rate on a
    zero budget, or computed on the other budget, is reported."""
    for para in ctx.package.paragraphs:
        for sentence in re.split(r"(?<=。)", para.text):
            rate = _RATE.search(sentence)
            actual = _ACTUAL.search(sentence)
            if rate is None or actual is None:
                continue
            budgets = {m.group(1): number(m.group(2)) for m in _BUDGET.finditer(sentence)}
            named = rate.group(1)
            stated = number(rate.group(2))
            spent = number(actual.group(1))
            base = budgets.get(named) if named != "预算" else next(iter(budgets.values()), None)
            where = para.at(para.text.find(rate.group(0)))
            if base is None:
                continue
            if base == 0:
                others = [k for k, v in budgets.items() if k != named and v > 0]
                hint = ""
                if others:
                    other = budgets[others[0]]
                    hint = f"所述{stated}%是按{others[0]}{other}万元计算的（{spent}÷{other}）。"
                yield ctx.finding(
                    f"说明称“完成{named}的{stated}%”，但{named}为0万元，完成率无法计算。{hint}",
                    where.at(row=f"完成{named}的{stated}%"),
                    stated=f"{stated}%",
                    expected=f"{named}为0",
                )
                continue
            lo, hi = ratio_range(spent, base)
            if not lo - HALF <= stated <= hi + HALF:
                expected = quantize(spent / base * 100)
                yield ctx.finding(
                    f"说明称完成{named}的{stated}%，按决算{spent}万元÷{named}{base}万元应为{expected}%。",
                    where.at(row=f"完成{named}的{stated}%"),
                    stated=f"{stated}%",
                    expected=f"{expected}%",
                    difference=stated - expected,
                )


@rule(
    "J002",
    "占比与其基数",
    category="narrative",
    severity="error",
    source="[S:JS] 决算说明: 基本/项目支出占比, 功能类占比 (standards §1.4)",
    applies_to=("决算",),
)
def check_shares(ctx: Context) -> Iterator[Finding]:
    """``X万元，占Y%`` equals X ÷ the total the sentence starts from (or the total it names:
    本年支出合计, 本年收入合计), rounded half-up to 0.01%; truncated percentages are errors."""
    carry: Decimal | None = None  # the total a list of shares continues from (next paragraph)
    for para in ctx.package.paragraphs:
        if _HEADING.match(para.text) and len(para.text) <= 30:
            carry = None
        for sentence in re.split(r"(?<=。)", para.text):
            shares = list(_SHARE.finditer(sentence))
            first = _FIRST_AMOUNT.search(sentence)
            if (
                first is not None
                and not any(m.start() == first.start() for m in shares)
                and _INTRODUCES.search(sentence[first.end() : first.end() + 14])
            ):
                carry = number(
                    first.group(1)
                )  # "支出2940.05万元，主要用于以下方面：…" / "…，其中："
            for m in shares:
                part, named, stated = number(m.group(1)), m.group(2), number(m.group(3))
                whole = _named_total(ctx.package, named) if named else carry
                if whole is None or whole <= 0:
                    continue
                lo, hi = ratio_range(part, whole)
                if lo - HALF <= stated <= hi + HALF:
                    continue
                expected = quantize(part / whole * 100)
                yield ctx.finding(
                    f"{part}万元占{named or '合计'}{whole}万元的比例应为{expected}%，说明称{stated}%。",
                    para.at(para.text.find(m.group(0))).at(row="".join(m.group(0).split())),
                    stated=f"{stated}%",
                    expected=f"{expected}%",
                    difference=stated - expected,
                )


def _named_total(pkg: BudgetPackage, name: str) -> Decimal | None:
    t = pkg.table(TableKind.INCOME_EXPENDITURE_SUMMARY)
    if t is None:
        return None
    for r in t.rows:
        if r.name == name.strip() and r.has_values:
            return r.value("amount")
    return None


_PATH = re.compile(r"((?:[^（）\d、，。：；\s“”]|（[^（）类款项]{1,4}）)+?)（(类|款|项)）")
_LEVEL = {"类": 1, "款": 2, "项": 3}


@rule(
    "J003",
    "说明中的科目层级名称",
    category="narrative",
    severity="warning",
    source="[D] standards §4: 类/款/项 names as in the tables and the catalog",
    applies_to=("决算",),
)
def check_subject_paths(ctx: Context) -> Iterator[Finding]:
    """A narrative path ``一般公共服务支出（类）社会工作事务（款）行政运行（项）`` uses the names the
    table gives to that 项 and its parents."""
    table = ctx.table(TableKind.GPB_EXPENDITURE) or ctx.table(TableKind.EXPENDITURE_SUMMARY)
    if table is None:
        return
    coded = table.coded()
    for para in ctx.package.paragraphs:
        parts = [
            (m.group(1).lstrip("0123456789、.．"), _LEVEL[m.group(2)])
            for m in _PATH.finditer(para.text)
        ]
        if len(parts) < 3 or [lvl for _, lvl in parts[:3]] != [1, 2, 3]:
            continue
        (cls, _), (kuan, _), (xiang, _) = parts[:3]
        leaf = _find_leaf(coded, cls, kuan, xiang)
        if leaf is None or leaf.code is None:
            continue
        for stated, code in ((cls, leaf.code[:3]), (kuan, leaf.code[:5])):
            row = table.by_code(code)
            if row is not None and row.name != stated:
                yield ctx.finding(
                    f"说明中{xiang}（项）的上级科目写作「{stated}」，表中{code}为「{row.name}」。",
                    para.source.at(row=f"{cls}/{kuan}/{xiang}"),
                    stated=stated,
                    expected=row.name,
                )


def _find_leaf(rows: tuple[Row, ...], cls: str, kuan: str, xiang: str) -> Row | None:
    """The 项 named ``xiang`` whose 类 or 款 name matches the text (the other may be wrong)."""
    names = {r.code: r.name for r in rows if r.code}
    candidates = [r for r in rows if r.level == 3 and r.name == xiang and r.code]
    for r in candidates:
        assert r.code is not None
        if names.get(r.code[:3]) == cls or names.get(r.code[:5]) == kuan:
            return r
    return candidates[0] if len(candidates) == 1 else None
