"""``yusuan publish --layout REGION`` on another region's file: what maps is printed (财政拨款收入
derived from its parts, each project in the form that carries all it holds) and read back the
same; what cannot be printed is refused before anything is written, naming the tables'
columns and the projects' fields. And the unit a Shanghai cover names (预算主管部门), not the
series title above it."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import CONSISTENT, SH_SIFAJU, SH_ZFB_UNIT, require_samples
from tests.helpers.cli import invoke
from yusuan.errors import EXIT_OK, EXIT_USAGE, LayoutMismatchError
from yusuan.model import BudgetPackage
from yusuan.pipeline import load, load_bytes
from yusuan.publish import publish, render
from yusuan.publish.digest import differences
from yusuan.publish.layout import load_layout
from yusuan.publish.mapping import as_sections, unmapped
from yusuan.rules.profile import load_profile
from yusuan.template.write import write_template

CHONGQING = load_layout("chongqing-2026")
SHANGHAI = load_layout("shanghai-2026")


def test_a_shanghai_file_in_the_chongqing_layout_is_refused_naming_what_cannot_map(
    tmp_path: Path,
) -> None:
    require_samples()
    out = tmp_path / "out"
    result = invoke(
        "publish", SH_SIFAJU, "-o", out, "-p", "shanghai-2026", "--layout", "chongqing-2026",
        "--force", "--reason", "试发布", "-f", "html",
    )  # fmt: skip
    assert result.exit_code == EXIT_USAGE, result.output
    message = result.stderr
    assert "版式「chongqing-2026」无法容纳" in message and "未发布任何文件" in message
    # the tables and columns, by the file's titles and the layout's
    assert (
        "表「2026年部门收入预算总表」的「财政拨款收入」列（版式中的「部门收入总表」没有此列）"
        in message
    )
    assert "「机关运行经费预算数」列" in message
    assert "--layout shanghai-2026" in message  # the file's own region
    assert not out.exists() or not any(out.iterdir())


def test_a_unit_budget_in_the_department_layout_names_the_columns_it_lacks() -> None:
    require_samples()
    lost = unmapped(load(SH_ZFB_UNIT), SHANGHAI)
    assert len(lost) == 1 and "「人员经费」" in lost[0] and "「公用经费」" in lost[0]
    assert unmapped(load(SH_ZFB_UNIT), load_layout("shanghai-2026-unit")) == []


def test_a_chongqing_file_publishes_in_the_shanghai_layout_with_its_project_sheets(
    tmp_path: Path,
) -> None:
    pkg = load(CONSISTENT)
    assert unmapped(pkg, SHANGHAI) == []
    result = publish(pkg, tmp_path, layout=SHANGHAI, formats=("html", "xlsx", "docx"))
    assert result.omitted == ("政府采购预算明细表",)  # a table Shanghai does not publish
    for o in result.outputs:
        back = load_bytes(o.path.read_bytes(), o.path.name)
        assert len(back.projects) == 9 and all(p.code and p.indicators for p in back.projects)
        assert back.info.unit_name == pkg.info.unit_name
    # before: the Shanghai layout printed every project as a 项目经费情况说明, which has no place
    # for a code, funding sources or indicators, and verification refused the files
    assert not any(as_sections(p, SHANGHAI) for p in pkg.projects)


def _without_fiscal(pkg: BudgetPackage) -> BudgetPackage:
    """A 重庆 部门收入总表 as a 重庆 file prints it: 一般公共预算, 政府性基金…, no 财政拨款收入."""
    tables = []
    for t in pkg.tables:
        rows = tuple(
            replace(r, cells=tuple(c for c in r.cells if c[0] != "fiscal")) for r in t.rows
        )
        tables.append(replace(t, rows=rows))
    return replace(pkg, tables=tuple(tables))


def test_fiscal_income_is_derived_from_its_parts_in_the_shanghai_layout(tmp_path: Path) -> None:
    values = {
        "单位信息": {"单位名称": "测试单位", "预算年度": 2026},
        "支出明细": [
            ["2010301", "行政运行", "一般公共预算", Decimal("100.50"), None],
            ["2120801", "征地和拆迁补偿支出", "政府性基金预算", None, Decimal("10.00")],
        ],
        "基本支出经济分类": [["30101", "基本工资", Decimal("100.50"), None]],
    }
    pkg = _without_fiscal(load_bytes(write_template(values), "预算填报.xlsx"))  # type: ignore[arg-type]
    income = next(t for t in pkg.tables if t.kind.value == "income_summary")
    assert all(r.get("fiscal") is None for r in income.rows)
    back = load_bytes(render(pkg, SHANGHAI, "xlsx"), "公开.xlsx")
    printed = next(t for t in back.tables if t.kind.value == "income_summary")
    fiscal = {r.code: r.get("fiscal") for r in printed.rows}
    # 财政拨款收入 = 一般公共预算 + 政府性基金预算, not a blank column
    assert fiscal["2010301"] == Decimal("100.50") and fiscal["2120801"] == Decimal("10.00")
    assert fiscal[None] == Decimal("110.50")
    result = publish(pkg, tmp_path, layout=SHANGHAI, formats=("xlsx",), force_reason="测试")
    assert result.outputs  # read back and verified


def test_shanghai_projects_keep_their_sections_in_the_chongqing_layout() -> None:
    """A Shanghai 项目经费情况说明 (实施主体, 实施方案, 实施周期) in a 重庆 document: printed as
    sections, which hold all of it; a 绩效目标表 sheet has no place for those."""
    require_samples()
    shanghai = load(SH_SIFAJU)
    pkg = replace(load(CONSISTENT), projects=shanghai.projects)
    assert shanghai.projects and all(as_sections(p, CHONGQING) for p in pkg.projects)
    assert unmapped(pkg, CHONGQING) == []
    for fmt in ("docx", "html"):
        back = load_bytes(render(pkg, CHONGQING, fmt), f"公开.{fmt}")
        assert differences(pkg, back, limit=10) == []
        assert back.projects[0].period == pkg.projects[0].period


def test_a_project_neither_form_holds_is_named() -> None:
    pkg = load(CONSISTENT)
    first = replace(pkg.projects[0], period="2026年1月-2026年12月")  # indicators and a 实施周期
    pkg = replace(pkg, projects=(first, *pkg.projects[1:]))
    (lost,) = unmapped(pkg, CHONGQING)
    assert lost.startswith(f"项目「{first.name}」的实施周期")
    with pytest.raises(LayoutMismatchError, match="实施周期") as caught:
        publish(pkg, Path("/nonexistent/never-written"), layout=CHONGQING, formats=("html",))
    assert caught.value.exit_code == EXIT_USAGE
    shanghai = unmapped(pkg, SHANGHAI)
    assert shanghai == [
        f"项目「{first.name}」的实施周期（绩效目标表与项目经费情况说明均无法同时容纳）"
    ]


def test_the_unit_is_the_one_a_cover_names_not_the_series_title() -> None:
    """上海市普陀区2026年区级部门预算 is the district's series; 预算主管部门 names the unit (this was
    read back as 上海市普陀区 from a published file without 编制部门 lines)."""
    text = (
        "上海市普陀区2026年区级部门预算\n预算主管部门：上海市普陀区司法局\n"
        "一、主要职能\n负责全区司法行政工作。\n"
    )
    pkg = load_bytes(text.encode("utf-8"), "封面.txt")
    assert pkg.info.unit_name == "上海市普陀区司法局"
    assert pkg.info.region == "上海市普陀区"


def test_the_own_layout_still_publishes_every_sample(tmp_path: Path) -> None:
    require_samples()
    result = invoke(
        "publish", SH_SIFAJU, "-o", tmp_path, "-p", "shanghai-2026", "--force", "--reason",
        "试发布", "-f", "html",
    )  # fmt: skip
    assert result.exit_code == EXIT_OK, result.output
    assert load_profile("shanghai-2026").name == "shanghai-2026"
