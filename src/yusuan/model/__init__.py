"""The typed model of a budget package (immutable records, Decimal money, provenance)."""

from __future__ import annotations

from yusuan.model.grid import Grid, GridColumn, GridRow
from yusuan.model.narrative import Paragraph
from yusuan.model.package import BudgetPackage, DocumentInfo
from yusuan.model.projects import OPERATORS, Indicator, PerformanceSheet, Project
from yusuan.model.prose import Figure, Percent
from yusuan.model.provenance import Source
from yusuan.model.tables import COLUMN_LABELS, Cell, Row, Table, TableKind

__all__ = [
    "COLUMN_LABELS",
    "OPERATORS",
    "BudgetPackage",
    "Cell",
    "DocumentInfo",
    "Figure",
    "Grid",
    "GridColumn",
    "GridRow",
    "Indicator",
    "Paragraph",
    "Percent",
    "PerformanceSheet",
    "Project",
    "Row",
    "Source",
    "Table",
    "TableKind",
]
