"""The budget vocabulary (``vocabulary.yaml``) typed: subjects and their variants, how they add
up, direction words, units, placeholders and the signs of a budget page."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any

from yusuan import bundled, yamlfile


@dataclass(frozen=True, slots=True)
class Subject:
    """A budget thing a page names: ``reception`` is 公务接待费 however it is spelled."""

    key: str
    name: str
    words: tuple[str, ...]
    parts: tuple[str, ...] = ()
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Decomposition:
    """A subject as the sum of parts (``optional`` parts may be left out of a listing)."""

    total: str
    parts: tuple[str, ...]
    optional: tuple[str, ...] = ()


def longest_first(words: Iterable[str]) -> list[str]:
    """Words for an alternation of a pattern: longest first (so that 减少 is tried before 减),
    then in order (one text of the pattern in every process, whatever order a set gave)."""
    return sorted(set(words), key=lambda w: (-len(w), w))


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """The form words are matched in: half-width brackets and quotes kept, spaces dropped
    (remembered: labels and names are folded over and over)."""
    return "".join(text.translate(_FOLD).split())


#: what may follow a subject's word in a label that names it: 支出决算数, 预算总额, 2016年预算 …
_QUALIFIERS = re.compile(
    r"(?:\d{4}年度?|财政拨款|一般公共预算|本年|当年|全年|年初|实际|累计|合计|总计|共计|总额|金额|"
    r"支出|收入|预算|决算|执行|安排|数|资金|经费|费用|部分|情况|拨入|[\"“”])*"
    r"(?:为|是|共|达|约)?"
)
_FOLD = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "；": ";", "＂": '"'})


class Vocabulary:
    """The vocabulary, read once from its YAML data."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.subjects: dict[str, Subject] = {
            key: Subject(
                key,
                str(v["name"]),
                tuple(fold(w) for w in v["words"]),
                tuple(v.get("parts", ())),
                v.get("parent"),
            )
            for key, v in data["subjects"].items()
        }
        self.decompositions: tuple[Decomposition, ...] = tuple(
            Decomposition(d["total"], tuple(d["parts"]), tuple(d.get("optional", ())))
            for d in data.get("decompositions", ())
        ) + tuple(Decomposition(s.key, s.parts) for s in self.subjects.values() if s.parts)
        dirs = data["directions"]
        self.up: tuple[str, ...] = tuple(dirs["up"])
        self.down: tuple[str, ...] = tuple(dirs["down"])
        self.flat: tuple[str, ...] = tuple(dirs["flat"])
        self.units: dict[str, Decimal] = {k: Decimal(v) for k, v in data["units"].items()}
        self.placeholders: dict[str, tuple[str, ...]] = {
            k: tuple(fold(w) for w in v) for k, v in data["placeholders"].items()
        }
        self.signs: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in data["signs"].items()}

    @cached_property
    def _words(self) -> tuple[tuple[str, str], ...]:
        pairs = [(w, s.key) for s in self.subjects.values() for w in s.words]
        return tuple(sorted(pairs, key=lambda p: -len(p[0])))

    @cached_property
    def subject_pattern(self) -> re.Pattern[str]:
        """Any subject word, longest first (matched in folded text)."""
        return re.compile("|".join(re.escape(w) for w, _ in self._words))

    def subject_of(self, text: str) -> str | None:
        """The key of the last subject a label names (``其中：公务接待费`` → ``reception``)."""
        folded = fold(text)
        best: tuple[int, int, str] | None = None  # (end, length, key): the last, then longest
        for m in self.subject_pattern.finditer(folded):
            key = self.key_of(m.group(0))
            cand = (m.end(), len(m.group(0)), key)
            if best is None or cand[:2] > best[:2]:
                best = cand
        return best[2] if best else None

    def complete(self, total: str | None, parts: list[str | None]) -> bool:
        """Whether ``parts`` are the whole of ``total`` by one of its decompositions: every
        required part listed, nothing else (a part may be listed as its own parts)."""
        if total is None or None in parts:
            return False
        listed = set(parts)
        for d in self.decompositions:
            if d.total != total:
                continue
            expanded = set()
            for p in d.parts:
                own = set(self.subjects[p].parts) if p in self.subjects else set()
                if p in listed or (own and own <= listed):
                    expanded |= {p} | (own & listed)
                elif p not in d.optional:
                    break
            else:
                if listed <= expanded:
                    return True
        return False

    def ancestors(self, key: str) -> tuple[str, ...]:
        """The subjects above ``key``, nearest first (公务接待费 → “三公”经费)."""
        found: list[str] = []
        s = self.subjects.get(key)
        while s is not None and s.parent is not None and s.parent not in found:
            found.append(s.parent)
            s = self.subjects.get(s.parent)
        return tuple(found)

    def says_unchanged(self, text: str) -> bool:
        """The text begins by saying nothing changed (``与上年持平，无增减变化``): no reason given."""
        folded = fold(text).removeprefix("与上年").removeprefix("比上年").removeprefix("较上年")
        return folded.startswith(self.flat)

    def names(self, label: str) -> str | None:
        """The subject a label names as its own — the subject's word followed only by words that
        qualify it (支出, 决算数, 预算总额, a year …): ``公务接待费支出决算`` → reception, but
        ``政府采购货物支出`` (a part of 政府采购) → None."""
        folded = fold(label)
        found: str | None = None
        for m in self.subject_pattern.finditer(folded):
            if _QUALIFIERS.fullmatch(folded[m.end() :]):
                # 其他工资福利支出 is another item than 工资福利支出
                other = folded[max(0, m.start() - 2) : m.start()].endswith("其他")
                found = None if other else self.key_of(m.group(0))
        return found

    def key_of(self, word: str) -> str:
        for w, key in self._words:
            if w == word:
                return key
        raise KeyError(word)

    def name(self, key: str) -> str:
        return self.subjects[key].name if key in self.subjects else key

    def direction(self, word: str) -> int | None:
        """+1 for a word of increase, -1 of decrease, 0 for 持平; None for no such word."""
        if word in self.flat:
            return 0
        if word in self.up:
            return 1
        if word in self.down:
            return -1
        return None

    def unit_name(self, factor: Decimal) -> str:
        """The money unit that is ``factor`` 元 (元, 万元, 亿元); 万元 for an unknown factor."""
        for name, f in self.units.items():
            if f == factor and name.endswith("元"):
                return name
        return "万元"

    def unit_factor(self, unit: str) -> Decimal | None:
        """How many 元 one ``unit`` is (元, 万元, 亿元…)."""
        return self.units.get(unit)


_TITLE_WORDS = ("预算", "决算", "经费", "决支出", "绩效")
_TITLE_ENDS = ("说明", "情况", "决算", "预算", "公开", "表", "报告", "统计表", "明细表")


def is_title(text: str) -> bool:
    """A heading or a table's title: short, no sentence punctuation, naming a budget thing and
    ending as titles end (…情况说明, …统计表, …部门预算)."""
    text = text.replace("|", " ").strip()
    return (
        len(text) <= 60
        and not any(p in text for p in "。，,；;")
        and any(w in text for w in _TITLE_WORDS)
        and text.endswith(_TITLE_ENDS)
    )


def _load() -> Vocabulary:
    text = bundled.files("yusuan.lang").joinpath("vocabulary.yaml").read_text(encoding="utf-8")
    return Vocabulary(yamlfile.load(text))


VOCABULARY = _load()
