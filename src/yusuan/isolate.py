"""A read run in a child process with its memory and time bounded.

PDFium (pypdfium2) runs in-process and has no memory limit of its own: what the pre-scan
(:mod:`yusuan.readers.pdfscan`) cannot see — an image or font that decodes enormous, a
page's content that PDFium expands whole — could still exhaust the machine, and PDFium's
failure to allocate aborts the process (the CLI exited 134, with no message). So a PDF is read
in a forked child (``os.fork``: it inherits the imported readers, the file's bytes and the
limits in force, nothing is sent to it; ≈ 10 ms for a 23-page PDF), its address space limited
to :attr:`Limits.read_memory_bytes` (``RLIMIT_AS``) and its wall time to :attr:`Limits.read_seconds`;
the result comes back pickled through a pipe. A child that runs out of memory or time is
killed with its process group (Tesseract included) and the read refused with the limit named
(:class:`~yusuan.errors.LimitError`, exit code 2); a child that crashes is a damaged file.

The web platform's upload workers (:mod:`yusuan.web.parsing`) are such children already:
they call :func:`mark_bounded`, and reads inside them run in place. Where ``fork`` is not safe
— no ``os.fork`` (Windows), or other threads running (a server's request threads) — the read
runs in place too.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import pickle
import select
import signal
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from yusuan import limits
from yusuan.errors import DamagedFileError, YusuanError

T = TypeVar("T")

_bounded = False


def mark_bounded() -> None:
    """This process is bounded already (a worker with its own limits): reads run in place."""
    global _bounded
    _bounded = True


def _can_fork() -> bool:
    return not _bounded and hasattr(os, "fork") and _single_threaded()


def _single_threaded() -> bool:
    """One thread in the whole process — Python's and native ones alike (DuckDB's or a BLAS
    pool's threads are not in :mod:`threading`, and a lock one holds at the fork, malloc's say,
    deadlocks the child)."""
    if threading.active_count() != 1:
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:  # no /proc: Python's count is all there is
        return True


def bounded(read: Callable[[bytes, str], T], data: bytes, path: str) -> T:
    """``read(data, path)`` in a child within the :mod:`yusuan.limits` in force (see above);
    the read's own :class:`~yusuan.errors.YusuanError` is raised here as it was there."""
    if not _can_fork():
        return read(data, path)
    lim = limits.current()
    receiver, sender = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(receiver)
        _child(sender, read, data, path, lim.read_memory_bytes)
    os.close(sender)
    try:
        payload = _receive(receiver, time.monotonic() + lim.read_seconds)
    finally:
        os.close(receiver)
        status = _reap(pid, running=payload is None)
    if payload is None:  # out of time
        raise limits.exceeded("read_seconds", 0, path)
    if not payload:  # died without an answer: out of memory, or crashed
        signum = -status if status < 0 else 0
        if signum in (signal.SIGKILL, signal.SIGABRT):  # (PDFium aborts when malloc fails)
            raise limits.exceeded("read_memory_bytes", 0, path)
        name = signal.Signals(signum).name if signum else f"退出码 {status}"
        raise DamagedFileError(path, kind="PDF ", detail=f"读取进程异常退出：{name}")
    result: T = _outcome(pickle.loads(payload), path)
    return result


def _child(
    sender: int, read: Callable[[bytes, str], Any], data: bytes, path: str, memory: int
) -> None:
    code = 0
    try:
        os.setsid()  # its own process group: killed with whatever it starts
        faulthandler.disable()  # a crash is reported by the parent, in Chinese, not dumped
        if memory > 0:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        mark_bounded()
        outcome: tuple[str, Any]
        try:
            outcome = ("ok", read(data, path))
        except YusuanError as exc:
            outcome = ("error", (type(exc), exc.path, exc.where, exc.params))
        except MemoryError:
            outcome = ("memory", None)
        except BaseException:
            outcome = ("failed", traceback.format_exc())
        try:
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps(("memory", None))
        except Exception:  # an error's parameters that do not pickle
            payload = pickle.dumps(("failed", traceback.format_exc()))
        view = memoryview(payload)
        while view:
            view = view[os.write(sender, view) :]
    except BaseException:
        code = 70
    finally:
        os._exit(code)


def _receive(receiver: int, deadline: float) -> bytes | None:
    """The child's answer (empty if it died without one); None when the deadline passed."""
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([receiver], [], [], min(left, 1.0))
        if not ready:
            continue
        chunk = os.read(receiver, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _reap(pid: int, running: bool) -> int:
    """The child's exit status (negative: the signal that ended it), killed first if it is
    still ``running`` (out of time); what is left of its process group (Tesseract) killed."""
    if running:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)  # (it has answered or closed its end: it is ending)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    return os.waitstatus_to_exitcode(status)


def _outcome(outcome: tuple[str, Any], path: str) -> Any:
    kind, value = outcome
    if kind == "ok":
        return value
    if kind == "error":
        cls, error_path, where, params = value
        raise cls(error_path, where=where, **params)
    if kind == "memory":
        raise limits.exceeded("read_memory_bytes", 0, path)
    raise DamagedFileError(path, kind="PDF ", detail=str(value).strip().splitlines()[-1][:120])
