"""``yusuan rules`` on the terminal: every registered rule with its category, default severity
and source (the Markdown reference is :func:`yusuan.docs.rules_markdown`)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table as RichTable

from yusuan.rules.registry import CATEGORIES, Rule


def render(console: Console, rules: Sequence[Rule]) -> None:
    rt = RichTable(
        "编号",
        "规则",
        "类别",
        "级别",
        "依据",
        title=f"审核规则（{len(rules)} 条）",
        title_justify="left",
    )
    for r in rules:
        rt.add_row(r.id, r.title, CATEGORIES[r.category], r.severity.label, r.source)
    console.print(rt)
