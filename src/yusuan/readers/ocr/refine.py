"""The second OCR pass: every amount read again with Tesseract's digits-only English model,
and text read with little confidence read again on its own.

Simplified Chinese reads digits poorly: thousands separators become full stops or vanish, and
its confidence in a right number is often low. Each cell is cropped from the prepared page
(rulings already erased), the crops are stacked into one tall image with white space between
them, and Tesseract reads the stack in one call, so a page costs two more calls, not hundreds.
When both passes read the same amount the cell keeps the higher confidence; when they differ,
the digits pass's reading is kept with a confidence below the low-confidence bar, so that the
number is checked by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from PIL import Image

from yusuan.model.provenance import LOW_CONFIDENCE
from yusuan.money import is_amount, parse_amount
from yusuan.readers.ocr import tesseract
from yusuan.readers.ocr.glyphs import SIGN_CONFIDENCE, SUSPECTS, sign
from yusuan.readers.ocr.image import PreparedPage, pgm
from yusuan.readers.ocr.lexicon import correct
from yusuan.readers.ocr.text import OcrCell, clean_text

#: text cells read with less confidence than this (0–100) are read again, alone
RECHECK_BELOW = 90.0
#: the confidence (0–100) of an amount the two passes read differently: below the bar
DISAGREED = LOW_CONFIDENCE * 100 / 2
_PAD = 12  # white pixels around each crop in the stack


#: the third reading of a disputed amount: its crop enlarged 2× (a thin 1 beside a ruling,
#: 98 at a page's top edge: the enlarged crop read both right where 1× did not)
ENLARGE = 2

#: a one-glyph cell read with less confidence than this (0–100) may be a sign or a %
GLYPH_DOUBT = 60.0


def _percent_like(c: OcrCell) -> bool:
    """A one- or two-glyph cell that may be a misread % (0%, %%, 上 read with little confidence)."""
    if len(c.text) == 1 and c.conf < GLYPH_DOUBT and not c.text.isdigit():
        return True
    return len(c.text) <= 2 and (c.right - c.left) <= 1.6 * c.size and "%" in c.text


#: Latin letters Tesseract's Chinese model reads for digits (98 as ss, 10 as lO, 5 as S)
_DIGIT_LIKE = frozenset("sSoOlIiBgqZz")


def _letters(c: OcrCell) -> bool:
    """A short cell of letters that look like digits, alone or among digits (98 as ss, even
    with 80% confidence, or s8)? Budget tables print no such cells; they are read again as
    digits. (5G, A01, IPv6 have other letters: text, left alone.)"""
    text = c.text
    return (
        0 < len(text) <= 8
        and all(ch.isdigit() or ch in _DIGIT_LIKE for ch in text)
        and not text.isdigit()
    )


def _percent_sign(c: OcrCell) -> bool:
    """A lone "digit" as wide as a Chinese character: a % (a digit is half as wide)."""
    width = c.right - c.left
    return len(c.text) == 1 and c.text.isdigit() and 0.75 * c.size <= width <= 1.3 * c.size


def _amount(text: str) -> Decimal | None:
    if not any(ch.isdigit() for ch in text) or not is_amount(text):
        return None
    try:
        return parse_amount(text)
    except ValueError:
        return None


def _stack(
    prepared: PreparedPage, cells: Sequence[OcrCell], scale: int = 1
) -> tuple[bytes, list[int]]:
    """The cells' crops one under another (PGM), enlarged ``scale`` times, and the y where
    each crop's band ends."""
    page = prepared.image()
    pad = _PAD * scale
    crops = []
    for c in cells:
        box = (max(0, c.left - _PAD), max(0, c.top - 2), min(prepared.width, c.right + _PAD))
        crop = page.crop((*box, min(prepared.height, c.bottom + 3)))
        if scale > 1:
            crop = crop.resize((crop.width * scale, crop.height * scale), Image.Resampling.NEAREST)
        crops.append(crop)
    width = max(crop.width for crop in crops) + 2 * pad
    stack = Image.new("L", (width, sum(crop.height + 2 * pad for crop in crops)), 255)
    ends: list[int] = []
    y = 0
    for crop in crops:
        stack.paste(crop, (pad, y + pad))
        y += crop.height + 2 * pad
        ends.append(y)
    return pgm(stack), ends


#: the tallest stack read in one call (pixels): Tesseract refuses images over 32,767 px
MAX_STACK = 30_000


def _batches(cells: Sequence[OcrCell], scale: int) -> list[list[OcrCell]]:
    """The cells in runs whose stack stays under :data:`MAX_STACK`."""
    batches: list[list[OcrCell]] = [[]]
    height = 0
    for c in cells:
        h = (c.bottom - c.top + 5 + 2 * _PAD) * scale
        if batches[-1] and height + h > MAX_STACK:
            batches.append([])
            height = 0
        batches[-1].append(c)
        height += h
    return batches


def _read(
    exe: str,
    prepared: PreparedPage,
    cells: Sequence[OcrCell],
    options: tuple[str, ...],
    scale: int = 1,
) -> list[tuple[str, float] | None]:
    """Each cell's text and confidence read again, alone (None: nothing read)."""
    if not cells:
        return []
    out: list[tuple[str, float] | None] = []
    for batch in _batches(cells, scale):
        image, ends = _stack(prepared, batch, scale)
        found: list[list[tesseract.Word]] = [[] for _ in batch]
        for w in tesseract.words(tesseract.run(exe, image, prepared.dpi * scale, options)):
            centre = w.top + w.height / 2
            i = next((i for i, end in enumerate(ends) if centre < end), len(ends) - 1)
            found[i].append(w)
        for words in found:
            tops: dict[tuple[int, int, int], int] = {}
            for w in words:
                tops[w.line] = min(tops.get(w.line, w.top), w.top)
            words.sort(key=lambda w: (tops[w.line], w.left))  # a cell's wrapped lines in order
            text = "".join(w.text for w in words)
            out.append((text, min(w.conf for w in words)) if words else None)
    return out


def _signs(prepared: PreparedPage, cells: Sequence[OcrCell]) -> None:
    """Comparison signs told by their shape; a lone wide "digit" is a %."""
    for c in cells:
        doubt = c.conf < GLYPH_DOUBT and not c.text.isdigit()
        if len(c.text) == 1 and (c.text in SUSPECTS or doubt):
            found = sign(prepared, c.left, c.right, c.top, c.bottom)
            if found:
                c.text, c.conf = found, max(c.conf, SIGN_CONFIDENCE)
        elif _percent_sign(c):
            c.text = "%"


def _third_reading(
    exe: str, prepared: PreparedPage, disputed: Sequence[tuple[OcrCell, str | None]]
) -> None:
    """Amounts the two passes read differently, read a third time enlarged (:data:`ENLARGE`):
    the reading two passes share is kept, else the enlarged one (on the seed's scans it was
    right each time the other two differed). The cell stays below the low-confidence bar."""

    cells = [c for c, _ in disputed]
    for (c, first), got in zip(
        disputed, _read(exe, prepared, cells, tesseract.DIGITS, ENLARGE), strict=True
    ):
        text = clean_text(got[0]) if got else ""
        third = _amount(text)
        if third is not None:
            c.text = first if first is not None and third == _amount(first) else text


def refine(exe: str, prepared: PreparedPage, cells: Sequence[OcrCell]) -> None:
    """Read the page's amounts and doubtful text again (cells are updated in place)."""

    _signs(prepared, cells)
    amounts = [c for c in cells if _amount(c.text) is not None or _percent_like(c) or _letters(c)]
    disputed: list[tuple[OcrCell, str | None]] = []  # amounts the passes read differently
    chosen = {id(c) for c in amounts}
    doubtful = [c for c in cells if c.conf < RECHECK_BELOW and id(c) not in chosen]
    for c, got in zip(amounts, _read(exe, prepared, amounts, tesseract.DIGITS), strict=True):
        text = clean_text(got[0]) if got else ""
        second = _amount(text)
        if got is not None and got[0] == "%" and len(c.text) <= 2:
            c.text, c.conf = "%", got[1]  # a unit cell: chi_sim reads % as 0, 9 or 0%
        elif _amount(c.text) is None:
            if _letters(c) and second is not None and got is not None:
                disputed.append((c, None))  # ss for 98: check it
                c.text, c.conf = text, min(c.conf, got[1], DISAGREED)
        elif got is None or second is None:
            c.conf = min(c.conf, DISAGREED)
        elif second == _amount(c.text):
            c.text, c.conf = text, max(c.conf, got[1])
        else:
            disputed.append((c, c.text))
            c.text, c.conf = text, min(c.conf, got[1], DISAGREED)
    _third_reading(exe, prepared, disputed)
    # a cell wrapped over two lines is read in a stack of its own: among one-line crops,
    # Tesseract takes its two lines for one and reads them as the first pass did
    wrapped = [c for c in doubtful if c.bottom - c.top > 1.6 * c.size]
    single = [c for c in doubtful if c.bottom - c.top <= 1.6 * c.size]
    chinese = ("-l", tesseract.LANGUAGES)
    again = _read(exe, prepared, single, chinese) + _read(exe, prepared, wrapped, chinese)
    for c, got in zip(single + wrapped, again, strict=True):
        if got is not None and got[1] > c.conf:
            c.text, c.conf = clean_text(got[0]), got[1]
        label = correct(c.text) if c.conf < RECHECK_BELOW else None
        if label:
            c.text = label
    _signs(prepared, doubtful)  # what the second reading made of them
