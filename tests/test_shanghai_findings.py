"""The genuine errors of the real Shanghai budget PDFs (found by hand, then by yusuan)."""

from __future__ import annotations

import pytest

from tests.conftest import SH_SIFAJU, SH_ZFB_DEPT, SH_ZFB_UNIT, require_samples
from yusuan.check import CheckResult, check_package
from yusuan.pipeline import load
from yusuan.rules.findings import Severity
from yusuan.rules.profile import load_profile


@pytest.fixture(scope="module")
def sifaju() -> CheckResult:
    require_samples()
    return check_package(load(SH_SIFAJU), load_profile("shanghai-2026"))


def rules(result: CheckResult, rule: str) -> list[str]:
    return [f.message for f in result.findings if f.rule == rule]


def test_wrong_comparison_year(sifaju: CheckResult) -> None:
    found = [f for f in sifaju.findings if f.rule == "N003"]
    assert len(found) == 5  # 3 × "比2026年预算增加", 2 × "与2026年预算持平"
    assert {(f.stated, f.expected) for f in found} == {("2026", "2025")}
    assert all(f.location.page == 8 for f in found)


def test_prior_year_figure_with_a_stray_digit(sifaju: CheckResult) -> None:
    msgs = [m for m in rules(sifaju, "N002") if "其他司法支出" in m]
    assert len(msgs) == 1
    assert "上年43,269.3万元" in msgs[0] and "若为3,269.3万元" in msgs[0]  # 千分位


def test_copied_percentage(sifaju: CheckResult) -> None:
    (f,) = [f for f in sifaju.findings if f.rule == "N002" and "职业年金" in f.message]
    assert (f.stated, f.expected) == ("17.66%", "17.93%")


def test_outdated_class_name(sifaju: CheckResult) -> None:
    (f,) = [f for f in sifaju.findings if f.rule == "N007"]
    assert (f.stated, f.expected) == ("医疗卫生与计划生育支出", "卫生健康支出")


def test_narrative_amount_differs_from_itself_and_table(sifaju: CheckResult) -> None:
    (f,) = [f for f in sifaju.findings if f.rule == "N005"]
    assert (str(f.stated), str(f.expected)) == ("201.50", "208.8")
    # the table says 2,087,959元 = 208.80万元, so the stated 5.27% is right: no N002 there
    assert not [f for f in sifaju.findings if f.rule == "N002" and "住房公积金" in f.message]


def test_stale_implementation_period(sifaju: CheckResult) -> None:
    assert any("2025年1月1日-2025年12月31日" in m for m in rules(sifaju, "P003"))


def test_tables_are_consistent(sifaju: CheckResult) -> None:
    assert not [f for f in sifaju.findings if f.category in ("arithmetic", "cross-table")]


@pytest.mark.parametrize("pdf", [SH_ZFB_DEPT, SH_ZFB_UNIT], ids=["dept", "unit"])
def test_zfb_2025_only_uncovered_project_money(pdf: object) -> None:
    require_samples()
    result = check_package(load(pdf), load_profile("shanghai-2026"))  # type: ignore[arg-type]
    assert [(f.rule, f.severity) for f in result.findings] == [("N009", Severity.WARNING)]
    assert result.findings[0].difference == -15
