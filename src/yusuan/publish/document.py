"""The document to publish: paragraphs and grids, independent of the output format.

:mod:`yusuan.publish.compose` builds it from a budget package; each writer (text, XLSX, DOCX,
HTML, PDF) renders the same blocks, so every format carries the same numbers by construction.
A grid cell is text, or a :class:`~decimal.Decimal` amount that the writer formats as
``#,##0.00`` (a number in XLSX).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from yusuan import money

#: A grid cell: printed text, or an amount (``None`` prints blank).
Value = str | Decimal | None


@dataclass(frozen=True, slots=True)
class Merge:
    """A merged block of cells, 0-based and inclusive."""

    top: int
    left: int
    bottom: int
    right: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Narrative text. ``level`` 1 is the document title, 2 a section heading, 0 body text."""

    text: str
    level: int = 0


@dataclass(frozen=True, slots=True)
class Grid:
    """A titled table: lines above it (编制单位…), the unit line, rows, merges and a note."""

    title: str
    sheet: str  # a short name for the XLSX sheet
    rows: tuple[tuple[Value, ...], ...]
    header_rows: int = 0
    merges: tuple[Merge, ...] = ()
    preamble: tuple[str, ...] = ()
    unit_line: str = ""
    issuer: str = ""  # printed at the left of the unit line (编制部门：…)
    note: str = ""
    text_columns: frozenset[int] = field(default_factory=frozenset)  # wide text (概述…)
    labels: frozenset[tuple[int, int]] = field(default_factory=frozenset)  # field labels
    grouped: bool = True  # amounts with thousands separators (1,421.74) or plain (1421.74)

    def text(self, value: Value) -> str:
        """A cell as printed in this grid."""
        return cell_text(value, self.grouped)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    @property
    def wide(self) -> bool:
        """Printed on a landscape page: more than 7 columns, or wider than an A4 portrait
        page holds (about 96 half-width characters of table text)."""
        return self.width > 7 or sum(self.column_chars()) > 96

    def column_chars(self) -> list[int]:
        """How wide each column wants to be, in half-width characters (a Chinese character
        counts two): its widest unmerged text, between 4 and 60, plus two for the padding."""
        covered = self.covered()
        anchors = self.anchors()
        out = [4] * self.width
        for r, row in enumerate(self.rows):
            for c, value in enumerate(row):
                m = anchors.get((r, c))
                if (r, c) in covered or (m is not None and m.right > m.left):
                    continue
                out[c] = max(out[c], min(display_width(self.text(value)), 60))
        return [n + 2 for n in out]

    def covered(self) -> dict[tuple[int, int], Merge]:
        """Cells hidden under a merge (every cell of a merge but its top-left one)."""
        out: dict[tuple[int, int], Merge] = {}
        for m in self.merges:
            for r in range(m.top, m.bottom + 1):
                for c in range(m.left, m.right + 1):
                    if (r, c) != (m.top, m.left):
                        out[(r, c)] = m
        return out

    def anchors(self) -> dict[tuple[int, int], Merge]:
        """Merges by their top-left cell."""
        return {(m.top, m.left): m for m in self.merges}


Block = Paragraph | Grid


@dataclass(frozen=True, slots=True)
class Document:
    """A whole disclosure package, ready to render."""

    title: str
    blocks: tuple[Block, ...]
    metadata: tuple[tuple[str, str], ...] = ()

    @property
    def grids(self) -> tuple[Grid, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Grid))


def display_width(text: str) -> int:
    """Width in half-width character cells: CJK characters and full-width punctuation count 2."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def amount_text(value: Decimal, grouped: bool = True) -> str:
    """``1,421.74`` (or ``1421.74``) — the printed form of an amount, two decimals rounded
    half-up (:func:`yusuan.money.amount_text`; the table's heading names the unit)."""
    return money.amount_text(value) if grouped else format(money.quantize(value), "f")


def cell_text(value: Value, grouped: bool = True) -> str:
    """The printed text of a grid cell."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return amount_text(value, grouped)
    return value
