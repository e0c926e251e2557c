"""Reader for PDFs with a text layer, built on PDFium (pypdfium2).

Why PDFium: it is the fastest robust text-layer extractor available from PyPI with a
permissive licence. Reading a 23-page budget PDF char by char takes about 40 ms of CPU here
(≈ 1.7 ms a page, of which PDFium's own page and text parsing ≈ 0.9 ms; ``pdftotext`` takes
≈ 1.1 ms a page), where pdfplumber (pdfminer) takes 1–2 s for the same pages. We need
per-character boxes, because the tables' blank cells can only be placed by position: PDFium's
own text order sometimes runs a whole table page onto one line.

Each page's characters are grouped into visual lines by their vertical centre, and each line
into cells where the horizontal gap between characters is wider than a fraction of the font
height. Coordinates are kept so that recognition can map cells to header columns.
"""

from __future__ import annotations

import bisect
import ctypes
import math
import re
from collections.abc import Callable
from typing import NamedTuple, TypeVar

from yusuan import limits, progress
from yusuan.errors import (
    EmptyFileError,
    PdfBrokenError,
    PdfEncryptedError,
    PdfNoTextError,
    YusuanError,
)
from yusuan.readers import pdfium
from yusuan.readers.ocr import tesseract
from yusuan.readers.pdfscan import check_streams
from yusuan.readers.raw import RawCell, RawDocument, RawLine

_GAP_FACTOR = 1.2  # a gap wider than this × line height always starts a new cell
#: a page number printed alone in the top or bottom margin: ``— 4 —``, ``- 4 -``, ``第4页``,
#: ``4/25``, ``第 4 页 共 25 页``
_PAGE_NUMBER = re.compile(
    r"^[-—–－―\s]*(?:第\s*)?\d{1,4}\s*页?(?:\s*(?:/|／|共)\s*\d{1,4}\s*页?)?[-—–－―\s]*$"
)
_MARGIN = 0.1  # the outer tenth of the page height
_OCR_BARS = str.maketrans("", "", "|｜[]")
_L = TypeVar("_L")  # a line: of characters, or of cells


class _Char(NamedTuple):
    """One character of the text layer with its box (points, origin bottom left). A tuple made
    with ``tuple.__new__`` (see :func:`_page_chars`): a page has thousands."""

    ch: str
    x0: float
    x1: float
    y0: float
    y1: float
    brk: bool  # PDFium put a space (or line break) before this char in text order
    yc: float  # vertical centre, (y0 + y1) / 2
    h: float  # height, y1 - y0


_new_char = tuple.__new__


_GET_UNICODE = pdfium.unchecked("FPDFText_GetUnicode", ctypes.c_uint)
_GET_CHAR_BOX = pdfium.unchecked("FPDFText_GetCharBox", ctypes.c_int)
_COUNT_CHARS = pdfium.LIB.FPDFText_CountChars
_BREAKS = frozenset((0x3000, 0xA0, 0xFFFE, 0xFFFF))


def _page_chars(textpage: pdfium.TextPage) -> list[_Char]:
    """The page's characters in PDFium's text order, each with its box; white space and
    PDFium's generated breaks are not kept but mark the next character (``brk``).

    One call for the character and one for its box each: PDFium has no call that gives the
    boxes of many characters (its text rectangles are one per text object, which may hold a
    whole table row), and its bulk text (``FPDFText_GetText``) is not index for index the
    characters' list (excluded control characters, UTF-16 units)."""
    raw = textpage.raw
    count = _COUNT_CHARS(raw)
    box = (ctypes.c_double * 4)()  # left, right, bottom, top
    refs = tuple(ctypes.byref(box, 8 * k) for k in range(4))
    values = memoryview(box).cast("B").cast("d")  # the four at once (a tuple unpacked)
    chars: list[_Char] = []
    append = chars.append
    get_unicode, get_box, breaks, new = _GET_UNICODE, _GET_CHAR_BOX, _BREAKS, _new_char
    brk = True
    for i in range(count):
        code = get_unicode(raw, i)
        if code < 0x21 or code in breaks:
            brk = True  # whitespace and generated breaks separate cells
            continue
        if not get_box(raw, i, *refs):
            continue
        x0, x1, y0, y1 = values
        append(new(_Char, (chr(code), x0, x1, y0, y1, brk, (y0 + y1) / 2, y1 - y0)))
        brk = False
    return chars


_SMALL = 5.0  # chars lower than this (commas, dots, 、) join the line whose band holds them
_REACH = 3.0  # … the nearest band within this distance of its centre, else a line of its own


def _minus_yc(c: _Char) -> float:
    return -c.yc


def _group_lines(chars: list[_Char]) -> list[list[_Char]]:
    """Cluster characters into visual lines (top of page first).

    Full-height characters are clustered by vertical centre; small punctuation, whose box sits
    at the baseline, then joins the line whose vertical band contains it (the nearest band, the
    first made on a tie; bands found by bisection, :class:`_Bands`).
    """
    tall = sorted((c for c in chars if c.h >= _SMALL), key=_minus_yc)
    lines: list[list[_Char]] = []
    bands: list[tuple[float, float]] = []
    line: list[_Char] = []
    lo = hi = 0.0  # the band of ``line``, the line being made
    for c in tall:
        if line:
            span = hi - lo
            if abs(c.yc - (lo + hi) / 2) <= (span if span > c.h else c.h) * 0.4:
                line.append(c)
                if c.y0 < lo:
                    lo = c.y0
                if c.y1 > hi:
                    hi = c.y1
                continue
            bands.append((lo, hi))
        line = [c]
        lines.append(line)
        lo, hi = c.y0, c.y1
    if line:
        bands.append((lo, hi))
    small = [c for c in chars if not c.h >= _SMALL]
    if small:
        nearest = _Bands(bands).nearest if _finite(small, bands) else _nearest_linear(bands)
        for c in small:
            best, distance = nearest(c.yc)
            if best >= 0 and distance <= _REACH:
                lines[best].append(c)
            else:
                lines.append([c])
                bands.append((c.y0, c.y1))
    order = sorted(range(len(lines)), key=lambda i: -(bands[i][0] + bands[i][1]) / 2)
    return [lines[i] for i in order]


def _distance(yc: float, lo: float, hi: float) -> float:
    """How far a small character's centre is from a line's band (0 inside it, give or take)."""
    return 0.0 if lo - 1.5 <= yc <= hi + 1.5 else min(abs(yc - lo), abs(yc - hi))


def _finite(small: list[_Char], bands: list[tuple[float, float]]) -> bool:
    total = sum(c.yc + c.h for c in small) + sum(lo + hi for lo, hi in bands)
    return math.isfinite(total)


def _nearest_linear(
    bands: list[tuple[float, float]],
) -> Callable[[float], tuple[int, float]]:
    """Every band compared with the character (boxes that are not finite numbers)."""

    def nearest(yc: float) -> tuple[int, float]:
        best, distance = -1, 1e9
        for i, (lo, hi) in enumerate(bands):
            d = _distance(yc, lo, hi)
            if d < distance:
                best, distance = i, d
        return best, distance

    return nearest


class _Bands:
    """The nearest line band to a small character, looking only at the bands that can be
    within :data:`_REACH` of it (the answer of comparing it with every band: the same distance,
    the first band on a tie). Bands are kept sorted by their lower edge; the list given is
    watched for bands appended to it (a small character that starts a line of its own)."""

    def __init__(self, bands: list[tuple[float, float]]) -> None:
        self.bands = bands
        self.edges: list[float] = []
        self.index: list[int] = []
        self.span = 0.0
        self.known = 0
        self._add_new()

    def _add_new(self) -> None:
        for i in range(self.known, len(self.bands)):
            lo, hi = self.bands[i]
            edge = min(lo, hi)
            at = bisect.bisect_right(self.edges, edge)
            self.edges.insert(at, edge)
            self.index.insert(at, i)
            self.span = max(self.span, abs(hi - lo))
        self.known = len(self.bands)

    def nearest(self, yc: float) -> tuple[int, float]:
        if self.known != len(self.bands):
            self._add_new()
        slack = _REACH + 1.0  # more than enough for rounding: extra bands are only compared
        start = bisect.bisect_left(self.edges, yc - slack - self.span)
        stop = bisect.bisect_right(self.edges, yc + slack)
        best, distance = -1, 1e9
        for k in range(start, stop):
            i = self.index[k]
            lo, hi = self.bands[i]
            d = _distance(yc, lo, hi)
            if d < distance or (d == distance and i < best):
                best, distance = i, d
        return best, distance


#: full-width punctuation draws its mark in one half of its em box: the blank half is no gap
_PUNCT_GAP = 1.6
_FULL_WIDTH = frozenset("，。、；：？！“”‘’（）《》【】「」〔〕")


def _split_cells(line: list[_Char]) -> tuple[RawCell, ...]:
    line.sort(key=lambda c: c.x0)
    cells: list[RawCell] = []
    text: list[str] = []
    x0 = x1 = line[0].x0
    height = max(c.h for c in line)
    for c in line:
        gap = c.x0 - x1
        punct = text and (c.ch in _FULL_WIDTH or text[-1] in _FULL_WIDTH)
        if punct and gap < height * _PUNCT_GAP:
            pass  # e.g. 、“ : the blank halves of two full-width marks
        elif text and ((c.brk and gap > 1.0) or gap > height * _GAP_FACTOR):
            cells.append(RawCell("".join(text), x0, x1))
            text, x0 = [], c.x0
        text.append(c.ch)
        if c.x1 > x1:
            x1 = c.x1
    cells.append(RawCell("".join(text), x0, x1))
    return tuple(cells)


def _is_page_number(y: float, text: str, height: float) -> bool:
    """A line at ``y`` reading ``text`` is the page number, printed alone in the page margin
    (a footer is not part of the narrative or of a table)."""
    in_margin = y < height * _MARGIN or y > height * (1 - _MARGIN)
    return in_margin and bool(_PAGE_NUMBER.match(text))


def _without_ends(lines: list[_L], is_number: Callable[[_L], bool]) -> list[_L]:
    """Without the page number printed as the last line, or the first."""
    if lines and is_number(lines[-1]):
        lines = lines[:-1]
    if lines and is_number(lines[0]):
        lines = lines[1:]
    return lines


def _drop_page_number(lines: list[list[_Char]], height: float) -> list[list[_Char]]:
    """A page's lines of characters without its page number."""

    def is_number(line: list[_Char]) -> bool:
        text = "".join(c.ch for c in sorted(line, key=lambda c: c.x0))
        return _is_page_number(sum(c.yc for c in line) / len(line), text, height)

    return _without_ends(lines, is_number)


#: a page with fewer characters than this in its text layer, covered by an image, is a scan
MIN_TEXT_CHARS = 10
_SCAN_COVER = 0.5  # … covered by images over at least this share of its area


def _is_scan(page: pdfium.Page) -> bool:
    raw = page.raw
    left, bottom = ctypes.c_float(), ctypes.c_float()
    right, top = ctypes.c_float(), ctypes.c_float()
    refs = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    covered = 0.0
    lib = pdfium.LIB
    for i in range(lib.FPDFPage_CountObjects(raw)):
        obj = lib.FPDFPage_GetObject(raw, i)
        if lib.FPDFPageObj_GetType(obj) != pdfium.PAGEOBJ_IMAGE:
            continue
        if lib.FPDFPageObj_GetBounds(obj, *refs):
            covered += abs(right.value - left.value) * abs(top.value - bottom.value)
    return bool(covered >= _SCAN_COVER * page.get_width() * page.get_height())


def _without_page_number(lines: list[RawLine], height: float) -> list[RawLine]:
    """OCR'd lines without the page number, numbered again."""

    def is_number(line: RawLine) -> bool:
        text = line.compact.replace("一", "—").translate(_OCR_BARS)  # — 13 — read as 一]13一
        return _is_page_number(line.y, text, height)

    kept = _without_ends(lines, is_number)
    return [RawLine(x.page, i, x.cells, x.y, x.height) for i, x in enumerate(kept, start=1)]


def read_pdf(data: bytes, path: str) -> RawDocument:
    """Read a PDF's text layer into a :class:`RawDocument`; scanned pages are OCR'd."""
    if not data.strip():
        raise EmptyFileError(path)
    check_streams(data, path)  # before PDFium inflates a bomb
    lim = limits.current()
    try:
        pdf = pdfium.Document(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise PdfEncryptedError(path) from exc
        raise PdfBrokenError(path, detail=str(exc)) from exc
    try:
        pages: dict[int, list[RawLine]] = {}
        scanned: list[int] = []
        heights: dict[int, float] = {}
        n_pages = len(pdf)
        limits.check("pages", n_pages, path)
        n_lines = 0
        for page_no in range(n_pages):
            try:
                page = pdf[page_no]
                area = page.get_width() * page.get_height()
                if area > lim.page_area:
                    page.close()
                    raise limits.exceeded("page_area", area, path, f"第{page_no + 1}页")
                textpage = page.get_textpage()
            except pdfium.PdfiumError as exc:
                raise PdfBrokenError(
                    path, where=f"第{page_no + 1}页", detail=f"该页无法读取：{exc}"
                ) from exc
            chars = _page_chars(textpage)
            heights[page_no] = page.get_height()
            if len(chars) < MIN_TEXT_CHARS and _is_scan(page):
                scanned.append(page_no)
            groups = _drop_page_number(_group_lines(chars), heights[page_no])
            n_lines += len(groups)
            limits.check("lines", n_lines, path)
            pages[page_no] = []
            for number, group in enumerate(groups, start=1):
                y = sum(c.yc for c in group) / len(group)
                height = max(c.h for c in group)
                pages[page_no].append(
                    RawLine(page_no + 1, number, _split_cells(group), y=y, height=height)
                )
            textpage.close()
            page.close()
            progress.report(progress.READING, page_no + 1, n_pages)
        has_text = any(pages[n] for n in range(n_pages) if n not in scanned)
        if scanned and (tesseract.executable() or not has_text):
            # without Tesseract, image pages beside a text layer (a scanned cover or stamp
            # page) are left out as before; a document of scans only is refused
            import pypdfium2  # (rendering pages: not bound here)

            from yusuan.readers.ocr.pages import ocr_pages

            rendered = pypdfium2.PdfDocument(data)
            try:
                for page_no, ocr_lines in ocr_pages(rendered, scanned).items():
                    pages[page_no] = _without_page_number(ocr_lines, heights[page_no])
            except YusuanError as exc:
                exc.path = exc.path or path
                raise
            finally:
                rendered.close()
    finally:
        pdf.close()
    lines = tuple(line for page_no in range(n_pages) for line in pages[page_no])
    if not lines:
        raise PdfNoTextError(path, pages=n_pages)
    return RawDocument(path=path, format="pdf", lines=lines, pages=n_pages, positional=True)
