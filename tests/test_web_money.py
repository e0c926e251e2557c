"""Money as finance staff read it: 千分位 and the unit beside every amount on the package
(review) and public pages, and each finding's 差额 in its unit (SQLite and PostgreSQL)."""

from __future__ import annotations

import html
import re
from decimal import Decimal

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.helpers.web import signed_in
from yusuan.check import check_package
from yusuan.money import Unit
from yusuan.web.derived import model, profile
from yusuan.web.review import finding_keys
from yusuan.web.seed import Demo
from yusuan.web.templating import money


def test_the_money_filter_groups_thousands_and_names_the_unit() -> None:
    assert money(Decimal("96282213.435"), Unit.YUAN) == "96,282,213.44 元"
    assert money(Decimal("1421.7"), "万元") == "1,421.70 万元"
    assert money(Decimal("-1234.5"), Unit.WAN, sign=True) == "-1,234.50 万元"
    assert money(Decimal("0.01"), Unit.WAN, sign=True) == "+0.01 万元"
    assert money("33.33%", Unit.WAN) == "33.33%"  # text is shown as it is, never given a unit
    assert money(None, Unit.WAN) == ""


def _row(page: str, key: str) -> str:
    match = re.search(rf'<tr id="f-{re.escape(key)}">(.*?)</tr>', page, re.S)
    assert match is not None, key
    return html.unescape(match.group(1))


def test_findings_show_stated_expected_and_difference_in_their_unit(
    app: FastAPI, demo: Demo
) -> None:
    filer = signed_in(app, demo, "filer")
    draft = demo.draft.id
    pkg = model(filer.package(draft))
    findings = check_package(pkg, profile("chongqing-2026")).findings
    page = filer.get(f"/packages/{draft}").text
    assert '<th class="num">差额</th>' in page
    compared = [
        (k, f) for k, f in zip(finding_keys(findings), findings, strict=True) if f.unit is not None
    ]
    assert len(compared) >= 3  # seed 000's sums that do not add up
    for key, f in compared:
        assert isinstance(f.stated, Decimal) and f.difference is not None
        row = _row(page, key)
        unit = f.unit.value  # type: ignore[union-attr]
        cells = re.findall(r'<td class="num">([^<]*)</td>', row)
        assert cells == [
            f"{f.stated:,.2f} {unit}",
            f"{f.expected:,.2f} {unit}",
            f"{f.difference:+,.2f} {unit}",
        ]
        assert f.difference == f.stated - f.expected  # type: ignore[operator]
    # the tables' totals: 千分位 and the table's unit in the same cell
    for t in pkg.tables:
        total = t.total_row.value(t.total_row.amount_key) if t.total_row else None
        if total is not None and total >= 1000:
            assert f"{total:,.2f} {t.unit.value}" in page
            break
    else:
        raise AssertionError("no table with a total of four digits")


def test_the_public_page_shows_thousands_and_units(app: FastAPI, demo: Demo) -> None:
    page = TestClient(app).get(f"/public/packages/{demo.published.id}").text
    assert "（合计 1,421.74 万元）" in page
    assert "合计（万元）" in page  # the functions table names its unit in the header
    assert not re.search(r"合计 \d{4,}\.\d\d", page)  # no amount of 4+ digits without 千分位


def test_amounts_convert_exactly_into_the_pages_unit() -> None:
    """The 元/万元 switch converts on the server, exactly (Decimal), before rounding to show."""
    assert money(Decimal("96282213.44"), Unit.YUAN, display=Unit.WAN) == "9,628.22 万元"
    assert money(Decimal("96282213.44"), "元", display=Unit.YUAN) == "96,282,213.44 元"
    assert money(Decimal("1421.74"), "万元", display=Unit.YUAN) == "14,217,400.00 元"
    assert money(Decimal("0.005"), Unit.WAN, display=Unit.YUAN) == "50.00 元"  # not rounded first
    assert money(Decimal("50"), Unit.YUAN, display=Unit.WAN) == "0.01 万元"  # 0.005 half-up
    assert money(Decimal("-8265"), Unit.YUAN, sign=True, display=Unit.WAN) == "-0.83 万元"
    assert money(Decimal("1421.74"), Unit.WAN, display=Unit.YUAN, label=False) == "14,217,400.00"
    # what is not money keeps its own unit (a score, a percent) or none
    assert money(Decimal("12.5"), "分", display=Unit.YUAN) == "12.50 分"
    assert money(Decimal("12.5"), None, display=Unit.YUAN) == "12.50"
    assert money("33.33%", Unit.WAN, display=Unit.YUAN) == "33.33%"


RAW = re.compile(r"(?<![\d,.])\d{4,}\.\d\d(?![\d])")  # an amount of 4+ digits without 千分位


def test_the_unit_switch_shows_every_amount_in_one_unit_and_is_remembered(
    app: FastAPI, demo: Demo
) -> None:
    client = TestClient(app)
    url = f"/public/packages/{demo.published.id}"
    page = client.get(url).text
    assert "（合计 1,421.74 万元）" in page and '<strong aria-current="true">万元</strong>' in page
    page = client.get(f"{url}?unit=元").text
    assert "（合计 14,217,400.00 元）" in page and "合计（元）" in page
    assert '"支出按功能分类（类，元）"' in html.unescape(page)  # the charts too
    assert "万元" not in re.sub(r"<a [^>]*>万元</a>", "", page.split("<h2>情况说明</h2>")[0])
    # remembered: the next page (a table of the package) is in 元 without asking again
    table = client.get(f"{url}/tables/1").text
    assert "单位：元（原表单位：万元，已精确换算）" in table
    assert "12,830,200.00" in table  # 201 一般公共服务支出 1,283.02 万元
    assert not RAW.search(table)
    # the package (review) page of a signed-in user follows the same switch
    filer = signed_in(app, demo, "filer")
    filer.get(f"/packages/{demo.draft.id}?unit=元")
    page = filer.get(f"/packages/{demo.draft.id}").text
    assert "14,217,400.00 元" in page and not RAW.search(page)
    assert "1,421.74 万元" not in page
    # an unknown unit is ignored (the remembered one stays)
    assert "14,217,400.00 元" in filer.get(f"/packages/{demo.draft.id}?unit=斤").text


def test_amounts_in_findings_sentences_get_thousands_separators() -> None:
    from yusuan.web.templating import grouped

    assert grouped("测算依据（合计1100880.00元）不符") == "测算依据（合计1,100,880.00元）不符"
    assert grouped("当年预算108.85万元，2026年") == "当年预算108.85万元，2026年"
    assert grouped("96282213.44元与1,234.50元") == "96,282,213.44元与1,234.50元"
    assert grouped("编码2010302.123") == "编码2010302.123"  # not an amount of two decimals
