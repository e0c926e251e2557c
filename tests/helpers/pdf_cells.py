"""Where a PDF's amounts meet its table rules: an amount whose printed characters straddle a
vertical cell border has spilled over into the next cell."""

from __future__ import annotations

import re

AMOUNT = re.compile(r"-?[\d,]+\.\d\d")


def spilled(data: bytes) -> list[str]:
    """``p{page} {amount}`` for each amount that a vertical rule of its line crosses."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(data)
    out = []
    for number in range(len(pdf)):
        page = pdf[number]
        text_page = page.get_textpage()
        text = text_page.get_text_range(0, text_page.count_chars())
        rules = []
        for obj in page.get_objects(max_depth=5):
            if obj.type == raw.FPDF_PAGEOBJ_PATH:
                left, bottom, right, top = obj.get_bounds()
                if right - left < 2 and top - bottom > 5:  # a vertical border
                    rules.append(((left + right) / 2, bottom, top))
        for match in AMOUNT.finditer(text):
            boxes = [text_page.get_charbox(k) for k in range(match.start(), match.end())]
            left = min(b[0] for b in boxes)
            right = max(b[2] for b in boxes)
            middle = (boxes[0][1] + boxes[0][3]) / 2
            if any(left + 0.3 < x < right - 0.3 and lo <= middle <= hi for x, lo, hi in rules):
                out.append(f"p{number + 1} {match.group()}")
    return out
