"""One document's work, where it runs (this process, a worker process or a Dask worker).

A worker gets a document's bytes and the :class:`Settings` and sends back a :class:`DocResult`:
the document's facts, its findings as plain rows and, when a report is wanted, the document's
part of it already rendered. Nothing comes back that the parent would have to keep a model for
(a text package is ≈ 180 KB in memory; its result here is a few KB), and nothing here depends on
state a worker cannot rebuild: the profile and a user's catalog travel in the settings, the
bundled catalogs are read from the package.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
import traceback
from dataclasses import dataclass
from typing import NamedTuple

from yusuan.catalog import Catalogs
from yusuan.check import CheckResult, check_package
from yusuan.errors import InternalError, YusuanError
from yusuan.model import BudgetPackage
from yusuan.pipeline import load_bytes
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.profile import Profile

#: status of a document's result
CHECKED = "checked"  # read and checked (with or without findings)
UNREADABLE = "unreadable"  # not read: yusuan's message says why (exit 2)
FAILED = "failed"  # yusuan failed on it: 内部错误 (exit 4)
SKIPPED = "skipped"  # --resume: its digest already has a result in the output

#: how many findings the summary's 主要问题 column names
FIRST = 3


@dataclass(frozen=True, slots=True)
class Settings:
    """What every worker needs, picklable: the resolved profile, a user's catalog overlay
    (None: the bundled catalogs) and the report each document should come back with
    (``text`` for a terminal with ``color`` a Rich colour system or None, ``plain`` for a text
    file, ``json``, ``html``; None for none)."""

    profile: Profile
    catalogs: Catalogs | None = None
    report: str | None = None
    color: str | None = None
    width: int = 100


class FindingRow(NamedTuple):
    """A finding as plain values (the Parquet row's finding columns)."""

    rule: str
    severity: str
    category: str
    message: str
    location: str  # 第3页 第12行 表「…」 …
    page: int | None
    line: int | None
    table: str | None
    row: str | None
    column: str | None
    cell: str | None
    stated: str | None  # Decimal as printed, exact
    expected: str | None
    difference: str | None
    confidence: float | None


@dataclass(frozen=True, slots=True)
class DocResult:
    """One document's outcome."""

    index: int  # its place among the inputs
    path: str
    digest: str  # SHA-256 of its bytes ("" when it could not be read from disk)
    status: str
    error_code: str = ""
    error: str = ""  # the Chinese message of an unreadable or failed document
    unit: str | None = None  # the department or unit that published it
    region: str | None = None
    year: int | None = None
    stage: str | None = None  # 预算 or 决算
    kind: str | None = None  # 部门, 单位, 汇总, 绩效目标, 绩效自评
    partial: bool = False
    pages: int = 0
    tables: int = 0
    findings: tuple[FindingRow, ...] = ()
    report: str | None = None  # this document's part of the report, rendered
    seconds: float = 0.0  # CPU time spent on it where it ran
    #: skipped (--resume): its status and most severe finding's rank as the output records
    before: tuple[str, int] | None = None
    copy: bool = False  # skipped, but recorded under another name: the outputs copy it here

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def worst(self) -> int:
        """The rank of its most severe finding (0: none)."""
        return max((Severity(f.severity).rank for f in self.findings), default=0)

    def first(self, n: int = FIRST) -> str:
        """Its first findings, most severe first: ``C001 …；X002 …`` (the summary's column)."""
        chosen = sorted(self.findings, key=lambda f: -Severity(f.severity).rank)[:n]
        text = "；".join(f"{f.rule} {f.message.rstrip('。')}" for f in chosen)
        more = len(self.findings) - len(chosen)
        return f"{text}；等共 {len(self.findings)} 项" if more > 0 else text


#: a finding's severity as a rank (3 error … 0 none), for what outputs record
RANKS = {"error": 3, "warning": 2, "info": 1}


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def unreadable(index: int, path: str, sha: str, error: YusuanError) -> DocResult:
    status = FAILED if isinstance(error, InternalError) else UNREADABLE
    return DocResult(index, path, sha, status, error.code, error.message)


def kind_of(pkg: BudgetPackage) -> str:
    """What the document is, for the summary: 汇总, 部门, 单位, or a 绩效 sheet alone."""
    if pkg.info.summary:
        return "汇总"
    narrative = pkg.tables or pkg.figures or pkg.grids
    if not narrative and pkg.self_evaluations:
        return "绩效自评"
    if not narrative and (pkg.projects or pkg.department_performance):
        return "绩效目标"
    return pkg.info.scope


def row(f: Finding) -> FindingRow:
    loc = f.location

    def plain(v: object) -> str | None:
        return None if v is None else str(v)

    return FindingRow(
        f.rule,
        f.severity.value,
        f.category,
        f.message,
        loc.describe(),
        loc.page or None,
        loc.line,
        loc.table,
        loc.row,
        loc.column,
        loc.cell,
        plain(f.stated),
        plain(f.expected),
        plain(f.difference),
        loc.confidence,
    )


def _rendered(result: CheckResult, settings: Settings) -> str | None:
    kind = settings.report
    if kind is None:
        return None
    if kind == "json":
        from yusuan.report import jsonout

        return json.dumps(jsonout.document(result), ensure_ascii=False, indent=2)
    if kind == "html":
        from yusuan.report import html

        return html.section(result)
    from rich.console import Console

    from yusuan.report import text

    sink = io.StringIO()
    color = settings.color if kind == "text" else None
    console = Console(
        file=sink,
        width=settings.width if kind == "text" else 1000,
        force_terminal=color is not None,
        color_system=color,  # type: ignore[arg-type]
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    text.render(console, result)
    return sink.getvalue()


def check_document(settings: Settings, index: int, data: bytes, path: str, sha: str) -> DocResult:
    """Read and check one document; whatever happens, a result (an exception inside yusuan is
    a ``failed`` result with a 内部错误 message, never an exception out of here)."""
    started = time.process_time()
    try:
        pkg = load_bytes(data, path)
        result = check_package(pkg, settings.profile, settings.catalogs or Catalogs.default())
        info = pkg.info
        return DocResult(
            index,
            path,
            sha,
            CHECKED,
            unit=info.unit_name,
            region=info.region,
            year=info.year,
            stage=info.stage,
            kind=kind_of(pkg),
            partial=info.partial,
            pages=info.pages,
            tables=len(pkg.tables) + len(pkg.grids),
            findings=tuple(row(f) for f in result.findings),
            report=_rendered(result, settings),
            seconds=time.process_time() - started,
        )
    except YusuanError as exc:
        exc.path = exc.path or path
        return unreadable(index, path, sha, exc)
    except Exception as exc:  # a bug in yusuan on this document: reported, the run goes on
        import os

        if os.environ.get("YUSUAN_DEBUG"):
            traceback.print_exc()
        error = InternalError(path, detail=f"{type(exc).__name__}：{str(exc)[:200]}")
        return unreadable(index, path, sha, error)


class Item(NamedTuple):
    """A document to check: its place, path, bytes and digest."""

    order: int
    path: str
    data: bytes
    digest: str


def check_items(settings: Settings, items: list[Item]) -> list[DocResult]:
    """A few documents in one task (the unit of work sent to a process or a Dask worker)."""
    return [check_document(settings, i.order, i.data, i.path, i.digest) for i in items]
