"""A filled 预算填报 workbook → a budget package: the tables (:mod:`~yusuan.template.tables`,
every subtotal and total computed from the leaf rows), the 绩效目标
(:mod:`~yusuan.template.performance`) and the 情况说明 drafted from the numbers and the 增减说明
sheet (:mod:`yusuan.said.draft`)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from yusuan.catalog import Catalogs
from yusuan.errors import DataFileError
from yusuan.lang.printed import glossary as standard_glossary
from yusuan.model import BudgetPackage, DocumentInfo, Paragraph, Source
from yusuan.model.projects import PerformanceSheet
from yusuan.money import Unit
from yusuan.said.draft import DraftInputs, draft
from yusuan.template.performance import Performance
from yusuan.template.read import TemplateData
from yusuan.template.tables import Tables, noted
from yusuan.template.units import to_wan


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def build_package(
    data: TemplateData,
    glossary: tuple[str, ...] | None = None,
    catalogs: Catalogs | None = None,
) -> BudgetPackage:
    """The package a filled workbook describes, with its 情况说明 drafted (``glossary``: the
    专业性名词解释, by default the budget language's standard one)."""
    unit = data.forms["单位信息"]
    adjusted = to_wan(data) if unit.get("金额单位") == "元" else set()
    problems: list[str] = []
    b = Tables(data, catalogs or Catalogs.default(), problems)
    perf = Performance(data, problems)
    year = unit.get("预算年度")
    year = year if isinstance(year, int) else None
    name = _text(unit.get("单位名称"))
    contact = _text(unit.get("公开联系人"))
    phone = _text(unit.get("联系电话"))
    info = DocumentInfo(
        path=data.path,
        format="template",
        unit_name=name,
        unit_code=_text(unit.get("单位编码")) or None,
        year=year,
        region=_text(unit.get("地区")) or None,
        contact=f"部门预算公开联系人：{contact} 联系方式：{phone}" if contact or phone else None,
    )
    tables = tuple(noted(t, adjusted) for t in b.tables(year))
    projects = perf.projects()
    dept_rows = data.tables["整体指标"]
    expenditure = tables[0].grand_total("expenditure")
    dept = None
    if dept_rows or unit.get("部门整体绩效目标"):
        dept = PerformanceSheet(
            unit_name=name,
            budget=expenditure.get("amount") if expenditure is not None else None,
            goal=_text(unit.get("部门整体绩效目标")),
            indicators=tuple(perf.indicator(r, "部门（单位）整体绩效目标表") for r in dept_rows),
            source=Source(file=data.path, table="部门（单位）整体绩效目标表"),
        )
    if problems:
        raise DataFileError(
            data.path, detail=f"填报表有 {len(problems)} 处问题：\n" + "\n".join(problems[:30])
        )
    src = Source(file=data.path, cell="单位信息!B2")
    basic: list[Paragraph] = [Paragraph("一、单位基本情况", "一、单位基本情况", src)]
    for heading, label in (("（一）职能职责", "职能职责"), ("（二）单位构成", "单位构成")):
        lines = [t.strip() for t in _text(unit.get(label)).splitlines() if t.strip()]
        if lines:
            basic.append(Paragraph(heading, heading, src))
            basic.extend(Paragraph(t, heading, src) for t in lines)
    assets = data.forms["资产"]
    vehicles = tuple(
        (label, n, Source(file=data.path, cell=data.form_cells["资产"].get(label)))
        for label in ("车辆", "购置车辆")
        if isinstance(n := assets.get(label), int)
    )
    pkg = BudgetPackage(
        info=info,
        unit=Unit.WAN,
        tables=tables,
        paragraphs=tuple(basic),
        projects=projects,
        department_performance=dept,
        vehicles=vehicles,
    )
    return draft(pkg, standard_glossary() if glossary is None else glossary, inputs_of(data))


def inputs_of(data: TemplateData) -> DraftInputs:
    """What the workbook says for the drafting: 上年数 and reasons, the procurement split,
    the vehicles."""
    assets = data.forms["资产"]
    previous: dict[str, Decimal] = {}
    reasons: dict[str, str] = {}
    for r in data.tables["增减说明"]:
        subject = r.text("项目")
        if isinstance(v := r.values.get("上年数"), Decimal):
            previous[subject] = v
        if r.text("增减原因"):
            reasons[subject] = r.text("增减原因")
    split: dict[str, Decimal] = defaultdict(Decimal)
    for r in data.tables["政府采购"]:
        split[r.text("采购类型")] += r.amount("金额")
    return DraftInputs(
        previous=previous,
        reasons=reasons,
        procurement=dict(split),
        vehicles={k: v for k, v in assets.items() if isinstance(v, int)},
    )
