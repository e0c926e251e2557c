"""``yusuan corpus stats findings.parquet``: what a corpus's findings add up to (DuckDB).

Documents by status; findings by rule (with the rule's title), by region, by year and by kind
of document (部门/单位/汇总/绩效 and 预算/决算); the units with the most errors; a chart (PNG,
matplotlib) of the same for a report. Every figure is one SQL query over the Parquet file, so
a corpus of millions of findings is counted without loading it.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yusuan.batch.parquet import COLUMNS, connect, quoted
from yusuan.errors import DataFileError, OptionError

UNKNOWN = "（未识别）"
#: the kind of document: 部门预算, 单位决算, 汇总预算 … or 绩效目标表, 绩效自评表
KIND = "CASE WHEN kind LIKE '绩效%' THEN kind || '表' ELSE kind || stage END"


@dataclass(frozen=True)
class Table:
    """One statistic: a title, column labels and rows."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def _by(column: str, label: str, key: str, title: str, top: int, order: str = "错误 DESC") -> str:
    return f"""
        SELECT coalesce(CAST({column} AS VARCHAR), '{UNKNOWN}') AS "{label}",
               count(DISTINCT document) AS "文件",
               count(*) FILTER (severity = 'error') AS "错误",
               count(*) FILTER (severity = 'warning') AS "警告",
               count(*) FILTER (severity = 'info') AS "提示",
               round(count(*) FILTER (severity = 'error') / count(DISTINCT document), 2)
                   AS "每个文件错误数"
        FROM findings WHERE status = 'checked'
        GROUP BY 1 ORDER BY {order}, 1 LIMIT {top}"""


def compute(path: Path, top: int = 15) -> tuple[dict[str, Any], list[Table]]:
    """The totals and the tables of statistics of a findings Parquet file."""
    import duckdb

    con = connect()
    try:
        try:
            con.execute(f"CREATE VIEW findings AS SELECT * FROM read_parquet({quoted(path)})")
            names = {r[0] for r in con.execute("DESCRIBE findings").fetchall()}
        except duckdb.Error as exc:
            raise DataFileError(
                str(path),
                detail=f"不是 Parquet 文件，或无法读取（{str(exc).splitlines()[0][:120]}）。",
            ) from None
        missing = [c for c in COLUMNS if c not in names]
        if missing:
            raise DataFileError(
                str(path),
                detail=f"不是 yusuan check -f parquet 写出的文件（缺少列：{'、'.join(missing[:5])}）。",
            )
        row = con.execute(
            """SELECT count(DISTINCT document),
                      count(DISTINCT document) FILTER (status = 'checked'),
                      count(DISTINCT document) FILTER (status <> 'checked'),
                      count(*) FILTER (severity = 'error'),
                      count(*) FILTER (severity = 'warning'),
                      count(*) FILTER (severity = 'info'),
                      count(DISTINCT document) FILTER (severity = 'error')
               FROM findings"""
        ).fetchone()
        assert row is not None
        totals = dict(
            zip(
                ("文件", "已审核", "无法读取", "错误", "警告", "提示", "有错误的文件"),
                (int(x or 0) for x in row),
                strict=True,
            )
        )
        from yusuan.rules.builtin import all_rules

        titles = {r.id: r.title for r in all_rules()}
        rules = con.execute(
            f"""SELECT rule, count(*) FILTER (severity = 'error'),
                       count(*) FILTER (severity = 'warning'), count(*) FILTER (severity = 'info'),
                       count(DISTINCT document)
                FROM findings WHERE rule IS NOT NULL
                GROUP BY rule ORDER BY count(*) DESC, rule LIMIT {top}"""
        ).fetchall()
        tables = [
            Table(
                "rules",
                "按规则",
                ("规则", "名称", "错误", "警告", "提示", "涉及文件"),
                [(r[0], titles.get(r[0], ""), *r[1:]) for r in rules],
            )
        ]
        for key, column, label, title, order in (
            ("regions", "region", "地区", "按地区", "错误 DESC"),
            ("years", "year", "年度", "按年度", "1 DESC"),
            ("kinds", KIND, "类型", "按文件类型", "错误 DESC"),
        ):
            cursor = con.execute(_by(column, label, key, title, top, order))
            cols = tuple(d[0] for d in cursor.description)
            tables.append(Table(key, title, cols, cursor.fetchall()))
        cursor = con.execute(
            f"""SELECT coalesce(unit, '{UNKNOWN}') AS "单位", min(document) AS "文件",
                       count(*) FILTER (severity = 'error') AS "错误",
                       count(*) FILTER (severity = 'warning') AS "警告"
                FROM findings WHERE status = 'checked'
                GROUP BY coalesce(unit, '{UNKNOWN}'), CASE WHEN unit IS NULL THEN document END
                HAVING count(*) FILTER (severity = 'error') > 0
                ORDER BY 3 DESC, 4 DESC, 1 LIMIT {top}"""
        )
        tables.append(
            Table(
                "units",
                "问题最多的单位",
                tuple(d[0] for d in cursor.description),
                cursor.fetchall(),
            )
        )
        return totals, tables
    finally:
        con.close()


def command(path: Path, *, chart: Path | None = None, top: int = 15, fmt: str = "text") -> None:
    """Print the statistics (text or JSON) and write the chart."""
    if fmt not in ("text", "json"):
        raise OptionError(detail=f"不支持的格式：{fmt}（可用：text、json）")
    if not 1 <= top <= 1000:
        raise OptionError(detail=f"--top 应在 1 到 1000 之间（收到 {top}）。")
    if chart is not None and chart.suffix.lower() != ".png":
        raise OptionError(detail=f"统计图须为 .png 文件：{chart}")
    if not path.is_file():
        raise DataFileError(str(path), detail="文件不存在。")
    totals, tables = compute(path, top)
    if fmt == "json":
        data = {
            "totals": totals,
            **{t.key: [dict(zip(t.columns, r, strict=True)) for r in t.rows] for t in tables},
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        _print(path, totals, tables)
    if chart is not None:
        from yusuan.batch.chart import render

        render(chart, totals, tables, title=path.name)
        if fmt == "text":
            from rich.console import Console

            Console(highlight=False, markup=False).print(f"已写出统计图：{chart}")


def _print(path: Path, totals: dict[str, Any], tables: list[Table]) -> None:
    from rich.console import Console
    from rich.table import Table as RichTable

    console = Console(highlight=False, markup=False, width=None if sys.stdout.isatty() else 160)
    console.print(
        f"{path.name}：文件 {totals['文件']} 个（已审核 {totals['已审核']}，无法读取 {totals['无法读取']}），"
        f"错误 {totals['错误']}、警告 {totals['警告']}、提示 {totals['提示']} 项；"
        f"有错误的文件 {totals['有错误的文件']} 个。"
    )
    for t in tables:
        rt = RichTable(*t.columns, title=t.title, title_justify="left")
        for r in t.rows:
            rt.add_row(*("" if v is None else str(v) for v in r))
        console.print(rt)
