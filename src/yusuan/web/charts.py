"""Chart options for ECharts (shipped in /static, no CDN), built here from stored outlines.

Options are plain JSON, embedded in the page as ``<script type="application/json">`` (data,
not code, so the Content-Security-Policy stays strict) and drawn by ``/static/charts.js``.
Amounts travel as exact decimal strings; the browser turns them into numbers only to draw.
Tooltips are drawn on the canvas (``renderMode: richText``): no inline HTML styles.

Every label is shown whole: long names break onto more lines (``overflow: break``) instead of
being cut or thinned out, and axes keep room for their last label. Amounts are in the page's
unit (元 or 万元, :mod:`yusuan.web.display`), converted exactly from the outline's 万元.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from yusuan.money import Unit, convert, quantize
from yusuan.web.present import Outline

Option = dict[str, Any]
_BASE: Option = {
    "tooltip": {"trigger": "item", "renderMode": "richText"},
    "textStyle": {"fontFamily": "Noto Sans CJK SC, Microsoft YaHei, sans-serif"},
    "animation": False,
}


def _amount(value: Decimal, unit: Unit = Unit.WAN) -> str:
    """An outline's amount (万元) in ``unit``, as an exact decimal string."""
    return format(quantize(convert(value, Unit.WAN, unit)), "f")


def _wrapped(width: int) -> dict[str, Any]:
    """Axis labels that all show (no thinning out) and break onto lines ``width`` px wide."""
    return {"interval": 0, "width": width, "overflow": "break", "lineHeight": 14}


def _option(title: str, **parts: Any) -> Option:
    return {
        **_BASE,
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
        **parts,
    }


def spending_by_function(outline: Outline, unit: Unit = Unit.WAN) -> Option | None:
    """A pie of spending per 功能分类 类; each slice labelled with its name and share (the
    labels name the slices: no legend to page through)."""
    if not outline.functions:
        return None
    data = [{"name": f.name, "value": _amount(f.total, unit)} for f in outline.functions]
    return _option(
        f"支出按功能分类（类，{unit.value}）",
        series=[
            {
                "type": "pie",
                "radius": ["22%", "45%"],
                "center": ["50%", "55%"],
                "data": data,
                "avoidLabelOverlap": True,
                "minShowLabelAngle": 0,
                "label": {
                    "formatter": "{b}\n{d}%",
                    "width": 84,
                    "overflow": "break",
                    "lineHeight": 14,
                },
                "labelLayout": {"hideOverlap": False, "moveOverlap": "shiftY"},
                "labelLine": {"length": 8, "length2": 6},
            }
        ],
    )


def basic_and_project(outline: Outline, unit: Unit = Unit.WAN) -> Option | None:
    """Stacked bars: 基本支出 and 项目支出 per 类."""
    if not outline.functions or not any(f.basic or f.project for f in outline.functions):
        return None
    names = [f.name for f in outline.functions]
    return _option(
        f"基本支出与项目支出（{unit.value}）",
        tooltip={**_BASE["tooltip"], "trigger": "axis"},
        legend={"bottom": 0},
        grid={"containLabel": True, "left": 10, "right": 36, "bottom": 40},
        xAxis={"type": "value", "axisLabel": {"hideOverlap": True}},
        yAxis={"type": "category", "data": names, "axisLabel": _wrapped(96)},
        series=[
            {
                "name": "基本支出",
                "type": "bar",
                "stack": "s",
                "data": [_amount(f.basic, unit) for f in outline.functions],
            },
            {
                "name": "项目支出",
                "type": "bar",
                "stack": "s",
                "data": [_amount(f.project, unit) for f in outline.functions],
            },
        ],
    )


def three_public(outline: Outline, unit: Unit = Unit.WAN) -> Option | None:
    """Grouped bars: the 三公 items of each row of the 三公 table."""
    if not outline.three_public:
        return None
    items = [label for label, _ in outline.three_public[0].items]
    return _option(
        f"“三公”经费（{unit.value}）",
        tooltip={**_BASE["tooltip"], "trigger": "axis"},
        legend={"bottom": 0},
        grid={"containLabel": True, "left": 10, "right": 20, "bottom": 40},
        xAxis={"type": "category", "data": items, "axisLabel": _wrapped(60)},
        yAxis={"type": "value"},
        series=[
            {"name": row.label, "type": "bar", "data": [_amount(v, unit) for _, v in row.items]}
            for row in outline.three_public
        ],
    )


def project_spending(outline: Outline, unit: Unit = Unit.WAN, most: int = 15) -> Option | None:
    """Bars: the largest projects by 当年预算, their whole names on the axis."""
    if not outline.projects:
        return None
    top = sorted(outline.projects, key=lambda p: p[1], reverse=True)[:most]
    top.reverse()  # the largest at the top of a horizontal bar chart
    title = f"项目支出（当年预算，{unit.value}）" + (
        f"：前 {most} 个" if len(outline.projects) > most else ""
    )
    return _option(
        title,
        tooltip={**_BASE["tooltip"], "trigger": "axis"},
        grid={"containLabel": True, "left": 10, "right": 36, "bottom": 20},
        xAxis={"type": "value", "axisLabel": {"hideOverlap": True}},
        yAxis={"type": "category", "data": [name for name, _ in top], "axisLabel": _wrapped(120)},
        series=[{"type": "bar", "data": [_amount(v, unit) for _, v in top], "barMaxWidth": 28}],
    )


def compare(
    names: Sequence[str], outlines: Sequence[Outline], unit: Unit = Unit.WAN
) -> Option | None:
    """Grouped bars: spending per 类 for each package side by side."""
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
                "data": [_amount(by_code.get(c, Decimal(0)), unit) for c in codes],
            }
        )
    return _option(
        f"支出按功能分类对比（类，{unit.value}）",
        tooltip={**_BASE["tooltip"], "trigger": "axis"},
        legend={"top": 26, "left": "center"},
        grid={"containLabel": True, "left": 10, "right": 20, "top": 90, "bottom": 10},
        xAxis={"type": "category", "data": [classes[c] for c in codes], "axisLabel": _wrapped(52)},
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
