"""A package → the values of a 预算填报 workbook (last year's publication as a starting point)."""

from __future__ import annotations

from decimal import Decimal

from yusuan.model import BudgetPackage, TableKind
from yusuan.model.projects import Indicator
from yusuan.money import Unit, convert
from yusuan.said.draft import DraftInputs, inputs_from_narrative
from yusuan.said.draft import amounts as stated_amounts
from yusuan.template.write import Prefill, Value

_FUND_TABLES = (
    (TableKind.GPB_EXPENDITURE, "一般公共预算"),
    (TableKind.GOV_FUND_EXPENDITURE, "政府性基金预算"),
    (TableKind.SOE_EXPENDITURE, "国有资本经营预算"),
)


def _section(pkg: BudgetPackage, heading: str) -> list[str]:
    """The paragraphs under a sub-heading such as （一）职能职责, up to the next heading."""
    out: list[str] = []
    inside = False
    for p in pkg.paragraphs:
        if p.text == heading:
            inside = True
        elif inside and p.text == p.section:
            break
        elif inside:
            out.append(p.text)
    return out


def _indicator(ind: Indicator) -> list[Value]:
    core = None if ind.core is None else ("是" if ind.core else "否")
    return [ind.level1, ind.level2, ind.name, ind.weight, ind.unit, ind.operator, ind.value, core]


def prefill(pkg: BudgetPackage, next_year: bool = False) -> Prefill:
    """The workbook values of a package. ``next_year``: the package is last year's publication,
    the starting point of next year's budget — 预算年度 + 1, its amounts become the 上年数 of
    增减说明 (reasons left for this year), its figures stay as the starting values."""
    info = pkg.info
    dept = pkg.department_performance
    # one unit for the whole workbook: the one most of the document's tables are printed in (a
    # 元 document stays in 元, and building converts it to 万元 with every total still adding up)
    unit = Unit.YUAN if pkg.unit is Unit.YUAN else Unit.WAN

    def money(value: Decimal | None, printed: Unit = Unit.WAN) -> Decimal | None:
        return None if value is None else convert(value, printed, unit)

    duties = _section(pkg, "（一）职能职责")
    structure = _section(pkg, "（二）单位构成")
    phone = None
    contact = info.contact
    if contact and "联系方式：" in contact:
        who, _, phone = contact.partition("联系方式：")
        contact = who.replace("部门预算公开联系人：", "").strip()
    out: Prefill = {
        "单位信息": {
            "单位名称": info.unit_name,
            "单位编码": info.unit_code,
            "预算年度": (info.year + 1 if next_year and info.year else info.year),
            "金额单位": unit.value,
            "地区": info.region,
            "公开联系人": contact,
            "联系电话": phone,
            "职能职责": "\n".join(duties) or None,
            "单位构成": "\n".join(structure) or None,
            "部门整体绩效目标": dept.goal if dept else None,
        }
    }
    spending: list[list[Value]] = []
    names: dict[str, str] = {}
    for kind, fund in _FUND_TABLES:
        t = pkg.table(kind)
        if t is None:
            continue
        for r in t.coded():
            assert r.code is not None
            names.setdefault(r.code, r.name)
            if r.level == 3 and (r.get("basic") is not None or r.get("project") is not None):
                basic, project = money(r.get("basic"), t.unit), money(r.get("project"), t.unit)
                spending.append([r.code, r.name, fund, basic, project])
    heads: list[list[Value]] = [
        [code, name, None, None, None] for code, name in names.items() if len(code) < 7
    ]
    out["支出明细"] = sorted(heads + spending, key=lambda row: (str(row[0]), row[2] is not None))
    economic: list[list[Value]] = []
    t = pkg.table(TableKind.GPB_BASIC_ECONOMIC)
    if t is not None:
        for r in t.coded():
            amounts = (
                [money(r.get("personnel"), t.unit), money(r.get("public"), t.unit)]
                if r.level == 2
                else [None, None]
            )
            economic.append([r.code, r.name, *amounts])
    out["基本支出经济分类"] = economic
    t = pkg.table(TableKind.THREE_PUBLIC)
    row = next((r for r in t.rows if r.has_values), None) if t is not None else None
    printed = t.unit if t is not None else Unit.WAN
    out["三公经费"] = {
        label: money(row.get(key), printed) if row else None
        for label, key in (
            ("因公出国（境）费", "outbound"),
            ("公务用车购置费", "vehicle_purchase"),
            ("公务用车运行维护费", "vehicle_operation"),
            ("公务接待费", "reception"),
        )
    }
    inputs = inputs_from_narrative(pkg)
    if next_year:
        inputs = DraftInputs(previous=stated_amounts(pkg), vehicles=inputs.vehicles)
    out["资产"] = dict(inputs.vehicles)
    out["项目"] = [
        [
            p.code,
            p.name,
            p.category,
            p.supervisor,
            p.execution_weight,
            money(dict(p.sources).get("本级安排", p.budget if not p.sources else None)),
            money(dict(p.sources).get("上级补助")),
            p.overview,
            p.basis,
            p.goal,
        ]
        for p in pkg.projects
    ]
    out["项目指标"] = [[p.name, *_indicator(i)] for p in pkg.projects for i in p.indicators]
    out["整体指标"] = [_indicator(i) for i in dept.indicators] if dept else []
    subjects = list(dict.fromkeys([*inputs.previous, *inputs.reasons]))
    out["增减说明"] = [[s, money(inputs.previous.get(s)), inputs.reasons.get(s)] for s in subjects]
    return out
