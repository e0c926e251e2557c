"""The budget package: one disclosure document as a typed model."""

from __future__ import annotations

from dataclasses import dataclass

from yusuan.model.grid import Grid
from yusuan.model.narrative import Paragraph
from yusuan.model.projects import PerformanceSheet, Project
from yusuan.model.prose import Figure
from yusuan.model.provenance import Source
from yusuan.model.selfeval import SelfEvaluation
from yusuan.model.tables import Table, TableKind
from yusuan.money import Unit


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the document is: whose, which year, 部门/单位, 预算/决算."""

    path: str
    format: str
    unit_name: str | None = None
    unit_code: str | None = None
    year: int | None = None
    scope: str = "部门"  # 部门 or 单位
    stage: str = "预算"  # 预算 or 决算
    region: str | None = None  # e.g. 重庆市綦江区
    contact: str | None = None
    pages: int = 1
    partial: bool = False  # a part of a disclosure (a section, one table): no whole-package checks
    summary: bool = False  # a 本级/全市 汇总 of many departments, not one department's
    sections: tuple[str, ...] = ()  # the sections the page holds (“三公”经费, 收入, 支出 …)

    @property
    def whole_final(self) -> bool:
        """A whole 决算 package: its rates and shares are read with its tables (the J rules);
        a budget or a part of a package is read from the prose alone (the S rules)."""
        return self.stage == "决算" and not self.partial

    @property
    def heading(self) -> str:
        """``重庆市…办公室 2026年部门预算`` (the year only when the document states it)."""
        year = f"{self.year}年" if self.year else ""
        return f"{self.unit_name or self.path} {year}{self.scope}{self.stage}".strip()


@dataclass(frozen=True, slots=True)
class BudgetPackage:
    """A disclosure package: tables, narrative, projects and performance targets."""

    info: DocumentInfo
    unit: Unit  # the unit most tables are printed in
    tables: tuple[Table, ...]
    paragraphs: tuple[Paragraph, ...]
    projects: tuple[Project, ...]
    department_performance: PerformanceSheet | None = None
    vehicles: tuple[tuple[str, int, Source], ...] = ()  # ("车辆", 1, src), ("购置车辆", 0, src)
    figures: tuple[Figure, ...] = ()  # every amount, change and rate the prose states
    grids: tuple[Grid, ...] = ()  # tables no standard kind names, with their columns' roles
    self_evaluations: tuple[SelfEvaluation, ...] = ()  # 绩效自评表 / 目标表 of other layouts

    def table(self, kind: TableKind) -> Table | None:
        """The first table of a kind, or None."""
        for t in self.tables:
            if t.kind is kind:
                return t
        return None

    def has(self, kind: TableKind) -> bool:
        return self.table(kind) is not None

    @property
    def checkable(self) -> bool:
        """Whether anything here can be checked: an amount, rate or indicator stated somewhere
        (a page cut after its title holds none)."""
        return bool(
            self.figures
            or self.grids
            or self.projects
            or self.self_evaluations
            or self.department_performance
            or any(not t.empty for t in self.tables)
        )

    @property
    def source(self) -> Source:
        return Source(file=self.info.path)
