"""A scanned page prepared for OCR: binarized, with the table rulings taken out.

Published tables are ruled; Tesseract reads a ruled table as noise (the lines become ``|``, ``[``
and runs of letters). Long horizontal and vertical runs of dark pixels are found and erased
before OCR, and the vertical rulings are kept: a ruling between two words separates cells.

No numpy: a row of pixels is one Python integer with one byte per pixel (1 dark, 0 light), so
that a run of ``k`` dark pixels across rows is the AND of ``k`` row integers, and along a row the
AND of the integer shifted by 0..k-1 pixels — both by doubling, a few dozen big-integer
operations per row, about 0.1 s for an A4 page at 200 DPI.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

#: grey levels below this are ink (0 black … 255 white) on a clean scan; a grey or faded one
#: gets its own (:func:`yusuan.readers.ocr.upright.ink_threshold`)
INK_THRESHOLD = 160
#: a vertical ruling is a straight run of ink at least this long (inches): longer than any
#: glyph stroke of a title (a 16 pt character is 0.22 in). A ruling only one table row long
#: (0.26 in) stays, and Tesseract reads it as "|": the reader treats that as a ruling too.
VERTICAL_INCHES = 0.35
#: a horizontal ruling spans at least a narrow column: longer than a heading's 一 stroke
HORIZONTAL_INCHES = 0.5

_TO_GREY = bytes([255, 0]) + bytes(254)  # 1 (ink) → black, 0 → white


def pgm_header(width: int, height: int) -> bytes:
    """The header of an 8-bit grey PGM image (what Tesseract reads from stdin)."""
    return b"P5 %d %d 255\n" % (width, height)


def pgm(img: Image.Image) -> bytes:
    """A grey Pillow image as PGM bytes."""
    return pgm_header(*img.size) + img.tobytes()


@dataclass(frozen=True, slots=True)
class PreparedPage:
    """A page image ready for Tesseract (PGM bytes) and where its vertical rulings are."""

    width: int
    height: int
    dpi: int
    pgm: bytes
    vertical: tuple[int, ...]  # per pixel row: a lane mask (one byte per pixel) of rulings

    def rulings_between(self, top: int, bottom: int) -> list[int]:
        """x (pixels) of the vertical rulings crossing the rows ``top``..``bottom``."""
        mask = 0
        for y in range(max(0, top), min(self.height, bottom + 1)):
            mask |= self.vertical[y]
        if not mask:
            return []
        lanes = mask.to_bytes(self.width, "big")
        xs: list[int] = []
        start = lanes.find(1)
        while start >= 0:
            end = start
            while end + 1 < self.width and lanes[end + 1]:
                end += 1
            xs.append((start + end) // 2)  # a ruling a few pixels wide: its centre
            start = lanes.find(1, end + 1)
        return xs

    @property
    def offset(self) -> int:
        """Where the pixels start in :attr:`pgm` (after the PGM header)."""
        return len(pgm_header(self.width, self.height))

    def row(self, y: int, left: int = 0, right: int | None = None) -> bytes:
        """Pixels ``left``..``right`` of row ``y`` (0 ink, 255 paper)."""
        start = self.offset + y * self.width
        return self.pgm[start + left : start + (self.width if right is None else right)]

    def image(self) -> Image.Image:
        """The prepared page as a Pillow image (a copy)."""
        return Image.frombytes("L", (self.width, self.height), self.pgm[self.offset :])

    def bar_between(self, left: int, right: int, top: int, bottom: int) -> bool:
        """A short ruling left in the image (one row of a table, too short to be erased)
        somewhere in ``left``..``right``: a pixel column with ink on most rows of the band."""
        left, right = max(0, left), min(self.width, right)
        rows = range(max(0, top), min(self.height, bottom))
        if right <= left or not rows:
            return False
        counts = [0] * (right - left)
        for y in rows:
            for i, v in enumerate(self.row(y, left, right)):
                counts[i] += v < 128
        return max(counts) >= 0.8 * len(rows)


def _runs_across(rows: list[int], k: int) -> list[int]:
    """Per row, the lanes that are ink in a vertical run of ≥ k rows covering that row."""
    n = len(rows)
    span, a = 1, rows
    while span * 2 <= k:
        a = [a[i] & a[i + span] if i + span < n else 0 for i in range(n)]
        span *= 2
    # a[i]: ink in rows i .. i+span-1; spread each run back over the rows it covers
    step, b = 1, a
    while step < span:
        b = [b[i] | (b[i - step] if i >= step else 0) for i in range(n)]
        step *= 2
    return b


def _runs_along(row: int, k: int) -> int:
    """The lanes of a row that are ink in a horizontal run of ≥ k pixels."""
    span, r = 1, row
    while span * 2 <= k:
        r &= r >> (8 * span)
        span *= 2
    step, d = 1, r
    while step < span:
        d |= d << (8 * step)
        step *= 2
    return d


def prepare(
    grey: bytes, width: int, height: int, stride: int, dpi: int, threshold: int = INK_THRESHOLD
) -> PreparedPage:
    """Binarize an 8-bit grey image (ink below ``threshold``) and erase its table rulings."""
    binary = bytes(1 if v < threshold else 0 for v in range(256))
    rows = [
        int.from_bytes(grey[y * stride : y * stride + width].translate(binary), "big")
        for y in range(height)
    ]
    vertical = _runs_across(rows, max(8, int(dpi * VERTICAL_INCHES)))
    k = max(8, int(dpi * HORIZONTAL_INCHES))
    flat = [_runs_along(row, k) if row else 0 for row in rows]
    lanes = (1 << (8 * width)) - 1
    out = bytearray()
    for y, row in enumerate(rows):
        if not row:
            out += bytes(width)
            continue
        # a ruling's ragged edge (a scan, a page put straight) goes with it: one pixel more
        # either side of every ruling found
        above, below = flat[y - 1] if y else 0, flat[y + 1] if y + 1 < height else 0
        v = vertical[y]
        ruled = flat[y] | above | below | v | ((v << 8) & lanes) | (v >> 8)
        out += (row & ~ruled).to_bytes(width, "big")
    image = pgm_header(width, height) + bytes(out).translate(_TO_GREY)
    return PreparedPage(width, height, dpi, image, tuple(vertical))
