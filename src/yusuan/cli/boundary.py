"""The command line's one error boundary, and the consoles commands print to.

A command returns its exit code (or nothing: 0) and raises what went wrong: a
:class:`~yusuan.errors.YusuanError` from the catalogue (its message, its exit code: 2 for an
unreadable input, 3 for a bad profile, catalog, data or output file) or a :class:`Usage` (a
wrong option value or output path: exit 3). :func:`guarded` turns both into a Chinese message on
stderr and the exit code, for the Typer commands and the lean ``check`` path alike. :func:`internal`
is the last resort (:mod:`yusuan.cli.entry` calls it): anything unexpected is a bug reported as
内部错误 with exit 4 and no traceback (``YUSUAN_DEBUG=1`` shows it).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from yusuan.errors import EXIT_OK, EXIT_USAGE, InternalError, YusuanError

if TYPE_CHECKING:
    from rich.console import Console

#: the exit code of a run stopped by Ctrl+C (128 + SIGINT), as shells report it
EXIT_INTERRUPTED = 130


class Usage(Exception):
    """A command used wrongly (an option's value, an output path): a Chinese message, exit 3."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def console(stderr: bool = False) -> Console:
    """Markup off: file names and document text may contain [brackets]."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True, markup=False)


def wide_console() -> Console:
    """A console that never truncates tables when the output is piped."""
    from rich.console import Console

    return Console(highlight=False, markup=False, width=None if sys.stdout.isatty() else 240)


def say_error(label: str, error: YusuanError) -> None:
    """``错误：…`` (or another label) on stderr, the label in bold red."""
    from rich.text import Text

    console(stderr=True).print(Text.assemble((label, "bold red"), f"：{error.message}"))


def refuse_directory(output: Path | None, example: str = "报告.html") -> None:
    """:class:`Usage` when an output file's path is a folder."""
    if output is not None and output.is_dir():
        raise Usage(f"输出路径 {output} 是一个目录，请给出文件名（如 {output / example}）。")


def guarded(command: Callable[[], object]) -> int:
    """Run a command: the exit code it returns (not an int: 0); what it raises from the error
    catalogue, or as :class:`Usage`, printed as ``错误：…`` with its exit code."""
    try:
        result = command()
    except YusuanError as exc:
        say_error("错误", exc)
        return exc.exit_code
    except Usage as exc:
        console(stderr=True).print(f"错误：{exc.message}")
        return EXIT_USAGE
    return result if isinstance(result, int) else EXIT_OK


def internal(exc: BaseException) -> NoReturn:
    """The last resort: an unexpected exception as a Chinese 内部错误 message, exit 4."""
    if os.environ.get("YUSUAN_DEBUG"):
        raise exc
    error = InternalError(detail=f"{type(exc).__name__}：{str(exc)[:200]}")
    try:
        say_error("错误", error)
    except Exception:  # the console itself cannot write (a closed or odd stderr)
        sys.stderr.write(error.message.encode("ascii", "backslashreplace").decode() + "\n")
    sys.exit(error.exit_code)
