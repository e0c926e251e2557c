"""Year-end self-evaluation of a package: each project with actuals, and 部门整体 when its
actuals are given — one function for the command line and the web platform."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from yusuan.model import BudgetPackage, Project
from yusuan.perf.actuals import ProjectActuals
from yusuan.perf.scoring import Actual, Evaluation, ScoringError, evaluate, evaluate_department


@dataclass(frozen=True)
class SelfEvaluation:
    projects: tuple[tuple[Project, Evaluation], ...]
    department: Evaluation | None


def unknown_projects(pkg: BudgetPackage, names: list[str]) -> list[str]:
    """Names that are not projects with performance targets in the package."""
    known = {p.name for p in pkg.projects if p.indicators}
    return [n for n in names if n not in known]


def self_evaluate(
    pkg: BudgetPackage,
    given: dict[str, ProjectActuals],
    department: dict[str, Actual],
    only: str | None = None,
) -> SelfEvaluation:
    """Score every project with actuals (or only ``only``), then 部门整体 when its actuals are
    given. :class:`ScoringError` (a Chinese message) when an indicator lacks its actual."""
    unknown = unknown_projects(pkg, [*given])
    if unknown:
        names = "、".join(p.name for p in pkg.projects if p.indicators)
        raise ScoringError(f"文件中没有项目「{'、'.join(unknown)}」。可选：{names}")
    evaluated = []
    for p in pkg.projects:
        if p.name not in given or (only and p.name != only):
            continue
        entry = given[p.name]
        budget = entry.budget if entry.budget is not None else (p.budget or Decimal(0))
        evaluated.append((p, evaluate(p.name, p.indicators, entry.indicators, budget, entry.spent)))
    whole = None
    sheet = pkg.department_performance
    if department and sheet is not None and not only:
        whole = evaluate_department("部门整体", sheet.indicators, department)
    return SelfEvaluation(tuple(evaluated), whole)
