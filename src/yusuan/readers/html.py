"""Reader for HTML pages: real ``<table>`` markup, and tables flattened into text (as government
portals often publish them): cells separated by ``|`` are split here; tables printed one cell
per paragraph or line, or with a row's cells run together, are rebuilt by recognition
(:mod:`yusuan.recognize.flattened`) from the lines read here.

Block elements (``p``, ``div``, ``br``, headings, ``li``) end a line (an empty one, ``<p></p>``
or ``<br><br>``, is kept as a line with one empty cell: a blank cell of a table flattened one
cell per line, which recognition needs); a table row is a line of cells, a ``colspan`` leaving
blank cells after its text and a ``rowspan`` blank cells below it, as merged cells do in tab
text. Navigation (``nav``: menus, a table of contents) is not content and is skipped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from yusuan import limits
from yusuan.errors import EmptyFileError
from yusuan.readers.raw import RawCell, RawDocument, RawLine
from yusuan.readers.text import decode

_BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "title"}
_SKIP = {"script", "style", "head", "nav"}
_PIPES = re.compile(r"\s*[|｜]\s*")


class _Collector(HTMLParser):
    def __init__(self, path: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.path = path
        self.cells = 0  # table cells made so far (a colspan makes several): Limits.cells
        self.max_cells = limits.current().cells
        self.lines: list[list[str]] = []
        self.text: list[str] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = 1
        self.rowspan = 1
        self.below: dict[int, int] = {}  # column → rows still covered by a rowspan above
        self.skip = 0
        self.opened = -1  # lines collected when the innermost open block element began
        self.breaks = 0  # <br> in a row with no text between them

    def _flush_text(self) -> None:
        text = "".join(self.text).strip()
        self.text = []
        if text:
            self.lines.append([text])
            self.breaks = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag == "tr":
            self._flush_text()
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            values = dict(attrs)
            self.span = _span(values.get("colspan"))
            self.rowspan = _span(values.get("rowspan"))
        elif tag == "br" and self.cell is None and not self.skip:
            self._flush_text()
            self.breaks += 1
            if self.breaks > 1 and self.row is None:
                self.lines.append([""])  # a<br><br>b: an empty line between
        elif tag in _BLOCK and self.cell is None:
            self._flush_text()
            self.opened = len(self.lines)
            self.breaks = 0

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.row is not None and self.cell is not None:
            self._covered(self.row)
            self._count(self.span)
            start = len(self.row)
            self.row.append("".join(self.cell).strip())
            self.row.extend([""] * (self.span - 1))
            if self.rowspan > 1:
                for col in range(start, start + self.span):
                    self.below[col] = self.rowspan - 1
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self._covered(self.row, to_end=True)
            if any(c for c in self.row):
                self.lines.append(self.row)
            self.row = None
        elif tag in _BLOCK and self.cell is None:
            self._flush_text()
            if self.opened == len(self.lines) and self.row is None and not self.skip:
                self.lines.append([""])  # <p></p>: an empty line
            self.opened = -1

    def _covered(self, row: list[str], to_end: bool = False) -> None:
        """Blank cells where a rowspan from above covers the next column (or every remaining
        covered column at the end of a row)."""
        while len(row) in self.below or (to_end and any(c >= len(row) for c in self.below)):
            col = len(row)
            self._count(1)
            row.append("")
            left = self.below.pop(col, 0) - 1
            if left > 0:
                self.below[col] = left

    def _count(self, cells: int) -> None:
        """Refuse a page whose colspans and rowspans make more cells than the limit, as they
        are made (999 × 999 a cell)."""
        self.cells += cells
        if self.cells > self.max_cells:
            raise limits.exceeded("cells", self.cells, self.path)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.row is None:
            self.text.append(data)


def _span(value: str | None) -> int:
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit() and len(value) <= 3):  # ² is a digit too
        return 1
    return max(1, int(value))


def read_html(data: bytes, path: str) -> RawDocument:
    """Read an HTML page into lines of cells, numbered in reading order (empty lines included:
    recognition drops them after rebuilding flattened tables, and numbers the lines again)."""
    text = decode(data, path)
    limits.check("chars", len(text), path)
    collector = _Collector(path)
    collector.feed(text)
    collector.close()
    collector._flush_text()
    parts_of_lines = _unflatten(collector.lines)
    limits.check("lines", len(parts_of_lines), path)
    limits.check("cells", sum(len(parts) for parts in parts_of_lines), path)
    lines = tuple(
        RawLine(0, number, cells_of(parts), y=float(number))
        for number, parts in enumerate(parts_of_lines, start=1)
    )
    if not any(c.text for line in lines for c in line.cells):
        raise EmptyFileError(path)
    return RawDocument(path=path, format="html", lines=lines, pages=1, positional=False)


def cells_of(parts: list[str]) -> tuple[RawCell, ...]:
    """A line's cells, each at its column index."""
    return tuple(RawCell(p.strip(), float(i), float(i + 1)) for i, p in enumerate(parts))


def _unflatten(lines: list[list[str]]) -> list[list[str]]:
    """Split ``a | b | c`` text lines into cells. A run of such lines that all start and end
    with a pipe (``| a | b |``) has boundary pipes, which are not empty cells."""
    out: list[list[str]] = []
    run: list[str] = []

    def flush() -> None:
        boundary = all(t.startswith(("|", "｜")) and t.endswith(("|", "｜")) for t in run)
        for t in run:
            parts = _PIPES.split(t)
            out.append(parts[1:-1] if boundary else parts)
        run.clear()

    for parts in lines:
        if parts == [""]:
            flush()
            out.append(parts)  # an empty line, kept for recognition (flattened tables)
            continue
        if len(parts) == 1 and ("|" in parts[0] or "｜" in parts[0]):
            run.append(parts[0].strip())
            continue
        flush()
        out.append(parts)
    flush()
    return out
