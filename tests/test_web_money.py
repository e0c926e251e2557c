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
