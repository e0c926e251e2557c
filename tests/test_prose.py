"""Narrative algebra (S001–S006) and wording (W001–W004) on pages of prose alone.

Each case is a short page written from a pattern of wording seen in published 说明 (not copied
from any page): a failing text that the rule reports, with the stated and expected values, and
the same text put right, which it does not.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from yusuan.check import CheckResult, check_package
from yusuan.pipeline import load_bytes
from yusuan.recognize.wording import respectively
from yusuan.rules.builtin import all_rules
from yusuan.rules.findings import Finding, Severity

FINAL = "某县民政局2025年度部门决算\n"
BUDGET = "某县民政局2025年部门预算\n"
GOVERNMENT = "关于某县2023年预算执行情况和2024年预算草案的报告\n"
ADJUSTMENT = "关于某县2024年预算调整方案（草案）的报告\n"


def run(text: str) -> CheckResult:
    return check_package(load_bytes(text.encode("utf-8"), "page.txt"))


def of(result: CheckResult, rule: str) -> list[Finding]:
    return [f for f in result.findings if f.rule == rule]


# (rule, failing page, right page, stated, expected, severity)
CASES: list[tuple[str, str, str, str, str, Severity]] = [
    (  # a growth rate on the wrong base: 1.00 on a prior of 4.00 is 25 %
        "S001",
        FINAL + "2025年“三公”经费支出决算为5.00万元，比上年增加1.00万元，增长20.00%。",
        FINAL + "2025年“三公”经费支出决算为5.00万元，比上年增加1.00万元，增长25.00%。",
        "20.00%",
        "25.00%",
        Severity.ERROR,
    ),
    (  # the prior amount stated in the sentence is the base
        "S001",
        BUDGET + "会议费预算2.00万元，较2024年的2.50万元减少0.50万元，下降25.00%。",
        BUDGET + "会议费预算2.00万元，较2024年的2.50万元减少0.50万元，下降20.00%。",
        "25.00%",
        "20.00%",
        Severity.ERROR,
    ),
    (  # a percentage cut instead of rounded (0.70 / 3.70 = 18.918…): 尾差
        "S001",
        BUDGET + "培训费预算3.00万元，比上年减少0.70万元，下降18.91%。",
        BUDGET + "培训费预算3.00万元，比上年减少0.70万元，下降18.92%。",
        "18.91%",
        "18.92%",
        Severity.INFO,
    ),
    (  # the two sides of one balance
        "S011",
        FINAL + "2025年度收入总计120.00万元，支出总计110.00万元。",
        FINAL + "2025年度收入总计120.00万元，支出总计120.00万元。",
        "110.00",
        "120.00",
        Severity.WARNING,
    ),
    (  # the change is the difference of the two years' amounts
        "S002",
        BUDGET + "公务接待费2025年预算6.0万元，2024年预算9.5万元，对比减少3.2万元。",
        BUDGET + "公务接待费2025年预算6.0万元，2024年预算9.5万元，对比减少3.5万元。",
        "-3.2",
        "-3.5",
        Severity.ERROR,
    ),
    (  # a decrease stated with a rate of increase
        "S003",
        BUDGET + "办公费较上年减少0.30万元，增长5.00%。",
        BUDGET + "办公费较上年减少0.30万元，下降5.00%。",
        "增长5.00%",
        "减少",
        Severity.ERROR,
    ),
    (  # 基本支出 = 人员经费 + 公用经费, the parts on lines of their own
        "S004",
        FINAL + "2025年基本支出300.00万元，其中：\n人员经费250.00万元，主要包括工资。\n"
        "公用经费40.00万元，主要包括办公费。",
        FINAL + "2025年基本支出300.00万元，其中：\n人员经费250.00万元，主要包括工资。\n"
        "公用经费50.00万元，主要包括办公费。",
        "300.00",
        "290.00",
        Severity.ERROR,
    ),
    (  # the 三公 items' changes add up to the total change
        "S004",
        BUDGET + "“三公”经费预算比上年减少2.00万元。其中：因公出国（境）费减少0.50万元，"
        "公务接待费减少0.50万元，公务用车购置及运行维护费减少0.50万元。",
        BUDGET + "“三公”经费预算比上年减少1.50万元。其中：因公出国（境）费减少0.50万元，"
        "公务接待费减少0.50万元，公务用车购置及运行维护费减少0.50万元。",
        "-2.00",
        "-1.50",
        Severity.ERROR,
    ),
    (  # a share of the total it is listed under
        "S005",
        BUDGET + "2025年支出预算200.00万元，其中：基本支出150.00万元，占70.00%；"
        "项目支出50.00万元，占25.00%。",
        BUDGET + "2025年支出预算200.00万元，其中：基本支出150.00万元，占75.00%；"
        "项目支出50.00万元，占25.00%。",
        "70.00%",
        "75.00%",
        Severity.ERROR,
    ),
    (  # 决算 ÷ 预算
        "S006",
        FINAL + "2025年“三公”经费支出预算为20.00万元，支出决算为15.00万元，完成预算的80.00%。",
        FINAL + "2025年“三公”经费支出预算为20.00万元，支出决算为15.00万元，完成预算的75.00%。",
        "80.00%",
        "75.00%",
        Severity.ERROR,
    ),
    (  # no rate on a budget of 0
        "S006",
        FINAL + "2025年因公出国（境）费支出决算为0万元，完成全年预算0万元的0%。",
        FINAL + "2025年因公出国（境）费支出决算为0万元，全年未安排预算。",
        "0%",
        "不适用",
        Severity.WARNING,
    ),
    (  # one item, year and measure with two amounts
        "S007",
        BUDGET + "2025年公务接待费预算3.00万元，主要用于接待。\n2025年公务接待费预算3.50万元。",
        BUDGET + "2025年公务接待费预算3.00万元，主要用于接待。\n2025年公务接待费预算3.00万元。",
        "3.50",
        "3.00",
        Severity.WARNING,
    ),
    (  # the words say the opposite of the rate
        "S008",
        FINAL + "2025年“三公”经费支出决算为12.00万元，完成预算的120.00%。"
        "“三公”经费决算数小于预算数的主要原因是压减开支。",
        FINAL + "2025年“三公”经费支出决算为12.00万元，完成预算的120.00%。"
        "“三公”经费决算数大于预算数的主要原因是增加接待。",
        "决算数小于预算",
        "决算大于预算",
        Severity.ERROR,
    ),
    (  # a part's change and rate imply a prior above its total's
        "S009",
        BUDGET + "2025年基本支出预算较上年增10.00万元，增幅10.00%。主要变动原因如下：\n"
        "1.商品和服务支出较上年增加1.00万元，增幅0.50%。",
        BUDGET + "2025年基本支出预算较上年增10.00万元，增幅10.00%。主要变动原因如下：\n"
        "1.商品和服务支出较上年增加1.00万元，增幅5.00%。",
        "增幅0.50%",
        "≥ 1.00%",
        Severity.ERROR,
    ),
    (
        "W001",
        BUDGET + "2025年因公出国（境）费0万元，较上年增加（减少）0万元。",
        BUDGET + "2025年因公出国（境）费0万元，与上年持平。",
        "增加(减少)",
        "None",
        Severity.WARNING,
    ),
    (
        "W001",
        FINAL + "XX局2025年“三公”经费支出决算3.00万元。",
        FINAL + "民政局2025年“三公”经费支出决算3.00万元。",
        "XX局",
        "None",
        Severity.WARNING,
    ),
    (
        "W002",
        BUDGET + "2025年公务接待费1万元，占 %。",
        BUDGET + "2025年公务接待费1万元，占100%。",
        "占 %",
        "None",
        Severity.WARNING,
    ),
    (  # XX and a word of an organ or a project
        "W001",
        FINAL + "2.2025年度XX项目绩效评价报告\n2025年“三公”经费支出决算3.00万元。",
        FINAL + "2.2025年度信息化项目绩效评价报告\n2025年“三公”经费支出决算3.00万元。",
        "XX项目",
        "None",
        Severity.WARNING,
    ),
    (  # a share with its base named and no number
        "W002",
        BUDGET + "商品和服务支出预算75800元，占基本支出预算%，同比增加5200元。",
        BUDGET + "商品和服务支出预算75800元，占基本支出预算6.69%，同比增加5200元。",
        "占基本支出预算%",
        "None",
        Severity.WARNING,
    ),
    (  # an amount with two decimal points
        "W002",
        BUDGET + "2025年度收、支总计均为3.042.27万元。",
        BUDGET + "2025年度收、支总计均为3,042.27万元。",
        "3.042.27万元",
        "None",
        Severity.WARNING,
    ),
    (  # a template's blank line left in
        "W001",
        BUDGET + "根据某县财政局关于开展20_ 年财政项目支出绩效评价工作的通知，收入预算1200元。",
        BUDGET + "根据某县财政局关于开展2025年财政项目支出绩效评价工作的通知，收入预算1200元。",
        "20_ 年",
        "None",
        Severity.WARNING,
    ),
    (  # the meeting's ordinal left blank
        "W002",
        BUDGET + "2025年1月14日在某市第二届人民代表大会第次会议上，收入预算1200元。",
        BUDGET + "2025年1月14日在某市第二届人民代表大会第五次会议上，收入预算1200元。",
        "第次会议",
        "None",
        Severity.WARNING,
    ),
    (  # an ordinal left blank
        "W002",
        BUDGET + "2025年预算草案提请第届人民代表大会审议，收入预算1200元。",
        BUDGET + "2025年预算草案提请第十八届人民代表大会审议，收入预算1200元。",
        "第届",
        "None",
        Severity.WARNING,
    ),
    (  # a numbered heading of another year (a 目录's)
        "W003",
        BUDGET + "四、2024年预算编制范围\n2025年收入预算1200元。",
        BUDGET + "四、2025年预算编制范围\n2025年收入预算1200元。",
        "2024年",
        "2025年",
        Severity.WARNING,
    ),
    (
        "W002",
        BUDGET + "2025年收入预算1200元元。",
        BUDGET + "2025年收入预算1200元。",
        "元元",
        "None",
        Severity.WARNING,
    ),
    (  # a heading of another year
        "W003",
        FINAL + "某县民政局2024年度“三公”经费决算情况说明\n2025年“三公”经费支出决算3.00万元。"
        "2025年公务接待费支出决算1.00万元。",
        FINAL + "某县民政局2025年度“三公”经费决算情况说明\n2025年“三公”经费支出决算3.00万元。"
        "2025年公务接待费支出决算1.00万元。",
        "2024年",
        "2025年",
        Severity.WARNING,
    ),
    (  # this year's amount (against 上年) printed under last year
        "W003",
        FINAL + "2024年“三公”经费财政拨款支出决算为3.00万元，较上年增加1.00万元，增长50.00%。"
        "2025年公务接待费支出决算1.00万元。",
        FINAL + "2025年“三公”经费财政拨款支出决算为3.00万元，较上年增加1.00万元，增长50.00%。"
        "2025年公务接待费支出决算1.00万元。",
        "2024年",
        "2025年",
        Severity.WARNING,
    ),
    (  # a year with a digit left out
        "W003",
        FINAL + "2025年公务接待费支出决算1.00万元，资金于202年1月11日全部到位。",
        FINAL + "2025年公务接待费支出决算1.00万元，资金于2025年1月11日全部到位。",
        "202年",
        "2025年",
        Severity.WARNING,
    ),
    (  # a title with the same organ at another place: a municipal bureau in a county's 决算
        "W005",
        FINAL + "某市民政局2025年度“三公”经费决算情况说明\n2025年“三公”经费支出决算3.00万元。",
        FINAL + "某县民政局2025年度“三公”经费决算情况说明\n2025年“三公”经费支出决算3.00万元。",
        "某市民政局",
        "某县民政局",
        Severity.WARNING,
    ),
    (  # a county's page in the province's words
        "W004",
        FINAL + "“三公”经费是指省级部门用财政拨款安排的因公出国（境）费。2025年支出决算3.00万元。",
        FINAL + "“三公”经费是指本部门用财政拨款安排的因公出国（境）费。2025年支出决算3.00万元。",
        "省级部门",
        "None",
        Severity.WARNING,
    ),
    (  # counted items listed after 其中 that add up to more than the total
        "S010",
        FINAL + "截至2025年12月31日，共有车辆5辆，其中：一般公务用车3辆，执法执勤用车3辆。",
        FINAL + "截至2025年12月31日，共有车辆6辆，其中：一般公务用车3辆，执法执勤用车3辆。",
        "5",
        "6",
        Severity.ERROR,
    ),
    (  # …but a county asking the province for its money quotes no template
        "W004",
        FINAL + "“三公”经费是指省级部门用财政拨款安排的因公出国（境）费。2025年支出决算3.00万元。",
        FINAL
        + "资金下达滞后，已积极对接市级部门，建议省级部门及时下达资金。2025年支出决算3.00万元。",
        "省级部门",
        "None",
        Severity.WARNING,
    ),
    (  # a count and the names listed for it
        "S012",
        BUDGET + "本局内设机构4个，即办公室、财务科、业务科。",
        BUDGET + "本局内设机构3个，即办公室、财务科、业务科。",
        "4",
        "3",
        Severity.WARNING,
    ),
    (  # one amount of a 万元 list printed in 元: the list adds up in 万元
        "W006",
        BUDGET
        + "专项经费指标总额为84万元，其中：档案保护专项经费36万元，电费专项16万元，档案装具专项12万元，"
        "系统维护专项5万元，库房租赁经费专项15元。",
        BUDGET
        + "专项经费指标总额为84万元，其中：档案保护专项经费36万元，电费专项16万元，档案装具专项12万元，"
        "系统维护专项5万元，库房租赁经费专项15万元。",
        "15元",
        "15万元",
        Severity.WARNING,
    ),
    (  # carried into the next year: 98.45 + 1095.76 − 1193.35 is 0.86
        "S015",
        FINAL
        + "2025年度上年结转和结余资金为98.45万元，本年收入1095.76万元，支出1193.35万元，结余分配0万元，"
        "年末结转和结余资金为5862.89万元。",
        FINAL
        + "2025年度上年结转和结余资金为98.45万元，本年收入1095.76万元，支出1193.35万元，结余分配0万元，"
        "年末结转和结余资金为0.86万元。",
        "5862.89",
        "0.86",
        Severity.ERROR,
    ),
    (  # what is left of a government's whole: 332057 − 312497 is 19560
        "S014",
        GOVERNMENT
        + "2022年我区总财力为332057万元。2022年我区总支出为312497万元。收支相抵，年终结转结余19570万元。",
        GOVERNMENT
        + "2022年我区总财力为332057万元。2022年我区总支出为312497万元。收支相抵，年终结转结余19560万元。",
        "19570",
        "19560",
        Severity.ERROR,
    ),
    (  # a government's balance as a chain: 147.1 + 49.2 is 196.3
        "S013",
        GOVERNMENT
        + "全县一般公共预算收入完成147.1亿元，增长5.3%。加上转移性收入49.2亿元，收入合计198.3亿元。",
        GOVERNMENT
        + "全县一般公共预算收入完成147.1亿元，增长5.3%。加上转移性收入49.2亿元，收入合计196.3亿元。",
        "198.3",
        "196.3",
        Severity.ERROR,
    ),
    (  # items a sentence lists and the 共计 it closes with: 12.08 + 18.70 + 6.75 = 37.53
        "S017",
        BUDGET
        + "项目资金用于建厂房12.08万元；购买变压器一套18.70万元；购置电锅炉一台6.75万元；共计38.53万元。",
        BUDGET
        + "项目资金用于建厂房12.08万元；购买变压器一套18.70万元；购置电锅炉一台6.75万元；共计37.53万元。",
        "38.53",
        "37.53",
        Severity.ERROR,
    ),
    (  # a budget adjusted: the adjustments it lists net to what it moved by (−3.77 + 8.1)
        "S016",
        ADJUSTMENT
        + "一般公共预算总收入从年初预算的137.58亿元调至141.91亿元。其中：调减地方收入3.77亿元，"
        "调增地方政府一般债务收入7.1亿元。",
        ADJUSTMENT
        + "一般公共预算总收入从年初预算的137.58亿元调至141.91亿元。其中：调减地方收入3.77亿元，"
        "调增地方政府一般债务收入8.1亿元。",
        "3.33",
        "4.33",
        Severity.ERROR,
    ),
]


@pytest.mark.parametrize(
    ("rule", "wrong", "right", "stated", "expected", "severity"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_rule_reports_the_wrong_text_and_not_the_right_one(
    rule: str, wrong: str, right: str, stated: str, expected: str, severity: Severity
) -> None:
    found = of(run(wrong), rule)
    assert [(str(f.stated), str(f.expected), f.severity) for f in found] == [
        (stated, expected, severity)
    ], [(f.rule, f.message) for f in run(wrong).findings]
    assert found[0].message and found[0].location.line
    clean = run(right)
    assert of(clean, rule) == [], [(f.rule, f.message) for f in clean.findings]


def test_every_prose_and_wording_rule_has_a_case() -> None:
    rules = {r.id for r in all_rules() if r.id[0] in "SW"}
    assert rules == {c[0] for c in CASES}


def test_a_growth_on_the_current_year_is_named() -> None:
    """Δ ÷ this year's amount: the classic slip, said in the message."""
    r = run(BUDGET + "2025年培训费预算4.00万元，比上年增加1.00万元，增长25.00%。")
    (f,) = of(r, "S001")
    assert "按本年数而非上年数计算" in f.message and f.expected == "33.33%"


def test_a_rate_that_fits_one_of_two_readings_of_the_base_is_not_reported() -> None:
    """This year 50, last year stated 40.5, change 10: the base is 40.5 as stated or 40 as
    50 − 10. S002 reports the two amounts; the rate is wrong only if it fits neither."""
    page = BUDGET + "2025年培训费预算50.00万元，上年40.50万元，比上年增加10.00万元，增长{p}%。"
    fits_40 = run(page.format(p="25.00"))
    assert of(fits_40, "S001") == [] and len(of(fits_40, "S002")) == 1
    (f,) = of(run(page.format(p="30.00")), "S001")
    assert f.expected == "24.69%"


def test_a_zero_rate_of_an_item_whose_budget_the_others_use_up() -> None:
    """因公出国 0, 完成预算的0%, no budget stated: 24.5 − 4.02/89.33% − 7.94/39.7% ≈ 0, so there
    was no budget and no rate (info); with a total budget of 30 there was one (5.5), and 0 % of it
    is right."""
    page = FINAL + (
        "2025年“三公”经费支出预算为{b}万元，支出决算为11.96万元，完成预算的{r}%。其中：因公出国（境）费"
        "支出决算为0万元，完成预算的0.00%；公务用车购置及运行费支出决算为4.02万元，完成预算的89.33%；"
        "公务接待费支出决算为7.94万元，完成预算的39.7%。"
    )
    (f,) = of(run(page.format(b="24.5", r="48.82")), "S006")
    assert (f.severity, f.expected, f.stated) == (Severity.INFO, "不适用", "0.00%")
    assert of(run(page.format(b="30", r="39.87")), "S006") == []


def test_totals_that_each_changed_by_one_amount() -> None:
    """``与2022年度相比，收入、支出总计各增加123.45万元，增长10%``: the year is the base, not the
    figure's; each total changed, and 123.45 on 1111.11 is 11.11 %."""
    page = "某县民政局2023年度部门决算\n" + (
        "2023年度收入总计1,234.56万元，支出总计1,234.56万元。与2022年度相比，收入、支出总计各增加"
        "123.45万元，增长{p}%。"
    )
    assert of(run(page.format(p="11.11")), "S001") == []
    (f,) = of(run(page.format(p="10")), "S001")
    assert f.expected == "11.11%" and "按本年数" in f.message
    both = (
        FINAL
        + "2023年度财政拨款收入、支出总计均为400.00万元，与2022年度相比，均增加40.00万元，增长{p}%。"
    )
    assert of(run(both.format(p="11.11")), "S001") == []
    assert [f.expected for f in of(run(both.format(p="10.00")), "S001")] == ["11.11%"]


def test_a_list_whose_unshared_items_are_zero_is_whole() -> None:
    """基本支出 60 %, 项目支出 40 %, and three items of 0 without a share: the list is the whole
    of 本年支出合计, so 300 + 210 + 0 + 0 + 0 is compared with 500."""
    page = FINAL + (
        "本年支出合计500万元，其中：基本支出300万元，占60%；项目支出{b}万元，占40%；上缴上级支出0万元；"
        "经营支出0万元；对附属单位补助支出0万元。"
    )
    assert of(run(page.format(b="200")), "S004") == []
    (f,) = of(run(page.format(b="210")), "S004")
    assert (f.stated, f.expected) == (Decimal("500"), Decimal("510"))


def test_changes_of_parts_said_flat_or_through_their_own_parts() -> None:
    """出国 与上年持平 (0), 接待 −0.30, 用车 through its parts (购置 持平, 运行维护 −2.00): the 三公
    change −2.30 is their sum; with 接待 −0.50 it is not."""
    page = BUDGET + (
        "2025年“三公”经费财政拨款预算数为35.50万元，比上年减少2.30万元。其中，因公出国（境）费0.00万元，"
        "与上年持平；公务接待费5.50万元，比上年减少{r}万元；公务用车购置及运行费30.00万元，其中，"
        "公务用车购置费0.00万元，与上年持平；公务用车运行维护费30.00万元，比上年减少2.00万元。"
    )
    assert of(run(page.format(r="0.30")), "S004") == []
    (f,) = of(run(page.format(r="0.50")), "S004")
    assert (f.stated, f.expected, f.severity) == (
        Decimal("-2.30"),
        Decimal("-2.50"),
        Severity.ERROR,
    )


def test_counted_items_fewer_than_the_total_and_lists_that_end() -> None:
    """Two items listed that add up to less than the total: a warning (a 其中 list may leave one
    out); one item alone is no list; a list ends at ；, and a new total ends it too."""
    (f,) = of(run(FINAL + "共有车辆6辆，其中：一般公务用车3辆，执法执勤用车2辆。"), "S010")
    assert (f.severity, f.stated, f.expected) == (Severity.WARNING, "6", "5")
    assert of(run(FINAL + "共有车辆6辆，其中：执法执勤用车2辆。"), "S010") == []
    staff = (
        FINAL
        + "编制人数30人，其中：行政编制20人，事业编制10人；实有人员28人，其中：在职25人，退休3人。"
    )
    assert of(run(staff), "S010") == []


def test_a_procurement_split_however_its_kinds_are_worded() -> None:
    """货物类/工程类/服务类 (or 货物预算, 政府采购货物支出 …) add up to the 政府采购 total (N008)."""
    page = (
        BUDGET
        + "2025年政府采购预算总额100.00万元，其中：货物类30.00万元、工程类0.00万元、服务类{s}万元。"
    )
    assert of(run(page.format(s="70.00")), "N008") == []
    (f,) = of(run(page.format(s="60.00")), "N008")
    assert (f.stated, f.expected) == (Decimal("100.00"), Decimal("90.00"))


def test_a_share_of_the_total_by_another_name() -> None:
    """占总支出的比重 is a share of 本年支出合计: 总支出, 支出总额 and 支出合计 are one total."""
    page = (
        FINAL
        + "本年支出合计500.00万元，其中：基本支出300.00万元，占总支出的比重为{a}%；项目支出200.00万元，占比40.00%。"
    )
    assert of(run(page.format(a="60.00")), "S005") == []
    found = of(run(page.format(a="62.00")), "S005")
    assert [f.expected for f in found if f.expected != "100%"] == ["60.00%"]


def test_masked_years_and_values_doubled_units_and_one_report_of_an_empty_reason() -> None:
    r = run(
        BUDGET + "20XX年收入预算1000.00万元，比上年增加100.00万元，主要原因是。“三公”经费占XX%。"
        "公务接待费5.00万元万元。"
    )
    assert {str(f.stated) for f in of(r, "W001")} == {"20XX年", "XX%", "主要原因是。"}
    assert [str(f.stated) for f in of(r, "W002")] == ["万元万元"]
    clean = run(BUDGET + "购置X光机1台，2025年收入预算1000.00万元。")
    assert of(clean, "W001") == [] and of(clean, "W002") == []


def test_shares_over_one_hundred_are_reported() -> None:
    r = run(
        FINAL + "2025年“三公”经费支出决算为10.00万元。其中：公务用车购置及运行维护费6.00万元，"
        "占90.00%；公务接待费4.00万元，占40.00%。"
    )
    totals = [f for f in of(r, "S005") if f.expected == "100%"]
    assert [f.stated for f in totals] == ["130.00%"]


def test_a_list_cut_short_is_not_a_sum() -> None:
    """Parts of a 其中 list that may go on past the page's end are never added up."""
    r = run(BUDGET + "2025年支出预算1000.00万元。其中：一般公共服务支出300.00万元；教育支出")
    assert of(r, "S004") == []


def test_a_change_in_brackets_belongs_to_the_item_before_them() -> None:
    """``A 2066万元（其中：B…，C…），减少12万元，下降0.58%``: the change is A's."""
    r = run(
        BUDGET + "公务用车购置及运行维护费2066万元（其中：公务用车运行维护费1920万元，"
        "公务用车购置费146万元），减少12万元，下降0.58%。"
    )
    fig = next(f for f in r.package.figures if f.subject == "vehicle")
    assert fig.amount == Decimal("2066") and fig.change == Decimal("-12")
    assert of(r, "S001") == []


def test_a_part_listed_as_its_own_parts() -> None:
    """公务用车 listed as 购置 and 运行: the 三公 total is still checked, against all four."""
    page = BUDGET + (
        "2025年“三公”经费预算为251.82万元。其中，因公出国（境）经费14万元；公务接待费94.82万元；"
        "公务用车购置经费55万元；公务用车运行经费{op}万元。"
    )
    (f,) = of(run(page.format(op="80")), "S004")
    assert (f.stated, f.expected) == (Decimal("251.82"), Decimal("243.82"))
    assert of(run(page.format(op="88")), "S004") == []


def test_a_growth_on_a_zero_base_is_a_warning() -> None:
    r = run(BUDGET + "2025年培训费预算2.00万元，比上年增加2.00万元，增长100%。")
    (f,) = of(r, "S001")
    assert (f.severity, f.expected) == (Severity.WARNING, "不适用")


def test_a_label_the_vocabulary_does_not_know_finds_its_amount() -> None:
    """``2025年度收入合计…。与上年相比，收入合计增加…，增长…%``: the level and the change are in
    two sentences and the subject is no vocabulary word."""
    r = run(FINAL + "2025年度收入合计120.00万元。与上年相比，收入合计增加20.00万元，增长25.00%。")
    (f,) = of(r, "S001")
    assert (f.stated, f.expected) == ("25.00%", "20.00%")


def test_a_completion_rate_rounded_to_100_is_either_way() -> None:
    """完成预算100% may be 99.6 %: 决算数小于预算数 is not contradicted."""
    r = run(
        FINAL + "2025年培训费支出决算为9.96万元，完成预算100%。培训费决算数小于预算数，主要是压减。"
    )
    assert of(r, "S008") == []


def test_a_rate_on_a_zero_initial_budget_names_the_full_year_one() -> None:
    """年初预算 0, 全年预算 321.02, 决算 307.82, 「完成年初预算的95.89%」: reported once, by J001
    (the 决算 rule that reads this sentence), naming the 全年 budget; S006 does not repeat it."""
    r = run(
        FINAL + "一般公共预算财政拨款支出年初预算为 0 万元，全年预算为 321.02 万元，"
        "支出决算为 307.82 万元，完成年初预算的 95.89%。"
    )
    assert [f.rule for f in r.findings] == ["J001"]
    assert "全年预算321.02万元" in r.findings[0].message


@pytest.mark.parametrize(
    ("second", "named"),
    [("4647.00万元", "千分位"), ("4.647元", "元与万元"), ("5.00万元", "增加/减少")],
)
def test_a_restated_amount_names_its_slip(second: str, named: str) -> None:
    r = run(BUDGET + f"2025年会议费预算4.647万元。\n2025年会议费预算{second}。")
    (f,) = of(r, "S007")
    assert named in f.message


def test_a_level_named_with_the_unit_before_it_gives_the_change_its_amount() -> None:
    """``某某局2025年度收入支出总计…。与上年相比，收入支出总计增加…``: the level sentence names the
    unit before the subject; another total of the same words (财政拨款收入支出总计) is not it."""
    said = "与上年相比，收入支出总计增加20.00万元，增长25.00%。"
    r = run(FINAL + "某某区民政局2025年度收入支出总计120.00万元。" + said)
    (f,) = of(r, "S001")
    assert (f.stated, f.expected) == ("25.00%", "20.00%")
    other = run(FINAL + "某某区民政局2025年度财政拨款收入支出总计120.00万元。" + said)
    assert of(other, "S001") == []


def test_a_share_of_a_total_it_names_is_checked_against_that_total() -> None:
    """``基本支出预算800万元，占支出预算总额的60%``: the share names its base, stated in a sentence
    before; it is checked against it, and not added to the shares of a list."""
    page = BUDGET + (
        "2025年支出预算总额1200万元，比上年增加200万元。"
        "基本支出预算800万元，占支出预算总额的{a}%；项目支出预算400万元，占支出预算总额的33.33%。"
    )
    assert of(run(page.format(a="66.67")), "S005") == []
    (f,) = of(run(page.format(a="60")), "S005")
    assert (f.stated, f.expected) == ("60%", "66.67%")
    other = BUDGET + (
        "2025年本年支出合计1000万元，其中：基本支出600万元，占60%；项目支出400万元，占40%。"
        "2025年一般公共预算财政拨款支出300万元，占本年支出合计的30%。"
    )
    assert of(run(other), "S005") == []


def test_some_of_the_known_parts_add_up_to_no_more_than_the_total() -> None:
    """``“三公”经费预算合计40,000元，其中：公务接待费15,000元，公务用车运行维护费30,000元``:
    two of the parts the vocabulary knows are listed (no 因公出国, no 购置费); they cannot add up
    to more than the total, whatever the others are."""
    page = BUDGET + (
        "“三公”经费预算合计{total}元，其中：公务接待费15,000元，公务用车运行维护费30,000元。"
    )
    assert of(run(page.format(total="48,000")), "S004") == []
    (f,) = of(run(page.format(total="40,000")), "S004")
    assert (f.stated, f.expected) == (Decimal("40000"), Decimal("45000"))
    assert "超过总额" in f.message


def test_a_sentence_that_opens_with_its_base_goes_on_with_the_figure_before() -> None:
    """``…预算数为45万元。比上年减少5万元，下降10%。``: the second sentence names nothing; its
    change and rate are the 45万元's (上年 50万元, so 10%). A sentence that names its subject
    after the base (与上年相比，收入支出总计增加…) is that subject's."""
    page = (
        BUDGET + "2025年“三公”经费预算数为45万元。比上年减少5万元，下降{p}%。主要原因是厉行节约。"
    )
    assert of(run(page.format(p="10")), "S001") == []
    (f,) = of(run(page.format(p="12")), "S001")
    assert (f.stated, f.expected) == ("12%", "10.00%")
    flat = run(BUDGET + "2025年“三公”经费预算数为45万元。与上年持平。")
    (fig,) = flat.package.figures
    assert fig.flat and fig.amount == Decimal("45")
    named = run(BUDGET + "2025年“三公”经费预算数为45万元。与上年相比，收入支出总计增加5万元。")
    assert [f.change for f in named.package.figures] == [None, Decimal("5")]


@pytest.mark.parametrize(
    ("said", "read"),
    [
        (
            "公务接待费和公务用车运行维护费分别减少2万元、3万元，分别下降10%和20%。",
            "公务接待费减少2万元，下降10%；公务用车运行维护费减少3万元，下降20%。",
        ),
        (
            "其中：公务接待费、公务用车运行维护费分别为10万元、25万元，比上年分别增加1万元、2万元。",
            "其中：公务接待费为10万元，比上年增加1万元；公务用车运行维护费为25万元，比上年增加2万元。",
        ),
        ("A分别为1万元、2万元。", "A分别为1万元、2万元。"),  # one item, two values: as it is
    ],
)
def test_items_and_values_listed_respectively(said: str, read: str) -> None:
    assert respectively(said) == read


def test_a_respectively_list_is_checked_item_by_item() -> None:
    page = BUDGET + (
        "2025年“三公”经费预算30万元，其中：公务接待费、公务用车运行维护费分别为10万元、{op}万元。"
    )
    assert of(run(page.format(op="20")), "S004") == []
    (f,) = of(run(page.format(op="25")), "S004")
    assert (f.stated, f.expected) == (Decimal("30"), Decimal("35"))


@pytest.mark.parametrize("verb", ["为", "占"])
def test_a_completion_rate_worded_as_a_ratio_of_the_budget(verb: str) -> None:
    """``支出决算为25.00万元，为（占）年初预算的80.00%``: a completion rate, 决算 ÷ 年初预算."""
    page = FINAL + (
        "“三公”经费财政拨款支出年初预算为30.00万元，支出决算为25.00万元，{v}年初预算的{p}%。"
    )
    assert of(run(page.format(v=verb, p="83.33")), "S006") == []
    (f,) = of(run(page.format(v=verb, p="80.00")), "S006")
    assert (f.severity, f.stated, f.expected) == (Severity.ERROR, "80.00%", "83.33%")
    assert of(run(FINAL + "基本支出600.00万元，占部门预算的60.00%。"), "S006") == []


def test_a_final_account_compared_with_its_own_years_budget_is_no_year_slip() -> None:
    """``与2025年度预算相比无变化`` in a 2025 决算 is the comparison a 决算 must make (N003 keeps
    ``比2025年决算数增加`` — a 决算 compared with itself)."""
    page = FINAL + "公务用车购置及运行维护费支出2.48万元，与2025年度{base}相比{word}。"
    assert of(run(page.format(base="预算", word="无变化")), "N003") == []
    (f,) = of(run(page.format(base="决算数", word="增加0.5万元")), "N003")
    assert (f.stated, f.expected) == ("2025", "2024")


def test_an_amount_of_another_kind_is_no_prior_of_a_change() -> None:
    """``2024年执行数2010.95万元，2025年预算数2005.41万元，较上年预算数减少94.91万元``: the change
    is against last year's 预算, not the 执行数 stated before (S002 says nothing); the same
    sentence against 执行数 is checked."""
    page = BUDGET + (
        "2024年“三公”经费执行数2010.95万元，2025年“三公”经费预算数2005.41万元，"
        "较上年{base}减少94.91万元，下降4.52%。"
    )
    assert of(run(page.format(base="预算数")), "S002") == []
    (f,) = of(run(page.format(base="执行数")), "S002")
    assert f.expected == Decimal("-5.54")


def test_a_list_after_a_sentence_without_an_amount_has_no_total_here() -> None:
    """``按项目类型分为三类。其中：货物类10000元…``: the 其中 is of the sentence before, which states
    no amount; the list is not of the amount before that (上年结转结余资金0元)."""
    page = BUDGET + (
        "按资金类型划分，一般公共预算拨款17000元，上年结转结余资金0元。"
        "按项目类型，分为货物类、工程类和服务类三种。其中：货物类采购10000元，占58.82%；"
        "工程类采购0元；服务类采购7000元，占41.18%。"
    )
    assert of(run(page), "S004") == []


def test_items_of_two_lists_stay_with_their_own_total() -> None:
    """基本支出 and 项目支出 each broken down by 经济分类, one item a paragraph: 资本性支出 listed
    under 项目支出 is not a part of 基本支出 (S004), and 工资福利支出 of each is another amount
    (S007); the two shares of one named base add up to more than 100 % (S005)."""
    page = BUDGET + (
        "1.基本支出预算2476260.58元，占一般公共预算支出的84.06%。其中：\n"
        "工资福利支出预算2016908.34元。\n商品和服务支出预算445372.24元。\n"
        "对个人和家庭补助支出预算13980元。\n"
        "2.项目支出469500元，占一般公共预算支出的19.62%。其中：\n"
        "工资福利支出12000元。\n商品和服务支出426000元。\n资本性支出31500元。\n"
    )
    r = run(page)
    assert of(r, "S004") == [] and of(r, "S007") == []
    (f,) = of(r, "S005")
    assert (f.stated, f.expected) == ("103.68%", "100%")


def test_a_listed_item_takes_its_totals_year() -> None:
    """``2021年度“三公”经费合计支出20.12万元，其中：…公务接待12.39万元`` on a 2022 page: 12.39
    is 2021's, no restatement of 2022's 11.8 (S007)."""
    page = (
        "某县2022年“三公”经费预算情况说明\n"
        "2022年度“三公”经费预算总计21.8万元，其中：公务接待11.8万元，公务用车运行费用10万元。\n"
        "2021年度“三公”经费合计支出20.12万元，其中：公务接待12.39万元，公务用车运行费用7.73万元。\n"
    )
    assert of(run(page), "S007") == []


def test_another_item_is_not_the_item() -> None:
    """其他工资福利支出 is not 工资福利支出."""
    from yusuan.lang import VOCABULARY

    assert VOCABULARY.names("工资福利支出决算数") == "salaries"
    assert VOCABULARY.names("其他工资福利支出决算数") is None


def test_retired_staff_after_a_list_of_staff_are_counted_apart() -> None:
    """``实际正式教职工62人，其中副高级职称4人，中级职称25人…退休职工28人``: the retired are not
    among the 62 (4 + 25 + 23 + … = 62); an item is named whole (中级职称, not 级职称)."""
    page = (
        FINAL + "实际正式教职工62人，其中副高级职称4人，中级职称25人，初级职称{n}人，退休职工28人。"
    )
    assert of(run(page.format(n="33")), "S010") == []
    (f,) = of(run(page.format(n="34")), "S010")
    assert "中级职称25人" in f.message and (f.stated, f.expected) == ("62", "63")


def test_a_direction_word_left_in_its_template_brackets() -> None:
    """``较上年(减少)16.23万元，(减)幅71%``: the change is read (a decrease) and the brackets are
    template text left in (W001); the parts' changes are checked against the total's."""
    page = BUDGET + (
        "2025年基本支出预算较上年增{total}万元，增幅22%。主要变动原因如下：\n"
        "1.工资福利支出较上年增94.22万元，增44%。\n2.商品和服务支出较上年增1.11万元，增3.6%。\n"
        "3.对个人和家庭补助支出较上年(减少)16.23万元，(减)幅71%。\n"
    )
    r = run(page.format(total="79.10"))
    assert of(r, "S004") == []
    assert {f.stated for f in of(r, "W001")} == {"(减少)", "(减)"}
    (f,) = of(run(page.format(total="59.11")), "S004")
    assert (f.stated, f.expected) == (Decimal("59.11"), Decimal("79.10"))


def test_a_second_comparison_against_the_budget_is_checked_too() -> None:
    """``41万元，较上年减少19万元，下降31.67%，较年初预算数减少4万元，下降2.2%``: the budget is
    41 + 4 = 45, so 4 ÷ 45 = 8.89 %; the first comparison stays the figure's own, and the
    items listed after the sentence are the 41万元's."""
    page = FINAL + (
        "2025年度“三公”经费41万元，较上年减少19万元，下降31.67%，较年初预算数减少4万元，下降{p}%。"
        "其中：公务接待费11万元，公务用车购置及运行维护费30万元。"
    )
    assert of(run(page.format(p="8.89")), "S001") == []
    r = run(page.format(p="2.2"))
    (f,) = of(r, "S001")
    assert (f.stated, f.expected) == ("2.2%", "8.89%") and "年初预算应为45万元" in f.message
    first, again, *parts = r.package.figures
    assert again.again_of == first.index and {p.parent for p in parts} == {first.index}


def test_a_final_account_above_its_budget_by_an_amount_gives_the_budget() -> None:
    """``支出总计1741.75万元，完成年初预算100%，决算数大于预算数55.93万元``: the budget is
    1741.75 − 55.93 = 1685.82, so the rate is 103.32 % (S006)."""
    page = (
        FINAL
        + "一般公共预算财政拨款支出总计1741.75万元，完成年初预算{p}%，决算数{w}预算数55.93万元。"
    )
    assert of(run(page.format(p="103.32", w="大于")), "S006") == []
    (f,) = of(run(page.format(p="100", w="大于")), "S006")
    assert f.expected == "103.32%"
    (f,) = of(run(page.format(p="100", w="小于")), "S006")
    assert f.expected == "96.89%"


def test_a_share_of_本年收入_is_a_share_of_the_收入合计_stated_before() -> None:
    """广水 2023: 占本年收入 names the 收入合计 of the sentence before (本年 is no part of the name)."""
    page = (
        "某卫生院2023年度部门决算情况说明\n"
        "2023年度收入合计4680.58万元，与2022年度相比，收入合计减少2415.45万元，下降34%。"
        "其中：财政拨款收入2982.61万元，占本年收入{share}；上级补助收入0万元。\n"
    )
    truncated = of(run(page.format(share="63%")), "S005")
    assert [(f.severity.value, f.stated) for f in truncated] == [("info", "63%")]
    wrong = of(run(page.format(share="60%")), "S005")
    assert [(f.severity.value, f.stated, f.expected) for f in wrong] == [("error", "60%", "63.72%")]


def test_主要用于以下方面_opens_a_list_of_the_total_before() -> None:
    """The shares of a 主要用于以下方面： list are of the amount before it; 主要用于： before a purpose
    in words opens none (the amount after it is the item's own, restated)."""
    page = (
        "某市统计局2024年部门预算说明\n"
        "2024年一般公共预算支出450万元。主要用于以下方面：\n"
        "1.一般公共服务支出（类）380万元，占{share}%；\n"
        "2.社会保障和就业支出（类）70万元，占15.56%。\n"
    )
    assert of(run(page.format(share="84.44")), "S005") == []
    (f,) = of(run(page.format(share="80.44")), "S005")
    assert (f.stated, f.expected) == ("80.44%", "84.44%")
    purpose = (
        "某局2026年部门预算说明\n"
        "住房公积金（项）208.8万元。主要用于：行政事业单位为职工缴纳的住房公积金。"
        "2026年预算安排201.50万元，比2025年预算执行数增加5.27%。\n"
    )
    assert [f.rule for f in run(purpose).findings if f.rule == "N005"] == ["N005"]


TWO_BASES = (
    "某镇2021年“三公”经费决算汇总情况\n"
    "2021年我镇“三公”经费预算为20万元，其中：因公出国（境）费0万元，公务接待费9万元，"
    "公务用车运行维护费11万元，公务用车购置0万元。\n"
    "2021年“三公”经费支出共计9.07万元，较年初预算数减少10.93万元，下降54.65%，"
    "较上年支出数减少0.71万元，下降{rate}%。\n"
)


def test_the_years_comparison_after_the_budgets_is_checked_too() -> None:
    """铜梁 2021: 较年初预算数… then 较上年…: the second is the year's own comparison of 9.07
    (上年 9.78, 0.71 ÷ 9.78 = 7.26 %); the budget's 其中 list is of the 预算 20, not of the 9.07
    spent."""
    assert of(run(TWO_BASES.format(rate="7.26")), "S001") == []
    (f,) = of(run(TWO_BASES.format(rate="7.83")), "S001")
    assert (f.stated, f.expected, f.severity) == ("7.83%", "7.26%", Severity.ERROR)
    assert "按本年数而非上年数计算" in f.message
    assert of(run(TWO_BASES.format(rate="7.26")), "S004") == []


def test_a_rate_cut_on_a_small_amount_is_no_slip_of_base() -> None:
    """0.03 ÷ 4.53 = 0.66 % printed 0.6: cut, not rounded (尾差); 0.03 ÷ 4.5 = 0.67 % would
    print 0.7 too, so the base is not the slip."""
    page = (
        "某镇2021年度“三公”经费决算汇总情况\n"
        "2021年度镇本级“三公”经费决算4.5万元。经比较，2021年度镇本级“三公”经费较上年决算数"
        "减少0.03万元，下降0.6%。\n"
    )
    (f,) = of(run(page), "S001")
    assert f.severity is Severity.INFO and "按本年数" not in f.message


def test_收入_and_支出_总计_balance() -> None:
    """西藏 2024 决算: 收入总计7562.45万元，支出总计6632.48万元 — the two sides of one balance
    differ (a warning: pages also say 总计 of the year's own amounts); and 收入、支出总计各增加
    A、B，增长x%、y% pairs each item with its values (22.97 % and 45.14 %, not 15.74 %)."""
    page = (
        "某局2024年度部门决算\n"
        "2024年度收入总计7562.45万元，支出总计{spent}万元，与2023年度相比，收入、支出总计各增加"
        "1412.7万元、2062.79万元，增长15.74%、23.72%。\n"
    )
    r = run(page.format(spent="6632.48"))
    (f,) = of(r, "S011")
    assert (f.severity, f.stated, f.expected) == (
        Severity.WARNING,
        Decimal("6632.48"),
        Decimal("7562.45"),
    )
    assert {(g.stated, g.expected) for g in of(r, "S001")} == {
        ("15.74%", "22.97%"),
        ("23.72%", "45.14%"),
    }
    assert of(run(page.format(spent="7562.45")), "S011") == []


@pytest.mark.parametrize(
    "page",
    [
        # another organ's amount of the same subject (北京 2015)
        FINAL + "2025年市级部门“三公”经费财政拨款决算64245万元。其中，市公安局的“三公”经费财政拨款"
        "决算数为9530.81万元；市环境保护局“三公”经费财政拨款决算数为431.38万元，市教育委员会"
        "“三公”经费财政拨款决算数为6360.73万元。",
        # a qualified part of it (审计署 2010)
        FINAL + "2025年公务接待费657.42万元。其中涉外的公务接待费支出140万元，其他公务接待费支出"
        "517.42万元。",
        # a saving, named by its verb (天山区 2013)
        FINAL + "2025年本级“三公”经费支出总额为1841.3万元。预算和决算相比，2025年节约“三公”经费"
        "141.35万元。",
    ],
    ids=["organs", "qualified", "saving"],
)
def test_amounts_of_other_holders_are_not_restatements(page: str) -> None:
    assert of(run(page), "S007") == []


def test_a_share_stated_before_its_named_base() -> None:
    """梧州 2022: 占基本支出预算6.45% in section 五, the 基本支出 in section 六 after it."""
    page = (
        "某局2022年部门预算情况说明\n"
        "五、支出预算情况说明\n"
        "工资福利支出预算905709.06元，占基本支出预算79.89%；对个人和家庭补助支出预算73200元，"
        "占基本支出预算{share}%。\n"
        "六、一般公共预算基本支出情况说明\n"
        "2022年一般公共预算基本支出1133753.33元。\n"
    )
    assert of(run(page.format(share="6.46")), "S005") == []
    (f,) = of(run(page.format(share="5.46")), "S005")
    assert (f.stated, f.expected, f.severity) == ("5.46%", "6.46%", Severity.ERROR)


@pytest.mark.parametrize(
    ("said", "right"),
    [
        ("较上年增支204万元，增长25.1%", "23.1%"),  # spending: 增支/减支
        ("比上年增收204万元，增幅25.1%", "23.1%"),  # revenue: 增收/减收
    ],
)
def test_the_change_words_of_revenue_and_spending_are_read(said: str, right: str) -> None:
    """Government-level reports write a change as 增收/减收 and 增支/减支."""
    (f,) = of(run(FINAL + f"人大事务1087万元，{said}。"), "S001")
    assert f.expected is not None and f"{f.expected}".startswith(right.rstrip("%"))
    assert of(run(FINAL + "人大事务1087万元，较上年减支204万元，下降15.8%。"), "S001") == []


def test_a_completion_named_with_zhan_is_not_the_years_amount() -> None:
    """``占年度预算22443万元的106.9%`` is the budget and its completion, not this year's amount:
    the change after it is of the amount before it."""
    text = (
        "某县2021年财政预算执行情况\n2021年全县财政总收入完成23992万元，占年度预算22443万元的{p}%，"
        "较上年21012万元，增收2980万元，增幅14.2%。"
    )
    clean = run(text.format(p="106.9"))
    assert [f.rule for f in clean.findings if f.severity is not Severity.INFO] == []
    (f,) = of(run(text.format(p="116.9")), "S006")
    assert f.stated == "116.9%"


def test_a_number_that_lost_digits_in_a_wrong_decoding_is_not_read() -> None:
    """``一般公共服務支С?8639萬元`` (48639 with its first digit lost): no rate is computed on it."""
    page = (
        FINAL + "(一)一般公共服务支出С?8639万元，较上年减支5273万元，下降9.8%。\n"
        "1.人大事务1087万元，较上年增支204万元，增长23.1%。\n"
    )
    assert [f for f in run(page).findings if f.severity is Severity.ERROR] == []
    assert of(run(page.replace("С?8639", "48639")), "S001") == []  # read when whole


@pytest.mark.parametrize("label", ["本年支出合计", "2016年支出预算", "一般公共预算支出"])
def test_spending_split_into_basic_and_project_adds_up(label: str) -> None:
    """A total of spending whose 其中 list is its 基本支出 and 项目支出 is split whole."""
    text = f"{label}68158.05万元，其中：基本支出49658.05万元，项目支出{{p}}万元。"
    assert of(run(BUDGET + text.format(p="18500")), "S004") == []
    (f,) = of(run(BUDGET + text.format(p="15500")), "S004")
    assert (f.stated, f.expected) == (Decimal("68158.05"), Decimal("65158.05"))
    # a third item: the list may be of another split (上缴上级支出…), not checked as whole
    other = text.format(p="15500").replace("。", "，上缴上级支出3000万元。")
    assert of(run(BUDGET + other), "S004") == []


def test_people_counted_without_ren_after_each_number() -> None:
    """``编制人数42，其中：行政编制人数19、…自收自支编制人数13人``: 19 + 23 + 13 is not 42."""
    page = BUDGET + (
        "编制人数42，其中：行政编制人数19、参照公务员管理的事业编制人数0、全部补助事业编制人数23、"
        "差额补助事业编制人数0、自收自支编制人数{n}人。"
    )
    (f,) = of(run(page.format(n="13")), "S010")
    assert (f.stated, f.expected) == ("42", "55")
    assert of(run(page.format(n="0")), "S010") == []


def test_a_subtotal_in_a_count_list_holds_the_items_after_it() -> None:
    """``实有人数小计20人，其中：在职人数小计11人，行政在职人数0人，…全部补助事业在职人数11人``: the
    last three are the parts of 在职人数小计, not of 实有人数; also without 小计 when only that
    reading adds up (在职人数49，行政在职人数19、…)."""
    nested = BUDGET + (
        "实有人数小计20人，其中：在职人数小计11人，行政在职人数0人，参照公务员管理的事业单位在职人数0人，"
        "全部补助事业在职人数11人。聘用人员9人。"
    )
    assert of(run(nested), "S010") == []
    loose = BUDGET + (
        "实有人数49，其中：在职人数49，行政在职人数19、参照公务员管理的事业在职人数0、"
        "全部补助事业在职人数17、差额补助事业在职人数0、自收自支在职人数13。"
    )
    assert of(run(loose), "S010") == []
    (f,) = of(run(loose.replace("自收自支在职人数13", "自收自支在职人数23")), "S010")
    assert f.stated == "49"


def test_a_cutoff_year_before_the_documents_is_old_text_a_later_one_a_deadline() -> None:
    """``截至2022年12月31日，共有车辆…`` in a 2025 budget is last years' sentence; ``截至2026年12月底``
    in a 2025 绩效目标表's 时效指标 is when the work is due."""
    (f,) = of(run(BUDGET + "截至2022年12月31日，本单位共有车辆5辆。"), "W003")
    assert (f.stated, f.expected) == ("2022年", "2024年")
    assert of(run(BUDGET + "截至2024年12月31日，本单位共有车辆5辆。"), "W003") == []
    deadline = BUDGET + "时效指标：截至2026年12月底，项目开展率100%。"
    assert of(run(deadline), "W003") == []
    assert of(run(FINAL + "截至2026年8月，已完成整改。"), "W003") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "2017年全省教育经费总投入为1234.01亿元，比上年的1174.04亿元增长{p}%。",
        "2025年当年预算执行数为77.99万元，2026年预算安排91.97万元，比2025年预算执行数增加{p}%。",
    ],
)
def test_a_rate_over_a_prior_amount_stated_without_the_change(sentence: str) -> None:
    """Both amounts printed and no change: the rate is this year's less the prior, over the
    prior (Shanghai's 2026 budgets state the 2025 执行数 and the 2026 安排 so)."""
    right = "5.11" if "1234.01" in sentence else "17.93"
    assert of(run(BUDGET + sentence.format(p=right)), "S001") == []
    (f,) = of(run(BUDGET + sentence.format(p="17.66" if right == "17.93" else "7.11")), "S001")
    assert f.expected == f"{right}%" and f.severity is Severity.ERROR


@pytest.mark.parametrize(
    "base", ["占全市政府采购规模比例为", "占全市政府采购规模的", "分别占全市政府采购规模的"]
)
def test_respective_shares_after_respective_amounts(base: str) -> None:
    """``货物、工程、服务政府采购规模分别为A、B和C，占全市政府采购规模比例为x%、y%和z%``: each share
    is its item's, of the total the sentence before names."""
    page = (
        "九江市2025年政府采购情况\n2025年全市政府采购规模达36.21亿元。全市货物、工程、服务政府采购规模"
        f"分别为14.13亿元、1.94亿元和20.14亿元，{base}39.02%、5.36%和{{p}}%。"
    )
    assert of(run(page.format(p="55.62")), "S005") == []
    (f,) = of(run(page.format(p="57.62")), "S005")
    assert (f.stated, f.expected) == ("57.62%", "55.62%")


def test_income_listed_by_source_adds_up_to_its_total() -> None:
    """收入 by source: parts over the total are an error; under it, with the list closed by its
    catch-all 其他收入, a warning (上年结转 may be counted apart); a nested list is not judged."""
    text = "2016年收入预算68158.05万元，其中：财政拨款收入18777.83万元，事业收入35957.91万元，其他收入{o}万元。"
    assert of(run(BUDGET + text.format(o="13422.31")), "S004") == []
    (short,) = of(run(BUDGET + text.format(o="10422.31")), "S004")
    assert short.severity is Severity.WARNING and short.expected == Decimal("65158.05")
    (over,) = of(run(BUDGET + text.format(o="20422.31")), "S004")
    assert over.severity is Severity.ERROR and over.expected == Decimal("75158.05")
    open_list = text.format(o="10422.31").replace("，其他收入", "，上年结转")
    assert of(run(BUDGET + open_list), "S004") == []  # not closed by 其他收入: may leave some out


@pytest.mark.parametrize(
    "items",
    [
        # numbered items, the second holding a list of its own
        "1.财政拨款收入18777.83万元，主要为学校包干经费。\n"
        "2.事业收入35957.91万元。其中纳入财政专户管理的教育收费21037万元，其他事业收入14920.91万元。\n"
        "3.其他收入{o}万元。",
        # a paragraph an item, named by a label and a colon (Shaanxi, 2016)
        "公共预算拨款：某大学2016年部门预算财政拨款18777.83万元，主要为学校包干经费预算。\n"
        "事业收入：2016年某大学事业收入预算35957.91万元。其中纳入财政专户管理的教育收费预算21037万元，"
        "其他事业收入预算14920.91万元。\n"
        "其他收入：2016年某大学其他收入预算{o}万元。",
    ],
)
def test_income_listed_a_paragraph_an_item(items: str) -> None:
    """A list opened at a paragraph's end goes on through the paragraphs of its items; a list
    inside one item (事业收入's 其中) ends with it, so 其他收入 is the outer list's."""
    page = BUDGET + "2016年某大学年初部门预算收入为68158.05万元，其中：\n" + items
    assert of(run(page.format(o="13422.31")), "S004") == []
    (short,) = of(run(page.format(o="10422.31")), "S004")
    assert short.expected == Decimal("65158.05") and short.severity is Severity.WARNING
    (over,) = of(run(page.format(o="20422.31")), "S004")
    assert over.expected == Decimal("75158.05") and over.severity is Severity.ERROR


def test_a_list_under_an_item_keeps_items_marked_like_the_outer_ones() -> None:
    """``1.基本支出…，其中：`` then ``1.人员经费`` ``2.公用经费``: a list opened at an item's end
    holds the items after it even when they are numbered like the outer ones."""
    page = BUDGET + (
        "2024年支出预算100万元，其中：\n1.基本支出60万元，其中：\n1.人员经费50万元。\n2.公用经费{b}万元。"
    )
    assert of(run(page.format(b="10")), "S004") == []
    (f,) = of(run(page.format(b="15")), "S004")
    assert f.expected == Decimal("65")


def test_a_list_of_a_total_never_adds_up_to_more_than_it() -> None:
    """Any 其中 list of a total of its own: more than the total is an error; less is not judged
    (a list may name the main items only) unless the sentence says how many kinds it holds."""
    text = (
        "下达某县2023年中央水利发展资金2263万元。其中：中小河流治理工程{a}万元，小型水库工程维修养护25万元，"
        "小流域综合治理700万元，农业水价改革18万元。"
    )
    (over,) = of(run(BUDGET + text.format(a="1530")), "S004")
    assert (over.stated, over.expected) == (Decimal("2263"), Decimal("2273"))
    assert of(run(BUDGET + text.format(a="1435")), "S004") == []  # 2178: the main items only
    kinds = "本局主要有部门预算项目支出、专项预算支出二类支出，项目资金总预算为2455.5万元，其中部门预算项目支出87.5万元，专项预算支出{b}万元。"
    assert of(run(BUDGET + kinds.format(b="2368")), "S004") == []
    (short,) = of(run(BUDGET + kinds.format(b="2350")), "S004")
    assert short.expected == Decimal("2437.5")


def test_a_list_of_so_many_projects_named_one_a_line() -> None:
    """``涉及项目N个，财政资金X万元。项目分别为：`` then N numbered lines: the list is whole."""
    names = ["青年人才生活补贴", "文旅融合发展专项资金", "残疾儿童康复救助项目", "促消费专项资金"]
    amounts = ["2293", "1000", "564.4", "{d}"]
    lines = "\n".join(
        f"{k}.{n} {a}万元{'。' if k == 4 else '；'}"
        for k, (n, a) in enumerate(zip(names, amounts, strict=True), 1)
    )
    page = (
        BUDGET
        + "现对重点项目的绩效目标予以公开，涉及项目4个，财政资金4157.4万元。项目分别为：\n"
        + lines
    )
    assert of(run(page.format(d="300")), "S004") == []
    (short,) = of(run(page.format(d="200")), "S004")
    assert (short.stated, short.expected) == (Decimal("4157.4"), Decimal("4057.4"))
    # the count not said: a list may name the main items only, an under-sum is not judged
    assert of(run(page.replace("涉及项目4个，", "").format(d="200")), "S004") == []


def test_amounts_in_brackets_after_an_amount_are_its_parts() -> None:
    """``854万（A400万元，B295万元，C159万元）``: brackets naming two amounts or more right
    after an amount list its parts, as ``（其中：…）`` does; brackets of one amount or of a
    change are no list."""
    text = (
        "下达高标准农田建设资金854万元（高标准农田建设400万元，示范建设295万元，畅通工程{c}万元）。"
    )
    assert of(run(BUDGET + text.format(c="159")), "S004") == []
    (over,) = of(run(BUDGET + text.format(c="169")), "S004")
    assert (over.stated, over.expected) == (Decimal("854"), Decimal("864"))
    for aside in ("（含上年结转1000万元）", "（比上年增加900万元，增长10%）"):
        assert of(run(BUDGET + f"下达高标准农田建设资金854万元{aside}。"), "S004") == []


def test_a_list_read_wrongly_is_not_summed() -> None:
    """The next total after a ``；`` (收入…，其中…；全年实际支出…) or a column name repeated by a
    table read as sentences is no item of the list."""
    page = BUDGET + (
        "全年实际收入1699.12万元，其中财政拨款收入1435.22万元，上年结转结余263.90万元；"
        "全年实际支出1595.59万元，其中基本支出890.4万元，项目支出705.19万元。"
    )
    assert of(run(page), "S004") == []


@pytest.mark.parametrize(
    ("said", "stated"),
    [
        ("直属事业单位{n}个，即县国库集中支付中心、县财政信息中心、县工资统发中心。", "4"),
        ("招商服务中心设{n}个内设机构，分别为：办公室、投资促进股、区域协作股。", "4"),
        ("内设机构{n}个，即办公室、第一检察部、政治部、办公室。", "4"),
    ],
)
def test_a_count_and_the_names_listed_for_it(said: str, stated: str) -> None:
    """S012: the count a sentence gives and the names it lists (once each) agree."""
    (f,) = of(run(BUDGET + said.format(n=stated)), "S012")
    assert f.stated == stated and f.severity is Severity.WARNING
    right = said.format(n="3")
    assert of(run(BUDGET + right), "S012") == [] or "办公室、第一检察部、政治部、办公室" in right
    assert of(run(BUDGET + said.format(n="4").replace("。", "等。")), "S012") == []  # some only


@pytest.mark.parametrize(
    ("printed", "n"),
    [("12", 12), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("九十九", 99), ("百", None)],
)
def test_counts_as_pages_print_them(printed: str, n: int | None) -> None:
    from yusuan.lang.numerals import count_of

    assert count_of(printed) == n
    if n is not None and n < 10:  # 内设机构两个… in words too (S012)
        names = "、".join(f"{c}科" for c in "甲乙丙丁戊己庚辛壬癸"[: n + 1])
        assert of(run(BUDGET + f"本局内设机构{printed}个，即{names}。"), "S012")


def test_a_name_holding_he_is_one_name() -> None:
    """``发展和改革股`` is one name; a last ``和`` joins two names when that makes the count."""
    page = (
        BUDGET
        + "本局内设机构3个，即办公室、发展和改革股、财务股。本局下属单位3个，即甲中心、乙中心和丙中心。"
    )
    assert of(run(page), "S012") == []
    (f,) = of(run(BUDGET + "本局下属单位4个，即甲中心、乙中心和丙中心。"), "S012")
    assert (f.stated, f.expected) == ("4", "3")


def test_names_the_next_sentence_counts_apart_make_the_count() -> None:
    """``内设职能部门6个，包括A、B、C、D。另有两个派出法庭…``: 4 named and 2 more are the 6."""
    page = (
        BUDGET
        + "本院内设职能部门6个，包括办公室、政治部、立案庭、执行局。另有{n}个派出法庭分别位于甲镇、乙镇。"
    )
    assert of(run(page.format(n="两")), "S012") == []
    (f,) = of(run(page.format(n="一")), "S012")
    assert (f.stated, f.expected) == ("6", "4")


def test_a_chain_takes_off_what_it_subtracts_and_starts_past_a_list_of_parts() -> None:
    """``收入完成130.2亿元。其中：…125.6亿元。加上…，收入合计164.0亿元``: the chain adds up from
    the total before the 其中 sentence; ``减上解支出`` is taken off; a gap within the rounding of
    the printed amounts is 尾差 (info)."""
    page = GOVERNMENT + (
        "全区政府性基金预算收入完成130.2亿元，完成年度预算的96.6%。其中：国有土地使用权出让收入完成"
        "125.6亿元。加上转移性收入33.8亿元，收入合计{t}亿元。"
    )
    assert of(run(page.format(t="164.0")), "S013") == []
    (f,) = of(run(page.format(t="165.0")), "S013")
    assert (f.stated, f.expected, f.severity) == (
        Decimal("165.0"),
        Decimal("164.0"),
        Severity.ERROR,
    )
    takes = GOVERNMENT + (
        "全区一般公共预算收入596.5亿元，加上上级转移支付收入190亿元，上年结余54.6亿元，"
        "减上解市级支出50.4亿元，收入总计{t}亿元。"
    )
    assert of(run(takes.format(t="790.7")), "S013") == []
    (f,) = of(run(takes.format(t="891.5")), "S013")
    assert f.expected == Decimal("790.7") and "− 50.4" in f.message
    tail = GOVERNMENT + (
        "区级一般公共预算收入预计完成39.1亿元。加上税收返还和转移支付等资金27.23亿元，上年结转5.45亿元，"
        "调入资金12.79亿元，一般公共预算总收入预计为84.58亿元。"
    )
    (f,) = of(run(tail), "S013")  # 39.1 + 27.23 + 5.45 + 12.79 = 84.57: 39.1 may be 39.05–39.15
    assert f.severity is Severity.INFO and f.difference == Decimal("0.01")
    # amounts a chain names without their figures are not summed
    vague = (
        GOVERNMENT
        + "一般公共预算收入892766万元，加上上级补助、债务转贷收入等，收入总量为1117285万元。"
    )
    assert of(run(vague), "S013") == []


def test_a_list_with_an_item_stated_as_a_change_or_not_shown_is_not_summed() -> None:
    """``资金1.53万元，其中：A3.1万元，B调减2.66万元…``: an item taken off is no part to add, and an
    amount the page does not show (``点击查看>> 万元``) leaves the list unknown."""
    cut = BUDGET + (
        "下达给我单位资金1.53万元，其中：退耕还林抚育3.1万元，国家级森林生态效益补偿资金调减2.66万元，"
        "森林抚育补助调减5.33万元，造林补助2.42万元，国家级公益林2.88万元，生态林补助1.12万元。"
    )
    assert of(run(cut), "S004") == []
    masked = (
        BUDGET
        + "下达资金1.53万元，其中：退耕还林抚育 点击查看>> 万元，造林补助2.42万元，公益林2.88万元。"
    )
    assert of(run(masked), "S004") == []
    shown = masked.replace("退耕还林抚育 点击查看>> 万元，", "")
    assert len(of(run(shown), "S004")) == 1  # 2.42 + 2.88 over 1.53


def test_a_heading_on_an_earlier_years_evaluation_follow_up_keeps_its_year() -> None:
    """``(四)2020年度…绩效评价整改情况`` in a 2021 自评报告 reports on last year's findings."""
    page = "某县水利局2021年度水利发展资金绩效自评报告\n一、项目资金情况\n下达资金61.8万元。\n（四）{y}年度水利发展资金绩效{what}情况\n已全部整改到位。"
    assert of(run(page.format(y="2020", what="评价整改")), "W003") == []
    assert len(of(run(page.format(y="2019", what="目标完成")), "W003")) == 1


def test_a_chain_holding_an_items_parts_adds_the_item_once() -> None:
    """``加上级转移支付收入1884万元，其中：一般转移支付收入1478万元…，专项转移支付收入406万元，上年结转
    结余60万元…``: the parts of an item close where they make its amount, the chain goes on."""
    page = GOVERNMENT + (
        "全镇一般公共预算收入4402万元，加上级转移支付收入1884万元，其中：一般转移支付收入1478万元，"
        "专项转移支付收入406万元，上年结转结余60万元，基金调入103万元，收入合计为{t}万元。"
    )
    assert of(run(page.format(t="6449")), "S013") == []
    (f,) = of(run(page.format(t="6549")), "S013")
    assert f.expected == Decimal("6449")
    unclosed = page.replace("专项转移支付收入406万元", "专项转移支付收入306万元")
    assert of(run(unclosed.format(t="6549")), "S013") == []  # what is an item cannot be told


def test_a_share_of_a_total_the_page_does_not_state_is_not_judged_against_a_part_of_it() -> None:
    """``盟本级…收入33648万元；旗级…收入277034万元。…税收收入213251万元，占一般公共预算收入的68.6%``:
    the share is of the whole (310682), stated nowhere; neither level is its base."""
    page = GOVERNMENT + (
        "在全盟一般公共预算收入中，盟本级一般公共预算收入累计完成33648万元；旗级一般公共预算收入累计完成"
        "277034万元。从收入结构看，税收收入累计完成213251万元，占一般公共预算收入的{p}%。"
    )
    assert of(run(page.format(p="68.6")), "S005") == []
    assert of(run(page.format(p="77.0")), "S005") == []  # (ambiguous either way)


def test_respective_values_separated_by_commas() -> None:
    """``货物、工程、服务采购规模分别为8607.0亿元,15004.3亿元和9455.6亿元,占…的26.0%、45.4%和28.6%``."""
    page = GOVERNMENT + (
        "全国政府采购规模为33067.0亿元。货物、工程、服务采购规模分别为8607.0亿元,15004.3亿元和"
        "9455.6亿元,占全国政府采购规模的26.0%、{p}%和28.6%。"
    )
    assert of(run(page.format(p="45.4")), "S005") == []
    (f,) = of(run(page.format(p="40.4")), "S005")
    assert f.expected == "45.38%"


def test_an_item_opening_with_a_year_among_others_is_a_statement_of_its_own() -> None:
    """``总投资61.8万元，其中中央财政资金30.9万元，县财政配套资金30.9万元，2021年度中央下达资金61.8万元``."""
    page = (
        BUDGET
        + "项目批复总投资61.8万元，其中中央财政资金30.9万元，县财政配套资金30.9万元，2021年度中央下达资金61.8万元。"
    )
    assert of(run(page), "S004") == []
    undated = page.replace(
        "县财政配套资金30.9万元，2021年度中央下达资金61.8万元",
        "县财政配套资金20.9万元，其他资金20万元",
    )
    assert len(of(run(undated), "S004")) == 1  # 30.9 + 20.9 + 20 over 61.8


def test_an_amount_of_yi_written_with_wan_inside() -> None:
    """News writes 34993.1亿元 as ``3万4993.1亿元`` and 10301.5亿元 as ``1万301.5亿元``."""
    page = GOVERNMENT + (
        "全国政府采购规模为3万4993.1亿元，较上年减少1405.9亿元，下降{p}%。货物、工程、服务政府采购规模"
        "分别为9027.5亿元、1万5664.1亿元和1万301.5亿元，占全国政府采购规模比例为25.8%、44.8%和29.4%。"
    )
    right = run(page.format(p="3.9"))
    assert [f.amount for f in right.package.figures][:2] == [Decimal("34993.1"), Decimal("9027.5")]
    assert not [f for f in right.findings if f.rule in ("S001", "S005")]
    (f,) = of(run(page.format(p="4.9")), "S001")
    assert f.expected == "3.86%"


def test_an_amount_spent_and_the_budget_of_the_same_item_are_two_amounts() -> None:
    """``“三公”经费支出10044.01万元，预算执行比例为88.69%`` then ``“三公”经费预算11324.44万元``."""
    page = BUDGET + (
        "2025年“三公”经费支出10044.01万元，预算执行比例为88.69%。\n2025年“三公”经费预算11324.44万元。"
    )
    assert of(run(page), "S007") == []
    again = BUDGET + "2025年“三公”经费预算10044.01万元。\n2025年“三公”经费预算11324.44万元。"
    assert len(of(run(again), "S007")) == 1


def test_a_report_on_two_years_heads_its_sections_with_either() -> None:
    """``关于…2022年预算执行情况和2023年预算草案的报告`` with ``各位代表：`` run into its line: a
    section on 2022 is the report's own."""
    page = (
        "关于某区2022年预算执行情况和2023年预算草案的报告各位代表:\n"
        "受区人民政府委托，现将我区2022年预算执行情况和2023年预算草案的报告提请大会审查。\n"
        "一、{y}年财政工作情况\n全区一般公共预算收入完成50.2亿元。"
    )
    assert of(run(page.format(y="2022")), "W003") == []
    assert len(of(run(page.format(y="2021")), "W003")) == 1


def test_a_change_after_a_counted_item_is_no_item() -> None:
    """``离退休职工178人，其中离休人员4人，比上年减少1人``: 1 is a change."""
    page = BUDGET + "离退休职工178人，其中离休人员4人，比上年减少1人。"
    assert of(run(page), "S010") == []
    over = BUDGET + "离退休职工5人，其中离休人员4人，退休人员3人，比上年减少1人。"
    assert len(of(run(over), "S010")) == 1  # 4 + 3 over 5


SELF_REPORT = "某县农业农村局2022年度项目支出绩效自评报告\n一、项目资金执行情况\n"


@pytest.mark.parametrize(
    "sentence",
    [
        "项目资金共2179万元，截止2022年12月8日，已完成拨付2113.63万元，执行率{p}%。",
        "项目预算数2179万元，实际支出2113.63万元，预算执行率{p}%。",
        "2022年项目补助经费预算数2179万元。2022年项目资金执行总量2113.63万元，预算执行率为{p}%。",
    ],
)
def test_an_execution_rate_after_the_budget_and_the_amount_spent(sentence: str) -> None:
    """A 自评报告's money sentence in its common wordings: the rate is what was spent ÷ the
    budget named before it (2113.63 ÷ 2179 = 97 %)."""
    assert of(run(SELF_REPORT + sentence.format(p="97")), "S006") == []
    (f,) = of(run(SELF_REPORT + sentence.format(p="87")), "S006")
    assert (f.stated, f.expected) == ("87%", "97.00%") and "执行率" in f.message


def test_an_execution_rate_after_a_list_is_the_lists_total() -> None:
    """``实际支付355.16万元，其中：中央…、县级31.71万元，执行率65%``: not 县级's rate."""
    page = SELF_REPORT + (
        "该项目共安排546.23万元。2024年实际支付355.16万元，其中：中央248.74万元、省级74.71万元、"
        "县级31.71万元，执行率65%。"
    )
    assert of(run(page), "S006") == []


def test_a_growth_rate_before_the_amount_of_the_change() -> None:
    """``完成30161万元，同比增长14.6%，增收4376万元``: 同比 alone is the base of the figure's own
    change, not a figure of its own (4376 ÷ 25785 = 16.97 %)."""
    page = GOVERNMENT + "地方一般公共预算收入完成30161万元，同比增长{p}%，增收4376万元。"
    assert of(run(page.format(p="17.0")), "S001") == []
    (f,) = of(run(page.format(p="14.6")), "S001")
    assert f.expected == "16.97%"


def test_a_governments_whole_lists_every_part() -> None:
    """``总支出为312497万元，其中：一般公共预算支出277798万元，上解支出394万元，安排预算稳定调节基金
    34295万元``: a whole's 其中 names every part (312487: a warning, 10 short); 一般公共预算支出 is
    an item (公共 is no 共), 预算稳定调节基金 a fund (no 预算 measure); a number after the last
    amount read (其他支出10, no unit) leaves the list unknown."""
    page = GOVERNMENT + (
        "2022年我区总支出为312497万元，其中：一般公共预算支出277798万元，上解支出394万元，"
        "安排预算稳定调节基金{x}万元。"
    )
    assert of(run(page.format(x="34305")), "S004") == []
    (f,) = of(run(page.format(x="34295")), "S004")
    assert (
        f.severity is Severity.WARNING
        and f.expected == Decimal("312487")
        and "少10万元" in f.message
    )
    (f,) = of(run(page.format(x="34395")), "S004")
    assert f.severity is Severity.ERROR
    more = page.format(x="34295").replace("34295万元。", "34295万元，其他支出10。")
    assert of(run(more), "S004") == []


def test_what_is_left_is_of_its_own_balance() -> None:
    """``上述收支相抵，年终结余218万元`` after a 国有资本 paragraph stating no 合计: not the 基金's."""
    page = GOVERNMENT + (
        "政府性基金收入0万元，加上年结余收入39930万元，上级补助收入113566万元，债务转贷收入39000万元，"
        "收入合计192496万元。\n政府性基金支出83173万元，调出资金18300万元，债务还本支出315万元，"
        "支出合计101788万元。\n上述收支相抵，年终结余90708万元，全部结转下年使用。\n"
        "国有资本经营收入1493万元，上级补助收入44万元，上年结余140万元，国有资本经营支出1459万元。\n"
        "上述收支相抵，年终结余218万元，全部结转下年使用。"
    )
    assert of(run(page), "S014") == []
    (f,) = of(run(page.replace("年终结余90708", "年终结余90718")), "S014")
    assert f.expected == Decimal("90708")


def test_a_list_in_brackets_is_of_the_clause_it_is_in() -> None:
    """``公务用车购置及运行维护费7634.75万元（其中：购置费…，运行维护费…），比年初预算增加…；公务接待费…``:
    the brackets list 公务用车's parts, and 公务接待费 after the ； is the 三公 list's again; a
    list in brackets cut by ； inside them is one list, and the clause after the brackets' ；
    names an item of the outer list (站前区 is no part of 老边区)."""
    page = BUDGET + (
        "一般公共预算安排“三公”经费支出8337.23万元，比年初预算增加1317.14万元。其中：因公出国(境)经费0万元，"
        "和年初预算持平；公务用车购置及运行维护费7634.75万元（其中：公务用车购置费2337.35万元，公务用车运行"
        "维护费5297.40万元），比年初预算增加1833.7万元；公务接待费{r}万元，比年初预算减少516.57万元。"
    )
    assert of(run(page.format(r="702.48")), "S004") == []
    (f,) = of(run(page.format(r="602.47")), "S004")
    assert f.expected == Decimal("8237.22")
    areas = GOVERNMENT + (
        "老边区一般公共预算收入13.9亿元，同比减收1.2亿元（其中：老边区本级一般公共预算收入11.4亿元，"
        "同比减收0.9亿元；辽河经济开发区一般公共预算收入{b}亿元，同比减收0.3亿元）；站前区一般公共预算收入"
        "18.2亿元，同比减收1.5亿元，下降7.6%。"
    )
    figures = run(areas.format(b="2.5")).package.figures
    assert [f.parent for f in figures if f.amount is not None] == [None, 0, 0, None]
    assert of(run(areas.format(b="3.5")), "S004")  # 11.4 + 3.5 over 13.9


def test_a_long_name_called_for_short() -> None:
    """Guangdong's ``…出国(境)经费、车辆购置及运行费、公务接待费(简称“三公”经费)支出合计``."""
    page = FINAL + (
        "某局2018年用一般公共预算财政拨款数开支的出国(境)经费、车辆购置及运行费、公务接待费(简称“三公”经费)"
        "支出合计{t}万元。其中：因公出国(境)经费支出0万元；公务用车购置费支出0万元；公务用车运行维护费支出8.2万元；"
        "公务接待费支出16.55万元。"
    )
    assert of(run(page.format(t="24.75")), "S004") == []
    (f,) = of(run(page.format(t="25.75")), "S004")
    assert f.expected == Decimal("24.75")


def test_a_total_in_yuan_over_parts_in_wan() -> None:
    """``补助471.23元，其中中央补助189.63万元，地方财政补助281.6万元``: the total's unit is the slip;
    a 元 amount with which the list does not add up either way is not named."""
    page = BUDGET + "完成基本药物制度补助471.23元，其中中央补助189.63万元，地方财政补助{b}万元。"
    (f,) = of(run(page.format(b="281.6")), "W006")
    assert f.stated == "471.23元"
    assert of(run(page.format(b="291.6")), "W006") == []


def test_a_share_said_as_a_weight_reached() -> None:
    """``民生支出2150.5亿元，占一般公共预算支出比重达88.8%``."""
    page = (
        GOVERNMENT
        + "一般公共预算支出完成2421.7亿元。全省财政民生支出2150.5亿元，占一般公共预算支出比重达{p}%。"
    )
    assert of(run(page.format(p="88.8")), "S005") == []
    (f,) = of(run(page.format(p="86.8")), "S005")
    assert f.expected == "88.80%"


def test_an_amounts_make_up_in_brackets_is_whole_and_of_that_amount() -> None:
    """``预拨资金3608万元（中央资金2855万元、省级资金753万元）分配到…，…资金3728万元全部执行到位``:
    the brackets are 3608's make-up (whole: short is a warning), not the sentence's last amount;
    brackets after a number printed without its unit (执行数1032849.44（含…）) are of no figure."""
    page = SELF_REPORT + (
        "我县及时将预拨资金3608万元（中央资金{c}万元、省级资金753万元）分配到各项目实施机构，年终考核后"
        "及时将剩余的清算资金120万元分配到位，2023年度基本公共卫生服务资金3728万元全部执行到位。"
    )
    assert of(run(page.format(c="2855")), "S004") == []
    (f,) = of(run(page.format(c="2755")), "S004")
    assert f.severity is Severity.WARNING and f.stated == Decimal("3608")
    unit_less = SELF_REPORT + (
        "全年预算数1080245.79万元，全区执行数1032849.44（含中央资金689139.31万元，地方资金332524.99万元，"
        "其他资金11185.14万元），总预算执行率95.61%。"
    )
    assert of(run(unit_less), "S004") == []


def test_a_name_that_starts_with_jia_starts_no_chain() -> None:
    """``加强基层建设资金…`` is a name, not 加上."""
    page = (
        GOVERNMENT
        + "一般公共预算收入完成100亿元。加强基层建设资金5亿元，其他资金3亿元，资金合计9亿元。"
    )
    assert of(run(page), "S013") == []
    chain = page.replace("加强基层建设资金", "加上级补助资金")
    assert len(of(run(chain), "S013")) == 1  # 100 + 5 + 3 is not 9


def test_numbered_paragraphs_after_an_inline_list_are_a_breakdown_of_their_own() -> None:
    """``(二)…器材2605.37万元；其中补助地方1767.19万元。`` then ``1、…849.7万元；2、…``: the numbered
    items are the amount's own breakdown, not more items of the 其中 list (which cuts across)."""
    page = BUDGET + (
        "（二）援建与维护公共体育场地、设施和捐赠体育健身器材资金2605.37万元；其中补助地方1767.19万元。\n"
        "1、公共体育场馆建设与维护补助地方849.7万元；\n2、全民健身路径工程补助地方803.5万元；\n"
        "3、全民健身活动中心补助地方68.59万元；\n4、其他开支883.58万元，其中补助地方45.4万元。"
    )
    assert of(run(page), "S004") == []
    colon = page.replace("；其中补助地方1767.19万元。", "，具体如下：")
    assert of(run(colon), "S004") == []  # (849.7 + 803.5 + 68.59 + 883.58 = 2605.37)
    (f,) = of(run(colon.replace("883.58", "983.58")), "S004")
    assert f.expected == Decimal("2705.37")


def test_a_report_on_a_years_execution_compares_that_year_with_the_one_before() -> None:
    """``2023年预算执行情况和2024年预算草案的报告``: ``2023年实现…收入282.18亿元，其中：1.增值税…，比2022年
    增长1.5%`` compares 2023 with 2022 (the document is of 2024)."""
    page = (
        "上海市某区2023年预算执行情况和2024年预算草案的报告\n一、2023年预算执行情况\n"
        "2023年实现区级一般公共预算收入282.18亿元，其中：\n1.增值税71.77亿元，比{y}年增长1.5%。"
    )
    assert of(run(page.format(y="2022")), "N003") == []
    (f,) = of(run(page.format(y="2021")), "N003")
    assert (f.stated, f.expected) == ("2021", "2022")


def test_a_years_balance_without_what_was_carried_in() -> None:
    """``公益金收入1237万元，安排支出1169万元，结转下年使用68万元``; a sentence with another amount
    besides (其中…) is not judged."""
    page = BUDGET + "2025年市级彩票公益金收入1237万元，安排支出1169万元，结转下年使用{c}万元。"
    assert of(run(page.format(c="68")), "S015") == []
    (f,) = of(run(page.format(c="58")), "S015")
    assert f.expected == Decimal("68")
    other = (
        BUDGET
        + "2025年市级彩票公益金收入1237万元，安排支出1169万元，其中养老服务500万元，结转下年使用58万元。"
    )
    assert of(run(other), "S015") == []


def test_lists_that_are_no_parts_of_their_total() -> None:
    """A 其中 naming an income and a spending (a fund's 收入 and 支出 after its 结余), and a list whose
    items before the last already make the total (the last, 地方一般预算收入, another aggregate)."""
    fund = GOVERNMENT + (
        "本年收支结余4091亿元，年末滚存结余26900亿元。其中，基本养老保险费收入17002亿元，增长13%；支出16090亿元，增长20%。"
    )
    assert of(run(fund), "S004") == []
    aggregate = GOVERNMENT + (
        "全区完成财政收入29612万元，占年初预算的27.7%。其中，国税完成11765万元；地税完成14796万元；"
        "财政完成{x}万元；实现地方一般预算收入19401万元，占年初预算的28.9%。"
    )
    assert of(run(aggregate.format(x="3051")), "S004") == []
    assert len(of(run(aggregate.format(x="4051")), "S004")) == 1  # then it is the over-sum it is


def test_a_templates_two_directions_left_in_say_none() -> None:
    """``收入、支出总计各增加(减少)67.65万元，增长100%``: W001's (the template's words), not S003's."""
    page = (
        FINAL
        + "2025年度收入总计67.65万元，支出总计67.65万元，与2024年度相比，收入、支出总计各增加(减少)67.65万元，增长100%。"
    )
    found = run(page)
    assert of(found, "S003") == [] and of(found, "W001")


def test_the_change_of_both_sides_at_once() -> None:
    """``收入总计618.38万元，支出总计618.38万元。收支较上年决算数减少194.65万元，下降23.94%``: 收支 is
    the one amount both sides state."""
    page = (
        FINAL
        + "2025年度收入总计618.38万元，支出总计618.38万元。收支较上年决算数减少194.65万元，下降{p}%。"
    )
    assert of(run(page.format(p="23.94")), "S001") == []
    (f,) = of(run(page.format(p="25.94")), "S001")
    assert f.expected == "23.94%"


def test_a_unit_printed_twice_and_a_list_the_page_cuts() -> None:
    """``12002.41万万元`` (W002's) is still 12002.41万元 for the sum; a list the page's text cuts in
    its middle (…；上级补助收入2017928.05万元；地) is no list short of its total."""
    doubled = GOVERNMENT + (
        "2024年城乡居民基本医疗保险基金收入38683.1万元，其中个人缴费收入12002.41万万元，财政补贴收入25737.65万元，"
        "利息收入943.04万元。"
    )
    assert of(run(doubled), "S004") == [] and of(run(doubled), "W002")
    cut = (
        GOVERNMENT
        + "区本级收入总量3811318.65万元，其中：区级地方一般公共预算收入1026456.29万元；上级补助收入2017928.05万元；地"
    )
    assert of(run(cut), "S004") == []


def test_items_named_by_a_count_then_their_amount() -> None:
    """``其中：敬老院建设项目50个，金额1006万元；村级文化活动场所项目67个，金额2589万元；…``: each 金额
    is its item's (named by the clause before), so the items are a list to sum."""
    page = BUDGET + (
        "2025年，彩票公益金资助项目406个，资金9865.8万元，其中：敬老院建设项目50个，金额{a}万元；"
        "村级文化活动场所项目67个，金额2589万元；其他项目289个，金额6270.8万元。"
    )
    assert of(run(page.format(a="1006")), "S004") == []
    (f,) = of(run(page.format(a="1106")), "S004")
    assert f.expected == Decimal("9965.8") and "敬老院建设项目" in f.message


def test_lists_and_shares_that_a_tenth_harvest_showed_are_no_defects() -> None:
    """Each once a false finding on a real page: a second partition of one total after ；用于…;
    a 其中 of the sentence's other amount (…45.66亿元，未分配0.32亿元。其中：…); weights of two
    factors (各占50%的比例); a count's parts with their own parts in brackets; retirees a staff
    total counts; a 本级 part of an amount; the items of a 2021 list after 、."""
    two_ways = BUDGET + (
        "共下达我县移民后扶资金2272万元，其中：中央资金1753万元，省级资金519万元；用于直发直补资金609.22万元、"
        "项目扶持资金138.78万元、切块项目资金1524万元。"
    )
    assert of(run(two_ways), "S004") == []
    other = (
        BUDGET
        + "市本级直达资金45.66亿元，未分配0.32亿元，分配率99.3%。其中：中央安排直达资金39.64亿元；地方安排资金6.02亿元。"
    )
    assert of(run(other), "S004") == []
    weights = (
        BUDGET
        + "移民困难扶助金为6778万元，其中1000万元按照各市州小型水库的数量和库容各占50%的比例分配到市州。"
    )
    assert of(run(weights), "S005") == []
    nested = BUDGET + (
        "现有人员1894人，其中局本级187人（在职在编139人、退休人员8人、协管员40人），环卫处1707人"
        "（在职在编132人、退休人员148人、协管员272人、临时工1155人）。"
    )
    assert of(run(nested), "S010") == []
    retirees = BUDGET + "共有职工{n}人，其中：在职职工184人，财政供养4人，退休人员22人。"
    assert of(run(retirees.format(n="210")), "S010") == []
    assert len(of(run(retirees.format(n="220")), "S010")) == 1  # with or without them, not 220
    part = BUDGET + "2025年项目支出总额656.93万元。其中，本级项目8个，本级项目支出385.58万元。"
    assert of(run(part), "S007") == []
    years = (
        BUDGET
        + "某区2025年的会议费34.10万元、培训费51.37万元。2024年的会议费121.61万元、培训费46.71万元。"
    )
    assert of(run(years), "S007") == []


def test_lists_a_ninth_harvest_showed_unsummed() -> None:
    """Each once silent on a real page: five whole amounts three over their total (more than
    one unit of it is no rounding); 差旅费 is an item (差 names no difference); 主要项目：1、…；2、…
    in one sentence; a make-up in brackets of an item of another list; （二）（三）… paragraphs
    after 其中：（一）…, items of that list and not headings."""
    five = (
        BUDGET
        + "预算总支出180万元，其中：委员补助21万元，常委活动8万元，联络5万元，接待4万元，政协年会{x}万元。"
    )
    assert of(run(five.format(x="142")), "S004") == []
    assert of(run(five.format(x="145")), "S004")[0].severity is Severity.ERROR
    travel = (
        BUDGET + "预算总支出180万元，其中：办公费21万元，印刷费8万元，差旅费13万元，培训费141万元。"
    )
    assert len(of(run(travel), "S004")) == 1
    main = (
        BUDGET
        + "项目支出180万元，主要项目：1、委员补助21万元；2、常委活动8万元；3、政协年会154万元。"
    )
    assert len(of(run(main), "S004")) == 1
    debt = BUDGET + (
        "2025年末政府性债务余额743447.57万元。其中：政府债务743247万元（一般债务225604万元、专项债务"
        "{b}万元）、政府或有债务200.57万元。"
    )
    assert of(run(debt.format(b="517643")), "S004") == []
    assert len(of(run(debt.format(b="517743")), "S004")) == 1
    ordinals = BUDGET + (
        "2025年一般性转移支付决算数为32976万元，其中：（一）均衡性转移支付13460万元，主要用于均衡财力。\n"
        "（二）基本财力保障补助4022万元。\n（三）农村税费改革补助6398万元。\n（四）其他一般性转移支付{x}万元。"
    )
    assert of(run(ordinals.format(x="9096")), "S004") == []
    (f,) = of(run(ordinals.format(x="18016")), "S004")
    assert f.expected == Decimal("41896")


def test_a_share_and_a_change_said_apart_from_their_amount() -> None:
    """``其中：税收收入完成66342万元，…，税收收入占地方财政收入67.19%`` (its amount said before,
    named with 完成); ``收、支与2023年度相比，减少719.66万元，下降9.7%`` (the change of 收支)."""
    share = GOVERNMENT + (
        "地方财政收入完成100223万元，增收2546万元。其中：税收收入完成66342万元，增收10304万元，"
        "税收收入占地方财政收入{p}%。"
    )
    assert of(run(share.format(p="66.19")), "S005") == []
    (f,) = of(run(share.format(p="67.19")), "S005")
    assert f.expected == "66.19%"
    both = (
        FINAL
        + "2025年度收入总计7548.19万元，支出总计7548.19万元。收、支与2024年度相比，减少719.66万元，下降{p}%。"
    )
    assert of(run(both.format(p="8.7")), "S001") == []
    assert len(of(run(both.format(p="9.7")), "S001")) == 1


def test_what_a_fresh_review_of_the_new_readings_found() -> None:
    """A fund named with 预算 is no budget (S006); brackets of budgets beside an amount are no
    list (S004); a heading （二） after an inline （一）（二） list and a heading （十十） are headings;
    what was carried in said the sentence before (S015); an amount set against the wholes after
    them (S014); a balance said in one sentence (S014)."""
    fund = (
        SELF_REPORT + "本年度部门一般公共预算支出1000万元。养老补贴项目实际支付300万元，执行率75%。"
    )
    assert of(run(fund), "S006") == []
    budgets = BUDGET + "2025年会议费5万元（年初预算8万元，调整预算6万元），比上年减少1万元。"
    assert of(run(budgets), "S004") == []
    inline = BUDGET + (
        "2025年收入预算100万元，其中：（一）财政拨款收入80万元，（二）事业收入20万元。\n"
        "（二）支出预算情况\n2025年支出预算120万元，其中：基本支出100万元，项目支出20万元。"
    )
    assert of(run(inline), "S004") == []
    assert run(BUDGET + "（十十）其他说明\n2025年收入预算100万元。").package.figures
    carried = (
        FINAL + "年初结转和结余200万元。本年收入1000万元，本年支出900万元，年末结转和结余{c}万元。"
    )
    assert of(run(carried.format(c="300")), "S015") == []
    assert len(of(run(carried.format(c="100")), "S015")) == 1
    more = (
        GOVERNMENT + "收入合计730万元。支出合计680万元，上解支出20万元。收支相抵，年终结余30万元。"
    )
    assert of(run(more), "S014") == []
    one = GOVERNMENT + "2024年总收入100万元，总支出90万元，收支相抵，年末结转结余{c}万元。"
    assert of(run(one.format(c="10")), "S014") == []
    assert len(of(run(one.format(c="20")), "S014")) == 1


def test_what_an_eleventh_harvest_showed() -> None:
    """Each once a false finding (or a crash) on a real page: a count's 其中 after its change
    (实有职工50人，比上年同期减少4人，其中…); adjustments listed under a total (调减…、调增…);
    a table's column 占计划% (no blank); a debt table's rows naming their years (2016年末…余额);
    a share whose amount another entity states (中央本级…因公出国费 then 部门…出国费占83.2%);
    a make-up in 亿元 brackets; a debt table one cell a line with empty 备注 cells (a crash)."""
    count = (
        BUDGET
        + "核定人员编制36人，实有职工50人，比上年同期减少4人，其中在编31人，与上年同期无变化，临聘19人。"
    )
    assert of(run(count), "S010") == []
    adjusted = GOVERNMENT + (
        "一般公共预算总收入从第一次预算调整的137.58亿元调整为141.91亿元，其中调减一般公共预算地方收入3.77亿元、"
        "调增地方政府一般债务收入8.1亿元。"
    )
    assert of(run(adjusted), "S004") == []
    column = (
        GOVERNMENT
        + "执行情况表 | 预算科目 | 本年收入计划 | 累计完成数 | 占计划% | 上年同期数 |\n| 税收收入 | 89275 | 7451 | 8.35 | 6912 |"
    )
    assert of(run(column), "W002") == []
    debt = "某县2017年地方政府专项债务情况\n一、2016年末地方政府专项债务余额实际数\n二、2017年地方政府专项债务限额\n六、2018年地方政府专项债务新增限额\n2017年专项债务余额5000万元。"
    assert of(run(debt), "W003") == []
    other = BUDGET + (
        "中央本级“三公”经费预算2025年安排61.24亿元，具体构成为：因公出国(境)费15.39亿元。\n"
        "2025年部门“三公”经费预算比2024年减少235万元至4464.99万元，其中因公出国(境)费占83.2%。"
    )
    assert of(run(other), "S005") == []
    yi = GOVERNMENT + "全县到期政府债券本息8.63亿元（本金6.64亿元，利息{i}亿元）。"
    assert of(run(yi.format(i="1.99")), "S004") == []
    assert len(of(run(yi.format(i="2.99")), "S004")) == 1
    table = "某县2024年地方政府性债务情况\n序号\n\n项目\n\n金额\n\n备注\n\n1\n\n2024年地方政府一般债券限额\n\n39629\n\n\n2\n\n2024年地方政府一般债券余额\n\n36874\n\n3\n\n2024年地方政府专项债券限额\n\n38571\n\n\n4\n"
    run(table)  # (it raised IndexError)


def test_one_total_split_twice_and_a_debt_notice() -> None:
    """``债务余额350364亿元…其中，一般债务143841亿元，专项债务206523亿元；政府债券348741亿元，非政府
    债券形式存量政府债务1623亿元``: two splits of one total; a debt notice is a page to read."""
    page = "全国地方政府债务情况\n截至2022年11月末，全国地方政府债务余额350364亿元，控制在限额之内。其中，一般债务143841亿元，专项债务{b}亿元；政府债券348741亿元，非政府债券形式存量政府债务1623亿元。"
    assert of(run(page.format(b="206523")), "S004") == []
    assert run(page.format(b="206523")).package.figures  # (not refused)


def test_a_catch_all_item_is_a_part_and_shares_of_a_hundred_make_a_list_whole() -> None:
    """``年初预算数1211.02万元，其中：一般公共预算拨款224.10万元，…事业收入986.92万元，…其他收入0.10万元``
    (1211.12: 其他收入 is a part, not an item outside the list, though the rest make the total);
    shares adding up to 100 % make a list whole even when it names income by source."""
    page = BUDGET + (
        "（一）收入预算：2025年年初预算数1211.02万元，其中：一般公共预算拨款224.10万元，政府性基金预算拨款0万元，"
        "事业收入986.92万元，其他收入{o}万元。"
    )
    assert of(run(page.format(o="0")), "S004") == []
    assert len(of(run(page.format(o="0.10")), "S004")) == 1
    shares = (
        FINAL
        + "2025年度收入合计192.01万元。其中：财政拨款收入113.68万元，占59.2%；事业收入{b}万元，占40.8%。"
    )
    assert of(run(shares.format(b="78.33")), "S004") == []
    (f,) = of(run(shares.format(b="70.33")), "S004")
    assert f.severity is Severity.ERROR and f.expected == Decimal("184.01")


def test_a_blank_place_name_and_not_an_underscore_in_a_name() -> None:
    """``_县市场监督管理局`` is a blank; ``zfxxgk_5682340`` and ``file_县.doc`` in an address are not."""
    assert of(run(BUDGET + "根据_县财政局的通知，收入预算1200元。"), "W001")
    assert of(run(BUDGET + "网址 http://a.gov.cn/zfxxgk_5682340/县 收入预算1200元。"), "W001") == []


def test_the_year_of_a_sentence_and_of_a_change_on_a_named_year() -> None:
    """``2021年的三公经费…合计807.95万，其中：…、会议费121.61万元`` (its 会议费 of 2021, no restatement
    of 2022's); ``与2022年度相比，…各增加…`` in a report whose title names the next year; a report
    title run into the page's chrome still names both its years (W003)."""
    years = BUDGET + (
        "某区2025年的“三公”经费合计为100万元，其中：公务接待费60万元、会议费34.10万元。2024年的“三公”经费合计为"
        "80万元，其中：公务接待费50万元、会议费121.61万元。"
    )
    assert of(run(years), "S007") == []
    chrome = (
        "# URL http://x.cn/c818772关于2022年预算执行情况和2023年预算(草案)\n——2022年12月22日在某区人大常委会上\n"
        "一、2022年预算执行情况\n全区一般公共预算收入100亿元。"
    )
    assert of(run(chrome), "W003") == []


def test_a_budget_adjusted_states_its_move_before_and_after() -> None:
    """预算调整方案 word a move three ways — ``由X调整为Y，调增Z``, ``从…的X调至Y，增加Z`` and
    ``年初预算X，调增Z，调整后预算数为Y`` — each X the amount before (the prior), Y after it: the
    stated 调增/调减 is Y − X (S002), told as 调整后/调整前, and never a change on the year before."""
    pages = [
        "本级一般公共预算总收入由397959万元调整为409959万元，调增{z}万元。",
        "政府性基金预算支出从第一次调整的143.8亿元调整到204.49亿元，增加{z}亿元。",
        "年初预算财政总收入为369,936万元，调增{z}万元，调整后预算数为395,767万元。",
    ]
    amounts = [("12000", "13000"), ("60.69", "60.96"), ("25,831", "25,381")]
    for page, (right, wrong) in zip(pages, amounts, strict=True):
        assert of(run(ADJUSTMENT + page.format(z=right)), "S002") == []
        (f,) = of(run(ADJUSTMENT + page.format(z=wrong)), "S002")
        assert f.expected == Decimal(right.replace(",", "")), f.message
        assert "调整后" in f.message and "调整前预算" in f.message and "上年" not in f.message
    cut = ADJUSTMENT + "一般公共预算支出由5200万元调减至5000万元，调减300万元。"
    (f,) = of(run(cut), "S002")
    assert (f.stated, f.expected) == (Decimal(-300), Decimal(-200))


def test_a_governments_debt_and_revenue_are_named_whole() -> None:
    """A debt's 限额 or 余额 is its 一般债务 and 专项债务, revenue its 税收收入 and 非税收入: a
    list of the two that falls short is as wrong as one over (a 其中 list of anything else may be
    cut short); the list opens with 其中 or 包括, and a bound after it (控制在…限额之内) is no
    item of it."""
    page = BUDGET.replace("部门预算", "政府债务情况") + (
        "截至2024年末，全县政府债务余额184.62亿元，{w}一般债务余额110.48亿元、专项债务余额{b}亿元，"
        "控制在省政府核定的债务限额209.97亿元之内。"
    )
    for opener in ("其中", "包括"):
        assert of(run(page.format(w=opener, b="74.14")), "S004") == []
        (f,) = of(run(page.format(w=opener, b="73.14")), "S004")
        assert (f.stated, f.expected) == (Decimal("184.62"), Decimal("183.62")), f.message
    # revenue is 税收收入 and 非税收入, nothing else
    tax = (
        GOVERNMENT + "全县一般公共预算收入完成147.1亿元，其中：税收收入98.2亿元，非税收入{n}亿元。"
    )
    assert of(run(tax.format(n="48.9")), "S004") == []
    (f,) = of(run(tax.format(n="47.9")), "S004")
    assert (f.stated, f.expected) == (Decimal("147.1"), Decimal("146.1")), f.message
    assert f.message.startswith("「全县一般公共预算收入"), f.message  # (not 「的报告全县…」)
    # (a list of other parts that falls short may be cut short: not judged)
    other = BUDGET + "2025年支出预算200万元，其中：工资福利支出100万元，商品和服务支出50万元。"
    assert of(run(other), "S004") == []


def test_what_reads_like_an_adjustment_but_is_a_change_on_the_year_before() -> None:
    """The adjustment's amount before is no base of a rate on the year before (``由50亿元调整为
    55亿元，比上年增长20%``); ``由2024年的X调整为2025年的Y`` and ``比上年调减Z`` compare two years and
    say so; ``调整减少`` takes away; adjustments of one sign that fall short of the move may be
    its main ones only (S016 asks, a warning)."""
    on_year = ADJUSTMENT + "2024年一般公共预算支出由50亿元调整为55亿元，比上年增长20%。"
    assert run(on_year).findings == ()
    (f,) = of(
        run(ADJUSTMENT + "一般公共预算支出由5200万元调整为5000万元，调整减少300万元。"), "S002"
    )
    assert (f.stated, f.expected) == (Decimal(-300), Decimal(-200))
    years = BUDGET + "2025年公用经费由2024年的30万元调整为2025年的25万元，调减5万元，下降{p}%。"
    assert of(run(years.format(p="16.67")), "S001") == []
    (f,) = of(run(years.format(p="14.29")), "S001")
    assert f.expected == "16.67%" and "上年" in f.message and "调整" not in f.message
    (f,) = of(run(BUDGET + "2025年项目支出150万元，比上年调减30万元，下降20%。"), "S001")
    assert "上年应为180万元" in f.message and "调整前" not in f.message
    (f,) = of(run(BUDGET + "2025年支出总额500万元，2024年预算数为450万元，调增60万元。"), "S002")
    assert "上年450万元" in f.message and "调整前" not in f.message
    main = ADJUSTMENT + (
        "一般公共预算支出由397959万元调整为409959万元，调增12000万元。其中：增加教育支出5000万元，"
        "增加卫生健康支出{b}万元。"
    )
    assert of(run(main.format(b="7000")), "S016") == []
    (f,) = of(run(main.format(b="4000")), "S016")
    assert f.severity is Severity.WARNING and "漏列" in f.message
    (f,) = of(run(main.format(b="8000")), "S016")  # (over the move: wrong whatever is left out)
    assert f.severity is Severity.ERROR


def test_a_bound_after_an_amount_owns_no_list() -> None:
    """``余额50亿元，控制在…债务限额60亿元以内。其中：一般债务20亿元，专项债务30亿元``: the list is
    of the amount bounded (S004 silent), and a wrong part is reported against it."""
    page = BUDGET.replace("部门预算", "政府债务情况") + (
        "截至2024年底，全县政府债务余额50亿元，控制在省政府核定的债务限额60亿元以内。"
        "其中：一般债务余额20亿元，专项债务余额{b}亿元。"
    )
    assert of(run(page.format(b="30")), "S004") == []
    (f,) = of(run(page.format(b="31")), "S004")
    assert (f.stated, f.expected) == (Decimal(50), Decimal(51)), f.message


def test_a_count_with_another_list_after_it_is_its_own() -> None:
    """``内设科室4个，分别是A、B、C、D。另有2个下属事业单位…``: 另有 adds other units, not these."""
    page = (
        BUDGET + "本局内设科室4个，分别是办公室、财务科、社会救助科、养老服务科。"
        "另有2个下属事业单位，分别是县社会福利院和县救助管理站。"
    )
    assert of(run(page), "S012") == []


def test_parts_of_a_contents_list_name_the_unit_after_their_number() -> None:
    """``第二部分某市人民医院2017年度部门决算批复表`` and ``第三部分某市人民医院…情况说明`` name one unit:
    the part's number is no part of its name (W005 silent), and the unit is the document's."""
    page = (
        "2017年度市级部门决算公开\n目录\n第一部分某市人民医院概况\n"
        "第二部分某市人民医院2017年度部门决算批复表\n第三部分某市人民医院2017年度部门决算情况说明\n"
        "2017年度收入总计100万元，支出总计100万元。\n"
    )
    result = run(page)
    assert result.package.info.unit_name == "某市人民医院"
    assert of(result, "W005") == []
    other = page.replace("第三部分某市人民医院", "第三部分某县人民医院")
    assert len(of(run(other), "W005")) == 1


def test_the_staff_on_the_roll_are_no_part_of_the_posts() -> None:
    """``编制人数197人，其中全额编制人数34人，实际在岗345人``: 实际在岗 counts people, not posts — no
    item of the 编制's list (S010 silent); a list the page's text ends in is not judged short."""
    page = BUDGET + "本院编制人数197人，其中全额编制人数{a}人，实际在岗345人（其中临时人员167人）。"
    assert of(run(page.format(a="34")), "S010") == []
    assert of(run(page.format(a="234")), "S010")  # (34 → 234: over the posts)
    cut = BUDGET + "本单位行政事业总编制为249个，其中行政编13个、全额事业编45个、差额"
    assert of(run(cut), "S010") == []
    assert len(of(run(cut.removesuffix("、差额") + "。"), "S010")) == 1


def test_two_organs_amounts_in_one_report_are_not_one_amount_restated() -> None:
    """A news report on several bureaus' 决算: ``比如市旅游委，2015年“三公”经费财政拨款决算数413.89万元…``
    and ``市食药监局2015年“三公”经费财政拨款决算数1848.26万元`` are two organs' (S007 silent); the same
    organ's two amounts still differ."""
    page = (
        "2015年部门决算公开综述\n大多部门的“三公”经费决算均低于预算。比如市旅游委，2015年“三公”经费"
        "财政拨款决算数413.89万元，比年初预算325.55万元增加88.34万元。\n"
        "{who}2015年“三公”经费财政拨款决算数1848.26万元，比年初预算2184.89万元减少336.63万元。\n"
    )
    assert of(run(page.format(who="市食药监局")), "S007") == []
    assert len(of(run(page.format(who="市旅游委")), "S007")) == 1


def test_names_the_pages_text_ends_in_are_not_all_the_names() -> None:
    """A page excerpt cut inside a list (``内设机构10个，即：办公室、…、信息办、``, or no full stop after
    the last name) names some of them only (S012 silent); the same list closed is counted."""
    names = "办公室、教务处、后勤办、教研室、党建办、稳安办、信息办"
    page = BUDGET + "本园内设机构10个，即：" + names
    assert of(run(page + "、"), "S012") == []
    assert of(run(page), "S012") == []
    assert len(of(run(page + "。"), "S012")) == 1


@pytest.mark.parametrize(
    ("printed", "placeholder"),
    [
        ("根据《关于开展xx年省级财政资金绩效自评工作的通知》", "xx年"),
        ("根据《通知》(粤财绩﹝xx﹞13号)要求", "﹝xx﹞"),
        ("依据《指导意见》(水农〔20xx〕306号)", "〔20xx〕"),
        ("水质达到《生活饮用水卫生标准》(GB5749-20xx)", "20xx"),
    ],
)
def test_a_year_left_as_letters_is_a_placeholder(printed: str, placeholder: str) -> None:
    """A template's year left as letters — in a sentence, a document number or a standard's
    number — is a placeholder (W001); a year filled in, or xx in an address, is not."""
    page = BUDGET + printed + "，收入预算1200万元。"
    (f,) = of(run(page), "W001")
    assert f.stated == placeholder
    filled = printed.replace("20xx", "2023").replace("xx", "2023")
    assert of(run(BUDGET + filled + "，收入预算1200万元。"), "W001") == []
    assert of(run(BUDGET + "详见www.xx.gov.cn/xxgk/2023年预算，收入预算1200万元。"), "W001") == []


def test_a_completion_of_the_years_plan_and_a_rate_on_the_budget() -> None:
    """``收入完成82876万元，占年计划75000万元的111.5%`` is a completion (110.5 %: S006), and
    ``决算数2352万元，相比年初预算数6200万元下降61.1%`` a rate on that budget (62.1 %: S001)."""
    plan = (
        GOVERNMENT
        + "全县一般公共预算地方收入完成82876万元，占年计划75000万元的{p}%，同比增长9.99%。"
    )
    assert of(run(plan.format(p="110.5")), "S006") == []
    (f,) = of(run(plan.format(p="111.5")), "S006")
    assert "110.5%" in f.message
    rate = FINAL + "公务接待费降幅最大，2025年决算数2352万元，相比年初预算数6200万元下降{p}%。"
    assert of(run(rate.format(p="62.1")), "S001") == []
    (f,) = of(run(rate.format(p="61.1")), "S001")
    assert f.expected == "62.06%" and "年初预算应为6,200万元" in f.message


def test_a_report_on_one_years_execution_and_the_next_years_budget_names_both() -> None:
    """In ``关于某县2025年预算执行情况和2026年预算草案的报告`` an amount of 2025 compared with 上年
    and its 年初预算 is 2025's, not a 2026 amount printed with a wrong year (W003)."""
    page = (
        "关于某县2025年预算执行情况和2026年预算草案的报告\n"
        "2025年，一般公共预算收入实际完成103,033万元，完成年初预算的102.04%，比上年减少21,029万元，"
        "下降16.95%。\n"
    )
    assert of(run(page), "W003") == []


def test_counts_printed_as_statistics_print_them() -> None:
    """Counts with thousands apart (``9,245人``), a 其中 after a full stop or in brackets, and a
    list cut at ；(``科室55个：其中临床科室21个；医技科室7个；…``) are summed (S010); a list with a
    number of no count among its items (``专技6级1人``) is not read, so not judged."""
    staff = (
        BUDGET
        + "本级财政供养人员共计9,245人。其中：行政编制财政供养人员1,845人，事业编制财政供养人员{n}人。"
    )
    assert of(run(staff.format(n="7,400")), "S010") == []
    (f,) = of(run(staff.format(n="7,399")), "S010")
    assert (f.stated, f.expected) == ("9245", "9244")
    cars = (
        BUDGET
        + "公务用车总数1,764辆（其中：应急保障用车10辆，执法执勤用车{n}辆，其他用车1,318辆）。"
    )
    assert of(run(cars.format(n="436")), "S010") == []
    assert of(run(cars.format(n="446")), "S010")
    rooms = (
        BUDGET + "本院设置科室55个：其中临床科室21个；医技科室7个；门诊科室{n}个；职能科室20个。"
    )
    assert of(run(rooms.format(n="7")), "S010") == []
    (f,) = of(run(rooms.format(n="6")), "S010")
    assert (f.stated, f.expected) == ("55", "54")
    grades = BUDGET + "专技岗7人（其中：专技6级1人、专技十级2人、专技十一级1人、专技十二级3人）。"
    assert of(run(grades), "S010") == []
    # (a ；after a 其中 without a colon: what follows is a peer of the total, not its item)
    peer = BUDGET + "本院总编制人数为80人。行政编制74人，其中行政工勤编制数为3人；事业编制6人。"
    assert of(run(peer), "S010") == []


def test_a_chain_adds_a_list_of_names_with_one_amount_and_a_fund_it_sets_aside() -> None:
    """``加上级补助收入、…、上年结转等收入235,157万元`` adds the list's one amount; ``安排预算稳定调节
    基金937239万元`` is an amount spent (not the budget measure): both are in the chain (S013)."""
    listed = GOVERNMENT + (
        "2023年，一般公共预算收入实际完成103,033万元，完成年初预算的102.04%，加上级补助收入、地方政府"
        "债券转贷收入、调入资金、上年结转等收入235,157万元，收入总量{t}万元。"
    )
    assert of(run(listed.format(t="338,190")), "S013") == []
    (f,) = of(run(listed.format(t="338,290")), "S013")
    assert f.expected == Decimal(338190)
    fund = GOVERNMENT + (
        "全区一般公共预算支出3753556万元，加上上解上级支出173880万元，结转下年支出31592万元，"
        "安排预算稳定调节基金937239万元，支出合计{t}万元。"
    )
    assert of(run(fund.format(t="4896267")), "S013") == []
    (f,) = of(run(fund.format(t="4896367")), "S013")
    assert f.expected == Decimal(4896267)


def test_names_and_then_their_count() -> None:
    """``共设A(甲)、B…L13个内设机构`` naming 12 is a miscount (S012), the names in brackets one
    name with their aside; ``A、B…F等16个股室`` names some of the 16 only; ``A、B、C、D、E等四个科室``
    names more than four (a last 和 may join one name: 发展和改革股)."""
    page = (
        BUDGET
        + "本局共设办公室(行政审批服务处)、法制处、研究室、组织宣传处(人事处、对外联络处){n}个内设机构。"
    )
    assert of(run(page.format(n="4")), "S012") == []
    (f,) = of(run(page.format(n="5")), "S012")
    assert (f.stated, f.expected) == ("5", "4") and "内设机构" in f.message
    some = BUDGET + "本局下设办公室、预算股、人事教育股、国库股等16个股室。"
    assert of(run(some), "S012") == []
    over = BUDGET + "本院内设有内科、外科、药房、收费室、办公室等四个职能科室。"
    (f,) = of(run(over), "S012")
    assert (f.stated, f.expected) == ("4", "5")


def test_a_sum_after_a_list_of_parts_counts_the_total_once() -> None:
    """``支出100万元，其中A60万元、B40万元，合计100万元``: the parts are their total's, the 合计 is
    the total again (S017 silent); an item stated with its change is an item still."""
    page = BUDGET + "本年支出100万元，其中：人员经费60万元、公用经费40万元，合计100万元。"
    assert of(run(page), "S017") == []
    change = BUDGET + "会议费5万元，比上年减少1万元；培训费3万元；共计{t}万元。"
    assert of(run(change.format(t="8")), "S017") == []
    assert len(of(run(change.format(t="9")), "S017")) == 1


def test_a_regions_money_by_level_and_by_kind_is_whole() -> None:
    """``收入700.9亿元。其中：市本级收入341.5亿元，下降0.7%；区级收入358.9亿元`` and ``支出29.48亿元，…
    兑付上级专项资金2.23亿元。分支出级次看，旗本级…24.56亿元；苏木镇及开发区…4.92亿元``: a total is
    its own level's and its lower levels' (S004 both ways); a breakdown by kind (分…看) is of
    the total its items name, not of the amount stated last."""
    level = (
        GOVERNMENT
        + "1-4月，全市一般公共预算收入700.9亿元，增长1.9%。其中：市本级收入341.5亿元，下降0.7%；区级收入{b}亿元，增长4.4%。"
    )
    assert of(run(level.format(b="359.4")), "S004") == []
    (f,) = of(run(level.format(b="358.9")), "S004")
    assert f.expected == Decimal("700.4")
    kind = GOVERNMENT + (
        "上半年，全旗公共财政预算支出累计完成29.48亿元，增长14.3%，兑付上级专项资金2.23亿元。\n"
        "分支出级次看，旗本级公共财政预算支出完成24.56亿元，同比增长26.3%；苏木镇及开发区公共财政预算支出完成{b}亿元。"
    )
    assert of(run(kind.format(b="4.92")), "S004") == []
    (f,) = of(run(kind.format(b="4.82")), "S004")
    assert (f.stated, f.expected) == (Decimal("29.48"), Decimal("29.38")), f.message


def test_a_list_in_brackets_ends_and_the_outer_list_goes_on() -> None:
    """``总收入7503.63万元，其中：财政拨款收入1147.09万元(人员经费382.85万元，项目支出764.24万元)；
    上级补助收入0万元；事业收入6333.18万元；其他收入24.36万元``: after the brackets' list, the items
    are the outer list's again (S004 sums them); a share of an item said again without its amount
    is no item."""
    page = FINAL + (
        "2025年度总收入7503.63万元，其中：财政拨款收入1147.09万元(财政拨款基本支出人员经费382.85万元，"
        "项目支出764.24万元)；上级补助收入0万元；事业收入{b}万元；其他收入24.36万元。"
    )
    assert of(run(page.format(b="6332.18")), "S004") == []
    (f,) = of(run(page.format(b="6333.18")), "S004")
    assert f.expected == Decimal("7504.63")
    share = GOVERNMENT + (
        "2023年，全县地方一般公共预算收入完成109489万元，增长3%，其中税收收入77864万元，非税收入{n}万元，"
        "税收占地方一般公共预算收入的比重为71.1%。"
    )
    assert of(run(share.format(n="31625")), "S004") == []
    assert len(of(run(share.format(n="31725")), "S004")) == 1


def test_a_share_said_after_its_amount_under_a_shorter_name() -> None:
    """``非税收入完成21553万元，…。非税收入占一般公共预算地方收入的27.01%`` (26.01 %) and
    ``其中税收收入77864万元…，税收占地方一般公共预算收入的比重为72.1%`` (71.1 %): the amount is the one
    just stated under those words (S005)."""
    report = "关于某县2023年财政预算执行情况的报告\n"
    page = report + (
        "2023年，全县一般公共预算地方收入完成82876万元，同比增长9.99%。非税收入完成21553万元。"
        "非税收入占一般公共预算地方收入的{p}%。"
    )
    assert of(run(page.format(p="26.01")), "S005") == []
    (f,) = of(run(page.format(p="27.01")), "S005")
    assert f.expected == "26.01%"
    short = report + (
        "2023年，全县地方一般公共预算收入完成109489万元，其中税收收入77864万元，非税收入31625万元，"
        "税收占地方一般公共预算收入的比重为{p}%。"
    )
    assert of(run(short.format(p="71.1")), "S005") == []
    assert len(of(run(short.format(p="72.1")), "S005")) == 1


def test_a_reports_sections_are_of_the_years_their_headings_name() -> None:
    """In ``关于某县2023 年预算执行情况和2024 年预算草案的报告`` the amounts under ``一、2023年预算执行
    情况`` are 2023's though their sentences name no year: a share of them is checked (S005),
    and nothing is taken for a 2024 amount printed with a wrong year (W003)."""
    page = (
        "关于某县2023 年预算执行情况和2024年预算草案的报告\n一、2023年预算执行情况\n"
        "2023年，全县一般公共预算地方收入完成82876万元，为年初预算的110.5%，比上年增长9.99%。非税收入完成21553万元。"
        "非税收入占一般公共预算地方收入的{p}%。\n二、2024年预算草案\n全县一般公共预算收入安排90000万元。\n"
    )
    assert run(page.format(p="26.01")).findings == ()
    (f,) = run(page.format(p="27.01")).findings
    assert (f.rule, f.expected) == ("S005", "26.01%")


def test_a_change_is_the_amounts_before_it_whatever_follows_it() -> None:
    """``公务用车购置及运行费585.53万元，同比减少144.92万元(公务用车购置费0万元…`` — the change opens
    its clause, before the next item's name: it is the amount's before it; ``公务接待费0万元，同比减少
    0.11万元各部门单位严把监督检查关`` — the words glued after a change name nothing. So the 三公
    items' changes are summed against the total's (S004)."""
    page = BUDGET + (
        "2025年“三公”经费支出合计585.53万元，同比减少144.92万元。其中：因公出国(境)经费0万元，同比减少0万元。"
        "公务用车购置及运行费585.53万元，同比减少144.92万元(公务用车购置费0万元；公务用车运行维护费585.53万元)。"
        "公务接待费0万元，同比减少{c}万元各部门单位严把监督检查关。"
    )
    assert of(run(page.format(c="0")), "S004") == []
    (f,) = of(run(page.format(c="0.11")), "S004")
    assert f.expected == Decimal("-145.03"), f.message
    assert "合计0 − 144.92 − 0.11" in f.message  # (a −0 change printed as 0)


def test_a_templates_titles_copied_with_last_years_year_are_one_finding() -> None:
    """A 2022 budget whose tables' titles all say 2021 (a template's titles copied): one W003
    for that year, with how many titles and where the others are."""
    page = (
        "某市卫生健康委2022年度部门预算\n"
        + "".join(
            f"{n}、2021年度{t}\n"
            for n, t in zip(
                "一二三",
                ("部门收支总体情况表", "部门收入总体情况表", "部门支出总体情况表"),
                strict=True,
            )
        )
        + "2022年收入预算100万元。\n"
    )
    (f,) = of(run(page), "W003")
    assert f.stated == "2021年" and "共3处标题" in f.message and len(f.related) == 2


def test_a_breakdown_by_kind_inside_a_list_ends_at_its_semicolon() -> None:
    """``收入100.03亿元，其中：旗本级收入完成75.29亿元，分项目看：税收完成16.81亿元，非税完成58.38亿元；
    上级转移支付20.88亿元；…``: the breakdown is 旗本级's, up to the ；(its 税收 and 非税 are whole:
    S004), and the items after it the outer list's again."""
    page = GOVERNMENT + (
        "1-6月，全旗一般公共预算收入完成100.03亿元，其中：旗本级一般公共财政预算收入完成75.29亿元，"
        "分项目看：税收完成16.81亿元，非税完成{n}亿元；上级转移支付20.88亿元；债券转贷收入0.48亿元；上年结余3.38亿元。"
    )
    assert of(run(page.format(n="58.48")), "S004") == []
    (f,) = of(run(page.format(n="58.38")), "S004")
    assert (f.stated, f.expected) == (Decimal("75.29"), Decimal("75.19")), f.message


def test_a_funds_surplus_is_its_income_less_its_spending() -> None:
    """``社会保险基金收入22.39亿元…；社会保险基金支出19.85亿元…。2023年收支结余2.64亿元``: 22.39 − 19.85
    is 2.54 (S014), the income and spending being one fund's; a placeholder amount ``XX亿元`` is
    one left in (W001)."""
    page = GOVERNMENT + (
        "2023年社会保险基金收入22.39亿元，比上年增长7.3%；社会保险基金支出19.85亿元，比上年增长19.8%。"
        "2023年收支结余{z}亿元，历年累计结余21.76亿元。"
    )
    assert of(run(page.format(z="2.54")), "S014") == []
    (f,) = of(run(page.format(z="2.64")), "S014")
    assert f.expected == Decimal("2.54")
    other = page.replace("社会保险基金支出", "机关事业单位养老保险基金支出")
    assert of(run(other.format(z="2.64")), "S014") == []  # (two funds: no balance of one)
    (f,) = of(run(BUDGET + "2022年年度预算总额达到XX亿元。"), "W001")
    assert f.stated == "XX亿元"


def test_names_in_brackets_after_their_count() -> None:
    """``共设有4个内设机构(包括：办公室(行政审批科)、政工科、立案庭)，3个人民法庭(包括：…)``: the
    names are those inside the brackets, an aside's own brackets skipped (S012: 3 of 4)."""
    page = BUDGET + (
        "我院共设有{n}个内设机构(包括：办公室(行政审批科)、政工科、立案庭)，2个人民法庭(包括：甲法庭、乙法庭)。"
    )
    assert of(run(page.format(n="3")), "S012") == []
    (f,) = of(run(page.format(n="4")), "S012")
    assert (f.stated, f.expected) == ("4", "3")


def test_what_a_second_review_showed() -> None:
    """Correct wordings the twelfth harvest's families first misread: a total named first and
    again at the end (S017), a running 累计, items counted apart after a ；-list (另有, 本年度安排
    购置…), a 。其中 naming some of a total only, a fund's 收支结余 after a fund listed under the
    totals (S014), a city's 市本级 and 县级 (its districts besides)."""
    quiet = [
        BUDGET + "项目支出预算80万元，主要用于：低保资金50万元；临时救助资金30万元；合计80万元。",
        BUDGET + "政府采购预算总额50万元：货物类30万元；服务类20万元；共计50万元。",
        FINAL + "农村公路建设项目总投资300万元，本年完成投资150万元，累计250万元。",
        BUDGET
        + "本部门共有车辆5辆，其中：一般公务用车2辆；执法执勤用车3辆；本年度安排购置车辆1辆。",
        BUDGET + "本院设置科室12个：其中临床科室8个；医技科室4个；另设职能科室3个。",
        BUDGET + "本校现有在校学生1200人。其中，本学期新招收学生300人，转入学生20人。",
        "关于某县2023年预算执行情况和2024年预算草案的报告\n一、2023年预算执行情况\n"
        "全县社会保险基金收入10亿元，支出9亿元。其中，城乡居民医疗保险基金收入3亿元，城乡居民医疗保险"
        "基金支出3.2亿元。全县社会保险基金当年收支结余1亿元，年末滚存结余12亿元。\n",
        GOVERNMENT + "全市一般公共预算支出完成300亿元，其中市本级支出120亿元，县级支出150亿元。",
    ]
    for page in quiet:
        found = [(f.rule, f.message) for f in run(page).findings if f.severity is not Severity.INFO]
        assert found == [], page
    # …and what is wrong in them still is
    (f,) = of(
        run(
            BUDGET
            + "项目支出预算80万元，主要用于：低保资金50万元；临时救助资金40万元；合计80万元。"
        ),
        "S017",
    )
    assert f.expected == Decimal(90)
