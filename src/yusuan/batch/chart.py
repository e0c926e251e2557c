"""The corpus statistics as one PNG for a report (matplotlib, without pyplot's global state).

Four panels: findings by rule (errors, warnings and notes stacked), errors by region, findings
by year, the units with the most errors. Chinese labels need a CJK font (Debian's
``fonts-noto-cjk``, which ``make setup`` installs); without one the chart is refused rather
than drawn with empty boxes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yusuan.errors import OutputError
from yusuan.output import write_atomic

if TYPE_CHECKING:
    from yusuan.batch.stats import Table

#: CJK fonts tried in order (Debian's Noto first; the others as found on office machines)
FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei")
COLORS = {"错误": "#c0392b", "警告": "#e6a23c", "提示": "#5b8ff9"}


def _font() -> str:
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in FONTS:
        if name in names:
            return name
    raise OutputError(
        detail="没有可用的中文字体，无法绘制统计图。请安装 fonts-noto-cjk（Debian/Ubuntu）后重试",
    )


def _short(text: Any, n: int = 16) -> str:
    s = str(text)
    return s if len(s) <= n else s[: n - 1] + "…"


def _barh(ax: Any, labels: Sequence[str], series: dict[str, Sequence[int]], title: str) -> None:
    y = list(range(len(labels)))[::-1]
    left = [0] * len(labels)
    for name, values in series.items():
        ax.barh(y, values, left=left, color=COLORS.get(name), label=name, height=0.7)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(y, [_short(x) for x in labels], fontsize=8)
    ax.set_title(title, fontsize=11, loc="left")
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if not labels:
        ax.text(0.5, 0.5, "（无）", ha="center", va="center", transform=ax.transAxes)


def _column(t: Table, name: str) -> list[Any]:
    i = t.columns.index(name)
    return [r[i] for r in t.rows]


def render(path: Path, totals: dict[str, Any], tables: list[Table], title: str = "") -> None:
    """Draw the statistics to ``path`` (PNG), atomically."""
    import matplotlib
    from matplotlib.figure import Figure

    font = _font()
    style: dict[Any, Any] = {"font.family": "sans-serif", "font.sans-serif": [font, "DejaVu Sans"]}
    by = {t.key: t for t in tables}
    fig = Figure(figsize=(13, 9), dpi=110, layout="constrained")
    with matplotlib.rc_context(style):
        axes = fig.subplots(2, 2)
        rules = by["rules"]
        labels = [
            f"{r} {_short(t, 12)}"
            for r, t in zip(_column(rules, "规则"), _column(rules, "名称"), strict=True)
        ]
        _barh(
            axes[0][0],
            labels,
            {k: _column(rules, k) for k in ("错误", "警告", "提示")},
            "问题最多的规则",
        )
        axes[0][0].legend(fontsize=8, loc="lower right", frameon=False)
        regions = [r for r in by["regions"].rows if r[2]]  # the regions with errors
        _barh(
            axes[0][1], [r[0] for r in regions], {"错误": [r[2] for r in regions]}, "各地区的错误"
        )
        years = by["years"]
        year_labels = [str(y) for y in _column(years, "年度")]
        _barh(
            axes[1][0],
            year_labels,
            {k: _column(years, k) for k in ("错误", "警告")},
            "各年度的问题",
        )
        units = by["units"]
        _barh(
            axes[1][1], _column(units, "单位"), {"错误": _column(units, "错误")}, "错误最多的单位"
        )
        fig.suptitle(
            f"{title}  文件 {totals['文件']} 个（无法读取 {totals['无法读取']}），"
            f"错误 {totals['错误']}、警告 {totals['警告']}、提示 {totals['提示']} 项",
            fontsize=13,
        )
        write_atomic(path, lambda tmp: fig.savefig(tmp, format="png"))
