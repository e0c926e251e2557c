"""Completeness rules: required tables present, empty tables explained, blank project fields."""

from __future__ import annotations

import re
from collections.abc import Iterator

from yusuan.model import TableKind
from yusuan.model.tables import Row, Table
from yusuan.money import LABEL_UNIT, label_unit
from yusuan.rules.context import Context
from yusuan.rules.findings import Finding
from yusuan.rules.registry import rule


@rule(
    "C001",
    "必备表格缺失",
    category="completeness",
    severity="warning",
    source="[S:143] 8-table set; [S:CQ] Chongqing extensions (standards §1.2)",
    applies_to=("预算",),
    whole=True,
)
def check_required_tables(ctx: Context) -> Iterator[Finding]:
    """Every table the profile requires must be published — empty, with a note, if there is no data."""
    if not ctx.package.tables:
        return  # a sheet-only document (绩效目标表): nothing to require
    for name in ctx.profile.required_tables:
        kind = TableKind(name)
        if not ctx.package.has(kind):
            yield ctx.finding(
                f"未公开「{kind.label}」。即使没有数据，也应公开空表并加以说明。",
                ctx.package.source.at(table=kind.label),
            )


#: a sentence that explains a table published empty or left out: 本单位无政府性基金…，故此表为空
_EXPLAINED = re.compile(
    r"无[^。；]{0,30}(?:故|因此|所以)?[^。；]{0,20}(?:空表|无数据|不涉及|未公开|无此)|不涉及|为空表"
)


@rule(
    "C007",
    "必备决算表缺失且未说明",
    category="completeness",
    severity="warning",
    source="[S:143] 部门决算 公开模板 (9 tables); R-PUB-4: 无数据的表也要公开并说明",
    applies_to=("决算",),
    whole=True,
)
def check_required_final_tables(ctx: Context) -> Iterator[Finding]:
    """Each 决算 table of the profile's set is published, or the 说明 explains why it is not
    (本部门无政府性基金收支，故…表为空表). A table the 目录 lists but the document lacks is named.
    Asked of a document that publishes most of the set (five tables or more): fewer is an
    excerpt, whose other tables are elsewhere."""
    pkg = ctx.package
    if len(pkg.tables) < 5:
        return
    texts = [p.text for p in pkg.paragraphs]
    for name in ctx.profile.required_final_tables:
        kind = TableKind(name)
        if pkg.has(kind):
            continue
        words = _TABLE_WORDS.get(kind, (kind.label,))
        explained = any(any(w in t for w in words) and _EXPLAINED.search(t) for t in texts)
        if explained:
            continue
        listed = any(any(w in t for w in words) and len(t) <= 60 for t in texts)
        yield ctx.finding(
            f"未公开「{kind.label}」（决算）"
            + ("，目录中却列有此表" if listed else "")
            + "，也未说明原因。无数据的表也应公开空表并说明。",
            pkg.source.at(table=kind.label),
            stated="缺表",
            expected=kind.label,
        )


#: the words a 说明 or 目录 uses for each table
_TABLE_WORDS: dict[TableKind, tuple[str, ...]] = {
    TableKind.GOV_FUND_EXPENDITURE: ("政府性基金",),
    TableKind.SOE_EXPENDITURE: ("国有资本经营",),
    TableKind.THREE_PUBLIC: ("三公",),
    TableKind.GPB_BASIC_ECONOMIC: ("基本支出决算表", "基本支出表"),
    TableKind.GPB_EXPENDITURE: ("一般公共预算财政拨款支出决算表",),
    TableKind.FISCAL_SUMMARY: ("财政拨款收入支出决算总表", "财政拨款收支"),
    TableKind.EXPENDITURE_SUMMARY: ("支出决算表",),
    TableKind.INCOME_SUMMARY: ("收入决算表",),
    TableKind.INCOME_EXPENDITURE_SUMMARY: ("收入支出决算总表",),
}


#: an amount run into a row's name (一般公共服务支出1,283.02392.77): not a name, unread numbers
_AMOUNT_IN_NAME = re.compile(r"\d{1,3}(?:,\d{3})+\.\d{2}|\d+\.\d{2}")


@rule(
    "C002",
    "空表未说明原因",
    category="completeness",
    severity="warning",
    source="[S:143] R-PUB-4: 无数据的表也要公开并说明",
)
def check_empty_table_note(ctx: Context) -> Iterator[Finding]:
    """An empty table must carry a 备注/说明 explaining why it has no data."""
    partial = ctx.package.info.partial
    for t in ctx.package.tables:
        if not t.rows and (partial or not t.headers):
            continue  # a title on a part of a document: its table may be on another page, or
            # laid out in a way no row was read from (一、支出合計 9.28 under 項目 本年決算數);
            # a title with neither header nor row is no table printed (表 1:收入支出决算总表
            # 表 2:… in a contents list run into one line)
        printed = any(c.text.strip() for r in t.rows for _, c in r.cells)  # unplaced: A011
        if t.empty and not printed and not t.note and not _glued(t):  # (in names: C006)
            yield ctx.finding(f"「{t.title}」为空表，但没有说明无数据的原因（备注）。", t.source)


def _glued(t: Table) -> list[Row]:
    """The rows with no amount read but an amount run into their name."""
    return [r for r in t.rows if not r.has_values and _AMOUNT_IN_NAME.search(r.name)]


@rule(
    "C006",
    "金额混在行名中，未读出",
    category="completeness",
    severity="error",
    source="[D] a table's amounts must be read; a scan read poorly or a layout run together "
    "leaves them in the names",
)
def check_amounts_in_names(ctx: Context) -> Iterator[Finding]:
    """A row with no amount read but amounts inside its name (一般公共服务支出1,283.02): its
    numbers were not read (a poor scan, a row run together), not absent. Reported once a
    table, at its first such row."""
    for t in ctx.package.tables:
        if rows := _glued(t):
            first = rows[0]
            more = f"等 {len(rows)} 行" if len(rows) > 1 else ""
            yield ctx.finding(
                f"「{t.title}」「{first.name}」{more}没有读出金额，名称中却夹着数字：金额与名称连在"
                "一起（扫描件识别不清或排版问题），未作推断，请核对原表。",
                first.source,
                stated=first.name,
            )


@rule(
    "C003",
    "项目金额空缺",
    category="completeness",
    severity="error",
    source="[D] standards §3.2: 项目总额/当年预算 and 预算执行率权重 are required fields",
)
def check_project_blank_amount(ctx: Context) -> Iterator[Finding]:
    """A project sheet must state its amount and its 预算执行率权重."""
    for p in ctx.package.projects:
        if p.layout in ("shanghai", "other"):
            continue
        if p.budget is None:
            label = "项目总额" if p.layout == "sheet" else "当年预算"
            yield ctx.finding(
                f"项目「{p.name}」的{label}为空。", p.field_source("budget").at(row=label)
            )
        if p.execution_weight is None:
            yield ctx.finding(
                f"项目「{p.name}」的预算执行率权重为空，指标权重合计无法达到100。",
                p.field_source("execution_weight").at(row="预算执行率权重"),
            )


@rule(
    "C004",
    "项目要素空缺",
    category="completeness",
    severity="warning",
    source="[S:CQ] 项目支出绩效目标表 fields; [S:CQ19] 项目分类",
)
def check_project_blank_fields(ctx: Context) -> Iterator[Finding]:
    """项目分类, 立项依据, 当年绩效目标 and the indicators must be filled on Chongqing project
    sheets; the 整体 sheet states its 当年整体绩效目标."""
    for p in ctx.package.projects:
        if p.layout != "chongqing":
            continue
        if not p.category:
            yield ctx.finding(
                f"项目「{p.name}」的项目分类为空。", p.field_source("category").at(row="项目分类")
            )
        if not p.basis:
            yield ctx.finding(
                f"项目「{p.name}」的立项依据为空。", p.field_source("basis").at(row="立项依据")
            )
        if not p.indicators:
            yield ctx.finding(f"项目「{p.name}」没有绩效指标。", p.source.at(row="绩效指标"))
        if not p.goal.strip():
            yield ctx.finding(
                f"项目「{p.name}」的当年绩效目标为空。",
                p.field_source("goal").at(row="当年绩效目标"),
            )
    d = ctx.package.department_performance
    if d is not None and not d.goal.strip():
        yield ctx.finding(
            "部门（单位）整体绩效目标表的当年整体绩效目标为空。",
            d.source.at(row="当年整体绩效目标"),
        )


@rule(
    "C005",
    "表头金额单位与单位行不一致",
    category="completeness",
    severity="error",
    source="[S:CQ] standards §1.2: unit line 单位：万元 on every table; [D] one unit per table",
)
def check_header_unit(ctx: Context) -> Iterator[Finding]:
    """A table states its unit once: a unit printed after its column labels (预算数（元）)
    must be the one of its 单位 line, or every amount is 10,000 times off for one of them."""
    for t in ctx.package.tables:
        declared = label_unit(label for _, label in t.headers)
        if declared is not None and declared is not t.unit:
            labels = "、".join(label for _, label in t.headers if LABEL_UNIT.search(label))
            yield ctx.finding(
                f"「{t.title}」的单位行为“{t.unit.value}”，表头“{labels}”却标注为“{declared.value}”，"
                "两者不一致（金额暂按单位行读取），请统一。",
                t.source,
                stated=t.unit.value,
                expected=declared.value,
            )
