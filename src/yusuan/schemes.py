"""Scoring schemes of performance self-evaluation as data (``schemes.yaml``): execution points,
一级 split, total, 定性 bands and grades. Neutral: the scoring of tables yusuan computes
(:mod:`yusuan.perf.scoring`) and the checks of published tables (:mod:`yusuan.rules.selfeval`)
read the same schemes. :func:`scheme_for` picks the profile's scheme, or the one whose execution
points the page prints."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from yusuan import bundled, yamlfile

#: the scheme a profile that names none uses
DEFAULT = "10号"


@dataclass(frozen=True, slots=True)
class Band:
    """A 定性 tier and the share of the weight it earns: (low, high]; the lowest band includes
    its low end (未达成 may earn nothing). ``high`` is the tier's default share."""

    tier: str
    low: Decimal
    high: Decimal

    def holds(self, share: Decimal, lowest: bool) -> bool:
        return self.low < share <= self.high or (lowest and share == self.low)


@dataclass(frozen=True, slots=True)
class Scheme:
    name: str
    execution: Decimal
    levels: tuple[tuple[str, Decimal], ...]
    total: Decimal
    bands: tuple[Band, ...]

    @property
    def indicators(self) -> Decimal:
        """The points the indicators carry (the total less the execution points)."""
        return self.total - self.execution

    def band(self, tier: str) -> Band | None:
        return next((b for b in self.bands if b.tier == tier), None)

    def holds(self, band: Band, share: Decimal) -> bool:
        """Whether ``share`` lies in ``band`` (closed at the bottom for the lowest band)."""
        return band.holds(share, band is self.bands[-1])


@dataclass(frozen=True, slots=True)
class Schemes:
    schemes: dict[str, Scheme]
    grades: tuple[tuple[Decimal, str], ...]
    method_words: dict[str, str]

    def grade(self, score: Decimal) -> str:
        return next(g for low, g in self.grades if score >= low)


def _bands(raw: Any) -> tuple[Band, ...]:
    return tuple(Band(str(b["tier"]), Decimal(str(b["low"])), Decimal(str(b["high"]))) for b in raw)


@lru_cache(maxsize=1)
def schemes() -> Schemes:
    text = bundled.files("yusuan").joinpath("schemes.yaml").read_text(encoding="utf-8")
    d = yamlfile.load(text)  # libyaml (the pure-Python loader took 8 ms of each check)
    default_bands = _bands(d["bands"])
    return Schemes(
        {
            str(k): Scheme(
                str(k),
                Decimal(str(v["execution"])),
                tuple((f, Decimal(str(p))) for f, p in (v.get("levels") or {}).items()),
                Decimal(str(v["total"])),
                _bands(v["bands"]) if v.get("bands") else default_bands,
            )
            for k, v in d["schemes"].items()
        },
        tuple((Decimal(str(low)), str(g)) for low, g in d["grades"]),
        {str(k): str(v) for k, v in d["method_words"].items()},
    )


def names() -> tuple[str, ...]:
    return tuple(schemes().schemes)


def tier_names() -> frozenset[str]:
    """Every 定性 tier some scheme scores (an actuals file may name any of them)."""
    return frozenset(b.tier for s in schemes().schemes.values() for b in s.bands)


def scheme(name: str = DEFAULT) -> Scheme:
    """The scheme of that name (a profile's names are checked when it is loaded)."""
    return schemes().schemes[name]


def scheme_for(name: str, execution: Decimal | None) -> Scheme:
    """The profile's scheme, or the first whose execution points the page prints."""
    all_ = schemes().schemes
    base = all_.get(name) or next(iter(all_.values()))
    if execution is None or execution == base.execution:
        return base
    return next((s for s in all_.values() if s.execution == execution), base)
