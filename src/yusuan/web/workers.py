"""A function run in a worker process of its own, its memory and wall time bounded.

Each call runs in a process of its own (multiprocessing's ``forkserver``: forked from a clean
single-threaded server that has the readers and the page renderer imported), in a process group
of its own, its address space limited (``RLIMIT_AS``) and its wall time bounded. The calling
request thread only waits. A worker that crashes, runs out of memory or time, or whose client
has gone is killed with its whole process group (Tesseract included); the caller gets a tag
saying which, the server goes on. Used for uploads (:mod:`yusuan.web.parsing`) and for the
images of original pages (:mod:`yusuan.web.rendering`).
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import select
import signal
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from yusuan import progress
from yusuan.errors import YusuanError
from yusuan.isolate import mark_bounded

#: how often a waiting request looks at its worker, the clock and its client (seconds)
POLL = 0.1

_context = multiprocessing.get_context("forkserver")
# the server forked from imports the readers and the renderer once (not each worker)
_context.set_forkserver_preload(["yusuan.web.parsing", "yusuan.web.original"])

#: what a run ends in: ("ok", result), ("invalid", a yusuan error's Chinese message),
#: ("failed", a traceback), ("crashed", the exit code: negative, the signal), or
#: ("memory" | "timeout" | "cancelled", None)
Outcome = tuple[str, Any]


def never() -> bool:
    return False


class _Reporter:
    """In the worker: the readers' page reports (:mod:`yusuan.progress`) sent to the caller
    as ``("progress", (step, done, total))``, at most a few a second (a new step and the last
    page always)."""

    EVERY = 0.25

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.lock = threading.Lock()
        self.last = 0.0
        self.step = ""

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        with self.lock:
            if done < total and step == self.step and now - self.last < self.EVERY:
                return
            self.last, self.step = now, step
            with contextlib.suppress(OSError, ValueError):
                self.conn.send(("progress", (step, done, total)))

    def send(self, outcome: Outcome) -> None:
        with self.lock:
            self.conn.send(outcome)


def _die_with_server(server: int, timeout: float) -> None:
    """The worker ends without its server: a thread waits for the server process to end and
    then kills the worker's process group (Tesseract included); and at ``timeout`` plus a
    margin the worker ends in any case. The caller keeps the time limit and kills its workers,
    but a SIGKILLed server does neither — and the forkserver stays up while a worker holds its
    end of the pipe, so its workers would read on for minutes beside the job's retry."""
    signal.alarm(math.ceil(timeout) + 5)

    def watch() -> None:
        try:
            fd = os.pidfd_open(server)
        except (OSError, AttributeError):  # gone already, or no pidfd: asked once a second
            while _alive(server):
                time.sleep(1)
        else:
            select.select([fd], [], [])  # readable once the server has ended
        os.killpg(0, signal.SIGKILL)

    threading.Thread(target=watch, name="yusuan-server-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _lower_autogroup(nice: int) -> None:
    """The worker's scheduling group lowered as its processes are. On Linux a session of its
    own is an autogroup of its own, which the scheduler shares the CPU with as with any other
    (the server's whole group, another user's shell) whatever its processes' nice values: four
    scans being read took four full shares from the pages (docs/benchmarks.md). Its own nice
    value makes it yield as a nice process does; where there are no autogroups (a kernel
    without them, a service manager's cgroups), the processes' own nice value is what counts.
    Without CAP_SYS_ADMIN the kernel takes one such change a tenth of a second, machine-wide
    (EAGAIN otherwise): two workers started together both get lowered, the second a little later."""
    for _ in range(5):
        try:
            with open("/proc/self/autogroup", "w", encoding="ascii") as f:
                f.write(str(min(19, nice)))
            return
        except BlockingIOError:
            time.sleep(0.11)
        except OSError:
            return


def _work(
    conn: Connection,
    fn: Callable[..., Any],
    args: tuple[Any, ...],
    memory: int,
    nice: int,
    timeout: float,
    server: int,
) -> None:
    """In the worker: limits first, then the call; the outcome sent back as a tagged pair,
    after any page reports."""
    reporter = _Reporter(conn)
    progress.listen(reporter)
    if nice:
        os.nice(nice)  # background work: the server's requests are served first
    os.setsid()  # its own process group: killed with whatever it starts (Tesseract)
    if nice:
        _lower_autogroup(nice)
    _die_with_server(server, timeout)
    if memory > 0:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    mark_bounded()  # bounded here already: a PDF is read in place, not in a further child
    outcome: Outcome
    try:
        outcome = ("ok", fn(*args))
    except YusuanError as exc:
        outcome = ("invalid", exc.message)
    except MemoryError:
        outcome = ("memory", None)
    except BaseException:  # a library failing on a file it did not expect: the file's fault
        outcome = ("failed", traceback.format_exc())
    progress.listen(None)
    try:
        reporter.send(outcome)
    except MemoryError:
        reporter.send(("memory", None))
    except OSError:  # the caller has gone (its server stopped): nobody to tell
        pass
    conn.close()


def _kill(process: BaseProcess) -> None:
    """The worker killed with its process group (if still there), then reaped. Killed before
    it is reaped, its pid cannot have been reused."""
    pid = process.pid
    if pid is None:
        return
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):  # not yet in a group of its own
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    process.join(5)


def run(
    fn: Callable[..., Any],
    args: tuple[Any, ...],
    timeout: float,
    memory: int,
    cancelled: Callable[[], bool] = never,
    on_progress: progress.Listener | None = None,
    nice: int = 0,
) -> Outcome:
    """``fn(*args)`` in a worker of ``memory`` bytes of address space (0: no limit) and
    ``timeout`` seconds; ``fn`` is module-level (it is sent to the worker by name). The
    readers' page reports go to ``on_progress`` (in this thread) as they come. ``nice``: the
    worker's (and Tesseract's) scheduling priority lowered by that much (background reads)."""
    receiver, sender = _context.Pipe(duplex=False)
    process = _context.Process(
        target=_work, args=(sender, fn, args, memory, nice, timeout, os.getpid()), daemon=True
    )
    deadline = time.monotonic() + timeout
    try:
        process.start()
        sender.close()
        while True:
            if receiver.poll(POLL):
                try:
                    outcome: Outcome = receiver.recv()
                except (EOFError, OSError):  # died without an answer (killed, crashed)
                    process.join(5)
                    return "crashed", process.exitcode  # (negative: the signal)
                if outcome[0] != "progress":
                    return outcome
                if on_progress is not None:
                    on_progress(*outcome[1])
                continue
            if time.monotonic() > deadline:
                return "timeout", None
            if cancelled():
                return "cancelled", None
    finally:
        receiver.close()
        _kill(process)
