"""Cells as people print them (issue #7, layout robustness): negative amounts in parentheses,
dashes and blanks for zero, in text and in an Excel sheet. The documents sit in the tests."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl

from tests.conftest import CONSISTENT
from yusuan.check import check_package
from yusuan.model import BudgetPackage, TableKind
from yusuan.pipeline import load_bytes
from yusuan.rules.profile import load_profile

#: 一般公共预算财政拨款支出表 whose 项目支出 column carries a refund printed as (10.00)
DOC = """2026年部门预算
一般公共预算财政拨款支出预算表
单位：万元
科目编码\t科目名称\t总计\t基本支出\t项目支出
合计\t\t{total}\t100.00\t(10.00)
201\t一般公共服务支出\t90.00\t100.00\t（10.00）
20103\t政府办公厅（室）及相关机构事务\t90.00\t100.00\t(10.00)
2010301\t行政运行\t100.00\t100.00\t{blank}
2010302\t一般行政管理事务\t(10.00)\t{blank}\t(10.00)
"""


def gpb(pkg: BudgetPackage) -> dict[tuple[str, str], Decimal | None]:
    table = next(t for t in pkg.tables if t.kind is TableKind.GPB_EXPENDITURE)
    return {(r.code or r.name, key): c.value for r in table.rows for key, c in r.cells}


def arithmetic(pkg: BudgetPackage) -> list[tuple[str, str | None, str | None]]:
    """The sums' findings; A010 (a negative amount in a budget) is reported for every (10.00)
    and left out here."""
    result = check_package(pkg, load_profile("chongqing-2026"))
    negatives = [f for f in result.findings if f.rule == "A010"]
    assert {str(f.stated) for f in negatives} == {"-10.00"} and len(negatives) == 5
    return [
        (f.rule, str(f.stated), str(f.expected))
        for f in result.findings
        if f.category == "arithmetic" and f.rule != "A010"
    ]


def test_parenthesized_amounts_are_negative_and_add_up() -> None:
    for blank in ("－", "—", ""):
        pkg = load_bytes(DOC.format(total="90.00", blank=blank).encode(), "doc.txt")
        cells = gpb(pkg)
        assert cells[("合计", "project")] == Decimal("-10.00")
        assert cells[("201", "project")] == Decimal("-10.00")  # full-width parentheses
        assert cells[("2010302", "total")] == Decimal("-10.00")
        assert cells.get(("2010301", "project")) in (None, Decimal(0)), blank
        assert arithmetic(pkg) == [], blank


def test_a_wrong_total_with_a_negative_part_is_reported_against_the_signed_sum() -> None:
    pkg = load_bytes(DOC.format(total="110.00", blank="－").encode(), "doc.txt")
    found = arithmetic(pkg)
    assert any(stated == "110.00" and expected == "90.00" for _, stated, expected in found), found


def test_an_excel_sheet_with_parentheses_dashes_and_blanks() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "一般公共预算财政拨款支出表"
    for line in DOC.format(total="90.00", blank="－").splitlines()[1:]:
        ws.append([_typed(v) for v in line.split("\t")])
    buf = io.BytesIO()
    wb.save(buf)
    pkg = load_bytes(buf.getvalue(), "doc.xlsx")
    cells = gpb(pkg)
    assert cells[("合计", "project")] == Decimal("-10.00")
    assert cells[("2010302", "total")] == Decimal("-10.00")
    assert arithmetic(pkg) == []


def _typed(text: str) -> str | float | None:
    """A cell as a spreadsheet holds it: numbers as numbers, the rest as printed text."""
    if not text:
        return None
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return text


def test_two_amounts_under_one_column_are_reported_not_dropped() -> None:
    """A header read without one of its columns (a poor scan: 总计 lost) puts two amounts
    under one column: both are kept as printed and reported (A011), none silently dropped."""
    doc = (
        "2026年部门预算\n一般公共预算财政拨款支出预算表\n单位：万元\n"
        "科目编码\t科目名称\t基本支出\t项目支出\n"
        "合计\t\t100.00\t60.00\t40.00\n201\t一般公共服务支出\t100.00\t60.00\t40.00\n"
    )
    pkg = load_bytes(doc.encode(), "doc.txt")
    table = next(t for t in pkg.tables if t.kind is TableKind.GPB_EXPENDITURE)
    texts = {(r.name, k): c.text for r in table.rows for k, c in r.cells if c.value is None}
    assert set(texts.values()) == {"60.00 40.00"} and len(texts) == 2
    result = check_package(pkg, load_profile("chongqing-2026"))
    unread = [f for f in result.findings if f.rule == "A011"]
    assert len(unread) == 2 and all("无法确定各属哪一列" in f.message for f in unread)
    # the page may be right, only its reading is unsure: a warning, where a garbled amount is an error
    assert {f.severity.value for f in unread} == {"warning"}


def test_an_unreadable_amount_is_not_compared_as_zero() -> None:
    """The narrative names a 类 whose total could not be read in the 部门支出总表: no N001
    against a zero the table never printed (A011 reports the cell)."""
    text = CONSISTENT.read_text(encoding="utf-8")
    row = "2010302\t一般行政管理事务\t890.25\t\t890.25\n208\t社会保障和就业支出\t73.19\t"
    head, found, tail = text.rpartition(row)  # the last one: the 部门支出总表's
    assert found and "部门支出总表" in head[-400:]
    doc = head + row.replace("\t73.19\t", "\t7,3.19\t") + tail
    result = check_package(load_bytes(doc.encode(), "doc.txt"), load_profile("chongqing-2026"))
    assert [(f.stated, f.severity.value) for f in result.findings if f.rule == "A011"] == [
        ("7,3.19", "error")
    ]
    assert not [f for f in result.findings if f.rule == "N001"]


def test_a_contents_list_without_page_numbers_is_no_table() -> None:
    """A page's contents pasted as text (every table's title, one per line, no page numbers)
    before the document: not ten empty tables; the document checks as it does without it."""
    text = CONSISTENT.read_text(encoding="utf-8")
    titles = [t for t in text.splitlines() if t.endswith("表") and len(t) <= 20][:10]
    assert len(titles) >= 3
    pasted = "目录\n" + "\n".join(titles) + "\n" + text
    plain = check_package(load_bytes(text.encode(), "a.txt"), load_profile("chongqing-2026"))
    with_contents = check_package(
        load_bytes(pasted.encode(), "b.txt"), load_profile("chongqing-2026")
    )
    assert len(with_contents.package.tables) == len(plain.package.tables)
    assert [f.message for f in with_contents.findings] == [f.message for f in plain.findings]
