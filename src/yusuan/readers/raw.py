"""The raw document: what a reader hands to recognition.

A reader turns a file into pages of lines of cells, each cell with a horizontal extent.
For tab-separated text, a cell's extent is its column index; for a PDF, its position in
points. Recognition works on this one shape, whatever the file format.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class RawCell:
    """One cell of text with its horizontal extent (x0 < x1)."""

    text: str
    x0: float
    x1: float

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True, slots=True)
class RawLine:
    """One visual line of a page (1-based ``page`` and ``number``)."""

    page: int
    number: int
    cells: tuple[RawCell, ...]
    y: float = 0.0
    height: float = 1.0

    @property
    def text(self) -> str:
        """The line's cells joined by a single space (blank cells dropped)."""
        return " ".join(c.text for c in self.cells if c.text)

    @property
    def compact(self) -> str:
        """The line's text with all whitespace removed."""
        return "".join("".join(c.text.split()) for c in self.cells)

    @property
    def filled(self) -> tuple[RawCell, ...]:
        """The non-blank cells."""
        return tuple(c for c in self.cells if c.text.strip())


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A document as read: file path, format and its lines in reading order."""

    path: str
    format: str  # "text" or "pdf"
    lines: tuple[RawLine, ...]
    pages: int = 1
    positional: bool = field(default=False)  # True when x is in points (PDF), False for column indexes
