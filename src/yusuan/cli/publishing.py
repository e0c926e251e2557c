"""Commands that write disclosure files: ``publish`` (DOCX/XLSX/HTML/PDF, checked and read
back) and ``template`` (the 预算填报 workbook a package is filled in)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from yusuan.cli import seams
from yusuan.cli.boundary import Usage, console, refuse_directory
from yusuan.errors import EXIT_FINDINGS, EXIT_OK

if TYPE_CHECKING:
    from yusuan.model import BudgetPackage
    from yusuan.publish.layout import Layout


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
) -> int:
    """生成公开文件：先审核，再生成 DOCX/XLSX/HTML/PDF，逐个读回核对后一次写入输出文件夹。"""
    from yusuan.publish import Blocked
    from yusuan.publish import publish as run_publish
    from yusuan.publish.formats import FORMATS
    from yusuan.publish.layout import has_layout, load_layout
    from yusuan.report import text
    from yusuan.rules.findings import Severity
    from yusuan.rules.profile import load_profile

    wanted = tuple(dict.fromkeys(f.strip().lower() for f in formats.split(",") if f.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise Usage(f"不支持的格式：{'、'.join(unknown) or '（空）'}（可用：{','.join(FORMATS)}）")
    if force and not (reason and reason.strip()):
        raise Usage('强制发布须用 --reason 说明原因，例如 --reason "项目测算口径经财政局确认"。')
    if output.exists() and not output.is_dir():
        raise Usage(f"输出路径 {output} 已存在且不是文件夹。")
    out = console()
    prof = load_profile(profile)
    pkg = seams.load(file)
    lay = layout or (Path(profile).stem if profile.endswith((".yaml", ".yml")) else profile)
    if layout is None and pkg.info.scope == "单位" and has_layout(f"{lay}-unit"):
        lay = f"{lay}-unit"  # a budget unit's own disclosure (单位预算)
    chosen = load_layout(lay)
    if draft_text or previous or narrative or (not pkg.paragraphs and pkg.tables):
        pkg = _drafted(pkg, chosen, previous, narrative)
    try:
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
        text.render(out, blocked.check)
        errors = blocked.check.count(Severity.ERROR)
        out.print(
            f"发布被阻止：审核发现 {errors} 个错误，未写出任何文件。修正数据后重试，"
            '或使用 --force --reason "原因" 强制发布（原因将记入文件）。'
        )
        return EXIT_FINDINGS
    if result.forced and result.check.count(Severity.ERROR):
        text.render(out, result.check)  # what was published despite the errors
    summary = result.check.summary
    out.print(
        f"审核：错误 {summary['error']}，警告 {summary['warning']}，提示 {summary['info']}"
        + (f"（强制发布，原因：{result.forced}）" if result.forced else "")
    )
    for o in result.outputs:
        out.print(f"已生成 {o.path}（{o.size / 1024:.0f} KB，已读回核对）")
    if result.omitted:
        out.print(f"注意：版式「{chosen.name}」中没有以下表，未发布：{'、'.join(result.omitted)}")
    return EXIT_OK


def _drafted(
    pkg: BudgetPackage, layout: Layout, previous: Path | None, narrative: Path | None
) -> BudgetPackage:
    """The package with its 情况说明 drafted: last year's amounts from ``previous`` (else from the
    package's own sentences), reasons from its sentences and the ``narrative`` YAML."""
    from yusuan.said.draft import amounts, draft, inputs_from_narrative, read_inputs

    inputs = inputs_from_narrative(pkg)
    if pkg.info.format == "template":  # the workbook's own 上年数, reasons, procurement, vehicles
        from yusuan.template import draft_inputs

        inputs = draft_inputs(Path(pkg.info.path))
    if previous is not None:
        inputs = replace(inputs, previous=amounts(seams.load(previous)))
    if narrative is not None:
        inputs = read_inputs(str(narrative), inputs)
    return draft(pkg, layout.glossary, inputs)


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
    from yusuan.catalog import Catalogs
    from yusuan.output import write_atomic
    from yusuan.rules.profile import load_profile
    from yusuan.template.prefill import prefill
    from yusuan.template.write import write_template

    refuse_directory(output, "预算填报.xlsx")
    prof = load_profile(profile)
    cats = Catalogs.default().with_file(catalog) if catalog else Catalogs.default()
    values = prefill(seams.load(source), next_year=not same_year) if source is not None else None
    data = write_template(values, cats, prof.framework)
    write_atomic(output, lambda tmp: tmp.write_bytes(data))
    console().print(f"已生成填报表 {output}" + (f"（已按 {source} 预填）" if source else ""))
