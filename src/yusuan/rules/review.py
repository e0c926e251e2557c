"""Findings that depend on a number OCR read with low confidence: 需人工核对, not errors.

A scanned page's numbers and row names carry Tesseract's confidence (``Source.confidence``). A
finding whose location or related places hold an uncertain reading — or, for a finding about
numbers, whose table column holds one (a total compared with its parts), or placed on a
绩效目标表 with an uncertain indicator (weights that do not add up) — may be an OCR misreading
rather than an error in the document: it is reported as a warning whose message starts with
:data:`REVIEW_PREFIX`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from yusuan.model import BudgetPackage
from yusuan.model.projects import PerformanceSheet, Project
from yusuan.rules.findings import Finding, Severity

REVIEW_PREFIX = "需人工核对（OCR 置信度低）："


def _uncertain_columns(package: BudgetPackage) -> frozenset[tuple[str | None, str | None]]:
    """(table, column) of every table cell read with low confidence."""
    return frozenset(
        (c.source.table, c.source.column)
        for t in package.tables
        for r in t.rows
        for _, c in r.cells
        if c.source.uncertain
    )


def _uncertain_sheets(package: BudgetPackage) -> frozenset[tuple[str, int | None, int | None]]:
    """Where the 绩效目标表 with an indicator read with low confidence begin (file, page, line):
    findings placed there are about the sheet's indicators as a whole (weights that do not add
    up to 100)."""
    sheets: list[Project | PerformanceSheet] = [*package.projects]
    if package.department_performance is not None:
        sheets.append(package.department_performance)
    return frozenset(
        (p.source.file, p.source.page, p.source.line)
        for p in sheets
        if any(i.source.uncertain for i in p.indicators)
    )


def review(findings: Iterable[Finding], package: BudgetPackage) -> list[Finding]:
    """The findings, those depending on an uncertain number turned into 需人工核对 warnings."""
    columns = _uncertain_columns(package)
    sheets = _uncertain_sheets(package)
    out: list[Finding] = []
    for f in findings:
        places = (f.location, *f.related)
        numeric = isinstance(f.stated, Decimal) or isinstance(f.expected, Decimal)
        depends = any(s.uncertain for s in places) or (
            numeric
            and any(
                (s.table is not None and (s.table, s.column) in columns)
                or (s.file, s.page, s.line) in sheets
                for s in places
            )
        )
        if depends and f.severity is not Severity.INFO:
            f = replace(f, severity=Severity.WARNING, message=REVIEW_PREFIX + f.message)
        out.append(f)
    return out
