"""What a figure of the narrative speaks of: its subject in words (:func:`said`, :func:`name`)
and the table quantity it names (:func:`resolve`), whichever table of the package carries it.

Below the rules and the drafting: the narrative rules compare a figure with the quantity it
resolves to; the drafter and the template speak of the same quantities."""

from __future__ import annotations

import re

from yusuan.lang import VOCABULARY
from yusuan.model import BudgetPackage, Figure, TableKind
from yusuan.recognize.wording import CONTINUES
from yusuan.said import quantities as q

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
#: the words of a change (an amount said with one is a change, not a level)
DIRECTION = re.compile(r"增加|减少|增长|下降|上升|降低")


def said(fig: Figure) -> str:
    """What a figure's label says it is, without years, spaces and linking words
    (``2026年一般公共预算财政拨款收入为`` → ``一般公共预算财政拨款收入``)."""
    s = _YEARS.sub("", fig.label).replace(" ", "")
    return s.strip("：:，, 为").removesuffix("为").removesuffix("数为")


_YEARS = re.compile(r"\d{4}\s*年度?")


def name(fig: Figure, figures: tuple[Figure, ...]) -> str:
    """What a figure is of, for a message: its label, or, where the label says only a measure
    (``2026年预算安排``, ``当年预算执行数``), the name of the figure it follows in the same
    paragraph (``…其他司法支出（99项）3845.49万元。…2026年预算安排3845.49万元``)."""
    s = said(fig)
    while fig.index > 0 and (not s or CONTINUES.match(s)):
        before = figures[fig.index - 1]
        if before.section != fig.section or before.code != fig.code:
            break
        fig, s = before, said(before)
    return s


def resolve(fig: Figure, pkg: BudgetPackage) -> q.Quantity | None:
    """The table quantity a figure of the narrative speaks of, or None if it names none."""
    s = said(fig)
    if "情况" in s:  # a heading glued to the sentence: "…决算总体情况一般公共预算财政拨款支出"
        s = s.rsplit("情况", 1)[1] or s
    if DIRECTION.search(s):
        return None  # "…总计增加1193.2万元": an amount of change, not a level
    if fig.code:
        return q.function_class(pkg, code=fig.code)
    if m := _PATH.search(fig.text):
        return _by_path(pkg, m.group(1).split("-"))
    final = pkg.info.stage == "决算"
    measure = None
    if final:  # the amount's own measure: …年初预算为2.85万元，支出决算为0.39万元 is the 决算
        said_budget = fig.measure == "预算" or (not fig.measure and "预算" in s)
        measure = "预算数" if said_budget else "决算数"
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
    if "涉及" in s or "绩效目标" in fig.section:
        return None  # see N009
    # a 决算 speaks of all funds (支出决算表) except in its 一般公共预算 sections
    tables = (TableKind.GPB_EXPENDITURE, TableKind.EXPENDITURE_SUMMARY)
    if final and "一般公共预算" not in fig.section:
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


__all__ = ["DIRECTION", "name", "resolve", "said"]
