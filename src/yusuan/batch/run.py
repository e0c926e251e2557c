"""A batch: the documents found, read, sent to a backend, their results streamed to the outputs.

The parent reads each document's bytes (within the reading limits) and digest, skips the ones
whose digest already has a result (``--resume``), and hands the others to the backend a few at
a time — processes on this machine, or a Dask cluster — pulling more only as results come back.
Every result goes to the journal (when a summary or Parquet file is wanted) and to the caller
as it arrives; the summary and Parquet files are written from the journal at the end.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yusuan.batch import journal as journals
from yusuan.batch import parquet, summary
from yusuan.batch.inputs import discover
from yusuan.batch.work import (
    CHECKED,
    FAILED,
    SKIPPED,
    DocResult,
    Item,
    Settings,
    digest,
    unreadable,
)
from yusuan.errors import YusuanError
from yusuan.readers import file_bytes


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Outputs:
    """The files written from the journal at the end (None: not wanted)."""

    parquet: Path | None = None
    summary: Path | None = None
    resume: bool = False

    @property
    def journal(self) -> Path | None:
        first = self.parquet or self.summary
        return journals.path_for(first) if first else None


@dataclass
class Totals:
    """What a batch did."""

    documents: int = 0
    checked: int = 0
    unreadable: int = 0
    failed: int = 0
    skipped: int = 0
    unreadable_before: int = 0  # of the skipped: unreadable when checked before
    failed_before: int = 0
    pages: int = 0
    findings: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(("error", "warning", "info"), 0)
    )
    worst: int = 0  # the rank of the most severe finding (0: none)
    seconds: float = 0.0  # wall time
    cpu: float = 0.0  # CPU time spent checking, over all workers
    rows: dict[str, int] = field(default_factory=dict)  # output file → rows written

    def add(self, r: DocResult) -> None:
        self.documents += 1
        if r.status == SKIPPED:  # counted as the output records it, for the exit code
            self.skipped += 1
            status, worst = r.before or (CHECKED, 0)
            self.worst = max(self.worst, worst)
            self.failed_before += status == FAILED
            self.unreadable_before += status not in (CHECKED, FAILED)
            return
        if r.status == CHECKED:
            self.checked += 1
            self.pages += r.pages
        elif r.status == FAILED:
            self.failed += 1
        else:
            self.unreadable += 1
        for f in r.findings:
            self.findings[f.severity] = self.findings.get(f.severity, 0) + 1
        self.worst = max(self.worst, r.worst)
        self.cpu += r.seconds


def chunked(items: Iterable[Item], docs: int, size: int) -> Iterator[list[Item]]:
    """Items a few at a time: at most ``docs`` documents and (unless alone) ``size`` bytes."""
    chunk: list[Item] = []
    held = 0
    for item in items:
        if chunk and (len(chunk) >= docs or held + len(item.data) > size):
            yield chunk
            chunk, held = [], 0
        chunk.append(item)
        held += len(item.data)
    if chunk:
        yield chunk


def _known(outputs: Outputs) -> journals.Recorded:
    """Resuming: what every output asked for holds (nothing if one of them is not there)."""
    found: list[journals.Recorded] = []
    for path, read in ((outputs.parquet, parquet.recorded), (outputs.summary, summary.recorded)):
        if path is not None:
            if not path.exists():
                return journals.Recorded()
            found.append(read(path))
    if not found:
        return journals.Recorded()
    common = found[0]
    for other in found[1:]:
        common = common.common(other)
    return common


Backend = Callable[[Iterable[list[Item]], Settings], Iterator[DocResult]]


def run(
    args: Sequence[str | Path],
    settings: Settings,
    backend: Backend,
    outputs: Outputs = Outputs(),
    *,
    chunk_docs: int = 4,
    chunk_bytes: int = 512 * 1024,
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[DocResult], None] | None = None,
) -> Totals:
    """Check the documents ``args`` name with ``backend``; ``on_start`` gets their number,
    ``on_result`` each result as it arrives (skipped ones included, in no set order)."""
    started = time.monotonic()
    found = list(discover(args))
    if on_start is not None:
        on_start(len(found))
    journal: journals.Journal | None = None
    known = journals.Recorded()
    carried: dict[str, Path | None] = {"parquet": None, "summary": None}
    if outputs.journal is not None:
        if outputs.resume:
            known = _known(outputs)
            carried = {"parquet": outputs.parquet, "summary": outputs.summary}
            carried = {k: p if p is not None and p.exists() else None for k, p in carried.items()}
        journal = journals.Journal(outputs.journal, outputs.resume)
        known.update(journal.done)
    done = known.digests
    ready: deque[DocResult] = deque()  # results known without a worker

    def items() -> Iterator[Item]:
        for index, entry in enumerate(found):
            if isinstance(entry, YusuanError):
                ready.append(unreadable(index, entry.path, "", entry))
                continue
            name = str(entry)
            try:
                data = file_bytes(entry)
            except YusuanError as exc:
                ready.append(unreadable(index, name, "", exc))
                continue
            sha = digest(data)
            if sha in done:  # its content has a result: the outputs keep it (or copy it here)
                copy = known.documents.get(name) != sha
                ready.append(DocResult(index, name, sha, SKIPPED, before=done[sha], copy=copy))
                continue
            yield Item(index, name, data, sha)

    totals = Totals()

    def take(r: DocResult) -> None:
        totals.add(r)
        if journal is not None and (r.status != SKIPPED or r.copy):
            journal.add(r)
        if on_result is not None:
            on_result(r)

    try:
        for result in backend(chunked(items(), chunk_docs, chunk_bytes), settings):
            while ready:
                take(ready.popleft())
            take(result)
        while ready:
            take(ready.popleft())
    except BaseException:
        if journal is not None:
            journal.close()  # kept: --resume goes on from it
        raise
    if journal is not None:
        journal.close()
        assert outputs.journal is not None
        if outputs.parquet is not None:
            rows = parquet.write(outputs.journal, outputs.parquet, carried["parquet"])
            totals.rows[str(outputs.parquet)] = rows
        if outputs.summary is not None:
            rows = summary.write(outputs.journal, outputs.summary, carried["summary"])
            totals.rows[str(outputs.summary)] = rows
        journal.remove()
    totals.seconds = time.monotonic() - started
    return totals


def ordered(first: int = 0) -> Callable[[DocResult], list[DocResult]]:
    """A reorderer: give it results as they come, it gives back those now in input order."""
    waiting: dict[int, DocResult] = {}
    state = {"next": first}

    def put(r: DocResult) -> list[DocResult]:
        waiting[r.index] = r
        out = []
        while state["next"] in waiting:
            out.append(waiting.pop(state["next"]))
            state["next"] += 1
        return out

    return put


def local_backend(jobs: int) -> Backend:
    from yusuan.batch.local import run_local

    def backend(chunks: Iterable[list[Item]], settings: Settings) -> Iterator[DocResult]:
        return run_local(chunks, settings, jobs)

    return backend


def dask_backend(client: Any) -> Backend:
    from yusuan.batch.cluster import run_dask

    def backend(chunks: Iterable[list[Item]], settings: Settings) -> Iterator[DocResult]:
        return run_dask(chunks, settings, client)

    return backend
