"""A package's tables as lines: one amount per line, with its table, row, column and the
amount in 万元 (exact: 元 ÷ 10000 loses nothing), so packages in either unit add up."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from yusuan.model import BudgetPackage
from yusuan.money import Unit

LEVELS = {1: "类", 2: "款", 3: "项"}


@dataclass(frozen=True, slots=True)
class Meta:
    """Who published the package (the portal's record, which may name the unit better than
    the document does)."""

    package_id: int | None
    region: str
    department: str
    year: int | None
    stage: str
    scope: str


@dataclass(frozen=True, slots=True)
class Line:
    table: str
    table_title: str
    row_code: str
    row_level: str
    row_name: str
    side: str
    is_total: bool
    column: str
    column_label: str
    amount: Decimal
    unit: str
    amount_wan: Decimal


FIELDS: tuple[tuple[str, str, str], ...] = (
    # name, Table Schema type, Chinese title
    ("package_id", "integer", "文件编号"),
    ("region", "string", "地区"),
    ("department", "string", "部门（单位）"),
    ("year", "integer", "年度"),
    ("stage", "string", "预算或决算"),
    ("scope", "string", "部门或单位"),
    ("table", "string", "表种"),
    ("table_title", "string", "表名"),
    ("row_code", "string", "科目编码"),
    ("row_level", "string", "科目级次（类/款/项）"),
    ("row_name", "string", "行名称"),
    ("side", "string", "收入或支出"),
    ("is_total", "boolean", "是否合计行"),
    ("column", "string", "栏目"),
    ("column_label", "string", "栏目名称"),
    ("amount", "number", "金额（原表单位）"),
    ("unit", "string", "原表单位"),
    ("amount_wan", "number", "金额（万元）"),
)


def meta(pkg: BudgetPackage, package_id: int | None = None, department: str = "") -> Meta:
    info = pkg.info
    return Meta(
        package_id,
        info.region or "",
        department or info.unit_name or "",
        info.year,
        info.stage,
        info.scope,
    )


def lines(pkg: BudgetPackage) -> Iterator[Line]:
    """Every printed amount of every table, in document order."""
    for table in pkg.tables:
        for row in table.rows:
            for key, cell in row.cells:
                if cell.value is None:
                    continue
                yield Line(
                    table=table.kind.value,
                    table_title=table.title,
                    row_code=row.code or "",
                    row_level=LEVELS.get(row.level, ""),
                    row_name=row.name,
                    side=row.side or "",
                    is_total=row.is_total,
                    column=key,
                    column_label=table.label(key),
                    amount=cell.value,
                    unit=table.unit.value,
                    amount_wan=_wan(cell.value, table.unit),
                )


def _wan(value: Decimal, unit: Unit) -> Decimal:
    return value if unit is Unit.WAN else value / 10000


def record(m: Meta, line: Line) -> dict[str, object]:
    """One line with its package's fields, keyed by :data:`FIELDS` names."""
    return {
        "package_id": m.package_id,
        "region": m.region,
        "department": m.department,
        "year": m.year,
        "stage": m.stage,
        "scope": m.scope,
        "table": line.table,
        "table_title": line.table_title,
        "row_code": line.row_code,
        "row_level": line.row_level,
        "row_name": line.row_name,
        "side": line.side,
        "is_total": line.is_total,
        "column": line.column,
        "column_label": line.column_label,
        "amount": line.amount,
        "unit": line.unit,
        "amount_wan": line.amount_wan,
    }
