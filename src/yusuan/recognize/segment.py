"""Split a raw document into blocks: narrative, tables, project sheets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yusuan.model.tables import TableKind
from yusuan.readers.raw import RawDocument, RawLine
from yusuan.recognize.titles import (
    DEPT_PERFORMANCE,
    PROJECT_SHEET,
    SHANGHAI_PROJECT,
    classify_title,
    is_note,
)
from yusuan.recognize.wrap import right_edges, runs_on


@dataclass
class Block:
    """A run of lines: ``kind`` is a TableKind, a sheet marker, or ``"narrative"``."""

    kind: TableKind | str
    title: RawLine | None
    lines: list[RawLine] = field(default_factory=list)


NARRATIVE = "narrative"
_SENTENCE = re.compile(r"[。；]|，.*，")
_PIPE_AMOUNT = re.compile(r"\|\s*-?\d[\d,]*(?:\.\d+)?\s*(?=\|)")
_TOC = re.compile(r"…{2,}|\.{4,}|^目\s*录$")


_PART = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")


def _ends_table(line: RawLine, in_note: bool) -> bool:
    """A prose line ends a table block; notes (备注/注/说明) and their continuation lines do not,
    up to the next part or section heading."""
    text = line.text.strip()
    if is_note(text):
        return False
    if in_note:
        return bool(_PART.match(text))
    if _PART.match(text) and len(line.filled) == 1 and ("说明" in text or "情况" in text):
        return True  # a section heading of the narrative (五、…决算情况说明)
    if text.count("|") >= 3 and _PIPE_AMOUNT.search(text):
        return False  # a |-flattened row whose last cell is a sentence (增减原因 …)
    filled = line.filled
    return (
        len(filled) <= 2 and len(line.compact) >= 12 and bool(_SENTENCE.search(text))
    ) or text in {"其他相关情况说明", "名词解释"}


def segment(doc: RawDocument) -> list[Block]:
    """Blocks in document order.

    A line that reads as a table title but continues the prose line above it (a sentence
    wrapped at the right edge of a PDF's text column) is not a title: it stays in its block.
    """
    blocks: list[Block] = [Block(NARRATIVE, None)]
    edges = right_edges(doc.lines) if doc.positional else {}
    contents = _contents_lines(doc.lines)
    above: RawLine | None = None
    notes: dict[int, bool] = {}  # a line (by id) → a note line: asked for up to three times

    def note(x: RawLine) -> bool:
        if id(x) not in notes:
            notes[id(x)] = is_note(x.text.strip())
        return notes[id(x)]

    for index, line in enumerate(doc.lines):
        previous, above = above, line
        if _TOC.search(line.text) or index in contents:
            continue
        kind = classify_title(line.text)
        if kind is not None and not (doc.positional and runs_on(previous, line, edges)):
            blocks.append(Block(kind, line))
            continue
        current = blocks[-1]
        if isinstance(current.kind, TableKind) and _ends_table(
            line, any(note(x) for x in current.lines[-3:])
        ):
            blocks.append(Block(NARRATIVE, None, [line]))
            continue
        if current.kind == SHANGHAI_PROJECT and _is_shanghai_page_title(line):
            blocks.append(Block(NARRATIVE, None, [line]))
            continue
        current.lines.append(line)
    return [b for b in blocks if b.lines or b.title is not None]


#: this many table titles one after another, nothing between them, are a list of contents
CONTENTS_RUN = 3


def _contents_lines(lines: tuple[RawLine, ...] | list[RawLine]) -> set[int]:
    """Lines of a table of contents without page numbers (a page's contents pasted as text):
    runs of :data:`CONTENTS_RUN` or more table titles with nothing between them. A real table
    has at least a header under its title."""
    found: set[int] = set()
    run: list[int] = []
    for i, line in enumerate([*lines, None]):
        if line is not None and classify_title(line.text) is not None:
            run.append(i)
            continue
        if len(run) >= CONTENTS_RUN:
            found.update(run)
        run = []
    return found


def _is_shanghai_page_title(line: RawLine) -> bool:
    return line.compact in {"其他相关情况说明", "名词解释"}


__all__ = ["DEPT_PERFORMANCE", "NARRATIVE", "PROJECT_SHEET", "SHANGHAI_PROJECT", "Block", "segment"]
