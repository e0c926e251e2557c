"""Wrapped lines of a PDF: where a line of prose runs on to the next one.

A PDF has no paragraphs, only lines placed on a page. A sentence that is longer than the
text column goes on at the left margin of the next line; its words there can look like
anything, a table title included (``…8．2025年预算单位一般公共`` / ``预算基本支出…预算表``).
Positions tell a wrapped line from a line that stands alone: the line above runs to the right
edge of the text column without ending its sentence, and this line follows it at the next
line's distance, in the same type, starting no further right than the line above.
"""

from __future__ import annotations

from yusuan.readers.raw import RawLine

#: what ends a sentence or a clause: a line ending in one of these does not run on
SENTENCE_END = ("。", "；", "：", ":", ";", "！", "？", "!", "?")
#: a line of prose across a text column is wider than this many characters of its type
PROSE_CHARS = 20


def right_edges(lines: list[RawLine] | tuple[RawLine, ...]) -> dict[int, float]:
    """Where the text column ends on each page: the right edge of its widest one-cell lines."""
    edges: dict[int, float] = {}
    for line in lines:
        if len(line.cells) == 1:
            edges[line.page] = max(edges.get(line.page, 0.0), line.cells[-1].x1)
    return edges


def reaches_right_edge(line: RawLine, edges: dict[int, float], chars: float = 2.5) -> bool:
    """The line's text runs to the right edge of the column (within ``chars`` character
    widths: the last word of a wrapped line may not fill it)."""
    edge = edges.get(line.page)
    if edge is None or not line.filled:
        return False
    return line.filled[-1].x1 >= edge - chars * max(line.height, 8.0)


def runs_on(above: RawLine | None, line: RawLine, edges: dict[int, float]) -> bool:
    """``line`` is the continuation of the prose line ``above``: the sentence above reaches
    the right edge of the text column unfinished, and ``line`` is the next line of the same
    text (same page and type size, one line's distance below, not indented further, not
    centred). Positional documents only: x and y in points, y from the page's bottom."""
    if above is None or above.page != line.page or not above.filled or not line.filled:
        return False
    if above.text.rstrip().endswith(SENTENCE_END):
        return False
    if line.height > above.height * 1.2:
        return False  # a title in larger type
    size = max(above.height, line.height, 8.0)
    if not 0 < above.y - line.y <= 2.5 * size:
        return False  # not the next line down (another column, a gap before a title)
    if line.filled[0].x0 > above.filled[0].x0 + size:
        return False  # indented or centred: it stands on its own
    last = above.filled[-1]
    if last.x1 - above.filled[0].x0 < PROSE_CHARS * above.height:
        return False  # too short for a line of prose: the widest line of a sparse page
    left = min(above.filled[0].x0, line.filled[0].x0)
    edge = edges.get(line.page, last.x1)
    if last.x0 > left + (edge - left) / 2:
        return False  # the line above is a row of cells, not prose across the column
    return reaches_right_edge(above, edges, chars=2.0)
