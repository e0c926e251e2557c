"""The words of performance tables (``selfeval.yaml``) typed: titles, the 资金 block's rows and
columns, the indicator grid's columns, 一级/二级 indicator families, directions and the words of
a met result. Labels are matched folded (:func:`~yusuan.lang.vocabulary.fold`) with their
trailing ``(A)``/``(B/A)``/``(10分)``/``(%)`` dropped (:func:`label_key`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from yusuan import bundled, yamlfile
from yusuan.lang.vocabulary import fold, longest_first

_LABEL_TAIL = re.compile(r"(?:\([^()]*\)|[:：])+$")


@lru_cache(maxsize=1 << 14)
def label_key(text: str) -> str:
    """A label as matched: folded, without its trailing (A)/(B/A)/(10分)/(%)/colon and the * of
    a required field (*指标值). Remembered
    (a page's cells are looked up many times over) and idempotent: the key of a key is itself."""
    return _LABEL_TAIL.sub("", fold(text)).lstrip("*＊")


def _index(groups: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Each word of ``groups`` → the first group naming it."""
    index: dict[str, str] = {}
    for name, words in groups.items():
        for word in words:
            index.setdefault(word, name)
    return index


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
    tiers: dict[str, tuple[str, ...]]
    met: tuple[str, ...]
    money_words: tuple[str, ...]
    count_units: tuple[str, ...]
    required_fields: tuple[str, ...]
    project_field: tuple[str, ...]
    header_fields: tuple[str, ...]
    footer_fields: tuple[str, ...]
    whole_cells: frozenset[str]  # labels read only as a whole cell, never cut out of a run

    @cached_property
    def _by_word(self) -> dict[str, dict[str, str]]:
        """For each kind of label: each word → the first group naming it."""
        kinds = {
            "funds_columns": self.funds_columns,
            "funds_rows": self.funds_rows,
            "grid_columns": self.grid_columns,
            "level1": self.level1,
            "level2": self.level2,
            "tiers": self.tiers,
        }
        return {kind: _index(groups) for kind, groups in kinds.items()}

    @cached_property
    def labels(self) -> frozenset[str]:
        """Every column label and 一级/二级 label (not the 资金 rows, read with 其中)."""
        by = self._by_word
        return frozenset(
            {**by["funds_columns"], **by["grid_columns"], **by["level1"], **by["level2"]}
        )

    def grid_words(self, name: str) -> frozenset[str]:
        """The labels :meth:`grid_column` reads as the column ``name``."""
        return frozenset(w for w, n in self._by_word["grid_columns"].items() if n == name)

    def funds_column(self, text: str) -> str | None:
        return self._by_word["funds_columns"].get(label_key(text))

    def funds_row(self, text: str) -> str | None:
        key = label_key(text).removeprefix("其中:").removeprefix("其中")
        return self._by_word["funds_rows"].get(label_key(key))

    def grid_column(self, text: str) -> str | None:
        return self._by_word["grid_columns"].get(label_key(text))

    def level1_family(self, text: str) -> str | None:
        """The family of a 一级指标 label (``产出指标(50分)`` → ``output``)."""
        return self._by_word["level1"].get(label_key(text))

    def level2_family(self, text: str) -> str | None:
        return self._by_word["level2"].get(label_key(text))

    def tier(self, text: str) -> str | None:
        """The 定性 tier an actual value names (``基本完成`` → ``部分达成``), or None."""
        return self._by_word["tiers"].get(label_key(text))

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
        words -= self.whole_cells
        return re.compile("|".join(re.escape(w) for w in longest_first(words)))


def _load() -> SelfEvalWords:
    text = bundled.files("yusuan.lang").joinpath("selfeval.yaml").read_text(encoding="utf-8")
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
        tiers=group("tiers"),
        met=_words(d["met"]),
        money_words=_words(d["money_words"]),
        count_units=tuple(d["count_units"]),
        required_fields=_words(d["required_fields"]),
        project_field=_words(d["project_field"]),
        header_fields=_words(d["header_fields"]),
        footer_fields=_words(d["footer_fields"]),
        whole_cells=frozenset(_words(d["whole_cells"])),
    )


SELFEVAL_WORDS = _load()
