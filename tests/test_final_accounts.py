"""部门决算: the genuine errors of the real 决算 PDFs, and minimal documents for the 决算 rules.

Each 决算 rule has a failing case (a real PDF with the defect, found by hand and listed in the
fixture notes) and a passing case (a small document in this file).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.conftest import SAMPLES, require_samples
from yusuan.check import CheckResult, check_package
from yusuan.pipeline import load, load_bytes
from yusuan.rules.findings import Finding, Severity

SHEGONGBU = "中共上海市普陀区委社会工作部 2024 年度部门决算.pdf"
GUIHUA = "上海市普陀区规划和自然资源局 2024 年度部门决算.pdf"
CAIZHENG = "上海市普陀区财政局2024年度部门决算.pdf"
TEMPLATE = "附件2：部门决算模板.pdf"

#: A minimal, consistent 决算: summary table, expenditure table and narrative.
MINIMAL = """2024年度部门决算
收入支出决算总表
单位：万元
收入\t\t支出\t
项目\t决算数\t项目\t决算数
一、一般公共预算财政拨款收入\t100.00\t一、一般公共服务支出\t90.00
二、其他收入\t\t二、住房保障支出\t20.00
本年收入合计\t100.00\t本年支出合计\t110.00
年初结转和结余\t10.00\t年末结转和结余\t
总计\t110.00\t总计\t110.00
支出决算表
单位：万元
科目编码\t科目名称\t本年支出合计\t基本支出\t项目支出\t经营支出
合计\t\t110.00\t80.00\t20.00\t10.00
201\t一般公共服务支出\t90.00\t60.00\t20.00\t10.00
221\t住房保障支出\t20.00\t20.00\t\t
一般公共预算财政拨款支出决算表
单位：万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
201\t一般公共服务支出\t80.00\t60.00\t20.00
20103\t政府办公厅（室）及相关机构事务\t80.00\t60.00\t20.00
2010301\t行政运行\t80.00\t60.00\t20.00
221\t住房保障支出\t20.00\t20.00\t
22102\t住房改革支出\t20.00\t20.00\t
2210201\t住房公积金\t20.00\t20.00\t
合计\t\t100.00\t80.00\t20.00
五、一般公共预算财政拨款支出决算情况说明
一般公共预算财政拨款支出100.00万元，主要用于以下方面：
与2023年度相比，一般公共预算财政拨款支出增加25.00万元。
一般公共服务支出（类）80.00万元，占{share}%；住房保障支出（类）20.00万元，占20.00%。
一般公共预算财政拨款支出年初预算为{initial}万元，全年预算为104.00万元，支出决算为100.00万元，完成{base}的{rate}%。
1、一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。全年预算为84.00万元，支出决算为80.00万元。
2、住房保障支出（类）{kuan}（款）住房公积金（项）。全年预算为20.00万元，支出决算为20.00万元，完成全年预算数的100.00%。
"""


def run(**values: str) -> CheckResult:
    text = MINIMAL.format(
        **{
            "share": "80.00",
            "initial": "100.00",
            "base": "年初预算",
            "rate": "100.00",
            "kuan": "住房改革支出",
            **values,
        }
    )
    return check_package(load_bytes(text.encode("utf-8"), "final.txt"))


def of(result: CheckResult, rule: str) -> list[Finding]:
    return [f for f in result.findings if f.rule == rule]


def test_minimal_final_accounts_is_clean() -> None:
    result = run()
    assert result.package.info.stage == "决算"
    assert [(f.rule, f.message) for f in result.findings] == []


@pytest.mark.parametrize(
    ("values", "rule", "stated", "expected"),
    [
        ({"share": "79.00"}, "S005", "79.00%", "80.00%"),
        ({"rate": "96.15", "base": "年初预算"}, "J001", "96.15%", "100.00%"),
        ({"initial": "0", "rate": "96.15"}, "J001", "96.15%", "年初预算为0"),
        ({"kuan": "住房保障支出"}, "J003", "住房保障支出", "住房改革支出"),
    ],
    ids=["share", "rate-base", "rate-zero-budget", "subject-path"],
)
def test_final_account_rules_fail(
    values: dict[str, str], rule: str, stated: str, expected: str
) -> None:
    found = of(run(**values), rule)
    assert [(f.stated, f.expected) for f in found] == [(stated, expected)]


def test_rate_on_the_other_budget_is_explained() -> None:
    (f,) = of(run(initial="0", rate="96.15"), "J001")
    assert "按全年预算104.00万元计算" in f.message


def test_summary_balance_with_carryover() -> None:
    text = MINIMAL.format(
        share="80.00", initial="100.00", base="年初预算", rate="100.00", kuan="住房改革支出"
    )
    bad = text.replace("总计\t110.00\t总计", "总计\t120.00\t总计")  # 100 + 10 ≠ 120
    found = of(check_package(load_bytes(bad.encode(), "f.txt")), "A005")
    assert any(f.stated == Decimal("120.00") and f.expected == Decimal("110.00") for f in found)


# --- the real 决算 PDFs -----------------------------------------------------------------


@pytest.fixture(scope="module")
def results() -> dict[str, CheckResult]:
    require_samples()
    return {
        name: check_package(load(SAMPLES / name))
        for name in (SHEGONGBU, GUIHUA, CAIZHENG, TEMPLATE)
    }


def test_shegongbu_completion_rate_on_zero_initial_budget(results: dict[str, CheckResult]) -> None:
    (f,) = of(results[SHEGONGBU], "J001")
    assert f.stated == "95.89%" and "年初预算为0万元" in f.message and "321.02" in f.message
    (share,) = of(results[SHEGONGBU], "S005")  # 29.42 / 307.82 = 9.558 %: cut, not rounded
    assert (share.stated, share.expected, share.severity) == ("9.55%", "9.56%", Severity.INFO)


def test_guihua_truncated_percentages_and_wrong_parent_name(
    results: dict[str, CheckResult],
) -> None:
    r = results[GUIHUA]
    assert {(f.stated, f.expected) for f in of(r, "S005")} == {("99.86%", "99.87%")}
    # 9746.50 / 10210.34 = 95.458 %: cut, not rounded — 尾差
    assert {(f.stated, f.expected, f.severity) for f in of(r, "J001")} == {
        ("95.45%", "95.46%", Severity.INFO)
    }
    assert {(f.stated, f.expected) for f in of(r, "J003")} == {("住房保障支出", "住房改革支出")}
    # 302 printed 440.90 against items adding to 440.88
    assert any(
        f.stated == Decimal("440.90") and f.expected == Decimal("440.88") for f in of(r, "A001")
    )


def test_caizheng_share_and_sums(results: dict[str, CheckResult]) -> None:
    r = results[CAIZHENG]
    shares = {(f.stated, f.expected) for f in of(r, "S005")}
    assert shares == {("71.73%", "71.65%"), ("100.07%", "100%")}  # and so the shares add to 100.07
    a001 = {(f.location.row, f.stated, f.expected) for f in of(r, "A001")}
    assert ("商品和服务支出", Decimal("171.07"), Decimal("171.09")) in a001
    tails = [f for f in r.findings if f.severity is Severity.INFO]
    assert any(
        f.rule == "X002" and "社会保障和就业支出" in f.message for f in tails
    )  # 326.71 vs 326.72


def test_template_is_clean(results: dict[str, CheckResult]) -> None:
    """The national template's numbers agree: all it reports is its template text (XX局,
    增加(减少) …), as warnings."""
    findings = results[TEMPLATE].findings
    assert {f.rule for f in findings} == {"W001"}
    assert {"XX局", "增加(减少)"} <= {str(f.stated) for f in findings}
    assert {f.severity for f in findings} == {Severity.WARNING}
    assert {t.kind.value for t in results[TEMPLATE].package.tables} >= {
        "income_expenditure_summary",
        "three_public",
    }


def test_caizheng_fiscal_total_in_the_narrative(results: dict[str, CheckResult]) -> None:
    """The narrative's "财政拨款收入支出总计0.3万元" against 2,961.68 in the 财政拨款收入支出决算总表."""
    found = [f for f in of(results[CAIZHENG], "N001") if "收入支出总计" in f.message]
    assert [(f.stated, f.expected) for f in found] == [(Decimal("0.30"), Decimal("2961.68"))]


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        (SHEGONGBU, "中共上海市普陀区委社会工作部"),
        (GUIHUA, "上海市普陀区规划和自然资源局"),
        (CAIZHENG, "上海市普陀区财政局"),
    ],
)
def test_department_name_from_a_cover_split_over_lines(
    results: dict[str, CheckResult], name: str, unit: str
) -> None:
    info = results[name].package.info
    assert (info.unit_name, info.year, info.stage, info.region) == (
        unit,
        2024,
        "决算",
        "上海市普陀区",
    )


def test_a_missing_final_table_is_reported_unless_explained() -> None:
    """C007: the template without its 政府性基金 table is reported; with the 说明's sentence that
    there is no such fund, it is not."""
    from dataclasses import replace

    from yusuan.model import Paragraph, Source, TableKind

    require_samples()
    pkg = load(SAMPLES / TEMPLATE)
    cut = replace(
        pkg, tables=tuple(t for t in pkg.tables if t.kind is not TableKind.GOV_FUND_EXPENDITURE)
    )
    found = [f for f in check_package(cut).findings if f.rule == "C007"]
    assert [(f.location.table, f.severity) for f in found] == [
        ("政府性基金预算支出表", Severity.WARNING)
    ]
    assert [f for f in check_package(pkg).findings if f.rule == "C007"] == []
    note = Paragraph(
        "本部门无政府性基金预算财政拨款收支，故政府性基金预算财政拨款收入支出决算表为空表。",
        "",
        Source(file="t"),
    )
    explained = replace(cut, paragraphs=(*cut.paragraphs, note))
    assert [f for f in check_package(explained).findings if f.rule == "C007"] == []


def test_a_rate_on_the_budget_after_its_adjustment() -> None:
    """``年初预算为100万元，调增20万元，调整后预算120万元，支出决算为118万元，完成预算的98.33%``: the
    rate is on the budget as adjusted (118 ÷ 120), which the sentence names without 为."""
    page = (
        "某县民政局2024年度部门决算\n"
        "2024年度一般公共预算财政拨款支出年初预算为100万元，调增20万元，调整后预算120万元，"
        "支出决算为118万元，完成预算的{r}%。\n"
    )

    def ran(rate: str) -> CheckResult:
        return check_package(load_bytes(page.format(r=rate).encode("utf-8"), "final.txt"))

    assert ran("98.33").findings == ()
    (f,) = of(ran("99.33"), "J001")
    assert (f.stated, f.expected) == ("99.33%", "98.33%") and "120" in f.message
