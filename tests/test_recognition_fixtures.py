"""Recognition against hand-built expected fixtures (tests/fixtures/expected, built independently)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import (
    DOCS,
    EXPECTED,
    SAMPLES,
    SEED000,
    SEED003,
    SH_SIFAJU,
    SH_ZFB_DEPT,
    SH_ZFB_UNIT,
    require_samples,
)
from yusuan.model import BudgetPackage
from yusuan.pipeline import load, load_bytes


def _num(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _table_rows(pkg: BudgetPackage, kind: str) -> list[dict[str, Any]]:
    table = next(t for t in pkg.tables if t.kind.value == kind)
    return [
        {
            "side": r.side,
            "code": r.code,
            "name": r.name,
            "values": {k: c.value for k, c in r.cells if c.value is not None},
        }
        for r in table.rows
    ]


def _expected_rows(table: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "side": r["side"],
            "code": r["code"],
            "name": r["name"],
            "values": {k: _num(v) for k, v in r["values"].items() if v is not None},
        }
        for r in table["rows"]
    ]


def _check_tables(pkg: BudgetPackage, expected: dict[str, Any]) -> None:
    got_kinds = sorted(t.kind.value for t in pkg.tables)
    assert got_kinds == sorted(t["kind"] for t in expected["tables"])
    for table in expected["tables"]:
        got = _table_rows(pkg, table["kind"])
        assert got == _expected_rows(table), table["kind"]
        recognized = next(t for t in pkg.tables if t.kind.value == table["kind"])
        assert recognized.empty == table["empty"], table["kind"]
        if table.get("note"):
            assert recognized.note == "".join(table["note"].split())


def _check_projects(pkg: BudgetPackage, expected: dict[str, Any]) -> None:
    assert [(p.code, p.name) for p in pkg.projects] == [
        (p["code"], p["name"]) for p in expected["projects"]
    ]
    for got, exp in zip(pkg.projects, expected["projects"], strict=True):
        assert got.budget == _num(exp["budget"]), got.name
        assert got.execution_weight == (
            None if exp["execution_weight"] is None else Decimal(exp["execution_weight"])
        )
        assert dict(got.sources) == {k: _num(v) for k, v in exp["sources"].items()}, got.name
        assert got.category == exp["category"]
        _check_indicators(got.indicators, exp["indicators"])


def _check_indicators(got: Any, expected: list[dict[str, Any]]) -> None:
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        assert (g.level1, g.level2, g.name, g.operator, g.value, g.unit) == (
            e["level1"],
            e["level2"],
            e["name"],
            e["operator"],
            e["value"],
            e["unit"],
        )
        assert g.weight == Decimal(e["weight"])
        assert (g.core, g.direction, g.history) == (e["core"], e["direction"], e["history"])


def _expected(name: str) -> dict[str, Any]:
    return json.loads((EXPECTED / name).read_text(encoding="utf-8"))


def test_seed000_every_table_row_and_number() -> None:
    expected = _expected("seed000.json")
    pkg = load(SEED000)
    assert pkg.info.year == 2026
    _check_tables(pkg, expected)
    _check_projects(pkg, expected)
    dept = pkg.department_performance
    assert dept is not None
    exp = expected["department_performance"]
    assert (dept.unit_name, dept.budget, dept.goal) == (
        exp["unit_name"],
        Decimal(exp["budget"]),
        exp["goal"],
    )
    _check_indicators(dept.indicators, exp["indicators"])


def test_seed003_all_projects_and_36_indicators() -> None:
    expected = _expected("seed003.json")
    pkg = load(SEED003)
    assert pkg.tables == ()
    _check_projects(pkg, expected)
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
    expected = _expected(fixture)
    pkg = load(pdf)
    assert pkg.info.year == expected["year"]
    _check_tables(pkg, expected)
    for table in expected["tables"]:
        got = next(t for t in pkg.tables if t.kind.value == table["kind"])
        assert got.unit.value == table["unit"]
    assert [(p.name, p.budget) for p in pkg.projects] == [
        (p["name"], _num(p["budget"])) for p in expected["projects"]
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
    expected = _expected(fixture)
    pkg = load(SAMPLES / pdf)
    assert (pkg.info.stage, pkg.info.year) == ("决算", expected["year"])
    _check_tables(pkg, expected)
