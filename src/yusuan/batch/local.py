"""Checking documents in parallel processes on this machine.

Workers are forked from a clean server process that has yusuan imported
(multiprocessing's ``forkserver``), get the settings once, and take documents a few at a time.
At most a few tasks per worker are queued, so memory does not grow with the number of
documents, and results come back as they finish. A worker that dies (a parser library
crashing on a file, the machine's OOM killer) takes its pool with it: the documents it may
have been reading are then read again one at a time in a new pool, the one that kills it again
is reported as unreadable, and the run goes on. A scan's pages are read by as many Tesseract
processes as there are cores per worker, so that the workers together run one per core.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
from collections.abc import Iterable, Iterator
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from concurrent.futures.process import BrokenProcessPool

from yusuan.batch.work import UNREADABLE, DocResult, Item, Settings, check_items

#: tasks queued per worker (enough to keep it busy, few enough to keep memory flat)
QUEUED = 4
CRASHED = (
    "读取该文件的进程异常退出（可能是文件损坏触发了解析库的缺陷，或内存不足），"
    "已跳过该文件，其余文件照常审核。"
)

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(["yusuan.batch.work"])

_settings: Settings | None = None


def _init(settings: Settings, threads: int) -> None:
    global _settings
    _settings = settings
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    # a scan's pages share the cores with the other workers: one Tesseract per core in all
    from yusuan.readers.ocr.pages import PAGES

    PAGES.set(lambda: (ThreadPoolExecutor(max_workers=threads), threads))


def _task(items: list[Item]) -> list[DocResult]:
    assert _settings is not None
    return check_items(_settings, items)


def crashed(item: Item) -> DocResult:
    return DocResult(
        item.order, item.path, item.digest, UNREADABLE, "crashed", f"{item.path}：{CRASHED}"
    )


def run_local(chunks: Iterable[list[Item]], settings: Settings, jobs: int) -> Iterator[DocResult]:
    """Results of the documents in ``chunks`` as they finish, ``jobs`` processes at a time
    (``jobs`` 1, or all of them in one task: in this process, in order)."""
    queue = iter(chunks)
    first = next(queue, None)
    second = next(queue, None) if first is not None else None
    if jobs <= 1 or second is None:  # one task: no processes to start
        for chunk in (first, second, *queue):
            if chunk is not None:
                yield from check_items(settings, chunk)
        return
    assert first is not None
    yield from _Pool(settings, jobs).run(itertools.chain([first, second], queue))


class _Pool:
    def __init__(self, settings: Settings, jobs: int) -> None:
        self.settings = settings
        self.jobs = jobs
        self.pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        threads = max(1, (os.cpu_count() or 1) // self.jobs)
        return ProcessPoolExecutor(
            self.jobs, mp_context=_context, initializer=_init, initargs=(self.settings, threads)
        )

    def _renew(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = self._new()

    def _isolated(self, item: Item) -> list[DocResult]:
        """A suspect document alone in the pool: its results, or unreadable if it kills it."""
        try:
            return self.pool.submit(_task, [item]).result()
        except BrokenProcessPool:
            self._renew()
            return [crashed(item)]

    def run(self, chunks: Iterator[list[Item]]) -> Iterator[DocResult]:
        pending: dict[Future[list[DocResult]], list[Item]] = {}
        suspects: list[Item] = []
        exhausted = False
        try:
            while True:
                while suspects:
                    yield from self._isolated(suspects.pop(0))
                while not exhausted and len(pending) < QUEUED * self.jobs:
                    chunk = next(chunks, None)
                    if chunk is None:
                        exhausted = True
                        break
                    try:
                        pending[self.pool.submit(_task, chunk)] = chunk
                    except BrokenProcessPool:  # broken by a task of ``pending``
                        for held in (*pending.values(), chunk):
                            suspects.extend(held)
                        pending.clear()
                        self._renew()
                        break
                if not pending:
                    if exhausted and not suspects:
                        return
                    continue
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                broken = False
                for future in done:
                    chunk = pending.pop(future)
                    try:
                        yield from future.result()
                    except BrokenProcessPool:
                        broken = True
                        suspects.extend(chunk)
                if broken or suspects:  # the pool is gone: what it held is read again
                    for chunk in pending.values():
                        suspects.extend(chunk)
                    pending.clear()
                    self._renew()
        finally:
            self.pool.shutdown(wait=False, cancel_futures=True)
