"""Recognition against hand-built expected fixtures (tests/fixtures/expected, built independently)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import (
    DOCS,
    SAMPLES,
    SEED000,
    SEED003,
    SH_SIFAJU,
    SH_ZFB_DEPT,
    SH_ZFB_UNIT,
    require_samples,
)
from tests.helpers.readers import (
    check_indicators,
    check_projects,
    check_tables,
    decimal_or_none,
    expected_json,
)
from yusuan.pipeline import load, load_bytes


def test_seed000_every_table_row_and_number() -> None:
    expected = expected_json("seed000.json")
    pkg = load(SEED000)
    assert pkg.info.year == 2026
    check_tables(pkg, expected)
    check_projects(pkg, expected)
    dept = pkg.department_performance
    assert dept is not None
    exp = expected["department_performance"]
    assert (dept.unit_name, dept.budget, dept.goal) == (
        exp["unit_name"],
        Decimal(exp["budget"]),
        exp["goal"],
    )
    check_indicators(dept.indicators, exp["indicators"])


def test_seed003_all_projects_and_36_indicators() -> None:
    expected = expected_json("seed003.json")
    pkg = load(SEED003)
    assert pkg.tables == ()
    check_projects(pkg, expected)
    assert sum(len(p.indicators) for p in pkg.projects) == 36
    for got, exp in zip(pkg.projects, expected["projects"], strict=True):
        assert got.unit_info == exp["unit_info"]
        assert got.goal == exp["goal"]


@pytest.mark.parametrize(
    ("pdf", "fixture"),
    [
        (SH_SIFAJU, "sh_sifaju_2026_dept.json"),
        (SH_ZFB_DEPT, "sh_zfb_2025_dept.json"),
        (SH_ZFB_UNIT, "sh_zfb_2025_unit.json"),
    ],
    ids=["sifaju-2026", "zfb-2025-dept", "zfb-2025-unit"],
)
def test_shanghai_pdf_tables_exact(pdf: Path, fixture: str) -> None:
    require_samples()
    expected = expected_json(fixture)
    pkg = load(pdf)
    assert pkg.info.year == expected["year"]
    check_tables(pkg, expected)
    for table in expected["tables"]:
        got = next(t for t in pkg.tables if t.kind.value == table["kind"])
        assert got.unit.value == table["unit"]
    assert [(p.name, p.budget) for p in pkg.projects] == [
        (p["name"], decimal_or_none(p["budget"])) for p in expected["projects"]
    ]


def test_full_width_digits_and_blank_markers_read_as_numbers() -> None:
    text = (DOCS / "qijiang_2026_consistent.txt").read_text(encoding="utf-8")
    text = text.replace(
        "2010301\t行政运行\t392.77\t392.77\t", "2010301\t行政运行\t３９２．７７\t３９２．７７\t", 1
    )
    pkg = load_bytes(text.encode("utf-8"), "fw.txt")
    row = next(t for t in pkg.tables if t.kind.value == "gpb_expenditure").by_code("2010301")
    assert row is not None
    assert (row.get("total"), row.get("basic"), row.get("project")) == (
        Decimal("392.77"),
        Decimal("392.77"),
        None,
    )


@pytest.mark.parametrize(
    ("pdf", "fixture"),
    [
        ("中共上海市普陀区委社会工作部 2024 年度部门决算.pdf", "js_shegongbu_2024.json"),
        ("上海市普陀区规划和自然资源局 2024 年度部门决算.pdf", "js_guihua_2024.json"),
        ("上海市普陀区财政局2024年度部门决算.pdf", "js_caizheng_2024.json"),
        ("附件2：部门决算模板.pdf", "js_template_2024.json"),
    ],
    ids=["shegongbu", "guihua", "caizheng", "template"],
)
def test_final_accounts_pdf_tables_exact(pdf: str, fixture: str) -> None:
    require_samples()
    expected = expected_json(fixture)
    pkg = load(SAMPLES / pdf)
    assert (pkg.info.stage, pkg.info.year) == ("决算", expected["year"])
    check_tables(pkg, expected)
