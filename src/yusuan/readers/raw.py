"""The raw document: what a reader hands to recognition.

A reader turns a file into pages of lines of cells, each cell with a horizontal extent.
For tab-separated text, a cell's extent is its column index; for a PDF, its position in
points. Recognition works on this one shape, whatever the file format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class RawCell(NamedTuple):
    """One cell of text with its horizontal extent (x0 < x1). A tuple: cheap to make.

    ``conf`` is the OCR confidence (0–1, the lowest of the cell's words) when the cell was
    recognized from an image; None for text read from a file's text. ``placed`` is False for
    the amounts of a flattened row whose columns could not be determined (never added up): set
    by recognition when it rebuilds a table flattened into text (readers leave it True).
    """

    text: str
    x0: float
    x1: float
    conf: float | None = None
    placed: bool = True

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


class RawLine:
    """One visual line of a page (1-based ``page`` and ``number``; page 0 for text files).

    ``text`` (cells joined by a space), ``compact`` (all whitespace removed) and ``filled``
    (the non-blank cells) are computed once, since recognition asks for them many times.
    A plain slotted class: documents have thousands of lines and this is the hot path.
    """

    __slots__ = ("cells", "compact", "filled", "height", "number", "page", "sheet", "text", "y")

    def __init__(
        self,
        page: int,
        number: int,
        cells: tuple[RawCell, ...],
        y: float = 0.0,
        height: float = 1.0,
        sheet: str | None = None,
    ) -> None:
        self.page = page
        self.number = number
        self.cells = cells
        self.y = y
        self.height = height
        self.sheet = sheet  # XLSX: the worksheet's name (cells are then addressed as sheet!C12)
        if len(cells) > 1:
            filled = self.filled = tuple([c for c in cells if c.text])
            text = self.text = " ".join([c.text for c in filled])
        else:
            self.filled = cells
            text = self.text = cells[0].text if cells else ""
        self.compact = "".join(text.split())

    def __repr__(self) -> str:
        return f"RawLine(page={self.page}, number={self.number}, text={self.text!r})"

    @property
    def confidence(self) -> float | None:
        """OCR: the lowest confidence of the cells with numbers in them (None: not OCR'd, or
        no numbers)."""
        confs = [
            c.conf for c in self.cells if c.conf is not None and any(ch.isdigit() for ch in c.text)
        ]
        return round(min(confs), 2) if confs else None


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A document as read: file path, format and its lines in reading order."""

    path: str
    format: str  # "text", "html", "pdf", "docx" or "xlsx"
    lines: tuple[RawLine, ...]
    pages: int = 1
    positional: bool = False  # True when x is in points (PDF), False for column indexes
