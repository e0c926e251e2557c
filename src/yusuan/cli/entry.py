"""The console script (``yusuan``, ``python -m yusuan``): a plain ``yusuan check`` runs without
the framework (:mod:`lean`); everything else goes to the Typer app (:mod:`commands`), both
inside the error boundary (:mod:`boundary`). The framework's usage errors exit 3, Ctrl+C 130,
anything else is 内部错误, exit 4."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

from yusuan.cli.boundary import EXIT_INTERRUPTED, console, guarded, internal
from yusuan.errors import EXIT_OK, EXIT_USAGE

#: whether this process ran a plain ``yusuan check`` (no framework, nothing left to tear down)
lean_ran = False


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
    from yusuan import warmcache

    warmcache.save()
    sys.exit(code)


def _dispatch() -> int:
    from yusuan.cli import lean

    request = lean.parse(sys.argv[1:])
    if request is not None:
        global lean_ran
        lean_ran = True
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
