"""A page's noise taken out before it is read (text, HTML and Word pages; a PDF's text is read
as printed): traditional characters, pinyin debris, split numbers, letter spacing and page chrome
(:mod:`yusuan.lang.normalize`). Chrome lines are dropped; other lines keep their numbers."""

from __future__ import annotations

from yusuan.lang.normalize import is_chrome, is_traditional, normalize_text, untouched
from yusuan.readers.raw import RawDocument, RawLine

_FORMATS = ("text", "html", "docx")


def denoise(doc: RawDocument) -> RawDocument:
    """The document with each cell's text normalised and page-chrome lines left out."""
    if doc.format not in _FORMATS:
        return doc
    lines: list[RawLine] = []
    changed = False
    traditional = is_traditional([line.text for line in doc.lines])
    for line in doc.lines:
        if is_chrome(line.text):
            changed = True
            continue
        if not traditional and untouched([c.text for c in line.cells]):
            lines.append(line)
            continue
        texts = [normalize_text(c.text, traditional) for c in line.cells]
        if any(t != c.text for t, c in zip(texts, line.cells, strict=True)):
            changed = True
            cells = tuple(c._replace(text=t) for c, t in zip(line.cells, texts, strict=True))
            lines.append(RawLine(line.page, line.number, cells, line.y, line.height, line.sheet))
        else:
            lines.append(line)
    if not changed:
        return doc
    return RawDocument(doc.path, doc.format, tuple(lines), doc.pages, doc.positional)


__all__ = ["denoise"]
