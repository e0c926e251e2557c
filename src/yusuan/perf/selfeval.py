"""A package's performance, one function per step for the command line and the web platform:
mid-year monitoring of the projects with progress data, and the year-end self-evaluation of
each project with actuals and of 部门整体 when its actuals are given."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from yusuan.model import BudgetPackage, Project
from yusuan.perf.actuals import ProjectActuals, ProjectProgress
from yusuan.perf.monitoring import Monitoring, monitor
from yusuan.perf.scoring import (
    Actual,
    Evaluation,
    Policy,
    ScoringError,
    evaluate,
    evaluate_department,
)
from yusuan.schemes import DEFAULT, scheme


@dataclass(frozen=True)
class SelfEvaluation:
    projects: tuple[tuple[Project, Evaluation], ...]
    department: Evaluation | None


def unknown_projects(pkg: BudgetPackage, names: list[str]) -> list[str]:
    """Names that are not projects with performance targets in the package."""
    known = {p.name for p in pkg.projects if p.indicators}
    return [n for n in names if n not in known]


def _budget(p: Project, entry: ProjectActuals | ProjectProgress) -> Decimal:
    """The budget the file gives for the project, else the sheet's 当年预算."""
    return entry.budget if entry.budget is not None else (p.budget or Decimal(0))


def _require_known(pkg: BudgetPackage, names: list[str]) -> None:
    unknown = unknown_projects(pkg, names)
    if unknown:
        known = "、".join(p.name for p in pkg.projects if p.indicators)
        raise ScoringError(f"文件中没有项目「{'、'.join(unknown)}」。可选：{known}")


def self_evaluate(
    pkg: BudgetPackage,
    given: dict[str, ProjectActuals],
    department: dict[str, Actual],
    only: str | None = None,
    scheme_name: str = DEFAULT,
) -> SelfEvaluation:
    """Score every project with actuals (or only ``only``), then 部门整体 when its actuals are
    given, on the named scheme (the profile's ``scheme``: 10号 by default).
    :class:`ScoringError` (a Chinese message) when an indicator lacks its actual."""
    _require_known(pkg, [*given])
    on = scheme(scheme_name)
    policy = Policy.of(on)
    evaluated = []
    for p in pkg.projects:
        if p.name not in given or (only and p.name != only):
            continue
        entry = given[p.name]
        budget = _budget(p, entry)
        evaluated.append(
            (p, evaluate(p.name, p.indicators, entry.indicators, budget, entry.spent, policy))
        )
    whole = None
    sheet = pkg.department_performance
    if department and sheet is not None and not only:
        whole = evaluate_department("部门整体", sheet.indicators, department, Policy.department(on))
    return SelfEvaluation(tuple(evaluated), whole)


def monitor_package(
    pkg: BudgetPackage, months: int, given: dict[str, ProjectProgress], margin: Decimal
) -> tuple[tuple[Project, Monitoring], ...]:
    """Each project with progress data: execution against the time-elapsed rate (warning when
    more than ``margin`` behind) and each indicator's forecast."""
    _require_known(pkg, [*given])
    out = []
    for p in pkg.projects:
        if p.name not in given:
            continue
        entry = given[p.name]
        budget = _budget(p, entry)
        m = monitor(p.name, p.indicators, entry.indicators, budget, entry.spent, months, margin)
        out.append((p, m))
    return tuple(out)
