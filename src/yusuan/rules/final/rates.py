"""Completion rates and shares in a 决算 说明 (standards §1.4).

``全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%`` names the wrong base;
``住房保障支出（类）10.00万元，占9.55%`` rounds to 9.56% of the total it belongs to;
``公务接待费支出决算为0.39万元，完成预算的13.68%`` is checked on the 三公 决算表's 预算数.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from yusuan.model import Percent, TableKind
from yusuan.money import number, quantize
from yusuan.rules.context import Context
from yusuan.rules.figures import verdict
from yusuan.rules.final.text import (
    HALF,
    NUM,
    THREE_PUBLIC_NAMES,
    clause_before,
    places,
    ratio_range,
    three_public_key,
    three_public_value,
)
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import rule

_BUDGET = re.compile(r"(年初预算|全年预算|调整后(?:的)?预算)(?:数)?为?\s*" + NUM + r"\s*万元")
_ACTUAL = re.compile(r"决算(?:数)?为\s*" + NUM + r"\s*万元")
_RATE = re.compile(r"完成(年初预算|全年预算|预算)(?:数)?的\s*" + NUM + r"\s*[%％]")


def _either(budgets: dict[str, Decimal], spent: Decimal, stated: Decimal) -> Decimal | None:
    """完成预算的X% after both budgets (年初预算A，调整后预算B): the one the rate fits, else the
    全年 (adjusted) one."""
    for value in budgets.values():
        if value > 0:
            lo, hi = ratio_range(spent, value)
            if lo - HALF <= stated <= hi + HALF:
                return value
    return budgets.get("全年预算", next(iter(budgets.values()), None))


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
    zero budget, or computed on the other budget, is reported; one cut instead of rounded is
    尾差 (info)."""
    for para in ctx.package.paragraphs:
        for sentence in re.split(r"(?<=。)", para.text):
            rate = _RATE.search(sentence)
            actual = _ACTUAL.search(sentence)
            if rate is None or actual is None:
                continue
            budgets = {
                "全年预算" if m.group(1).startswith("调整后") else m.group(1): number(m.group(2))
                for m in _BUDGET.finditer(sentence)
            }
            named = rate.group(1)
            stated = number(rate.group(2))
            spent = number(actual.group(1))
            base = budgets.get(named) if named != "预算" else _either(budgets, spent, stated)
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
            if lo - HALF <= stated <= hi + HALF:
                continue
            exact = spent / base * 100
            judged = verdict(Percent(stated, places(rate.group(2)), rate.group(0)), exact, None)
            if judged is None:
                continue
            expected = quantize(exact)
            tail = judged[0]  # cut instead of rounded (95.45 for 95.458): 尾差
            yield ctx.finding(
                f"说明称完成{named}的{stated}%，按决算{spent}万元÷{named}{base}万元应为{expected}%"
                + (judged[1] if tail else "。"),
                where.at(row=f"完成{named}的{stated}%"),
                stated=f"{stated}%",
                expected=f"{expected}%",
                difference=stated - expected,
                severity=Severity.INFO if tail else None,
            )


_THREE_RATE = re.compile(
    r"决算(?:数)?为?\s*" + NUM + r"\s*万元\s*[，,]\s*完成(?:年初|全年)?预算(?:数)?的\s*"
    r"(\d+(?:\.\d+)?)\s*[%％]"
)
_STATED_BUDGET = re.compile(r"预算(?:数)?为\s*\d")


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
            _, clause = clause_before(para.text, m.start())
            key = three_public_key(clause)
            if key is None or _STATED_BUDGET.search(clause):
                continue
            budget = three_public_value(ctx, key, "预算数")
            if budget is None:
                continue
            spent, rate_text = number(m.group(1)), m.group(2)
            stated = Decimal(rate_text)
            name = THREE_PUBLIC_NAMES[key]
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
            slack = Decimal(5) / Decimal(10) ** (places(rate_text) + 1)
            table_spent = three_public_value(ctx, key, "决算数")
            # a rate right for the table's 决算数 leaves a mistyped amount to N001
            if any(
                lo - slack <= stated <= hi + slack
                for lo, hi in (
                    ratio_range(a, budget) for a in (spent, table_spent) if a is not None
                )
            ):
                continue
            exact = spent / budget * 100
            judged = verdict(Percent(stated, places(rate_text), rate_text), exact, None)
            if judged is None:
                continue
            expected = quantize(exact)
            yield ctx.finding(
                f"说明称{name}完成预算的{rate_text}%，按决算{spent}万元÷“三公”经费支出决算表预算数"
                f"{budget}万元应为{expected}%" + (judged[1] if judged[0] else "。"),
                where,
                stated=f"{rate_text}%",
                expected=f"{expected}%",
                difference=stated - expected,
                severity=Severity.INFO if judged[0] else None,  # cut, not rounded: 尾差
            )
