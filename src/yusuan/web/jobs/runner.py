"""The runner: a thread per server (or the loop of a worker process, ``python -m yusuan.web
worker``) that takes queued jobs in order and has each done by a capped worker process, at
most ``slots`` at once: a file read (``upload``, ``replace``, ``selfeval``) or a package's
downloads rendered (``publish``).

In a server the thread starts with the first job queued here (or, at start-up, when jobs are
waiting or were left running by a server that died) and stops once no job is queued or
running anywhere; a server told not to run jobs (``YUSUAN_IN_PROCESS_JOBS=0``) only queues
them, for worker processes that poll the database (:meth:`Runner.serve`). Finished jobs older
than ``job_keep_days`` are pruned at start-up and about once an hour while jobs run.
While a job is read, about once a second its heartbeat and progress are written and its row
asked whether it must stop (cancelled, its package gone): then its worker is killed with its
process group. A job whose heartbeat is older than ``stale`` seconds belongs to a server that
died: it is queued again once, then failed (:func:`queue.recover`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker, undefer

from yusuan import progress
from yusuan.model import BudgetPackage
from yusuan.pipeline import load_bytes
from yusuan.web import workers
from yusuan.web.db import Job
from yusuan.web.errors import WebError
from yusuan.web.jobs import publish, queue, selfeval
from yusuan.web.jobs.finish import finish
from yusuan.web.parsing import CLIENT_GONE, Read, failure
from yusuan.web.published import Files
from yusuan.web.settings import Settings

log = logging.getLogger("yusuan.web")

#: how often the runner looks for work and for dead servers' jobs (seconds)
POLL = 1.0
#: failures in a row to reach the database after which the thread stops (the next upload
#: starts it again)
GIVE_UP = 30
#: how often a running job's row is written and read (seconds)
WATCH = 1.0
#: a job's worker runs at the lowest priority: the server's pages first, reads in between
NICE = 19
#: how often finished jobs are pruned while a runner runs (seconds)
PRUNE_EVERY = 3600.0
RENDER_FAILED = "发布时生成下载文件出错，文件未发布，仍为已审核。请稍后重试或联系管理员。"


#: what renders a package's downloads in a worker (model, number, unit's name, layout)
Render = Callable[[BudgetPackage, int, str, str], Files]


class Runner:
    """Reads queued jobs with ``read`` and renders publications with ``render`` (module-level:
    sent to the worker by name)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: Settings,
        read: Read = load_bytes,
        render: Render = publish.render_files,
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.read = read
        self.render = render
        self.slots = max(1, settings.parse_slots)
        self.stale = settings.job_stale_seconds
        self.worker = queue.HERE
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._running: set[int] = set()
        self._pruned = 0.0
        self._stop = threading.Event()

    # --- the dispatching thread ------------------------------------------------------------

    def wake(self) -> None:
        """A job was queued (or may be waiting): make sure the thread is there to take it
        (not in a server whose jobs are run by worker processes)."""
        if not self.settings.in_process_jobs:
            return
        with self._lock:
            self._wake.set()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="yusuan-jobs", daemon=True)
                self._thread.start()

    def start_if_pending(self) -> None:
        """At start-up: finished jobs pruned; jobs queued, or left running by a server that
        died, taken up."""
        self.prune()
        with self.sessions() as db:
            if queue.pending(db):
                self.wake()

    def prune(self) -> int:
        """Finished jobs older than the settings keep removed (now)."""
        self._pruned = time.monotonic()
        with self.sessions() as db:
            removed = queue.prune(db, self.settings.job_keep_days)
        if removed:
            log.info("pruned %s finished jobs", removed)
        return removed

    def _prune_due(self) -> None:
        if time.monotonic() - self._pruned >= PRUNE_EVERY:
            self.prune()

    def _take(self) -> int:
        """Dead servers' jobs recovered, free slots filled; jobs pending anywhere."""
        with self.sessions() as db:
            queue.recover(db, self.stale)
            while len(self._running) < self.slots:
                job_id = queue.claim(db, self.worker)
                if job_id is None:
                    break
                self._start(job_id)
            return queue.pending(db)

    def serve(self, stop: threading.Event | None = None) -> None:
        """A worker process's loop: jobs taken from the database as they come, old ones
        pruned, until ``stop`` is set (then the jobs running here are finished first)."""
        stop = stop or self._stop
        self.prune()
        failures = 0
        while not stop.is_set():
            self._wake.clear()
            try:
                self._take()
                self._prune_due()
                failures = 0
            except Exception:  # the database away for a while: asked again, more slowly
                failures += 1
                log.warning("the job worker could not reach the database", exc_info=True)
            self._wake.wait(POLL * min(failures + 1, 10))
        while True:
            with self._lock:
                if not self._running:
                    return
            time.sleep(POLL / 4)

    def _loop(self) -> None:
        failures = 0
        while True:
            self._wake.clear()
            try:
                pending = self._take()
                self._prune_due()
                failures = 0
            except Exception:  # the database busy for a moment, or gone (a test's, a shutdown)
                failures += 1
                log.warning("the job runner could not reach the database", exc_info=True)
                if failures >= GIVE_UP:
                    with self._lock:
                        self._thread = None
                    return
                pending = 1
            with self._lock:
                if not pending and not self._running and not self._wake.is_set():
                    self._thread = None
                    return
            self._wake.wait(POLL)

    def _start(self, job_id: int) -> None:
        with self._lock:
            self._running.add(job_id)
        threading.Thread(
            target=self._execute, args=(job_id,), name=f"yusuan-job-{job_id}", daemon=True
        ).start()

    # --- one job ---------------------------------------------------------------------------

    def _execute(self, job_id: int) -> None:
        kind: str | None = None
        try:
            with self.sessions() as db:
                kind = db.scalar(select(Job.kind).where(Job.id == job_id))
            if kind == "publish":
                self._publish(job_id)
            else:
                self._read(job_id)
        except Exception:
            log.exception("job %s failed", job_id)
            try:
                with self.sessions() as db:
                    message = (
                        RENDER_FAILED
                        if kind == "publish"
                        else "读取任务出错，未保存任何内容，请重新上传。"
                    )
                    queue.end(db, job_id, "failed", message, 500)
            except Exception:
                log.exception("job %s could not be marked failed", job_id)
        finally:
            with self._lock:
                self._running.discard(job_id)
            self._wake.set()

    def _read(self, job_id: int) -> None:
        with self.sessions() as db:
            job = db.get(Job, job_id, options=[undefer(Job.data)])
            if job is None or job.data is None:
                return
            data, name, job_kind = job.data, job.file_name, job.kind
        watcher = _Watcher(self.sessions, job_id)
        kind, value = workers.run(
            self.read,
            (data, name),
            self.settings.parse_seconds,
            self.settings.parse_memory,
            cancelled=watcher.stop,
            on_progress=watcher.progress,
            nice=NICE,
        )
        del data
        with self.sessions() as db:
            if kind == "cancelled":
                reason = watcher.reason or CLIENT_GONE.format(name=name)
                queue.end(db, job_id, "cancelled", reason, 409)
                return
            if kind != "ok":
                error = failure(
                    kind, value, name, self.settings.parse_seconds, self.settings.parse_memory
                )
                queue.end(db, job_id, "failed", error.message, error.status)
                return
            assert isinstance(value, BudgetPackage)
            pages = (watcher.step, watcher.done, watcher.total)
            try:
                if job_kind == "selfeval":
                    selfeval.finish(db, job_id, value, pages)
                else:
                    finish(db, job_id, value, self.settings, pages)
            except WebError as exc:
                db.rollback()
                state = "cancelled" if watcher.stop_now(db) else "failed"
                queue.end(db, job_id, state, exc.message, exc.status)

    def _publish(self, job_id: int) -> None:
        """The package's downloads rendered by a worker, then published with them."""
        with self.sessions() as db:
            job = db.get(Job, job_id)
            if job is None:
                return
            try:
                args = publish.what(db, job, self.settings)
            except WebError as exc:
                db.rollback()
                queue.end(db, job_id, "failed", exc.message, exc.status)
                return
        watcher = _Watcher(self.sessions, job_id)
        kind, value = workers.run(
            self.render,
            args,
            self.settings.parse_seconds,
            self.settings.parse_memory,
            cancelled=watcher.stop,
            on_progress=watcher.progress,
            nice=NICE,
        )
        with self.sessions() as db:
            if kind == "cancelled":
                queue.end(db, job_id, "cancelled", watcher.reason or queue.PUBLISH_CANCELLED, 409)
                return
            if kind != "ok":
                log.error("publishing job %s: its worker ended in %s: %s", job_id, kind, value)
                queue.end(db, job_id, "failed", RENDER_FAILED, 500)
                return
            assert isinstance(value, Files)
            try:
                publish.finish(db, job_id, value, self.settings, (watcher.done, watcher.total))
            except WebError as exc:
                db.rollback()
                state = "cancelled" if watcher.stop_now(db) else "failed"
                queue.end(db, job_id, state, exc.message, exc.status)


class _Watcher:
    """A running job's link to its row: progress kept in memory as the worker reports it,
    written with the heartbeat about once a second, when the row is also asked whether the
    job must stop."""

    def __init__(self, sessions: sessionmaker[Session], job_id: int) -> None:
        self.sessions = sessions
        self.job_id = job_id
        self.step, self.done, self.total = progress.READING, 0, 0
        self.next = 0.0
        self.reason: str | None = None

    def progress(self, step: str, done: int, total: int) -> None:
        self.step, self.done, self.total = step, done, total

    def stop(self) -> bool:
        """Asked by :func:`workers.run` ten times a second: the row is seen once a second."""
        now = time.monotonic()
        if now < self.next:
            return False
        self.next = now + WATCH
        try:
            with self.sessions() as db:
                self.reason = queue.watch(db, self.job_id, self.step, self.done, self.total)
        except Exception:  # the database busy for a moment: asked again next second
            log.warning("job %s: its row could not be read", self.job_id, exc_info=True)
            return False
        return self.reason is not None

    def stop_now(self, db: Session) -> bool:
        """Whether the job was cancelled (asked after its model could not be stored)."""
        return queue.watch(db, self.job_id, self.step, self.done, self.total) is not None
