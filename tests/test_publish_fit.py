"""Published tables fit their page: a table of 元 amounts in twelve columns (a Shanghai budget
in the 重庆 layout) keeps every amount inside its cell in the PDF — its headings wrap, its
amounts do not run over the borders (checked on the PDF's own character boxes and rules)."""

from __future__ import annotations

import pytest

from tests.helpers.pdf_cells import spilled
from yusuan.model import BudgetPackage
from yusuan.pipeline import load_bytes
from yusuan.publish import html, render
from yusuan.publish.layout import load_layout
from yusuan.web.seed import OTHER_DOC, _doc


@pytest.fixture(scope="module")
def shanghai() -> BudgetPackage:
    return load_bytes(_doc(OTHER_DOC), OTHER_DOC)


@pytest.mark.parametrize("layout", ["chongqing-2026", "shanghai-2026"])
def test_yuan_amounts_stay_inside_their_cells(shanghai: BudgetPackage, layout: str) -> None:
    assert spilled(render(shanghai, load_layout(layout), "pdf")) == []


def test_the_check_sees_amounts_that_spill(
    shanghai: BudgetPackage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As tables were set before: widths by one-line headings, the font never smaller."""
    monkeypatch.setattr(html, "PAGE_CHARS", {False: 10**6, True: 10**6})
    found = spilled(render(shanghai, load_layout("chongqing-2026"), "pdf"))
    assert "p8 96,282,213.44" in found and len(found) > 10


def test_a_narrow_table_keeps_its_size_and_a_wide_one_shrinks_only_as_needed() -> None:
    assert html._font_size(80, wide=False) == html.TABLE_FONT
    assert html._font_size(146, wide=True) == html.TABLE_FONT
    assert html._font_size(292, wide=True) == html.SMALLEST_FONT  # never below it
    assert html.TABLE_FONT > html._font_size(180, wide=True) > html.SMALLEST_FONT
