"""Narrative (情况说明 / 编制说明): paragraphs and the statements extracted from them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from yusuan.model.provenance import Source
from yusuan.money import Unit


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


@dataclass(frozen=True, slots=True)
class Change:
    """A year-over-year statement: ``比2025年增加5.94万元`` / ``增长17.62%`` / ``与上年持平``."""

    direction: str  # "增加" | "减少" | "持平"
    amount: Decimal | None = None  # absolute change, in ``unit``
    percent: Decimal | None = None
    base_year: int | None = None  # the year compared with (None for 上年)
    base_text: str = ""  # e.g. "2025年预算执行数"

    @property
    def signed(self) -> Decimal | None:
        """The change with its sign from the direction word."""
        if self.direction == "持平":
            return Decimal(0)
        if self.amount is None:
            return None
        return -self.amount if self.direction == "减少" else self.amount

    @property
    def signed_percent(self) -> Decimal | None:
        if self.direction == "持平":
            return Decimal(0)
        if self.percent is None:
            return None
        return -self.percent if self.direction == "减少" else self.percent


@dataclass(frozen=True, slots=True)
class Statement:
    """An amount stated in the narrative for a subject, with its change and reason."""

    subject: str  # the subject as written, e.g. "一般公共预算拨款", "公务接待费"
    amount: Decimal | None
    unit: Unit
    source: Source
    text: str  # the clause it came from
    section: str = ""
    change: Change | None = None
    prior: Decimal | None = None  # a prior-year amount stated for the same subject
    restated: tuple[tuple[Decimal, Source], ...] = ()  # the same subject's amount stated again
    reason: str | None = None
    code: str | None = None  # classification code named in the sentence, if any
    parts: tuple[Statement, ...] = ()  # components that explain the change ("主要是…")
