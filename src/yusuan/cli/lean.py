"""``yusuan check`` without the command-line framework.

Typer's import and first dispatch (its value conversion loads pydantic) cost more CPU than
checking a page of text. :func:`parse` reads the arguments of a plain ``yusuan check`` — files,
and the command's options written as ``--format json``, ``--format=json``, ``-f json`` or
``-fjson`` — and gives ``None`` for anything else: ``--help``, an unknown option, a value that
is not one of the choices, a missing value or file. ``None`` sends the arguments to the Typer
app, which answers (help, usage error) exactly as it always has, so the lean path only ever
runs what the Typer command would have run. ``tests/test_cli.py`` compares :data:`OPTIONS`
and the defaults with the Typer command's declaration.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import TypeVar

from yusuan.cli.check import CheckArgs, FailOn, Format

#: every option of ``yusuan check`` → the parameter it sets
OPTIONS = {
    "--format": "fmt",
    "-f": "fmt",
    "--output": "output",
    "-o": "output",
    "--profile": "profile",
    "-p": "profile",
    "--fail-on": "fail_on",
    "--catalog": "catalog",
    "--jobs": "jobs",
    "-j": "jobs",
    "--summary": "summary",
    "--scheduler": "scheduler",
}
#: options that take no value
FLAGS = {"--resume": "resume"}

_E = TypeVar("_E", bound=Enum)


def parse(argv: Sequence[str]) -> CheckArgs | None:
    """The parameters of ``yusuan check …`` when every argument is understood, else None."""
    if not argv or argv[0] != "check":
        return None
    files: list[Path] = []
    given: dict[str, str] = {}  # parameter → its value as written
    rest = list(argv[1:])
    while rest:
        token = rest.pop(0)
        if token == "--":  # the rest are files, whatever they look like
            files.extend(Path(t) for t in rest)
            break
        if token == "-" or not token.startswith("-"):
            files.append(Path(token))
            continue
        if token in FLAGS:
            given[FLAGS[token]] = "1"
            continue
        if token.startswith("--"):
            name, equals, value = token.partition("=")
        else:
            name, equals, value = token[:2], "", token[2:]
        if name not in OPTIONS:
            return None
        if not equals and not value:
            if not rest:
                return None
            value = rest.pop(0)
        if not value or value.startswith("-"):  # left for the framework to judge
            return None
        given[OPTIONS[name]] = value
    return _converted(files, given) if files else None


def _converted(files: list[Path], given: dict[str, str]) -> CheckArgs | None:
    """The values as the Typer command converts them; None for a choice it would refuse."""
    default = CheckArgs(files)
    fmt = _choice(Format, given.get("fmt"), default.fmt)
    fail_on = _choice(FailOn, given.get("fail_on"), default.fail_on)
    if fmt is None or fail_on is None:
        return None
    output, catalog, summary = given.get("output"), given.get("catalog"), given.get("summary")
    jobs = given.get("jobs")
    if jobs is not None and not jobs.isdigit():
        return None  # the framework says what is wrong with it
    return CheckArgs(
        files,
        fmt,
        Path(output) if output is not None else default.output,
        given.get("profile", default.profile),
        fail_on,
        Path(catalog) if catalog is not None else default.catalog,
        int(jobs) if jobs is not None else default.jobs,
        Path(summary) if summary is not None else default.summary,
        "resume" in given,
        given.get("scheduler", default.scheduler),
    )


def _choice(choices: type[_E], value: str | None, default: _E) -> _E | None:
    if value is None:
        return default
    return next((c for c in choices if c.value == value), None)
