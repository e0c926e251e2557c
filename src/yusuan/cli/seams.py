"""The seams of the command line: how a command reads a document and checks it. Each command
calls :func:`load` and :func:`check_package` on this module when it runs — one place where a
test, or a program embedding the command line, replaces them. Both import the pipeline on first
use, so that ``import yusuan.cli`` and ``yusuan --help`` stay light."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from yusuan.catalog import Catalogs
    from yusuan.check import CheckResult
    from yusuan.model import BudgetPackage
    from yusuan.rules.profile import Profile


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
