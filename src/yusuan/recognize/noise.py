"""A page's noise taken out before it is read (text, HTML and Word pages; a PDF's text is read
as printed): traditional characters, pinyin debris, split numbers, letter spacing and page chrome
(:mod:`yusuan.lang.normalize`). Chrome lines are dropped; other lines keep their numbers. A page
run together into one line is cut again where its headings and numbered items were (the parts
keep the line's number)."""

from __future__ import annotations

import re

from yusuan.lang.normalize import is_chrome, is_traditional, normalize_text, untouched
from yusuan.lang.vocabulary import is_title
from yusuan.readers.raw import RawDocument, RawLine

_FORMATS = ("text", "html", "docx")
#: where a page flattened to one line had its headings and numbered items: after a sentence's
#: end, before 四、 / （二） / 2. followed by words
_RUN_ON = re.compile(
    r"(?<=[。；;！？\s])\s*(?=(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]"
    r"|\d{1,2}[.．、](?!\d))[^\s\d])"
)
_LONG = 160  # a line this long holding a heading is a page run together, not a heading line
_GAP = re.compile(r"(\s+)")


def _cut(text: str) -> list[str]:
    """A page run together into one line, cut where its lines were: before numbered items, and
    around a title standing between spaces (``… 打印 某县2021年度“三公”经费决算情况说明 根据…``);
    page chrome cut loose this way is left out."""
    parts: list[str] = []
    for part in _RUN_ON.split(text):
        buffer = ""
        for token in _GAP.split(part):
            if token.strip() and is_title(token):
                parts += [buffer, token]
                buffer = ""
            else:
                buffer += token
        parts.append(buffer)
    return [p for p in parts if p.strip() and not is_chrome(p)]


def _titled(text: str) -> bool:
    return any(is_title(t) for t in text.split())


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
        first = line.cells[0].text if len(line.cells) == 1 else ""
        if len(first) > _LONG and (_RUN_ON.search(first) or _titled(first)):
            changed = True
            for part in _cut(normalize_text(first, traditional)):
                lines.append(RawLine(line.page, line.number, (line.cells[0]._replace(text=part),)))
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
