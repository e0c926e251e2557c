"""``yusuan rules``: the rule reference, as a table or as the Markdown of docs/rules.md."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from yusuan.cli.boundary import Usage, console


def list_rules(
    fmt: Annotated[str, typer.Option("--format", "-f", help="text 或 markdown")] = "text",
) -> None:
    """列出全部审核规则（编号、类别、默认级别、依据）。"""
    from yusuan.rules.builtin import all_rules

    rules = all_rules()
    if fmt not in ("text", "markdown"):
        raise Usage(f"不支持的格式：{fmt}（可用：text、markdown）")
    if fmt == "markdown":
        from yusuan.docs import rules_markdown

        sys.stdout.write(rules_markdown())
        return
    from yusuan.report import rules as shown

    shown.render(console(), rules)
