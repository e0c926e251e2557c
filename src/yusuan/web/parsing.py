"""Uploaded files read by worker processes, outside the request and its database connection.

The platform's uploads, replaced files and 自评表 are read as jobs (:mod:`yusuan.web.jobs`,
which takes :func:`failure`'s messages from here); :class:`Parser` reads a file now, for a
caller that waits for the answer.

Each file is read by a worker of its own (:mod:`yusuan.web.workers`: forked from a clean
single-threaded server, in a process group of its own, its address space limited and its
wall time bounded). The request thread only waits: callers release their database connection
before and open a session to write after (:mod:`yusuan.web.actions`). At most ``slots`` files
are read at once; a further upload is refused at once with 503 and ``Retry-After`` rather than
queued. A worker that crashes, runs out of memory or time, or whose client has gone is killed
with its whole process group (Tesseract included): the upload fails with a Chinese 422
(nothing is kept), the server goes on.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from yusuan.model import BudgetPackage
from yusuan.pipeline import load_bytes
from yusuan.web import workers
from yusuan.web.errors import BadRequest, ServiceUnavailable, Unprocessable, WebError
from yusuan.web.workers import never

log = logging.getLogger("yusuan.web")

Read = Callable[[bytes, str], BudgetPackage]
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


def failure(kind: str, value: object, name: str, timeout: float, memory: int) -> WebError:
    """The Chinese error a worker's outcome other than ``ok`` means: 400 for a file that is not
    a disclosure (yusuan's own message), 422 when its worker crashed, ran out of memory or
    time, or its client left (or its job was cancelled)."""
    if kind == "invalid":
        return BadRequest(str(value))
    if kind == "failed":
        log.error("reading upload %s failed in its worker:\n%s", name, value)
        return BadRequest(UNREADABLE.format(name=name))
    log.warning("reading upload %s stopped: %s", name, kind)
    messages = {
        "timeout": TIMED_OUT.format(name=name, seconds=timeout),
        "memory": OUT_OF_MEMORY.format(name=name, mb=memory / 1048576),
        "cancelled": CLIENT_GONE.format(name=name),
    }
    return Unprocessable(messages.get(kind, CRASHED.format(name=name)))


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
        raise failure(kind, value, name, self.timeout, self.memory)

    def _run(self, data: bytes, name: str, cancelled: Callable[[], bool]) -> workers.Outcome:
        return workers.run(self.read, (data, name), self.timeout, self.memory, cancelled)
