"""Wording a reader sees at once: template text left in, blank numbers, doubled units, a year
that is not the document's, text copied from another level's template. Warnings, each quoting
the exact text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from yusuan.lang import VOCABULARY
from yusuan.lang.vocabulary import fold, is_title
from yusuan.model import Paragraph, Source
from yusuan.rules.context import Context
from yusuan.rules.figures import figures_of
from yusuan.rules.findings import Finding
from yusuan.rules.registry import rule

_SOURCE = "[D] issue #14 §3: wording a reader sees at once"
_BLANK = re.compile(
    r"(占|增加|减少|增长|下降|为|支出|经费)\s+(%|％|万元|元)"
    r"|占(?!比[%％]|比重[%％])[\u4e00-\u9fff]{2,16}[%％](?!\s*[|｜])"  # 占基本支出预算% (not 占计划% |)
    r"|第届|届第次|第次会议"  # 第届…次会议, 第二届人民代表大会第次会议
)
_TWO_POINTS = re.compile(r"(?<![\d.])\d+\.\d+\.\d+\s*(?:亿元|万元|元)")
_DOUBLE_UNIT = re.compile(r"万元万元|(?<![万亿千])元元|万元元|万万元|%%|％％")
_MASKED = re.compile(
    r"[≥≤><=＞＜]\s*\*{2,}|\*\*\s*(?:%|万元|元|个|人|户|株)"
    r"|(?<![A-Za-z])(?:20|19)[Xx×]{2}\s*年|(?<![A-Za-z])[Xx×]{2,}\s*(?:%|％|亿元|万元|千元|元|个|人|户|辆)"
    # a blank line of the template (20_ 年, _县): not an underscore inside a name or an address
    r"|(?<![A-Za-z0-9_.])20[_＿]+\s*年|(?<![A-Za-z0-9_/.=&-])[_＿]+[县区市镇乡局]"
    # a year left as letters: xx年度, a document number's 〔20xx〕/﹝xx﹞, a standard's -20xx
    r"|(?<![A-Za-z0-9])[Xx×]{2}\s*年|[〔﹝［\[]\s*(?:20|19)?[Xx×]{2,4}\s*[〕﹞］\]]"
    r"|(?<=[-—－])(?:20|19)[Xx×]{2}(?![A-Za-z])"
)
#: XX项目, XX镇, xx单位: a name the template left as letters (not xxx in an address)
_X_NAME = re.compile(
    r"(?<![A-Za-z0-9])[Xx]{2,3}(?:项目|单位|部门|委员会|办公室|中心|街道|公司|学校|医院"
    r"|[局镇乡县市区村委办所处科站队])"
)
_HEADING_YEAR = re.compile(r"(20\d{2})\s*年度?")
#: three digits for a year, before a month or 度 (202年1月, 202年度)
_SHORT_YEAR = re.compile(r"(?<![\d.,，、])(?:19|20)\d年(?=\d{1,2}月|度)")
_CUTOFF = re.compile(r"截[至止]\s*(20\d{2})\s*年")
#: 纳入本部门2023年度部门决算编制范围的…: the template's sentence on the units a document covers
_SCOPE_YEAR = re.compile(
    r"纳入[^。，,；;]{0,30}?(20\d{2})\s*年度?(?:部门|单位)?(?:预算|决算)编制范围"
)
_PAST = re.compile(r"执行|决算|上年")
#: what a paragraph may run on with after a report's title (…的报告各位代表：)
_TITLE_END = re.compile(r"(?<=报告)(?:各位代表|各位委员)[:：].*$")
#: a heading on what was done about an earlier year's evaluation (2020年度…绩效评价整改情况)
_FOLLOW_UP = re.compile(r"整改|评价结果(?:的)?应用")
_POINT_IN_TIME = re.compile(r"\d{4}\s*年(?:末|初|底)|限额|余额")
_LOCAL = re.compile(r"[县区镇乡街道]")
#: the province's template defining its own scope (是指省级部门用财政拨款安排…, 使用省本级财政拨款…);
#: a page asking the province for something (建议省级部门及时下达资金) is no copy
_UPPER = re.compile(
    r"(?<!建议)(?<!请求)(?<!对接)(?<!协调)(?<!争取)"
    r"(?:省级部门(?=用|使用|安排|的|预算|决算|财政|“|\")|省本级(?=财政|各部门|部门|预算|决算|“))"
)


def _lines(para: Paragraph) -> list[tuple[str, int]]:
    """The paragraph's printed lines with their offsets (a heading may be run into the text
    after it)."""
    cuts = [o for o, _, _ in para.starts] + [len(para.text)]
    return [(para.text[a:b].strip(), a) for a, b in pairwise(cuts) if b > a]


#: a numbered heading (四、…, （二）…) of a 目录 or a section
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")


def _heading(text: str) -> bool:
    """A title, or a short numbered heading (四、2020年预算编制范围)."""
    return is_title(text) or (
        bool(_NUMBERED.match(text)) and len(text) <= 30 and not any(p in text for p in "，,。；;")
    )


def _snippet(text: str, start: int, end: int) -> str:
    return text[max(0, start - 8) : end + 8].strip()


#: a template's direction word left in its brackets before the number it is of: 较上年(减少)16.23
#: 万元, (减)幅23% — not 增(减)额 or 增(减)变化情况, the usual header words
_BRACKETED = re.compile(r"(?<![增减])\((?:增加|减少|增长|下降|增|减)\)(?=\s*\d|幅\s*\d)")


_LATIN_RUN = re.compile(r"[a-z]+")


def _standing(word: str, folded: str) -> bool:
    """A placeholder of Latin letters (xxx) stands alone, not inside a word or a web address
    (``/qnxxxgk/``, ``czxxxx``): some run of letters is the placeholder's letters only."""
    if not word.isascii() or not word.isalpha():
        return True
    letters = set(word)
    return any(
        word in run.group(0) and set(run.group(0)) <= letters for run in _LATIN_RUN.finditer(folded)
    )


@rule("W001", "模板文字未替换", category="narrative", severity="warning", source=_SOURCE)
def check_placeholders(ctx: Context) -> Iterator[Finding]:
    """Template alternatives (``增加(减少)``, ``或与预算数持平``), placeholder names (XX局, ××, 某某),
    masked values (``≥**``) and empty reasons (``主要原因是。``) left in the published text. One
    finding per placeholder, at its first place, with the count."""
    seen: dict[tuple[str, str], list[Source]] = {}
    for para in ctx.package.paragraphs:
        folded = fold(para.text)
        found = [
            (k, w)
            for k, words in VOCABULARY.placeholders.items()
            for w in words
            if w in folded and _standing(w, folded)
        ]
        for kind, w in found:
            if not any(w != other and w in other for _, other in found):  # 原因是。 in 主要原因是。
                seen.setdefault((kind, w), []).append(para.source)
        for m in _MASKED.finditer(para.text):
            seen.setdefault(("masked", m.group(0)), []).append(para.at(m.start()))
        for m in _X_NAME.finditer(folded):
            seen.setdefault(("names", m.group(0)), []).append(para.at(m.start()))
        for m in _BRACKETED.finditer(folded):
            if not any(m.group(0) in other for _, other in found):  # (in 增加(减少): said)
                seen.setdefault(("alternatives", m.group(0)), []).append(para.at(m.start()))
    what = {"alternatives": "模板的备选文字", "names": "占位名称", "masked": "未填的占位符"}
    for (kind, w), places in seen.items():
        count = f"（共{len(places)}处）" if len(places) > 1 else ""
        yield ctx.finding(
            f"说明中留有{what.get(kind, '空白原因')}「{w}」{count}，未按实际情况改写。",
            places[0],
            stated=w,
            related=tuple(places[1:]),
        )


@rule("W002", "数值空白或单位重复", category="narrative", severity="warning", source=_SOURCE)
def check_blanks(ctx: Context) -> Iterator[Finding]:
    """``占 %``, ``比上年减少 万元``: a number left out; ``1837600元元``: a unit doubled;
    ``3.042.27万元``: an amount with two decimal points (a thousands separator typed as one)."""
    yield from _each(ctx, _BLANK, "「{text}」中「{found}」缺少数值（空白）。")
    yield from _each(ctx, _DOUBLE_UNIT, "「{text}」中单位重复「{found}」。")
    yield from _each(ctx, _TWO_POINTS, "「{text}」中金额「{found}」有两个小数点，数值有误。")


def _each(
    ctx: Context, pattern: re.Pattern[str], say: str, expected: str | None = None
) -> Iterator[Finding]:
    """A finding for each place a paragraph matches ``pattern``: ``say`` with the sentence
    around it (``{text}``) and what matched (``{found}``)."""
    for para in ctx.package.paragraphs:
        for m in pattern.finditer(para.text):
            yield ctx.finding(
                say.format(text=_snippet(para.text, m.start(), m.end()), found=m.group(0)),
                para.at(m.start()),
                stated=m.group(0),
                expected=expected,
            )


@rule("W003", "年份与文件年度不符", category="narrative", severity="warning", source=_SOURCE)
def check_years(ctx: Context) -> Iterator[Finding]:
    """A heading or a 截至 date with a year other than the document's, an amount stated as
    this year's (against 上年, or with its completion rate) under another year, and a year
    printed with a digit left out (``于202年1月11日``)."""
    doc_year = f"{ctx.year}年" if ctx.year else None
    yield from _each(ctx, _SHORT_YEAR, "「{text}」中的年份「{found}」少了一位数字。", doc_year)
    year = ctx.year
    if year is None:
        return
    final = ctx.package.info.stage == "决算"
    # the years the document's own title names (2022年预算执行情况和2023年预算草案: both)
    named = next(
        (
            {int(y) for y in _HEADING_YEAR.findall(t)}
            for p in ctx.package.paragraphs[:3]
            if is_title(t := _TITLE_END.sub("", p.text)) and _HEADING_YEAR.search(t)
        ),
        set(),
    ) | {year}
    named |= figures_of(ctx).title_years  # (a title run into the page's chrome)
    headings: dict[int, list[tuple[str, Source]]] = {}  # a wrong year → the titles naming it
    for para in ctx.package.paragraphs:
        for text, start in _lines(para):
            if not _heading(text) or (not final and _PAST.search(text)):
                continue  # a 预算 page's heading on last year's 执行/决算 names that year
            if str(year) in {m.group(1) for m in _HEADING_YEAR.finditer(text)}:
                continue  # 2016年决算数与2015年决算数对比情况: a comparison of this year's
            for m in _HEADING_YEAR.finditer(text):
                y = int(m.group(1))
                if (y < year and _FOLLOW_UP.search(text)) or _POINT_IN_TIME.search(text):
                    continue  # (2016年末…余额, 2018年…限额: a debt table's rows name their years)
                if y not in named and not text[max(0, m.start() - 2) : m.start()].endswith(
                    ("比", "较")
                ):
                    headings.setdefault(y, []).append((text, para.at(start)))
                    break
        text = para.text
        for m in _SCOPE_YEAR.finditer(text):  # the template's own sentence names this year
            if int(m.group(1)) != year:
                yield ctx.finding(
                    f"「{_snippet(text, m.start(), m.end())}」的年份{m.group(1)}年与文件年度{year}年不符。",
                    para.at(m.start()),
                    stated=f"{m.group(1)}年",
                    expected=f"{year}年",
                )
        for m in _CUTOFF.finditer(text):
            y = int(m.group(1))
            if y < (year if final else year - 1):  # (a later year is a deadline: 时效指标
                # 截至2026年12月底完成 in a 2025 table, 截至2024年8月 in a 2023 决算 published then)
                yield ctx.finding(
                    f"「{_snippet(text, m.start(), m.end())}」的截至年份{y}年与文件年度{year}年不符。",
                    para.at(m.start()),
                    stated=f"{y}年",
                    expected=f"{year if final else year - 1}年",
                )
    for y, titles in headings.items():  # (one finding a year: a template's titles copied)
        more = f"（共{len(titles)}处标题）" if len(titles) > 1 else ""
        yield ctx.finding(
            f"标题「{titles[0][0]}」的年份{y}年与文件年度{year}年不符{more}。",
            titles[0][1],
            stated=f"{y}年",
            expected=f"{year}年",
            related=tuple(where for _, where in titles[1:]),
        )
    figs = figures_of(ctx)
    for f in figs.all:
        if f.year is not None and f.year != year and figs.year_of(f) == year:
            yield ctx.finding(
                f"「{f.text[:60]}」写作{f.year}年，但这是{year}年的数（与上年比较、完成预算），"
                f"年份有误。",
                f.source,
                stated=f"{f.year}年",
                expected=f"{year}年",
            )


@rule("W004", "套用上级模板文字", category="narrative", severity="warning", source=_SOURCE)
def check_upper_template(ctx: Context) -> Iterator[Finding]:
    """A county's, district's or town's page that speaks of 省级部门 / 省本级: text copied from
    the province's template."""
    head = "".join(p.text for p in ctx.package.paragraphs[:3])[:200]
    name = ctx.package.info.unit_name or head
    if "省" in name[:6] or not _LOCAL.search(name[:40]):
        return
    for para in ctx.package.paragraphs:
        for m in _UPPER.finditer(para.text):
            yield ctx.finding(
                f"本级（县、区、乡镇）文件中出现「{m.group(0)}」：「{_snippet(para.text, m.start(), m.end())}」，"
                "疑似照搬省级模板文字。",
                para.at(m.start()),
                stated=m.group(0),
            )
            break


#: a unit named at the head of a title: 上海市普陀区司法局2024年部门决算 → 上海市普陀区司法局
_TITLE_UNIT = re.compile(
    r"^(?:第[一二三四五六七八九十\d]+部分\s*)?(?:中共)?([\u4e00-\u9fff]{2,24}?(?:局|委员会|办公室|管理处|中心|院|厅|部|所|站|馆|队|政府|街道办事处|镇|乡))"
    r"\s*(?:20\d{2}\s*年)"
)
#: the organ a unit's name ends with (司法局, 卫生健康委员会 …): two units with the same organ and
#: another place are two levels of one system
_ORGAN = re.compile(r"(?:[市区县州省旗镇乡])([^市区县州省旗镇乡]{2,12})$")


@rule("W005", "单位名称与文件不符", category="narrative", severity="warning", source=_SOURCE)
def check_unit_name(ctx: Context) -> Iterator[Finding]:
    """A title naming the same organ as the document's unit at another place (a municipal
    bureau's name in a district report: 上海市司法局 in the 上海市普陀区司法局's 决算): text copied
    from another unit's document."""
    units: list[tuple[str, Source]] = []
    for para in ctx.package.paragraphs:
        for text, start in _lines(para):
            if is_title(text) and (m := _TITLE_UNIT.match(text)):
                units.append((m.group(1), para.at(start)))
    if not units:
        return
    own = ctx.package.info.unit_name or units[0][0]
    own_organ = _ORGAN.search(own)
    if own_organ is None:
        return
    for unit, where in units:
        organ = _ORGAN.search(unit)
        if unit != own and organ is not None and organ.group(1) == own_organ.group(1):
            if own.endswith(unit) or unit.endswith(own):
                continue  # the same unit named shorter (普陀区司法局 / 上海市普陀区司法局)
            yield ctx.finding(
                f"标题中的单位「{unit}」与文件的单位「{own}」不同（同一系统的另一级单位），疑似照搬他单位文字。",
                where,
                stated=unit,
                expected=own,
            )
            return
