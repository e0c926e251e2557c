"""A filled-in 绩效自评表 uploaded against a published package: the targets it answers — the
project by its code, else its name (部门整体 for a 整体 sheet) — each approved target beside
the row of the sheet that answers it, and the checks of the sheet (rules E0xx and I0xx) beside
the rows they are about; what concerns the sheet as a whole (资金, 分值, 总分) above them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from yusuan.lang.vocabulary import fold
from yusuan.model import BudgetPackage, Indicator, Project
from yusuan.model.selfeval import SelfEvaluation, SelfIndicator
from yusuan.rules.findings import Finding

#: a project code printed before its name (50011021T000000047842-…)
_CODE = re.compile(r"\d{6,}[A-Z]\d{6,}")
_OURS = ("E", "I")  # the performance tables' rules and the indicator-quality rules


@dataclass(frozen=True, slots=True)
class AnsweredRow:
    target: Indicator | None  # the approved target (None: the sheet adds an indicator)
    row: SelfIndicator | None  # the sheet's row (None: the sheet leaves the target out)
    findings: tuple[Finding, ...]
    changed: bool  # the sheet's 指标值 is not the approved one


@dataclass(frozen=True, slots=True)
class Answer:
    sheet: SelfEvaluation
    project: Project | None
    department: bool  # the sheet answers 部门整体's targets
    rows: tuple[AnsweredRow, ...]
    general: tuple[Finding, ...]  # findings about the sheet as a whole

    @property
    def findings(self) -> int:
        return len(self.general) + sum(len(r.findings) for r in self.rows)


def _name(text: str) -> str:
    return re.sub(r"\s", "", fold(text))


def _like(a: str, b: str) -> bool:
    """The same name, or one inside the other (a name printed with its code or its unit)."""
    x, y = _name(a), _name(b)
    return bool(x and y) and (x == y or (min(len(x), len(y)) >= 4 and (x in y or y in x)))


def match_project(pkg: BudgetPackage, sheet: SelfEvaluation) -> Project | None:
    """The package's project the sheet evaluates: by the code its 项目名称 prints, else by the
    name (项目名称, else the title)."""
    projects = [p for p in pkg.projects if p.indicators]
    code = _CODE.search(sheet.project)
    if code is not None:
        found = next((p for p in projects if p.code == code.group(0)), None)
        if found is not None:
            return found
    named = sheet.project.split("-", 1)[-1] if code else sheet.project
    for text in (named, sheet.title):
        found = next((p for p in projects if text and _like(p.name, text)), None)
        if found is not None:
            return found
    return None


def _same_target(target: Indicator, printed: Indicator) -> bool:
    """The sheet's 指标值 against the approved one (the same number and direction; a text
    target the same text)."""
    a, b = target.numeric_value, printed.numeric_value
    if a is None or b is None:
        return _name(target.value) == _name(printed.value)
    same_way = not printed.operator or printed.operator == target.operator
    return a == b and same_way


def _about(f: Finding, row: SelfIndicator) -> bool:
    where = f.location
    return where.row == row.name or (
        where.line is not None and where.line == row.source.line and where.row is None
    )


def answer(pkg: BudgetPackage, sheet: SelfEvaluation, findings: tuple[Finding, ...]) -> Answer:
    """The sheet beside the targets it answers, with the findings of its check."""
    ours = [f for f in findings if f.rule.startswith(_OURS)]
    project = match_project(pkg, sheet)
    dept = pkg.department_performance
    department = project is None and dept is not None and "整体" in sheet.title
    targets = project.indicators if project else dept.indicators if department and dept else ()
    pairs = list(zip(sheet.indicators, sheet.targets, strict=False))
    used: set[int] = set()
    rows: list[AnsweredRow] = []
    for t in targets:
        k = next(
            (k for k, (r, _) in enumerate(pairs) if k not in used and _like(r.name, t.name)),
            None,
        )
        if k is None:
            rows.append(AnsweredRow(t, None, (), False))
            continue
        used.add(k)
        r, printed = pairs[k]
        about = tuple(f for f in ours if _about(f, r))
        rows.append(AnsweredRow(t, r, about, not _same_target(t, printed)))
    for k, (r, _) in enumerate(pairs):
        if k not in used:
            rows.append(AnsweredRow(None, r, tuple(f for f in ours if _about(f, r)), False))
    placed = {id(f) for row in rows for f in row.findings}
    return Answer(
        sheet, project, department, tuple(rows), tuple(f for f in ours if id(f) not in placed)
    )


def execution(sheet: SelfEvaluation) -> str:
    """The 资金 line of a sheet as printed: 预算数, 执行数, 执行率, 得分."""
    total = next((r for r in sheet.funds if r.role == "total"), None)
    if total is None:
        return ""
    parts = [
        (label, value.text or str(value.value))
        for label, value in (
            ("全年预算数", total.budget),
            ("全年执行数", total.executed),
            ("执行率", total.rate),
            ("得分", total.score),
        )
        if value is not None
    ]
    return "，".join(f"{label} {text}" for label, text in parts)
