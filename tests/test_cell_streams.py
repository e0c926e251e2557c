"""Tables a web index flattened one cell a line (recognize.cellstream): each marking of the cells
on a page written from its pattern, and on real pages of it (tests/fixtures/unseen/h0NN.txt);
the 三公 items they print compared with the text (N001) and added up (G001, G003)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from yusuan.check import CheckResult, check_package
from yusuan.pipeline import load, load_bytes
from yusuan.rules.findings import Severity

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"


def run(text: str) -> CheckResult:
    return check_package(load_bytes(text.encode("utf-8"), "page.txt"))


def rules(result: CheckResult) -> list[tuple[str, str, str]]:
    return [
        (f.rule, f.severity.value, str(f.stated))
        for f in result.findings
        if f.severity is not Severity.INFO
    ]


# A 决算 三公 table, each cell ending in " |", an empty cell "|" alone (a blank first column).
ENDED = """某某县农业农村局2023年度一般公共预算财政拨款“三公”经费支出决算表
单位:万元
|
项 目 |
预 算 数 |
决 算 数 |
|
合 计 |
{total} |
30.50 |
|
因公出国(境)费 |
0 |
0 |
|
公务接待费 |
6 |
5.30 |
|
公务用车购置及运行维护费 |
34 |
25.20 |
|
其中:公务用车运行维护费 |
14 |
12.20 |
|
公务用车购置费 |
20 |
13.00 |
2023年度“三公”经费支出决算{spent}万元，完成预算的76.25%。
"""


def test_cells_ending_in_a_bar_are_one_table() -> None:
    r = run(ENDED.format(total="40", spent="30.50"))
    (grid,) = r.package.grids
    assert [(row.name, row.values) for row in grid.rows] == [
        ("合计", (Decimal(40), Decimal("30.50"))),
        ("因公出国(境)费", (Decimal(0), Decimal(0))),
        ("公务接待费", (Decimal(6), Decimal("5.30"))),
        ("公务用车购置及运行维护费", (Decimal(34), Decimal("25.20"))),
        ("其中:公务用车运行维护费", (Decimal(14), Decimal("12.20"))),
        ("公务用车购置费", (Decimal(20), Decimal("13.00"))),
    ]
    assert [c.label for c in grid.columns] == ["预算数", "决算数"]
    assert rules(r) == []


def test_a_wrong_total_of_the_items_is_an_error_the_vocabulary_knows_the_items() -> None:
    """The rows carry no 1. 2. markers, but 因公出国、公务接待、公务用车 are the whole of 三公: the sum
    is no guess, the finding an error."""
    r = run(ENDED.format(total="45", spent="30.50"))
    assert rules(r) == [("G001", "error", "45")]


def test_the_text_is_compared_with_the_table_it_follows() -> None:
    r = run(ENDED.format(total="40", spent="31.50"))
    assert ("N001", "error", "31.50") in rules(r)


# A wide 三公 table (items across, years down), its cells between lines of "|", its header of two
# rows (公车购置及运行费 over 合计 / 车辆购置 / 车辆运行).
BARRED = """2024年决算数与2023年决算数对比情况
年度
|
合计
|
因公出国(境)费
|
公务接待费
|
公车购置及运行费
|
合计
|
车辆购置
|
车辆运行
|
2023年
|
100
|
20
|
30
|
50
|
10
|
40
|
2024年
|
90
|
10
|
30
|
50
|
20
|
30
|
2024年比2023年增减%
|
-10
|
{rate}
|
0
|
0
|
100
|
-25
|
"""


def test_a_wide_table_is_turned_so_that_its_items_are_rows() -> None:
    r = run(BARRED.format(rate="-50"))
    (grid,) = r.package.grids
    assert [row.name for row in grid.rows] == [
        "合计", "因公出国(境)费", "公务接待费", "公车购置及运行费", "其中：车辆购置", "其中：车辆运行"
    ]  # fmt: skip
    assert [(c.label, c.role) for c in grid.columns] == [
        ("2023年", "prior"), ("2024年", "current"), ("2024年比2023年增减%", "rate")
    ]  # fmt: skip
    assert [grid.rows[r].parent for r in range(6)] == [None, 0, 0, 0, 3, 3]
    assert rules(r) == []
    wrong = run(BARRED.format(rate="-45"))
    assert rules(wrong) == [("G003", "error", "-45")]


# The same kind of table, one cell a line and nothing else: a budget with one row of amounts,
# the label 公务接待费 broken over two lines.
PLAIN = """某某镇2025年一般公共预算“三公”经费支出预算表
单位:万元
“三公”经费合计
因公出国(境)费
公务用车购置及运行费
公务
接待费
小计
公务用车购置费
公务用车运行费
{total}
0
12.5
0
12.5
3.5
二、2025年一般公共预算“三公”经费支出预算情况说明
"""


def test_one_row_under_a_header_of_two_rows() -> None:
    r = run(PLAIN.format(total="16"))
    (grid,) = r.package.grids
    assert [(row.name, row.values[0]) for row in grid.rows] == [
        ("合计（“三公”经费）", Decimal(16)),
        ("因公出国(境)费", Decimal(0)),
        ("公务用车购置及运行费", Decimal("12.5")),
        ("其中：公务用车购置费", Decimal(0)),
        ("其中：公务用车运行费", Decimal("12.5")),
        ("公务接待费", Decimal("3.5")),
    ]
    assert rules(r) == []
    assert rules(run(PLAIN.format(total="18"))) == [("G001", "error", "18")]


def test_a_performance_table_is_left_to_its_own_reader() -> None:
    """得分, 分值, 权重 head a performance table: not a table of amounts to add up here."""
    header = ["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    page = "\n".join([*header, "年度资金总额", "10", "12", "12", "10", "100%", "10"])
    assert run(page + "\n某单位2023年项目支出绩效自评表\n").package.grids == ()


def test_a_percentage_under_an_amount_label_rejects_the_reading() -> None:
    """A header one cell longer than the row (a 原因 column the row leaves out): no count of
    cells can align it, and a percentage under 权重 shows it."""
    header = [
        "预算执行情况",
        "年初预算",
        "调整后预算数",
        "预算执行数",
        "预算执行率",
        "权重",
        "原因",
    ]
    page = "\n".join([*header, "总额", "238.93", "251.89", "251.89", "100.00%", "10"])
    assert run(page + "\n").package.grids == ()


# -- real pages -----------------------------------------------------------------------------


def test_a_real_page_of_cells_ending_in_a_bar() -> None:
    r = check_package(load(UNSEEN / "h011.txt"))
    (grid,) = r.package.grids
    assert [row.name for row in grid.rows][:4] == [
        "合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行维护费"
    ]  # fmt: skip
    assert [f.rule for f in r.findings] == ["S001"]  # 增加1.14万元，增长1.14%


def test_a_real_wide_table_disagreeing_with_its_text_and_its_rates() -> None:
    """衢江 2016: the table prints 车辆购置 37 and 车辆运行 959, the text 38 and 958, and the
    table's own rates were computed on the text's amounts."""
    r = check_package(load(UNSEEN / "h013.txt"))
    errors = {(f.rule, str(f.stated)) for f in r.findings if f.severity is Severity.ERROR}
    assert errors == {
        ("N001", "995"),
        ("N001", "38"),
        ("N001", "958"),
        ("G003", "-47.95"),
        ("G003", "-24.98"),
    }


def test_a_real_wide_table_of_one_row() -> None:
    r = check_package(load(UNSEEN / "h022.txt"))
    (grid,) = r.package.grids
    top = grid.rows[0]
    assert (top.name, top.values[0]) == ("合计（“三公”经费）", Decimal("328.7"))
    assert r.findings == ()


def test_a_column_of_reasons_at_the_rows_end() -> None:
    """A 增减原因 column of words after the amounts (奉新's layout, one cell a line)."""
    cells = [
        "某县2025年“三公”经费预算增减情况", "单位:万元",
        "项目", "2024年预算数", "2025年预算数", "增减原因",
        "合计", "30", "{total}", "压减一般性支出",
        "因公出国(境)费", "0", "0", "无变化",
        "公务接待费", "10", "8", "厉行节约",
        "公务用车购置及运行维护费", "20", "20", "持平",
        "二、情况说明",
    ]  # fmt: skip
    page = "\n".join(cells)
    r = run(page.format(total="28"))
    (grid,) = r.package.grids
    assert [(c.label, c.role) for c in grid.columns] == [
        ("2024年预算数", "prior"), ("2025年预算数", "current"), ("增减原因", "text")
    ]  # fmt: skip
    assert [row.cells[2] for row in grid.rows] == ["压减一般性支出", "无变化", "厉行节约", "持平"]
    assert rules(r) == []
    assert rules(run(page.format(total="25"))) == [("G001", "error", "25")]


def test_a_serial_number_before_each_name() -> None:
    """序号 | 项目 | amounts, each cell ending in " |": the 序号 is no part of the name."""
    cells = [
        "序号", "项目", "2024年决算数", "2025年决算数",
        "1", "办公费", "10.00", "12.00",
        "2", "印刷费", "5.00", "4.00",
        "3", "差旅费", "8.00", "{travel}",
    ]  # fmt: skip
    page = "某单位2025年度部门决算情况说明\n" + "\n".join(f"{c} |" for c in cells) + "\n"
    (grid,) = run(page.format(travel="9.00")).package.grids
    assert [(row.name, row.values) for row in grid.rows] == [
        ("办公费", (Decimal("10.00"), Decimal("12.00"))),
        ("印刷费", (Decimal("5.00"), Decimal("4.00"))),
        ("差旅费", (Decimal("8.00"), Decimal("9.00"))),
    ]


def test_a_summary_of_two_sides_is_not_read_as_one() -> None:
    """项目 行次 金额 项目 行次 金额: 收入 and 支出 side by side; cut three cells a row it would
    list 支出 items among 收入 items — no grid is made of it."""
    cells = [
        "项目", "行次", "金额", "项目", "行次", "金额",
        "一、一般公共预算财政拨款收入", "1", "440.55", "一、一般公共服务支出", "29", "423.20",
        "二、政府性基金预算财政拨款收入", "2", "0.00", "二、外交支出", "30", "0.00",
        "合计", "10", "440.55", "合计", "40", "423.20",
    ]  # fmt: skip
    r = run("某单位2023年度部门决算\n" + "\n".join(cells) + "\n")
    assert r.package.grids == ()
    assert [f.rule for f in r.findings if f.severity is not Severity.INFO] == []


def test_a_summary_of_two_sides_in_bar_rows_is_not_read_as_one_list() -> None:
    """The same in ``|`` rows (济宁 2017): read as one list, its 总计 was the sum of both sides'
    items and subtotals (a false G001)."""
    rows = [
        "项目 | 行次 | 金额 | 项目 | 行次 | 金额 |",
        "一、财政拨款收入 | 1 | 625.58 | 一、一般公共服务支出 | 28 | |",
        "三、事业收入 | 3 | 34221.23 | 九、医疗卫生与计划生育支出 | 36 | 36341.62 |",
        "本年收入合计 | 23 | 34846.81 | 本年支出合计 | 50 | 36341.62 |",
        "用事业基金弥补收支差额 | 24 | 1604.54 | 结余分配 | 51 | |",
        "年初结转和结余 | 25 | 364.65 | 年末结转和结余 | 52 | 474.38 |",
        "总计 | 27 | 36816.00 | 总计 | 53 | 36816.00 |",
    ]
    r = run("某医院2017年度部门决算\n" + "\n".join(rows) + "\n")
    assert r.package.grids == ()
    assert [f.rule for f in r.findings if f.rule.startswith("G")] == []


# Anhui's 三公 table one cell a line (寿县, 2022): its header of two rows with the first row's end
# printed between them (``||``), then the one row of amounts. The text swaps 购置费 and 运行费.
TWO_ROWS_ENDED = """某县司法局2022年“三公”经费预算情况
一、2022年一般公共预算“三公”经费支出预算表
单位:万元
“三公”经费合计 |
因公出国(境)费 |
公务用车购置及运行费 |
公务 接待费 |
||
小计 |
公务用车购置费 |
公务用车运行费 |
|||
79 |
0 |
75 |
50 |
25 |
4 |
二、2022年一般公共预算“三公”经费支出预算情况说明
2022年一般公共预算“三公”经费支出预算为79万元。其中：因公出国(境)费支出预算为0万元，公务接待费支出预算为4万元，公务用车购置及运行费支出预算为75万元，其中公务用车运行维护费{run}万元，公务用车购置费{buy}万元。
"""


def test_a_header_of_two_rows_with_the_row_end_printed_between_them() -> None:
    right = run(TWO_ROWS_ENDED.format(run="25", buy="50"))
    (grid,) = right.package.grids
    assert [(row.name, row.values[0]) for row in grid.rows] == [
        ("合计（“三公”经费）", Decimal(79)),
        ("因公出国(境)费", Decimal(0)),
        ("公务用车购置及运行费", Decimal(75)),
        ("其中：公务用车购置费", Decimal(50)),
        ("其中：公务用车运行费", Decimal(25)),
        ("公务 接待费", Decimal(4)),
    ]
    assert rules(right) == []
    swapped = rules(run(TWO_ROWS_ENDED.format(run="50", buy="25")))
    assert sorted(swapped) == [("N001", "error", "25"), ("N001", "error", "50")]


def test_the_real_page_of_a_header_of_two_rows_with_row_ends() -> None:
    r = check_package(load(UNSEEN / "h5_051.txt"))
    n001 = sorted(f.message for f in r.findings if f.rule == "N001")
    assert len(n001) == 2 and "公务用车购置费" in n001[0] + n001[1]
    assert all("接待费" not in m and "79" not in m for m in n001)


# A city's 三公 summary (Chongqing, 2024), items as rows of a two-column `|` table.
ROWS_TWO_COLUMNS = """2024年市级“三公”经费预算表
单位:{unit}
支出 | 预算数 |
合计 | {total} |
因公出国(境)费 | 0.66 |
公务用车购置及运行费 | 4.72 |
公务接待费 | 0.7 |
2024年市级“三公”经费预算6.08{unit}，其中：因公出国(境)费0.66{unit}，公务用车购置及运行费4.72{unit}，公务接待费0.7{unit}。
"""


def test_a_two_column_list_of_items_the_vocabulary_knows_is_a_table() -> None:
    right = run(ROWS_TWO_COLUMNS.format(unit="万元", total="6.08"))
    (grid,) = right.package.grids
    assert (grid.rows[0].name, grid.rows[0].values[0]) == ("合计", Decimal("6.08"))
    assert len(grid.rows) == 4
    assert rules(right) == []
    wrong = sorted(rules(run(ROWS_TWO_COLUMNS.format(unit="万元", total="6.18"))))
    assert wrong == [("G001", "error", "6.18"), ("N001", "error", "6.08")]  # and the text's 6.08
    # in 亿元 (a unit no table is kept in): the table checked in itself, not against the text
    yi = run(ROWS_TWO_COLUMNS.format(unit="亿元", total="6.08"))
    assert rules(yi) == [] and yi.package.grids[0].unit == "亿元"


def test_a_summary_of_two_sides_one_cell_a_line_without_its_empty_cells() -> None:
    """Shandong's 收支总体情况表 (a school, 2024): 项目 | 预算数 | 项目 | 预算数, then the 收入 and
    支出 labels in turn, each amount after its label, the empty cells left out. Each side is
    read down to its 本年…合计: the real page adds up; its 本年收入合计 made 12,950.89 does not."""
    text = (UNSEEN / "h5_018.txt").read_text(encoding="utf-8")
    right = run(text)
    income, spending = right.package.grids[:2]
    assert (
        income.rows[-1].name == "合计（本年收入）" and spending.rows[-1].name == "合计（本年支出）"
    )
    assert income.rows[1].name == "其中：一般公共预算收入"  # under 一、财政拨款收入
    assert rules(right) == []
    wrong = run(text.replace("本 年 收 入 合 计\n\n12,850.89", "本 年 收 入 合 计\n\n12,950.89", 1))
    assert ("G001", "error", "12950.89") in rules(wrong)
