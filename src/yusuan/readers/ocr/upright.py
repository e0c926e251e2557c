"""A scanned page put straight before OCR: its skew measured and undone, and its ink level
set from the page itself (a grey or faded scan).

The rulings of a budget table must be straight for the reader to erase them and to split cells
at them: a page fed 0.5° askew through a scanner already loses half its numbers. The skew is
the angle at which the page's rows of ink are sharpest — the projection-profile method: the
page is turned by each candidate angle and the squared differences between the ink of adjacent
rows summed; table rulings and text lines make the sum largest when they lie level. Measured
over ±:data:`MAX_SKEW`° in 0.25° steps on a thumbnail (:data:`COARSE_SIDE`), then over ±0.25°
in 0.02° steps on a larger one (:data:`FINE_SIDE`; an A4 page at 200 DPI reduced 4× and 2×) —
all in Pillow, about 0.35 s a page whatever its size. A page without ink is left as it is.

A page turned a quarter round (a landscape table scanned sideways) has its lines of text
running down the page: its columns of ink are sharper than its rows (:func:`looks_sideways`;
on the seed's 22 pages rows are 5.6–104× sharper upright and 0.01–0.18× sideways), and
Tesseract's orientation detection (:func:`yusuan.readers.tesseract.orientation`) says which
way to turn it before it is read. A page upside down looks upright to both measures; its
first reading comes out poor, and the orientation detection is asked then.
"""

from __future__ import annotations

from itertools import pairwise

from PIL import Image

#: the largest skew looked for (degrees); scanners and phone photos of a flat page stay within
MAX_SKEW = 5.0
#: a skew smaller than this (degrees) is left alone: at 200 DPI it moves a ruling across an A4
#: table by under a pixel
MIN_SKEW = 0.02
#: where between the ink's level and the paper's the threshold lies: 160 of 255 on a clean scan
INK_FRACTION = 160 / 255


def levels(img: Image.Image) -> tuple[int, int]:
    """(ink, paper): the grey level of the darkest 0.2% of the page and its median level."""
    hist = img.histogram()[:256]
    total = sum(hist)
    ink = paper = 0
    seen = 0
    for level, count in enumerate(hist):
        if seen <= total * 0.002 < seen + count:
            ink = level
        if seen <= total * 0.5 < seen + count:
            paper = level
            break
        seen += count
    return ink, paper


def ink_threshold(img: Image.Image) -> int:
    """The grey level below which a pixel is ink, from the page's own ink and paper."""
    return _threshold(*levels(img))


def _threshold(ink: int, paper: int) -> int:
    if paper - ink < 40:
        return 160  # a blank or unreadable page: the clean-scan threshold
    return ink + round((paper - ink) * INK_FRACTION)


def _ink(img: Image.Image, threshold: int) -> Image.Image:
    """The page's ink white on black (the fill of a turned image is then no ink)."""
    return img.point(lambda v: 255 if v < threshold else 0)


def _sharpness(ink: Image.Image, angle: float) -> float:
    turned = ink.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=0)
    profile = turned.resize((1, turned.height), Image.Resampling.BOX).tobytes()
    return float(sum((a - b) ** 2 for a, b in pairwise(profile)))


#: the longest side (pixels) of the images the skew is measured on, coarse and fine (an A4
#: page at 200 DPI reduced 4× and 2×; a larger page is reduced more, in the same time)
COARSE_SIDE, FINE_SIDE = 600, 1200


def _thumbnail(img: Image.Image, side: int) -> Image.Image:
    return img.reduce(max(1, round(max(img.size) / side)))


def looks_sideways(img: Image.Image) -> bool:
    """The page's columns of ink are sharper than its rows: its text runs down the page."""
    ink = _thumbnail(_ink(img, ink_threshold(img)), COARSE_SIDE)
    return _sharpness(ink, 0) < _sharpness(ink.rotate(90, expand=True), 0)


def skew(img: Image.Image, threshold: int) -> float:
    """The angle (degrees, counter-clockwise) that levels the page's rows of ink (0 for a
    page without ink, or with no angle better than level)."""
    ink = _ink(img, threshold)
    if ink.getbbox() is None:
        return 0.0
    coarse = _thumbnail(ink, COARSE_SIDE)
    steps = round(MAX_SKEW / 0.25)
    angles = [i / 4 for i in range(-steps, steps + 1)]
    best = max(angles, key=lambda a: (_sharpness(coarse, a), -abs(a)))
    fine = _thumbnail(ink, FINE_SIDE)
    candidates = [best + d / 50 for d in range(-12, 13)]
    return max(candidates, key=lambda a: (_sharpness(fine, a), -abs(a)))


def straighten(img: Image.Image) -> tuple[Image.Image, int, float]:
    """The page levelled (mode L), its ink threshold, and the angle it was turned by."""
    img = img.convert("L")
    ink, paper = levels(img)
    threshold = _threshold(ink, paper)
    angle = skew(img, threshold)
    if abs(angle) < MIN_SKEW:
        return img, threshold, 0.0
    turned = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=paper)
    return turned, threshold, angle
