"""Recognition: a raw document becomes a :class:`~yusuan.model.BudgetPackage`.

Tables flattened into lines of text (text files, HTML) are first rebuilt into rows of cells
(:mod:`yusuan.recognize.flattened`). Tables are found by the meaning of their titles and
headers, columns by the meaning of their labels; project sheets in both Chongqing layouts and
Shanghai's 项目经费情况说明 are read; the narrative yields statements of amounts, changes and
reasons.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from yusuan.errors import NotABudgetError, ScanNotRecognizedError
from yusuan.model import (
    BudgetPackage,
    DocumentInfo,
    Grid,
    Paragraph,
    PerformanceSheet,
    Project,
    Source,
    Table,
    TableKind,
)
from yusuan.money import Unit
from yusuan.readers.raw import RawDocument, RawLine
from yusuan.recognize import narrative as narr
from yusuan.recognize import page
from yusuan.recognize.cellstream import one_cell_a_line
from yusuan.recognize.flattened import rebuild
from yusuan.recognize.grids import grids
from yusuan.recognize.noise import denoise
from yusuan.recognize.projects import parse_project_sheet, parse_shanghai_project
from yusuan.recognize.prose import figures
from yusuan.recognize.segment import (
    DEPT_PERFORMANCE,
    NARRATIVE,
    PROJECT_SHEET,
    SHANGHAI_PROJECT,
    segment,
)
from yusuan.recognize.selfeval import read_selfevaluation
from yusuan.recognize.tables import TableBlock, parse_table

_TITLE_YEAR = re.compile(r"(20\d{2})\s*年(?:度)?")
_VEHICLES = re.compile(r"共有车辆\s*(\d+)\s*辆")
_BUY = re.compile(r"安排购置车辆\s*(\d+)\s*辆")


def recognize(doc: RawDocument) -> BudgetPackage:
    """Build the package model from a raw document.

    A part of a disclosure (a 三公 note, one section of a 决算 说明, one table) is a document too:
    its kind is read from its headings and words (:mod:`yusuan.recognize.page`), and it is marked
    ``partial`` so that checks which need the whole package do not run.

    Raises:
        NotABudgetError: nothing in the document states budget content — no table, sheet or
            sentence with budget words and amounts (ScanNotRecognizedError when its text came
            from OCR: the scan may be too poor).
    """
    doc = denoise(doc)  # web pages: traditional characters, pinyin debris, chrome …
    read = read_selfevaluation(doc)  # 绩效自评表 / 目标表 of any layout, before rebuilding
    evals = (read,) if read is not None else ()
    doc = rebuild(doc)  # text and HTML: tables flattened into lines of text
    blocks = segment(doc)
    tables: list[Table] = []
    projects: list[Project] = []
    dept: PerformanceSheet | None = None
    narrative_lines: list[RawLine] = []
    found_grids: list[Grid] = []
    issuer: str | None = None
    default_unit = _default_unit(doc)
    for block in blocks:
        if block.kind == NARRATIVE:
            narrative_lines.extend(block.lines)
        elif block.kind in (PROJECT_SHEET, DEPT_PERFORMANCE) and block.title is not None:
            sheet = parse_project_sheet(block.title, block.lines, doc.path, doc.positional)
            if isinstance(sheet, Project):
                projects.append(sheet)
            elif isinstance(sheet, PerformanceSheet):
                dept = sheet
        elif block.kind == SHANGHAI_PROJECT and block.title is not None:
            projects.append(parse_shanghai_project(block.title, block.lines, doc.path))
        elif block.title is not None and isinstance(block.kind, TableKind):
            table, found = parse_table(
                TableBlock(block.kind, block.title, block.lines),
                doc.path,
                default_unit,
                doc.positional,
            )
            # a layout unknown, or a table left one cell a line (no row of a label and amounts)
            flat = not doc.positional and one_cell_a_line(block.lines)
            if flat or not any(r.has_values or r.malformed for r in table.rows):
                unknown, _ = grids([block.title, *block.lines], doc.path)
                if any(v is not None for g in unknown for r in g.rows for v in r.values):
                    found_grids.extend(unknown)
                    continue
            tables.append(table)
            issuer = issuer or found
    more_grids, used = grids(narrative_lines, doc.path)
    found_grids.extend(more_grids)
    # a performance table's 资金 rows are read by its own reader (其中 parts by their roles)
    funds_lines = {r.source.line for s in evals for r in s.funds if r.source.line is not None}
    found_grids = [g for g in found_grids if not any(r.source.line in funds_lines for r in g.rows)]
    narrative_lines = [line for line in narrative_lines if id(line) not in used]
    texts = [line.text for line in doc.lines]
    scanned = any(c.conf is not None for line in doc.lines for c in line.cells)
    if (
        not tables
        and not projects
        and dept is None
        and not found_grids
        and not evals
        and not page.has_budget_content(texts, strict=scanned)
    ):
        raise (ScanNotRecognizedError if scanned else NotABudgetError)(doc.path)
    info = _info(doc, issuer)
    # a part of a disclosure (a title with neither header nor row is no table printed: a list
    # of contents naming 基本支出预算总表 …)
    printed = [t for t in tables if t.rows or t.headers]
    if len(printed) < 3 and not projects and dept is None:
        info = replace(
            info,
            year=page.document_year(texts) or info.year,
            stage=page.title_stage(texts)
            or ("决算" if info.stage == "决算" else page.stage(texts)),
            summary=page.level(texts) == "汇总",
            partial=True,
            sections=page.sections(list(doc.lines)),
        )
    paras = narr.paragraphs(narrative_lines, doc.path, doc.positional)
    vehicles = _vehicles(paras)
    said = figures(paras, info.year, info.stage)
    units = Counter(t.unit for t in tables)
    if not units:  # a page of prose: the unit most of its amounts are printed in
        units = Counter(Unit.YUAN if f.factor == 1 else Unit.WAN for f in said if f.amount)
    unit = units.most_common(1)[0][0] if units else Unit.WAN
    return BudgetPackage(
        info=info,
        unit=unit,
        tables=tuple(tables),
        paragraphs=tuple(paras),
        projects=tuple(projects),
        department_performance=dept,
        vehicles=vehicles,
        figures=said,
        grids=tuple(found_grids),
        self_evaluations=evals,
    )


def _default_unit(doc: RawDocument) -> Unit:
    for line in doc.lines[:400]:
        if "单位：" in line.text or "单位:" in line.text:
            u = Unit.parse(line.text.split("单位")[-1])
            if u is not None:
                return u
    return Unit.WAN


#: a unit's name before the year of a title: words, with brackets at most (某县（区）民政局)
_NAME = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff（）()·\d]{1,40}")
#: what a list of contents calls any unit (第一部分 部门概况)
_GENERIC = ("部门", "单位", "本部门", "本单位", "部门基本", "单位基本")
_PART = re.compile(r"第[一二三四五六七八九十\d]+(?:部分|章|节|篇)")
#: a title that opens with its year and names an organ after it (2021年度某办公室(本级)决算公开)
_YEAR_FIRST = re.compile(
    r"^\s*20\d{2}\s*年度?\s*([\u4e00-\u9fff][\u4e00-\u9fff·]{1,30}?"
    r"(?:局|委员会|委|办公室|厅|院|中心|所|站|馆|队|政府|办事处|镇|乡|学校|中学|小学|幼儿园|"
    r"医院|卫生院|联合会|协会|党校|法院|检察院))"
    r"\s*(?:[（(]本级[)）])?\s*(?:部门|单位)?(?:预算|决算)"
)


def _info(doc: RawDocument, issuer: str | None) -> DocumentInfo:
    head = [line.text for line in doc.lines[:12]]
    year = None
    for text in head:
        if ("预算" in text or "决算" in text or "绩效" in text) and (m := _TITLE_YEAR.search(text)):
            year = int(m.group(1))
            break
    name = issuer
    if name is None:  # a cover's 预算主管部门 line names the unit, not the series title above
        # it (上海市普陀区2026年区级部门预算 / 预算主管部门：上海市普陀区司法局)
        name = next(
            (m.group(1) for t in head if (m := re.search(r"预算主管部门[:：]\s*(\S+)", t))), None
        )
    if name is None:
        for text in head:
            m = re.match(
                r"^\s*(?:第[一二三四五六七八九十\d]+部分\s*[:：]?)?\s*(?:关于(?:印发|公开|公布|发布)?)?(\S+?)\s*20\d{2}年"
                r".*(?:预算|决算)",
                text,
            )
            if (
                m
                and _NAME.fullmatch(m.group(1))
                and not _PART.fullmatch(m.group(1))
                and not m.group(1).endswith("部分")  # (部分 2021年度单位决算情况说明: 第二 lost)
                and m.group(1) not in _GENERIC
                and m.group(1) != "关于"  # (关于2024年…的报告: names no unit)
            ):
                # (not 一、 of a heading, nor a sentence, nor 第二部分 of a list of contents,
                # which a part's title opens with: 第二部分某医院2017年度部门决算批复表)
                name = m.group(1)
                break
            if m := re.search(r"单位信息[:：]\s*(\S+?)(?:（本级）)?$", text):
                name = m.group(1)
            # 决算 covers print the name over several lines; the first part's heading repeats it
            if (m := re.match(r"^第一部分\s*[:：]?\s*(\S+?)概况$", text)) and m.group(
                1
            ) not in _GENERIC:
                name = m.group(1)
    if name is None:  # the year first: 2021年度某盟外事办公室(本级)决算公开
        name = next((m.group(1) for t in head if (m := _YEAR_FIRST.match(t))), None)
    if name is None:  # a sheet of 绩效目标表 only: 编制单位：145001-…（本级）
        name = next(
            (m.group(1) for t in head if (m := re.search(r"编制单位[:：]\s*(\S+)", t))), None
        )
    code = None
    if name and (m := re.match(r"^(\d+)-", name)):
        code = m.group(1)
    for line in doc.lines[:400]:
        if code is None and (m := re.search(r"编制(?:单位|部门)[:：]\s*(\d+)-", line.text)):
            code = m.group(1)
    if name:
        name = re.sub(r"^\d+-", "", name).removesuffix("（本级）")
    titles = [t for t in head if len("".join(t.split())) <= 40 and "，" not in t and "。" not in t]
    scope = "单位" if any("单位预算" in t or "单位决算" in t for t in titles) else "部门"
    stage = "决算" if any("决算" in t and "预算" not in t for t in titles) else "预算"
    contact = None
    for line in doc.lines:
        if "联系人" in line.text and ("电话" in line.text or "联系方式" in line.text):
            contact = line.text.strip()
    region = None
    if name and (m := re.match(r"^(?:中共)?(\S+?[市省](?:\S+?[区县])?)", name)):
        region = m.group(1)
    return DocumentInfo(
        path=doc.path,
        format=doc.format,
        unit_name=name,
        unit_code=code,
        year=year,
        scope=scope,
        stage=stage,
        region=region,
        contact=contact,
        pages=doc.pages,
    )


def _vehicles(paras: list[Paragraph]) -> tuple[tuple[str, int, Source], ...]:
    out: list[tuple[str, int, Source]] = []
    for p in paras:
        if m := _VEHICLES.search(p.text):
            out.append(("车辆", int(m.group(1)), p.source))
        if m := _BUY.search(p.text):
            out.append(("购置车辆", int(m.group(1)), p.source))
    return tuple(out)


__all__ = ["recognize"]
