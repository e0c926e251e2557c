"""Recognize project sheets (项目支出绩效目标表 in two layouts, Shanghai 项目经费情况说明)
and the 部门（单位）整体绩效目标表."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from yusuan.model.projects import Indicator, PerformanceSheet, Project
from yusuan.model.provenance import Source
from yusuan.money import parse_amount
from yusuan.readers.raw import RawCell, RawLine

_PAREN_UNIT = re.compile(r"[（(]\s*万元\s*[）)]")


@lru_cache(maxsize=4096)
def _norm(text: str) -> str:
    return _PAREN_UNIT.sub("", "".join(text.split())).rstrip("：:")


#: Header fields of the 綦江 layout: printed label → field name.
FIELDS = {
    "项目名称": "title",
    "业务主管部门": "supervisor",
    "预算执行率权重": "execution_weight",
    "项目分类": "category",
    "当年预算": "budget",
    "本级安排": "本级安排",
    "上级补助": "上级补助",
    "其他资金": "其他资金",
    "财政资金": "财政资金",
    "财政专户管理资金": "财政专户管理资金",
    "单位资金": "单位资金",
    "社会投入资金": "社会投入资金",
    "银行贷款": "银行贷款",
    "项目概述": "overview",
    "立项依据": "basis",
    "当年绩效目标": "goal",
    "部门(单位)名称": "unit_name",
    "部门（单位）名称": "unit_name",
    "部门支出预算数": "budget",
    "当年整体绩效目标": "goal",
}
#: 长寿 layout: ``label：value`` lines.
COLON_FIELDS = {
    "单位信息": "unit_info",
    "预算项目": "title",
    "职能职责与活动": "activity",
    "主管部门": "supervisor",
    "项目经办人": "contact",
    "项目经办人电话": "phone",
    "项目总额": "budget",
    "预算执行率权重": "execution_weight",
    "其中：财政资金": "财政资金",
    "财政资金": "财政资金",
    "财政专户管理资金": "财政专户管理资金",
    "单位资金": "单位资金",
    "社会投入资金": "社会投入资金",
    "银行贷款": "银行贷款",
    "年度目标": "goal",
}
SOURCE_FIELDS = (
    "本级安排",
    "上级补助",
    "其他资金",
    "财政资金",
    "财政专户管理资金",
    "单位资金",
    "社会投入资金",
    "银行贷款",
)

#: Indicator table header label → key.
INDICATOR_COLUMNS = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    "指标权重": "weight",
    "权重(%)": "weight",
    "权重（%）": "weight",
    "本权重(%)": "weight_current",
    "本年权重(%)": "weight_current",
    "本年权重（%）": "weight_current",
    "计量单位": "unit",
    "度量单位": "unit",
    "指标性质": "operator",
    "指标值": "value",
    "本年指标值": "value_current",
    "是否核心指标": "core",
    "指标方向性": "direction",
    "历史参考值": "history",
}
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
_COLON = re.compile(r"^(其中：)?([^：:]{2,10})[：:]\s*(.*)$")
_AMOUNT_WAN = re.compile(r"([\d,.]+)\s*万元?")


#: the labels of other provinces' 项目支出绩效目标表 (项目名称 / 主管部门及编码 / 实施单位 …)
_OTHER_LABELS = re.compile(
    r"主管部门|实施单位|项目属性|项目起止时间|项目资金|资金总额|年度目标|绩效指标"
)
#: fields only the 綦江 layout has
_CHONGQING = {"category", "execution_weight", "budget", "basis", "goal", "overview", "supervisor"}
_CODED_TITLE = re.compile(r"^\s*([0-9A-Za-z]{8,})\s*[-－]\s*(.+)$")
_UNIT_FIELD = re.compile(r"单位[:：](万元|元)")


def _split_title(text: str) -> tuple[str | None, str]:
    m = _CODED_TITLE.match(text.strip())
    if m:
        return m.group(1), "".join(m.group(2).split())
    return None, "".join(text.split())


def _amount(text: str | None) -> Decimal | None:
    if not text:
        return None
    t = text.replace("万元", "").replace(" ", "").strip()
    if not t:
        return None
    try:
        return parse_amount(t)
    except ValueError:
        return None


class _IndicatorReader:
    """Reads the indicator grid under a header line."""

    def __init__(self, header: RawLine, positional: bool) -> None:
        self.positional = positional
        self.columns: list[tuple[str, RawCell]] = []
        for cell in header.cells:
            key = INDICATOR_COLUMNS.get(_norm(cell.text).replace("（", "(").replace("）", ")"))
            if key and key not in {k for k, _ in self.columns}:
                self.columns.append((key, cell))
        self.by_x = {c.x0: k for k, c in self.columns}

    def values(self, line: RawLine) -> dict[str, str]:
        """The line's texts by indicator column."""
        values: dict[str, str] = {}
        for cell in line.cells:
            if not cell.text:
                continue
            if self.positional:
                key, _ = min(self.columns, key=lambda kc: abs(kc[1].center - cell.center))
            else:
                found = self.by_x.get(cell.x0)
                if found is None:
                    continue
                key = found
            values[key] = (values[key] + cell.text) if key in values else cell.text
        return values

    def read(self, line: RawLine, path: str, table: str) -> Indicator | None:
        values = self.values(line)
        level1 = values.get("level1", "")
        wrapped = self.positional and level1 and any(n.startswith(level1) for n in LEVEL1)
        if not values.get("name") or not (level1.endswith("指标") or wrapped):
            return None  # (a PDF may wrap 满意度指标 as 满意度指 / 标: completed by the next line)
        src = Source(
            file=path,
            page=line.page,
            line=line.number,
            table=table,
            row=values["name"],
            confidence=line.confidence,
        )
        core = values.get("core")
        return Indicator(
            level1=values.get("level1", ""),
            level2=values.get("level2", ""),
            name=values["name"],
            operator=values.get("operator", "").strip(),
            value=values.get("value", "").strip(),
            unit=values.get("unit") or None,
            weight=_amount(values.get("weight")),
            source=src,
            core=None if core is None else core.strip() == "是",
            direction=values.get("direction") or None,
            history=values.get("history") or None,
        )


def _is_indicator_header(line: RawLine) -> bool:
    if "一级指标" not in line.compact:
        return False
    texts = {_norm(c.text) for c in line.cells}
    return "一级指标" in texts and "三级指标" in texts


def parse_project_sheet(
    title: RawLine, lines: list[RawLine], path: str, positional: bool
) -> Project | PerformanceSheet | None:
    """Parse a 项目支出绩效目标表 (綦江 or 长寿 layout) or a 整体绩效目标表."""
    fields: dict[str, str] = {}
    sources: dict[str, Source] = {}
    indicators: list[Indicator] = []
    reader: _IndicatorReader | None = None
    last_field: str | None = None
    value_x: dict[str, float] = {}  # PDF: where each field of the last field line starts
    table_name = "".join(title.compact.split())
    label = table_name  # the indicators' table: the project's (its fields come first)
    for line in lines:
        if _is_indicator_header(line):
            reader = _IndicatorReader(line, positional)
            if "title" in fields:
                label = f"项目「{_split_title(fields['title'])[1]}」"
            continue
        if reader is not None:
            ind = reader.read(line, path, label)
            if ind is not None:
                indicators.append(ind)
            elif positional and indicators and line.filled:
                indicators[-1] = _continued(indicators[-1], reader.values(line))
            continue
        filled = [c for c in line.cells if c.text]
        if not filled:
            continue
        first = _norm(filled[0].text)
        if first.startswith("编制单位") or _UNIT_FIELD.fullmatch(first):
            continue
        if first in FIELDS or (len(filled) > 1 and any(_norm(c.text) in FIELDS for c in filled)):
            last_field = _read_cells(line, fields, sources, path, value_x if positional else None)
            continue
        m = _COLON.match(line.text.strip())
        if m and (m.group(1) or "") + m.group(2).strip() in COLON_FIELDS:
            key = COLON_FIELDS[(m.group(1) or "") + m.group(2).strip()]
            fields[key] = m.group(3).strip()
            sources[key] = Source(
                file=path, page=line.page, line=line.number, confidence=line.confidence
            )
            last_field = key
            continue
        if positional and value_x:  # a PDF cell's text wrapped onto the next lines
            for cell in filled:
                key = min(value_x, key=lambda k: abs(value_x[k] - cell.x0))
                fields[key] = fields.get(key, "") + cell.text.strip()
        elif last_field is not None:  # a wrapped continuation of the previous field
            sep = "\n" if last_field in ("goal", "overview") else ""
            fields[last_field] = (fields.get(last_field, "") + sep + line.text.strip()).strip()
    return _build(title, fields, sources, indicators, path)


def _continued(ind: Indicator, more: dict[str, str]) -> Indicator:
    """An indicator whose cells wrapped onto another line (PDF): their text appended."""
    from dataclasses import replace

    def plus(key: str, text: str | None) -> str:
        return (text or "") + more.get(key, "")

    return replace(
        ind,
        level1=plus("level1", ind.level1),
        level2=plus("level2", ind.level2),
        name=plus("name", ind.name),
        value=plus("value", ind.value),
        unit=plus("unit", ind.unit) or None,
    )


def _read_cells(
    line: RawLine,
    fields: dict[str, str],
    sources: dict[str, Source],
    path: str,
    value_x: dict[str, float] | None = None,
) -> str | None:
    """Read ``label value label value`` cells. With ``value_x`` (PDF), a value is every cell
    up to the next label, and each value's x is kept for its wrapped continuation lines."""
    cells = line.cells
    last: str | None = None
    if value_x is not None:
        value_x.clear()
    i = 0
    while i < len(cells):
        label = _norm(cells[i].text)
        key = FIELDS.get(label)
        if key is None:
            i += 1
            continue
        value = ""
        j = i + 1
        while j < len(cells):
            t = cells[j].text.strip()
            if _norm(t) in FIELDS:
                break
            if t and value_x is not None:
                value_x.setdefault(key, cells[j].x0)
                value += t
            elif t:
                value = t
                break
            j += 1
        if value_x is not None:
            value_x.setdefault(key, cells[i].x1 + 1)
        fields[key] = value
        sources[key] = Source(
            file=path, page=line.page, line=line.number, row=label, confidence=line.confidence
        )
        last = key
        i = j if j > i else i + 1
    return last


def _build(
    title: RawLine,
    fields: dict[str, str],
    sources: dict[str, Source],
    indicators: list[Indicator],
    path: str,
) -> Project | PerformanceSheet | None:
    src = Source(
        file=path, page=title.page, line=title.number, table="".join(title.compact.split())
    )
    if "unit_name" in fields:
        return PerformanceSheet(
            unit_name=fields["unit_name"],
            budget=_amount(fields.get("budget")),
            goal=fields.get("goal", ""),
            indicators=tuple(indicators),
            source=src,
        )
    if "title" not in fields:
        return None
    code, name = _split_title(fields["title"])
    if len(name) > 40:  # a layout of other labels run into the name (…主管部门及编码[015001]…)
        name = _OTHER_LABELS.split(name)[0] or name
    budget_text = fields.get("budget", "")
    layout = "sheet" if "unit_info" in fields or "activity" in fields else "chongqing"
    if layout == "chongqing" and not set(fields) & _CHONGQING:
        layout = "other"  # a 项目名称 with none of the 綦江 fields: its blanks are not blanks
    proj_src = src.at(table=f"项目「{name}」")
    field_sources = tuple((k, s.at(table=proj_src.table)) for k, s in sources.items())
    return Project(
        code=code,
        name=name,
        budget=_amount(budget_text),
        source=proj_src,
        budget_text=budget_text,
        sources=tuple((k, _amount(fields.get(k))) for k in SOURCE_FIELDS if k in fields),
        category=fields.get("category") or None,
        execution_weight=_amount(fields.get("execution_weight")),
        supervisor=fields.get("supervisor") or None,
        overview=fields.get("overview", ""),
        basis=fields.get("basis") or None,
        goal=fields.get("goal", ""),
        indicators=tuple(i for i in indicators),
        unit_info=fields.get("unit_info") or None,
        activity=fields.get("activity") or None,
        layout=layout,
        fields=field_sources,
    )


_SH_SECTION = re.compile(
    r"^[一二三四五六七八九十]+、\s*(项目概述|立项依据|实施主体|实施方案|实施周期|年度预算安排|绩效目标)"
)


def parse_shanghai_project(title: RawLine, lines: list[RawLine], path: str) -> Project:
    """Parse a Shanghai ``XXX项目经费情况说明`` section."""
    name = title.compact.removesuffix("项目经费情况说明")
    parts: dict[str, list[str]] = {}
    where: dict[str, Source] = {}
    current: str | None = None
    for line in lines:
        if m := _SH_SECTION.match(line.text.strip()):
            current = m.group(1)
            parts[current] = []
            where[current] = Source(file=path, page=line.page, line=line.number + 1)
            continue
        if current:
            parts[current].append(line.text.strip())
    budget_text = "".join(parts.get("年度预算安排", []))
    m = _AMOUNT_WAN.search(budget_text)
    budget = _amount(m.group(1)) if m and budget_text.strip().startswith(m.group(1)[:1]) else None
    src = Source(file=path, page=title.page, line=title.number, table=f"项目「{name}」")
    return Project(
        code=None,
        name=name,
        budget=budget,
        source=src,
        budget_text=budget_text,
        overview="".join(parts.get("项目概述", [])),
        basis="".join(parts.get("立项依据", [])) or None,
        goal="".join(parts.get("绩效目标", [])),
        layout="shanghai",
        fields=tuple((k, v.at(table=src.table)) for k, v in where.items()),
        period="".join(parts.get("实施周期", [])) or None,
        details=tuple((k, "".join(parts[k])) for k in ("实施主体", "实施方案") if k in parts),
    )
