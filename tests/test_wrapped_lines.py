"""A PDF sentence wrapped at the right edge of the text column goes on at the left margin of
the next line; that line is not a table title, however much it reads like one."""

from __future__ import annotations

import pytest

from yusuan.model import TableKind
from yusuan.readers.raw import RawCell, RawDocument, RawLine
from yusuan.recognize import narrative
from yusuan.recognize.segment import NARRATIVE, segment

LEFT, RIGHT = 50.0, 540.0  # the text column of an A4 page, in points
SIZE = 11.5  # body type
STEP = 21.0  # one line down


def line(n: int, text: str, x0: float, x1: float, y: float, height: float = SIZE) -> RawLine:
    return RawLine(1, n, (RawCell(text, x0, x1),), y=y, height=height)


def table(n: int, y: float) -> list[RawLine]:
    """A title's table: its unit, header and one row (cells across the page)."""

    def row(k: int, texts: tuple[str, str], y: float) -> RawLine:
        cells = (RawCell(texts[0], LEFT, 200.0), RawCell(texts[1], 450.0, RIGHT))
        return RawLine(1, k, cells, y=y, height=SIZE)

    return [
        row(n, ("项目", "预算数"), y),
        row(n + 1, ("一、财政拨款收入", "100.00"), y - STEP),
    ]


def document(*lines: RawLine) -> RawDocument:
    return RawDocument(path="说明.pdf", format="pdf", lines=tuple(lines), positional=True)


def kinds(doc: RawDocument) -> list[tuple[object, str | None]]:
    return [(b.kind, b.title.text if b.title else None) for b in segment(doc)]


#: a table-of-contents-like paragraph that wraps: its last line ends with a table's name
PARAGRAPH = [
    line(1, "3.2025年预算单位支出预算总表4．2025年预算单位财政拨款收支预算总表5．2025年预", 75.0, 539.0, 700.0),
    line(2, "算单位一般公共预算支出功能分类预算表6．2025年预算单位政府性基金预算支出功能分类预", LEFT, 538.0, 700.0 - STEP),
    line(3, "算表7．2025年预算单位国有资本经营预算支出功能分类预算表8．2025年预算单位一般公共", LEFT, 536.0, 700.0 - 2 * STEP),
    line(4, "预算基本支出部门预算经济分类预算表9.2025年单位“三公”经费和机关运行经费预算表", LEFT, 520.0, 700.0 - 3 * STEP),
]  # fmt: skip


def test_the_wrapped_end_of_a_paragraph_is_not_a_table_title() -> None:
    title = line(5, "2025年预算单位财务收支预算总表", 180.0, 410.0, 580.0, height=16.0)
    doc = document(*PARAGRAPH, title, *table(6, 550.0))
    assert kinds(doc) == [
        (NARRATIVE, None),
        (TableKind.INCOME_EXPENDITURE_SUMMARY, "2025年预算单位财务收支预算总表"),
    ]
    narrative_block = segment(doc)[0]
    assert narrative_block.lines == PARAGRAPH
    paras = narrative.paragraphs(narrative_block.lines, doc.path, positional=True)
    assert len(paras) == 1 and paras[0].text.endswith("8．2025年预算单位一般公共预算基本支出部门预算经济分类预算表9.2025年单位“三公”经费和机关运行经费预算表")  # fmt: skip


WIDE = line(9, "上海市普陀区人民政府办公室2025年单位预算的文字说明部分，一并公开如下各", LEFT, RIGHT, 300.0)  # fmt: skip
ENDED = line(1, "本单位2025年预算收支情况见下列各表，预算表中的数据均以元为单位列示。", 75.0, 539.0, 600.0)  # fmt: skip
SHORT = line(1, "本单位2025年预算收支情况见下列各表", LEFT, 260.0, 600.0)
ROW = RawLine(1, 1, (RawCell("合计", LEFT, 90.0), RawCell("100.00", 480.0, RIGHT)), 600.0, SIZE)


@pytest.mark.parametrize(
    ("above", "elsewhere"),
    [
        (ENDED, []),  # the sentence above ends at the right edge: the title starts a new line
        (SHORT, [WIDE]),  # the line above stops short of the right edge: its paragraph ended
        (SHORT, []),  # … also when nothing on its page is wider (too short for a line of prose)
        (ROW, [WIDE]),  # a line of cells (a table's last row), not prose across the column
    ],
    ids=["sentence-ended", "short-line", "short-and-alone", "table-row"],
)
def test_a_title_at_the_left_margin_under_a_line_that_does_not_run_on(
    above: RawLine, elsewhere: list[RawLine]
) -> None:
    title = line(2, "2025年预算单位收入预算总表", LEFT, 250.0, 600.0 - STEP)
    doc = document(above, title, *table(3, 600.0 - 2 * STEP), *elsewhere)
    assert (TableKind.INCOME_SUMMARY, "2025年预算单位收入预算总表") in kinds(doc)


@pytest.mark.parametrize(
    ("x0", "height", "gap"),
    [(180.0, SIZE, STEP), (LEFT, 16.0, STEP), (LEFT, SIZE, 3 * STEP)],
    ids=["centred", "larger-type", "set-apart"],
)
def test_a_title_under_an_unfinished_line_that_stands_on_its_own(
    x0: float, height: float, gap: float
) -> None:
    """Under a line that runs to the right edge unfinished, a title is still a title when it is
    centred, printed in larger type or set apart by more than a line's distance."""
    above = line(1, "本单位2025年预算收支情况见下列各表，按照区财政局的统一部署和要求，以元为", 75.0, 539.0, 600.0)  # fmt: skip
    title = line(2, "2025年预算单位收入预算总表", x0, x0 + 200.0, 600.0 - gap, height=height)
    doc = document(above, title, *table(3, 600.0 - gap - STEP))
    assert kinds(doc) == [
        (NARRATIVE, None),
        (TableKind.INCOME_SUMMARY, "2025年预算单位收入预算总表"),
    ]


def test_without_positions_a_line_is_not_taken_for_a_wrapped_one() -> None:
    """Tab-separated text has no positions (x is a column index) and does not wrap: each line
    is read as it is, titles by their words alone."""
    lines = [RawLine(0, i + 1, (RawCell(x.text, 0, 1),)) for i, x in enumerate(PARAGRAPH)]
    doc = RawDocument(path="说明.txt", format="text", lines=tuple(lines))
    assert kinds(doc)[-1][0] is TableKind.THREE_PUBLIC
