"""Uploaded files read by worker processes, outside the request and its database connection.

Each file is read by a process of its own (multiprocessing's ``forkserver``: forked from a
clean single-threaded server that has the readers imported), in a process group of its own, its
address space limited (``RLIMIT_AS``) and its wall time bounded. The request thread only waits:
callers release their database connection before and open a session to write after
(:mod:`yusuan.web.actions`). At most ``slots`` files are read at once; a further upload is
refused at once with 503 and ``Retry-After`` rather than queued. A worker that crashes, runs
out of memory or time, or whose client has gone is killed with its whole process group
(Tesseract included): the upload fails with a Chinese 422 (nothing is kept), the server goes on.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from yusuan.errors import YusuanError
from yusuan.isolate import mark_bounded
from yusuan.model import BudgetPackage
from yusuan.pipeline import load_bytes
from yusuan.web.errors import BadRequest, ServiceUnavailable, Unprocessable

log = logging.getLogger("yusuan.web")

Read = Callable[[bytes, str], BudgetPackage]
#: how often a waiting request looks at its worker, the clock and its client (seconds)
POLL = 0.25
BUSY = "服务繁忙，请稍后再试（同时读取的上传文件已达上限）。"
UNREADABLE = "{name}：无法读取该文件，请确认文件格式正确且未损坏。"
TIMED_OUT = (
    "{name}：读取超过时间上限（{seconds:g} 秒）已中止，未保存任何内容。"
    "文件可能过大或过于复杂（如超大工作表、页数过多的扫描件），请拆分或精简后重试。"
)
OUT_OF_MEMORY = (
    "{name}：读取时超出内存上限（{mb:g} MB）已中止，未保存任何内容。"
    "文件可能过大或过于复杂，请拆分或精简后重试。"
)
CRASHED = "{name}：读取该文件的进程异常退出，未保存任何内容。请确认文件未损坏后重试。"
CLIENT_GONE = "{name}：客户端已断开，读取已中止。"

_context = multiprocessing.get_context("forkserver")
# the server forked from imports the readers once (not each worker)
_context.set_forkserver_preload(["yusuan.web.parsing"])


def _work(conn: Connection, read: Read, data: bytes, name: str, memory: int) -> None:
    """In the worker: limits first, then the file; the outcome sent back as a tagged pair."""
    os.setsid()  # its own process group: killed with whatever it starts (Tesseract)
    if memory > 0:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    mark_bounded()  # bounded here already: a PDF is read in place, not in a further child
    outcome: tuple[str, Any]
    try:
        outcome = ("ok", read(data, name))
    except YusuanError as exc:
        outcome = ("invalid", exc.message)
    except MemoryError:
        outcome = ("memory", None)
    except BaseException:  # a reader failing on a file it did not expect: the file's fault
        outcome = ("failed", traceback.format_exc())
    try:
        conn.send(outcome)
    except MemoryError:
        conn.send(("memory", None))
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


def never() -> bool:
    return False


class Parser:
    """Reads uploads in worker processes: ``slots`` at once, ``timeout`` seconds and
    ``memory`` bytes of address space each (0: no memory limit). ``read`` is what a worker
    runs (a module-level function: it is sent to the worker by name)."""

    def __init__(self, slots: int, timeout: float, memory: int, read: Read = load_bytes) -> None:
        self.slots = max(1, slots)
        self.timeout = timeout
        self.memory = memory
        self.read = read
        self._free = threading.BoundedSemaphore(self.slots)

    def retry_after(self) -> int:
        """Seconds a refused client is told to wait: about one read."""
        return max(1, min(int(self.timeout), 30))

    def __call__(
        self, data: bytes, name: str, cancelled: Callable[[], bool] = never
    ) -> BudgetPackage:
        """The file read into a model; 400 for a file that is not a disclosure (yusuan's own
        message), 422 when its worker crashed, ran out of memory or time, or the client left,
        503 when every slot is taken."""
        if not self._free.acquire(blocking=False):
            raise ServiceUnavailable(BUSY, self.retry_after())
        try:
            kind, value = self._run(data, name, cancelled)
        finally:
            self._free.release()
        if kind == "ok":
            assert isinstance(value, BudgetPackage)
            return value
        if kind == "invalid":
            raise BadRequest(value)
        if kind == "failed":
            log.error("reading upload %s failed in its worker:\n%s", name, value)
            raise BadRequest(UNREADABLE.format(name=name))
        log.warning("reading upload %s stopped: %s", name, kind)
        messages = {
            "timeout": TIMED_OUT.format(name=name, seconds=self.timeout),
            "memory": OUT_OF_MEMORY.format(name=name, mb=self.memory / 1048576),
            "cancelled": CLIENT_GONE.format(name=name),
        }
        raise Unprocessable(messages.get(kind, CRASHED.format(name=name)))

    def _run(self, data: bytes, name: str, cancelled: Callable[[], bool]) -> tuple[str, Any]:
        receiver, sender = _context.Pipe(duplex=False)
        process = _context.Process(
            target=_work, args=(sender, self.read, data, name, self.memory), daemon=True
        )
        deadline = time.monotonic() + self.timeout
        try:
            process.start()
            sender.close()
            while True:
                if receiver.poll(POLL):
                    try:
                        outcome: tuple[str, Any] = receiver.recv()
                    except (EOFError, OSError):  # died without an answer (killed, crashed)
                        return "crashed", None
                    return outcome
                if time.monotonic() > deadline:
                    return "timeout", None
                if cancelled():
                    return "cancelled", None
        finally:
            receiver.close()
            _kill(process)
