"""Two false-alarm classes seen on real budgets (issue #14 §5), each put right."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from yusuan.check import CheckResult, check_package
from yusuan.pipeline import load_bytes
from yusuan.rules.profile import load_profile

ADMIN_COST = (Path(__file__).parent / "fixtures" / "docs" / "admin_cost.txt").read_text(
    encoding="utf-8"
)


def run(text: str, profile: str = "shanghai-2026") -> CheckResult:
    return check_package(load_bytes(text.encode("utf-8"), "doc.txt"), load_profile(profile))


def rules(result: CheckResult) -> set[str]:
    return {f.rule for f in result.findings}


def test_admin_cost_of_a_department_of_administrative_units_is_its_public_cost() -> None:
    """行政 and 参公 units only: 机关运行经费 15 against 公用经费 20 is reported."""
    text = ADMIN_COST.format(
        admin="15.00", composition="本部门由机关本级和1个参照公务员法管理的事业单位组成。"
    )
    assert "X007" in rules(run(text))


def test_admin_cost_of_a_department_holding_institutions_is_not_compared() -> None:
    """A department with 事业单位 has 公用经费 outside 机关运行经费: no comparison."""
    for composition in ("本部门下属事业单位2个。", "本部门包括机关本级和区档案馆等3家事业单位。"):
        assert "X007" not in rules(
            run(ADMIN_COST.format(admin="15.00", composition=composition))
        ), composition


SPLIT_CODE = """2026年部门预算
一般公共预算财政拨款基本支出预算表
单位：万元
科目编码\t科目名称\t总计\t人员经费\t日常公用经费
合计\t\t100.00\t80.00\t20.00
301\t工资福利支出\t80.00\t80.00\t
30101\t基本工资\t50.00\t50.00\t
{code}\t津贴补贴\t30.00\t30.00\t
302\t商品和服务支出\t20.00\t\t20.00
30201\t办公费\t20.00\t\t20.00
"""


def test_a_code_split_by_a_space_is_one_code() -> None:
    """``301 2`` printed for 30102: the row is read, the table balances, nothing is reported."""
    for code in ("301 2", "301 02", "30102"):
        result = run(SPLIT_CODE.format(code=code), "default")
        (table,) = result.package.tables
        row = next(r for r in table.rows if r.name == "津贴补贴")
        assert (row.code, row.value("total")) == ("30102", Decimal("30.00")), code
        assert result.findings == (), [(f.rule, f.message) for f in result.findings]


FLAT_ITEMS = (
    "2025年度“三公”经费支出决算情况说明\n"
    "因公出国（境）费0万元，比上年增加0万元，增长0%，主要原因是{a}；"
    "公务用车购置费0万元，比上年增加0万元，增长0%，主要原因是{b}。"
)


def test_no_change_said_of_two_items_is_no_copied_reason() -> None:
    """「与上年持平，无增减变化」 under two items that did not change is no reason pasted between
    them (N006), and 0 → 0 called 增长0% is loose wording (info), not an error."""
    same = "与上年持平，无增减变化"
    result = run(FLAT_ITEMS.format(a=same, b=same), "default")
    assert "N006" not in rules(result)
    assert {(f.rule, f.severity.value) for f in result.findings} == {("S001", "info")}
    copied = "严格执行公务活动管理规定，压缩相关开支"
    assert "N006" in rules(run(FLAT_ITEMS.format(a=copied, b=copied), "default"))


def test_a_new_unit_saying_it_has_no_prior_year_under_each_item_copies_nothing() -> None:
    """A unit set up this year says under every item that it has no earlier accounts to compare
    with (``我园于2023年9月新成立，无往年决算数据``): true of each, no reason pasted (N006)."""
    page = (
        "某幼儿园2023年度部门决算\n"
        "使用非财政拨款结余5万元，较2022年度决算数增加5万元，主要原因是{a}。\n"
        "年初结转结余3万元，较2022年度决算数增加3万元，主要原因是{b}。\n"
    )
    new = "我园于2023年9月新成立，无往年决算数据"
    assert "N006" not in rules(run(page.format(a=new, b=new), "default"))
    copied = "严格执行公务活动管理规定，压缩相关开支"
    assert "N006" in rules(run(page.format(a=copied, b=copied), "default"))


def test_the_cause_of_the_change_of_both_sides_is_each_sides_too() -> None:
    """``收支较上年决算数减少194.65万元，主要原因是X`` and ``支出合计…减少183.40万元，主要原因是X``:
    收支 is both totals at once; its cause is no copy under a total of one side (N006)."""
    page = (
        "某幼儿园2023年度部门决算\n"
        "2023年度收入总计618.38万元，支出总计618.38万元。收支较上年决算数减少194.65万元，"
        "下降23.94%，主要原因是化龙桥幼儿园新建工程项目的减少。\n"
        "2023年度支出合计547.55万元，较上年决算数减少183.40万元，下降25.09%，主要原因是化龙桥幼儿园新建工程项目的减少。\n"
    )
    assert "N006" not in rules(run(page, "default"))
    other = page.replace("收支较上年决算数", "项目支出218.00万元，较上年决算数").replace(
        "2023年度支出合计547.55万元", "2023年度公用经费47.55万元"
    )  # (two items of one side: the same words are a copy)
    assert "N006" in rules(run(other, "default"))


def test_one_move_explains_a_rise_and_a_fall() -> None:
    """梧州 2022: 编外人员经费 moved from 项目支出 to 基本支出 explains both the rise of one and
    the fall of the other — the same words are no copy (N006); the same words for two rises
    still are."""
    page = (
        "2022年部门预算情况说明\n"
        "商品和服务支出预算75800元，同比增加52044元，增长219.08%，增长原因是编外人员经费支出列入"
        "基本支出。\n"
        "项目支出0元，同比{verb}47600元，{rate}100%。{word}原因是编外人员经费支出列入基本支出。\n"
    )
    moved = page.format(verb="减少", rate="下降", word="下降")
    assert "N006" not in rules(run(moved, "default"))
    both_up = page.format(verb="增加", rate="增长", word="增长").replace(
        "项目支出0元", "项目支出95200元"
    )
    assert "N006" in rules(run(both_up, "default"))
