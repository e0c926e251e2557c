"""Recognition's shortcuts give the answers of the long ways (issue #16): a line with nothing to
normalise is passed over, self-evaluation labels are looked up in dicts, provenance is built
without ``dataclasses.replace``, a page that can name no 实际值 column is not streamed for a
self-evaluation, a row's value columns are gathered once for all its cells."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal, localcontext
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yusuan import calc
from yusuan.calc import Equation
from yusuan.lang.normalize import normalize_text, untouched
from yusuan.lang.selfeval import SELFEVAL_WORDS as W
from yusuan.lang.selfeval import label_key
from yusuan.model import Source
from yusuan.money import number
from yusuan.readers import read_bytes
from yusuan.readers.raw import RawCell, RawDocument
from yusuan.recognize import selfeval
from yusuan.recognize.columns import CODE, CODE_PART, NAME, Anchor
from yusuan.recognize.noise import denoise
from yusuan.recognize.selfeval_cells import cells
from yusuan.recognize.tables import _ValueColumns, joined_code

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


ROOT = Path(__file__).resolve().parent
SHARED = ROOT.parent.parent / "shared"


def _pages() -> list[Path]:
    found = sorted((ROOT / "fixtures").rglob("*.txt"))
    for corpus in ("wild", "perf"):
        found += sorted((SHARED / "corpus" / corpus / "docs").glob("*.txt"))
    return found


def _doc(text: str) -> RawDocument:
    return denoise(read_bytes(text.encode("utf-8"), "page.txt"))


def test_every_actual_label_ends_as_the_prescreen_looks_for() -> None:
    for word in selfeval._ACTUAL:
        bare = "".join(c for c in word if c not in selfeval._BETWEEN and not c.isspace())
        assert bare.endswith(selfeval._ACTUAL_ENDS), word


@pytest.mark.parametrize(
    "text",
    [
        "指标 | 目标值 | 实际值 |\n数量 | 10 | 10 |",
        "指标\n年度目标值\n实际\n……\n值\n数量\n10\n10",  # a label over lines, a filler between
        "一级 二级 指标值 实际 完成 指标 值\n产出 数量 10 10",
        "实际\n值",
    ],
)
def test_a_page_whose_stream_names_an_actual_column_is_not_passed_over(text: str) -> None:
    doc = _doc(text)
    assert selfeval._kind(None, cells(doc)) == "自评表"  # found by the stream alone
    assert selfeval._may_name_actual(doc)


def test_a_page_of_prose_is_passed_over() -> None:
    doc = _doc("一、部门职责\n本部门2026年支出预算100万元，比上年增长10%，指标值达到预期。")
    assert not selfeval._may_name_actual(doc)


def test_the_prescreen_never_skips_a_page_of_the_fixtures_or_corpora() -> None:
    pages = _pages()
    assert len(pages) > 20
    read = 0
    for path in pages:
        try:
            doc = denoise(read_bytes(path.read_bytes(), path.name))
        except Exception:  # an unreadable page is another test's
            continue
        if selfeval._kind(None, cells(doc)) == "自评表":
            read += 1
            assert selfeval._may_name_actual(doc), path
    assert read > 0


def _nearest_reference(anchors: list[Anchor], cell: RawCell, positional: bool) -> Anchor | None:
    """The value column a cell belongs to, as recognition found it before (one scan a cell)."""
    values = [a for a in anchors if a.key not in (CODE, NAME, CODE_PART)]
    if not values:
        return None
    if not positional:
        for a in values:
            if a.x0 == cell.x0:
                return a
    return min(values, key=lambda a: abs(a.center - cell.center))


def _is_code_reference(cell: RawCell, anchors: list[Anchor], positional: bool) -> bool:
    t = joined_code(cell.text)
    if not re.match(r"^\d{3}(?:\d{2}){0,2}$", t) and not re.match(r"^\d{2}$", t):
        return False
    code_anchors = [a for a in anchors if a.key in (CODE, CODE_PART)]
    value_anchors = [a for a in anchors if a.key not in (CODE, NAME, CODE_PART)]
    if not code_anchors:
        return False
    if not value_anchors:
        return True
    first_value = min(a.x0 for a in value_anchors)
    return cell.x1 <= first_value - 2 if positional else cell.x0 < first_value


_x = st.sampled_from([0.0, 1.0, 2.0, 3.0, 10.5, 40.0, 41.0, 80.25, 120.0, float("nan")])
_anchor = st.builds(
    lambda key, x0, w: Anchor(key, key, x0, x0 + w),
    st.sampled_from([CODE, NAME, CODE_PART, "本年", "上年", "合计"]),
    _x,
    st.sampled_from([0.0, 1.0, 5.0, 30.0]),
)
_cell = st.builds(
    lambda text, x0, w: RawCell(text, x0, x0 + w),
    st.sampled_from(["201", "20101", "01", "12.50", "1,200.00", "—", "合计", "2010101"]),
    _x,
    st.sampled_from([0.0, 1.0, 4.0, 20.0]),
)


@settings(max_examples=800, deadline=None)
@given(st.lists(_anchor, max_size=6), _cell, st.booleans())
def test_value_columns_gathered_once_place_a_cell_as_each_scan_did(
    anchors: list[Anchor], cell: RawCell, positional: bool
) -> None:
    columns = _ValueColumns(anchors, positional)
    assert columns.nearest(cell) is _nearest_reference(anchors, cell, positional)
    assert columns.is_code(cell) == _is_code_reference(cell, anchors, positional)


def _equations_reference(text: str) -> list[Equation]:
    """Each result's left side found by scanning the text before it for stops, as before."""
    out: list[Equation] = []
    for m in calc._RESULT.finditer(text):
        head = text[: m.start()]
        stops = list(calc._LEFT_STOP.finditer(head))
        start = stops[-1].end() if stops else 0
        while (
            start > 0
            and start < len(head)
            and head[start - 1] == ","
            and head[start - 2 : start - 1].isdigit()
        ):
            prev = [s for s in stops if s.end() < start - 1]
            start = prev[-1].end() if prev else 0
        left = head[start:]
        try:
            tokens = calc.tokenize(left)
            if not any(isinstance(t, str) and t in "+-*/" for t in tokens):
                continue
            value = calc.evaluate(tokens)
        except calc.CalcError:
            continue
        unit = m.group(2) or ""
        out.append(Equation(left.strip(), value, number(m.group(1)), unit, start, m.end()))
    return out


_calc_piece = st.sampled_from(
    ["1,200", "3", "0.5", "*", "×", "+", "/", "=", "=1,800", "元", "万元", "，", ",", "；",
     "合计", "共计", "为", "计算", "人", "(", ")", " ", "12", "=0", "0",
     "2*3=6元", "1,200×12=14,400元", "5+5=10万元"]
)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(_calc_piece, max_size=24).map("".join))
def test_equations_found_with_the_stops_scanned_once_are_those_of_each_scan(text: str) -> None:
    assert calc.equations(text) == _equations_reference(text)
    assert calc.equations(text) == _equations_reference(text)  # remembered: the same again


def test_equations_are_remembered_per_arithmetic_context() -> None:
    text = "1/3=0.33元"
    with localcontext() as ctx:
        ctx.prec = 5
        short = calc.equations(text)[0].value
    with localcontext() as ctx:
        ctx.prec = 40
        long = calc.equations(text)[0].value
    assert (short, len(str(long))) == (Decimal("0.33333"), 42)
