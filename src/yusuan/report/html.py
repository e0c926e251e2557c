"""A self-contained, printable HTML report (no external assets)."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from yusuan import __version__
from yusuan.check import CheckResult
from yusuan.errors import YusuanError
from yusuan.money import Unit, amount_text
from yusuan.report.grouping import grouped
from yusuan.rules.findings import Severity, amount_unit

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:2rem;color:#1b1b1b;line-height:1.5}
h1{font-size:1.4rem}h2{font-size:1.15rem;border-bottom:2px solid #333;padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1rem;margin:1.2rem 0 .4rem}table{border-collapse:collapse;width:100%;font-size:.9rem}
table{table-layout:fixed}th:nth-child(1),th:nth-child(2){width:3.5em}th:nth-child(4){width:24%}
th:nth-child(5),th:nth-child(6),th:nth-child(7){width:8.5em}
th,td{border:1px solid #999;overflow-wrap:anywhere;padding:.3rem .5rem;vertical-align:top;text-align:left}th{background:#eee}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.sev{font-weight:bold;white-space:nowrap}.error{color:#b00020}.warning{color:#8a5a00}.info{color:#00668a}
.summary span{margin-right:1rem}.err-doc{color:#b00020}
@media print{body{margin:0}h2{page-break-before:auto}tr{page-break-inside:avoid}}
@media (max-width:700px){body{margin:1rem}table,tbody,tr,td{display:block}thead{display:none}
tr{border:1px solid #999;margin:0 0 .6rem;padding:.2rem 0}td{border:none;padding:.15rem .5rem}
td:empty{display:none}td.num{text-align:left}td:nth-child(1),td:nth-child(2){display:inline-block}
td:nth-child(4)::before{content:"位置：";color:#555}td:nth-child(5)::before{content:"所列 ";color:#555}
td:nth-child(6)::before{content:"应为 ";color:#555}td:nth-child(7)::before{content:"差额 ";color:#555}}
"""


def _value_cell(value: object, unit: Unit | None, signed: bool = False) -> str:
    """Amounts right-aligned like in the tables, in 千分位 with their unit; values not known to
    be money (a score, a rate) as the rule gave them; text values (names, 增加/减少) as text."""
    if value is None:
        return "<td></td>"
    if isinstance(value, Decimal):
        if unit is not None:
            shown = amount_text(value, unit, sign=signed)
        else:
            shown = f"{value:+}" if signed else str(value)
        return f'<td class="num">{escape(shown)}</td>'
    return f"<td>{escape(str(value))}</td>"


def _doc(result: CheckResult) -> str:
    info = result.package.info
    s = result.summary
    out = [
        f"<h2>{escape(info.heading)}</h2>",
        f"<p>文件：{escape(info.path)}；识别表格 {len(result.package.tables)} 张，项目 {len(result.package.projects)} 个。</p>",
        '<p class="summary">'
        + "".join(f'<span class="{v.value}">{v.label} {s[v.value]}</span>' for v in Severity)
        + "</p>",
    ]
    if not result.findings:
        out.append("<p>未发现问题。</p>")
    units = {t.title: t.unit for t in result.package.tables}
    for group, findings in grouped(result.findings):
        out.append(
            f"<h3>{escape(group)}</h3><table><thead><tr><th>级别</th><th>规则</th><th>问题</th>"
            "<th>位置</th><th>所列</th><th>应为</th><th>差额</th></tr></thead><tbody>"
        )
        for f in findings:
            unit = amount_unit(f, units)
            cells = [
                f'<td class="sev {f.severity.value}">{f.severity.label}</td>',
                f"<td>{escape(f.rule)}</td>",
                f"<td>{escape(f.message)}</td>",
                "<td>"
                + "<br>对照：".join(escape(x.describe()) for x in (f.location, *f.related))
                + "</td>",
                _value_cell(f.stated, unit),
                _value_cell(f.expected, unit),
                _value_cell(f.difference, unit, signed=True),
            ]
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody></table>")
    return "\n".join(out)


def section(result: CheckResult | YusuanError) -> str:
    """One document's part of the report (an unreadable one: its path and why)."""
    if isinstance(result, YusuanError):
        return error_section(result.path, result.message)
    return _doc(result)


def error_section(path: str, message: str) -> str:
    return f'<h2 class="err-doc">{escape(path)}</h2><p class="err-doc">{escape(message)}</p>'


#: the report around the documents' sections, which are joined by a newline
HEAD = (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width,initial-scale=1">'
    f"<title>预算审核报告</title><style>{CSS}</style></head><body>"
    f"<h1>预算公开文件审核报告</h1><p>yusuan {__version__}</p>"
)
TAIL = "</body></html>"


def render(results: list[CheckResult | YusuanError]) -> str:
    return HEAD + "\n".join(section(r) for r in results) + TAIL
