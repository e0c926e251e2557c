"""``yusuan check``: one document or a corpus, on this machine or a Dask cluster.

The command line hands its arguments to :func:`check` and exits with what it returns, so the
command's behaviour lives here, where it is tested without the CLI framework. Exit codes keep
their meaning: 0 nothing at ``--fail-on``, 1 findings at it, 2 a document could not be read,
4 yusuan failed on a document (内部错误); the run goes on past an unreadable or failing document.
Options that do not go together, a profile, catalog or cluster that cannot be used: a
:class:`~yusuan.errors.YusuanError` with exit code 3, raised before any document is read.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from rich.console import Console
from rich.text import Text

from yusuan import __version__
from yusuan.batch.progress import Bar
from yusuan.batch.run import Outputs, Totals, cores, dask_backend, local_backend, ordered, run
from yusuan.batch.work import CHECKED, SKIPPED, DocResult, Settings
from yusuan.catalog import Catalogs
from yusuan.errors import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    OptionError,
    OutputError,
)
from yusuan.output import os_reason
from yusuan.rules.findings import Severity
from yusuan.rules.profile import load_profile

FORMATS = ("text", "json", "html", "parquet")


def _console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=True, markup=False)


def _say(console: Console, label: str, message: str) -> None:
    console.print(Text.assemble((label, "bold red"), f"：{message}"))


def _validate(
    fmt: str,
    output: Path | None,
    summary: Path | None,
    resume: bool,
    jobs: int | None,
) -> None:
    if fmt not in FORMATS:
        raise OptionError(detail=f"不支持的输出格式：{fmt}（可用：{'、'.join(FORMATS)}）")
    for path, example in ((output, "报告.html"), (summary, "汇总.xlsx")):
        if path is not None and path.is_dir():
            raise OptionError(
                detail=f"输出路径 {path} 是一个目录，请给出文件名（如 {path / example}）。"
            )
    if fmt == "parquet" and output is None:
        raise OptionError(detail="parquet 格式须用 -o 给出输出文件（如 -o 问题.parquet）。")
    if summary is not None and summary.suffix.lower() != ".xlsx":
        raise OptionError(detail=f"汇总表须为 .xlsx 文件：{summary}")
    if output is not None and summary is not None and output.resolve() == summary.resolve():
        raise OptionError(detail="汇总表与输出文件不能是同一个文件。")
    if resume and fmt != "parquet" and summary is None:
        raise OptionError(
            detail="--resume 须与 -f parquet -o 文件 或 --summary 汇总.xlsx 同用："
            "已有结果的文件从这些文件中查找。"
        )
    if jobs is not None and not 1 <= jobs <= 1024:
        raise OptionError(detail=f"--jobs 应在 1 到 1024 之间（收到 {jobs}）。")


class _Report:
    """The report (text, JSON or HTML) streamed in input order to standard output or a file
    (a temporary file moved into place when the run is done)."""

    def __init__(self, fmt: str, output: Path | None) -> None:
        self.fmt = fmt
        self.output = output
        self.errors = _console(stderr=True)
        self.first = True
        self._file: IO[str] | None = None
        self._tmp: Path | None = None
        self._next = ordered()
        if fmt == "parquet":
            return
        if output is not None:
            import tempfile

            try:
                output.parent.mkdir(parents=True, exist_ok=True)
                fd, name = tempfile.mkstemp(
                    dir=output.parent, prefix=f".{output.name}.", suffix=".tmp"
                )
                self._tmp = Path(name)
                self._file = open(fd, "w", encoding="utf-8", errors="replace")  # noqa: SIM115
            except OSError as exc:
                raise OutputError(str(output), detail=os_reason(exc)) from exc
        if fmt == "json":
            self._write('{\n  "yusuan": ' + json.dumps(__version__) + ',\n  "documents": [')
        elif fmt == "html":
            from yusuan.report import html

            self._write(html.HEAD)

    def _write(self, text: str) -> None:
        if self._file is not None:
            self._file.write(text)
        else:
            sys.stdout.write(text)  # under the progress bar: printed above it

    def add(self, r: DocResult) -> None:
        if self.fmt == "parquet":
            if r.status not in (CHECKED, SKIPPED):
                _say(self.errors, "无法读取", r.error)
            return
        for doc in self._next(r):
            self._one(doc)

    def _one(self, r: DocResult) -> None:
        if r.status == SKIPPED:
            return
        readable = r.status == CHECKED
        if not readable and (self.fmt == "text" or self.output is not None):
            _say(self.errors, "无法读取", r.error)
        if self.fmt == "text":
            if readable:
                self._write(r.report or "")
            elif self.output is not None:
                self._write(f"无法读取：{r.error}\n")
            return
        if self.fmt == "json":
            if readable:
                text = r.report or "{}"
            else:
                error = {"code": r.error_code, "message": r.error}
                text = json.dumps({"path": r.path, "error": error}, ensure_ascii=False, indent=2)
            body = "\n".join("    " + line for line in text.splitlines())
            self._write(("\n" if self.first else ",\n") + body)
        else:
            from yusuan.report import html

            section = (r.report or "") if readable else html.error_section(r.path, r.error)
            self._write(("" if self.first else "\n") + section)
        self.first = False

    def close(self) -> None:
        if self.fmt == "json":
            self._write("]" if self.first else "\n  ]")
            self._write("\n}")
            if self.output is None:
                sys.stdout.write("\n")
        elif self.fmt == "html":
            from yusuan.report import html

            self._write(html.TAIL)
            if self.output is None:
                sys.stdout.write("\n")
        if self._file is not None and self._tmp is not None and self.output is not None:
            try:
                self._file.close()
                self._tmp.chmod(0o644)
                self._tmp.replace(self.output)
            except OSError as exc:
                raise OutputError(str(self.output), detail=os_reason(exc)) from exc
            self._tmp = None

    def discard(self) -> None:
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def _client(scheduler: str) -> Iterator[Any]:
    from yusuan.batch.cluster import connect

    client: Any = connect(scheduler)
    try:
        yield client
    finally:
        client.close()


def check(
    files: Sequence[str | Path],
    *,
    fmt: str = "text",
    output: Path | None = None,
    profile: str = "default",
    fail_on: str = "error",
    catalog: Path | None = None,
    jobs: int | None = None,
    summary: Path | None = None,
    resume: bool = False,
    scheduler: str | None = None,
    progress: bool | None = None,
) -> int:
    """Check documents, files, folders or patterns; report; the exit code. ``progress``:
    show the bar (None: when standard error is a terminal)."""
    from yusuan.batch.cluster import address

    _validate(fmt, output, summary, resume, jobs)
    prof = load_profile(profile)
    cats = Catalogs.default().with_file(catalog) if catalog else None
    where = address(scheduler)
    terminal = _console()
    report = {"text": "text" if output is None else "plain"}.get(fmt, fmt)
    color = terminal.color_system if fmt == "text" and output is None else None
    settings = Settings(
        prof,
        cats,
        report=None if fmt == "parquet" else report,
        color=color,
        width=terminal.width,
    )
    outputs = Outputs(parquet=output if fmt == "parquet" else None, summary=summary, resume=resume)
    out: _Report | None = None
    bar: Bar | None = None
    errors = {"errors": 0, "unreadable": 0}

    def start(total: int) -> None:
        nonlocal bar
        bar = Bar(total, _console(stderr=True), show=progress if total > 1 else False)
        bar.__enter__()

    def arrived(r: DocResult) -> None:
        errors["errors"] += r.count("error")
        errors["unreadable"] += r.status not in (CHECKED, SKIPPED)
        assert out is not None
        out.add(r)
        if bar is not None:
            bar.advance(errors["errors"], errors["unreadable"])

    with contextlib.ExitStack() as stack:
        if where is not None:
            client = stack.enter_context(_client(where))
            backend, docs, size = dask_backend(client), 8, 1 << 20
        else:
            backend, docs, size = local_backend(jobs or cores()), 4, 512 * 1024
        try:
            out = _Report(fmt, output)  # once the cluster is there: nothing written before
            totals = run(
                files,
                settings,
                backend,
                outputs,
                chunk_docs=docs,
                chunk_bytes=size,
                on_start=start,
                on_result=arrived,
            )
            out.close()
        except BaseException:
            if out is not None:
                out.discard()
            raise
        finally:
            if bar is not None:
                bar.__exit__(None, None, None)
    if totals.documents > 1 or totals.rows:
        _totals(totals)
    threshold = Severity(fail_on).rank
    if totals.failed or totals.failed_before:  # skipped documents count as recorded
        return EXIT_INTERNAL
    if totals.unreadable or totals.unreadable_before:
        return EXIT_INPUT
    return EXIT_FINDINGS if totals.worst >= threshold else EXIT_OK


def _totals(t: Totals) -> None:
    console = _console(stderr=True)
    f = t.findings
    line = f"共 {t.documents} 个文件：已审核 {t.checked} 个"
    if t.skipped:
        line += f"，已有结果跳过 {t.skipped} 个"
    if t.unreadable:
        line += f"，无法读取 {t.unreadable} 个"
    if t.failed:
        line += f"，内部错误 {t.failed} 个"
    line += f"；发现错误 {f['error']}、警告 {f['warning']}、提示 {f['info']} 项"
    rate = t.checked / t.seconds if t.seconds > 0 else 0.0
    line += f"；用时 {t.seconds:.1f} 秒（每秒 {rate:.1f} 个"
    if t.checked:
        line += f"，审核每个文件用 CPU {t.cpu / t.checked * 1000:.1f} 毫秒"
    line += "）。"
    console.print(line)
    for path, rows in t.rows.items():
        unit = "行" if path.endswith(".parquet") else "个文件"
        console.print(f"已写出 {path}（{rows} {unit}）")
