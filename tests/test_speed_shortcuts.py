"""Shortcuts taken for speed (issue #16) give what the full path gives.

Each shortcut skips work when a cheap look at the text shows it cannot find anything; these
tests pin that it never skips a page the full path would have read differently.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from yusuan.readers import read_bytes
from yusuan.readers.raw import RawDocument
from yusuan.recognize import selfeval
from yusuan.recognize.noise import denoise
from yusuan.recognize.selfeval_cells import cells

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
