"""Any page from any province: the noise of the web taken out, a part of a disclosure read as
one, tables no layout knows rebuilt by their header words (G001–G003), each family tested on a
page written from its pattern and on a real page of it (tests/fixtures/wild, as published)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.check import CheckResult, check_package
from yusuan.errors import NotABudgetError
from yusuan.lang import VOCABULARY, normalize_text
from yusuan.lang.normalize import is_chrome
from yusuan.pipeline import load, load_bytes
from yusuan.report.jsonout import document
from yusuan.rules.builtin import all_rules
from yusuan.rules.findings import Finding, Severity

WILD = Path(__file__).parent / "fixtures" / "wild"


def run(text: str) -> CheckResult:
    return check_package(load_bytes(text.encode("utf-8"), "page.txt"))


def of(result: CheckResult, rule: str) -> list[Finding]:
    return [f for f in result.findings if f.rule == rule]


# -- the noise of the web ---------------------------------------------------------------------


def test_a_page_run_together_with_spaces_is_cut_around_its_titles() -> None:
    """A page whose lines were joined with spaces (a mirror that drops line breaks): the page's
    own title and a heading under it stand between spaces and are cut out as lines, so the
    document's kind and year come from the title and a heading of another year is seen; the
    chrome between them is left out."""
    lines = [
        "某州州本级2021年度“三公”经费决算支出情况说明",
        "发布时间:2022-10-14 16:15 浏览次数:3854",
        "某州州本级2020年度“三公”经费决支出情况说明",
        "2021年度州本级“三公”经费财政拨款支出决算为1200.00万元，比上年减少30.00万元，"
        "下降2.44%。其中：公务接待费支出决算为200.00万元，公务用车购置及运行费支出决算为"
        "1000.00万元。主要原因是厉行节约，严格控制公务接待和公务用车支出。",
    ]
    r = run(" ".join(lines))
    assert (r.package.info.stage, r.package.info.year) == ("决算", 2021)
    (f,) = of(r, "W003")
    assert (f.stated, f.expected) == ("2020年", "2021年")
    assert not any("浏览次数" in p.text for p in r.package.paragraphs)


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("單位:萬元", "单位:万元"),  # traditional characters
        ("“三公”經(jīng)費(fèi)支出", "“三公”经费支出"),  # pinyin debris of a mirror
        ("公务（wù）车购置经（jīng）费", "公务车购置经费"),  # …in full-width brackets
        ("(wù)车购置经(jīng)费146万元)", "车购置经费146万元)"),  # a wrapped line opens with it
        ("(km)以内", "(km)以内"),  # …only a tone-marked group there
        ("车辆行驶里程（km）", "车辆行驶里程（km）"),  # a unit in brackets is no pinyin
        ("支出35. 3万元", "支出35.3万元"),  # a number split by a space
        ("增长2.82 %，共502.4 萬元", "增长2.82%，共502.4万元"),  # a space before the unit
        ("预 算 情 况 说 明", "预算情况说明"),  # letter-spaced PDF text
        ("１２３．４５万元，增长５％", "123．45万元，增长5%"),  # full-width digits
        ("点击次数:{{ pvCount }}", "点击次数:"),  # a template placeholder of the page
        ("公务接待费1.5万元，占2.82%。", "公务接待费1.5万元，占2.82%。"),  # clean text as is
    ],
)
def test_normalize(printed: str, read: str) -> None:
    assert normalize_text(printed) == read


@pytest.mark.parametrize(
    "line",
    [
        "索引号 | 11533025015264594R/20250606-00001 | 发布机构 | 昌宁县卡斯镇 |",
        "发布时间:2024-01-18 16:47   来源: 财政金融局",
        "今天是2025年6月6日",
        "| 文号 | 浏览量 | 31 |",
    ],
)
def test_page_chrome(line: str) -> None:
    assert is_chrome(line)


def test_sentences_are_not_chrome() -> None:
    assert not is_chrome("发布时间不影响本单位2024年“三公”经费预算，共3万元。")


def test_vocabulary_names_one_subject_however_spelled() -> None:
    for spelled in ("公务用车购置及运行(维护)费", "公务用车购置及运行维护费", "公车购置及运行费"):
        assert VOCABULARY.subject_of(spelled) == "vehicle"
    assert VOCABULARY.subject_of("其中：公务接待费") == "reception"
    assert VOCABULARY.subject_of("因公出国（境）经费") == "outbound"
    assert VOCABULARY.subject_of("教育支出") is None


# -- a part of a disclosure is a document -----------------------------------------------------


def test_a_news_item_is_not_a_budget_and_says_what_was_looked_for() -> None:
    with pytest.raises(NotABudgetError) as err:
        run("市民广场今日开放\n广场占地约3公顷，设有停车位200个，欢迎市民前来游览。")
    assert "三公" in err.value.message and "金额" in err.value.message


def test_a_page_cut_from_a_final_account_is_read_as_one() -> None:
    """Page 3 of a paginated 决算 说明: no cover, starts at section 六."""
    r = check_package(load(WILD / "003.txt"))
    info = r.package.info
    assert (info.stage, info.year, info.partial) == ("决算", 2023, True)
    assert "“三公”经费" in info.sections
    basic = next(f for f in r.package.figures if f.subject == "basic")
    assert basic.amount == Decimal("911.7")
    # what a reader sees on it: 911.7 ≠ 489.18 + 46.89, and 增长0.24% on a prior of 1.06
    assert next((str(f.stated), str(f.expected)) for f in of(r, "S004")) == ("911.7", "536.07")
    assert ("0.24%", "226.42%") in [(str(f.stated), str(f.expected)) for f in of(r, "S001")]
    assert not [f for f in r.findings if f.rule.startswith("C")]  # nothing about the missing rest


def test_a_mirror_in_traditional_characters_is_read_as_simplified() -> None:
    r = check_package(load(WILD / "008.txt"))
    assert r.package.info.year == 2017
    amounts = {f.subject: f.amount for f in r.package.figures if f.amount is not None}
    assert amounts["sangong"] == Decimal("35") and amounts["reception"] == Decimal("30")
    assert {str(f.stated) for f in of(r, "W002")} >= {"占 %"}


def test_page_chrome_and_template_placeholders_are_left_out() -> None:
    r = check_package(load(WILD / "026.txt"))
    texts = " ".join(p.text for p in r.package.paragraphs)
    assert "pvCount" not in texts and "发布时间" not in texts
    # 比上年预算数加23.47万元 … 增长10.27% on 251.82 − 23.47: 10.278 % printed cut: 尾差
    (tail,) = [f for f in of(r, "S001") if f.stated == "10.27%"]
    assert tail.severity is Severity.INFO


# -- tables no layout knows ------------------------------------------------------------------


def test_a_two_level_header_fills_its_merged_cell() -> None:
    r = check_package(load(WILD / "020.txt"))
    (grid,) = r.package.grids
    assert [(c.label, c.role) for c in grid.columns] == [
        ("2023年预算数", "prior"),
        ("2024年预算数", "current"),
        ("比上年增、减情况/增、减金额", "change"),
        ("比上年增、减情况/增、减幅度", "rate"),
    ]
    total = grid.rows[0]
    assert (total.name, total.values) == (
        "合计",
        (Decimal("18.15"), Decimal("22.15"), Decimal("4"), Decimal("22")),
    )
    assert [grid.rows[i].parent for i in range(len(grid.rows))] == [None, 0, 0, 0, 3, 3]
    assert r.findings == ()  # 3 + 15.15 = 18.15, 4 ÷ 18.15 = 22 %, 4 ÷ 3 = 133 %


def test_signed_changes_and_rates() -> None:
    r = check_package(load(WILD / "021.txt"))
    (grid,) = r.package.grids
    row = next(x for x in grid.rows if x.name.startswith("1."))
    assert row.values == (Decimal("13.06"), Decimal("10.20"), Decimal("-2.86"), Decimal("-21.9"))
    assert not of(r, "G001") and not of(r, "G002") and not of(r, "G003")
    assert {str(f.stated) for f in of(r, "W004")} == {"省级部门", "省本级"}


def test_a_reason_column_is_text() -> None:
    r = check_package(load(WILD / "027.txt"))
    (grid,) = r.package.grids
    assert [c.role for c in grid.columns] == ["prior", "current", "change", "text"]
    assert grid.rows[2].values[:3] == (Decimal("1114.54"), Decimal("989.86"), Decimal("-124.68"))
    assert r.findings == ()


TABLE = """XX县2025年“三公”经费预算统计表
单位:万元 | | | |
项目 | 2024年预算数 | 2025年预算数 | 增减金额 | 增减幅度 |
合计 | {total} | 12.00 | 2.00 | 20.00% |
1.因公出国(境)费 | 0 | 0 | 0 | 0 |
2.公务接待费 | 4.00 | 5.00 | {change} | 25.00% |
3.公务用车购置及运行费 | 6.00 | 7.00 | 1.00 | {rate} |
"""

# (rule, the table's wrong values, stated, expected)
GRID_CASES = [
    ("G001", {"total": "11.00", "change": "1.00", "rate": "16.67%"}, "11.00", "10.00"),
    ("G002", {"total": "10.00", "change": "1.50", "rate": "16.67%"}, "1.50", "1.00"),
    ("G003", {"total": "10.00", "change": "1.00", "rate": "14.29%"}, "14.29%", "16.67%"),
]


@pytest.mark.parametrize(("rule", "values", "stated", "expected"), GRID_CASES)
def test_grid_rule(rule: str, values: dict[str, str], stated: str, expected: str) -> None:
    found = of(run(TABLE.format(**values)), rule)
    assert [(str(f.stated), str(f.expected), f.severity) for f in found] == [
        (stated, expected, Severity.ERROR)
    ]
    right = run(TABLE.format(total="10.00", change="1.00", rate="16.67%"))
    assert right.findings == (), [(f.rule, f.message) for f in right.findings]


SHARES = """某县2024年项目支出决算情况表
单位：万元
| 项目 | 年初预算数 | 决算数 | 完成率(%) | 占比(%) |
| 合计 | 200.00 | 150.00 | 75.00 | 100.00 |
| 1.信息化建设 | 100.00 | 90.00 | {completion} | 60.00 |
| 2.宣传经费 | 100.00 | 60.00 | 60.00 | {share} |
"""

# (rule, the table's wrong values, stated, expected): a 占比 is of the 合计, a 完成率 决算 ÷ 预算
PERCENT_CASES = [
    ("G004", {"completion": "90.00", "share": "45.00"}, "45.00", "40.00%"),
    ("G005", {"completion": "80.00", "share": "40.00"}, "80.00", "90.00%"),
]


@pytest.mark.parametrize(("rule", "values", "stated", "expected"), PERCENT_CASES)
def test_grid_percent_rule(rule: str, values: dict[str, str], stated: str, expected: str) -> None:
    found = of(run(SHARES.format(**values)), rule)
    assert [(str(f.stated), str(f.expected), f.severity) for f in found] == [
        (stated, expected, Severity.ERROR)
    ]
    right = run(SHARES.format(completion="90.00", share="40.00"))
    assert right.findings == (), [(f.rule, f.message) for f in right.findings]


def test_a_share_column_is_no_growth_rate() -> None:
    """Two years and a 占比 column: the share is of this year's 合计, not the change on last year."""
    page = (
        "某县2024年一般公共预算支出决算表\n单位：万元\n| 科目 | 2023年决算数 | 2024年决算数 | 占比(%) |\n"
        "| 合计 | 80.00 | 100.00 | 100.00 |\n| 一般公共服务支出 | 50.00 | 60.00 | 60.00 |\n"
        "| 社会保障和就业支出 | 30.00 | 40.00 | 40.00 |\n"
    )
    r = run(page)
    (grid,) = r.package.grids
    assert [c.role for c in grid.columns] == ["prior", "current", "share"]
    assert r.findings == ()


SOME_OF = """某县2024年部门收支预算总表
单位：万元
| 项目 | 2023年预算数 | 2024年预算数 |
| 支出合计 | 100.00 | 120.00 |
| 其中：基本支出 | 60.00 | {basic} |
| 公务用车购置及运行维护费 | 10.00 | 12.00 |
| 其中：公务用车购置费 | 4.00 | 5.00 |
| 公务用车运行维护费 | 6.00 | {operation} |
"""


def test_a_list_of_some_items_of_a_total_is_no_sum() -> None:
    """``其中：基本支出`` names one part of 支出合计: no sum, unless it is more than the whole; a 其中
    list the vocabulary knows to be the whole (用车 = 购置 + 运行维护) is added up."""
    assert run(SOME_OF.format(basic="70.00", operation="7.00")).findings == ()
    over = of(run(SOME_OF.format(basic="130.00", operation="7.00")), "G001")
    assert [(str(f.stated), str(f.expected)) for f in over] == [("120.00", "130.00")]
    short = of(run(SOME_OF.format(basic="70.00", operation="6.00")), "G001")
    assert [(str(f.stated), str(f.expected)) for f in short] == [("12.00", "11.00")]


THREE_YEARS = """某县2024年“三公”经费预算情况表
单位：万元
| 项目 | 2022年决算数 | 2023年预算数 | 2024年预算数 | 比上年增减 | 增减率 |
| 合计 | 9.00 | 10.00 | 12.00 | 2.00 | 20.00% |
| 1.因公出国（境）费 | 0 | 0 | 0 | 0 | 0 |
| 2.公务接待费 | 3.50 | 4.00 | 5.00 | {change} | {rate} |
| 3.公务用车购置及运行维护费 | 5.50 | 6.00 | 7.00 | 1.00 | 16.67% |
"""


def test_a_change_on_any_earlier_year_shown() -> None:
    """2022年决算, 2023年预算, 2024年预算: the 增减 is on 2023 here (it could be on either); wrong
    on both, it is reported against the nearest year."""
    assert run(THREE_YEARS.format(change="1.00", rate="25.00%")).findings == ()
    wrong = run(THREE_YEARS.format(change="1.20", rate="30.00%"))
    assert {(f.rule, str(f.stated), str(f.expected)) for f in wrong.findings} >= {
        ("G002", "1.20", "1.00"),
        ("G003", "30.00%", "25.00%"),
    }


def test_a_total_printed_below_its_items() -> None:
    page = (
        "某县2024年“三公”经费支出情况表\n单位：元\n| 项目 | 2023年决算数 | 2024年决算数 |\n"
        "| 公务接待费 | 12,000.00 | 10,000.00 |\n| 公务用车运行维护费 | 30,000.00 | 33,000.00 |\n"
        "| 合计 | 42,000.00 | {total} |\n"
    )
    assert run(page.format(total="43,000.00")).findings == ()
    (f,) = of(run(page.format(total="45,000.00")), "G001")
    assert (str(f.stated), str(f.expected)) == ("45000.00", "43000.00")


REASONS = """某县2025年“三公”经费预算统计表
单位：万元
| 项目 | 2024年预算数 | 2025年预算数 | 增减金额 | 增减原因 |
| 合计 | 10.00 | 10.00 | 0.00 | |
| 1.公务接待费 | 4.00 | 5.00 | 1.00 | 因工作需要，接待任务增加，相应增加预算。 |
| 2.公务用车购置及运行费 | 6.00 | 5.00 | -1.00 | {reason} |
"""


def test_a_reason_copied_to_another_row() -> None:
    """The 增减原因 of a row that fell is that of the row above, which rose: copied (G006)."""
    copied = run(REASONS.format(reason="因工作需要，接待任务增加，相应增加预算。"))
    assert [(f.rule, f.severity) for f in copied.findings] == [("G006", Severity.WARNING)]
    right = run(REASONS.format(reason="公务用车改革后车辆减少，运行费相应减少。"))
    assert right.findings == ()
    (grid,) = right.package.grids  # rows whose last cell is a sentence are rows, not prose
    assert [r.name for r in grid.rows] == ["合计", "1.公务接待费", "2.公务用车购置及运行费"]


CODED = """某县2024年一般公共预算支出情况表
单位：万元
| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |
| | 合计 | 150.00 | 100.00 | 50.00 |
| 201 | 一般公共服务支出 | 120.00 | 80.00 | 40.00 |
| 20103 | 政府办公厅（室）及相关机构事务 | 120.00 | 80.00 | 40.00 |
| 2010301 | 行政运行 | 80.00 | 80.00 | |
| 2010350 | 事业运行 | {run} | | 40.00 |
| 208 | 社会保障和就业支出 | 30.00 | 20.00 | 10.00 |
| 20805 | 行政事业单位养老支出 | 30.00 | 20.00 | 10.00 |
| 2080505 | 机关事业单位基本养老保险缴费支出 | 30.00 | 20.00 | 10.00 |
"""


def test_a_grid_of_coded_rows_adds_up_by_its_codes() -> None:
    """科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出: 类 = Σ款, 款 = Σ项 by the codes' prefixes, and
    合计 = 基本支出 + 项目支出 in each row (G007)."""
    right = run(CODED.format(run="40.00"))
    assert right.findings == ()
    (grid,) = right.package.grids
    assert grid.rows[4].name == "2010350 事业运行" and grid.rows[4].parent == 2
    wrong = run(CODED.format(run="45.00"))
    assert sorted((f.rule, str(f.stated), str(f.expected)) for f in wrong.findings) == [
        ("G001", "120.00", "125.00"),
        ("G007", "45.00", "40.00"),
    ]


def test_every_grid_rule_has_a_case() -> None:
    cases = {c[0] for c in GRID_CASES + PERCENT_CASES} | {"G006", "G007"}  # tests above
    assert {r.id for r in all_rules() if r.id.startswith("G")} == cases


SPACED = """XX县2025年“三公”经费预算统计表
单位：万元
项目 2024年预算数 2025年预算数 增减金额 增减幅度
合计 10.00 12.00 2.00 20.00%
1.因公出国(境)费 0 0 0 -
2.公务接待费 4.00 5.00 1.00 25.00%
3.公务用车购置及运行费 6.00 7.00 {change} 16.67%
"""


def test_rows_separated_by_spaces() -> None:
    right = run(SPACED.format(change="1.00"))
    (grid,) = right.package.grids
    assert [c.role for c in grid.columns] == ["prior", "current", "change", "rate"]
    assert grid.rows[3].values == (
        Decimal("6.00"),
        Decimal("7.00"),
        Decimal("1.00"),
        Decimal("16.67"),
    )
    assert right.findings == ()
    wrong = run(SPACED.format(change="1.50"))
    assert {(f.rule, str(f.stated)) for f in wrong.findings} == {("G001", "2.00"), ("G002", "1.50")}


def test_one_cell_per_line_under_header_lines() -> None:
    cells = [
        "XX县2025年“三公”经费预算统计表", "单位：万元",
        "项目", "2024年预算数", "2025年预算数", "增减金额", "增减幅度",
        "合计", "10.00", "12.00", "2.00", "20.00%",
        "1.因公出国(境)费", "0", "0", "0", "－",
        "2.公务接待费", "4.00", "5.00", "1.00", "25.00%",
        "3.公务用车购置及运行费", "6.00", "7.00", "1.00", "14.29%",
    ]  # fmt: skip
    r = run("\n".join(cells))
    (grid,) = r.package.grids
    assert [row.name for row in grid.rows] == [
        "合计", "1.因公出国(境)费", "2.公务接待费", "3.公务用车购置及运行费"
    ]  # fmt: skip
    assert [(f.rule, str(f.stated), str(f.expected)) for f in r.findings] == [
        ("G003", "14.29%", "16.67%")
    ]


CLEAN = Path(__file__).parent / "fixtures" / "clean_pages"


@pytest.mark.parametrize("page", sorted(p.name for p in CLEAN.glob("*.txt")))
def test_a_correct_page_raises_nothing(page: str) -> None:
    """Pages in other provinces' wording, each right: no error, no warning (each once did)."""
    result = check_package(load(CLEAN / page))
    assert [(f.rule, f.message) for f in result.findings if f.severity is not Severity.INFO] == []


def test_a_page_cut_after_its_title_is_read_and_says_nothing_was_checked() -> None:
    """A search index keeps a page's opening only: a budget title and chrome, no figure yet. It is
    a budget page (not refused), and the report says there was nothing to check."""
    text = (
        "当前位置：首页 > 信息公开 > 财政预决算\n"
        "2018年某市某局“三公”经费预算情况说明\n"
        "发布时间：2018-03-01  来源：某市某局\n"
        "“三公”经费包括因公出国（境）费、公务用车购置及运行费和公务接待费。"
    )
    result = check_package(load_bytes(text.encode("utf-8"), "cut.txt"))
    assert result.package.info.partial and result.package.info.year == 2018
    assert not result.package.checkable and document(result)["page"]["checkable"] is False
    news = "当前位置：首页 > 新闻\n我市召开预算编制工作会议\n会议要求各部门认真做好准备。"
    with pytest.raises(NotABudgetError):
        load_bytes(news.encode("utf-8"), "news.txt")
    # a blank 自评表 previewed with its cells run into one line opens with its title too
    glued = (
        "1/1年学生资助项目绩效目标自评表填报日期:总分:分项目名称某学院年学生资助项目主管部门"
        "某省教育厅预算执行情况(万元)(分)预算数()执行数()执行率()得分(分*执行率)年度财政资金总额分"
    )
    assert not check_package(load_bytes(glued.encode("utf-8"), "blank.txt")).package.checkable
    with pytest.raises(NotABudgetError):  # a table named in a sentence is no title
        load_bytes("下表为本市某局今年各项工作安排，详见附件。".encode(), "notice.txt")


def test_the_stage_and_year_of_a_page_come_from_its_titles() -> None:
    """A site's menu (预决算) names no stage; a page on last year's 决算 under this year's 预算
    title is a 预算; a page that opens on the year's 执行 and goes on to next year's 预算 is that
    budget's, and headings of either year are its own (no W003)."""
    menu = "首页 > 政府预决算\n2017年“三公”经费预算情况说明\n2017年“三公”经费预算为12.00万元。\n"
    assert run(menu).package.info.stage == "预算"
    both = (
        "一、2022年“三公”经费预算安排情况\n2022年度“三公”经费预算总计21.80万元。\n"
        "二、2021年“三公”经费决算情况\n2021年度“三公”经费合计支出20.12万元。\n"
    )
    r = run(both)
    assert (r.package.info.stage, r.package.info.year) == ("预算", 2022) and not of(r, "W003")
    report = (
        "一、2022年全县一般公共预算收支执行情况表\n二、2023年全县一般公共预算收支预算情况表\n"
        "三、2023年三公经费预算情况说明\n2023年“三公”经费预算为30.00万元。\n"
    )
    r = run(report)
    assert (r.package.info.stage, r.package.info.year) == ("预算", 2023) and not of(r, "W003")


def test_a_heading_that_compares_with_this_year_is_no_year_slip() -> None:
    page = (
        "某县2016年度“三公”经费决算情况说明\n"
        "二、2016年决算数与2015年决算数对比情况\n“三公”经费支出决算为12.00万元。\n"
        "三、2014年度“三公”经费决算情况\n"
    )
    found = of(run(page), "W003")
    assert [f.stated for f in found] == ["2014年"]


def test_another_provinces_project_sheet_has_no_blank_chongqing_fields() -> None:
    """A 项目支出绩效目标表 of another layout (项目名称 / 主管部门及编码 / 实施单位 / 项目资金, one
    cell a line): it has no 项目分类, 立项依据 or 预算执行率权重 to leave blank (C003, C004), and
    its name is not run into the labels after it."""
    page = "\n\n".join(
        [
            "项目支出绩效目标表",
            "（2020年度）",
            "项目名称",
            "教育系统基础设施建设和设备购置",
            "主管部门",
            "及编码",
            "[015001]某区教育局",
            "实施单位",
            "某区教育局",
            "项目属性",
            "基础建设、修缮类",
            "项目资金",
            "资金总额",
            "10000万元",
            "年度目标",
            "按工作计划完成教育局重点项目建设",
            "绩效项目指标表",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标值",
            "产出指标",
            "数量指标",
            "重点建设工程安排数量",
            "2",
        ]
    )
    r = run(page)
    assert not of(r, "C003") and not of(r, "C004")
    assert [p.name for p in r.package.projects] in ([], ["教育系统基础设施建设和设备购置"])


def test_a_table_no_row_was_read_from_is_not_called_empty() -> None:
    """A page holding one 三公 table laid out with its items as rows (一、支出合计 9.28 under
    项目 本年决算数): no row is read from it, which does not make it an empty table (C002)."""
    page = (
        "某县2015年度移民局“三公”经费决算情况表\n单位：万元\n项目 本年决算数\n"
        "一、支出合计 9.28\n1、因公出国（境）费用\n2、公务接待费 9.28\n3、公务用车费\n"
    )
    assert not of(run(page), "C002")


def test_a_contents_list_run_into_one_line_is_no_empty_table() -> None:
    """``第五部分:…公开报表(见附件) 表 1:收入支出决算总表 表 2:收入决算表 …`` on one line: titles
    with neither header nor row are a list of contents, not tables printed empty (C002)."""
    toc = " ".join(
        f"表 {i}:{name}"
        for i, name in enumerate(
            ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表"], start=1
        )
    )
    page = (
        "某区河道堤防建设管理处2021年度部门决算公开说明 (目录) 第一部分:基本情况 一、部门主要职能 "
        "二、人员构成情况 第二部分:2021 年度部门决算情况说明 第三部分:2021 年度部门决算公开报表(见附件) "
        + toc
        + "\n"
    )
    assert of(run(page), "C002") == []
    printed = (
        "某县2021年度部门决算\n政府性基金预算财政拨款收入支出决算表\n单位：万元\n"
        "项目\t年初结转和结余\t本年收入\t本年支出\t年末结转和结余\n合计\t\t\t\t\n"
    )
    assert of(run(printed), "C002")  # a table printed with its header and no amount


def test_the_units_a_document_covers_are_of_its_own_year() -> None:
    """``纳入…2022年度部门决算编制范围的单位`` in a 2023 决算: the template's sentence not updated."""
    page = "某县卫生院2023年度部门决算说明\n纳入某县卫生院{y}年度部门决算编制范围的单位共1个。\n"
    assert not of(run(page.format(y="2023")), "W003")
    (f,) = of(run(page.format(y="2022")), "W003")
    assert (f.stated, f.expected) == ("2022年", "2023年")


def test_a_page_of_prose_in_yuan_is_in_yuan() -> None:
    page = "某镇2025年部门预算\n2025年收入预算2476260.58元，支出预算2476260.58元。\n"
    assert run(page).package.unit.value == "元"
    assert run(page.replace("元", "万元")).package.unit.value == "万元"


def test_a_placeholder_of_letters_stands_alone_not_inside_a_word() -> None:
    """``xxx`` left for a name is a placeholder; the letters inside a web address
    (``/qnxxxgk/``, ``czxxxx``) are not."""
    page = (
        "某县人民医院2023年度部门决算\n一、收入支出决算总体情况说明\n2023年度收入总计100万元{t}。\n"
    )
    assert of(run(page.format(t="，详见 www.example.gov.cn/qnxxxgk/ 与 czxxxx")), "W001") == []
    (f,) = [f for f in of(run(page.format(t="，主要用于xxxx工作")), "W001") if f.stated == "xxx"]
    assert f.severity is Severity.WARNING


def test_a_page_without_amounts_says_what_it_did_check() -> None:
    """A page holding no amount, rate or indicator but a count list that does not add up: the
    report does not say 未做核对 above the finding it makes."""
    from yusuan.report.text import plain

    page = "某乡人民政府2022年部门预算\n编制人数42，其中：行政编制人数19、全部补助事业编制人数23、自收自支编制人数13人。\n"
    r = run(page)
    assert not r.package.checkable and of(r, "S010")
    report = plain([r])
    assert "只核对了文字和数量" in report and "未做核对" not in report
    assert "未做核对" in plain([run("某乡人民政府2022年部门预算\n一、部门主要职责\n")])


def test_a_report_on_one_years_execution_and_the_next_years_budget_is_of_the_budget_year() -> None:
    """``关于某区2021年财政预算执行情况及2022年财政预算草案的报告``: a 2022 budget — its 2022 figures
    compared with 2021's 执行数 are right (no N003)."""
    page = (
        "关于某区2021年财政预算执行情况及2022年财政预算草案的报告\n一、2021年财政预算执行情况\n"
        "2021年全区一般公共预算收入完成147.1亿元。\n二、2022年财政预算草案\n"
        "2022年全区一般公共预算收入安排155亿元，比2021年执行数增长5.4%。\n"
    )
    r = run(page)
    assert (r.package.info.stage, r.package.info.year) == ("预算", 2022)
    assert not of(r, "N003")


def test_a_list_of_contents_naming_tables_is_a_part_of_a_disclosure() -> None:
    """A page of a 部门预算's contents only (Guizhou, 2024): its table titles are no tables
    printed, so the page is a part (no C001 for the tables it does not print), and 第二部分 or
    部门 is no unit's name."""
    parts = [
        f"({n}){t}"
        for n, t in zip(
            "一二三四五六七八",
            [
                "部门收支总表",
                "部门收入总表",
                "部门支出总表",
                "财政拨款收支总表",
                "基本支出预算总表",
                "项目支出预算总表",
                "政府采购预算明细表",
                "项目支出绩效目标表",
            ],
            strict=True,
        )
    ]
    page = "\n".join(
        [
            "第一部分 部门概况",
            "(一)部门主要职能",
            "第二部分 2024年部门预算公开报表",
            *parts,
            "第三部分 2024年预算安排说明",
            "(一)部门收支总体情况",
            "第一部分 部门概况",
            "一、部门概况",
        ]
    )
    result = check_package(load_bytes(page.encode("utf-8"), "contents.txt"))
    assert result.package.info.partial and result.package.info.unit_name is None
    real = check_package(load(Path(__file__).parent / "fixtures" / "unseen" / "h5_037.txt"))
    assert real.package.info.partial and real.package.info.unit_name is None
    assert not [f for f in real.findings if f.rule == "C001"]


@pytest.mark.parametrize(
    ("head", "unit"),
    [
        ("目录\n第一部分:单位概况\n第二部分:某厅医务所2024年单位预算情况说明\n", "某厅医务所"),
        ("目录\n第一部分:某市实验幼儿园概况\n一、主要职能\n", "某市实验幼儿园"),
        ("关于某旗2020年预算执行情况及2021年预算(草案)的报告\n", "某旗"),
        ("关于印发某县民政局2021年部门预算的通知\n", "某县民政局"),
        ("当前位置:首页 > 政务公开\n2021年度某盟外事办公室(本级)决算公开\n", "某盟外事办公室"),
        ("部分 2021年度单位决算情况说明\n2021年度某县民政局部门决算\n", "某县民政局"),
    ],
)
def test_the_unit_a_title_names_whatever_opens_it(head: str, unit: str) -> None:
    """A part's number and colon (第二部分:), 关于, the year first (2021年度X(本级)决算公开): the
    unit is the name the title gives, never ``:单位``, ``部分`` or ``关于某旗``."""
    page = head + "2021年收入总计100万元，支出总计100万元。\n"
    assert load_bytes(page.encode("utf-8"), "page.txt").info.unit_name == unit


def test_a_title_without_a_unit_names_none() -> None:
    """``关于2024年市级第二次预算调整方案(草案)的报告``: 关于 is no unit's name."""
    page = "关于2024年市级第二次预算调整方案(草案)的报告\n一般公共预算收入100万元。\n"
    assert load_bytes(page.encode("utf-8"), "page.txt").info.unit_name is None
