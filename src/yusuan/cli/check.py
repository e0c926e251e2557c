"""``yusuan check``: read each file, run the rules, report in text, JSON or HTML.

Free of the command-line framework: the Typer command (documents.py) and the lean path
(lean.py) both call :func:`run` with a :class:`CheckArgs`, so the two cannot differ in what
they do. Importing this module is cheap (lean.py needs :class:`CheckArgs` to parse); the
pipeline, the rules and the one report asked for are imported when :func:`run` runs.
"""

from __future__ import annotations

import gc
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from yusuan.cli import seams
from yusuan.cli.boundary import refuse_directory, say_error
from yusuan.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, YusuanError

if TYPE_CHECKING:
    from yusuan.check import CheckResult


class Format(str, Enum):
    text = "text"
    json = "json"
    html = "html"
    parquet = "parquet"  # one row per finding (a corpus: yusuan.batch)


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


class CheckArgs(NamedTuple):
    """The command's parameters; the defaults are the Typer command's (a test compares)."""

    files: list[Path]
    fmt: Format = Format.text
    output: Path | None = None
    profile: str = "default"
    fail_on: FailOn = FailOn.error
    catalog: Path | None = None
    jobs: int | None = None
    summary: Path | None = None
    resume: bool = False
    scheduler: str | None = None


def is_corpus(args: CheckArgs) -> bool:
    """More than one plain file, a folder or a pattern, or an option only a batch has (processes,
    a cluster, a summary, Parquet, resuming): checked by :mod:`yusuan.batch`."""
    import os

    return (
        len(args.files) > 1
        or any(f.is_dir() or any(ch in str(f) for ch in "*?[") for f in args.files)
        or args.fmt is Format.parquet
        or args.jobs is not None
        or args.summary is not None
        or args.resume
        or args.scheduler is not None
        or bool(os.environ.get("YUSUAN_DASK_SCHEDULER"))
    )


def run(args: CheckArgs) -> int:
    """Check every file (an unreadable one is reported and the others still checked) and
    report; exit 2 if a file could not be read, else 1 if a finding reaches ``--fail-on``.
    A corpus (:func:`is_corpus`) is checked in parallel processes or on a cluster."""
    if is_corpus(args):
        from yusuan.batch.command import check as check_corpus

        return check_corpus(
            [str(f) for f in args.files],
            fmt=args.fmt.value,
            output=args.output,
            profile=args.profile,
            fail_on=args.fail_on.value,
            catalog=args.catalog,
            jobs=args.jobs,
            summary=args.summary,
            resume=args.resume,
            scheduler=args.scheduler,
        )
    from yusuan.catalog import Catalogs
    from yusuan.check import CheckResult
    from yusuan.output import write_text_atomic
    from yusuan.rules.findings import Severity
    from yusuan.rules.profile import load_profile

    refuse_directory(args.output)
    profile = load_profile(args.profile)
    catalogs = Catalogs.default()
    if args.catalog:
        catalogs = catalogs.with_file(args.catalog)
    results: list[CheckResult | YusuanError] = []
    collecting = gc.isenabled()
    gc.disable()  # a check makes many objects and few cycles: collected once between files
    try:
        for i, path in enumerate(args.files):
            if i:
                gc.collect()
            try:  # looked up when called: yusuan.cli.seams is where they are replaced
                results.append(seams.check_package(seams.load(path), profile, catalogs))
            except YusuanError as exc:
                results.append(exc)
    finally:
        if collecting:
            gc.enable()
    if args.fmt is Format.text and args.output is None:
        _print(results)
    else:
        rendered = _rendered(results, args.fmt)
        if args.output is None:
            sys.stdout.write(rendered + "\n")
        else:
            write_text_atomic(args.output, rendered)
            _say_unreadable(results)
    if any(isinstance(r, YusuanError) for r in results):
        return EXIT_INPUT
    threshold = Severity(args.fail_on.value).rank
    flagged = any(
        f.severity.rank >= threshold
        for r in results
        if isinstance(r, CheckResult)
        for f in r.findings
    )
    return EXIT_FINDINGS if flagged else EXIT_OK


def _print(results: list[CheckResult | YusuanError]) -> None:
    """The report on the terminal, coloured by Rich; into a pipe or a file as plain text,
    without loading Rich (as Rich would print it there). Unreadable files on stderr, in order."""
    from yusuan.report import text

    if not sys.stdout.isatty() and not os.environ.get("FORCE_COLOR"):
        for r in results:
            if isinstance(r, YusuanError):
                sys.stdout.flush()
                say_error("无法读取", r)
            else:
                sys.stdout.write(text.plain([r]))
        return
    from yusuan.cli.boundary import console

    out = console()
    for r in results:
        if isinstance(r, YusuanError):
            say_error("无法读取", r)
        else:
            text.render(out, r)


def _say_unreadable(results: list[CheckResult | YusuanError]) -> None:
    for r in results:
        if isinstance(r, YusuanError):
            say_error("无法读取", r)


def _rendered(results: list[CheckResult | YusuanError], fmt: Format) -> str:
    if fmt is Format.json:
        from yusuan.report import jsonout

        return jsonout.render(results)
    if fmt is Format.html:
        from yusuan.report import html

        return html.render(results)
    from yusuan.report import text

    return text.plain(results)
