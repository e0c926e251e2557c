"""What the pages show of a model: its info, a row per table, the narrative by section."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from yusuan.model import BudgetPackage, TableKind
from yusuan.model.package import DocumentInfo
from yusuan.model.tables import Table
from yusuan.money import Unit


@dataclass(frozen=True, slots=True)
class TableLine:
    title: str
    kind: str
    unit: str
    rows: int
    total: Decimal | None


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]


def _total(table: Table) -> Decimal | None:
    row = table.total_row or table.grand_total("expenditure")
    return None if row is None else row.get(row.amount_key)


def tables(pkg: BudgetPackage) -> list[TableLine]:
    return [
        TableLine(t.title, t.kind.label, t.unit.value, len(t.rows), _total(t)) for t in pkg.tables
    ]


def narrative(pkg: BudgetPackage) -> list[Section]:
    """Paragraphs grouped by their section heading, in document order (a paragraph that only
    repeats its heading shows as the heading only)."""
    sections: list[Section] = []
    for p in pkg.paragraphs:
        heading_only = bool(p.section) and p.text.strip() == p.section.strip()
        texts = () if heading_only else (p.text,)
        if sections and sections[-1].heading == p.section:
            last = sections[-1]
            sections[-1] = Section(last.heading, (*last.paragraphs, *texts))
        else:
            sections.append(Section(p.section, texts))
    return sections


@dataclass(frozen=True, slots=True)
class FunctionLine:
    """Spending on one 功能分类 类, in 万元 (what the charts and comparisons show)."""

    code: str
    name: str
    total: Decimal
    basic: Decimal
    project: Decimal


@dataclass(frozen=True, slots=True)
class ThreePublicLine:
    """One row of the 三公 table (a year's 预算数 or 决算数), items in 万元."""

    label: str
    items: tuple[tuple[str, Decimal], ...]


THREE_PUBLIC_ITEMS = (
    ("outbound", "因公出国（境）费"),
    ("vehicle_purchase", "公务用车购置费"),
    ("vehicle_operation", "公务用车运行维护费"),
    ("reception", "公务接待费"),
)


def _wan(value: Decimal | None, unit: Unit) -> Decimal:
    return Decimal(0) if value is None else value * unit.factor / Unit.WAN.factor


def functions(pkg: BudgetPackage) -> tuple[str, tuple[FunctionLine, ...]]:
    """The 类 lines of the 部门支出总表 (all funds), else of the 一般公共预算支出表."""
    for kind in (TableKind.EXPENDITURE_SUMMARY, TableKind.GPB_EXPENDITURE):
        table = pkg.table(kind)
        if table is None:
            continue
        found = tuple(
            FunctionLine(
                r.code or "",
                r.name,
                _wan(r.get("total"), table.unit),
                _wan(r.get("basic"), table.unit),
                _wan(r.get("project"), table.unit),
            )
            for r in table.rows
            if r.level == 1
        )
        if found:
            return table.title, found
    return "", ()


def three_public(pkg: BudgetPackage) -> tuple[ThreePublicLine, ...]:
    table = pkg.table(TableKind.THREE_PUBLIC)
    if table is None:
        return ()
    return tuple(
        ThreePublicLine(
            r.name,
            tuple((label, _wan(r.get(key), table.unit)) for key, label in THREE_PUBLIC_ITEMS),
        )
        for r in table.rows
        if r.has_values
    )


@dataclass(frozen=True, slots=True)
class Outline:
    """All a package page shows of the model (stored with the model, see :mod:`derived`)."""

    info: DocumentInfo
    tables: tuple[TableLine, ...]
    sections: tuple[Section, ...]
    functions_table: str = ""
    functions: tuple[FunctionLine, ...] = ()
    three_public: tuple[ThreePublicLine, ...] = ()
    #: each project with its 当年预算 (万元), as printed on its 绩效目标表
    projects: tuple[tuple[str, Decimal], ...] = ()

    @property
    def spending(self) -> Decimal:
        """Total spending over the 类 lines, in 万元."""
        return sum((f.total for f in self.functions), Decimal(0))


def outline(pkg: BudgetPackage) -> Outline:
    title, lines = functions(pkg)
    projects = tuple((p.name, p.budget) for p in pkg.projects if p.budget is not None)
    return Outline(
        pkg.info,
        tuple(tables(pkg)),
        tuple(narrative(pkg)),
        title,
        lines,
        three_public(pkg),
        projects,
    )
