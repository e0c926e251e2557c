"""Narrative recognition: wrapped lines joined into paragraphs under their section headings
(what the paragraphs state is read by :mod:`yusuan.recognize.prose`)."""

from __future__ import annotations

import re

from yusuan.model.narrative import Paragraph
from yusuan.model.provenance import Source
from yusuan.readers.raw import RawLine
from yusuan.recognize.wrap import reaches_right_edge, right_edges

_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
_ITEM = re.compile(r"^\d{1,2}[、.．](?!\d)\s*")


def paragraphs(lines: list[RawLine], path: str, positional: bool = False) -> list[Paragraph]:
    """Join wrapped lines into paragraphs and track section headings."""
    out: list[Paragraph] = []
    buf: list[RawLine] = []
    section = ""

    def flush() -> None:
        if buf:
            starts: list[tuple[int, int, int]] = []
            offset = 0
            for x in buf:
                starts.append((offset, x.page, x.number))
                offset += len(x.text)
            text = "".join(x.text for x in buf)
            lead = len(text) - len(text.lstrip())
            starts = [(max(0, o - lead), p, n) for o, p, n in starts]
            confs = [x.confidence for x in buf if x.confidence is not None]
            src = Source(
                file=path,
                page=buf[0].page,
                line=buf[0].number,
                confidence=min(confs) if confs else None,  # OCR: its least sure number
            )
            out.append(Paragraph(text.strip(), section, src, tuple(starts)))
            buf.clear()

    right = right_edges(lines) if positional else {}
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        starts_new = bool(_HEADING.match(text) or _ITEM.match(text))
        if (
            starts_new
            or not buf
            or (
                buf[-1].text.rstrip().endswith(("。", "：", ":", "；"))
                and not _wrapped_after_colon(buf[-1], right)
            )
            or _is_heading_line(buf[-1].text)
        ):
            flush()
            if _HEADING.match(text):
                section = text[:30] if _HEADING.match(text) and len(text) <= 30 else section
        buf.append(line)
    flush()
    return out


def _wrapped_after_colon(line: RawLine, right: dict[int, float]) -> bool:
    """A PDF line that ends with ：/； because the sentence wrapped there: it runs to the right
    edge of the text column, so the paragraph goes on (a paragraph's last line stops short)."""
    if line.text.rstrip().endswith("。"):
        return False
    return len(line.cells) == 1 and reaches_right_edge(line, right)


def _is_heading_line(text: str) -> bool:
    t = text.strip()
    return bool(_HEADING.match(t)) and len(t) <= 20 and not t.endswith("。")
