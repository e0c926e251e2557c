"""Terminal report: grouped by table and project, coloured, with locations and values."""

from __future__ import annotations

import os
from collections.abc import Sequence
from decimal import Decimal

from rich.console import Console
from rich.text import Text

from yusuan.check import CheckResult
from yusuan.errors import YusuanError
from yusuan.money import Unit, amount_text
from yusuan.report.grouping import grouped
from yusuan.rules.findings import Finding, Severity, amount_unit
from yusuan.rules.registry import CATEGORIES, REGISTRY

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _value(value: Decimal | str, unit: Unit | None, sign: bool = False) -> str:
    """A stated/expected/difference value: an amount in 千分位 with its unit; a value that is not
    known to be money (a score, a rate, an indicator's value, a text) as the rule gave it."""
    if isinstance(value, Decimal) and unit is not None:
        return amount_text(value, unit, sign=sign)
    return f"{value:+}" if sign and isinstance(value, Decimal) else str(value)


def values(f: Finding, unit: Unit | None) -> str:
    """所列 1,234.50 万元；应为 1,230.00 万元；差额 +4.50 万元 (``unit``: :func:`amount_unit`)."""
    parts = []
    if f.stated is not None:
        parts.append(f"所列 {_value(f.stated, unit)}")
    if f.expected is not None:
        parts.append(f"应为 {_value(f.expected, unit)}")
    if f.difference is not None:
        parts.append(f"差额 {_value(f.difference, unit, sign=True)}")
    return "；".join(parts)


def not_run(result: CheckResult) -> str:
    """The checks a part of a package could not run, by category: 表间一致（X001、X002…）."""
    by: dict[str, list[str]] = {}
    for rule_id in result.not_run:
        r = REGISTRY[rule_id]
        by.setdefault(CATEGORIES[r.category], []).append(rule_id)
    return "；".join(f"{cat}（{'、'.join(ids)}）" for cat, ids in by.items())


def render(console: Console, result: CheckResult) -> None:
    info = result.package.info
    title = info.heading
    console.print(Text(f"■ {info.path}", style="bold"))
    pkg = result.package
    tables = len(pkg.tables) + len(pkg.grids)
    console.print(
        f"  {title}：识别表格 {tables} 张，项目 {len(pkg.projects)} 个，"
        f"说明语句 {len(pkg.figures)} 条"
    )
    if info.partial:
        sections = "、".join(info.sections) or "说明"
        kind = f"{'汇总' if info.summary else info.scope}{info.stage}"
        console.print(Text(f"  按{kind}文件的一部分审核（所含内容：{sections}）", style="dim"))
        if result.not_run:
            console.print(Text(f"  缺少其余部分，未运行的检查：{not_run(result)}", style="dim"))
    if not result.package.checkable:
        console.print(
            Text("  页面上没有可核对的金额、比率或指标（可能只截取了标题和开头），未做核对。")
        )
    elif not result.findings:
        console.print(Text("  未发现问题。", style="green"))
    units = {t.title: t.unit for t in pkg.tables}
    for group, findings in grouped(result.findings):
        console.print(Text(f"\n  【{group}】", style="bold"))
        for f in findings:
            line = Text("    ")
            line.append(f"{f.severity.label} ", style=STYLE[f.severity])
            line.append(f"{f.rule} ", style="dim")
            line.append(f.message)
            console.print(line)
            where = f.location.describe()
            detail = "；".join(x for x in (where, values(f, amount_unit(f, units))) if x)
            if detail:
                console.print(Text(f"        {detail}", style="dim"))
            for other in f.related:
                console.print(Text(f"        对照：{other.describe()}", style="dim"))
    s = result.summary
    total = Text("\n  合计：")
    for i, v in enumerate(Severity):
        total.append("，" if i else "")
        total.append(f"{v.label} {s[v.value]}", style=STYLE[v])
    console.print(total, "\n", sep="")


def plain(results: Sequence[CheckResult | YusuanError]) -> str:
    """The report as plain text for a file: no colours, no line wrapped; an unreadable file as
    its message."""
    with open(os.devnull, "w") as sink:
        console = Console(record=True, width=1000, file=sink, markup=False, soft_wrap=True)
        for r in results:
            if isinstance(r, CheckResult):
                render(console, r)
            else:
                console.print(f"无法读取：{r.message}")
        return console.export_text()
