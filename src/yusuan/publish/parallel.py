"""A job started in a forked process while the caller goes on: publishing renders the PDF
(WeasyPrint, about 70 % of publishing all four formats) while DOCX, XLSX and HTML are rendered
and read back.

The child runs exactly the function the caller would have run and sends back its result, or
the exception it raised, pickled through a pipe; :meth:`Started.result` returns it or raises it
in the caller, so a caller sees the same bytes and the same errors as without the child. Forking
is done only where it is safe: on Linux, from a process with a single thread (the CLI; a
threaded server runs the job in its own thread when the result is asked for). A child that dies
without an answer (killed, crashed) is not trusted: the job is run again in the caller.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Forking is safe here: Linux, and no other thread that could hold a lock."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


class Started(Generic[T]):
    """``job`` running in a child process (or, where forking is not safe, not yet started: it
    runs when its result is asked for)."""

    def __init__(self, job: Callable[[], T]) -> None:
        self.job = job
        self.pid = 0
        self.fd = -1
        if can_fork():
            self._fork()

    def _fork(self) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: run the job, send the outcome, leave without cleaning up
            os.close(read)
            try:
                outcome: tuple[str, object] = ("ok", self.job())
            except BaseException as exc:  # every outcome goes back to the caller
                outcome = ("error", exc)
            try:
                payload = pickle.dumps(outcome)
            except Exception:  # an exception that cannot be pickled: the caller runs the job
                payload = b""
            with os.fdopen(write, "wb") as out:
                out.write(payload)
            os._exit(0)
        os.close(write)
        self.pid, self.fd = pid, read

    def result(self) -> T:
        """The job's value, or its exception raised here."""
        if not self.pid:
            return self.job()
        with os.fdopen(self.fd, "rb") as answer:
            payload = answer.read()
        self.fd = -1
        self._reap()
        if not payload:
            return self.job()  # the child died without an answer: run it here
        kind, value = pickle.loads(payload)
        if kind == "error":
            assert isinstance(value, BaseException)
            raise value
        return value  # type: ignore[no-any-return]

    def close(self) -> None:
        """Stop the child if its result was not asked for (the caller failed first)."""
        if not self.pid:
            return
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        self._reap()

    def _reap(self) -> None:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self.pid = 0


__all__ = ["Started", "can_fork"]
