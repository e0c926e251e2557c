"""The words of performance tables (``selfeval.yaml``) typed: titles, the 资金 block's rows and
columns, the indicator grid's columns, 一级/二级 indicator families, directions and the words of
a met result. Labels are matched folded (:func:`~yusuan.lang.vocabulary.fold`) with their
trailing ``(A)``/``(B/A)``/``(10分)``/``(%)`` dropped (:func:`label_key`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import Any

from yusuan import yamlfile
from yusuan.lang.vocabulary import fold

_LABEL_TAIL = re.compile(r"(?:\([^()]*\)|[:：])+$")


def label_key(text: str) -> str:
    """A label as matched: folded, without its trailing (A)/(B/A)/(10分)/(%)/colon."""
    return _LABEL_TAIL.sub("", fold(text))


def _words(value: Any) -> tuple[str, ...]:
    return tuple(fold(str(w)) for w in value)


@dataclass(frozen=True)
class SelfEvalWords:
    """The words of performance tables, read once from their YAML data."""

    titles: dict[str, tuple[str, ...]]
    funds_rows: dict[str, tuple[str, ...]]
    funds_columns: dict[str, tuple[str, ...]]
    grid_columns: dict[str, tuple[str, ...]]
    level1: dict[str, tuple[str, ...]]
    level2: dict[str, tuple[str, ...]]
    total: tuple[str, ...]
    grade: tuple[str, ...]
    directions: dict[str, tuple[str, ...]]
    met: tuple[str, ...]
    money_words: tuple[str, ...]
    count_units: tuple[str, ...]
    required_fields: tuple[str, ...]

    @staticmethod
    def _lookup(groups: dict[str, tuple[str, ...]], text: str) -> str | None:
        key = label_key(text)
        for name, words in groups.items():
            if key in words:
                return name
        return None

    def funds_column(self, text: str) -> str | None:
        return self._lookup(self.funds_columns, text)

    def funds_row(self, text: str) -> str | None:
        key = label_key(text).removeprefix("其中:").removeprefix("其中")
        return self._lookup(self.funds_rows, key)

    def grid_column(self, text: str) -> str | None:
        return self._lookup(self.grid_columns, text)

    def level1_family(self, text: str) -> str | None:
        """The family of a 一级指标 label (``产出指标(50分)`` → ``output``)."""
        return self._lookup(self.level1, text)

    def level2_family(self, text: str) -> str | None:
        return self._lookup(self.level2, text)

    def direction(self, text: str) -> tuple[str, str] | None:
        """(the direction, the word printed) a value starts with, or None."""
        t = fold(text)
        for sign, words in self.directions.items():
            for w in sorted(words, key=len, reverse=True):
                if t.startswith(w):
                    return sign, w
        return None

    @cached_property
    def split_pattern(self) -> re.Pattern[str]:
        """Every label of the tables, longest first: where cells run together are cut."""
        words = {
            w
            for groups in (self.funds_rows, self.funds_columns, self.grid_columns, self.level1)
            for ws in groups.values()
            for w in ws
        }
        words |= {w for ws in self.level2.values() for w in ws if w.endswith("指标")}
        words |= {
            "一级指标",
            "二级指标",
            "三级指标",
            "指标名称",
            "年度总体目标",
            "绩效指标",
            *self.total,
        }
        return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def _load() -> SelfEvalWords:
    text = resources.files("yusuan.lang").joinpath("selfeval.yaml").read_text(encoding="utf-8")
    d = yamlfile.load(text)

    def group(k: str) -> dict[str, tuple[str, ...]]:
        return {str(n): _words(v) for n, v in d[k].items()}

    return SelfEvalWords(
        titles=group("titles"),
        funds_rows=group("funds_rows"),
        funds_columns=group("funds_columns"),
        grid_columns=group("grid_columns"),
        level1=group("level1"),
        level2=group("level2"),
        total=_words(d["total"]),
        grade=_words(d["grade"]),
        directions={k: tuple(str(w) for w in v) for k, v in d["directions"].items()},
        met=_words(d["met"]),
        money_words=_words(d["money_words"]),
        count_units=tuple(d["count_units"]),
        required_fields=_words(d["required_fields"]),
    )


SELFEVAL_WORDS = _load()
