"""Provenance: where a number or statement came from."""

from __future__ import annotations

from dataclasses import dataclass

#: An OCR'd value read with a confidence below this (0–1) is uncertain: findings that depend on
#: it are reported as 需人工核对 (a warning), not as errors.
LOW_CONFIDENCE = 0.80


@dataclass(frozen=True, slots=True)
class Source:
    """A location in an input document.

    ``page`` and ``line`` are 1-based; ``page`` is 0 or None for text files (no pages). ``line``
    is the line number in a text file, or the line index within a PDF page's reconstructed text. ``table``, ``row`` and ``column`` name the
    recognized table, the row label and the column label when the value sits in a table.
    """

    file: str = ""
    page: int | None = None
    line: int | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    cell: str | None = (
        None  # a spreadsheet address: 部门支出总表!C12, or a row 部门支出总表!A12:F12
    )
    confidence: float | None = None  # OCR confidence (0–1) of the value read here; None: text

    @property
    def uncertain(self) -> bool:
        """Read by OCR with a confidence below :data:`LOW_CONFIDENCE`: to be checked by hand."""
        return self.confidence is not None and self.confidence < LOW_CONFIDENCE

    def at(
        self,
        *,
        table: str | None = None,
        row: str | None = None,
        column: str | None = None,
    ) -> Source:
        """A copy naming a table, row or column (the fields given replace the current ones).
        Built directly: ``dataclasses.replace`` reads the fields anew on every call, and a
        check makes hundreds of these."""
        return Source(
            self.file,
            self.page,
            self.line,
            self.table if table is None else table,
            self.row if row is None else row,
            self.column if column is None else column,
            self.cell,
            self.confidence,
        )

    def describe(self) -> str:
        """Chinese description, e.g. ``第3页 第12行 表「…」 行「…」 列「…」``."""
        parts: list[str] = []
        if self.cell:
            parts.append(f"单元格 {self.cell}")
        if self.page and not self.cell:
            parts.append(f"第{self.page}页")
        if self.line is not None and not self.cell:
            parts.append(f"第{self.line}行")
        if self.table:
            parts.append(self.table if self.table.startswith("项目「") else f"表「{self.table}」")
        if self.row:
            parts.append(f"行「{self.row}」")
        if self.column:
            parts.append(f"列「{self.column}」")
        if self.uncertain:
            parts.append(f"（OCR 置信度 {self.confidence:.2f}）")
        return " ".join(parts)

    def as_dict(self) -> dict[str, object]:
        """The JSON contract's location object."""
        return {
            "page": self.page or None,
            "line": self.line,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "cell": self.cell,
            "confidence": self.confidence,
        }
