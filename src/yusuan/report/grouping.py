"""Group findings by where they are: a table, a project, the narrative, the package."""

from __future__ import annotations

from yusuan.rules.findings import Finding


def group_key(f: Finding) -> str:
    table = f.location.table
    if table:
        return table
    if f.category == "narrative":
        return "情况说明（文字部分）"
    return "整体"


def grouped(findings: tuple[Finding, ...]) -> list[tuple[str, list[Finding]]]:
    """Groups in first-appearance order."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(group_key(f), []).append(f)
    return list(groups.items())
