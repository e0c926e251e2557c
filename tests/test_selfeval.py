"""Performance tables of other layouts (绩效自评表, 目标表, 自评报告): rules E001–E011.

Each page is a short synthetic table written from the patterns of published sheets (not copied
from any page), printed in each flattening family: ``|``-separated rows, one cell per line with
`` |`` endings and padding lines, space-separated rows and cells run together. Expectations are
computed by hand in the comments.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from tests.helpers.selfeval import FLATTENINGS, of, one_per_line, pipes, run
from yusuan.perf.report import HEADER as GRID_HEAD  # the 自评表 yusuan publishes
from yusuan.rules.findings import Finding, Severity
from yusuan.schemes import scheme_for, schemes

TITLE = "某县农业农村局2024年度项目支出绩效自评表"
FUNDS_HEAD = ["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]


def rows(funds: list[str], grid: list[list[str]], total: list[str]) -> list[list[str]]:
    return [
        [TITLE],
        FUNDS_HEAD,
        ["年度资金总额", *funds],
        ["一级指标", "二级指标", "三级指标", *GRID_HEAD[3:]],
        *grid,
        total,
    ]


# 10号: 10 + 90. 40/50 = 80% → 10 × 0.8 = 8; indicators 9 × 10 … here three rows.
GOOD_GRID = [
    ["产出指标", "数量指标", "培训农户人数", "≥500人", "520人", "30", "30", ""],
    ["效益指标", "社会效益指标", "农户增收", "≥10%", "12%", "30", "30", ""],
    ["满意度指标", "服务对象满意度指标", "农户满意度", "≥90%", "95%", "30", "30", ""],
]


@pytest.mark.parametrize("flatten", FLATTENINGS)
def test_a_right_sheet_is_read_in_every_flattening_and_passes(flatten) -> None:  # type: ignore[no-untyped-def]
    page = flatten(
        rows(["50", "50", "40", "10", "80%", "8"], GOOD_GRID, ["总分", "100", "98", "优"])
    )
    result = run(page)
    sheet = result.package.self_evaluations[0]
    assert sheet.funds[0].executed is not None and sheet.funds[0].executed.value == Decimal(40)
    assert [i.name for i in sheet.indicators] == ["培训农户人数", "农户增收", "农户满意度"]
    assert sheet.total is not None and sheet.total.value == Decimal(98)
    assert not [f for f in result.findings if f.rule.startswith("E")]


@pytest.mark.parametrize("flatten", FLATTENINGS)
def test_execution_rate_and_score(flatten) -> None:  # type: ignore[no-untyped-def]
    # 37.24 / 43.2 = 86.20 % → printed 86 % is right; 10 × 0.8620 = 8.62 printed 9 is 尾差
    page = flatten(
        rows(["43.2", "43.2", "37.24", "10", "86%", "9"], GOOD_GRID, ["总分", "100", "99"])
    )
    result = run(page)
    assert not of(result, "E001")
    (f,) = of(result, "E002")
    assert f.severity is Severity.INFO and f.expected == Decimal("8.62")
    # printed 90 % for 86.20 % is an error; a score of 6 for 8.62 is an error
    bad = run(
        flatten(rows(["43.2", "43.2", "37.24", "10", "90%", "6"], GOOD_GRID, ["总分", "100"]))
    )
    assert of(bad, "E001")[0].severity is Severity.ERROR
    assert of(bad, "E002")[0].severity is Severity.ERROR


@pytest.mark.parametrize("flatten", FLATTENINGS)
def test_an_execution_rate_printed_as_a_fraction_or_cut(flatten) -> None:  # type: ignore[no-untyped-def]
    """27.8 / 29 = 95.86 %: ``0.959`` is that rate as a fraction (right), ``0.958`` and ``95.8%``
    are it cut instead of rounded (尾差, info), ``0.948`` is wrong."""

    def e001(rate: str) -> list[Finding]:
        grid = rows(["29", "29", "27.8", "10", rate, "9.59"], GOOD_GRID, ["总分"])
        return of(run(flatten(grid)), "E001")

    assert e001("0.959") == [] and e001("95.86%") == []
    for cut in ("0.958", "95.8%"):
        (f,) = e001(cut)
        assert f.severity is Severity.INFO and f.stated == Decimal("95.8"), cut
    (f,) = e001("0.948")
    assert f.severity is Severity.ERROR and f.expected == Decimal("95.86")


def test_numbers_run_together_are_split_only_where_the_rate_agrees() -> None:
    # 310.2 | 154.74 | 10 | 50% | 5: 154.74 / 310.2 = 49.88 % → 50 %; 10 × 0.4988 = 4.99
    page = (
        TITLE + "\n项目资金(万元)年初预算数(A)全年执行数(B)分值执行率(B/A)得分"
        "年度资金总额:310.2154.741050%5其中:财政拨款310.2154.74\n"
    )
    result = run(page)
    row = result.package.self_evaluations[0].funds[0]
    assert row.budget is not None and row.budget.value == Decimal("310.2")
    assert row.executed is not None and row.executed.value == Decimal("154.74")
    assert of(result, "E002")[0].expected == Decimal("4.99")


def test_a_rate_over_100_percent() -> None:
    page = (
        TITLE
        + "\n全年预算数 全年执行数 执行率\n资金来源:财政拨款 104.50%\n一级指标 二级指标 三级指标\n"
    )
    assert of(run(page), "E003")
    ok = (
        TITLE
        + "\n全年预算数 全年执行数 执行率\n资金来源:财政拨款 98.50%\n一级指标 二级指标 三级指标\n"
    )
    assert not of(run(ok), "E003")


def test_points_against_the_scheme_and_the_stated_method() -> None:
    # 20 + 80 scheme: 预算执行(20分) + 产出60 + 效益10 + 满意度10 = 100
    head = [
        TITLE,
        "预算执行情况(万元)(20分) | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分",
        "年度资金总额 | 30 | 30 | 100% | 20",
        "一级指标 | 二级指标 | 三级指标 | 年初目标值 | 实际完成值 | 得分",
    ]
    body = [
        "产出指标(60分) | 数量指标 | 走访对象 | 100人 | 100人 | 60",
        "效益指标(10分) | 社会效益指标 | 社会稳定 | 稳定 | 稳定 | 10",
        "满意度指标(10分) | 服务对象满意度指标 | 满意率 | ≥90% | 96% | 10",
        "总分(100分) | 100 | 自评等级 | 优",
    ]
    good = run("\n".join(head + body))
    assert not of(good, "E004") and not of(good, "E002") and not of(good, "E006")
    # a note fixing 产出50/效益30/满意度10/执行率10 against headers 产出(70分) 效益(20分): 110
    noted = "\n".join(
        [
            TITLE,
            "全年预算数 全年执行数 分值 执行率 得分",
            "年度资金总额 20 20 10 100.00% 10",
            "一级指标 二级指标 三级指标 分值 年度指标值 全年实际值 得分",
            "产出指标(70分)",
            "效益指标(20分)",
            "满意度指标(10分)",
            "注:1.一级指标分值统一设置为:产出指标50分、效益指标30分、满意度指标10分、预算资金执行率10分。",
        ]
    )
    found = of(run(noted), "E004")
    assert {f.expected for f in found} >= {Decimal(50), Decimal(30), Decimal(100)}
    assert any(f.stated == Decimal(110) for f in found)
    assert all(f.severity is Severity.ERROR for f in found)


def test_scheme_without_execution_points() -> None:
    # 40/40/20: no execution points; 产出40 + 效益40 + 满意度20 = 100
    page = "\n".join(
        [
            TITLE,
            "一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 全年实际值 | 得分",
            "产出指标(40分) | 数量指标 | 发放种薯 | 40 | ≥500万粒 | 550万粒 | 40",
            "效益指标(40分) | 经济效益指标 | 亩均增收 | 40 | ≥5% | 6% | 40",
            "满意度指标(20分) | 服务对象满意度指标 | 满意度 | 20 | ≥90% | 95% | 20",
        ]
    )
    assert not of(run(page), "E004")
    # a target sheet whose levels add to 90: the 10 points of 执行率 are implied (90 + 10)
    target = (
        page.replace("(40分)", "(50分)", 1).replace("(40分)", "(30分)").replace("(20分)", "(10分)")
    )
    assert not of(run(target), "E004")
    assert scheme_for("10号", Decimal(20)).name == "20+80"
    assert scheme_for("10号", None).execution == Decimal(10)
    assert schemes().grade(Decimal("89.9")) == "良"


@pytest.mark.parametrize("flatten", [pipes, one_per_line])
def test_indicator_scores(flatten) -> None:  # type: ignore[no-untyped-def]
    grid = [
        # met (≥100%, 100%) but 7 of 10 with no reason → warning
        ["产出指标", "时效指标", "资金到位及时率", "≥100%", "100%", "10", "7", ""],
        # =100% achieved 98%: 10 × (1 − 2/100) = 9.8, printed 9 → warning
        ["效益指标", "社会效益指标", "政策知晓率", "=100%", "98%", "10", "9", ""],
        # unmet with full marks → warning
        ["满意度指标", "服务对象满意度指标", "学生满意度", "≥95%", "90%", "10", "10", ""],
        # a score above its 分值 → error
        ["满意度指标", "服务对象满意度指标", "家长满意度", "≥95%", "96%", "10", "12", ""],
    ]
    found = of(
        run(flatten(rows(["10", "10", "10", "10", "100%", "10"], grid, ["总分", "100"]))), "E005"
    )
    text = " ".join(f.message for f in found)
    assert "资金到位及时率" in text and "9.8" in text and "学生满意度" in text
    assert [f.severity for f in found if "家长满意度" in f.message] == [Severity.ERROR]
    right = [
        ["产出指标", "时效指标", "资金到位及时率", "≥100%", "100%", "10", "10", ""],
        ["效益指标", "社会效益指标", "政策知晓率", "=100%", "98%", "10", "9.8", "宣传不足"],
    ]
    assert not of(
        run(flatten(rows(["10", "10", "10", "10", "100%", "10"], right, ["总分"]))), "E005"
    )


def test_total_and_grade() -> None:
    # 10 + 30 + 30 + 30 = 100, printed 96 → error; 96 is 优, printed 良 → warning
    found = of(
        run(
            pipes(
                rows(["50", "50", "50", "10", "100%", "10"], GOOD_GRID, ["总分", "100", "96", "良"])
            )
        ),
        "E006",
    )
    assert {f.severity for f in found} == {Severity.ERROR, Severity.WARNING}
    ok = run(
        pipes(rows(["50", "50", "50", "10", "100%", "10"], GOOD_GRID, ["总分", "100", "100", "优"]))
    )
    assert not of(ok, "E006")


def test_headings() -> None:
    grid = [
        ["产出指标(50分)", "经济效益指标", "兑付率", "≥100%", "100%", "10", "10", ""],
        ["产出指标", "质量指标", "资助对象满意度", "≥95%", "96%", "10", "10", ""],
    ]
    found = of(
        run(pipes(rows(["1", "1", "1", "10", "100%", "10"], grid, ["总分", "100", "30"]))), "E007"
    )
    text = " ".join(f.message for f in found)
    assert "经济效益指标" in text and "资助对象满意度" in text and "未设满意度指标" in text
    assert not of(
        run(pipes(rows(["1", "1", "1", "10", "100%", "10"], GOOD_GRID, ["总分", "100"]))), "E007"
    )


def test_values_that_do_not_fit_their_indicator() -> None:
    grid = [
        ["产出指标", "数量指标", "工程资金金额", "43.2", "37.24", "10", "9", "尾款未付"],
        ["产出指标", "数量指标", "慰问对象50人;烈士家庭6户", "100%", "100%", "10", "10", ""],
        ["产出指标", "质量指标", "安装水标尺", "≥266米", "≥266米", "10", "10", ""],
        ["效益指标", "社会效益指标", "无群体性事件", "小于5次", "无上访", "10", "10", ""],
        ["产出指标", "成本指标", "硬化道路补助标准", "≤120万元", "120万元", "10", "10", ""],
    ]
    found = of(run(one_per_line(rows(["1", "1", "1", "10", "100%", "10"], grid, ["总分"]))), "E008")
    text = " ".join(f.message for f in found)
    for word in ("工程资金金额", "慰问对象", "≥266米", "小于5次", "计量基数"):
        assert word in text
    counted = [
        ["产出指标", "数量指标", "宗教管理经费补助县(市、区)数量", "7个", "7个", "10", "10", ""]
    ]
    page = one_per_line(rows(["1", "1", "1", "10", "100%", "10"], counted, ["总分"]))
    assert not [f for f in of(run(page), "E008") if "资金投入" in f.message]  # 经费 says for what
    assert not of(
        run(one_per_line(rows(["1", "1", "1", "10", "100%", "10"], GOOD_GRID, ["总分"]))), "E008"
    )


def test_target_sheet_space_separated() -> None:
    page = "\n".join(
        [
            "绩效目标表",
            "单位信息: 001-某局 项目名称:",
            "预算执行率权重(%):",
            "一级指标 二级指标 三级指标 指标性质 指标值 度量单位 权重(%)",
            "产出指标 成本指标 检查差旅费 470 人/天 10",
            "产出指标 数量指标 召开会议 ≥ 2 次 20",
        ]
    )
    result = run(page)
    assert result.package.self_evaluations[0].kind == "目标表"
    assert {f.message.split("」")[0] for f in of(result, "E009")} == {
        "「项目名称",
        "「预算执行率权重(%)",
    }
    text = " ".join(f.message for f in of(result, "E008"))
    assert "人/天" in text and "1个定量指标未填指标性质" in text


def test_report_prose() -> None:
    bad = "某县财政局项目绩效评价报告\n项目资金50万元，执行数50万元。经评定，本项目绩效评价等级为”。综合得分为85.5分，评价等级为优。\n"
    text = " ".join(f.message for f in of(run(bad), "E010"))
    assert "评价等级为空" in text and "良" in text
    good = "某县财政局项目绩效评价报告\n项目资金50万元，执行数50万元。经评定，综合得分为93.22分，评价等级为优。\n"
    assert not of(run(good), "E010")
    missing = "某县项目绩效自评报告\n项目资金850万元，执行率100%。\n（一）产出指标(自评得分50分)\n（二）效益指标(自评得分40分)\n"
    assert "未设满意度指标" in of(run(missing), "E010")[0].message


def test_report_level_scores_add_up_to_the_total() -> None:
    """An evaluation report's 一级 scores (决策/过程/产出/效益, 财预〔2020〕10号) add up to the
    total it states; that framework has 满意度 under 效益, so none is missing."""
    page = (
        "某县农村公路养护项目绩效评价报告\n项目资金100万元，执行数90万元。\n"
        "经综合评价，该项目绩效评价得分为{total}分，评价等级为“良”。其中：决策指标得分18分（满分20分），"
        "过程指标得分17分（满分20分），产出指标得分32分（满分40分），效益指标得分16分（满分20分）。\n"
    )
    assert not of(run(page.format(total="83")), "E010")
    (f,) = of(run(page.format(total="85")), "E010")
    assert (f.severity, f.stated, f.expected) == (Severity.ERROR, Decimal("85"), Decimal("83"))


def test_prose_values_without_units() -> None:
    bad = "某镇项目绩效目标设定公示\n安排资金50万元。数量指标:种植作物成活率>=85;成本指标:补助成本≤28.40/株。\n"
    assert len(of(run(bad), "E011")) == 2
    good = "某镇项目绩效目标设定公示\n安排资金50万元。数量指标:种植作物成活率>=85%;成本指标:补助成本≤28.40元/株。\n"
    assert not of(run(good), "E011")
    spelled = "某镇项目绩效目标设定公示\n安排资金50万元。质量指标:委托业务报告合格率≥100百分比。\n"
    assert not of(run(spelled), "E011")  # a percent written out is a unit
    rule = (
        "某部门整体支出绩效评价指标表\n“三公经费”变动率≦0,计8分;“三公经费”>0,每超过一个百分点扣0.8分。"
        "预算执行率≥95,得10分;每低一个百分点扣0.5分。\n"
    )
    assert not of(run(rule), "E011")  # a scoring rule's threshold, and 0 needs no %


def funds_page(funds: list[list[str]], flatten: Callable[[list[list[str]]], str] = pipes) -> str:
    return flatten(
        [[TITLE], FUNDS_HEAD, *funds, ["一级指标", "二级指标", "三级指标", *GRID_HEAD[3:]]]
    )


@pytest.mark.parametrize("flatten", FLATTENINGS)
def test_funds_sub_rows_against_their_total(flatten) -> None:  # type: ignore[no-untyped-def]
    # a 年度资金总额 of 0 above a 本年财政拨款 of 90: each amount column is 90 short (E012)
    zero = [
        ["年度资金总额", "0", "0", "0", "10", "—", "0"],
        ["其中:本年财政拨款", "90", "90", "85", "—", "94.44%", "—"],
    ]
    found = of(run(funds_page(zero, flatten)), "E012")
    assert [(f.stated, f.expected, f.difference) for f in found] == [
        (Decimal(0), Decimal(90), Decimal(-90)),
        (Decimal(0), Decimal(90), Decimal(-90)),
        (Decimal(0), Decimal(85), Decimal(-85)),
    ]
    assert all(f.severity is Severity.ERROR for f in found)
    assert "年初预算数0" in found[0].message and "比总额多90" in found[0].message
    # 100 = 财政拨款 90 + 其他资金 10 in every column: right
    right = [
        ["年度资金总额", "100", "100", "95", "10", "95%", "9.5"],
        ["其中:本年财政拨款", "90", "90", "85", "—", "94.44%", "—"],
        ["其他资金", "10", "10", "10", "—", "100%", "—"],
    ]
    assert not of(run(funds_page(right, flatten)), "E012")


def test_funds_parts_below_the_total_once_the_block_is_whole() -> None:
    total = ["年度资金总额", "100", "100", "95", "10", "95%", "9.5"]
    fiscal = ["其中:本年财政拨款", "90", "90", "85", "—", "94.44%", "—"]
    # cut after 财政拨款: the other sources may follow, nothing is judged
    assert not of(run(funds_page([total, fiscal])), "E012")
    # 其他资金 printed blank: 90 of 100 (and 85 of 95) is short by 10
    found = of(run(funds_page([total, fiscal, ["其他资金", "—", "—", "—", "—", "—", "—"]])), "E012")
    assert [f.difference for f in found] == [Decimal(10), Decimal(10), Decimal(10)]
    assert "比总额少10" in found[0].message
    # 10.01 against 5.00 + 5.00: within the rounding of two printed parts → 尾差
    tail = [
        ["年度资金总额", "10.01", "10.01", "10.01", "10", "100%", "10"],
        ["其中:本年财政拨款", "5.00", "5.00", "5.00", "—", "100%", "—"],
        ["其他资金", "5.00", "5.00", "5.00", "—", "100%", "—"],
    ]
    assert {f.severity for f in of(run(funds_page(tail)), "E012")} == {Severity.INFO}
    # a part of a part (中央补助 within 财政拨款) is not summed with it
    nested = [total, fiscal, ["中央补助", "90", "90", "85", "—", "94.44%", "—"]]
    assert not of(run(funds_page(nested)), "E012")


LEVELS_HEAD = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]


def level_page(grid: list[list[str]], total: list[str] | None = None) -> str:
    return pipes([[TITLE], LEVELS_HEAD, *grid, *([total] if total else [])])


def test_indicator_weights_against_their_level_points() -> None:
    # 产出指标(50分) holds 20 + 20 = 40: 10 short, known once 效益指标 follows (E013)
    grid = [
        ["产出指标(50分)", "数量指标", "培训人数", "≥500人", "520人", "20", "20"],
        ["产出指标(50分)", "质量指标", "培训合格率", "≥95%", "96%", "20", "20"],
        ["效益指标(30分)", "社会效益指标", "就业率", "≥80%", "85%", "30", "30"],
        ["满意度指标(10分)", "服务对象满意度指标", "学员满意度", "≥90%", "95%", "10", "10"],
    ]
    (f,) = of(run(level_page(grid, ["总分", "100", "90"])), "E013")
    assert (f.stated, f.expected, f.difference) == (Decimal(40), Decimal(50), Decimal(-10))
    assert "产出指标(50分)" in f.message and "20+20=40" in f.message
    assert f.severity is Severity.ERROR
    grid[1][5] = grid[1][6] = "30"
    right = run(level_page(grid, ["总分", "100", "100"]))
    assert not of(right, "E013")
    # 一级 printed on each of its rows (a merged cell repeated) is one level: 50 + 30 + 10 + 10
    assert not of(right, "E004")


def test_a_cell_of_another_column_read_as_a_weight_is_no_weight() -> None:
    """A date serial (44,561 for 2021-12-31) in the row of a 时效指标: no 分值 is over a whole
    sheet's 100 points, so the weights are not judged (E013), whatever they add up to."""
    grid = [
        ["产出指标(50分)", "数量指标", "培训人数", "≥500人", "520人", "20", "20"],
        ["产出指标(50分)", "时效指标", "完成时间", "44,561", "44,561", "44561", "30"],
        ["效益指标(50分)", "社会效益指标", "就业率", "≥80%", "85%", "50", "50"],
    ]
    assert not of(run(level_page(grid, ["总分", "100", "100"])), "E013")


def test_level_weights_of_a_cut_table_and_by_二级() -> None:
    head = [
        ["产出指标(50分)", "数量指标", "培训人数", "≥500人", "520人", "50", "50"],
        ["效益指标(30分)", "社会效益指标", "就业率", "≥80%", "85%", "20", "20"],
    ]
    # the page ends inside 效益指标: 20 of 30 may be completed by rows not printed
    assert not of(run(level_page(head)), "E013")
    # 40 of 30 cannot be mended by more rows
    head[1][5] = head[1][6] = "40"
    (f,) = of(run(level_page(head)), "E013")
    assert (f.stated, f.expected) == (Decimal(40), Decimal(30))
    # a 二级 heading with its points: 数量指标(20分) holds 10 + 5 = 15
    by_two = [
        ["产出指标", "数量指标(20分)", "培训人数", "≥500人", "520人", "10", "10"],
        ["产出指标", "数量指标(20分)", "培训场次", "≥5场", "6场", "5", "5"],
        ["产出指标", "质量指标(30分)", "合格率", "≥95%", "96%", "30", "30"],
    ]
    (f,) = of(run(level_page(by_two)), "E013")
    assert (f.stated, f.expected, f.difference) == (Decimal(15), Decimal(20), Decimal(-5))
    by_two[1][5] = by_two[1][6] = "10"
    assert not of(run(level_page(by_two)), "E013")


def test_weights_with_no_level_points_stay_within_the_total() -> None:
    # 10 (execution) + 50 + 30 + 30 = 120 > 100
    grid = [
        ["产出指标", "数量指标", "培训人数", "≥500人", "520人", "50", "50"],
        ["效益指标", "社会效益指标", "就业率", "≥80%", "85%", "30", "30"],
        ["满意度指标", "服务对象满意度指标", "学员满意度", "≥90%", "95%", "30", "30"],
    ]
    page = pipes(rows(["50", "50", "50", "10", "100%", "10"], grid, ["总分"]))
    (f,) = of(run(page), "E013")
    assert (f.stated, f.expected, f.difference) == (Decimal(120), Decimal(100), Decimal(20))
    grid[2][5] = grid[2][6] = "10"
    assert not of(run(pipes(rows(["50", "50", "50", "10", "100%", "10"], grid, ["总分"]))), "E013")


def test_qualitative_scores_within_their_band() -> None:
    grid = [
        # 基本完成 is 部分达成: (60%, 80%] of 10 → at most 8; 10 printed (E014)
        ["效益指标", "社会效益指标", "群众生活改善", "显著改善", "基本完成", "10", "10", ""],
        # the result repeats the target: 达成, (80%, 100%] → at least 8; 5 printed
        ["效益指标", "可持续影响指标", "长效管护机制", "健全", "健全", "10", "5", ""],
        # 未完成 scored 4 of 10 is inside (0, 60%]
        ["满意度指标", "服务对象满意度指标", "群众评价", "好评", "未完成", "10", "4", "宣传不足"],
    ]
    found = of(run(pipes(rows(["10", "10", "10", "10", "100%", "10"], grid, ["总分"]))), "E014")
    assert [(f.stated, f.expected, f.difference) for f in found] == [
        (Decimal(10), Decimal(8), Decimal(2)),
        (Decimal(5), Decimal(8), Decimal(-3)),
    ]
    assert "部分达成" in found[0].message and "60%–80%" in found[0].message
    assert all(f.severity is Severity.WARNING for f in found)
    grid[0][6], grid[1][6] = "7", "9"
    assert not of(run(pipes(rows(["10", "10", "10", "10", "100%", "10"], grid, ["总分"]))), "E014")


def test_qualitative_bands_the_page_states() -> None:
    # the page's own note: 100-80%、80-50%、50-0%; 基本完成 scored 5.5 of 10 is inside 50–80 %
    # there, below the 10号 band (60 %–80 %)
    grid = [["效益指标", "社会效益指标", "群众生活改善", "显著改善", "基本完成", "10", "5.5", "r"]]
    page = pipes(rows(["10", "10", "10", "10", "100%", "10"], grid, ["总分"]))
    (f,) = of(run(page), "E014")
    assert (f.expected, "评分方案（10号）" in f.message) == (Decimal(6), True)
    note = (
        "注：定性指标根据“三档”原则分别按照指标分值的100-80%(含80%)、80-50%(含50%)、50-0%来记分。"
    )
    assert not of(run(page + "\n" + note), "E014")
    sheet = run(page + "\n" + note).package.self_evaluations[0]
    assert sheet.stated_bands[1] == (Decimal("0.5"), Decimal("0.8"))


def test_every_self_evaluation_rule_has_a_case_here() -> None:
    from pathlib import Path

    from yusuan.rules.builtin import all_rules

    here = Path(__file__).read_text(encoding="utf-8")
    assert all(f'"{r.id}"' in here for r in all_rules() if r.id.startswith("E"))


#: a 自评报告 walking its scoring table in words (an Anhui template): 分值 in brackets after each
#: item, ``自评得M分`` in its text, a bracket sometimes left open
PROSE_SCORES = """某县2021年学前教育项目绩效自评报告
一、投入(14分)
(一)项目立项(8分):
(1)建设项目立项(2分)严格按照基建项目申报审批程序编报项目建议书。自评得2分。
(2)项目预算规范性(3分 :资金需求编制明确。自评得{a}分。{again}
(3)项目绩效目标设立({c}分):科学合理设立绩效目标。自评得3分
(二)资金落实(6分 资金到位率100%，自评得6分。
"""


def test_scores_written_in_prose_stay_within_their_points() -> None:
    """E015: an item's 自评得分 (all it is given) within its 分值; its sub-items' 分值 within
    its own."""
    assert not of(run(PROSE_SCORES.format(a="3", again="", c="3")), "E015")
    (f,) = of(run(PROSE_SCORES.format(a="3", again="另有说明。自评得3分", c="3")), "E015")
    assert (f.stated, f.expected, f.severity) == (Decimal("6"), Decimal("3"), Severity.ERROR)
    (f,) = of(run(PROSE_SCORES.format(a="5", again="", c="3")), "E015")
    assert "项目预算规范性" in f.message and f.stated == Decimal("5")
    (f,) = of(run(PROSE_SCORES.format(a="3", again="", c="4")), "E015")
    assert "其下各项分值2＋3＋4=9分" in f.message and f.severity is Severity.WARNING
