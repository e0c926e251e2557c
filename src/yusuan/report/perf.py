"""``yusuan perf`` on the terminal: the self-evaluation of a project (each indicator's score
with its formula), the mid-year monitoring table with its warnings, and the actuals computed
from operational data."""

from __future__ import annotations

import datetime as dt

from rich.console import Console
from rich.table import Table as RichTable

from yusuan.model import Project
from yusuan.perf.metrics import Result
from yusuan.perf.monitoring import Monitoring
from yusuan.perf.report import indicator_cells, monitoring_cells
from yusuan.perf.scoring import Evaluation


def evaluation(console: Console, title: str, result: Evaluation) -> None:
    rt = RichTable(
        "一级",
        "二级",
        "三级",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "计算",
        title=title,
        title_justify="left",
    )
    for s in result.indicators:
        rt.add_row(*indicator_cells(s), str(s.weight), str(s.score), s.formula)
    console.print(rt)
    if result.budget:
        console.print(
            f"预算执行率 {result.execution_rate}%（{result.spent}/{result.budget}），得分 {result.execution_score}；"
            f"指标得分 {result.indicator_score}；总分 {result.total}，等级「{result.grade}」"
        )
    else:
        console.print(f"总分 {result.total}，等级「{result.grade}」")
    for problem in result.problems:
        console.print(f"  需补充：{problem}")


def monitoring(console: Console, project: Project, months: int, m: Monitoring) -> None:
    rt = RichTable(
        "一级",
        "二级",
        "三级",
        "年度指标值",
        f"1-{months}月执行情况",
        "全年预计完成",
        "偏差原因",
        "完成目标可能性",
        title=f"项目「{project.name}」绩效目标执行监控",
        title_justify="left",
    )
    for row in m.rows:
        rt.add_row(*monitoring_cells(row, " ⚠"))
    console.print(rt)
    console.print(
        f"年初预算数 {m.budget}，1-{months}月执行数 {m.spent}，执行率 {m.execution_rate}%（序时进度 {m.expected_rate}%）"
    )
    for problem in m.problems:
        console.print(f"  预警：{problem}")


def metrics(
    console: Console, results: list[Result], window: tuple[dt.date, dt.date] | None
) -> None:
    rt = RichTable(
        "口径",
        "结果",
        "单位",
        "数据行数",
        "符合条件",
        "达标",
        "对应指标",
        title="业务数据计算的实际完成值",
        title_justify="left",
    )
    for r in results:
        rt.add_row(
            r.metric.name,
            str(r.value),
            r.unit,
            f"{r.rows:,}",
            f"{r.in_period:,}",
            "" if r.numerator is None else f"{r.numerator:,}",
            "、".join(r.metric.bind),
        )
    console.print(rt)
    if window is not None:
        console.print(f"期间：{window[0]} 至 {window[1]}")
