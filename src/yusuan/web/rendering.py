"""Original pages rendered in worker processes, bounded by memory and time as well as pixels.

:func:`yusuan.web.original.render_page` keeps the image under ``Limits.render_pixels``, but
what PDFium spends on a page's content (a huge image, a font, a page of a million paths) has
no bound in the server process — one hostile page once cost 3.7 GB a view. So a page is
rendered by a worker (:mod:`yusuan.web.workers`) whose address space is
``Limits.render_memory_bytes`` and wall time ``Limits.render_seconds``; past either the view is
refused with a Chinese 422 naming the limit, the server goes on. At most ``slots`` pages are
rendered at once; a further view gets 503 with ``Retry-After``.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Sequence

from yusuan import limits
from yusuan.web import workers
from yusuan.web.errors import (
    BadRequest,
    NotFound,
    ServiceUnavailable,
    Unprocessable,
    WebError,
)
from yusuan.web.original import page_count, render_page

log = logging.getLogger("yusuan.web")

BUSY = "服务繁忙，请稍后再试（同时生成的原文页面图像已达上限）。"
TOO_BIG = (
    "原文第 {number} 页的图像生成时超出{what}上限（{limit}）已中止："
    "该页过大或过于复杂，无法在网页中显示，请对照原文件查看。"
)
FAILED = "原文第 {number} 页无法生成图像，原文件可能已损坏。"

#: a refusal made inside the worker, carried back by status
_BY_STATUS: dict[int, type[WebError]] = {400: BadRequest, 404: NotFound}


def render_or_refusal(
    data: bytes, number: int, find: Sequence[str], lim: limits.Limits
) -> bytes | tuple[int, str]:
    """In the worker: the PNG, or the (status, message) of the page's refusal."""
    try:
        with limits.applied(lim):
            return render_page(data, number, find)
    except WebError as exc:
        return exc.status_code, exc.message


def count_or_refusal(data: bytes, lim: limits.Limits) -> int | tuple[int, str]:
    """In the worker: the original's page count (a scan given as an image is made a PDF
    first: that too is work for a bounded process), or the (status, message) of its refusal."""
    try:
        with limits.applied(lim):
            return page_count(data)
    except WebError as exc:
        return exc.status_code, exc.message


class Renderer:
    """Renders original pages in workers, ``slots`` at once, within ``lim`` (None: the
    limits in force)."""

    def __init__(self, slots: int, lim: limits.Limits | None = None) -> None:
        self.limits = lim  # None: those in force at each view
        self._free = threading.BoundedSemaphore(max(1, slots))

    def __call__(self, data: bytes, number: int, find: Sequence[str] = ()) -> bytes:
        """Page ``number`` as PNG; 400/404 as the page's own refusal, 422 past the memory or
        time limit (or a crash), 503 when every slot is taken."""
        lim = self.limits or limits.current()
        value = self._run(render_or_refusal, (data, number, list(find), lim), number, lim)
        assert isinstance(value, bytes)
        return value

    def pages(self, data: bytes) -> int:
        """How many pages the original has, worked out in a worker like a page."""
        lim = self.limits or limits.current()
        value = self._run(count_or_refusal, (data, lim), 1, lim)
        assert isinstance(value, int)
        return value

    def _run(
        self, fn: Callable[..., object], args: tuple[object, ...], number: int, lim: limits.Limits
    ) -> bytes | int:
        if not self._free.acquire(blocking=False):
            raise ServiceUnavailable(BUSY, 5)
        try:
            kind, value = workers.run(fn, args, lim.render_seconds, lim.render_memory_bytes)
        finally:
            self._free.release()
        if kind == "ok" and isinstance(value, bytes | int):
            return value
        if kind == "ok":
            status, message = value
            raise _BY_STATUS.get(status, BadRequest)(message)
        if kind == "invalid":  # a limit of the reader's (pages, pixels): its own message
            raise BadRequest(value)
        log.warning("rendering page %d of an original stopped: %s %s", number, kind, value)
        if kind == "memory" or (kind == "crashed" and value in _OUT_OF_MEMORY):
            limit = limits.shown("render_memory_bytes", lim.render_memory_bytes)
            raise Unprocessable(TOO_BIG.format(number=number, what="内存", limit=limit))
        if kind == "timeout":
            limit = f"{limits.shown('render_seconds', lim.render_seconds)} 秒"
            raise Unprocessable(TOO_BIG.format(number=number, what="用时", limit=limit))
        if kind == "failed":
            log.error("rendering page %d failed in its worker:\n%s", number, value)
        raise Unprocessable(FAILED.format(number=number))


#: how a worker ends when PDFium's allocation fails under the cap (it aborts) or the kernel
#: kills it
_OUT_OF_MEMORY = (-signal.SIGABRT, -signal.SIGKILL)
