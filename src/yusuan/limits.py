"""Reading limits as data: how much of a document yusuan agrees to read.

A hostile or broken file can be small on disk and enormous once read: a PDF stream of zeros
inflating to gigabytes, an XLSX declaring a sheet of 17 billion cells, a TIFF of a thousand
frames, a page 14,400 points square. Every reader checks the :class:`Limits` in force *while*
it reads (before the expensive step, never after) and refuses the input past one with a
:class:`~yusuan.errors.LimitError` naming the limit in Chinese (exit code 2).

The defaults (:data:`DEFAULT`) are far above any real budget disclosure (a department's
package is tens of pages, a few thousand lines, a few MB). The CLI and the web platform use
the same ones; a caller needing others applies its own for the duration of a read::

    with limits.applied(replace(limits.current(), ocr_seconds=120)):
        document = read_bytes(data, name)

(``read_bytes(data, name, limits=…)`` does the same.) The limit in force is a context
variable, so concurrent requests in one server each see their own.
"""

from __future__ import annotations

import contextvars
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from typing import Any

from yusuan.errors import LimitError

MiB = 1024 * 1024


def _limit(default: Any, name: str) -> Any:
    """A limit's default and its Chinese name (for messages and the docs)."""
    return field(default=default, metadata={"name": name})


@dataclass(frozen=True, slots=True)
class Limits:
    """What a read may cost. Sizes in bytes, page sizes in PDF points (1/72 inch)."""

    #: a file's size on disk or upload
    file_bytes: int = _limit(200 * MiB, "文件大小")
    #: characters of text (a text or HTML file, decoded)
    chars: int = _limit(50_000_000, "文字字符数")
    #: lines of a document (text lines, PDF lines, DOCX paragraphs and rows, XLSX rows)
    lines: int = _limit(1_000_000, "行数")
    #: DOCX/XLSX: all zip members, inflated
    unpacked_bytes: int = _limit(200 * MiB, "解压后总大小")
    #: DOCX/XLSX: one zip member (an XML part), inflated
    member_bytes: int = _limit(32 * MiB, "压缩包内单个部件解压后大小")
    #: DOCX/XLSX: how many times larger than stored a member over 1 MiB may inflate
    member_ratio: int = _limit(300, "压缩包内部件的压缩比")
    #: XLSX: rows actually read per sheet (the sheet's declared dimension is not trusted)
    sheet_rows: int = _limit(100_000, "工作表行数")
    #: XLSX: columns actually read per row (Excel's own maximum is 16,384)
    sheet_columns: int = _limit(1_000, "工作表列数")
    #: XLSX/DOCX/HTML/text: cells read in the whole document
    cells: int = _limit(2_000_000, "单元格数")
    #: PDF: pages
    pages: int = _limit(2_000, "页数")
    #: PDF: a page's area in square points (A0 is 2,384 × 3,370 = 8.0 million)
    page_area: float = _limit(5_000.0 * 5_000.0, "页面面积（平方点）")
    #: PDF: one stream, inflated (checked before PDFium inflates it)
    stream_bytes: int = _limit(256 * MiB, "PDF 单个数据流解压后大小")
    #: PDF: all streams, inflated
    streams_bytes: int = _limit(1024 * MiB, "PDF 数据流解压后总大小")
    #: an image (a scanned page, a frame of a TIFF): pixels
    image_pixels: int = _limit(100_000_000, "图片像素数")
    #: an image file: pixels of all its frames together
    image_pixels_total: int = _limit(500_000_000, "图片各帧像素总数")
    #: a page rendered to an image (OCR, the web's original pages): pixels; larger pages are
    #: rendered at a lower resolution
    render_pixels: int = _limit(40_000_000, "页面图像像素数")
    #: a page rendered for the web's 原文 view runs in a worker process: its address space
    #: (the pixel cap bounds the image, this what PDFium spends on the page's content; a
    #: page at the pixel cap peaks at ≈ 360 MB, an A4 page at ≈ 65 MB) …
    render_memory_bytes: int = _limit(512 * MiB, "原文页面图像渲染进程内存")
    #: … and its wall-clock seconds
    render_seconds: float = _limit(20.0, "原文页面图像渲染用时（秒）")
    #: scanned pages OCR'd in one document (an image file: its frames)
    ocr_pages: int = _limit(300, "需 OCR 识别的扫描页数")
    #: OCR of one document: wall-clock seconds
    ocr_seconds: float = _limit(1800.0, "OCR 识别用时（秒）")
    #: a PDF or scanned image is read in a child process (:mod:`yusuan.isolate`): its
    #: address space (PDFium has no memory limit of its own) …
    read_memory_bytes: int = _limit(2048 * MiB, "PDF 读取进程内存")
    #: … and its wall-clock seconds (OCR included)
    read_seconds: float = _limit(1900.0, "PDF 读取用时（秒）")

    def render_scale(self, width: float, height: float, scale: float) -> float:
        """``scale`` (pixels per point), lowered so a ``width`` × ``height`` point page
        renders to at most :attr:`render_pixels` pixels."""
        width, height = max(width, 1.0), max(height, 1.0)

        def pixels(s: float) -> int:  # a renderer rounds each side up
            return math.ceil(width * s) * math.ceil(height * s)

        if pixels(scale) <= self.render_pixels:
            return scale
        scale = math.sqrt(self.render_pixels / (width * height))
        while pixels(scale) > self.render_pixels:
            scale *= 0.999
        return scale


#: the limits used unless a caller applies others
DEFAULT = Limits()

_CURRENT: contextvars.ContextVar[Limits] = contextvars.ContextVar("yusuan_limits", default=DEFAULT)


def current() -> Limits:
    """The limits in force."""
    return _CURRENT.get()


@contextmanager
def applied(limits: Limits | None) -> Iterator[Limits]:
    """Use ``limits`` (None: those in force) for the duration of the ``with`` block."""
    if limits is None:
        yield current()
        return
    token = _CURRENT.set(limits)
    try:
        yield limits
    finally:
        _CURRENT.reset(token)


#: each limit's Chinese name, for messages and the docs
NAMES: dict[str, str] = {f.name: f.metadata["name"] for f in fields(Limits)}


def shown(name: str, value: float) -> str:
    """A limit's value as a person reads it: sizes in MB, counts with separators."""
    if name.endswith("bytes"):
        return f"{value / MiB:,.0f} MB" if value >= MiB else f"{value:,.0f} 字节"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{value:,.0f}"


def exceeded(name: str, value: float, path: str = "", where: str = "") -> LimitError:
    """The error refusing an input whose ``name`` measure is ``value``, past its limit."""
    limit = getattr(current(), name)
    return LimitError(
        path,
        where=where,
        limit_name=name,
        what=NAMES[name],
        value=f" {shown(name, value)} " if value else "",
        limit=shown(name, limit),
    )


def check(name: str, value: float, path: str = "", where: str = "") -> None:
    """Refuse (:class:`~yusuan.errors.LimitError`) when ``value`` is over the limit ``name``."""
    if value > getattr(current(), name):
        raise exceeded(name, value, path, where)
