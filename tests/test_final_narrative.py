"""决算 情况说明 rules J004–J011: a consistent document written out below, one edit per failing
case, and the genuine errors of the real 决算 PDFs (found by hand, then by yusuan).

The passing document states every kind of sentence the rules read — 三公 完成率 on the 三公
决算表, 同比 with amount and percentage, 公务接待 批次/人次, 政府采购 with the 中小企业 share, and
the 主要用于 of each 项 — all consistent, so that no rule reports anything.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from tests.conftest import SAMPLES, require_samples
from yusuan.check import CheckResult, check_package
from yusuan.errors import ProfileError
from yusuan.pipeline import load, load_bytes
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.profile import load_profile

SHEGONGBU = "中共上海市普陀区委社会工作部 2024 年度部门决算.pdf"
GUIHUA = "上海市普陀区规划和自然资源局 2024 年度部门决算.pdf"
CAIZHENG = "上海市普陀区财政局2024年度部门决算.pdf"
TEMPLATE = "附件2：部门决算模板.pdf"

NARRATIVE = """2024年度部门决算
收入支出决算总表
单位：万元
收入\t\t支出\t
项目\t决算数\t项目\t决算数
一、一般公共预算财政拨款收入\t100.00\t一、一般公共服务支出\t90.00
\t\t二、住房保障支出\t10.00
本年收入合计\t100.00\t本年支出合计\t100.00
总计\t100.00\t总计\t100.00
一般公共预算财政拨款支出决算表
单位：万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
201\t一般公共服务支出\t90.00\t70.00\t20.00
20103\t政府办公厅（室）及相关机构事务\t90.00\t70.00\t20.00
2010301\t行政运行\t70.00\t70.00\t
2010302\t一般行政管理事务\t20.00\t\t20.00
221\t住房保障支出\t10.00\t10.00\t
22102\t住房改革支出\t10.00\t10.00\t
2210201\t住房公积金\t10.00\t10.00\t
合计\t\t100.00\t80.00\t20.00
财政拨款“三公”经费支出决算表
单位：万元
项目\t合计\t因公出国（境）费\t公务用车购置及运行维护费\t公务用车购置费\t公务用车运行维护费\t公务接待费
预算数\t3.00\t0.00\t1.00\t0.00\t1.00\t2.00
决算数\t2.50\t0.00\t1.00\t0.00\t1.00\t1.50
五、一般公共预算财政拨款支出决算情况说明
一般公共预算财政拨款支出100.00万元。与2023年度相比，一般公共预算财政拨款支出增加20.00万元，增长25.00%。
1、一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。主要用于：机关人员工资和日常运转支出。年初预算为70.00万元，支出决算为70.00万元。
2、一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）一般行政管理事务（项）。主要用于：政务公开和信息发布工作支出。年初预算为20.00万元，支出决算为20.00万元。
3、住房保障支出（类）住房改革支出（款）住房公积金（项）。主要用于：按规定为在职人员缴纳住房公积金。年初预算为10.00万元，支出决算为10.00万元。
七、财政拨款“三公”经费支出决算情况说明
“三公”经费财政拨款支出年初预算为3.00万元，支出决算为2.50万元，完成预算的83.33%，其中：公务用车购置及运行维护费支出决算为1.00万元，完成预算的100.00%；公务接待费支出决算为1.50万元，完成预算的75.00%。
2024年度“三公”经费财政拨款支出决算数比2023年度减少0.50万元，下降16.67%，其中：公务接待费支出决算减少0.50万元，下降25.00%。
公务接待费支出1.50万元。主要用于接待上级部门调研，列明公务接待3批次、20人次，其中：接待外宾1批次、4人次。
十一、其他重要事项的情况说明
机关运行经费支出8.00万元，比2023年度增加2.00万元，增长33.33%。
政府采购支出总额50.00万元，其中：政府采购货物支出10.00万元、政府采购工程支出0.00万元、政府采购服务支出40.00万元。授予中小企业合同金额40.00万元，占政府采购支出总额的80.00%，其中：授予小微企业合同金额30.00万元，占授予中小企业合同金额的75.00%。
"""

#: The Shanghai 决算 wording of the 中小企业 awards (reserved projects, then the other projects).
SHANGHAI_SME = (
    "授予中小企业合同金额40.00万元，占政府采购支出总额的80.00%，其中：授予小微企业合同金额30.00万元，"
    "占授予中小企业合同金额的75.00%。",
    "面向中小企业预留政府采购项目预算金额40.00万元。在面向中小企业预留的政府采购项目中，由中小企业"
    "供应商中标或成交的，采购金额40.00万元；在其他政府采购项目中，由中小企业供应商中标或成交的，"
    "采购金额{other}万元。",
)


def run(text: str, profile: str = "default") -> CheckResult:
    return check_package(load_bytes(text.encode("utf-8"), "final.txt"), load_profile(profile))


def edit(*pairs: tuple[str, str]) -> str:
    text = NARRATIVE
    for old, new in pairs:
        assert old in text, f"fixture text not found: {old!r}"
        text = text.replace(old, new, 1)
    return text


def of(result: CheckResult, rule: str) -> list[Finding]:
    return [f for f in result.findings if f.rule == rule]


def test_consistent_final_narrative_is_clean() -> None:
    result = run(NARRATIVE)
    assert result.package.info.stage == "决算"
    assert [(f.rule, f.message) for f in result.findings] == []


# (rule, edits, expected (stated, expected), severity)
CASES: list[tuple[str, tuple[tuple[str, str], ...], tuple[str, str], Severity]] = [
    (
        "J004",
        (("完成预算的75.00%", "完成预算的80.00%"),),
        ("80.00%", "75.00%"),
        Severity.ERROR,
    ),
    (  # a rate on an item the table gives no budget: 0 written as 0% is a warning
        "J004",
        (("其中：公务用车", "其中：因公出国（境）费决算为0.00万元，完成预算的0.00%；公务用车"),),
        ("0.00%", "预算数为0，无完成率"),
        Severity.WARNING,
    ),
    (  # …and an error when money was spent without a budget
        "J004",
        (
            (
                "预算数\t3.00\t0.00\t1.00\t0.00\t1.00\t2.00",
                "预算数\t1.00\t0.00\t1.00\t0.00\t1.00\t0.00",
            ),
            ("完成预算的75.00%", "完成预算的150.00%"),
        ),
        ("150.00%", "预算数为0，无完成率"),
        Severity.ERROR,
    ),
    # changes and their rates in a 决算 are read from the prose's figures, as on any page (S001)
    ("S001", (("增长33.33%", "增长25.00%"),), ("25.00%", "33.33%"), Severity.ERROR),
    (  # 比年初预算: the base is the budget (1.50 = 2.00 − 0.50 → 25%)
        "S001",
        (
            (
                "公务接待费支出1.50万元。",
                "公务接待费支出1.50万元，比年初预算减少0.50万元，下降33.33%。",
            ),
        ),
        ("33.33%", "25.00%"),
        Severity.ERROR,
    ),
    (  # a growth on a zero base: the amount is right, the rate undefined (a warning)
        "S001",
        (
            (
                "8.00万元，比2023年度增加2.00万元，增长33.33%",
                "8.00万元，比2023年度增加8.00万元，增长100.00%",
            ),
        ),
        ("增长100.00%", "不适用"),
        Severity.WARNING,
    ),
    (
        "S001",  # the amount it refers back to is in the sentence before
        (("增加20.00万元，增长25.00%", "增加100.00万元，增长100.00%"),),
        ("增长100.00%", "不适用"),
        Severity.WARNING,
    ),
    (
        "S001",
        (("增加2.00万元，增长33.33%", "增加2.00万元，增长2.00%"),),
        ("2.00%", "33.33%"),
        Severity.ERROR,
    ),
    (
        "J008",
        (("公务接待3批次、20人次，其中：接待外宾1批次、4人次", "公务接待20批次、3人次"),),
        ("20批次、3人次", "人次 ≥ 批次数"),
        Severity.ERROR,
    ),
    (
        "J008",
        (("接待外宾1批次、4人次", "接待外宾5批次、6人次"),),
        ("5批次、6人次", "≤ 3批次、20人次"),
        Severity.ERROR,
    ),
    (
        "J008",
        (("3批次、20人次，其中：接待外宾1批次、4人次", "0批次、0人次"),),
        ("0批次", "公务接待费1.50万元"),
        Severity.WARNING,
    ),
    (  # the shares of 政府采购 are S005's, as every other share
        "S005",
        (("占政府采购支出总额的80.00%", "占政府采购支出总额的40.00%"),),
        ("40.00%", "80.00%"),
        Severity.ERROR,
    ),
    (
        "S005",
        (("占授予中小企业合同金额的75.00%", "占授予中小企业合同金额的60.00%"),),
        ("60.00%", "75.00%"),
        Severity.ERROR,
    ),
    (
        "J009",
        ((SHANGHAI_SME[0], SHANGHAI_SME[1].format(other="20.00")),),
        ("60.00", "≤ 50.00"),
        Severity.ERROR,
    ),
    (  # the 住房公积金 line carries the 行政运行 line's text (another 类)
        "J010",
        (("主要用于：按规定为在职人员缴纳住房公积金", "主要用于：机关人员工资和日常运转支出"),),
        ("机关人员工资和日常运转支出", "住房公积金自身的用途"),
        Severity.WARNING,
    ),
    (  # the line names a 项 the table lacks, and the table's 项 with its amount is 行政运行
        "J011",
        (("款）行政运行（项）", "款）机关运行（项）"),),
        ("机关运行", "行政运行"),
        Severity.WARNING,
    ),
    (  # a catalog 项 the table does not list (and no 项 with that amount)
        "J011",
        (
            ("款）行政运行（项）", "款）事业运行（项）"),
            ("年初预算为70.00万元，支出决算为70.00万元", "年初预算为7.00万元，支出决算为7.00万元"),
        ),
        ("事业运行", "表中的项级科目"),
        Severity.WARNING,
    ),
    (  # a name neither the table nor the bundled catalog knows: unknown, not invalid
        "J011",
        (
            ("款）行政运行（项）", "款）机关综合保障（项）"),
            ("年初预算为70.00万元，支出决算为70.00万元", "年初预算为7.00万元，支出决算为7.00万元"),
        ),
        ("机关综合保障", "表中的项级科目"),
        Severity.INFO,
    ),
]


@pytest.mark.parametrize(
    ("rule", "edits", "values", "severity"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_final_narrative_rule_fails(
    rule: str,
    edits: tuple[tuple[str, str], ...],
    values: tuple[str, str],
    severity: Severity,
) -> None:
    result = run(edit(*edits))
    found = of(result, rule)
    assert [(str(f.stated), str(f.expected), f.severity) for f in found] == [(*values, severity)], [
        (f.rule, f.message) for f in result.findings
    ]
    (f,) = found
    assert f.message and f.location.line
    others = {x.rule for x in result.findings} - {rule, "N001"}  # N001: an edited 预算数
    assert not others, [(x.rule, x.message) for x in result.findings]


def test_three_public_amounts_against_the_table_are_n001s() -> None:
    """A mistyped 决算 amount is reported once (N001), not again as a wrong 完成率."""
    result = run(edit(("公务接待费支出决算为1.50万元", "公务接待费支出决算为1.60万元")))
    assert [(f.rule, str(f.stated), str(f.expected)) for f in result.findings] == [
        ("N001", "1.60", "1.50")
    ]


def test_shanghai_sme_wording_passes_within_the_total() -> None:
    text = edit((SHANGHAI_SME[0], SHANGHAI_SME[1].format(other="10.00")))
    assert of(run(text), "J009") == []


def test_percentage_equal_to_the_amount_is_not_reported_when_it_is_right() -> None:
    """2.00万元 on a base of 200.00万元 is 1.00%: a coincidence only when the numbers differ."""
    text = edit(
        (
            "8.00万元，比2023年度增加2.00万元，增长33.33%",
            "202.00万元，比2023年度增加2.00万元，增长1.00%",
        )
    )
    result = run(text)
    assert of(result, "S001") == []


def test_copied_use_within_one_kuan_is_left_to_the_profile(tmp_path: object) -> None:
    """Two 项 of one 款 may well share a use: reported only with ``copied_use.scope: 项``."""
    text = edit(("主要用于：政务公开和信息发布工作支出", "主要用于：机关人员工资和日常运转支出"))
    assert of(run(text), "J010") == []
    strict = replace(load_profile("default"), copied_use_scope="项")
    found = of(check_package(load_bytes(text.encode(), "f.txt"), strict), "J010")
    assert [f.location.row for f in found] == ["一般行政管理事务"]
    short = replace(strict, copied_use_min_chars=40)
    assert of(check_package(load_bytes(text.encode(), "f.txt"), short), "J010") == []


def test_copied_use_profile_settings_are_validated(tmp_path: pytest.TempPathFactory) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    good = folder / "good.yaml"
    good.write_text("extends: default\ncopied_use: {min_chars: 10, scope: 类}\n", encoding="utf-8")
    profile = load_profile(str(good))
    assert (profile.copied_use_min_chars, profile.copied_use_scope) == (10, "类")
    bad = folder / "bad.yaml"
    bad.write_text("extends: default\ncopied_use: {scope: 段}\n", encoding="utf-8")
    with pytest.raises(ProfileError):
        load_profile(str(bad))


def test_procurement_split_in_final_accounts_wording() -> None:
    found = of(run(edit(("政府采购支出总额50.00万元", "政府采购支出总额55.00万元"))), "N008")
    assert [(f.stated, f.expected) for f in found] == [(Decimal("55.00"), Decimal("50.00"))]


# --- the real 决算 PDFs -----------------------------------------------------------------

NEW_RULES = ("J004", "J008", "J009", "J010", "J011", "S001")


@pytest.fixture(scope="module")
def results() -> dict[str, CheckResult]:
    require_samples()
    return {
        name: check_package(load(SAMPLES / name), load_profile("shanghai-2026"))
        for name in (SHEGONGBU, GUIHUA, CAIZHENG, TEMPLATE)
    }


def found(result: CheckResult) -> set[tuple[str, str, int | None, str, str]]:
    return {
        (f.rule, f.severity.value, f.location.page, str(f.stated), str(f.expected))
        for f in result.findings
        if f.rule in NEW_RULES
    }


def test_shegongbu_growth_on_a_zero_base_copied_use_and_sme_awards(
    results: dict[str, CheckResult],
) -> None:
    """The 部 was set up in 2024: four "增长100.00%" on a zero 2023; the 住房公积金 line's 主要用于
    is the 事业单位医疗 line's; the 中小企业 awards (21.07 reserved + 21.07 other) double the
    21.07万元 of procurement."""
    zero = ("增长100.00%", "不适用")  # the amounts are right; the rate is undefined: warnings
    assert found(results[SHEGONGBU]) == {
        ("S001", "warning", 17, *zero),  # 收入支出总计
        ("S001", "warning", 17, *zero),  # 财政拨款收入支出总计 (same page, other line)
        ("S001", "warning", 18, *zero),  # 一般公共预算财政拨款支出
        ("S001", "warning", 21, *zero),  # 机关运行经费 10.23万元
        ("J010", "warning", 20, "事业单位医疗保险支出", "住房公积金自身的用途"),
        ("J009", "error", 22, "42.14", "≤ 21.07"),
    }
    assert len(of(results[SHEGONGBU], "S001")) == 4
    subjects = {f.message.split("」")[0].lstrip("「") for f in of(results[SHEGONGBU], "S001")}
    assert subjects == {
        "收入支出总计",
        "财政拨款收入支出总计",
        "一般公共预算财政拨款支出",
        "机关运行经费",
    }


def test_guihua_misnamed_items_and_rates_on_zero_budgets(results: dict[str, CheckResult]) -> None:
    """Item 5 names 机关事业单位退休人员活动费支出 for the table's 2080599 其他行政事业单位养老支出
    (0.88万元); item 11 the pre-2019 name 其他国土资源事务支出 for 2200199 其他自然资源事务支出
    (45.00万元); 出国 and 公务用车 have no budget, so "完成预算的0.00%" is not a rate."""
    assert found(results[GUIHUA]) == {
        ("J011", "warning", 22, "机关事业单位退休人员活动费支出", "其他行政事业单位养老支出"),
        ("J011", "warning", 24, "其他国土资源事务支出", "其他自然资源事务支出"),
        ("J004", "warning", 25, "0.00%", "预算数为0，无完成率"),
    }
    assert len(of(results[GUIHUA], "J004")) == 2
    (split,) = of(results[GUIHUA], "N008")  # 122.43 + 1387.72 + 809.07 = 2319.22
    assert (split.severity, split.stated, split.expected) == (
        Severity.INFO,
        Decimal("2319.21"),
        Decimal("2319.22"),
    )


def test_caizheng_rates_on_zero_budgets_and_tail_differences(
    results: dict[str, CheckResult],
) -> None:
    assert found(results[CAIZHENG]) == {
        ("J004", "warning", 23, "0%", "预算数为0，无完成率"),
        ("J009", "info", 24, "251.26", "≤ 251.25"),  # 246.47 + 4.79 against 251.25: 尾差
    }
    assert len(of(results[CAIZHENG], "J004")) == 2
    (split,) = of(results[CAIZHENG], "N008")
    assert split.severity is Severity.INFO


def test_template_placeholders_raise_nothing(results: dict[str, CheckResult]) -> None:
    assert found(results[TEMPLATE]) == set()


def test_a_cause_after_a_change_is_not_read_on_the_main_amount() -> None:
    """``…增长33.33%，主要是办公费增加1.00万元，增长50.00%``: the second change is about 办公费, whose
    amount is not stated, so it is not recomputed on 机关运行经费's 8.00万元."""
    text = edit(("增长33.33%。", "增长33.33%，主要是办公费增加1.00万元，增长50.00%。"))
    result = run(text)
    assert [f for f in result.findings if f.rule in NEW_RULES] == []


def test_same_item_name_in_two_kuan_may_share_its_use() -> None:
    """Two 行政运行 lines of different 款 legitimately share 人员和日常运转 wording."""
    text = edit(
        ("款）一般行政管理事务（项）", "款）行政运行（项）"),
        ("政府办公厅（室）及相关机构事务（款）行政运行", "财政事务（款）行政运行"),
        ("主要用于：政务公开和信息发布工作支出", "主要用于：机关人员工资和日常运转支出"),
    )
    assert of(run(text), "J010") == []
