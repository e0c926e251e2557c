"""Command line: ``yusuan check|show|export|template|publish|rules`` and ``yusuan perf …``.

One module per command group — documents.py (check, show, export; the check itself in
check.py), publishing.py (publish, template), perf.py, rules.py — declared on one Typer app
(commands.py) inside one error boundary (boundary.py). A plain ``yusuan check`` runs without
the framework (lean.py): the check path imports only the pipeline, the rules and the report.

The commands read a document and check it through :mod:`yusuan.cli.seams` (``load`` and
``check_package``, looked up when called: where a test or an embedding program replaces them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from typer import Typer


__all__ = ["app", "console", "main"]


def main() -> NoReturn:
    """Console-script entry point (``yusuan``, ``python -m yusuan``): see entry.run. Patterns
    are compiled by :mod:`yusuan.fastre` from here on (the same patterns, a third of the
    start-up's CPU less), and kept between runs with the parsed data files by
    :mod:`yusuan.warmcache`."""
    from yusuan import fastre, warmcache

    fastre.install()
    warmcache.install()
    from yusuan.cli.entry import run

    run()


def console() -> NoReturn:
    """The process's entry (the ``yusuan`` script, ``python -m yusuan``): :func:`main`, and after
    a plain ``yusuan check`` the process ends at once, its output flushed — the interpreter's
    teardown of a hundred modules is of no use to anyone (:func:`main`, which tests call, raises
    SystemExit as always)."""
    import os
    import sys

    try:
        main()
    except SystemExit as done:
        from yusuan.cli import entry

        if not entry.lean_ran:
            raise
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def __getattr__(name: str) -> Typer:
    """``app``, the Typer application, imported when first asked for: not on the lean path."""
    if name == "app":
        from yusuan.cli.commands import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
