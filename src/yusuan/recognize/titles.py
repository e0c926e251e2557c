"""Recognize what a line is: a table title (by meaning), a project sheet, a note, a heading."""

from __future__ import annotations

import re
from functools import lru_cache

from yusuan.model.tables import TableKind

PROJECT_SHEET = "project_sheet"
DEPT_PERFORMANCE = "dept_performance"
SHANGHAI_PROJECT = "shanghai_project"

_YEAR_PREFIX = re.compile(r"^(?:\d+[.．、]\s*)?(?:\d{4}年)?")
_NUMBERED = re.compile(r"^\d+[.．、]")
_ENUMERATED = re.compile(r"^[一二三四五六七八九十]+、")
_CONTINUED = re.compile(r"[（(]续[）)]$|续表$")


def _compact(text: str) -> str:
    return "".join(text.split())


@lru_cache(maxsize=4096)
def classify_title(text: str) -> TableKind | str | None:
    """Classify a line as a table title by the meaning of its words, or None (remembered:
    segmenting and rebuilding ask it of each line two or three times).

    Titles are short, end with 表 and carry no sentence punctuation; table-of-contents lines
    (with leader dots) are not titles.
    """
    if "表" not in text and "说明" not in text:
        return None
    t = _compact(text)
    if not t or len(t) > 48 or "…" in t or "。" in t or "，" in t or "：" in t[:-1]:
        return None
    if _NUMBERED.match(t) or _ENUMERATED.match(t):
        return None  # a numbered table-of-contents entry
    t = _CONTINUED.sub("", t)
    if t.endswith("项目经费情况说明") and len(t) > 8:
        return SHANGHAI_PROJECT
    if not t.endswith("表"):
        return None
    t = _YEAR_PREFIX.sub("", t)
    if "整体绩效目标表" in t:
        return DEPT_PERFORMANCE
    if t.endswith("绩效目标表") and ("项目" in t or t == "绩效目标表"):
        return PROJECT_SHEET
    if "部门决算表" in t or "单位决算表" in t:
        return None  # the heading of the 决算 tables part, not a table
    rules: tuple[tuple[TableKind, tuple[str, ...], tuple[str, ...]], ...] = (
        (TableKind.THREE_PUBLIC, ("三公",), ()),
        (TableKind.PROCUREMENT, ("政府采购",), ()),
        (TableKind.GOV_FUND_EXPENDITURE, ("政府性基金", "支出"), ()),
        (TableKind.SOE_EXPENDITURE, ("国有资本经营", "支出"), ()),
        (TableKind.FISCAL_SUMMARY, ("财政拨款收支",), ()),
        (TableKind.FISCAL_SUMMARY, ("财政拨款收入支出", "总表"), ()),
        (TableKind.GPB_BASIC_ECONOMIC, ("一般公共预算", "基本支出"), ()),
        (TableKind.GPB_EXPENDITURE, ("一般公共预算", "支出"), ()),
        (TableKind.INCOME_EXPENDITURE_SUMMARY, ("收支", "总表"), ()),
        (TableKind.INCOME_EXPENDITURE_SUMMARY, ("收入支出", "总表"), ()),
        (TableKind.INCOME_SUMMARY, ("收入",), ("支出",)),
        (TableKind.EXPENDITURE_SUMMARY, ("支出", "总表"), ("收入",)),
        (TableKind.EXPENDITURE_SUMMARY, ("支出决算表",), ("收入",)),
    )
    for kind, required, forbidden in rules:
        if all(w in t for w in required) and not any(w in t for w in forbidden):
            return kind
    return None


_NOTE = re.compile(r"^(?:备注|注|说明)\s*[:：]")


def is_note(text: str) -> bool:
    """``备注：…`` / ``注:…`` lines under a table."""
    return bool(_NOTE.match(text.strip()))
