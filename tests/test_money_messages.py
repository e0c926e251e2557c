"""Amounts in the CLI's own words as finance staff read them: 千分位 and the unit beside every
amount of a finding (its message, the text and HTML reports' 所列/应为/差额), from one formatting
(:mod:`yusuan.money`); the JSON report keeps the exact machine values; years, codes, counts and
percentages are never grouped."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from tests.conftest import SEED000
from tests.helpers.cli import invoke
from yusuan.money import Unit, amount_text, digits, group_amounts
from yusuan.web.templating import grouped, money

#: an amount of 4+ whole digits and two decimals written without 千分位
RAW = re.compile(r"(?<![\d,.])\d{4,}\.\d\d(?!\d)")


def test_one_formatting_of_amounts() -> None:
    assert amount_text(Decimal("96282213.435"), Unit.YUAN) == "96,282,213.44 元"
    assert amount_text(Decimal("-69.23"), Unit.WAN, sign=True) == "-69.23 万元"
    assert amount_text(Decimal("0.01"), "万元", sign=True) == "+0.01 万元"
    assert amount_text(Decimal("1421.7"), Unit.WAN, label=False) == "1,421.70"
    assert digits(Decimal("1356")) == "1,356" and digits(Decimal("911.7")) == "911.7"
    # the web's filters are the same functions, not copies
    assert money(Decimal("96282213.435"), Unit.YUAN) == amount_text(
        Decimal("96282213.435"), Unit.YUAN
    )
    assert grouped is group_amounts


def test_amounts_in_a_sentence_get_thousands_and_nothing_else_does() -> None:
    g = group_amounts
    assert g("测算依据（合计1100880.00元）不符") == "测算依据（合计1,100,880.00元）不符"
    assert g("上年43269.3万元，本年8265元") == "上年43,269.3万元，本年8,265元"
    assert g("合计-4760.12，相差") == "合计-4,760.12，相差"
    # years, 科目 codes, line numbers, counts and percentages stay as they are
    assert g("2026年预算，比2025年增加") == "2026年预算，比2025年增加"
    assert g("功能分类2101103 公务员医疗补助，经济分类30111为空") == (
        "功能分类2101103 公务员医疗补助，经济分类30111为空"
    )
    assert g("第1234行，共1500个项目，增长1234.56%，上升1234.5个百分点") == (
        "第1234行，共1500个项目，增长1234.56%，上升1234.5个百分点"
    )
    assert g("编码2010302.123") == "编码2010302.123"
    # dates are no amounts
    assert g("实施周期2025.01-2025.12，截至2026.12.31") == "实施周期2025.01-2025.12，截至2026.12.31"
    # what the sentence quotes from the document stays as printed
    assert g("「转1837600元元,占16.15%」中单位重复，“支出12345.00元”") == (
        "「转1837600元元,占16.15%」中单位重复，“支出12345.00元”"
    )
    assert g("1,234.50元") == "1,234.50元"  # already grouped: unchanged


def test_text_report_gives_findings_amounts_with_thousands_units_and_difference() -> None:
    result = invoke("check", SEED000, "-p", "chongqing-2026")
    assert result.exit_code == 1
    out = result.stdout
    # the rule's own message
    assert "（合计1,100,880.00元）不符" in out
    assert "（基本支出2.88万元）应对应经济分类30111" in out  # the unit beside the amount
    # 所列/应为/差额 in the table's unit
    assert "所列 531.49 万元；应为 531.48 万元；差额 +0.01 万元" in out
    # what is not money keeps no unit and no 千分位: an indicator's value, a year
    assert "所列 25；应为 30；差额 -5" in out
    assert "2,02" not in out  # no year became 2,026
    assert not RAW.search(out)


def test_json_keeps_exact_machine_values(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    invoke("check", SEED000, "-p", "chongqing-2026", "-f", "json", "-o", out)
    (doc,) = json.loads(out.read_text(encoding="utf-8"))["documents"]
    rent = next(f for f in doc["findings"] if f["rule"] == "P001" and "租金" in f["message"])
    assert (rent["stated"], rent["expected"], rent["difference"]) == ("346.16", "415.39", "-69.23")
    assert "346,157.70元" in rent["message"]  # the sentence is for people
    basic = next(f for f in doc["findings"] if f["rule"] == "A002")
    assert (basic["stated"], basic["expected"], basic["difference"]) == ("531.49", "531.48", "0.01")


def test_html_report_shows_amounts_with_thousands_and_units(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    invoke("check", SEED000, "-p", "chongqing-2026", "-f", "html", "-o", out)
    page = out.read_text(encoding="utf-8")
    assert '<td class="num">346.16 万元</td><td class="num">415.39 万元</td>' in page
    assert '<td class="num">-69.23 万元</td>' in page
    assert "合计1,100,880.00元" in page
    assert '<td class="num">25</td><td class="num">30</td><td class="num">-5</td>' in page
    assert not RAW.search(page)


def test_amounts_of_a_page_printed_in_yuan_are_shown_in_yuan(tmp_path: Path) -> None:
    """Prose in 元 (a 决算's 三公 note): the message and the values keep 元, in 千分位."""
    page = tmp_path / "三公.txt"
    page.write_text(
        "某区某局2022年度部门决算\n"
        "2022年度一般公共预算财政拨款“三公”经费支出决算中，因公出国(境)费支出0元；"
        "公务用车购置及运行维护费支出273702.10元；公务接待费支出116416.00元。\n"
        "公务用车购置及运行维护费支出174732.10元，主要用于车辆运行。\n",
        encoding="utf-8",
    )
    result = invoke("check", page)
    out = result.stdout
    assert "前文为273,702.10元，此处为174,732.10元" in out, out
    assert "所列 174,732.10 元；应为 273,702.10 元；差额 -98,970.00 元" in out
    assert "2,022" not in out
