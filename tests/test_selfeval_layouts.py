"""Layout families of performance tables beyond the header-over-rows 资金 block: key–value
资金 blocks (in a sentence, or a two-column list), 行次/列次 grids (决算-style numbered rows and
columns), target tables of other layouts (weights adding to 90, 定量/定性 with 评(扣)分标准 and
no weights) whose indicators go through the indicator-quality rules (I0xx).

Each page is written from the pattern of published tables (not copied from any), with the
expected figures computed by hand in the comments."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.helpers.selfeval import FLATTENINGS, of, pipes, run
from yusuan.model.selfeval import Printed
from yusuan.rules.findings import Severity

REPORT = "某县农业农村局2024年度高标准农田建设项目绩效自评报告"


def test_key_value_funds_in_a_sentence() -> None:
    # 96 / 120 = 80 %; 10 × 0.8 = 8: right
    right = (
        f"{REPORT}\n一、项目资金情况\n"
        "年初预算数：100万元；全年预算数：120万元；全年执行数：96万元；预算执行率：80%；分值：10分；"
        "得分：8分。项目自评得分92分。\n"
    )
    result = run(right)
    (row,) = result.package.self_evaluations[0].funds
    assert row.budget_initial is not None and row.budget_initial.value == Decimal(100)
    assert row.budget is not None and row.budget.value == Decimal(120)
    assert row.executed is not None and row.executed.value == Decimal(96)
    assert not of(result, "E001") and not of(result, "E002")
    # 85 % printed for 80 %, 9 points for 8
    wrong = right.replace("80%", "85%").replace("得分：8分", "得分：9分")
    (rate,) = of(run(wrong), "E001")
    assert (rate.stated, rate.expected, rate.severity) == (Decimal(85), Decimal(80), Severity.ERROR)
    (score,) = of(run(wrong), "E002")
    assert (score.stated, score.expected) == (Decimal(9), Decimal(8))
    # a score printed without the points it is out of is not judged (20 of 20 under 20 + 80)
    bare = f"{REPORT}\n全年预算数：50万元；全年执行数：50万元；执行率：100%；得分：20分。\n"
    assert run(bare).package.self_evaluations[0].funds[0].score is None
    assert not of(run(bare), "E002")


def test_key_value_funds_as_a_two_column_list() -> None:
    # 40 / 50 = 80 %, printed 90 %
    page = "某单位项目支出绩效自评表\n项目资金\n全年预算数\n50\n全年执行数\n40\n执行率\n90%\n"
    (f,) = of(run(page), "E001")
    assert (f.stated, f.expected) == (Decimal(90), Decimal(80))
    assert not of(run(page.replace("90%", "80%")), "E001")


def test_key_value_funds_in_a_space_row_with_the_rate_under_its_header() -> None:
    """Hebei's county 自评表: each amount after its label, a space apart from the next, and the
    rate bare at the line's end under the header's last label (预算执行进度(%)). Two numbers a
    space apart are two numbers (``5.84 100.00`` was read as 5.84100)."""
    page = (
        "某县民政局2020年度预算项目绩效自评表\n"
        "一、基本情况 项目名称: 百岁老人高龄津贴 金额单位: 万元\n"
        "二、预算执行情况 预算安排情况(调整后) 资金到位情况 资金执行情况 预算执行进度(%)\n"
        "预算数 6.84 到位数 6.84 执行数 {executed} 100.00\n"
        "其中:财政资金 6.84 其中:财政资金 6.84 其中:财政资金 6.84\n"
    )
    right = run(page.format(executed="6.84"))
    (row,) = right.package.self_evaluations[0].funds
    assert row.executed == Printed(Decimal("6.84"), 2, text="6.84")
    assert row.rate is not None and row.rate.value == Decimal(100)
    assert not of(right, "E001")
    # 5.84 / 6.84 = 85.38 %, printed 100.00
    (f,) = of(run(page.format(executed="5.84")), "E001")
    assert (f.stated, f.expected) == (Decimal(100), Decimal("85.38"))
    # a bare number under a header that names no rate is not one
    other = page.replace("预算执行进度(%)", "备注")
    assert run(other.format(executed="5.84")).package.self_evaluations[0].funds[0].rate is None


def test_key_value_amounts_in_two_units_are_not_one_block() -> None:
    page = f"{REPORT}\n年初预算数：100万元；全年执行数：950000元；执行率：95%。\n"
    assert not of(run(page), "E001")
    assert not run(page).package.self_evaluations[0].funds


NUMBERED = [
    ["某市2024年度转移支付资金绩效评价表"],
    ["资金投入情况(万元)"],
    [
        "行次",
        "全年预算数(A)",
        "全年到位资金(B)",
        "预算到位(B/A×100%)",
        "全年执行资金(C)",
        "预算执行(C/A×100%)",
        "佐证材料",
    ],
    ["列次", "0", "1", "2", "3", "4", "5"],
    # 80 = 50 + 30; 到位 100 %; 执行 60 / 80 = 75 %, 40 / 50 = 80 %, 20 / 30 = 66.67 %
    ["年度资金总额", "1", "80.00", "80.00", "100.00%", "60.00", "75.00%", ""],
    ["其中:中央财政资金", "2", "50.00", "50.00", "100.00%", "40.00", "80.00%", "下达文件"],
    ["其他资金", "3", "30.00", "30.00", "100.00%", "20.00", "66.67%", ""],
]


@pytest.mark.parametrize("flatten", FLATTENINGS)
def test_a_numbered_grid_is_read_by_its_letters(flatten) -> None:  # type: ignore[no-untyped-def]
    result = run(flatten(NUMBERED))
    funds = result.package.self_evaluations[0].funds
    assert [
        (r.role, r.budget and r.budget.value, r.executed and r.executed.value) for r in funds
    ] == [
        ("total", Decimal(80), Decimal(60)),
        ("fiscal", Decimal(50), Decimal(40)),
        ("other", Decimal(30), Decimal(20)),
    ]
    assert not [f for f in result.findings if f.severity is Severity.ERROR]


def test_a_numbered_grid_checked() -> None:
    table = [list(r) for r in NUMBERED]
    table[4][6] = "70.00%"  # 60 / 80 is 75.00 %
    table[5][5], table[5][6] = "50.00", "100.00%"  # 执行 50 + 20 = 70 above the total's 60
    table[6][3], table[6][4] = "36.00", "120.00%"  # 到位 36 of 30
    result = run(pipes(table))
    (rate,) = of(result, "E001")
    assert (rate.stated, rate.expected) == (Decimal(70), Decimal(75))
    (parts,) = of(result, "E012")
    assert (parts.stated, parts.expected, parts.difference) == (
        Decimal(60),
        Decimal(70),
        Decimal(-10),
    )
    assert "全年执行数" in parts.message
    assert [f.stated for f in of(result, "E003")] == [Decimal(120)]


def test_a_決算_grid_with_row_numbers_is_not_summed_by_them() -> None:
    """The generic grid reader: a 行次 column holds row numbers, not amounts (1 ≠ 2 + 3 is no
    finding); the amounts still add up (G001)."""
    page = "\n".join(
        [
            "某局2024年度支出决算表",
            "| 项目 | 行次 | 年初预算数 | 决算数 |",
            "| 合计 | 1 | 100.00 | 90.00 |",
            "| 1.工资福利支出 | 2 | 60.00 | 45.00 |",
            "| 2.商品和服务支出 | 3 | 40.00 | 45.00 |",
        ]
    )
    assert not of(run(page), "G001")  # (read as an amount, 行次 1 ≠ 2 + 3 was reported)
    wrong = page.replace("| 45.00 |", "| 46.00 |", 1)
    (f,) = of(run(wrong), "G001")
    assert "决算数为90.00" in f.message and f.expected == Decimal("91.00")


TARGETS = [
    ["某区市场监督管理局2025年部门整体绩效目标表"],
    ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "评(扣)分标准"],
    ["产出指标", "数量指标", "食品抽检批次", "定量", "≥1200批次", "每少10批次扣1分"],
    ["产出指标", "时效指标", "投诉举报平均办结时长", "定量", "≥15个工作日", "每超1日扣1分"],
    ["产出指标", "质量指标", "资金到位率", "定量", "≥98%", "每低1个百分点扣1分"],
    ["效益指标", "可持续发展指标", "监管长效机制", "定性", "健全", "未建立扣5分"],
    ["满意度指标", "服务对象满意度指标", "群众满意度", "定量", "≥90", "每低1个百分点扣1分"],
]


@pytest.mark.parametrize("flatten", FLATTENINGS)
def test_a_target_table_with_scoring_standards_and_no_weights(flatten) -> None:  # type: ignore[no-untyped-def]
    result = run(flatten(TARGETS))
    sheet = result.package.self_evaluations[0]
    assert sheet.kind == "目标表"
    assert [(t.operator, t.value, t.unit) for t in sheet.targets] == [
        ("≥", "1200", "批次"),
        ("≥", "15", "个工作日"),
        ("≥", "98", "%"),
        ("定性", "健全", None),
        ("≥", "90", None),
    ]
    assert sheet.targets[3].level2 == "可持续发展指标"  # a 二级 outside the vocabulary, in place
    # the indicator-quality rules judge the rows: a duration scored ≥ (I005), a 二级 outside the
    # framework (I003), money going in as an output (I015), a 满意度 without its unit (I007)
    found = {f.rule: f.message for f in result.findings if f.rule.startswith("I")}
    assert "投诉举报平均办结时长" in found["I005"]
    assert "可持续发展指标" in found["I003"]
    assert "资金到位率" in found["I015"]
    assert "群众满意度" in found["I007"]
    assert "I001" not in found and "I014" not in found  # a table's whole: its own rules


def test_a_right_target_table_passes_the_indicator_rules() -> None:
    right = [list(r) for r in TARGETS]
    right[3][4] = "≤15个工作日"
    right[4][2] = "案件办结率"
    right[5][1] = "社会效益指标"
    right[6][4] = "≥90%"
    result = run(pipes(right))
    assert not [f for f in result.findings if f.rule.startswith(("I", "E"))]


def test_target_table_weights_adding_to_90_with_execution_implied() -> None:
    # 产出 50 + 效益 30 + 满意度 10 = 90 (the 10 points of 执行率 implied): right; 100 + 10 is not
    grid = [
        ["绩效目标表"],
        ["一级指标", "二级指标", "三级指标", "指标值", "权重(%)"],
        ["产出指标(50分)", "数量指标", "培训人次", "≥500人次", "30"],
        ["产出指标(50分)", "质量指标", "培训合格率", "≥95%", "20"],
        ["效益指标(30分)", "社会效益指标", "就业率", "≥80%", "30"],
        ["满意度指标(10分)", "服务对象满意度指标", "学员满意度", "≥90%", "10"],
    ]
    result = run(pipes(grid))
    assert not of(result, "E004") and not of(result, "E013")
    assert [t.weight for t in result.package.self_evaluations[0].targets] == [
        Decimal(30),
        Decimal(20),
        Decimal(30),
        Decimal(10),
    ]
    grid[3][4] = "30"  # 产出 30 + 30 = 60 under its 50 points
    (f,) = of(run(pipes(grid)), "E013")
    assert (f.stated, f.expected, f.difference) == (Decimal(60), Decimal(50), Decimal(10))


# The end of one 自评表 and the start of the next on one page (a page cut by the index): the
# first table's 合计 closes its grid; its 资金 rows are above the cut, so its 总分 may exceed the
# indicators' scores by the execution points, no more.
TWO_TABLES = """绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析 |
产出指标 | 经济成本指标 | 成本控制数 | ≤ | 30 | 万元 | 完成 | 90 | 90 | ||
合计 | {total} | |||||||||
评价结论 | 按管理办法将资金支付给项目施工方。 | |||||||||
部门预算项目支出绩效自评表(2023年度) | ||||||||||
项目名称 | 2023年安可替代补助资金项目 | |||||||||
预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 | ||
总额 | 0.00 | 3.36 | 3.36 | 100.00% | 10 | 10 | 预算执行率=预算执行数/调整后预算数 | |||
其中:财政资金 | 0.00 | 3.36 | 3.36 | 100.00% | / | / | ||||
其他资金 | / | / | ||||||||
"""


def test_a_table_cut_at_the_top_ends_at_its_合计_and_may_lack_the_execution_score() -> None:
    right = run(TWO_TABLES.format(total="100"))
    assert [f.rule for f in right.findings if f.severity is Severity.ERROR] == []
    (sheet,) = right.package.self_evaluations
    assert [i.name for i in sheet.indicators] == ["成本控制数"]  # no 资金 row read as one
    wrong = run(TWO_TABLES.format(total="120"))
    assert [(f.rule, str(f.stated)) for f in of(wrong, "E006")] == [("E006", "120")]


# Sichuan's 项目支出绩效自评表 (青神, 大英): 年初预算/调整后预算数/预算执行数/权重 over the 资金
# rows 总额, 其中:财政资金, 财政专户管理资金, 单位资金, 其他资金; a note in the 原因 cell of 总额
# ("1.预算执行率=…") between the rows.
SICHUAN_FUNDS = """部门预算项目支出绩效自评表(2023年度)
项目名称 | 工资性支出 | |||||||||
预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 | ||
总额 | 238.93 | 251.89 | 251.89 | 100.00% | 10 | 10 | 1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因;2.其他资金包括:社会投入资金、银行贷款. | |||
其中:财政资金 | 238.93 | {fiscal} | 251.89 | 100.00% | / | / | ||||
财政专户管理资金 | 0.00 | 0.00 | 0.00 | 0.00% | / | / | ||||
单位资金 | 0.00 | 0.00 | 0.00 | 0.00% | / | / | ||||
其他资金 | / | / | ||||||||
"""


def test_sichuan_funds_rows_under_a_note() -> None:
    r = run(SICHUAN_FUNDS.format(fiscal="251.89"))
    (sheet,) = r.package.self_evaluations
    assert [(f.role, f.budget.text if f.budget else None) for f in sheet.funds] == [
        ("total", "251.89"),
        ("fiscal", "251.89"),
        ("special_account", "0.00"),
        ("unit_funds", "0.00"),
    ]
    (total,) = [f for f in sheet.funds if f.role == "total"]
    assert (total.budget_initial, total.weight, total.score) == (
        Printed(Decimal("238.93"), 2, False, "238.93"),
        Printed(Decimal("10"), 0, False, "10"),
        Printed(Decimal("10"), 0, False, "10"),
    )
    assert of(r, "E012") == []
    wrong = run(SICHUAN_FUNDS.format(fiscal="261.89"))
    assert [(f.severity, f.stated) for f in of(wrong, "E012")] == [
        (Severity.ERROR, Decimal("251.89"))
    ]


def test_required_field_stars_and_a_指标值类型_column() -> None:
    """湖南's 整体绩效目标表: *指标值, *指标解释 (a * marks a required field) and 指标值类型 (定量/
    定性) head the grid; 指标值类型 is no 指标值 followed by 类型."""
    page = "\n".join(
        [
            "某中心2023年度整体绩效目标表 | ||||||||",
            "一级指标 | 二级指标 | 三级指标 | 指标值类型 | *指标值 | 计量单位 | *指标解释 | 备注 |",
            "产出指标 | 数量指标 | 鉴定案件数量 | 定量 | 120 | 件 | 考察工作量 | |",
            "质量指标 | 业务工作支出到位率 | 定量 | 100 | % | 考察到位情况 | |",
            "效益指标 | 社会效益指标 | 保证单位正常运转 | 定性 | 应保尽保 | | 考察运转 | |",
        ]
    )
    (sheet,) = run(page + "\n").package.self_evaluations
    assert [(i.name, i.target, i.unit, i.prop) for i in sheet.indicators] == [
        ("鉴定案件数量", "120", "件", "定量"),
        ("业务工作支出到位率", "100", "%", "定量"),
        ("保证单位正常运转", "应保尽保", "", "定性"),
    ]


#: a 项目自评表 whose score column says how it is computed (得分 (20分*执行率)), rows as ``|``
#: cells with the merged 一级指标 left out of the rows after the first of its block
FORMULA_HEADER = """2022年度某市某项目经费项目自评表
项目名称 | 某项目经费 | ||||||||
主管部门 | 某市住房和城乡建设局 | 项目实施单位 | 某市住房和城乡建设局 | ||||||
预算执行情况(万元) (20分) | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分 (20分*执行率) | |||||
年度财政资金总额 | 200 | 195.5 | {rate} | 19.55 | |||||
年度绩效目标1 (80分) | 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分 | |||
产出指标 | 数量指标 | 完成宣传片制作 | 1部 | 1部 | 20 | ||||
质量指标 | 通过专家评审 | 通过 | 通过 | 20 | |||||
效益指标 | 社会效益 指标 | 指导城市建设 | 指导城市建设 | 完成 | 20 | ||||
满意度指标 | 满意度指标 | 群众满意度 | 满意 | 完成 | 20 | ||||
总分 | {total}分 | ||||||||
"""


def test_a_score_column_that_names_its_formula_is_one_column() -> None:
    """``得分 (20分*执行率)``: the 执行率 in brackets says how the score is computed, it is no
    column of its own; the table is read and its rate and total are checked."""
    good = run(FORMULA_HEADER.format(rate="97.75%", total="99.55"))
    (sheet,) = good.package.self_evaluations
    assert sheet.funds[0].score == Printed(Decimal("19.55"), 2, text="19.55")
    assert len(sheet.indicators) == 4
    assert not [f for f in good.findings if f.severity is not Severity.INFO]
    (f,) = of(run(FORMULA_HEADER.format(rate="92.75%", total="99.55")), "E001")
    assert f.expected == Decimal("97.75")
    (f,) = of(run(FORMULA_HEADER.format(rate="97.75%", total="95.55")), "E006")
    assert f.expected == Decimal("99.55")


def test_a_name_naming_the_time_it_is_measured_in_does_not_measure_time() -> None:
    """``服务周期内空气质量`` is a quality measured over the service period (I012 is for
    ``故障响应时间``, ``服务周期``)."""
    table = [
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "配备车辆数", "10辆"],
        ["产出指标", "质量指标", "服务周期内空气质量", "优良"],
        ["产出指标", "质量指标", "故障响应时间", "≤2小时"],
        ["满意度指标", "服务对象满意度指标", "市民满意度", "≥90%"],
    ]
    found = of(run("2023年项目支出绩效目标申报表\n" + pipes(table)), "I012")
    assert [f.message.split("「")[2].split("」")[0] for f in found] == ["故障响应时间"]


def test_merged_cells_before_the_first_level_are_no_indicators() -> None:
    """A 目标申报表 printing 单位名称/项目名称/预算数 once for a project's rows: the cells before the
    first 一级指标 are those merged cells, not indicators (E008 once counted one without its
    指标性质)."""
    table = [
        [
            "单位名称",
            "项目名称",
            "预算数",
            "年度目标",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标性质",
            "指标值",
            "度量单位",
            "权重",
        ],
        ["820-某镇部门", "8,827,620.53"],
        [
            "820001-某镇人民政府",
            "村组干部报酬",
            "3,309,840.00",
            "按时发放村组干部报酬",
            "效益指标",
            "社会效益指标",
            "维护社会稳定",
            "≥",
            "95",
            "%",
            "10",
        ],
        ["产出指标", "时效指标", "维持时效", "≥", "1", "年", "20"],
        ["产出指标", "质量指标", "按时发放", "{prop}", "1", "次/年", "10"],
    ]
    page = "部门预算项目绩效目标申报表(2023年度)\n" + pipes(table)
    sheet = run(page.replace("{prop}", "≥")).package.self_evaluations[0]
    assert [i.name for i in sheet.indicators] == ["维护社会稳定", "维持时效", "按时发放"]
    assert not of(run(page.replace("{prop}", "≥")), "E008")
    assert "未填指标性质" in of(run(page.replace("{prop}", "")), "E008")[0].message
    from yusuan.report.text import plain

    assert "绩效表 1 张" in plain([run(page.replace("{prop}", "≥"))])  # said in the report


@pytest.mark.parametrize("flatten", FLATTENINGS)
def test_the_2015_template_holds_satisfaction_under_benefits(flatten) -> None:  # type: ignore[no-untyped-def]
    """The 2015 申报表 (still used: Hunan 2023): 效益指标's fifth 二级 is 社会公众或服务对象满意度
    指标, empty 二级 rows are printed, a 绩效标准 column (计划标准) follows the 指标值 (its label
    wrapped: 指标值 | 及单位), and the sheet ends at the reviewers' and signers' fields. The
    satisfaction row is where that template puts it (no E007, I012 or I003), the 计划标准 cells
    are no indicators, the signatures are no rows."""
    table = [
        ["一级指标", "二级指标", "三级指标", "指标值 及单位", "绩效标准"],
        ["产出指标", "数量指标", "降尘服务配备车辆数", "10辆", "计划标准"],
        ["产出指标", "质量指标", "服务周期内空气质量", "优良", "计划标准"],
        ["产出指标", "时效指标", "服务周期", "2023.07-2024.01", "计划标准"],
        ["效益指标", "经济效益指标", "", "", ""],
        ["效益指标", "社会效益指标", "空气质量优良天数", "≥300天", "计划标准"],
        ["效益指标", "可持续影响指标", "", "", ""],
        ["效益指标", "{level2}", "市民满意度", "≥90%", "计划标准"],
        ["财政部门审核意见", ""],
        ["填表人: 张某 联系电话: 0731-0000000 填报日期:"],
    ]
    page = "某处2023年降尘服务项目支出绩效目标申报表\n"
    old = run(page + flatten(table).replace("{level2}", "社会公众或服务对象满意度指标"))
    (sheet,) = old.package.self_evaluations
    assert [i.name for i in sheet.indicators][-1] == "市民满意度"
    assert len(sheet.indicators) == 5
    assert sheet.indicators[-1].level2 == "社会公众或服务对象满意度指标"
    assert not [f for f in old.findings if f.rule in ("E007", "I012", "I003", "I011")]
    # the same row under a 二级 of the output family is misplaced
    wrong = run(page + flatten(table).replace("{level2}", "质量指标"))
    assert of(wrong, "E007") or of(wrong, "I003")


def test_short_level_names_a_lost_first_level_and_a_second_table() -> None:
    """Shanxi's 2018 自评表 (read by OCR): 二级 named 产出数量/产出时效/经济效益/满意度 (no 指标),
    ``60%及以上`` (及以上 is the direction), the 满意度 row's 一级 left out with its merged cell,
    and the allocation table printed below the indicators (序号 | 学校性质 | …)."""
    page = pipes(
        [
            ["一级指标", "二级指标", "指标名称", "目标值", "完成值"],
            ["产出指标", "产出数量", "完成护工培训任务", "12500名", "12166名"],
            ["", "产出时效", "考核任务完成及时", "1-6期培训结束后及时考核", "1-2期未能及时培训"],
            ["效益指标", "经济效益", "减轻参训人员经济负担", "有效减轻", "有效减轻"],
            ["", "社会效益", "参训学员就业率", "60%及以上", "53.53%"],
            ["", "满意度", "参培学员满意度", "95%及以上", "96.32%"],
            ["序号", "学校性质", "培训机构", "培训人数", "补助资金"],
            ["1", "民办", "某职业培训学校", "842", "218.92"],
        ]
    )
    result = run("2021年某护工培训项目绩效自评表\n" + page)
    (sheet,) = result.package.self_evaluations
    assert [i.name for i in sheet.indicators][-1] == "参培学员满意度"
    assert sheet.indicators[-1].level1 == "满意度指标"
    assert not [f for f in result.findings if f.rule in ("I003", "I008", "I012", "E007", "I011")]
    # a time measured under a 二级 of another kind is still I012's
    wrong = page.replace("| 产出时效 | 考核任务完成及时", "| 产出数量 | 考核任务完成时间")
    assert of(run("2021年某护工培训项目绩效自评表\n" + wrong), "I012")


def test_a_spreadsheet_previewed_with_the_rows_labels_before_the_columns() -> None:
    """An xlsx preview (Shanxi 2020): 年度资金总额 and 其中:当年财政拨款 printed before the columns'
    labels, then each row's values in turn. 65.07 / 65.66 = 99.10 %: 10 × 0.991 = 9.91, not 9."""
    page = (
        "某县项目支出绩效自评表 (2020年度) 项目名称 某项目 主管部门 某县医疗保障局 项目资金 年初预算数 (万元) "
        "年度资金总额 其中:当年财政拨款 实施单位 全年预算数 全年执行数 分值 执行率 得分 "
        "65.66 65.07 10 99% {score} 65.66 65.07 — 99% — 上年结转资金 — — 其他资金 — —\n"
    )
    result = run(page.format(score="9.91"))
    total, fiscal = result.package.self_evaluations[0].funds
    assert (total.budget, total.executed, total.score) == (
        Printed(Decimal("65.66"), 2, text="65.66"),
        Printed(Decimal("65.07"), 2, text="65.07"),
        Printed(Decimal("9.91"), 2, text="9.91"),
    )
    assert fiscal.role == "fiscal" and fiscal.score is None
    assert not of(result, "E001") and not of(result, "E002")
    (f,) = of(run(page.format(score="9")), "E002")
    assert f.expected == Decimal("9.91")


@pytest.mark.parametrize("flatten", FLATTENINGS)
def test_a_target_value_printed_as_its_unit_alone(flatten) -> None:  # type: ignore[no-untyped-def]
    """A 目标表 whose 指标值 are their units only (``公里``, ``≧ %``): the numbers were left out."""
    table = [
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "新建堤防、护岸长度", "{length}"],
        ["产出指标", "质量指标", "工程验收合格率", "{rate}"],
        ["满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%"],
    ]
    page = "2020年省级财政水利发展资金绩效目标表\n" + flatten(table)
    found = of(run(page.format(length="公里", rate="≧%")), "E009")
    assert sorted(str(f.stated) for f in found) == ["≧%", "公里"]
    assert not of(run(page.format(length="12公里", rate="≧95%")), "E009")


def test_a_funds_block_whose_cells_print_their_unit_or_whose_title_was_cut() -> None:
    """``年度资金总额: | 3359.62万 | 2359.62万 | 100%``: the 万 is the cell's unit; and a page cut
    below the sheet's title still holds its 资金 block (全年预算数 | 全年执行数 | 预算执行率)."""
    block = (
        "| 全年预算数(A) | 全年执行数(B) | 预算执行率(B/A) |\n"
        "| 年度资金总额: | 3359.62万 | {executed}万 | 100% |\n"
    )
    titled = "医疗救助补助资金转移支付项目绩效目标自评表\n" + block
    assert not of(run(titled.format(executed="3359.62")), "E001")
    (f,) = of(run(titled.format(executed="2359.62")), "E001")
    assert f.expected == Decimal("70.23")
    cut = "(2021年度) | |||\n转移支付(项目)名称 | 重大传染病防治项目 |\n项目资金 (万元) |\n" + block
    assert len(of(run(cut.format(executed="2359.62")), "E001")) == 1


def test_a_small_equals_sign_is_a_direction() -> None:
    """``﹦`` (U+FE66) in the 指标性质 column: the row is read, and scored (E005)."""
    table = [
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "指标性质",
            "指标值",
            "度量单位",
            "实际完成值",
            "分值",
            "得分",
        ],
        ["产出指标", "质量指标", "项目验收合格率", "﹦", "100", "%", "100", "20", "19"],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%", "95", "10", "10"],
    ]
    found = of(run("某县2022年度项目支出绩效自评表\n" + pipes(table)), "E005")
    assert [f.message.split("」")[0] for f in found] == ["「项目验收合格率"]


def test_rows_whose_first_level_is_printed_apart() -> None:
    """Anhui's space-row 自评表 (a PDF's text): the 一级 column's cells printed apart from the rows
    (一级 / 指标 over the header, (50分) / (30分) on lines of their own), each row opening with its
    二级: the 二级 implies its 一级, for each block."""
    page = (
        "某市地震局2023年度项目支出绩效自评表\n年度绩效指标完成情况\n一级\n指标\n"
        "二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施\n(50分)\n"
        "数量指标 指标1:接受业务培训人数 200 200余人 10 {score}\n"
        "质量指标 指标1:台站正常运行 100% 100% 10 10\n- -\n(30分)\n"
        "社会效益指标 指标1:防震减灾知识普及率 ≥90% 95% 30 30\n"
        "服务对象满意度指标 指标1:服务对象满意度 ≥90% 95% 10 10\n"
    )
    right = run(page.format(score="10"))
    (sheet,) = right.package.self_evaluations
    assert [(i.level1, i.level2) for i in sheet.indicators] == [
        ("产出指标", "数量指标"),
        ("产出指标", "质量指标"),
        ("效益指标", "社会效益指标"),
        ("满意度指标", "服务对象满意度指标"),
    ]
    assert not [f for f in right.findings if f.rule in ("E005", "E007")]
    (f,) = of(run(page.format(score="14")), "E005")
    assert "14" in f.message


def test_a_half_years_monitoring_table() -> None:
    """A 绩效监控表 (Hubei, 2019): 年初预算数 | 1-6月执行数 | 全年预计执行数, 其中:当年一般公共预算拨款
    under 年度资金总额 — a part over its total is an error there as in a 自评表."""
    page = (
        "黄石市项目支出绩效监控表 (申遗) |\n(2019年度)\n项目名称 | 申遗经费 |\n"
        "项目资金 (万元) | 年初预算数 | 1-6月执行数 | 全年预计执行数 |\n"
        "年度资金总额: | 220 | {total} | |\n其中:当年一般公共预算拨款 | 220 | 87.57 | |\n"
    )
    right = run(page.format(total="87.57"))
    (sheet,) = right.package.self_evaluations
    assert [(r.role, r.executed) for r in sheet.funds] == [
        ("total", Printed(Decimal("87.57"), 2, text="87.57")),
        ("fiscal", Printed(Decimal("87.57"), 2, text="87.57")),
    ]
    assert not of(right, "E012")
    assert of(run(page.format(total="77.57")), "E012")
