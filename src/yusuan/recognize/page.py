"""What kind of page this is, when no cover says: 预算 or 决算, its year, 部门/单位 or a 本级汇总,
the sections it holds, and whether it holds budget content at all.

A page cut out of a longer document (page 3 of a paginated article, a 三公 note alone) has no
cover; its kind is read from its headings and then from its words (:mod:`yusuan.lang`).
"""

from __future__ import annotations

import re
from collections import Counter

from yusuan.lang import VOCABULARY
from yusuan.lang.vocabulary import fold, is_title
from yusuan.readers.raw import RawLine

_YEAR = re.compile(r"(?<![\d])(20\d{2}|19\d{2})\s*年")
_COMPARED = re.compile(r"(?:比|较|与|同|对比|截至|截止|至)\s*$")
#: a section heading: 一、 （一） 第一部分
HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分)"
)
_SECTION_WORDS = (
    ("三公", "“三公”经费"),
    ("机关运行", "机关运行经费"),
    ("政府采购", "政府采购"),
    ("国有资产", "国有资产占用"),
    ("绩效", "绩效"),
    ("收入", "收入"),
    ("支出", "支出"),
    ("基本支出", "基本支出"),
    ("项目支出", "项目支出"),
    ("收支", "收支总体情况"),
    ("名词解释", "名词解释"),
)
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d年月日号])")
#: 预算 as the measure of a page: not a fund's name, a law or a completion rate
_BUDGET_WORD = re.compile(
    r"(?<!一般公共)(?<!政府性基金)(?<!国有资本经营)(?<!社会保险基金)(?<!完成)(?<!全年)(?<!年初)预算(?!法)"
)
_AMOUNT = re.compile(r"\d(?:[\d,.]*)\s*(?:亿元|万元|元)|\d+(?:\.\d+)?\s*%")


def document_year(texts: list[str]) -> int | None:
    """The year a page speaks of: its first title's (the budget year when a first title on the
    year's 执行 is followed by one on next year's 预算), else the most frequent year not named as a
    comparison (比2022年) or a date (截至…), ties to the later year."""
    titled = [(t, int(m.group(1))) for t in texts if is_title(t) and (m := _YEAR.search(t))]
    if titled:
        first, year = titled[0]
        both = [int(y) for y in _YEAR.findall(first)]
        if "执行" in first and year + 1 in both and "预算" in first[first.index("执行") :]:
            return year + 1  # 2021年…预算执行情况及2022年…预算草案的报告: a 2022 budget
        if "执行" in first and "预算" in first:  # 2022年…执行情况, then 2023年…预算: a 2023 budget
            for text, later in titled[1:]:
                if later == year + 1 and "预算" in text and "执行" not in text:
                    return later
        return year
    counts: Counter[int] = Counter()
    for text in texts:
        for m in _YEAR.finditer(text):
            before = text[max(0, m.start() - 4) : m.start()]
            if _COMPARED.search(before) or text[m.end() : m.end() + 1].isdigit():
                continue
            counts[int(m.group(1))] += 1
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))


def title_stage(texts: list[str]) -> str | None:
    """决算 or 预算 as the page's first title naming one says (预决算, a site's menu, names
    neither)."""
    for text in texts:
        text = text.replace("预决算", "")
        if is_title(text) and ("决算" in text or "决支出" in text or "预算" in text):
            return "决算" if "决算" in text or "决支出" in text else "预算"
    return None


def stage(texts: list[str]) -> str:
    """决算 or 预算 as its first title says; else 决算 when the page speaks of 决算 at all (a 决算
    note names its 预算 too)."""
    if said := title_stage(texts):
        return said
    joined = "".join(texts).replace("预决算", "")
    final = joined.count("决算") + joined.count("决支出") + joined.count("完成预算")
    budget = len(_BUDGET_WORD.findall(joined))
    if final == budget == 0:
        spent = re.search(r"\d{4}\s*年度", joined) or "安排" not in joined
        return "决算" if "支出" in joined and spent else "预算"
    return "决算" if final >= budget else "预算"


def level(texts: list[str]) -> str:
    """部门 (or 单位), or 汇总 for a 本级/全市/全县 summary of many departments."""
    head = "".join(texts[:6])
    if any(w in head for w in VOCABULARY.signs["summary"]) and ("部门" in head or "汇总" in head):
        return "汇总"
    if "单位预算" in head or "单位决算" in head:
        return "单位"
    return "部门"


def sections(lines: list[RawLine]) -> tuple[str, ...]:
    """The sections a page holds, named by its headings (or, with none, by its subjects)."""
    found: list[str] = []
    heads = [ln.text for ln in lines if HEADING.match(ln.text.strip()) and len(ln.text) <= 60]
    for text in heads or [ln.text for ln in lines[:3]]:
        for word, name in _SECTION_WORDS:
            if word in text and name not in found:
                found.append(name)
                break
    return tuple(found)


#: the lines a page's own title can be among (after chrome such as 索引号/发布机构 rows)
_OPENING = 8


def _glued_title(text: str) -> str:
    """The title a line opens with when a table's cells were run into it (a document preview:
    ``…项目绩效目标自评表填报日期:总分:分项目名称…``): up to its first 表, if that is near."""
    end = text.find("表", 0, 40)
    return text[: end + 1] if end > 0 else ""


def has_budget_content(texts: list[str], strict: bool = False) -> bool:
    """Budget words (or the subjects the vocabulary names) and numbers together: a sentence with
    both, or a page whose budget words sit beside amounts or a run of figures (a table flattened
    without units, a 绩效 sheet). A news item or a notice that only mentions a budget has
    neither. ``strict`` (an OCR'd scan, where a cover's stray figures mean nothing): only a
    sentence with both. A page that opens with a budget title (``2018年…“三公”经费预算情况说明``,
    ``…项目支出绩效自评表``) is one even when it was cut before its first figure."""
    if not strict and any(is_title(t) or is_title(_glued_title(t)) for t in texts[:_OPENING]):
        return True
    signs = VOCABULARY.signs["budget"] + VOCABULARY.signs["performance"]
    subjects = VOCABULARY.subject_pattern
    words = amounts = numbers = 0
    for text in texts:
        named = any(w in text for w in signs) or bool(subjects.search(fold(text)))
        has_amount = bool(_AMOUNT.search(text))
        if named and has_amount:
            return True
        words += named
        amounts += has_amount
        numbers += len(_NUMBER.findall(text))
    return not strict and words >= 1 and (amounts >= 1 or numbers >= 3)
