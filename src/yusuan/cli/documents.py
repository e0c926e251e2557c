"""Commands on a document as read: ``check`` (the work is in check.py), ``show`` and ``export``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from yusuan import __version__
from yusuan.cli import seams
from yusuan.cli.boundary import Usage, refuse_directory, wide_console
from yusuan.cli.check import CheckArgs, FailOn, Format
from yusuan.cli.check import run as run_check
from yusuan.inputs import SUPPORTED
from yusuan.output import write_atomic, write_text_atomic


def check(
    files: Annotated[
        list[Path],
        typer.Argument(
            help=f"要审核的文件：{SUPPORTED}；也可是文件夹（含子文件夹）或通配符（如 '全区/**/*.pdf'）",
            show_default=False,
        ),
    ],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="输出格式")] = Format.text,
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
) -> int:
    """审核文件：列出每个不一致之处（规则、位置、所列值、应为值、差额）；可一次审核整个文件夹。"""
    args = CheckArgs(
        files, fmt, output, profile, fail_on, catalog, jobs, summary, resume, scheduler
    )
    return run_check(args)


def show(file: Annotated[Path, typer.Argument(help="文件", show_default=False)]) -> None:
    """显示识别结果（表格、数字、项目、指标），便于核对读取是否正确。"""
    pkg = seams.load(file)
    from yusuan.report import show as shown

    shown.render(wide_console(), pkg)


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
        raise Usage(f"不支持的导出格式：{fmt}（支持 json、csv、fdp）")
    if fmt == "fdp" and output is None:
        raise Usage("fdp 格式是压缩包，请用 -o 给出输出文件（如 数据包.zip）。")
    refuse_directory(output)
    pkg = seams.load(file)
    if fmt == "json":
        from yusuan.model.serialize import to_data

        text = json.dumps(
            {"yusuan": __version__, "package": to_data(pkg)}, ensure_ascii=False, indent=2
        )
    else:
        from yusuan.opendata import lines as opendata
        from yusuan.opendata.write import csv_chunks, fiscal_data_package

        m = opendata.meta(pkg)
        records = [opendata.record(m, line) for line in opendata.lines(pkg)]
        if output is not None and fmt == "fdp":
            years = [pkg.info.year] if pkg.info.year else []
            data = fiscal_data_package(records, pkg.info.heading, years)
            write_atomic(output, lambda tmp: tmp.write_bytes(data))
            return
        text = "".join(csv_chunks(records, bom=output is not None)).rstrip("\r\n")
    if output:
        write_text_atomic(output, text)
    else:
        sys.stdout.write(text + "\n")
