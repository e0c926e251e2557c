"""Publishing layouts as data: how a region prints each table (titles, headers, merges, columns).

A layout is a YAML file (bundled ones in ``yusuan/publish/layouts``, read by
:mod:`yusuan.layouts`); adding a region is writing one. See ``docs/publishing.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from yusuan.errors import ProfileError
from yusuan.lang.printed import glossary
from yusuan.layouts import bundled_layouts, has_layout, header_rows, layout_data
from yusuan.model.tables import TableKind
from yusuan.publish.document import Merge

SHAPES = ("classified", "two_sided", "single_row")
_RANGE = re.compile(r"^([A-Z])(\d+):([A-Z])(\d+)$")


@dataclass(frozen=True, slots=True)
class TableLayout:
    kind: TableKind
    title: str
    shape: str
    header: tuple[tuple[str, ...], ...]
    merges: tuple[Merge, ...] = ()
    columns: tuple[str, ...] = ()
    income: tuple[str, ...] = ()
    expenditure: tuple[str, ...] = ()
    total_column: int = 0  # where 合计 is printed in a classified table (0 code, 1 name)
    split_codes: int = 0  # 3: 类 | 款 | 项 columns, 2: 类 | 款, 0: one 科目编码 column
    total_last: bool = False  # 合计 printed as the last row (Shanghai) instead of the first
    grouped: bool = True  # thousands separators
    align_rows: bool = False  # two-sided: rows side by side in order, not by 一、/二、 sections


@dataclass(frozen=True, slots=True)
class Layout:
    name: str
    tables: dict[TableKind, TableLayout]
    unit_line: str = "单位：{unit}"
    project_title: str = "{year}年项目支出绩效目标表"
    department_title: str = "部门（单位）整体绩效目标表"
    glossary: tuple[str, ...] = ()  # 专业性名词解释, for drafted narratives
    table_preamble: str = ""  # e.g. 编制部门：{unit_name}
    project_layout: str = "sheet"  # "sheet" (绩效目标表 grid) or "sections" (项目经费情况说明)


def _merge(text: str, name: str) -> Merge:
    m = _RANGE.match(text.strip())
    if not m:
        raise ProfileError(name, detail=f"合并单元格「{text}」应写成 A1:B2 的形式")
    c0, r0, c1, r1 = m.groups()
    return Merge(int(r0) - 1, ord(c0) - 65, int(r1) - 1, ord(c1) - 65)


def _table(kind: TableKind, data: dict[str, Any], name: str) -> TableLayout:
    shape = str(data.get("shape", "classified"))
    if shape not in SHAPES:
        raise ProfileError(name, detail=f"表 {kind.value} 的 shape 应为 {'、'.join(SHAPES)}")
    header = header_rows(data)
    if not header:
        raise ProfileError(name, detail=f"表 {kind.value} 缺少 header（表头行）")
    try:
        total_column = int(data.get("total_column", 0))
        split_codes = int(data.get("split_codes", 0))
    except (TypeError, ValueError):
        raise ProfileError(
            name, detail=f"表 {kind.value} 的 total_column、split_codes 应为整数"
        ) from None
    if total_column not in (0, 1) or split_codes not in (0, 2, 3):
        raise ProfileError(
            name,
            detail=f"表 {kind.value}：total_column 只能是 0 或 1，split_codes 只能是 0、2 或 3",
        )
    for row in header:
        for cell in row:
            try:
                cell.format(year=2026)
            except (KeyError, IndexError, ValueError):
                raise ProfileError(
                    name, detail=f"表 {kind.value} 的表头“{cell}”中只能用占位符 {{year}}"
                ) from None
    return TableLayout(
        kind=kind,
        title=str(data.get("title", kind.label)),
        shape=shape,
        header=header,
        merges=tuple(_merge(str(m), name) for m in data.get("merges", ()) or ()),
        columns=tuple(data.get("columns", ()) or ()),
        income=tuple(data.get("income", ()) or ()),
        expenditure=tuple(data.get("expenditure", ()) or ()),
        total_column=total_column,
        split_codes=split_codes,
        total_last=bool(data.get("total_last", False)),
        grouped=bool(data.get("grouped", True)),
        align_rows=bool(data.get("align_rows", False)),
    )


def _glossary(value: Any, name: str) -> tuple[str, ...]:
    """A layout's 专业性名词解释: its own list, or ``standard`` for the budget language's."""
    if value == "standard":
        return glossary()
    if isinstance(value, str):
        raise ProfileError(
            name, detail=f"glossary 应为名词解释的列表或 standard，而不是「{value}」。"
        )
    return tuple(str(t) for t in value or ())


def load_layout(name_or_path: str) -> Layout:
    """A bundled layout by name, or a YAML file by path; ``extends`` names a base layout whose
    settings the file overrides, table by table and key by key (a table may change only its
    title; :func:`yusuan.layouts.layout_data`), typed and validated."""
    data = layout_data(name_or_path)
    tables: dict[TableKind, TableLayout] = {}
    if not isinstance(data.get("tables") or {}, dict):
        raise ProfileError(name_or_path, detail="tables 应为 表: 设置 的映射。")
    for key, spec in (data.get("tables") or {}).items():
        if not isinstance(spec, dict):
            raise ProfileError(
                name_or_path, detail=f"表 {key} 的设置应为映射（title、shape、header…）。"
            )
        try:
            kind = TableKind(key)
        except ValueError:
            raise ProfileError(name_or_path, detail=f"未知的表：{key}") from None
        tables[kind] = _table(kind, spec or {}, name_or_path)
    for key, sample in (
        ("unit_line", {"unit": "万元"}),
        ("project_title", {"year": 2026}),
        ("table_preamble", {"unit_name": "单位"}),
    ):
        try:
            str(data.get(key, "")).format(**sample)
        except (KeyError, IndexError, ValueError) as exc:
            allowed = "、".join("{" + k + "}" for k in sample)
            raise ProfileError(
                name_or_path, detail=f"{key} 中的占位符有误（{exc}）：只能用 {allowed}。"
            ) from None
    return Layout(
        name=str(data.get("name", name_or_path)),
        tables=tables,
        unit_line=str(data.get("unit_line", "单位：{unit}")),
        project_title=str(data.get("project_title", "{year}年项目支出绩效目标表")),
        department_title=str(data.get("department_title", "部门（单位）整体绩效目标表")),
        glossary=_glossary(data.get("glossary"), name_or_path),
        table_preamble=str(data.get("table_preamble", "")),
        project_layout=str(data.get("project_layout", "sheet")),
    )


__all__ = ["SHAPES", "Layout", "TableLayout", "bundled_layouts", "has_layout", "load_layout"]
