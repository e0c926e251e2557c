"""The comparison signs of 绩效指标 (指标性质 ≥ ≤ = > <), told apart by their shape.

Tesseract's Chinese model reads these one-glyph cells as 之, 么, 反, 去, 到, 委 or as > for ≥
(the CJK fonts draw ≥ as a chevron over a slanted bar, ⩾). A sign is simple enough to classify
from the ink itself: two flat bars are =; a chevron whose first (top) stroke starts on the left
points right (>), on the right points left (<); a second stroke running beside the chevron's
lower arm (two ink runs in several of its lower rows) makes it ≥ or ≤.
"""

from __future__ import annotations

from yusuan.readers.ocr.image import PreparedPage

#: what Tesseract's chi_sim reads for a comparison sign (and the signs themselves)
SUSPECTS = frozenset("><=≥≤之么反去到委全二三")
#: the text of a glyph Tesseract left out that is not a sign, until the second pass reads it
#: (a % in a unit cell); still unread after that pass, it is dropped
UNREAD = "\ufffd"
#: the confidence (0–100) given to a sign told by its shape
SIGN_CONFIDENCE = 90.0


def _runs(row: bytes) -> list[tuple[int, int]]:
    """(start, end) of the ink runs in a row of 0/1 pixels (1 = ink)."""
    runs: list[tuple[int, int]] = []
    start = -1
    for x, v in enumerate(row):
        if v and start < 0:
            start = x
        elif not v and start >= 0:
            runs.append((start, x - 1))
            start = -1
    if start >= 0:
        runs.append((start, len(row) - 1))
    return runs


def _ink(prepared: PreparedPage, left: int, right: int, top: int, bottom: int) -> list[bytes]:
    """The box's rows as 0/1 pixels, trimmed to the rows with ink."""
    rows = [
        prepared.row(y, left, right).translate(_INK)
        for y in range(max(0, top), min(prepared.height, bottom))
    ]
    while rows and not any(rows[0]):
        rows.pop(0)
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


_INK = bytes([1]) + bytes(255)  # 0 (black) → 1


def sign(prepared: PreparedPage, left: int, right: int, top: int, bottom: int) -> str | None:
    """The comparison sign drawn in the box (pixels), or None when the ink is not one."""
    rows = _ink(prepared, max(0, left - 2), right + 2, top, bottom)
    if len(rows) < 3:
        return None
    runs = [_runs(r) for r in rows]
    xs = [x for rr in runs for run in rr for x in run]
    if not xs:
        return None
    x0, x1 = min(xs), max(xs)
    width = x1 - x0 + 1
    bands: list[list[int]] = []  # groups of consecutive rows with ink
    for i, rr in enumerate(runs):
        if not rr:
            continue
        if bands and bands[-1][-1] == i - 1:
            bands[-1].append(i)
        else:
            bands.append([i])
    if len(bands) == 2 and all(len(b) <= max(3, len(rows) // 4) for b in bands):
        flat = all(
            max(e for _, e in runs[i]) - min(s for s, _ in runs[i]) + 1 >= 0.6 * width
            for b in bands
            for i in b
        )
        return "=" if flat else None
    if len(bands) != 1 or width < 3:
        return None
    first = runs[0]
    centre = (first[0][0] + first[-1][1]) / 2
    if abs(centre - (x0 + x1) / 2) < width * 0.2:
        return None  # the top stroke starts in the middle: not a chevron
    right_pointing = centre < (x0 + x1) / 2
    far = x1 - 0.15 * width if right_pointing else x0 + 0.15 * width
    tip = sum(1 for rr in runs if rr and (rr[0][1] >= far if right_pointing else rr[-1][0] <= far))
    if tip > 0.35 * len(rows):
        return None  # a chevron's tip is a point, not a side (6, 9, characters)
    upper = runs[: len(runs) // 2]
    if sum(1 for rr in upper if len(rr) == 1) < 0.8 * len(upper):
        return None  # a chevron's upper arm is one stroke (% and characters are not)
    lower = runs[len(runs) // 2 :]
    doubled = sum(1 for rr in lower if len(rr) >= 2) >= 3
    if doubled:
        return "≥" if right_pointing else "≤"
    return ">" if right_pointing else "<"


def unread_glyphs(
    prepared: PreparedPage, top: int, bottom: int, read: list[tuple[int, int]], size: float
) -> list[tuple[int, int, str | None]]:
    """Glyphs in a line that Tesseract left out: glyph-sized blobs of ink between the cells it
    read (``read``: their x extents, pixels) → (left, right, the comparison sign, or None
    when the blob is not one: a % or a character, to be read again)."""
    w = prepared.width
    mask = 0
    for y in range(max(0, top), min(prepared.height, bottom)):
        mask |= int.from_bytes(prepared.row(y).translate(_INK), "big")
    if not mask:
        return []
    lanes = mask.to_bytes(w, "big")
    found: list[tuple[int, int, str | None]] = []
    start = lanes.find(1)
    while start >= 0:
        end = start
        while end + 1 < w and (lanes[end + 1] or (end + 2 < w and lanes[end + 2])):
            end += 1  # a one-pixel gap inside a glyph does not end it
        covered = any(l0 - 2 <= end and start <= r0 + 2 for l0, r0 in read)
        cut = _touches(prepared, start, end + 1, top, bottom)
        if not covered and not cut and 0.3 * size <= end - start + 1 <= 1.2 * size:
            found.append((start, end + 1, sign(prepared, start, end + 1, top, bottom)))
        start = lanes.find(1, end + 1)
    return found


def _touches(prepared: PreparedPage, left: int, right: int, top: int, bottom: int) -> bool:
    """Ink on the band's first or last row: a glyph of the line above or below that the band
    cuts (its lower or upper part can look like a chevron), not a sign of this line."""
    rows = (max(0, top), min(prepared.height, bottom) - 1)
    return any(any(prepared.row(y, left, right).translate(_INK)) for y in rows)
