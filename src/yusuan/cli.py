"""Command line: ``yusuan check|show|export|template|publish|rules`` and ``yusuan perf …``."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from yusuan import __version__
from yusuan.catalog import Catalogs
from yusuan.check import check_package
from yusuan.errors import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    DataFileError,
    YusuanError,
)
from yusuan.model import BudgetPackage
from yusuan.model.serialize import to_data
from yusuan.opendata import lines as opendata
from yusuan.opendata.write import csv_chunks, fiscal_data_package
from yusuan.output import write_atomic, write_text_atomic
from yusuan.pipeline import load
from yusuan.rules.findings import Severity
from yusuan.rules.profile import load_profile
from yusuan.rules.registry import CATEGORIES, all_rules

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="yusuan（预算）：读取、审核、生成部门预算公开文件，管理绩效目标。",
    rich_markup_mode=None,
)


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


def _console(stderr: bool = False) -> Console:
    # markup off: file names and document text may contain [brackets]
    return Console(stderr=stderr, highlight=False, soft_wrap=True, markup=False)


def _say_error(label: str, error: YusuanError) -> None:
    _console(stderr=True).print(Text.assemble((label, "bold red"), f"：{error.message}"))


def _usage(message: str) -> typer.Exit:
    """A usage error: the Chinese message on stderr, exit 3."""
    _console(stderr=True).print(f"错误：{message}")
    return typer.Exit(EXIT_USAGE)


def _check_output(output: Path | None) -> None:
    if output is not None and output.is_dir():
        raise _usage(f"输出路径 {output} 是一个目录，请给出文件名（如 {output / '报告.html'}）。")


def _write(path: Path, text: str) -> None:
    try:
        write_text_atomic(path, text)
    except YusuanError as exc:
        raise _fail(exc) from None


def _fail(error: YusuanError) -> typer.Exit:
    _say_error("错误", error)
    return typer.Exit(error.exit_code)


@app.command()
def check(
    files: Annotated[
        list[str],
        typer.Argument(
            help="要审核的文件、文件夹（含子文件夹）或通配符（如 '全区/**/*.pdf'）："
            ".txt、.pdf（扫描件经 OCR）、.docx、.xlsx、.html",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", help="输出格式：text、json、html、parquet（每个问题一行）"),
    ] = "text",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="写入文件而不是屏幕")
    ] = None,
    profile: Annotated[
        str, typer.Option("--profile", "-p", help="规则配置：名称或 .yaml 路径")
    ] = "default",
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="达到此级别即以退出码 1 结束")
    ] = FailOn.error,
    catalog: Annotated[
        Path | None, typer.Option("--catalog", help="官方分类科目目录 CSV（code,name）")
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="同时审核的进程数（默认：全部 CPU 核）")
    ] = None,
    summary: Annotated[
        Path | None, typer.Option("--summary", help="写出审核汇总表（.xlsx，每个文件一行）")
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="跳过内容摘要已在输出中有结果的文件（接着上次审核）")
    ] = False,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Dask 调度器地址（如 tcp://10.0.0.5:8786；也可用环境变量 YUSUAN_DASK_SCHEDULER）",
        ),
    ] = None,
) -> None:
    """审核文件：列出每个不一致之处（规则、位置、所列值、应为值、差额）；可一次审核整个文件夹。"""
    from yusuan.batch.command import check as run_check

    try:
        code = run_check(
            files, fmt=fmt, output=output, profile=profile, fail_on=fail_on.value,
            catalog=catalog, jobs=jobs, summary=summary, resume=resume, scheduler=scheduler,
        )  # fmt: skip
    except YusuanError as exc:
        raise _fail(exc) from None
    raise typer.Exit(code)


corpus_app = typer.Typer(
    no_args_is_help=True, help="语料分析：审核结果的统计。", rich_markup_mode=None
)
app.add_typer(corpus_app, name="corpus")


@corpus_app.command("stats")
def corpus_stats(
    findings: Annotated[
        Path, typer.Argument(help="check -f parquet 写出的文件", show_default=False)
    ],
    chart: Annotated[Path | None, typer.Option("--chart", help="写出统计图（.png）")] = None,
    top: Annotated[int, typer.Option("--top", help="各表列出的行数")] = 15,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text 或 json")] = "text",
) -> None:
    """语料统计（DuckDB）：按规则、地区、年度、类型统计问题，问题最多的单位，统计图。"""
    from yusuan.batch.stats import command as run_stats

    try:
        run_stats(findings, chart=chart, top=top, fmt=fmt)
    except YusuanError as exc:
        raise _fail(exc) from None


@app.command()
def show(file: Annotated[Path, typer.Argument(help="文件", show_default=False)]) -> None:
    """显示识别结果（表格、数字、项目、指标），便于核对读取是否正确。"""
    try:
        pkg = load(file)
    except YusuanError as exc:
        raise _fail(exc) from None
    from yusuan.report import show as shown

    shown.render(_wide_console(), pkg)


@app.command()
def export(
    file: Annotated[Path, typer.Argument(help="文件", show_default=False)],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="导出格式：json（完整模型）、csv（各表金额，一行一个）、fdp（Fiscal Data Package 压缩包）",
        ),
    ] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """导出识别出的完整模型（JSON），或各表金额（CSV、Fiscal Data Package）。"""
    if fmt not in ("json", "csv", "fdp"):
        raise _usage(f"不支持的导出格式：{fmt}（支持 json、csv、fdp）")
    if fmt == "fdp" and output is None:
        raise _usage("fdp 格式是压缩包，请用 -o 给出输出文件（如 数据包.zip）。")
    _check_output(output)
    try:
        pkg = load(file)
    except YusuanError as exc:
        raise _fail(exc) from None
    if fmt == "json":
        text = json.dumps(
            {"yusuan": __version__, "package": to_data(pkg)}, ensure_ascii=False, indent=2
        )
    else:
        m = opendata.meta(pkg)
        records = [opendata.record(m, line) for line in opendata.lines(pkg)]
        if fmt == "fdp":
            assert output is not None
            years = [pkg.info.year] if pkg.info.year else []
            data = fiscal_data_package(records, pkg.info.heading, years)
            try:
                write_atomic(output, lambda tmp: tmp.write_bytes(data))
            except YusuanError as exc:
                raise _fail(exc) from None
            return
        text = "".join(csv_chunks(records, bom=output is not None)).rstrip("\r\n")
    if output:
        _write(output, text)
    else:
        sys.stdout.write(text + "\n")


@app.command()
def publish(
    file: Annotated[
        Path,
        typer.Argument(
            help="数据：yusuan export 导出的 JSON/YAML 模型，或任何可读取的公开文件（如上年的）",
            show_default=False,
        ),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="输出文件夹", show_default=False)],
    profile: Annotated[
        str, typer.Option("--profile", "-p", help="地区配置（规则与版式）：名称或 .yaml 路径")
    ] = "chongqing-2026",
    layout: Annotated[
        str | None,
        typer.Option(
            "--layout", help="版式：名称或 .yaml 路径（默认与配置同名；单位预算用其 -unit 版式）"
        ),
    ] = None,
    formats: Annotated[
        str, typer.Option("--format", "-f", help="逗号分隔：docx,xlsx,html,pdf")
    ] = "docx,xlsx,html,pdf",
    force: Annotated[
        bool, typer.Option("--force", help="有错误时仍然发布（须给出 --reason）")
    ] = False,
    reason: Annotated[
        str | None, typer.Option("--reason", help="强制发布的原因（记入文件元数据和发布记录）")
    ] = None,
    draft_text: Annotated[
        bool, typer.Option("--draft", help="由数字起草情况说明（没有情况说明时自动起草）")
    ] = False,
    previous: Annotated[
        Path | None, typer.Option("--previous", help="上年的公开文件或模型：计算比上年增减")
    ] = None,
    narrative: Annotated[
        Path | None,
        typer.Option("--narrative", help="起草用的 YAML：增减原因、上年数、采购、车辆、改写的段落"),
    ] = None,
) -> None:
    """生成公开文件：先审核，再生成 DOCX/XLSX/HTML/PDF，逐个读回核对后一次写入输出文件夹。"""
    from yusuan.publish import FORMATS, Blocked
    from yusuan.publish import publish as run_publish
    from yusuan.report import text

    wanted = tuple(dict.fromkeys(f.strip().lower() for f in formats.split(",") if f.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise _usage(f"不支持的格式：{'、'.join(unknown) or '（空）'}（可用：{','.join(FORMATS)}）")
    if force and not (reason and reason.strip()):
        raise _usage('强制发布须用 --reason 说明原因，例如 --reason "项目测算口径经财政局确认"。')
    if output.exists() and not output.is_dir():
        raise _usage(f"输出路径 {output} 已存在且不是文件夹。")
    console = _console()
    try:
        prof = load_profile(profile)
        from yusuan.publish.layout import has_layout, load_layout

        pkg = load(file)
        lay = layout or (Path(profile).stem if profile.endswith((".yaml", ".yml")) else profile)
        if layout is None and pkg.info.scope == "单位" and has_layout(f"{lay}-unit"):
            lay = f"{lay}-unit"  # a budget unit's own disclosure (单位预算)
        chosen = load_layout(lay)
        if draft_text or previous or narrative or (not pkg.paragraphs and pkg.tables):
            pkg = _drafted(pkg, chosen, previous, narrative)
        result = run_publish(
            pkg,
            output,
            layout=chosen,
            profile=prof,
            formats=wanted,
            force_reason=reason.strip() if force and reason else None,
            source=str(file),
        )
    except Blocked as blocked:
        text.render(console, blocked.check)
        errors = blocked.check.count(Severity.ERROR)
        console.print(
            f"发布被阻止：审核发现 {errors} 个错误，未写出任何文件。修正数据后重试，"
            '或使用 --force --reason "原因" 强制发布（原因将记入文件）。'
        )
        raise typer.Exit(EXIT_FINDINGS) from None
    except YusuanError as exc:
        raise _fail(exc) from None
    if result.forced and result.check.count(Severity.ERROR):
        text.render(console, result.check)  # what was published despite the errors
    summary = result.check.summary
    console.print(
        f"审核：错误 {summary['error']}，警告 {summary['warning']}，提示 {summary['info']}"
        + (f"（强制发布，原因：{result.forced}）" if result.forced else "")
    )
    for o in result.outputs:
        console.print(f"已生成 {o.path}（{o.size / 1024:.0f} KB，已读回核对）")
    if result.omitted:
        console.print(
            f"注意：版式「{chosen.name}」中没有以下表，未发布：{'、'.join(result.omitted)}"
        )
    raise typer.Exit(EXIT_OK)


@app.command()
def template(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="填报表文件名（.xlsx）", show_default=False)
    ],
    source: Annotated[
        Path | None,
        typer.Option(
            "--from", help="用上年的公开文件预填（年度加一，其金额作为上年数）", show_default=False
        ),
    ] = None,
    same_year: Annotated[
        bool,
        typer.Option("--same-year", help="--from 的文件就是本年的（更正后重新发布），不作为上年数"),
    ] = False,
    profile: Annotated[
        str, typer.Option("--profile", "-p", help="地区配置：绩效指标框架等")
    ] = "chongqing-2026",
    catalog: Annotated[
        Path | None, typer.Option("--catalog", help="官方分类科目目录 CSV（下拉框用）")
    ] = None,
) -> None:
    """生成预算填报表（Excel/WPS）：下拉框、受保护的表头和填报说明；填好后用 yusuan publish 生成公开文件。"""
    from yusuan.template.prefill import prefill
    from yusuan.template.write import write_template

    if output.is_dir():
        raise _usage(
            f"输出路径 {output} 是一个目录，请给出文件名（如 {output / '预算填报.xlsx'}）。"
        )
    try:
        prof = load_profile(profile)
        cats = Catalogs.default().with_file(catalog) if catalog else Catalogs.default()
        values = prefill(load(source), next_year=not same_year) if source is not None else None
        data = write_template(values, cats, prof.framework)
        from yusuan.output import write_atomic

        write_atomic(output, lambda tmp: tmp.write_bytes(data))
    except YusuanError as exc:
        raise _fail(exc) from None
    _console().print(f"已生成填报表 {output}" + (f"（已按 {source} 预填）" if source else ""))


def _drafted(
    pkg: BudgetPackage, layout: object, previous: Path | None, narrative: Path | None
) -> BudgetPackage:
    """The package with its 情况说明 drafted: last year's amounts from ``previous`` (else from the
    package's own sentences), reasons from its sentences and the ``narrative`` YAML."""
    from yusuan.publish.draft import amounts, draft, inputs_from_narrative, read_inputs
    from yusuan.publish.layout import Layout

    assert isinstance(layout, Layout)
    inputs = inputs_from_narrative(pkg)
    if pkg.info.format == "template":  # the workbook's own 上年数, reasons, procurement, vehicles
        from yusuan.template import draft_inputs

        inputs = draft_inputs(Path(pkg.info.path))
    if previous is not None:
        inputs = replace(inputs, previous=amounts(load(previous)))
    if narrative is not None:
        inputs = read_inputs(str(narrative), inputs)
    return draft(pkg, layout, inputs)


@app.command("rules")
def list_rules(
    fmt: Annotated[str, typer.Option("--format", "-f", help="text 或 markdown")] = "text",
) -> None:
    """列出全部审核规则（编号、类别、默认级别、依据）。"""
    rules = all_rules()
    if fmt not in ("text", "markdown"):
        raise _usage(f"不支持的格式：{fmt}（可用：text、markdown）")
    if fmt == "markdown":
        from yusuan.docs import rules_markdown

        sys.stdout.write(rules_markdown())
        return
    rt = RichTable(
        "编号",
        "规则",
        "类别",
        "级别",
        "依据",
        title=f"审核规则（{len(rules)} 条）",
        title_justify="left",
    )
    for r in rules:
        rt.add_row(r.id, r.title, CATEGORIES[r.category], r.severity.label, r.source)
    _console().print(rt)


def _wide_console() -> Console:
    """A console that never truncates tables when the output is piped."""
    return Console(highlight=False, markup=False, width=None if sys.stdout.isatty() else 240)


def _known_projects(pkg: BudgetPackage, wanted: list[str]) -> None:
    from yusuan.perf.selfeval import unknown_projects

    names = [p.name for p in pkg.projects if p.indicators]
    unknown = unknown_projects(pkg, wanted)
    if unknown:
        raise _usage(f"文件中没有项目「{'、'.join(unknown)}」。可选：{'、'.join(names)}")


perf_app = typer.Typer(
    no_args_is_help=True,
    help="绩效管理：目标审核与冻结、执行监控、自评打分、由业务数据计算完成值、指标库。",
    rich_markup_mode=None,
)
app.add_typer(perf_app, name="perf")


def _print_evaluation(console: Console, title: str, result: object) -> None:
    from yusuan.perf.report import indicator_cells
    from yusuan.perf.scoring import Evaluation

    assert isinstance(result, Evaluation)
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


@perf_app.command("evaluate")
def perf_evaluate(
    file: Annotated[Path, typer.Argument(help="含项目支出绩效目标表的文件", show_default=False)],
    actuals: Annotated[Path, typer.Option("--actuals", "-a", help="实际完成值 YAML 文件")],
    project: Annotated[str | None, typer.Option("--project", help="只评价该项目")] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="写出绩效自评表：.xlsx，或 .docx / .html（含部门整体）"
        ),
    ] = None,
    report_path: Annotated[
        Path | None, typer.Option("--report", help="写出由得分起草的绩效自评报告（.docx 或 .html）")
    ] = None,
) -> None:
    """绩效自评：按财预〔2020〕10号计分（执行率10分 + 指标90分；部门整体指标100分），显示每项得分的公式与依据。"""
    from yusuan.perf.actuals import load_actuals, load_department
    from yusuan.perf.scoring import ScoringError
    from yusuan.perf.selfeval import self_evaluate

    _check_output(output)
    _check_output(report_path)
    for path in (output, report_path):
        if path is not None and path.suffix.lower() not in (".xlsx", ".docx", ".html"):
            raise _usage(f"不支持的输出格式：{path.name}（可用 .xlsx、.docx、.html）")
    if report_path is not None and report_path.suffix.lower() == ".xlsx":
        raise _usage("自评报告请写成 .docx 或 .html。")
    try:
        pkg = load(file)
        given = load_actuals(actuals)
        dept_given = load_department(actuals)
    except YusuanError as exc:
        raise _fail(exc) from None
    _known_projects(pkg, [*given, *([project] if project else [])])
    if project and project not in given:
        raise _usage(f"实际完成值文件中没有项目「{project}」。")
    console = _wide_console()
    try:
        result = self_evaluate(pkg, given, dept_given, project)
    except ScoringError as exc:
        raise _usage(str(exc)) from None
    for p, evaluation in result.projects:
        _print_evaluation(console, f"项目「{p.name}」绩效自评", evaluation)
    if result.department is not None:
        _print_evaluation(console, "部门（单位）整体绩效自评", result.department)
    evaluated, department = list(result.projects), result.department
    from yusuan.perf.report import evaluation_grids, report
    from yusuan.publish.document import Document

    if output is not None:
        grids = evaluation_grids(pkg, evaluated, department)
        _render_to(Document(title="绩效自评表", blocks=tuple(grids)), output)
        console.print(f"已写出自评表：{output}")
    if report_path is not None:
        _render_to(report(pkg, evaluated, department), report_path)
        console.print(f"已写出自评报告：{report_path}")


def _render_to(doc: object, path: Path) -> None:
    """A document rendered by the publishing renderers, written atomically."""
    from yusuan.output import write_atomic
    from yusuan.publish.document import Document

    assert isinstance(doc, Document)
    if path.suffix.lower() == ".docx":
        from yusuan.publish.docx import render_docx

        data = render_docx(doc)
    elif path.suffix.lower() == ".xlsx":
        from yusuan.publish.xlsx import render_xlsx

        data = render_xlsx(doc)
    else:
        from yusuan.publish.html import render_html

        data = render_html(doc).encode("utf-8")
    try:
        write_atomic(path, lambda tmp: tmp.write_bytes(data))
    except YusuanError as exc:
        raise _fail(exc) from None


@perf_app.command("check")
def perf_check(
    file: Annotated[Path, typer.Argument(help="含绩效目标表的文件", show_default=False)],
    profile: Annotated[str, typer.Option("--profile", "-p", help="规则配置")] = "default",
    approved: Annotated[
        Path | None,
        typer.Option("--approved", help="批复记录（perf freeze）：未经调整备案的改动报错"),
    ] = None,
) -> None:
    """审核绩效目标：指标质量规则，以及与批复目标的差异（未经调整备案的改动）。"""
    from yusuan.perf.approval import diff, read, targets
    from yusuan.report import text
    from yusuan.rules.registry import all_rules

    try:
        prof = load_profile(profile)
        pkg = load(file)
        record = read(approved) if approved is not None else None
    except YusuanError as exc:
        raise _fail(exc) from None
    only = {r.id for r in all_rules() if r.category == "indicators"}
    result = check_package(pkg, prof, only=only)
    console = _console()
    text.render(console, result)
    changes = diff(record["targets"], targets(pkg)) if record is not None else []
    for c in changes:
        console.print(
            f"错误 未经调整备案的改动：{c.describe()}。请用 yusuan perf adjust 记录调整及原因。"
        )
    if record is not None and not changes:
        adjusted = len(record.get("adjustments", []))
        console.print(
            f"与批复目标一致（批复于 {record.get('approved_at')}，已备案调整 {adjusted} 次）。"
        )
    errors = result.count(Severity.ERROR) + len(changes)
    raise typer.Exit(EXIT_FINDINGS if errors else EXIT_OK)


@perf_app.command("freeze")
def perf_freeze(
    file: Annotated[Path, typer.Argument(help="已批复的绩效目标文件", show_default=False)],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="批复记录（.json）", show_default=False)
    ],
    by: Annotated[str, typer.Option("--by", help="批复人或批复文号")] = "",
) -> None:
    """冻结批复的绩效目标：写出批复记录，此后的改动须经 perf adjust 备案。"""
    from yusuan.perf.approval import freeze

    _check_output(output)
    if output.exists():
        raise _usage(f"批复记录 {output} 已存在：调整请用 yusuan perf adjust，不要覆盖。")
    try:
        pkg = load(file)
    except YusuanError as exc:
        raise _fail(exc) from None
    record = freeze(pkg, str(file), by)
    _write(output, json.dumps(record, ensure_ascii=False, indent=2))
    count = sum(len(v) for v in record["targets"].values())
    _console().print(f"已冻结 {len(record['targets'])} 张表、{count} 个指标的批复目标：{output}")


@perf_app.command("adjust")
def perf_adjust(
    record_file: Annotated[
        Path, typer.Argument(help="批复记录（perf freeze 写出）", show_default=False)
    ],
    file: Annotated[Path, typer.Argument(help="调整后的绩效目标文件", show_default=False)],
    reason: Annotated[str, typer.Option("--reason", help="调整原因（必填）", show_default=False)],
    by: Annotated[str, typer.Option("--by", help="调整审批人或文号")] = "",
) -> None:
    """记录绩效目标调整：逐项列出调整前后，连同原因、时间、审批人写入批复记录。"""
    from yusuan.perf.approval import adjust, read

    if not reason.strip():
        raise _usage('调整须写明原因：--reason "……"。')
    try:
        record = read(record_file)
        pkg = load(file)
    except YusuanError as exc:
        raise _fail(exc) from None
    updated, changes = adjust(record, pkg, reason.strip(), by, str(file))
    console = _console()
    if not changes:
        console.print("与批复目标相同，没有需要备案的调整。")
        raise typer.Exit(EXIT_OK)
    for c in changes:
        console.print(f"调整：{c.describe()}")
    _write(record_file, json.dumps(updated, ensure_ascii=False, indent=2))
    console.print(f"已备案 {len(changes)} 处调整：{record_file}")


@perf_app.command("generate")
def perf_generate(
    output: Annotated[Path, typer.Option("--output", "-o", help="输出文件夹", show_default=False)],
    records: Annotated[int, typer.Option("--records", help="全年办件数")] = 840_000,
    year: Annotated[int, typer.Option("--year", help="年度")] = 2026,
    seed: Annotated[
        float, typer.Option("--seed", help="随机种子（-1 到 1），同一种子生成同样的数据")
    ] = 0.42,
    fmt: Annotated[str, typer.Option("--format", "-f", help="parquet 或 csv")] = "parquet",
) -> None:
    """生成政务服务办公室的合成业务数据（办件、好差评、寄递、投诉、事项）和对应的指标口径文件。"""
    from yusuan.perf.synthetic import generate, write_spec

    if fmt not in ("parquet", "csv"):
        raise _usage(f"不支持的格式：{fmt}（可用 parquet、csv）")
    if not 1 <= records <= 20_000_000:
        raise _usage("--records 应在 1 到 20,000,000 之间。")
    if not -1 <= seed <= 1:
        raise _usage("--seed 应在 -1 到 1 之间。")
    if not 2000 <= year <= 2100:
        raise _usage("--year 应在 2000 到 2100 之间。")
    if output.exists() and not output.is_dir():
        raise _usage(f"输出路径 {output} 已存在且不是文件夹。")
    try:
        counts = generate(output, records=records, year=year, seed=seed, fmt=fmt)
        spec = write_spec(output, year=year, fmt=fmt)
    except OSError as exc:
        from yusuan.errors import OutputError
        from yusuan.output import os_reason

        raise _fail(OutputError(str(output), detail=os_reason(exc))) from None
    console = _console()
    for name, n in counts.items():
        console.print(f"{name}：{n:,} 行")
    console.print(f"指标口径：{spec}")


@perf_app.command("metrics")
def perf_metrics(
    spec_file: Annotated[Path, typer.Argument(help="指标口径 YAML", show_default=False)],
    targets: Annotated[
        Path | None, typer.Option("--file", help="绩效目标文件：按 bind 对应到指标并核对计量单位")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option("--period", help="统计期间，如 2026-01-01:2026-07-31（默认口径的 year）"),
    ] = None,
    base: Annotated[
        Path | None, typer.Option("--actuals", help="手工填写的实际完成值 YAML：计算结果并入其中")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="写出实际完成值 YAML（供 perf evaluate 使用）"),
    ] = None,
    progress_out: Annotated[
        Path | None,
        typer.Option(
            "--progress", help="写出监控数据 YAML（供 perf monitor：截至期末的执行情况与全年预计）"
        ),
    ] = None,
) -> None:
    """由业务数据计算绩效指标的实际完成值（计数、求和、比率、平均/分位用时），保留查询与行数作为依据。"""
    from yusuan.perf.metrics import actuals_yaml, bind, compute_all, load_spec, parse_period
    from yusuan.yamlfile import read_mapping

    _check_output(output)
    _check_output(progress_out)
    if (output is not None or progress_out is not None) and targets is None:
        raise _usage("写出实际完成值或监控数据须同时给出 --file（绩效目标文件），以便对应指标。")
    try:
        spec = load_spec(spec_file)
        window = parse_period(period) if period else None
        if window is None and spec.year is not None:
            window = parse_period(str(spec.year))
        if progress_out is not None and (
            window is None or window[0].year != window[1].year or window[0].month != 1
        ):
            raise _usage("监控数据须按当年 1 月起的期间计算，例如 --period 2026-01-01:2026-07-31。")
        results = compute_all(spec, window)
        bound = bind(results, load(targets)) if targets is not None else {}
        manual = read_mapping(base, "实际完成值", DataFileError) if base is not None else None
        spent_entry = read_mapping(spec_file, "指标口径", DataFileError).get("spent") or {}
        if not isinstance(spent_entry, dict):
            raise DataFileError(
                str(spec_file), where="spent", detail="spent 应为 项目名称: 执行数 的映射。"
            )
        spent = dict(spent_entry)
    except YusuanError as exc:
        raise _fail(exc) from None
    console = _wide_console()
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
    if output is not None:
        _write(output, actuals_yaml(bound, manual, spent, window))
        console.print(f"已写出实际完成值：{output}（{len(bound)} 个指标）")
    if progress_out is not None:
        from yusuan.perf.metrics import progress_yaml

        assert window is not None
        _write(progress_out, progress_yaml(bound, manual, window[1].month))
        console.print(f"已写出监控数据：{progress_out}（1-{window[1].month}月）")


@perf_app.command("library")
def perf_library(
    files: Annotated[list[Path], typer.Argument(help="含绩效目标表的文件", show_default=False)],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写出指标库 YAML")] = None,
    metrics: Annotated[
        Path | None, typer.Option("--metrics", help="指标口径 YAML：为对应的指标写明计量方法")
    ] = None,
) -> None:
    """指标库：汇总各绩效目标表中的指标（名称规范化、去重），列出层级、单位、方向、定义、计量方法和已用目标值。"""
    from yusuan.perf.library import build, to_yaml

    _check_output(output)
    measurements: dict[str, str] = {}
    try:
        packages = [(load(f), f.stem) for f in files]
        if metrics is not None:
            from yusuan.perf.metrics import describe, load_spec

            for m in load_spec(metrics).metrics:
                for target in m.bind:
                    measurements.setdefault(target.partition("/")[2], describe(m))
    except YusuanError as exc:
        raise _fail(exc) from None
    entries = build(packages, measurements)
    text = to_yaml(entries, [f.name for f in files])
    if output is None:
        sys.stdout.write(text)
    else:
        _write(output, text)
        _console().print(f"已写出指标库：{output}（{len(entries)} 个指标）")


@perf_app.command("monitor")
def perf_monitor(
    file: Annotated[Path, typer.Argument(help="含项目支出绩效目标表的文件", show_default=False)],
    progress: Annotated[
        Path, typer.Option("--progress", "-p", help="监控数据 YAML 文件（1-7月执行数与指标进度）")
    ],
    margin: Annotated[
        float, typer.Option("--margin", min=0, max=100, help="执行率低于序时进度多少个百分点即预警")
    ] = 10.0,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="写出绩效目标执行监控表（.xlsx、.docx 或 .html）"),
    ] = None,
) -> None:
    """绩效运行监控（双监控）：预算执行进度与绩效目标实现程度，列出预警。"""
    _check_output(output)
    if output is not None and output.suffix.lower() not in (".xlsx", ".docx", ".html"):
        raise _usage(f"不支持的输出格式：{output.name}（可用 .xlsx、.docx、.html）")
    from yusuan.perf.report import monitoring_cells, monitoring_grid

    grids = []
    from yusuan.perf.actuals import load_progress
    from yusuan.perf.scoring import ScoringError
    from yusuan.perf.selfeval import monitor_package

    try:
        pkg = load(file)
        months, given = load_progress(progress)
    except YusuanError as exc:
        raise _fail(exc) from None
    _known_projects(pkg, list(given))
    console = _wide_console()
    flagged = False
    try:
        monitored = monitor_package(pkg, months, given, Decimal(str(margin)) / 100)
    except ScoringError as exc:
        raise _usage(str(exc)) from None
    for p, m in monitored:
        rt = RichTable(
            "一级",
            "二级",
            "三级",
            "年度指标值",
            f"1-{months}月执行情况",
            "全年预计完成",
            "偏差原因",
            "完成目标可能性",
            title=f"项目「{p.name}」绩效目标执行监控",
            title_justify="left",
        )
        for row in m.rows:
            rt.add_row(*monitoring_cells(row, " ⚠"))
        console.print(rt)
        console.print(
            f"年初预算数 {m.budget}，1-{months}月执行数 {m.spent}，执行率 {m.execution_rate}%（序时进度 {m.expected_rate}%）"
        )
        for problem in m.problems:
            flagged = True
            console.print(f"  预警：{problem}")
        grids.append(monitoring_grid(p, m))
    if output is not None:
        from yusuan.publish.document import Document

        _render_to(Document(title="项目支出绩效目标执行监控表", blocks=tuple(grids)), output)
        console.print(f"已写出监控表：{output}")
    raise typer.Exit(EXIT_FINDINGS if flagged else EXIT_OK)


@app.callback(invoke_without_command=True)
def _main(
    version: Annotated[bool, typer.Option("--version", help="显示版本")] = False,
) -> None:
    if version:
        typer.echo(f"yusuan {__version__}")
        raise typer.Exit(0)


def main() -> None:
    """Console-script entry point: usage errors exit 3 with a Chinese message; a
    :class:`YusuanError` no command caught exits with its code; anything else is a bug,
    reported as 内部错误 with exit 4 and no traceback (``YUSUAN_DEBUG=1`` shows it)."""
    try:
        code = app(standalone_mode=False)
    except KeyboardInterrupt:
        sys.exit(130)
    except YusuanError as exc:
        raise SystemExit(_fail(exc).exit_code) from None
    except Exception as exc:  # the CLI framework's usage errors (bad option values, missing args)
        message = getattr(exc, "format_message", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and message is not None:
            sys.stdout.write(message() + "\n")
            sys.exit(EXIT_OK)
        if message is None or getattr(exc, "exit_code", None) != 2:
            _internal(exc)
        _console(stderr=True).print(f"用法错误：{message()}（运行 yusuan --help 查看用法）")
        sys.exit(EXIT_USAGE)
    sys.exit(code if isinstance(code, int) else 0)


def _internal(exc: BaseException) -> NoReturn:
    """The last resort: an unexpected exception as a Chinese 内部错误 message, exit 4."""
    if os.environ.get("YUSUAN_DEBUG"):
        raise exc
    from yusuan.errors import InternalError

    error = InternalError(detail=f"{type(exc).__name__}：{str(exc)[:200]}")
    try:
        _say_error("错误", error)
    except Exception:  # the console itself cannot write (a closed or odd stderr)
        sys.stderr.write(error.message.encode("ascii", "backslashreplace").decode() + "\n")
    sys.exit(error.exit_code)
