"""``yusuan show``: what was read, as a reader checks it against the page — tables with their
numbers, tables no layout knows with their columns' roles, project sheets, and every figure the
prose states (subject, amount, change, rate, share, completion)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table as RichTable

from yusuan.lang import VOCABULARY
from yusuan.model import BudgetPackage, Figure, Grid, Table

_ROLES = {
    "prior": "上年",
    "current": "本年",
    "change": "增减",
    "rate": "增减率",
    "share": "占比",
    "completion": "完成率",
    "percent": "百分比",
    "amount": "金额",
    "text": "文字",
}


def render(console: Console, pkg: BudgetPackage) -> None:
    info = pkg.info
    console.print(f"{info.heading}（{info.format}，{info.pages}页）")
    if info.partial:
        sections = "、".join(info.sections) or "说明"
        console.print(f"按文件的一部分读取（所含内容：{sections}）")
    for t in pkg.tables:
        console.print(_table(t))
        if t.note:
            console.print(f"  {t.note}")
    for g in pkg.grids:
        console.print(_grid(g))
    for p in pkg.projects:
        console.print(
            f"\n项目 {p.title}：预算 {p.budget if p.budget is not None else '（空）'} 万元"
        )
        if p.indicators:
            rt = RichTable("一级", "二级", "三级", "权重", "性质", "指标值", "单位")
            for i in p.indicators:
                rt.add_row(
                    i.level1,
                    i.level2,
                    i.name,
                    str(i.weight or ""),
                    i.operator,
                    i.value,
                    i.unit or "",
                )
            console.print(rt)
    if pkg.department_performance:
        d = pkg.department_performance
        console.print(
            f"\n部门整体绩效目标表：{d.unit_name}，预算 {d.budget}，指标 {len(d.indicators)} 个"
        )
    if pkg.figures:
        console.print(_figures(pkg.figures))
    console.print(f"\n说明中识别出 {len(pkg.figures)} 组数字。")


def _table(t: Table) -> RichTable:
    rt = RichTable(title=f"{t.title}（{t.kind.label}，单位：{t.unit.value}）", title_justify="left")
    rt.add_column("编码")
    rt.add_column("名称")
    sides = any(r.side for r in t.rows)
    if sides:
        rt.add_column("收/支")
    for key in t.columns:
        rt.add_column(t.label(key), justify="right")
    for r in t.rows:
        cells = [r.code or "", r.name]
        if sides:
            cells.append({"income": "收入", "expenditure": "支出"}.get(r.side or "", ""))
        cells += [(c.text if (c := r.cell(k)) is not None else "") for k in t.columns]
        rt.add_row(*cells)
    return rt


def _grid(g: Grid) -> RichTable:
    rt = RichTable(title=f"{g.title}（按表头识别，单位：{g.unit}）", title_justify="left")
    rt.add_column("项目")
    for c in g.columns:
        rt.add_column(
            f"{c.label}（{_ROLES[c.role]}）", justify="left" if c.role == "text" else "right"
        )
    for r in g.rows:
        indent = "  " if r.parent is not None else ""
        rt.add_row(indent + r.name, *[(c or "")[:30] for c in r.cells])
    return rt


def _figures(figs: tuple[Figure, ...]) -> RichTable:
    rt = RichTable(title="说明中的数字", title_justify="left")
    for col in ("行", "事项", "年度", "金额", "增减", "增减率", "占比", "预算", "完成率", "上年"):
        rt.add_column(col)
    for f in figs:
        unit = VOCABULARY.unit_name(f.factor)
        rt.add_row(
            str(f.source.line or ""),
            VOCABULARY.name(f.subject) if f.subject else f.label[:20],
            f"{f.year or ''}{f.measure}",
            f"{f.amount}{unit}" if f.amount is not None else "",
            f"{f.change:+}" if f.change is not None else ("持平" if f.flat else ""),
            f.growth.text if f.growth else "",
            f"{f.share.value}%" if f.share else "",
            str(f.budget) if f.budget is not None else "",
            f"{f.completion.value}%" if f.completion else "",
            str(f.prior) if f.prior is not None else "",
        )
    return rt
