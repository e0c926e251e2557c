"""Narrative (情况说明 / 编制说明): its paragraphs, each under its section heading."""

from __future__ import annotations

from dataclasses import dataclass

from yusuan.model.provenance import Source


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of narrative text under its section heading.

    ``starts`` maps character offsets of ``text`` to the (page, line) each joined line began on,
    so that a statement can point at the line it is on, not just the paragraph's first line.
    """

    text: str
    section: str
    source: Source
    starts: tuple[tuple[int, int, int], ...] = ()  # (offset, page, line)

    def at(self, offset: int) -> Source:
        """The source of the character at ``offset``."""
        page, line = self.source.page, self.source.line
        for start, p, n in self.starts:
            if start > offset:
                break
            page, line = p, n
        return Source(
            file=self.source.file, page=page, line=line, confidence=self.source.confidence
        )
