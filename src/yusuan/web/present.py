"""What the pages show of a model: its info, a row per table, the narrative by section."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from yusuan.model import BudgetPackage
from yusuan.model.package import DocumentInfo
from yusuan.model.tables import Table


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
class Outline:
    """All a package page shows of the model (stored with the model, see :mod:`derived`)."""

    info: DocumentInfo
    tables: tuple[TableLine, ...]
    sections: tuple[Section, ...]


def outline(pkg: BudgetPackage) -> Outline:
    return Outline(pkg.info, tuple(tables(pkg)), tuple(narrative(pkg)))
