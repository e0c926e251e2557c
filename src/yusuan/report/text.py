"""Terminal report: grouped by table and project, coloured, with locations and values."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from yusuan.check import CheckResult
from yusuan.errors import YusuanError
from yusuan.money import Unit, amount_text
from yusuan.report.grouping import grouped
from yusuan.rules.findings import Finding, Severity, amount_unit
from yusuan.rules.registry import CATEGORIES, REGISTRY

if TYPE_CHECKING:
    from rich.console import Console

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


#: a line of the report: its pieces and their styles ("" for none)
Line = list[tuple[str, str]]


def lines(result: CheckResult) -> list[Line]:
    """The report of one document, line by line (a line may start with blank lines)."""
    info = result.package.info
    pkg = result.package
    tables = len(pkg.tables) + len(pkg.grids)
    out: list[Line] = [
        [(f"■ {info.path}", "bold")],
        [
            (
                f"  {info.heading}：识别表格 {tables} 张，"
                + (f"绩效表 {len(pkg.self_evaluations)} 张，" if pkg.self_evaluations else "")
                + f"项目 {len(pkg.projects)} 个，说明语句 {len(pkg.figures)} 条",
                "",
            )
        ],
    ]
    if info.partial:
        sections = "、".join(info.sections) or "说明"
        kind = f"{'汇总' if info.summary else info.scope}{info.stage}"
        out.append([(f"  按{kind}文件的一部分审核（所含内容：{sections}）", "dim")])
        if result.not_run:
            out.append([(f"  缺少其余部分，未运行的检查：{not_run(result)}", "dim")])
    if not pkg.checkable and result.findings:  # (wording, counts of people or cars)
        out.append([("  页面上没有可核对的金额、比率或指标，只核对了文字和数量。", "")])
    elif not pkg.checkable:
        out.append(
            [("  页面上没有可核对的金额、比率或指标（可能只截取了标题和开头），未做核对。", "")]
        )
    elif not result.findings:
        out.append([("  未发现问题。", "green")])
    units = {t.title: t.unit for t in pkg.tables}
    for group, findings in grouped(result.findings):
        out.append([(f"\n  【{group}】", "bold")])
        for f in findings:
            out.append(
                [
                    ("    ", ""),
                    (f"{f.severity.label} ", STYLE[f.severity]),
                    (f"{f.rule} ", "dim"),
                    (f.message, ""),
                ]
            )
            where = f.location.describe()
            detail = "；".join(x for x in (where, values(f, amount_unit(f, units))) if x)
            if detail:
                out.append([(f"        {detail}", "dim")])
            for other in f.related:
                out.append([(f"        对照：{other.describe()}", "dim")])
    s = result.summary
    total: Line = [("\n  合计：", "")]
    for i, v in enumerate(Severity):
        total.append(("，" if i else "", ""))
        total.append((f"{v.label} {s[v.value]}", STYLE[v]))
    out.append(total)
    out.append([])
    return out


def render(console: Console, result: CheckResult) -> None:
    """The report on a terminal, coloured (Rich is imported by whoever made ``console``)."""
    from rich.text import Text

    for line in lines(result):
        console.print(Text.assemble(*line))


def plain(results: Sequence[CheckResult | YusuanError]) -> str:
    """The report as plain text (a file, a pipe): no colours, no line wrapped; an unreadable
    file as its message. Rich is not needed for it."""
    out: list[str] = []
    for r in results:
        if isinstance(r, CheckResult):
            out.extend("".join(text for text, _ in line) + "\n" for line in lines(r))
        else:
            out.append(f"无法读取：{r.message}\n")
    return "".join(out)
