"""The 预算填报 workbook: written with dropdowns and protection, pre-filled from a package, read
back cell by cell, built into a package whose tables agree by construction, published."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.conftest import DOCS, SEED000, SH_SIFAJU, require_samples
from yusuan.check import check_package
from yusuan.cli import app
from yusuan.errors import DataFileError, TooLargeError
from yusuan.money import Unit, quantize
from yusuan.pipeline import load, load_bytes
from yusuan.publish import render
from yusuan.publish.digest import differences, digest
from yusuan.publish.formats import FORMATS
from yusuan.publish.layout import load_layout
from yusuan.rules.profile import load_profile
from yusuan.template import is_template
from yusuan.template.prefill import prefill
from yusuan.template.spec import SHEETS
from yusuan.template.write import Prefill, write_template

CONSISTENT = DOCS / "qijiang_2026_consistent.txt"
PROFILE = load_profile("chongqing-2026")
LAYOUT = load_layout("chongqing-2026")


def filled(path: Path) -> bytes:
    return write_template(prefill(load(path)))


def edited(data: bytes, sheet: str, cell: str, value: Any) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    wb[sheet][cell] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_blank_template_has_every_sheet_dropdowns_and_protected_headers() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(write_template()))
    assert wb.sheetnames[0] == "填报说明"
    assert [s.name for s in SHEETS] == wb.sheetnames[1:-1]
    assert wb["目录"].sheet_state == "hidden"
    ws = wb["支出明细"]
    assert ws.protection.sheet and ws["A2"].protection.locked and not ws["D3"].protection.locked
    lists = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert any("目录!$A$" in f for f in lists)  # 科目编码 from the functional catalog
    indicators = wb["项目指标"].data_validations.dataValidation
    assert any(dv.formula1 and dv.formula1.startswith("=项目!$B$") for dv in indicators)
    assert is_template(write_template())


def test_template_filled_with_the_corrected_seed_builds_the_same_package() -> None:
    """Filled from the corrected 綦江 package: the built tables (every total computed by yusuan),
    projects and indicators equal the document's, and the drafted 情况说明 is its text."""
    original = load(CONSISTENT)
    built = load_bytes(filled(CONSISTENT), "预算填报.xlsx")
    a, b = digest(original), digest(built)
    by_kind = {t["表"]: t for t in b["表格"]}
    for table in a["表格"]:
        assert by_kind[table["表"]] == table, table["表"]
    assert a["项目"] == b["项目"]
    assert a["情况说明"] == b["情况说明"]
    assert check_package(built, PROFILE).findings == ()


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "pdf"])
def test_package_built_from_the_template_publishes_and_reads_back(fmt: str) -> None:
    built = load_bytes(filled(CONSISTENT), "预算填报.xlsx")
    back = load_bytes(render(built, LAYOUT, fmt), f"公开.{fmt}")
    assert differences(built, back, limit=10) == []


def test_seed_000_through_the_template_keeps_its_project_defects_and_loses_its_table_gaps() -> None:
    """Seed 000 prints totals 0.01 off their parts (尾差); built from its leaf rows, every total is
    computed, so no table finding remains, while its 测算 and cross-table defects (projects vs
    the table, 政府采购率 without procurement) travel with its data."""
    before = check_package(load(SEED000), PROFILE).findings
    built = load_bytes(filled(SEED000), "预算填报.xlsx")
    after = check_package(built, PROFILE).findings
    assert {f.rule for f in before if f.category == "arithmetic"} == {"A001", "A002", "A004"}
    assert [f for f in after if f.category == "arithmetic"] == []
    assert {f.rule for f in after if f.category == "cross-table"} == {"X004", "X008"}
    assert {f.rule for f in before if f.category == "cross-table"} >= {"X004", "X008"}

    def projects(findings: object) -> set[str]:
        return {f.location.table for f in findings if f.rule == "P001"}  # type: ignore[attr-defined]

    assert len(projects(after)) == 6 and projects(after) == projects(before)


def test_cli_template_and_publish(tmp_path: Path) -> None:
    runner = CliRunner()
    book = tmp_path / "预算填报.xlsx"
    made = runner.invoke(
        app, ["template", "--from", str(CONSISTENT), "--same-year", "-o", str(book)]
    )
    assert made.exit_code == 0, made.output
    out = tmp_path / "公开"
    result = runner.invoke(app, ["publish", str(book), "-o", str(out), "-f", "docx,html"])
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.docx"))) == 1


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "message"),
    [
        ("支出明细", "D5", "一百", "支出明细!D5：「基本支出」应为数字，实为“一百”"),
        ("支出明细", "D5", "1,2,3", "支出明细!D5：「基本支出」应为数字，实为“1,2,3”"),
        ("支出明细", "E5", -3, "支出明细!E5：「项目支出」不能为负数"),
        ("支出明细", "D5", 1.234, "支出明细!D5：「基本支出」最多两位小数"),
        ("支出明细", "A5", "20a1", "支出明细!A5：科目编码应为 3、5 或 7 位数字"),
        ("支出明细", "C5", "自筹资金", "支出明细!C5：「资金来源」只能是"),
        ("支出明细", "D5", "=D6*2", "支出明细!D5：公式没有计算结果"),
        ("支出明细", "B2", "名称", "支出明细!B2：表头应为「科目名称」"),
        ("政府采购", "C3", "家具", "政府采购!C3：「采购类型」只能是"),
        ("增减说明", "A3", "差旅费", "增减说明!A3：「项目」只能是"),
        ("项目指标", "A3", "不存在的项目", "项目指标!A3：项目「不存在的项目」不在「项目」表中"),
        ("单位信息", "B2", None, "单位信息!B2：「单位名称」不能为空"),
    ],
)
def test_bad_cells_are_named_by_sheet_and_cell(
    sheet: str, cell: str, value: object, message: str
) -> None:
    data = edited(filled(CONSISTENT), sheet, cell, value)
    with pytest.raises(DataFileError) as err:
        load_bytes(data, "预算填报.xlsx")
    assert message in err.value.message


def test_unknown_code_without_a_name_asks_for_one() -> None:
    data = filled(CONSISTENT)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["支出明细"]
    row = next(
        r for r in range(3, 40) if str(ws.cell(row=r, column=1).value or "").startswith("221")
    )
    for r in range(3, 40):
        if str(ws.cell(row=r, column=1).value or "") in ("221", "22102"):
            ws.cell(row=r, column=2).value = None
    ws.cell(row=row, column=1).value = ws.cell(row=row, column=1).value  # keep
    code_row = next(r for r in range(3, 40) if ws.cell(row=r, column=1).value == "2210201")
    ws.cell(row=code_row, column=1).value = "2219901"
    ws.cell(row=code_row, column=2).value = "其他住房支出"
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(DataFileError, match=r"支出明细!A\d+：科目 22199 的名称未知"):
        load_bytes(out.getvalue(), "预算填报.xlsx")


def test_merged_cells_and_missing_sheets() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(filled(CONSISTENT)))
    wb["支出明细"].merge_cells("D5:E5")
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(DataFileError, match=r"支出明细!D5:E5：数据区不能有合并单元格"):
        load_bytes(out.getvalue(), "预算填报.xlsx")
    del wb["三公经费"]
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(DataFileError, match="缺少工作表：三公经费"):
        load_bytes(out.getvalue(), "预算填报.xlsx")


def test_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    import zipfile

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "xl/workbook.xml",
            '<workbook><sheet name="填报说明"/><sheet name="支出明细"/></workbook>',
        )
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (201 * 1024 * 1024))
    with pytest.raises(TooLargeError):
        load_bytes(data.getvalue(), "预算填报.xlsx")


def test_amounts_are_exact_decimals() -> None:
    built = load_bytes(filled(CONSISTENT), "预算填报.xlsx")
    total = next(t for t in built.tables if t.kind.value == "expenditure_summary").total_row
    assert total is not None and total.get("total") == Decimal("1421.74")


def test_amounts_filled_in_yuan_are_published_in_wan_and_still_add_up() -> None:
    """Three 项 of 4,444.44 元 each: alone each prints 0.44 万元 and the 款 would print 1.32
    against an exact 1.333332 → 1.33. By largest remainder the first 项 prints 0.45."""
    values: Prefill = {
        "单位信息": {"单位名称": "测试单位", "预算年度": 2026, "金额单位": "元"},
        "支出明细": [
            ["2010301", "行政运行", "一般公共预算", Decimal("4444.44"), None],
            ["2010302", "一般行政管理事务", "一般公共预算", Decimal("4444.44"), None],
            ["2010350", "事业运行", "一般公共预算", Decimal("4444.44"), None],
        ],
        "基本支出经济分类": [["30101", "基本工资", Decimal("13333.32"), None]],
    }
    built = load_bytes(write_template(values), "预算填报.xlsx")
    table = next(t for t in built.tables if t.kind.value == "gpb_expenditure")
    amounts = {r.code or r.name: r.get("total") for r in table.rows}
    assert amounts == {
        "合计": Decimal("1.33"),
        "201": Decimal("1.33"),
        "20103": Decimal("1.33"),
        "2010301": Decimal("0.45"),
        "2010302": Decimal("0.44"),
        "2010350": Decimal("0.44"),
    }
    assert table.note is not None and "最大余数法" in table.note
    findings = check_package(built, PROFILE).findings
    assert [f for f in findings if f.category in ("arithmetic", "cross-table")] == []
    back = load_bytes(render(built, LAYOUT, "html"), "公开.html")
    assert differences(built, back) == []


def test_a_rounding_note_only_where_a_part_was_adjusted() -> None:
    values: Prefill = {
        "单位信息": {"单位名称": "测试单位", "预算年度": 2026, "金额单位": "元"},
        "支出明细": [["2010301", "行政运行", "一般公共预算", Decimal("12345.00"), None]],
        "基本支出经济分类": [["30101", "基本工资", Decimal("12345.00"), None]],
    }
    built = load_bytes(write_template(values), "预算填报.xlsx")
    assert all(t.note is None or "最大余数法" not in t.note for t in built.tables)
    total = next(t for t in built.tables if t.kind.value == "expenditure_summary").total_row
    assert total is not None and total.get("total") == Decimal("1.23")  # 1.2345 → 1.23


def test_last_years_publication_starts_next_years_budget() -> None:
    """--from last year's file: the year moves on, last year's amounts become the 上年数 of the
    year-over-year sentences, last year's reasons are not carried over."""
    pkg = load(CONSISTENT)
    values = prefill(pkg, next_year=True)
    assert values["单位信息"]["预算年度"] == 2027  # type: ignore[call-overload]
    changes = {row[0]: row for row in values["增减说明"]}
    assert changes["基本支出"][1] == Decimal("531.49") and changes["基本支出"][2] is None
    built = load_bytes(write_template(values), "预算填报.xlsx")
    text = "\n".join(p.text for p in built.paragraphs)
    # the same figures as last year: every comparison is 持平, none speaks of 2025
    assert "2027年年初预算数1,421.74万元" in text
    assert "基本支出531.49万元，与上年持平" in text and "2025年" not in text


def test_a_budget_printed_in_yuan_prefills_a_workbook_in_yuan() -> None:
    """The 司法局 budget prints its tables in 元 (its 三公 table in 万元): the workbook says 元 and
    holds 元, so building converts it back to the same 万元 — not 96,282,213.44 called 万元."""
    require_samples()
    source = load(SH_SIFAJU)
    values = prefill(source)
    assert values["单位信息"]["金额单位"] == "元"  # type: ignore[call-overload]
    assert values["三公经费"]["公务接待费"] == Decimal("8300.00")  # type: ignore[call-overload]
    built = load_bytes(write_template(values), "预算填报.xlsx")
    summary = next(t for t in source.tables if t.kind.value == "income_expenditure_summary")
    assert summary.unit is Unit.YUAN
    row = next(t for t in built.tables if t.kind.value == "income_expenditure_summary").rows[0]
    printed = summary.rows[0].get("amount")
    assert printed is not None and row.get("amount") == quantize(printed / 10000)


def test_project_names_must_be_unique() -> None:
    data = filled(CONSISTENT)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["项目"]
    ws["B4"] = ws["B3"].value
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(DataFileError, match=r"项目!B4：项目名称「.+」重复"):
        load_bytes(out.getvalue(), "预算填报.xlsx")


def test_a_unit_with_two_funds_publishes_in_every_layout(tmp_path: Path) -> None:
    """一般公共预算 and 政府性基金 in one 功能类: the drafted narrative and the 财政拨款收支总表 pass
    the checker, and the package publishes in the Chongqing and Shanghai layouts (the Shanghai
    layout has no 政府采购 table: it is reported as not published, not a verification failure)."""
    values: Prefill = {
        "单位信息": {"单位名称": "测试单位", "预算年度": 2026},
        "支出明细": [
            ["2010301", "行政运行", "一般公共预算", Decimal("100.50"), None],
            ["2120801", "征地和拆迁补偿支出", "政府性基金预算", None, Decimal("10.00")],
            ["2120802", "土地开发支出", "一般公共预算", None, Decimal("5.00")],
        ],
        "基本支出经济分类": [["30101", "基本工资", Decimal("100.50"), None]],
    }
    data = write_template(values)
    built = load_bytes(data, "预算填报.xlsx")
    errors = [f for f in check_package(built, PROFILE).findings if f.severity.value == "error"]
    assert errors == []
    book = tmp_path / "预算填报.xlsx"
    book.write_bytes(data)
    for layout in ("chongqing-2026", "shanghai-2026"):
        out = tmp_path / layout
        result = CliRunner().invoke(
            app, ["publish", str(book), "-o", str(out), "-p", layout, "-f", "html,xlsx"]
        )
        assert result.exit_code == 0, result.output
    assert "未发布：政府采购预算明细表" in result.output


def test_empty_spending_and_formula_results() -> None:
    empty: Prefill = {"单位信息": {"单位名称": "测试单位", "预算年度": 2026}}
    with pytest.raises(DataFileError, match=r"支出明细!A3：没有填写任何支出"):
        load_bytes(write_template(empty), "预算填报.xlsx")
    # a cached formula result such as =1.1+2.2 is stored as 3.3000000000000003
    data = edited(filled(CONSISTENT), "三公经费", "B5", 3.3000000000000003)
    built = load_bytes(data, "预算填报.xlsx")
    row = next(t for t in built.tables if t.kind.value == "three_public").rows[0]
    assert row.get("reception") == Decimal("3.3")


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        ('unit_line: "{单位}"\n', "unit_line 中的占位符有误"),
        ("tables: [a]\n", "tables 应为"),
        ("tables:\n  three_public: {header: [[a]], total_column: first}\n", "应为整数"),
        ("glossary: 标准\n", "glossary 应为名词解释的列表或 standard"),
    ],
)
def test_bad_layout_files(tmp_path: Path, layout: str, message: str) -> None:
    from yusuan.errors import ProfileError

    path = tmp_path / "版式.yaml"
    path.write_text(layout, encoding="utf-8")
    with pytest.raises(ProfileError, match=message):
        load_layout(str(path))


def test_every_bundled_layout_prints_a_header_recognition_knows() -> None:
    """Recognition matches flattened tables against the budget language's printed headers
    (``yusuan/lang/headers.yaml``), not against the publishing layouts: each table of every
    bundled layout prints one of them, so what yusuan publishes it reads back."""
    from yusuan.lang.printed import printed_headers
    from yusuan.publish.layout import bundled_layouts

    tables = 0
    for name in bundled_layouts():
        for kind, table in load_layout(name).tables.items():
            assert table.header in printed_headers(kind.value), (name, kind.value)
            tables += 1
    assert tables >= 20
    assert printed_headers("no such table") == ()


def test_the_standard_glossary_is_the_budget_languages() -> None:
    """``glossary: standard`` in a layout is the budget language's 专业性名词解释; a workbook's
    drafted 情况说明 ends with it (and a publishing layout's own list replaces it)."""
    from yusuan.lang.printed import glossary

    assert len(glossary()) == 5 and glossary()[0].startswith("（一）财政拨款收入：")
    assert load_layout("chongqing-2026").glossary == glossary()
    assert load_layout("shanghai-2026").glossary == ()
    built = load_bytes(filled(CONSISTENT), "预算填报.xlsx")
    section = [p.text for p in built.paragraphs if p.section == "六、专业性名词解释"]
    assert section[1 : 1 + len(glossary())] == list(glossary())


def test_a_project_without_indicators_or_goal_is_reported() -> None:
    values: Prefill = {
        "单位信息": {"单位名称": "测试单位", "预算年度": 2026},
        "支出明细": [["2010301", "行政运行", "一般公共预算", Decimal("10.00"), Decimal("5.00")]],
        "基本支出经济分类": [["30101", "基本工资", Decimal("10.00"), None]],
        "项目": [
            [
                "",
                "窗口服务",
                "一般性项目",
                "测试单位",
                10,
                Decimal("5.00"),
                None,
                "概述",
                "依据",
                "",
            ]
        ],
    }
    built = load_bytes(write_template(values), "预算填报.xlsx")
    messages = [f.message for f in check_package(built, PROFILE).findings if f.rule == "C004"]
    assert "项目「窗口服务」没有绩效指标。" in messages
    assert "项目「窗口服务」的当年绩效目标为空。" in messages


def test_redrafting_a_workbook_keeps_its_reasons(tmp_path: Path) -> None:
    values = prefill(load(CONSISTENT))
    book = tmp_path / "预算填报.xlsx"
    book.write_bytes(write_template(values))
    out = tmp_path / "公开"
    result = CliRunner().invoke(
        app, ["publish", str(book), "-o", str(out), "-f", "html", "--draft"]
    )
    assert result.exit_code == 0, result.output
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert "主要原因是公车13年了，油耗高，维修费增加" in html


def test_in_yuan_the_economic_table_matches_the_basic_spending_it_breaks_down() -> None:
    """基本支出 100,050 元 (10.005 万元 → 10.01) against 人员 50,025 + 公用 50,025: rounded alone
    they print 5.00 + 5.00 = 10.00 against 10.01. Allocated from the printed total: 5.01 + 5.00."""
    values: Prefill = {
        "单位信息": {"单位名称": "测试单位", "预算年度": 2026, "金额单位": "元"},
        "支出明细": [["2010301", "行政运行", "一般公共预算", Decimal("100050"), None]],
        "基本支出经济分类": [
            ["30101", "基本工资", Decimal("50025"), None],
            ["30201", "办公费", None, Decimal("50025")],
        ],
    }
    built = load_bytes(write_template(values), "预算填报.xlsx")
    economic = next(t for t in built.tables if t.kind.value == "gpb_basic_economic").total_row
    gpb = next(t for t in built.tables if t.kind.value == "gpb_expenditure").total_row
    assert economic is not None and gpb is not None
    assert economic.get("total") == gpb.get("basic") == Decimal("10.01")
    assert (economic.get("personnel"), economic.get("public")) == (Decimal("5.01"), Decimal("5.00"))
    assert not [f for f in check_package(built, PROFILE).findings if f.rule in ("X003", "A004")]


def test_a_cell_far_down_a_sheet_is_read_without_walking_every_row() -> None:
    """Found by the 100,000-case fuzz: a cell at row 90,000 of 项目指标 made the reader create
    every cell above it (a million rows took 45 s); the rows that hold a cell are read, and a
    sheet past the 工作表行数 limit is refused with the sheet named."""
    far = edited(filled(CONSISTENT), "项目指标", "B90000", "指标名称")
    with pytest.raises(DataFileError) as problems:
        load_bytes(far, "far.xlsx")
    assert "项目指标!A90000：「项目名称」不能为空" in str(problems.value)
    too_far = edited(filled(CONSISTENT), "项目指标", "B1000000", "指标名称")
    with pytest.raises(TooLargeError) as refused:
        load_bytes(too_far, "too_far.xlsx")
    assert "项目指标" in str(refused.value) and "工作表行数" in str(refused.value)
