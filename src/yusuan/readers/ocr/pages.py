"""OCR of scanned PDF pages (no text layer) into the same lines of cells as the PDF reader.

A page is rendered by PDFium at :data:`OCR_DPI` (less for a page over :data:`MAX_SIDE`), turned
upright when its text runs down the page, levelled and given its own ink threshold
(:mod:`.upright`), binarized and its table rulings erased (:mod:`.image`), read by
Tesseract (:mod:`tesseract`), and its words become lines of :class:`RawCell` with x in points —
the shape :mod:`pdf` produces, so recognition is the same. Amounts and doubtful text are read
again (:mod:`.refine`); a page whose reading comes out poor (upside down) is turned by
Tesseract's orientation detection and read again. A cell carries the lowest confidence of its
words (0–1). Pages run in parallel, one Tesseract process per core — or, where a caller set
:data:`PAGES` (a batch on a Dask cluster), each page as a task of its own on the cluster.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ThreadPoolExecutor, wait
from concurrent.futures import TimeoutError as FutureTimeout
from contextvars import ContextVar

import pypdfium2 as pdfium
from PIL import Image

from yusuan import limits, progress
from yusuan.money import is_amount
from yusuan.readers.ocr import tesseract
from yusuan.readers.ocr.glyphs import SIGN_CONFIDENCE, UNREAD, unread_glyphs
from yusuan.readers.ocr.image import PreparedPage, pgm, prepare
from yusuan.readers.ocr.refine import refine
from yusuan.readers.ocr.text import BARS, STRAY, OcrCell, chinese, clean_text
from yusuan.readers.ocr.upright import levels, looks_sideways, straighten
from yusuan.readers.raw import RawCell, RawLine

#: render resolution: 200 DPI reads budget tables as well as 300 DPI at half the time
OCR_DPI = 200
#: a gap wider than this × the line's height separates cells (Chinese words are split by
#: Tesseract at every few characters; the gaps between table columns are much wider)
CELL_GAP = 1.0


def _joined(a: str, b: str) -> str:
    """Two words of one cell: Latin and digits keep a space between them, Chinese does not."""
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return f"{a} {b}"
    return a + b


def _em(ch: str) -> float:
    return 0.5 if ch.isascii() else 1.0


def _split_at_rulings(word: tesseract.Word, rulings: list[int]) -> list[tesseract.Word]:
    """A word Tesseract ran across a table ruling (``1,421.74一般公共服务支出``), cut where the
    ruling is, by the characters' widths (Latin and digits half the width of Chinese)."""
    right = word.left + word.width
    inside = [r for r in rulings if word.left + 2 < r < right - 2]
    if not inside or len(word.text) < 2:
        return [word]
    widths = [_em(ch) for ch in word.text]
    unit = word.width / sum(widths)
    pieces: list[tesseract.Word] = []
    start, x, left = 0, float(word.left), word.left
    for i, w in enumerate(widths):
        x += w * unit
        if inside and x >= inside[0] - unit * w / 2:
            cut = inside.pop(0)  # the pieces end and start either side of the ruling
            text = word.text[start : i + 1]
            pieces.append(word._replace(text=text, left=left, width=max(1, cut - 1 - left)))
            start, left = i + 1, cut + 1
    if start < len(word.text):
        pieces.append(word._replace(text=word.text[start:], left=left, width=right - left))
    return pieces


def _cells(
    words: list[tesseract.Word], rulings: list[int], prepared: PreparedPage
) -> list[OcrCell]:
    words = sorted((p for w in words for p in _split_at_rulings(w, rulings)), key=lambda w: w.left)
    height = statistics.median(w.height for w in words)
    top = min(w.top for w in words)
    bottom = max(w.top + w.height for w in words)
    cells: list[OcrCell] = []
    centre = -1.0  # of the previous word: a ruling between two words' centres splits them
    bars = [w for w in words if set(w.text) <= BARS and w.height >= 1.6 * height]
    found = rulings  # the rulings in the image (a cell is joined only between two of them)
    rulings = rulings + [w.left + w.width // 2 for w in bars]
    for w in words:
        if w in bars:
            continue  # a short ruling read as a letter: a cell border (in rulings above)
        right = w.left + w.width
        last = cells[-1] if cells else None
        ruled = any(centre < r < w.left + w.width / 2 for r in rulings)
        if (
            last is None
            or ruled
            or (
                w.left - last.right > height * CELL_GAP
                and not (
                    _one_ruled_cell(last, w, found)
                    and not prepared.bar_between(last.right, w.left, top, bottom)
                )
            )
        ):
            cells.append(OcrCell(w.text, w.left, right, top, bottom, height, w.conf))
        else:
            last.text = _joined(last.text, w.text)
            last.right, last.conf = max(last.right, right), min(last.conf, w.conf)
        if any(ch.isdigit() for ch in w.text):
            cell = cells[-1]
            cell.digits = w.conf if cell.digits is None else min(cell.digits, w.conf)
        centre = w.left + w.width / 2
    for c in cells:
        c.text = clean_text(c.text)
    return cells


def _one_ruled_cell(cell: OcrCell, word: tesseract.Word, rulings: list[int]) -> bool:
    """A word after a gap inside the ruled cell read so far: a cell's text OCR read in pieces
    (a wrapped 指标 name), not two columns. The line must be ruled inside (three rulings or
    more: a table with only its frame found, its inner rulings dashed or faded, is split by
    gaps as before), the two must lie between two rulings with none between, Chinese on at
    least one side, and neither an amount (a number is never joined to a cell, nor a cell to
    a number)."""
    if len(rulings) < 3 or is_amount(cell.text) or is_amount(word.text):
        return False
    right = word.left + word.width
    enclosed = any(r < cell.left for r in rulings) and any(r > right for r in rulings)
    return enclosed and (chinese(cell.text) or chinese(word.text))


def _band(words: list[tesseract.Word]) -> tuple[int, int]:
    """The top and bottom (pixels) of a line's words."""
    return min(w.top for w in words), max(w.top + w.height for w in words)


def read_page(exe: str, prepared: PreparedPage) -> list[list[OcrCell]]:
    """OCR a prepared page: its lines of cells (top first), amounts and doubtful text read
    a second time (:mod:`.refine`)."""
    words = tesseract.words(tesseract.run(exe, prepared.pgm, prepared.dpi))
    by_line: dict[tuple[int, int, int], list[tesseract.Word]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    groups = sorted(
        by_line.values(), key=lambda ws: statistics.median(w.top + w.height / 2 for w in ws)
    )
    lines = [_cells(g, prepared.rulings_between(*_band(g)), prepared) for g in groups]
    if lines:  # a line's size: its words' median height, within 0.6–1.5× the page's usual
        usual = statistics.median(line[0].size for line in lines)
        for line in lines:
            for c in line:
                c.size = min(max(c.size, usual * 0.6), usual * 1.5)
    for cells in lines:
        c = cells[0]
        extents = [(x.left, x.right) for x in cells]
        for left, right, sign in unread_glyphs(prepared, c.top, c.bottom, extents, c.size):
            text, conf = (sign, SIGN_CONFIDENCE) if sign else (UNREAD, 0.0)
            cells.append(OcrCell(text, left, right, c.top, c.bottom, c.size, conf))
        cells.sort(key=lambda x: x.left)

    refine(exe, prepared, [c for line in lines for c in line])
    lines = [[c for c in line if not _speck(c) and c.text != UNREAD] for line in lines]
    return [line for line in lines if line]


def _speck(c: OcrCell) -> bool:
    """A lone mark read with little confidence beside a cell (1000 。): noise, not text."""
    return c.conf < 60 and len(c.text) <= 2 and all(ch in STRAY + "。、“”" for ch in c.text)


def _confidence(c: OcrCell) -> float:
    """A cell's confidence (0–1): of its numbers when it is text with numbers in it (a
    sentence's Chinese words do not make its amounts doubtful), else of all of it."""
    if c.digits is not None and not is_amount(c.text):
        return c.digits / 100
    return c.conf / 100


def raw_lines(
    page_no: int, lines: list[list[OcrCell]], page_height: float, dpi: int = OCR_DPI
) -> list[RawLine]:
    """OCR'd lines (read at ``dpi``) as the PDF reader's :class:`RawLine`: x in points, y in
    points from the bottom of the page, ``page_no`` 1-based."""
    scale = dpi / 72
    out: list[RawLine] = []
    for cells in lines:
        top, bottom = cells[0].top, cells[0].bottom
        raw = tuple(RawCell(c.text, c.left / scale, c.right / scale, _confidence(c)) for c in cells)
        y = page_height - (top + bottom) / 2 / scale
        out.append(RawLine(page_no, len(out) + 1, raw, y=y, height=cells[0].size / scale))
    return out


#: the longest side (pixels) a page is rendered at: a poster-sized page is read at less than
#: :data:`OCR_DPI` rather than as a 10,000-pixel image (A2 at 200 DPI is 4,677)
MAX_SIDE = 6000


def _render(page: pdfium.PdfPage) -> tuple[Image.Image, int]:
    """The page as PDFium shows it (its /Rotate applied), in grey, and the resolution:
    :data:`OCR_DPI`, less for a page larger than :data:`MAX_SIDE` allows."""
    width, height = page.get_width(), page.get_height()
    longest = max(width, height, 1.0)
    dpi = max(1, min(OCR_DPI, int(MAX_SIDE * 72 / longest)))
    # and no more pixels than the limit allows (a long, wide page)
    dpi = max(1, min(dpi, int(limits.current().render_scale(width, height, dpi / 72) * 72)))
    image: Image.Image = page.render(scale=dpi / 72, grayscale=True).to_pil()
    return image.convert("L"), dpi


def _prepared(img: Image.Image, dpi: int) -> PreparedPage:
    img, threshold, _ = straighten(img)
    return prepare(img.tobytes(), img.width, img.height, img.width, dpi, threshold)


#: a first reading whose cells' median confidence (0–100) is below this is poor: the page may
#: be turned a quarter or half round, and Tesseract is asked which way is up
POOR_READING = 60.0


def _quality(lines: list[list[OcrCell]]) -> float:
    confs = [c.conf for line in lines for c in line]
    return statistics.median(confs) if confs else 0.0


def read_image(
    exe: str, img: Image.Image, dpi: int = OCR_DPI
) -> tuple[list[list[OcrCell]], PreparedPage]:
    """OCR a rendered page: turned upright when its text runs down the page, levelled and
    read (:func:`read_page`); when the reading is poor (a page upside down) and Tesseract
    finds the page turned, turned and read again, keeping the better reading. Returns the
    lines and the image they were read from."""
    if looks_sideways(img):
        img = _turned(img, tesseract.orientation(exe, pgm(img), dpi))
    prepared = _prepared(img, dpi)
    lines = read_page(exe, prepared)
    if _quality(lines) >= POOR_READING:
        return lines, prepared
    turn = tesseract.orientation(exe, prepared.pgm, dpi)
    if not turn:
        return lines, prepared
    turned = _prepared(_turned(img, turn), dpi)
    again = read_page(exe, turned)
    return (again, turned) if _quality(again) > _quality(lines) else (lines, prepared)


def _turned(img: Image.Image, clockwise: int) -> Image.Image:
    if not clockwise:
        return img
    _, paper = levels(img)
    return img.rotate(-clockwise, expand=True, fillcolor=paper)


def _read(exe: str, rendered: tuple[Image.Image, int], page_no: int) -> list[RawLine]:
    img, dpi = rendered
    lines, prepared = read_image(exe, img, dpi)
    return raw_lines(page_no, lines, prepared.height * 72 / dpi, dpi)


#: who reads the pages: None, threads here (one Tesseract per core); else a function giving an
#: executor and how many pages it reads at once (a Dask cluster's, so that one long scan is
#: spread over its workers). Pages are rendered here and read there; the executor is shut
#: down when the pages are read.
PAGES: ContextVar[Callable[[], tuple[Executor, int]] | None] = ContextVar(
    "yusuan_ocr_pages", default=None
)


def ocr_pages(pdf: pdfium.PdfDocument, numbers: Sequence[int]) -> dict[int, list[RawLine]]:
    """OCR the pages (0-based ``numbers``) of an open PDF: page number (0-based) → its lines.

    At most :attr:`Limits.ocr_pages` pages, within :attr:`Limits.ocr_seconds` of wall time
    (else :class:`~yusuan.errors.LimitError`); a page is rendered only when a worker is about
    to be free, so rendered images do not pile up."""
    lim = limits.current()
    limits.check("ocr_pages", len(numbers))
    exe = tesseract.require(len(numbers))
    deadline = time.monotonic() + lim.ocr_seconds
    elsewhere = PAGES.get()
    if elsewhere is None:
        workers = max(1, min(len(numbers), os.cpu_count() or 1))
        pool: Executor = ThreadPoolExecutor(max_workers=workers)
    else:
        pool, workers = elsewhere()
    jobs: dict[int, Future[list[RawLine]]] = {}
    finished = False
    read = Counter(len(numbers))
    try:
        for n in numbers:  # PDFium is not thread-safe: render here, OCR in the pool
            running = [j for j in jobs.values() if not j.done()]
            if len(running) >= 2 * workers:
                wait(running, timeout=_left(deadline), return_when=FIRST_COMPLETED)
            _left(deadline)
            page = pdf[n]
            jobs[n] = pool.submit(_read, exe, _render(page), n + 1)
            jobs[n].add_done_callback(read.one)
            page.close()
        pages = {n: job.result(timeout=_left(deadline)) for n, job in jobs.items()}
        finished = True
        return pages
    except FutureTimeout:
        raise limits.exceeded("ocr_seconds", 0) from None
    finally:
        # done: wait for the idle workers to exit, so that no thread is half-way out when the
        # process next forks (yusuan.isolate); out of time: never wait for a stuck Tesseract
        pool.shutdown(wait=finished, cancel_futures=True)


class Counter:
    """Pages read so far, reported (:mod:`yusuan.progress`) as each one is done."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self._lock = threading.Lock()
        progress.report(progress.OCR, 0, total)

    def one(self, _: object) -> None:
        with self._lock:
            self.done += 1
            progress.report(progress.OCR, self.done, self.total)


def _left(deadline: float) -> float:
    """Seconds left before ``deadline``; :class:`LimitError` when none are."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise limits.exceeded("ocr_seconds", 0)
    return left
