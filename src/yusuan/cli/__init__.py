"""Command line: ``yusuan check|show|export|template|publish|rules`` and ``yusuan perf …``.

One module per command group — documents.py (check, show, export; the check itself in
check.py), publishing.py (publish, template), perf.py, rules.py — declared on one Typer app
(commands.py) inside one error boundary (boundary.py). A plain ``yusuan check`` runs without
the framework (lean.py): the check path imports only the pipeline, the rules and the report.

The commands read a document with :func:`load` and check it with :func:`check_package`, looked
up on this package when called: one place where a test (or a program embedding the command
line) replaces them. Both import the pipeline on first use, so that ``import yusuan.cli`` and
``yusuan --help`` stay light.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from typer import Typer

    from yusuan.catalog import Catalogs
    from yusuan.check import CheckResult
    from yusuan.model import BudgetPackage
    from yusuan.rules.profile import Profile

__all__ = ["app", "check_package", "load", "main"]


def main() -> NoReturn:
    """Console-script entry point (``yusuan``, ``python -m yusuan``): see boundary.run."""
    from yusuan.cli.boundary import run

    run()


def load(path: str | Path) -> BudgetPackage:
    """Read and recognize a document: :func:`yusuan.pipeline.load`."""
    from yusuan.pipeline import load as read

    return read(path)


def check_package(
    package: BudgetPackage,
    profile: Profile | None = None,
    catalogs: Catalogs | None = None,
    only: set[str] | None = None,
) -> CheckResult:
    """Run the enabled rules: :func:`yusuan.check.check_package`."""
    from yusuan.check import check_package as run_rules

    return run_rules(package, profile, catalogs, only)


def __getattr__(name: str) -> Typer:
    """``app``, the Typer application, imported when first asked for: not on the lean path."""
    if name == "app":
        from yusuan.cli.commands import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
