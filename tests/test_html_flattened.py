"""Tables flattened into text (issue #7): seed 000 published by yusuan as HTML, then its tables
printed one cell per paragraph, or each row run together on one line, read into the same
tables as the real ``<table>`` page: every table, row and number."""

from __future__ import annotations

import json
import re
import time
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.helpers.readers import TableRows, published
from yusuan.check import check_package
from yusuan.cli import app
from yusuan.model import BudgetPackage
from yusuan.pipeline import load_bytes
from yusuan.recognize.flattened import tokens


def flattened(style: str, blank: str = "") -> bytes:
    """The published page with its eight budget tables flattened: ``lines`` (each cell a paragraph; a blank
    cell an empty one, or ``blank``) or ``together`` (each row one paragraph, cells run together,
    a blank cell printed as ``blank``)."""

    def flatten(match: re.Match[str]) -> str:
        parser = TableRows()
        parser.feed(match.group(0))
        out: list[str] = []
        for head, cells in parser.rows:
            if style == "lines":
                out.extend(f"<p>{escape(c or ('' if head else blank))}</p>" for c in cells)
            else:
                out.append("<p>" + escape("".join(c or ("" if head else blank) for c in cells)))
        return "\n".join(out)

    def section(match: re.Match[str]) -> str:
        if "绩效目标表" in match.group(1):
            return match.group(0)  # project sheets stay tables (not rebuilt when flattened)
        return re.sub(r"<table.*?</table>", flatten, match.group(0), flags=re.S)

    page = re.sub(
        r'<section class="table[^"]*"[^>]*>\s*<h2[^>]*>([^<]*).*?</section>',
        section,
        published(),
        flags=re.S,
    )
    assert page.count("<table") == published().count("<table") - 8
    return page.encode("utf-8")


def tables(pkg: BudgetPackage) -> dict[Any, Any]:
    """Every table's rows and numbers (a dash printed for a blank cell reads as zero, which is
    what a blank cell means)."""
    out: dict[Any, Any] = {}
    for t in pkg.tables:
        rows = []
        for r in t.rows:
            cells = {k: c.value for k, c in r.cells if not (c.value == 0 and c.text in "－—")}
            rows.append((r.side, r.code, r.name, cells))
        out[(t.kind, t.title, t.unit)] = (t.columns, rows)
    return out


def test_published_page_has_tables_to_flatten() -> None:
    pkg = load_bytes(published().encode(), "seed.html")
    assert len(pkg.tables) == 8
    assert sum(len(t.rows) for t in pkg.tables) > 60


@pytest.mark.parametrize(
    ("style", "blank"),
    [("lines", ""), ("lines", "－"), ("lines", "—"), ("together", "－")],
    ids=["one-cell-per-line", "one-cell-per-line-dashes", "one-cell-per-line-em", "run-together"],
)
def test_flattened_page_reads_into_the_same_tables(style: str, blank: str) -> None:
    real = load_bytes(published().encode(), "seed.html")
    flat = load_bytes(flattened(style, blank), "flat.html")
    assert tables(flat) == tables(real)
    assert [p.name for p in flat.projects] == [p.name for p in real.projects]
    # the narrative is untouched: the same figures read from the same sentences
    assert [(f.label, f.amount, f.change, f.reason) for f in flat.figures] == [
        (f.label, f.amount, f.change, f.reason) for f in real.figures
    ]
    assert [p.text for p in flat.paragraphs] == [p.text for p in real.paragraphs]


def test_flattened_page_checks_like_the_real_one() -> None:
    real = check_package(load_bytes(published().encode(), "seed.html"))
    for style, blank in (("lines", ""), ("together", "－")):
        flat = check_package(load_bytes(flattened(style, blank), "flat.html"))
        assert sorted((f.rule, f.message) for f in flat.findings) == sorted(
            (f.rule, f.message) for f in real.findings
        )


def test_cli_check_of_a_flattened_page(tmp_path: Path) -> None:
    """``yusuan check`` on the page flattened one cell per line: same exit code, same findings."""
    results = []
    for name, data in (("real.html", published().encode()), ("flat.html", flattened("lines"))):
        (tmp_path / name).write_bytes(data)
        run = CliRunner().invoke(app, ["check", str(tmp_path / name), "--format", "json"])
        found = json.loads(run.stdout)["documents"][0]["findings"]
        results.append((run.exit_code, sorted((f["rule"], f["message"]) for f in found)))
    assert results[0] == results[1]
    assert results[0][0] != 0 and results[0][1]  # seed 000 has its known findings


PAGE = """<html><body><p>2026年部门预算</p><p>部门支出总表</p><p>单位：万元</p>
<p>科目编码</p><p>科目名称</p><p>总计</p><p>基本支出</p><p>项目支出</p>
{rows}
</body></html>"""


def rows_of(body: str) -> list[tuple[str | None, str, dict[str, Decimal | None]]]:
    pkg = load_bytes(PAGE.format(rows=body).encode(), "x.html")
    return [(r.code, r.name, {k: c.value for k, c in r.cells}) for r in pkg.tables[0].rows]


def test_one_cell_per_line_with_blank_cells() -> None:
    body = """<p>合计</p><p>1,421.74</p><p>531.49</p><p>890.25</p>
    <p>2010301</p><p>行政运行</p><p>392.77</p><p>392.77</p><p></p>
    <p>2010302</p><p>一般行政管理事务</p><p>890.25</p><p>－</p><p>890.25</p>"""
    assert rows_of(body) == [
        (None, "合计", {"total": Decimal("1421.74"), "basic": Decimal("531.49"),
                        "project": Decimal("890.25")}),
        ("2010301", "行政运行", {"total": Decimal("392.77"), "basic": Decimal("392.77")}),
        ("2010302", "一般行政管理事务",
         {"total": Decimal("890.25"), "basic": Decimal(0), "project": Decimal("890.25")}),
    ]  # fmt: skip


def test_a_blank_cell_left_out_is_reported_not_shifted() -> None:
    """行政运行 has two amounts for three columns: which is blank is unknown. The row keeps its
    code and name; its amounts are reported (A011), never placed or added up."""
    body = """<p>2010301</p><p>行政运行</p><p>392.77</p><p>392.77</p>
    <p>2010302</p><p>一般行政管理事务</p><p>890.25</p><p></p><p>890.25</p>"""
    assert rows_of(body) == [
        ("2010301", "行政运行", {"total": None}),
        ("2010302", "一般行政管理事务", {"total": Decimal("890.25"),
                                          "project": Decimal("890.25")}),
    ]  # fmt: skip
    pkg = load_bytes(PAGE.format(rows=body).encode(), "x.html")
    found = [f for f in check_package(pkg).findings if f.rule == "A011"]
    assert [f.message for f in found] == [
        "「部门支出总表」「行政运行」的金额“392.77 392.77”无法确定各属哪一列（几个金额落在同一列下："
        "表头缺了一列，或表格被拍平为文字而空白单元格未印出），未作推断，请核对原表。"
    ]


def test_run_together_rows() -> None:
    body = """<p>合计 1,421.74 531.49 890.25</p>
    <p>201一般公共服务支出1,283.02392.77890.25</p>
    <p>2010301行政运行392.77392.77－</p>"""
    assert rows_of(body) == [
        (None, "合计", {"total": Decimal("1421.74"), "basic": Decimal("531.49"),
                        "project": Decimal("890.25")}),
        ("201", "一般公共服务支出", {"total": Decimal("1283.02"), "basic": Decimal("392.77"),
                                     "project": Decimal("890.25")}),
        ("2010301", "行政运行", {"total": Decimal("392.77"), "basic": Decimal("392.77"),
                                 "project": Decimal(0)}),
    ]  # fmt: skip


def test_ambiguous_run_together_line_is_not_split() -> None:
    """Integer amounts run together (3921293: 392 + 1293? 3921 + 293?) cannot be split, nor
    can two amounts for three columns: both are reported, nothing is invented."""
    body = """<p>2010301行政运行3921293</p><p>2010302一般行政管理事务890.25890.25</p>"""
    assert rows_of(body) == [
        ("2010301", "行政运行", {"total": None}),
        ("2010302", "一般行政管理事务", {"total": None}),
    ]
    pkg = load_bytes(PAGE.format(rows=body).encode(), "x.html")
    assert sum(f.rule == "A011" for f in check_package(pkg).findings) == 2


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "201一般公共服务支出1,293.021,293.02",
            ["201", "一般公共服务支出", "1,293.02", "1,293.02"],
        ),
        ("合计 3,012.45 2,811.02 201.43", ["合计", "3,012.45", "2,811.02", "201.43"]),
        ("行政运行392.77392.77－", ["行政运行", "392.77", "392.77", "－"]),
        ("合计 3012 2811 201", ["合计", "3012", "2811", "201"]),  # 元: spaced integers
        ("合计30122811201", None),  # 元 run together
        ("2026年预算数", None),  # digits glued to the text after them
        ("其他（2）支出 1.00", None),
        ("合计——1.00", ["合计", "——", "1.00"]),
        ("合计 -1.00", None),  # a minus sign?
        ("事业收入资金———", None),  # — and —— both mark one blank cell: two cells or three?
        ("合计-1.00", None),
        ("1,293.021,29", None),  # not two decimals each
    ],
)
def test_tokens(line: str, expected: list[str] | None) -> None:
    got = tokens(line)
    assert (None if got is None else [t.text for t in got]) == expected


def test_narrative_lines_are_left_alone() -> None:
    text = "部门支出总表\n单位：万元\n2026年一般公共预算财政拨款收入1,421.74万元，比上年减少5.94万元。\n"
    pkg = load_bytes(("2026年部门预算\n" + text).encode(), "x.txt")
    assert pkg.paragraphs[-1].text.endswith(
        "2026年一般公共预算财政拨款收入1,421.74万元，比上年减少5.94万元。"
    )


def test_plain_text_pasted_from_a_portal() -> None:
    """The text reader rebuilds the same way (blank lines mean nothing there: dashes do)."""
    text = "\n".join(
        ["2026年部门预算", "部门支出总表", "单位：万元", "科目编码", "科目名称", "总计",
         "基本支出", "项目支出", "合计", "392.77", "392.77", "－", "2010301", "行政运行",
         "392.77", "392.77", "－"]
    )  # fmt: skip
    pkg = load_bytes(text.encode(), "x.txt")
    assert [(r.code, r.name, r.value("total")) for r in pkg.tables[0].rows] == [
        (None, "合计", Decimal("392.77")),
        ("2010301", "行政运行", Decimal("392.77")),
    ]


def test_reading_a_flattened_page_is_fast() -> None:
    page = flattened("lines")
    start = time.perf_counter()
    load_bytes(page, "flat.html")
    assert time.perf_counter() - start < 1.0
