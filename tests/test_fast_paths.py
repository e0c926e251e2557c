"""Recognition's shortcuts give the answers of the long ways (issue #16): a line with nothing to
normalise is passed over, self-evaluation labels are looked up in dicts, provenance is built
without ``dataclasses.replace``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from yusuan.lang.normalize import normalize_text, untouched
from yusuan.lang.selfeval import SELFEVAL_WORDS as W
from yusuan.lang.selfeval import label_key
from yusuan.model import Source
from yusuan.readers import read_bytes
from yusuan.recognize import selfeval
from yusuan.recognize.noise import denoise

EXAMPLES = Path(__file__).parent.parent / "examples"

#: characters the normalising families act on, and ordinary ones
alphabet = st.sampled_from(
    [*"０１％(（)jīngāé {}\t\u3000經費單萬預算经费单位万元合计.,%5 2 9年", "{{x}}", ". "]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(alphabet, max_size=12).map("".join), min_size=1, max_size=5))
def test_a_line_said_untouched_is_left_as_it_is(cells: list[str]) -> None:
    if untouched(cells):
        assert [normalize_text(c) for c in cells] == cells


def test_untouched_lines_are_most_of_a_budget_and_denoising_keeps_them() -> None:
    path = EXAMPLES / "綦江区政务办2026年部门预算.txt"
    doc = read_bytes(path.read_bytes(), path.name)
    plain = [line for line in doc.lines if untouched([c.text for c in line.cells])]
    assert len(plain) > len(doc.lines) / 2
    kept = {id(line) for line in denoise(doc).lines}
    assert all(id(line) in kept for line in plain)  # the same objects, not copies
    assert not untouched(["2.82 %"]) and normalize_text("2.82 %") == "2.82%"


def _lookup_by_scan(groups: dict[str, tuple[str, ...]], text: str) -> str | None:
    key = label_key(text)
    return next((name for name, words in groups.items() if key in words), None)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(
        [
            w
            for g in (W.funds_columns, W.grid_columns, W.level1, W.level2)
            for ws in g.values()
            for w in ws
        ]
    ),
    st.sampled_from(["", "(A)", "(10分)", "：", "(%)", "x"]),
)
def test_label_lookups_find_the_group_a_scan_finds(word: str, tail: str) -> None:
    text = word + tail
    assert W.funds_column(text) == _lookup_by_scan(W.funds_columns, text)
    assert W.grid_column(text) == _lookup_by_scan(W.grid_columns, text)
    assert W.level1_family(text) == _lookup_by_scan(W.level1, text)
    assert W.level2_family(text) == _lookup_by_scan(W.level2, text)
    assert label_key(label_key(text)) == label_key(text)


def test_a_budget_without_performance_tables_holds_no_self_evaluation() -> None:
    path = EXAMPLES / "綦江区政务办2026年部门预算.txt"
    doc = denoise(read_bytes(path.read_bytes(), path.name))
    stream = selfeval.cells(doc)
    assert len(stream) > 1000 and selfeval.read_selfevaluation(doc) is None
    assert not any(W.grid_column(c.text) == "actual" for c in stream)


def test_source_at_is_a_copy_naming_what_is_given() -> None:
    src = Source("a.pdf", 3, 12, "表", "行", None, "表!C12", 0.7)
    assert src.at(column="列") == replace(src, column="列")
    assert src.at(table="表二", row="合计") == replace(src, table="表二", row="合计")
    assert src.at() == src and src.at() is not src
