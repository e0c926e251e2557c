"""Chart options for ECharts (shipped in /static, no CDN), built here from stored outlines.

Options are plain JSON, embedded in the page as ``<script type="application/json">`` (data,
not code, so the Content-Security-Policy stays strict) and drawn by ``/static/charts.js``.
Amounts travel as exact decimal strings; the browser turns them into numbers only to draw.
Tooltips are drawn on the canvas (``renderMode: richText``): no inline HTML styles.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from yusuan.money import quantize
from yusuan.web.present import Outline

Option = dict[str, Any]
_BASE: Option = {
    "tooltip": {"trigger": "item", "renderMode": "richText"},
    "textStyle": {"fontFamily": "Noto Sans CJK SC, Microsoft YaHei, sans-serif"},
    "animation": False,
}


def _amount(value: Decimal) -> str:
    return format(quantize(value), "f")


def _option(title: str, **parts: Any) -> Option:
    return {
        **_BASE,
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
        **parts,
    }


def spending_by_function(outline: Outline) -> Option | None:
    """A pie of spending per 功能分类 类 (万元)."""
    if not outline.functions:
        return None
    data = [{"name": f.name, "value": _amount(f.total)} for f in outline.functions]
    return _option(
        f"支出按功能分类（类，万元）· {outline.functions_table}",
        legend={"bottom": 0, "type": "scroll"},
        series=[
            {
                "type": "pie",
                "radius": ["30%", "60%"],
                "data": data,
                "label": {"formatter": "{b}\n{d}%"},
            }
        ],
    )


def basic_and_project(outline: Outline) -> Option | None:
    """Stacked bars: 基本支出 and 项目支出 per 类 (万元)."""
    if not outline.functions or not any(f.basic or f.project for f in outline.functions):
        return None
    names = [f.name for f in outline.functions]
    return _option(
        "基本支出与项目支出（万元）",
        tooltip={**_BASE["tooltip"], "trigger": "axis"},
        legend={"bottom": 0},
        grid={"containLabel": True, "left": 10, "right": 20, "bottom": 40},
        xAxis={"type": "value"},
        yAxis={"type": "category", "data": names},
        series=[
            {
                "name": "基本支出",
                "type": "bar",
                "stack": "s",
                "data": [_amount(f.basic) for f in outline.functions],
            },
            {
                "name": "项目支出",
                "type": "bar",
                "stack": "s",
                "data": [_amount(f.project) for f in outline.functions],
            },
        ],
    )


def three_public(outline: Outline) -> Option | None:
    """Grouped bars: the 三公 items of each row of the 三公 table (万元)."""
    if not outline.three_public:
        return None
    items = [label for label, _ in outline.three_public[0].items]
    return _option(
        "“三公”经费（万元）",
        tooltip={**_BASE["tooltip"], "trigger": "axis"},
        legend={"bottom": 0},
        grid={"containLabel": True, "left": 10, "right": 20, "bottom": 40},
        xAxis={"type": "category", "data": items},
        yAxis={"type": "value"},
        series=[
            {"name": row.label, "type": "bar", "data": [_amount(v) for _, v in row.items]}
            for row in outline.three_public
        ],
    )


def project_spending(outline: Outline, most: int = 15) -> Option | None:
    """Bars: the largest projects by 当年预算 (万元)."""
    if not outline.projects:
        return None
    top = sorted(outline.projects, key=lambda p: p[1], reverse=True)[:most]
    top.reverse()  # the largest at the top of a horizontal bar chart
    title = "项目支出（当年预算，万元）" + (
        f"：前 {most} 个" if len(outline.projects) > most else ""
    )
    return _option(
        title,
        tooltip={**_BASE["tooltip"], "trigger": "axis"},
        grid={"containLabel": True, "left": 10, "right": 30, "bottom": 20},
        xAxis={"type": "value"},
        yAxis={
            "type": "category",
            "data": [name if len(name) <= 16 else name[:15] + "…" for name, _ in top],
        },
        series=[{"type": "bar", "data": [_amount(v) for _, v in top]}],
    )


def compare(names: Sequence[str], outlines: Sequence[Outline]) -> Option | None:
    """Grouped bars: spending per 类 for each package side by side (万元)."""
    classes: dict[str, str] = {}
    for o in outlines:
        for f in o.functions:
            classes.setdefault(f.code, f.name)
    if not classes:
        return None
    codes = sorted(classes)
    series = []
    for name, o in zip(names, outlines, strict=True):
        by_code = {f.code: f.total for f in o.functions}
        series.append(
            {
                "name": name,
                "type": "bar",
                "data": [_amount(by_code.get(c, Decimal(0))) for c in codes],
            }
        )
    return _option(
        "支出按功能分类对比（类，万元）",
        tooltip={**_BASE["tooltip"], "trigger": "axis"},
        legend={"bottom": 0, "type": "scroll"},
        grid={"containLabel": True, "left": 10, "right": 20, "bottom": 50},
        xAxis={
            "type": "category",
            "data": [classes[c] for c in codes],
            "axisLabel": {"interval": 0, "rotate": 20},
        },
        yAxis={"type": "value"},
        series=series,
    )


def rule_failures(counts: Sequence[tuple[str, int]]) -> Option | None:
    """Bars: how many published packages each rule reported on."""
    if not counts:
        return None
    return _option(
        "审核发现按规则统计（涉及文件数）",
        tooltip={**_BASE["tooltip"], "trigger": "axis"},
        grid={"containLabel": True, "left": 10, "right": 20, "bottom": 20},
        xAxis={
            "type": "category",
            "data": [rule for rule, _ in counts],
            "axisLabel": {"interval": 0, "rotate": 45},
        },
        yAxis={"type": "value", "minInterval": 1},
        series=[{"type": "bar", "data": [n for _, n in counts]}],
    )
