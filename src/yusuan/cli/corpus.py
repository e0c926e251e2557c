"""``yusuan corpus stats``: the findings of a batch (``check -f parquet``) counted by DuckDB."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def stats(
    findings: Annotated[
        Path, typer.Argument(help="check -f parquet 写出的文件", show_default=False)
    ],
    chart: Annotated[Path | None, typer.Option("--chart", help="写出统计图（.png）")] = None,
    top: Annotated[int, typer.Option("--top", help="各表列出的行数")] = 15,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text 或 json")] = "text",
) -> None:
    """语料统计（DuckDB）：按规则、地区、年度、类型统计问题，问题最多的单位，统计图。"""
    from yusuan.batch.stats import command as run_stats

    run_stats(findings, chart=chart, top=top, fmt=fmt)
