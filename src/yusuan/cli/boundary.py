"""The command line's one error boundary, and the consoles commands print to.

A command returns its exit code (or nothing: 0) and raises what went wrong: a
:class:`~yusuan.errors.YusuanError` from the catalogue (its message, its exit code: 2 for an
unreadable input, 3 for a bad profile, catalog, data or output file) or a :class:`Usage` (a
wrong option value or output path: exit 3). :func:`guarded` turns both into a Chinese message on
stderr and the exit code, for the Typer commands and the lean ``check`` path alike. :func:`run`
is the entry point's last resort around them: the framework's usage errors exit 3, Ctrl+C 130,
anything else is a bug reported as 内部错误 with exit 4 and no traceback (``YUSUAN_DEBUG=1``
shows it).
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


def run() -> NoReturn:
    """The console script: ``yusuan check`` with arguments the lean parser fully understands
    runs without the framework; everything else (every other command, ``--help``, a value to
    complain about) goes to the Typer app, which prints and exits as it always has."""
    try:
        code = guarded(_dispatch)
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    except Exception as exc:  # the framework's usage errors (bad option values, missing args)
        code = _framework_error(exc)
    sys.exit(code)


def _dispatch() -> int:
    from yusuan.cli import lean

    request = lean.parse(sys.argv[1:])
    if request is not None:
        from yusuan.cli.check import run as run_check

        with _starting():
            import yusuan.check
            import yusuan.pipeline
            import yusuan.rules.builtin  # noqa: F401  (the check path: read, recognize, rules)
        return run_check(request)
    from yusuan.cli.commands import app

    code = app(standalone_mode=False)
    return code if isinstance(code, int) else EXIT_OK


@contextmanager
def _starting() -> Iterator[None]:
    """Imports without the cyclic garbage collector: they make some 100,000 objects that live
    as long as the process and no garbage, yet each full collection on the way walks them all
    (a fifth of ``yusuan check``'s start-up). Afterwards they stay out of collections
    (``gc.freeze``), the interpreter's last one at exit included: :func:`run` ends the process,
    and a test calling it in-process only keeps what existed then out of later collections."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _framework_error(exc: Exception) -> int:
    """The framework's own errors as the CLI reports them: ``yusuan`` alone prints the help
    (exit 0); a usage error is ``用法错误：…`` (exit 3); anything else is :func:`internal`."""
    message = getattr(exc, "format_message", None)
    if type(exc).__name__ == "NoArgsIsHelpError" and message is not None:
        sys.stdout.write(message() + "\n")
        return EXIT_OK
    if message is None or getattr(exc, "exit_code", None) != 2:
        internal(exc)
    console(stderr=True).print(f"用法错误：{message()}（运行 yusuan --help 查看用法）")
    return EXIT_USAGE


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
