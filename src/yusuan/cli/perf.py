"""``yusuan perf …``: performance management — targets checked and frozen, adjustments recorded,
mid-year monitoring, the year-end self-evaluation, actuals computed from operational data, and
the indicator library. The tables printed are in :mod:`yusuan.report.perf`."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from yusuan.cli import seams
from yusuan.cli.boundary import Usage, console, refuse_directory, wide_console
from yusuan.errors import EXIT_FINDINGS, EXIT_OK, DataFileError, OutputError
from yusuan.output import write_atomic, write_text_atomic

if TYPE_CHECKING:
    from yusuan.model import BudgetPackage
    from yusuan.publish.document import Document

#: the formats a 监控表 or 自评表 is written in, by the output file's suffix
TABLE_SUFFIXES = (".xlsx", ".docx", ".html")


def _known_projects(pkg: BudgetPackage, wanted: list[str]) -> None:
    from yusuan.perf.selfeval import unknown_projects

    unknown = unknown_projects(pkg, wanted)
    if unknown:
        names = [p.name for p in pkg.projects if p.indicators]
        raise Usage(f"文件中没有项目「{'、'.join(unknown)}」。可选：{'、'.join(names)}")


def _table_files(*paths: Path | None) -> None:
    """:class:`Usage` for an output path that is a folder, then for one of another format."""
    for path in paths:
        refuse_directory(path)
    for path in paths:
        if path is not None and path.suffix.lower() not in TABLE_SUFFIXES:
            raise Usage(f"不支持的输出格式：{path.name}（可用 .xlsx、.docx、.html）")


def _write_document(doc: Document, path: Path) -> None:
    """The document rendered in the format its file name says, written atomically."""
    from yusuan.publish.formats import render

    data = render(doc, path.suffix.lower().lstrip("."))
    write_atomic(path, lambda tmp: tmp.write_bytes(data))


def evaluate(
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
    profile: Annotated[
        str, typer.Option("--profile", "-p", help="地区配置：评分方案（scheme）等")
    ] = "default",
) -> None:
    """绩效自评：按配置的评分方案计分（默认财预〔2020〕10号：执行率10分 + 指标90分；部门整体指标100分），显示每项得分的公式与依据。"""
    from yusuan.perf.actuals import load_actuals, load_department
    from yusuan.perf.report import evaluation_grids, report
    from yusuan.perf.scoring import ScoringError
    from yusuan.perf.selfeval import self_evaluate
    from yusuan.publish.document import Document
    from yusuan.report import perf as shown

    _table_files(output, report_path)
    if report_path is not None and report_path.suffix.lower() == ".xlsx":
        raise Usage("自评报告请写成 .docx 或 .html。")
    pkg = seams.load(file)
    given = load_actuals(actuals)
    dept_given = load_department(actuals)
    _known_projects(pkg, [*given, *([project] if project else [])])
    if project and project not in given:
        raise Usage(f"实际完成值文件中没有项目「{project}」。")
    from yusuan.rules.profile import load_profile

    scheme = load_profile(profile).scheme  # a bad profile: the catalogue's error, exit 3
    out = wide_console()
    try:
        result = self_evaluate(pkg, given, dept_given, project, scheme_name=scheme)
    except ScoringError as exc:
        raise Usage(str(exc)) from None
    for p, evaluation in result.projects:
        shown.evaluation(out, f"项目「{p.name}」绩效自评", evaluation)
    if result.department is not None:
        shown.evaluation(out, "部门（单位）整体绩效自评", result.department)
    evaluated, department = list(result.projects), result.department
    if output is not None:
        grids = evaluation_grids(pkg, evaluated, department)
        _write_document(Document(title="绩效自评表", blocks=tuple(grids)), output)
        out.print(f"已写出自评表：{output}")
    if report_path is not None:
        _write_document(report(pkg, evaluated, department), report_path)
        out.print(f"已写出自评报告：{report_path}")


def check(
    file: Annotated[Path, typer.Argument(help="含绩效目标表的文件", show_default=False)],
    profile: Annotated[str, typer.Option("--profile", "-p", help="规则配置")] = "default",
    approved: Annotated[
        Path | None,
        typer.Option("--approved", help="批复记录（perf freeze）：未经调整备案的改动报错"),
    ] = None,
) -> int:
    """审核绩效目标：指标质量规则，以及与批复目标的差异（未经调整备案的改动）。"""
    from yusuan.perf.approval import diff, read, targets
    from yusuan.report import text
    from yusuan.rules.builtin import all_rules
    from yusuan.rules.findings import Severity
    from yusuan.rules.profile import load_profile

    prof = load_profile(profile)
    pkg = seams.load(file)
    record = read(approved) if approved is not None else None
    only = {r.id for r in all_rules() if r.category == "indicators"}
    result = seams.check_package(pkg, prof, only=only)
    out = console()
    text.render(out, result)
    changes = diff(record["targets"], targets(pkg)) if record is not None else []
    for c in changes:
        out.print(
            f"错误 未经调整备案的改动：{c.describe()}。请用 yusuan perf adjust 记录调整及原因。"
        )
    if record is not None and not changes:
        adjusted = len(record.get("adjustments", []))
        out.print(
            f"与批复目标一致（批复于 {record.get('approved_at')}，已备案调整 {adjusted} 次）。"
        )
    errors = result.count(Severity.ERROR) + len(changes)
    return EXIT_FINDINGS if errors else EXIT_OK


def freeze(
    file: Annotated[Path, typer.Argument(help="已批复的绩效目标文件", show_default=False)],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="批复记录（.json）", show_default=False)
    ],
    by: Annotated[str, typer.Option("--by", help="批复人或批复文号")] = "",
) -> None:
    """冻结批复的绩效目标：写出批复记录，此后的改动须经 perf adjust 备案。"""
    from yusuan.perf.approval import freeze as frozen

    refuse_directory(output)
    if output.exists():
        raise Usage(f"批复记录 {output} 已存在：调整请用 yusuan perf adjust，不要覆盖。")
    record = frozen(seams.load(file), str(file), by)
    write_text_atomic(output, json.dumps(record, ensure_ascii=False, indent=2))
    count = sum(len(v) for v in record["targets"].values())
    console().print(f"已冻结 {len(record['targets'])} 张表、{count} 个指标的批复目标：{output}")


def adjust(
    record_file: Annotated[
        Path, typer.Argument(help="批复记录（perf freeze 写出）", show_default=False)
    ],
    file: Annotated[Path, typer.Argument(help="调整后的绩效目标文件", show_default=False)],
    reason: Annotated[str, typer.Option("--reason", help="调整原因（必填）", show_default=False)],
    by: Annotated[str, typer.Option("--by", help="调整审批人或文号")] = "",
) -> None:
    """记录绩效目标调整：逐项列出调整前后，连同原因、时间、审批人写入批复记录。"""
    from yusuan.perf.approval import adjust as adjusted
    from yusuan.perf.approval import read

    if not reason.strip():
        raise Usage('调整须写明原因：--reason "……"。')
    record = read(record_file)
    updated, changes = adjusted(record, seams.load(file), reason.strip(), by, str(file))
    out = console()
    if not changes:
        out.print("与批复目标相同，没有需要备案的调整。")
        return
    for c in changes:
        out.print(f"调整：{c.describe()}")
    write_text_atomic(record_file, json.dumps(updated, ensure_ascii=False, indent=2))
    out.print(f"已备案 {len(changes)} 处调整：{record_file}")


def generate(
    output: Annotated[Path, typer.Option("--output", "-o", help="输出文件夹", show_default=False)],
    records: Annotated[int, typer.Option("--records", help="全年办件数")] = 840_000,
    year: Annotated[int, typer.Option("--year", help="年度")] = 2026,
    seed: Annotated[
        float, typer.Option("--seed", help="随机种子（-1 到 1），同一种子生成同样的数据")
    ] = 0.42,
    fmt: Annotated[str, typer.Option("--format", "-f", help="parquet 或 csv")] = "parquet",
) -> None:
    """生成政务服务办公室的合成业务数据（办件、好差评、寄递、投诉、事项）和对应的指标口径文件。"""
    from yusuan.output import os_reason
    from yusuan.perf.synthetic import generate as generated
    from yusuan.perf.synthetic import write_spec

    if fmt not in ("parquet", "csv"):
        raise Usage(f"不支持的格式：{fmt}（可用 parquet、csv）")
    if not 1 <= records <= 20_000_000:
        raise Usage("--records 应在 1 到 20,000,000 之间。")
    if not -1 <= seed <= 1:
        raise Usage("--seed 应在 -1 到 1 之间。")
    if not 2000 <= year <= 2100:
        raise Usage("--year 应在 2000 到 2100 之间。")
    if output.exists() and not output.is_dir():
        raise Usage(f"输出路径 {output} 已存在且不是文件夹。")
    try:
        counts = generated(output, records=records, year=year, seed=seed, fmt=fmt)
        spec = write_spec(output, year=year, fmt=fmt)
    except OSError as exc:
        raise OutputError(str(output), detail=os_reason(exc)) from None
    out = console()
    for name, n in counts.items():
        out.print(f"{name}：{n:,} 行")
    out.print(f"指标口径：{spec}")


def metrics(
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
    from yusuan.perf.metrics import (
        actuals_yaml,
        bind,
        compute_all,
        load_spec,
        parse_period,
        progress_yaml,
    )
    from yusuan.report import perf as shown
    from yusuan.yamlfile import read_mapping

    refuse_directory(output)
    refuse_directory(progress_out)
    if (output is not None or progress_out is not None) and targets is None:
        raise Usage("写出实际完成值或监控数据须同时给出 --file（绩效目标文件），以便对应指标。")
    spec = load_spec(spec_file)
    window = parse_period(period) if period else None
    if window is None and spec.year is not None:
        window = parse_period(str(spec.year))
    if progress_out is not None and (
        window is None or window[0].year != window[1].year or window[0].month != 1
    ):
        raise Usage("监控数据须按当年 1 月起的期间计算，例如 --period 2026-01-01:2026-07-31。")
    results = compute_all(spec, window)
    bound = bind(results, seams.load(targets)) if targets is not None else {}
    manual = read_mapping(base, "实际完成值", DataFileError) if base is not None else None
    spent_entry = read_mapping(spec_file, "指标口径", DataFileError).get("spent") or {}
    if not isinstance(spent_entry, dict):
        raise DataFileError(
            str(spec_file), where="spent", detail="spent 应为 项目名称: 执行数 的映射。"
        )
    spent = dict(spent_entry)
    out = wide_console()
    shown.metrics(out, results, window)
    if output is not None:
        write_text_atomic(output, actuals_yaml(bound, manual, spent, window))
        out.print(f"已写出实际完成值：{output}（{len(bound)} 个指标）")
    if progress_out is not None:
        assert window is not None
        write_text_atomic(progress_out, progress_yaml(bound, manual, window[1].month))
        out.print(f"已写出监控数据：{progress_out}（1-{window[1].month}月）")


def library(
    files: Annotated[list[Path], typer.Argument(help="含绩效目标表的文件", show_default=False)],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写出指标库 YAML")] = None,
    metrics: Annotated[
        Path | None, typer.Option("--metrics", help="指标口径 YAML：为对应的指标写明计量方法")
    ] = None,
) -> None:
    """指标库：汇总各绩效目标表中的指标（名称规范化、去重），列出层级、单位、方向、定义、计量方法和已用目标值。"""
    from yusuan.perf.library import build, to_yaml

    refuse_directory(output)
    measurements: dict[str, str] = {}
    packages = [(seams.load(f), f.stem) for f in files]
    if metrics is not None:
        from yusuan.perf.metrics import describe, load_spec

        for m in load_spec(metrics).metrics:
            for target in m.bind:
                measurements.setdefault(target.partition("/")[2], describe(m))
    entries = build(packages, measurements)
    text = to_yaml(entries, [f.name for f in files])
    if output is None:
        sys.stdout.write(text)
    else:
        write_text_atomic(output, text)
        console().print(f"已写出指标库：{output}（{len(entries)} 个指标）")


def monitor(
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
) -> int:
    """绩效运行监控（双监控）：预算执行进度与绩效目标实现程度，列出预警。"""
    from yusuan.perf.actuals import load_progress
    from yusuan.perf.report import monitoring_grid
    from yusuan.perf.scoring import ScoringError
    from yusuan.perf.selfeval import monitor_package
    from yusuan.publish.document import Document
    from yusuan.report import perf as shown

    _table_files(output)
    pkg = seams.load(file)
    months, given = load_progress(progress)
    _known_projects(pkg, list(given))
    out = wide_console()
    try:
        monitored = monitor_package(pkg, months, given, Decimal(str(margin)) / 100)
    except ScoringError as exc:
        raise Usage(str(exc)) from None
    for p, m in monitored:
        shown.monitoring(out, p, months, m)
    if output is not None:
        grids = tuple(monitoring_grid(p, m) for p, m in monitored)
        _write_document(Document(title="项目支出绩效目标执行监控表", blocks=grids), output)
        out.print(f"已写出监控表：{output}")
    return EXIT_FINDINGS if any(m.problems for _, m in monitored) else EXIT_OK
