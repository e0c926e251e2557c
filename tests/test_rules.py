"""Every rule has a passing and a failing case.

The passing case is ``qijiang_2026_consistent.txt`` — seed 000 with its defects corrected by
hand — which must produce no finding at all. Each failing case is that document with one
edit (shown in the test table) or a real document that has the defect, and asserts the rule's
finding with its values.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import DOCS, SEED000, SEED003
from yusuan.check import CheckResult, check_package
from yusuan.model import TableKind
from yusuan.model.tables import Table
from yusuan.money import Unit
from yusuan.pipeline import load_bytes
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.profile import load_profile

CONSISTENT = DOCS / "qijiang_2026_consistent.txt"

#: Shanghai-style item paragraph added to the narrative for the year-over-year rules.
ITEM = (
    "1、一般公共服务支出（201类）政府办公厅（室）及相关机构事务（03款）行政运行（01项）392.77万元。"
    "2025年当年预算执行数为380.00万元，2026年预算安排392.77万元，比2025年预算执行数增加3.36%。\n"
)
ITEM_ANCHOR = "四、“三公”经费情况说明"

#: A Shanghai-layout 三公 table with its 机关运行经费 column, and the basic-expenditure table.
ADMIN_COST_DOC = (Path(__file__).parent / "fixtures" / "docs" / "admin_cost.txt").read_text(
    encoding="utf-8"
)


def run(text: str, profile: str = "chongqing-2026") -> CheckResult:
    return check_package(load_bytes(text.encode("utf-8"), "doc.txt"), load_profile(profile))


def of(result: CheckResult, rule: str) -> list[Finding]:
    return [f for f in result.findings if f.rule == rule]


@pytest.fixture(scope="module")
def consistent() -> str:
    return CONSISTENT.read_text(encoding="utf-8")


def edit(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in text, f"fixture text not found: {old!r}"
        text = text.replace(old, new, 1)
    return text


def test_consistent_document_has_no_findings(consistent: str) -> None:
    result = run(consistent)
    assert [(f.rule, f.message) for f in result.findings] == []
    # and it is a complete package: every table, all 9 projects
    assert {t.kind for t in result.package.tables} == set(TableKind)
    assert len(result.package.projects) == 9


# (rule, edits applied to the consistent document, expected (stated, expected) or None)
EDIT_CASES: list[tuple[str, tuple[tuple[str, str], ...], tuple[str, str] | None]] = [
    ("C002", (("备注：本部门无政府性基金收支，故此表无数据。", ""),), None),
    (
        "C005",
        (
            (
                "科目编码\t科目名称\t总计\t基本支出\t项目支出",
                "科目编码\t科目名称\t总计（元）\t基本支出\t项目支出",
            ),
        ),
        ("万元", "元"),
    ),
    (
        "A001",
        (
            (
                "20103\t政府办公厅（室）及相关机构事务\t1,283.02",
                "20103\t政府办公厅（室）及相关机构事务\t1,283.12",
            ),
        ),
        ("1283.12", "1283.02"),
    ),
    (
        "A002",
        (("合计\t\t1,421.74\t531.49\t890.25", "合计\t\t1,431.74\t531.49\t890.25"),),
        ("1431.74", "1421.74"),
    ),
    (
        "A003",
        (("2010301\t行政运行\t392.77\t392.77\t", "2010301\t行政运行\t392.77\t392.77\t1.00"),),
        ("392.77", "393.77"),
    ),
    (
        "A004",
        (("30101\t基本工资\t110.92\t110.92\t", "30101\t基本工资\t110.92\t100.92\t"),),
        ("110.92", "100.92"),
    ),
    (
        "A005",
        (("合计\t1,421.74\t合计\t1,421.74", "合计\t1,431.74\t合计\t1,421.74"),),
        ("1431.74", "1421.74"),
    ),
    ("A006", (("4.50\t\t3.50\t\t3.50\t1.00", "5.50\t\t3.50\t\t3.50\t1.00"),), ("5.50", "4.50")),
    ("A007", (("30201\t办公费\t5.55\t\t5.55", "30201\t办公费\t5.55\t5.55\t5.55"),), ("5.55", "0")),
    (
        "A008",
        (("一般公共服务支出\t1,283.02\t1,283.02", "一般公共服务支出\t1,283.02\t1,273.02"),),
        ("1283.02", "1273.02"),
    ),
    (
        "A011",
        (
            (
                "20103\t政府办公厅（室）及相关机构事务\t1,283.02",
                "20103\t政府办公厅（室）及相关机构事务\t1,2x3.02",
            ),
        ),
        None,
    ),
    ("A010", (("30205\t水费\t1.00\t\t1.00", "30205\t水费\t-1.00\t\t-1.00"),), None),
    (
        "X001",
        (("合计\t1,421.74\t合计\t1,421.74", "合计\t1,431.74\t合计\t1,431.74"),),
        ("1431.74", "1421.74"),
    ),
    (
        "X002",
        (
            (
                "国有资本经营预算资金\t\t卫生健康支出\t28.71",
                "国有资本经营预算资金\t\t卫生健康支出\t28.81",
            ),
        ),
        ("28.81", "28.71"),
    ),
    (
        "X003",
        (("合计\t\t531.49\t446.59\t84.90", "合计\t\t541.49\t456.59\t84.90"),),
        ("531.49", "541.49"),
    ),
    (
        "X004",
        (
            (
                "当年预算（万元）\t12.00\t本级安排（万元）\t12.00",
                "当年预算（万元）\t13.00\t本级安排（万元）\t13.00",
            ),
            ("全年120000元", "全年130000元"),
        ),
        ("891.25", "890.25"),
    ),
    (
        "X005",
        (("30217\t公务接待费\t1.00\t\t1.00", "30217\t公务接待费\t2.00\t\t2.00"),),
        ("1.00", "2.00"),
    ),
    ("X006", (("部门支出预算数\t1,421.74", "部门支出预算数\t1,400.00"),), ("1400.00", "1421.74")),
    ("X008", (("按时发放率", "政府采购率"),), ("=100%", "无政府采购")),
    ("X009", (("共有车辆1辆", "共有车辆0辆"),), None),
    (
        "X010",
        (("一般公共预算资金\t1,421.74", "一般公共预算资金\t1,411.74"),),
        ("1421.74", "1411.74"),
    ),
    ("N001", (("公务接待费1万元", "公务接待费2万元"),), ("2", "1.00")),
    ("N002", ((ITEM_ANCHOR, ITEM + ITEM_ANCHOR), ("增加3.36%", "增加5.36%")), ("5.36%", "3.36%")),
    ("N003", (("收入比2025年减少5.94万元", "收入比2026年减少5.94万元"),), ("2026", "2025")),
    ("N004", (("项目支出增加163.56万元", "项目支出增加173.56万元"),), ("-5.94", "4.06")),
    (
        "N005",
        (
            (ITEM_ANCHOR, ITEM + ITEM_ANCHOR),
            ("2026年预算安排392.77万元", "2026年预算安排395.77万元"),
        ),
        ("395.77", "392.77"),
    ),
    (
        "N007",
        (
            (
                ITEM_ANCHOR,
                ITEM.replace("一般公共服务支出（201类）", "一般公共服务（201类）") + ITEM_ANCHOR,
            ),
        ),
        ("一般公共服务", "一般公共服务支出"),
    ),
    ("N008", (("政府采购预算总额0万元", "政府采购预算总额5万元"),), ("5", "0")),
    (
        "N009",
        (("涉及一般公共预算财政拨款890.25万元", "涉及一般公共预算财政拨款880.25万元"),),
        ("880.25", "890.25"),
    ),
    ("P001", (("合计70000元", "合计80000元"),), ("7.00", "8.00")),
    ("P002", (("=1088400元", "=1088500元"),), ("1088500", "1088400.00")),
    ("P003", (("2026年预计有10人", "2024年预计有10人"),), ("2024", "2026")),
    ("P004", (("本级安排 (万元)\t108.84", "本级安排 (万元)\t100.00"),), ("108.84", "100.00")),
    (
        "I001",
        (("产出指标\t数量指标\t审批件数\t20", "产出指标\t数量指标\t审批件数\t25"),),
        ("105", "100"),
    ),
    ("I002", (("≤\t3000", "<\t3000"),), ("<", "≥/≤/=/定性")),
    ("I003", (("服务对象满意度指标\t受益群体满意度", "满意度指标\t受益群体满意度"),), None),
    ("I005", (("故障响应时间\t10\t天\t≤\t0.5", "故障响应时间\t10\t天\t≥\t0.5"),), ("≥", "≤")),
    ("I007", (("寄达件数\t30\t件", "寄达件数\t30\t个(台、套、件、辆)"),), None),
    ("I008", (("系统验收合格率\t15\t%", "系统验收合格率\t15\t个"),), ("个", "%")),
    ("I009", (("预计使用率", "服务体验感"),), None),
    ("I010", (("满意度达到99%", "满意度达到95%"),), ("99", "95")),
    (
        "I011",
        (("审批件数\t10\t件\t≥\t800000", "审批件数\t10\t件\t≥\t750000"),),
        ("≥750000", "≥800000"),
    ),
    ("I012", (("时效指标\t故障响应时间", "数量指标\t故障响应时间"),), ("数量指标", "时效指标")),
    (
        "I013",
        (("服务对象满意度\t20\t%\t≥\t98\t是", "服务对象满意度\t20\t%\t≥\t98\t否"),),
        ("4", "5"),
    ),
    ("I014", (("\t效益指标\t社会效益指标\t及时寄达率", "\t产出指标\t质量指标\t及时寄达率"),), None),
    ("I015", (("预计使用率", "资金到位率"),), ("产出指标", "产出或效益（非资金投入）")),
    ("K001", (("2010301\t行政运行\t", "2010301\t行政运行支出\t"),), ("行政运行支出", "行政运行")),
]


@pytest.mark.parametrize(("rule", "edits", "values"), EDIT_CASES, ids=[c[0] for c in EDIT_CASES])
def test_rule_fails_on_edited_document(
    consistent: str, rule: str, edits: tuple[tuple[str, str], ...], values: tuple[str, str] | None
) -> None:
    result = run(edit(consistent, *edits))
    found = of(result, rule)
    assert found, f"{rule} not reported; got {[(f.rule, f.message) for f in result.findings]}"
    assert all(f.severity is not Severity.INFO for f in found) or rule == "I011"
    if values is not None:
        stated, expected = values
        assert any(str(f.stated) == stated and str(f.expected) == expected for f in found), [
            (str(f.stated), str(f.expected), f.message) for f in found
        ]
    assert all(f.message and f.location.line for f in found)


def test_a009_procurement_row_sum(consistent: str) -> None:
    doc = edit(consistent, ("合计\t\t\t\t\t\t\t\t\t\t\t", "合计\t\t10.00\t9.00\t\t\t\t\t\t\t\t"))
    found = of(run(doc), "A009")
    assert [(f.stated, f.expected) for f in found] == [(Decimal("10.00"), Decimal("9.00"))]
    ok = edit(consistent, ("合计\t\t\t\t\t\t\t\t\t\t\t", "合计\t\t10.00\t10.00\t\t\t\t\t\t\t\t"))
    assert of(run(ok), "A009") == []


@pytest.mark.parametrize(("admin", "count"), [("20.00", 0), ("25.00", 1)])
def test_x007_admin_cost_column(admin: str, count: int) -> None:
    result = run(ADMIN_COST_DOC.format(admin=admin, composition=""), "shanghai-2026")
    assert len(of(result, "X007")) == count


CARRYOVER_DOC = """2026年部门预算
部门收支总表
单位：万元
收入\t\t支出\t
项目\t预算数\t项目\t预算数
一、本年收入\t100.00\t一、本年支出\t120.00
一般公共预算资金\t100.00\t一般公共服务支出\t120.00
二、上年结转\t20.00\t二、结转下年\t
收入总计\t{total}\t支出总计\t120.00
"""


@pytest.mark.parametrize(("total", "count"), [("120.00", 0), ("130.00", 2)])
def test_a005_counts_carryover_sections(total: str, count: int) -> None:
    """收入总计 = 本年收入 + 上年结转 (a balanced table with a carry-over is not an error)."""
    found = of(run(CARRYOVER_DOC.format(total=total), "default"), "A005")
    assert len(found) == count  # 130: 收入≠支出, 收入总计≠本年收入+上年结转


def test_tail_difference_is_info_not_error(consistent: str) -> None:
    doc = edit(
        consistent,
        (
            "20103\t政府办公厅（室）及相关机构事务\t1,283.02",
            "20103\t政府办公厅（室）及相关机构事务\t1,283.03",
        ),
    )
    found = of(run(doc), "A001")
    assert found
    assert {f.severity for f in found} == {Severity.INFO}
    assert all("尾差" in f.message for f in found)


def test_year_over_year_digit_hint(consistent: str) -> None:
    doc = edit(
        consistent, (ITEM_ANCHOR, ITEM + ITEM_ANCHOR), ("执行数为380.00万元", "执行数为3800.00万元")
    )
    (f,) = of(run(doc), "N002")
    assert f.stated == "增加" and f.expected == "减少"
    assert "若为380.00万元" in f.message


def test_profile_disables_and_overrides(tmp_path: Path, consistent: str) -> None:
    doc = edit(consistent, ("≤\t3000", "<\t3000"), ("预计使用率", "服务体验感"))
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "extends: chongqing-2026\nrules:\n  I002: off\n  I009: error\n", encoding="utf-8"
    )
    result = check_package(load_bytes(doc.encode(), "doc.txt"), load_profile(str(profile)))
    assert of(result, "I002") == []
    assert [f.severity for f in of(result, "I009")] == [Severity.ERROR]


# --- real documents ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed000() -> CheckResult:
    return run(SEED000.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed003() -> CheckResult:
    return run(SEED003.read_text(encoding="utf-8"))


def test_seed000_project_calculations(seed000: CheckResult) -> None:
    """The six sheets whose 概述 arithmetic disagrees with 当年预算, with their numbers."""
    got = {(f.location.table, str(f.stated), str(f.expected)) for f in of(seed000, "P001")}
    assert got == {
        ("项目「窗口工作人员专项经费」", "108.85", "110.09"),
        ("项目「政务服务中心房屋租金」", "346.16", "415.39"),
        ("项目「政务服务中心维修（护）保障经费」", "7.00", "9.00"),
        ("项目「政务服务事项办事指南及信息更新」", "2.00", "10.00"),
        ("项目「政务大厅管理保障服务经费」", "201.92", "250.00"),
        ("项目「“渝快办+邮政”服务，上门揽件、办件结果寄达等服务经费」", "12.00", "10.00"),
    }
    rent = next(f for f in of(seed000, "P001") if "租金" in f.message)
    assert "恰为10个月" in rent.message


def test_seed000_indicator_defects(seed000: CheckResult) -> None:
    rent = of(seed000, "I010")
    assert any(
        f.stated == Decimal(25) and f.expected == Decimal(30) and f.severity is Severity.ERROR
        for f in rent
    )
    assert any("故障响应时间" in f.message for f in of(seed000, "I005"))
    assert [f.stated for f in of(seed000, "I002")] == ["<"]
    claims = of(seed000, "X008")
    assert {f.location.row for f in claims} == {"政府采购率"} and len(claims) == 2


def test_seed000_tail_differences_are_info(seed000: CheckResult) -> None:
    tails = [f for f in seed000.findings if "尾差" in f.message]
    assert tails and all(f.severity is Severity.INFO for f in tails)
    assert {f.rule for f in tails} >= {"A001", "X004"}
    assert any(f.stated == Decimal("890.26") and f.expected == Decimal("890.25") for f in tails)


def test_seed000_consistent_parts_raise_nothing(seed000: CheckResult) -> None:
    """三公 4.50 = 3.50 + 1.00 and the 1,421.74 totals agree: no finding from those rules."""
    for rule in (
        "A003",
        "A005",
        "A006",
        "X001",
        "X002",
        "X003",
        "X006",
        "X010",
        "N001",
        "N004",
        "N008",
    ):
        assert of(seed000, rule) == [], rule
    errors = {
        f.rule
        for f in seed000.findings
        if f.category in ("arithmetic", "cross-table") and f.severity is Severity.ERROR
    }
    assert errors == {"X008"}  # only the procurement contradiction; every total agrees


def test_seed000_package_defects(seed000: CheckResult) -> None:
    assert {f.location.table for f in of(seed000, "C001")} == {
        "部门收入总表",
        "国有资本经营预算支出表",
    }
    assert [f.location.row for f in of(seed000, "N006")] == ["项目支出"]
    (k,) = of(seed000, "K002")
    assert "30114" in k.message
    assert {f.location.row for f in of(seed000, "C004")} == {"项目分类", "立项依据"}


def test_seed003_findings(seed003: CheckResult) -> None:
    got = {(str(f.stated), str(f.expected)) for f in of(seed003, "P001")}
    assert got == {("15.00", "15.22"), ("147.12", "177.12")}
    assert {f.location.row for f in of(seed003, "C003")} == {"项目总额", "预算执行率权重"}
    consumption = {f.location.row for f in of(seed003, "I005")}
    assert {"纸张使用量", "墨粉消耗量", "自来水用量", "用电量"} <= consumption
    assert [f.location.row for f in of(seed003, "I006")] == ["服务提升"]
    assert of(seed003, "I004") == []  # 方向 matches 性质 on every row


def test_seed003_declared_direction_contradiction() -> None:
    text = SEED003.read_text(encoding="utf-8")
    bad = text.replace("≤\t\t1\t1\t次\t20\t20\t反向指标", "≤\t\t1\t1\t次\t20\t20\t正向指标", 1)
    assert len(of(run(bad), "I004")) == 1


def test_n009_is_an_error_when_the_text_claims_every_project(consistent: str) -> None:
    doc = edit(
        consistent, ("涉及一般公共预算财政拨款890.25万元", "涉及一般公共预算财政拨款880.25万元")
    )
    (f,) = of(run(doc), "N009")
    assert f.severity is Severity.ERROR and "均实行" in f.message


def test_profile_can_raise_an_info_rule_but_not_a_tail(tmp_path: Path, consistent: str) -> None:
    doc = edit(
        consistent,
        ("审批件数\t10\t件\t≥\t800000", "审批件数\t10\t件\t≥\t750000"),
        (
            "20103\t政府办公厅（室）及相关机构事务\t1,283.02",
            "20103\t政府办公厅（室）及相关机构事务\t1,283.03",
        ),
    )
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "extends: chongqing-2026\nrules:\n  I011: warning\n  A001: warning\n", encoding="utf-8"
    )
    result = check_package(load_bytes(doc.encode(), "doc.txt"), load_profile(str(profile)))
    assert {f.severity for f in of(result, "I011")} == {Severity.WARNING}
    assert {f.severity for f in of(result, "A001")} == {Severity.INFO}  # 尾差 stays info


def test_row_sums_report_each_table_once(consistent: str) -> None:
    """Two tables of one kind (e.g. a re-printed 支出总表): each row finding comes once per table."""
    doc = edit(
        consistent,
        ("2010301\t行政运行\t392.77\t392.77\t", "2010301\t行政运行\t392.77\t392.77\t1.00"),
    )
    pkg = load_bytes(doc.encode("utf-8"), "doc.txt")
    table = next(t for t in pkg.tables if t.kind is TableKind.GPB_EXPENDITURE)
    twice = replace(pkg, tables=(*pkg.tables, table))
    found = of(check_package(twice, load_profile("chongqing-2026")), "A003")
    assert [(f.stated, f.expected) for f in found] == [(Decimal("392.77"), Decimal("393.77"))] * 2


@pytest.mark.parametrize(
    ("name", "found"),
    [("机关工资福利支出", []), ("工资福利", [("机关工资福利支出", "warning")])],
)
def test_k001_knows_government_economic_codes(name: str, found: list[tuple[str, str]]) -> None:
    """政府预算经济分类 (50x) codes are in the bundled catalog: checked by name, not 'unknown'."""
    doc = ADMIN_COST_DOC.format(admin="20.00", composition="").replace(
        "301\t工资福利支出", f"501\t{name}"
    )
    result = of(run(doc, "shanghai-2026"), "K001")
    assert [(str(f.expected), f.severity.value) for f in result] == found


def test_level1_split_is_off_by_default_and_reports_deviations_when_on(
    consistent: str, tmp_path: Path
) -> None:
    """I016: 窗口工作人员专项经费 splits 产出 50 / 效益 30 / 满意度 10 (passes); 政务服务中心房屋租金
    has 成本 20 + 产出 40 / 效益 20 / 满意度 10 (reported when the rule is on)."""
    assert not of(run(consistent), "I016")
    profile = tmp_path / "split.yaml"
    profile.write_text("extends: chongqing-2026\nrules: {I016: warning}\n", encoding="utf-8")
    found = of(run(consistent, str(profile)), "I016")
    names = {f.location.table for f in found}
    assert "项目「政务服务中心房屋租金」" in names
    assert "项目「窗口工作人员专项经费」" not in names
    rent = next(f for f in found if f.location.table == "项目「政务服务中心房屋租金」")
    assert (rent.stated, rent.expected) == ("产出60、效益20、满意度10", "产出50、效益30、满意度10")


GPB_HEADER = "科目编码\t科目名称\t总计\t基本支出\t项目支出"


def test_c005_a_header_unit_that_agrees_or_stands_alone(consistent: str) -> None:
    """总计（万元） under 单位：万元: the column still reads, nothing reported; with no 单位 line,
    the header's （元） is the table's unit."""

    def gpb(result: CheckResult) -> Table:
        return next(t for t in result.package.tables if t.kind is TableKind.GPB_EXPENDITURE)

    agree = run(edit(consistent, (GPB_HEADER, GPB_HEADER.replace("总计", "总计（万元）"))))
    assert not of(agree, "C005")
    assert gpb(agree).unit is Unit.WAN
    total = gpb(agree).rows[0].cell("total")
    assert total is not None and total.value == Decimal("1421.74")

    alone = run(
        edit(
            consistent,
            (
                "一般公共预算财政拨款支出预算表\n\n单位：万元\n",
                "一般公共预算财政拨款支出预算表\n\n",
            ),
            (GPB_HEADER, GPB_HEADER.replace("总计", "总计（元）")),
        )
    )
    assert gpb(alone).unit is Unit.YUAN
    assert not of(alone, "C005")


def test_c005_a_unit_on_a_column_that_is_no_amount_column_is_not_the_tables() -> None:
    """单价（元） in a procurement table under the document's 单位：万元: the table stays in
    万元 (a unit printed after a label that is not an amount column does not switch it)."""
    doc = (
        "2026年部门预算\n单位：万元\n政府采购预算明细表\n"
        "项目编号\t项目\t数量\t单价（元）\t总计\t一般公共预算\n"
        "1\t办公设备购置\t10\t5000.00\t5.00\t5.00\n合计\t\t\t\t5.00\t5.00\n"
    )
    result = run(doc)
    assert [t.unit for t in result.package.tables] == [Unit.WAN]
    assert not of(result, "C005")


GLUED_DOC = """2026年部门预算
一般公共预算财政拨款支出预算表
单位：万元
科目编码\t科目名称\t总计\t基本支出\t项目支出
201\t一般公共服务支出{amounts}\t\t\t
"""


def test_c006_amounts_run_into_names_are_unread_not_absent() -> None:
    """A table whose amounts are inside its names (a poor scan): C006, an error, instead of
    C002's 'empty table' that would blame the department."""
    glued = run(GLUED_DOC.format(amounts="1,283.02392.77890.25"))
    assert [(f.stated, f.severity) for f in of(glued, "C006")] == [
        ("一般公共服务支出1,283.02392.77890.25", Severity.ERROR)
    ]
    assert not any(f.rule == "C002" and "财政拨款支出" in f.message for f in glued.findings)
    empty = run(GLUED_DOC.format(amounts=""))  # an empty table, names only
    assert not of(empty, "C006")
    assert any(f.rule == "C002" and "财政拨款支出" in f.message for f in empty.findings)


def test_a_rate_in_percent_written_out_is_in_percent(consistent: str) -> None:
    doc = edit(consistent, ("系统验收合格率\t15\t%", "系统验收合格率\t15\t百分比"))
    assert not [f for f in of(run(doc), "I008") if "系统验收合格率" in f.message]
