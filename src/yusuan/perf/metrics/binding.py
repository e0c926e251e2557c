"""Results bound to the indicators they measure: ``bind: [项目/指标]`` checked against the
package's 绩效目标 (the indicator exists, its 计量单位 is the metric's)."""

from __future__ import annotations

from typing import Any

from yusuan.errors import DataFileError
from yusuan.perf.metrics.spec import Result


def _unit_key(unit: str | None) -> str:
    return (unit or "").replace("％", "%").replace(" ", "")


def bind(results: list[Result], pkg: Any) -> dict[tuple[str, str], Result]:
    """(项目 or 整体, 指标) → the result bound to it, checking that the indicator exists and that
    its 计量单位 is the metric's (a 件 target cannot take a %)."""
    out: dict[tuple[str, str], Result] = {}
    for r in results:
        for target in r.metric.bind:
            owner, _, name = target.partition("/")
            if owner == "整体":
                sheet = pkg.department_performance
                indicators = sheet.indicators if sheet is not None else ()
            else:
                project = next((p for p in pkg.projects if p.name == owner), None)
                if project is None:
                    raise DataFileError(
                        where=f"metrics.{r.metric.name}.bind",
                        detail=f"绩效目标中没有项目「{owner}」。",
                    )
                indicators = project.indicators
            ind = next((i for i in indicators if i.name == name), None)
            if ind is None:
                raise DataFileError(
                    where=f"metrics.{r.metric.name}.bind",
                    detail=f"「{owner}」没有指标「{name}」（有：{'、'.join(i.name for i in indicators)}）。",
                )
            if _unit_key(ind.unit) != _unit_key(r.unit):
                raise DataFileError(
                    where=f"metrics.{r.metric.name}.bind",
                    detail=f"指标「{name}」的计量单位是“{ind.unit or '无（定性）'}”，口径「{r.metric.name}」的结果单位是“{r.unit or '无'}”，不能对应。",
                )
            out[(owner, name)] = r
    return out
