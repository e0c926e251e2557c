"""Scoring schemes of performance self-evaluation as data (``schemes.yaml``): execution points,
一级 split, total and grade bands. :func:`scheme_for` picks the profile's scheme, or the one whose
execution points the page prints."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from yusuan import yamlfile


@dataclass(frozen=True, slots=True)
class Scheme:
    name: str
    execution: Decimal
    levels: tuple[tuple[str, Decimal], ...]
    total: Decimal


@dataclass(frozen=True, slots=True)
class Schemes:
    schemes: dict[str, Scheme]
    grades: tuple[tuple[Decimal, str], ...]
    method_words: dict[str, str]

    def grade(self, score: Decimal) -> str:
        return next(g for low, g in self.grades if score >= low)


@lru_cache(maxsize=1)
def schemes() -> Schemes:
    text = resources.files("yusuan.rules").joinpath("schemes.yaml").read_text(encoding="utf-8")
    d = yamlfile.load(text)
    return Schemes(
        {
            str(k): Scheme(
                str(k),
                Decimal(str(v["execution"])),
                tuple((f, Decimal(str(p))) for f, p in (v.get("levels") or {}).items()),
                Decimal(str(v["total"])),
            )
            for k, v in d["schemes"].items()
        },
        tuple((Decimal(str(low)), str(g)) for low, g in d["grades"]),
        {str(k): str(v) for k, v in d["method_words"].items()},
    )


def scheme_for(name: str, execution: Decimal | None) -> Scheme:
    """The profile's scheme, or the first whose execution points the page prints."""
    all_ = schemes().schemes
    base = all_.get(name) or next(iter(all_.values()))
    if execution is None or execution == base.execution:
        return base
    return next((s for s in all_.values() if s.execution == execution), base)
