"""The performance outputs as documents: the 项目支出绩效自评表, the 部门整体绩效自评表 and the
执行监控表 as grids (rendered to XLSX, DOCX or HTML by the publishing renderers), and a 自评报告
drafted from the scores — every number in it comes from an
:class:`~yusuan.perf.scoring.Evaluation`. The cells of an indicator row are built here once, for
the documents and for the command line's tables alike."""

from __future__ import annotations

from decimal import Decimal

from yusuan.model import BudgetPackage, Project
from yusuan.perf.monitoring import Monitoring, MonitorRow
from yusuan.perf.scoring import Evaluation, IndicatorScore
from yusuan.publish.document import Block, Document, Grid, Merge, Paragraph, Value

HEADER = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)


def _shown(s: IndicatorScore) -> str:
    a = s.actual
    return "不适用" if not a.applicable else (a.tier or str(a.value))


def indicator_cells(s: IndicatorScore) -> tuple[str, str, str, str, str]:
    """一级, 二级, 三级, 年度指标值, 实际完成值 of a scored indicator."""
    i = s.indicator
    return (i.level1, i.level2, i.name, f"{i.operator}{i.value}{i.unit or ''}", _shown(s))


def monitoring_cells(row: MonitorRow, warning: str) -> tuple[str, ...]:
    """一级 … 完成目标可能性 of a monitored indicator; ``warning`` marks one off track."""
    i, p = row.indicator, row.progress
    return (
        i.level1,
        i.level2,
        i.name,
        f"{i.operator}{i.value}{i.unit or ''}",
        "" if p.to_date is None else str(p.to_date),
        p.tier or ("" if p.forecast is None else str(p.forecast)),
        "：".join(x for x in (p.category or "", p.reason) if x),
        row.likelihood + ("" if row.on_track else warning),
    )


def evaluation_grid(
    title: str, name: str, result: Evaluation, goal: str, year: int | None, money: bool = True
) -> Grid:
    """One 自评表 (standards §3.6): name, funds and execution, the goal, each indicator's target,
    actual, weight, score and 偏差原因, the total and grade."""
    rows: list[tuple[Value, ...]] = [
        ("项目名称" if money else "部门（单位）名称", name, "", "", "", "", "", "")
    ]
    merges = [Merge(0, 1, 0, 7)]
    if money:
        rows.append(
            ("项目资金（万元）", "全年预算数", "全年执行数", "分值", "执行率", "得分", "", "")
        )
        rows.append(
            (
                "年度资金总额",
                result.budget,
                result.spent,
                Decimal(10),
                f"{result.execution_rate}%",
                result.execution_score,
                "",
                "",
            )
        )
        merges += [Merge(1, 5, 1, 7), Merge(2, 5, 2, 7)]
    rows.append(("年度总体目标", goal, "", "", "", "", "", ""))
    merges.append(Merge(len(rows) - 1, 1, len(rows) - 1, 7))
    rows.append(HEADER)
    header_at = len(rows) - 1
    for s in result.indicators:
        why = "；".join(x for x in (s.actual.reason, s.actual.measures) if x)
        rows.append((*indicator_cells(s), s.weight, s.score, why))
    rows.append(("总分", "", "", "", "", Decimal(100), result.total, f"等级：{result.grade}"))
    merges.append(Merge(len(rows) - 1, 0, len(rows) - 1, 4))
    return Grid(
        title=title,
        sheet=name[:28] or "自评表",
        rows=tuple(rows),
        merges=tuple(merges),
        preamble=(f"（{year}年度）",) if year else (),
        unit_line="单位：万元" if money else "",
        labels=frozenset({(r, 0) for r in range(header_at)}),
        text_columns=frozenset({7}),
    )


def evaluation_grids(
    pkg: BudgetPackage, projects: list[tuple[Project, Evaluation]], department: Evaluation | None
) -> list[Grid]:
    """The 自评表 of 部门整体 (when evaluated) and of each project."""
    year = pkg.info.year
    grids = [
        evaluation_grid("项目支出绩效自评表", p.title, r, p.goal or p.overview, year)
        for p, r in projects
    ]
    sheet = pkg.department_performance
    if department is not None and sheet is not None:
        name = pkg.info.unit_name or ""
        grids.insert(
            0,
            evaluation_grid("部门整体绩效自评表", name, department, sheet.goal, year, money=False),
        )
    return grids


def report(
    pkg: BudgetPackage,
    projects: list[tuple[Project, Evaluation]],
    department: Evaluation | None,
) -> Document:
    """The 绩效自评报告: a drafted text from the scores, then the 自评表 of 整体 and each project."""
    info = pkg.info
    year = info.year
    unit = info.unit_name or ""
    blocks: list[Block] = [Paragraph(f"{unit}{year or ''}年度绩效自评报告", level=1)]
    budget = sum((r.budget for _, r in projects), Decimal(0))
    spent = sum((r.spent for _, r in projects), Decimal(0))
    rate = (spent / budget * 100).quantize(Decimal("0.01")) if budget else Decimal(0)
    blocks += [
        Paragraph("一、基本情况", level=2),
        Paragraph(
            f"{year or ''}年度本单位对{len(projects)}个项目开展了绩效自评，项目全年预算数合计{budget}万元，"
            f"全年执行数{spent}万元，预算执行率{rate}%。"
        ),
    ]
    if department is not None:
        met = [s for s in department.indicators if s.met and s.actual.applicable]
        unmet = [s for s in department.indicators if not s.met and s.actual.applicable]
        text = (
            f"部门整体绩效自评得分{department.total}分，等级为“{department.grade}”。"
            f"{len(department.indicators)}项整体绩效指标中，{len(met)}项达成"
        )
        text += (
            f"，{len(unmet)}项未达成：{'、'.join(s.indicator.name for s in unmet)}。"
            if unmet
            else "，全部达成。"
        )
        blocks += [Paragraph("二、部门整体绩效目标完成情况", level=2), Paragraph(text)]
    blocks.append(
        Paragraph("三、项目绩效自评结果" if department else "二、项目绩效自评结果", level=2)
    )
    for project, result in projects:
        unmet = [s for s in result.indicators if not s.met and s.actual.applicable]
        text = (
            f"{project.name}：全年预算数{result.budget}万元，执行数{result.spent}万元，预算执行率"
            f"{result.execution_rate}%；自评得分{result.total}分，等级为“{result.grade}”。"
        )
        if unmet:
            text += (
                "未达成的指标："
                + "；".join(
                    f"{s.indicator.name}（目标{s.indicator.operator}{s.indicator.value}{s.indicator.unit or ''}，"
                    f"实际{_shown(s)}）"
                    for s in unmet
                )
                + "。"
            )
        blocks.append(Paragraph(text))
    evaluated = ([("部门整体", department)] if department is not None else []) + [
        (p.name, r) for p, r in projects
    ]
    issues = [
        f"{name}：{s.indicator.name}，偏差原因：{s.actual.reason}；改进措施：{s.actual.measures}。"
        for name, result in evaluated
        for s in result.indicators
        if not s.met and s.actual.applicable and (s.actual.reason or s.actual.measures)
    ]
    missing = [f"{name}：{problem}" for name, result in evaluated for problem in result.problems]
    blocks.append(
        Paragraph("四、存在的问题及改进措施" if department else "三、存在的问题及改进措施", level=2)
    )
    unmet_any = any(
        not s.met and s.actual.applicable for _, result in evaluated for s in result.indicators
    )
    blocks += [Paragraph(t) for t in issues]
    if not unmet_any:
        blocks.append(Paragraph("各项指标均已达成。"))
    blocks += [Paragraph(f"（待补充）{t}") for t in missing]
    blocks += evaluation_grids(pkg, projects, department)
    return Document(title=f"{unit}{year or ''}年度绩效自评报告", blocks=tuple(blocks))


def monitoring_grid(project: Project, m: Monitoring) -> Grid:
    """The 项目支出绩效目标执行监控表 (standards §3.5) of one project."""
    rows: list[tuple[Value, ...]] = [
        ("项目名称", project.title, "", "", "", "", "", ""),
        (
            "年初预算数",
            m.budget,
            f"1-{m.months}月执行数",
            m.spent,
            "执行率",
            f"{m.execution_rate}%",
            "序时进度",
            f"{m.expected_rate}%",
        ),
        ("年度总体目标", project.goal or project.overview, "", "", "", "", "", ""),
        (
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            f"1-{m.months}月执行情况",
            "全年预计完成",
            "偏差原因",
            "完成目标可能性",
        ),
    ]
    rows.extend(monitoring_cells(row, "（预警）") for row in m.rows)
    notes = "；".join(m.problems)
    return Grid(
        title="项目支出绩效目标执行监控表",
        sheet=project.name[:28] or "监控表",
        rows=tuple(rows),
        merges=(Merge(0, 1, 0, 7), Merge(2, 1, 2, 7)),
        unit_line="单位：万元",
        note=f"预警：{notes}" if notes else "",
        labels=frozenset({(0, 0), (1, 0), (1, 2), (1, 4), (1, 6), (2, 0)}),
        text_columns=frozenset({1}),
    )
