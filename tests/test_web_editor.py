"""Editing amounts in the browser: sums recomputed from the rows below (as the page does while
one types), bad amounts refused with their cell, the rules previewed before saving, and the
save audited and version-checked (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import CONSISTENT
from tests.helpers.web import BUDGET, field, gpb, signed_in
from yusuan.check import check_package
from yusuan.model import BudgetPackage, Table, TableKind
from yusuan.money import TypedAmountError, Unit, parse_typed
from yusuan.pipeline import load_bytes
from yusuan.web.db import AuditLog
from yusuan.web.derived import model, profile
from yusuan.web.editor import apply, grid
from yusuan.web.errors import BadRequest
from yusuan.web.seed import Demo


def consistent() -> BudgetPackage:
    return load_bytes(CONSISTENT.read_bytes(), CONSISTENT.name)


def test_editing_an_item_recomputes_its_kuan_lei_and_total() -> None:
    pkg = consistent()
    index, table = gpb(pkg)
    item = table.by_code("2010302")  # 一般行政管理事务, project spending
    assert item is not None
    before = {c: table.by_code(c).value("total") for c in ("20103", "201")}  # type: ignore[union-attr]
    total_before = table.total_row.value("total")  # type: ignore[union-attr]
    edited = apply(pkg, index, {field(table, "2010302", "total"): "900.25"})
    new = edited.tables[index]
    delta = Decimal("900.25") - item.value("total")
    for code in ("20103", "201"):
        assert new.by_code(code).value("total") == before[code] + delta  # type: ignore[union-attr]
    assert new.total_row.value("total") == total_before + delta  # type: ignore[union-attr]
    # a sum typed by hand is taken as typed, and its change moves the rows above it only
    typed = apply(pkg, index, {field(table, "201", "total"): "1283.03"})
    t2 = typed.tables[index]
    assert t2.by_code("201").value("total") == Decimal("1283.03")  # type: ignore[union-attr]
    assert t2.by_code("20103").value("total") == before["20103"]  # type: ignore[union-attr]
    assert t2.total_row.value("total") == total_before + Decimal("0.01")  # type: ignore[union-attr]
    # everything else is untouched
    assert [t for i, t in enumerate(edited.tables) if i != index] == [
        t for i, t in enumerate(pkg.tables) if i != index
    ]


def test_a_rows_total_follows_its_parts_and_the_sums_above_it() -> None:
    """合计 = 基本支出 + 项目支出 per row: a 项's 项目支出 typed moves its own 合计, and both
    columns of its 款, 类 and the table's 合计 — the edited table adds up as before (no A001,
    A002 or A003); a 合计 typed by hand stays as typed."""
    pkg = consistent()
    index, table = gpb(pkg)
    assert table.row_parts == ("basic", "project")
    item = table.by_code("2010302")
    assert item is not None
    delta = Decimal("10.50")
    edited = apply(
        pkg, index, {field(table, "2010302", "project"): str(item.value("project") + delta)}
    ).tables[index]
    for code in ("2010302", "20103", "201", None):
        old, new = (
            table.by_code(code) if code else table.total_row,
            (edited.by_code(code) if code else edited.total_row),
        )
        assert old is not None and new is not None
        assert new.value("total") == old.value("total") + delta, code
        assert new.value("project") == old.value("project") + delta, code
        assert new.value("basic") == old.value("basic"), code
    after = check_package(replace_table(pkg, index, edited), profile("chongqing-2026")).findings
    before = check_package(pkg, profile("chongqing-2026")).findings
    arithmetic = {"A001", "A002", "A003"}
    assert [f for f in after if f.rule in arithmetic] == [f for f in before if f.rule in arithmetic]
    # the 合计 typed as well: taken as typed, the parts do not move it
    both = apply(
        pkg,
        index,
        {
            field(table, "2010302", "project"): str(item.value("project") + delta),
            field(table, "2010302", "total"): str(item.value("total") + 1),
        },
    ).tables[index]
    typed_total = both.by_code("2010302").value("total")  # type: ignore[union-attr]
    assert typed_total == item.value("total") + 1
    # a table whose rows are no sums across columns: nothing moves sideways
    summary = next(t for t in pkg.tables if t.kind is TableKind.FISCAL_SUMMARY)
    assert summary.row_parts == ()


def replace_table(pkg: BudgetPackage, index: int, table: Table) -> BudgetPackage:
    from dataclasses import replace

    return replace(pkg, tables=tuple(table if i == index else t for i, t in enumerate(pkg.tables)))


def test_printed_totals_nobody_touched_stay_as_printed() -> None:
    """Seed 000 prints sums that do not add up (A001/A002/A004 find them): saving without a
    change, or changing one 项, must not quietly 'fix' the others."""
    pkg = load_bytes(BUDGET.read_bytes(), BUDGET.name)
    for i in range(len(pkg.tables)):
        assert apply(pkg, i, {}) == pkg
    economic = next(i for i, t in enumerate(pkg.tables) if t.kind is TableKind.GPB_BASIC_ECONOMIC)
    table = pkg.tables[economic]
    printed_302 = table.by_code("302").value("total")  # type: ignore[union-attr]
    edited = apply(pkg, economic, {field(table, "30101", "total"): "111.92"}).tables[economic]
    assert edited.by_code("302").value("total") == printed_302  # type: ignore[union-attr]
    assert edited.by_code("301").value("total") == (  # type: ignore[union-attr]
        table.by_code("301").value("total") + 1  # type: ignore[union-attr]
    )
    before = check_package(pkg, profile("chongqing-2026")).findings
    assert {f.rule for f in before} & {"A001", "A002", "A004"}
    untouched = check_package(apply(pkg, economic, {}), profile("chongqing-2026")).findings
    assert untouched == before


@pytest.mark.parametrize(
    ("raw", "message"),
    [("abc", "不是金额"), ("1.234", "最多两位小数"), ("1" * 20, "金额过大")],
)
def test_bad_amounts_are_refused_with_their_cell(raw: str, message: str) -> None:
    pkg = consistent()
    index, table = gpb(pkg)
    with pytest.raises(BadRequest) as exc:
        apply(pkg, index, {field(table, "2010302", "total"): raw})
    assert message in exc.value.message
    assert "行「一般行政管理事务」" in exc.value.message and "表「" in exc.value.message


def test_unknown_cells_and_tables_are_refused() -> None:
    pkg = consistent()
    with pytest.raises(BadRequest, match="不在表"):
        apply(pkg, 1, {"r999c0": "1"})
    with pytest.raises(BadRequest, match="表格不存在"):
        apply(pkg, 99, {})


def test_grid_marks_sums_as_computed() -> None:
    _, table = gpb(consistent())
    labels, rows = grid(table)
    assert labels[0] == table.label("total")
    computed = {r.code or r.name for r in rows if r.cells[0] and r.cells[0].computed}
    assert {"201", "20103", "208"} <= computed
    assert "2010302" not in computed


def test_edit_preview_and_save_in_the_browser(app: FastAPI, demo: Demo) -> None:
    filer = signed_in(app, demo, "filer")
    draft = demo.draft.id
    pkg = model(filer.package(draft))
    index, table = gpb(pkg)
    page = filer.get(f"/packages/{draft}/tables/{index}/edit")
    assert page.status_code == 200
    assert 'class="computed"' in page.text and 'data-preview="' in page.text
    assert f'href="/packages/{draft}/tables/{index}/edit"' in filer.get(f"/packages/{draft}").text
    edit = {field(table, "2010302", "total"): "900.25"}
    preview = filer.post(f"/packages/{draft}/tables/{index}/preview", edit)
    assert preview.status_code == 200
    previewed = preview.json()
    # the gpb table no longer agrees with the other tables: the preview says so, before saving
    assert previewed["summary"]["error"] > 10
    assert any(f["rule"].startswith("X") for f in previewed["findings"])
    assert filer.package(draft).version == 1  # nothing saved
    version = filer.package(draft).version
    saved = filer.post(f"/packages/{draft}/tables/{index}", {"version": version, **edit})
    assert saved.status_code == 303
    package = filer.package(draft)
    assert package.version == version + 1
    stored = model(package).tables[index]
    assert stored.by_code("2010302").value("total") == Decimal("900.25")  # type: ignore[union-attr]
    assert f"错误 {previewed['summary']['error']}" in filer.get(f"/packages/{draft}").text
    with app.state.sessions() as session:
        audit = session.scalars(
            select(AuditLog).where(AuditLog.action == "package.edit_cells")
        ).one()
    assert json.loads(audit.after_json or "{}")["table"] == table.title
    stale = filer.post(f"/packages/{draft}/tables/{index}", {"version": version, **edit})
    assert stale.status_code == 409


def test_editing_is_refused_to_others_and_after_submission(app: FastAPI, demo: Demo) -> None:
    draft = demo.draft.id
    reviewer = signed_in(app, demo, "dept_reviewer")
    assert reviewer.get(f"/packages/{draft}/tables/1/edit").status_code == 403
    assert reviewer.post(f"/packages/{draft}/tables/1/preview", {}).status_code == 403
    published = demo.published.id
    filer = signed_in(app, demo, "filer")
    assert filer.get(f"/packages/{published}/tables/1/edit").status_code == 409
    anonymous_page = TestClient(app).get(f"/packages/{draft}/tables/1/edit")
    assert anonymous_page.status_code == 404
    no_csrf = filer.client.post(f"/packages/{draft}/tables/1", data={"version": 1})
    assert no_csrf.status_code == 403
    bad = filer.post(
        f"/packages/{draft}/tables/1/preview",
        {"r0c0": "12,3x"},
        headers={"Accept": "application/json"},  # as editor.js asks
    )
    assert bad.status_code == 400 and "不是金额" in bad.json()["detail"]
    assert filer.package(draft).version == 1


def test_a_finding_locates_its_cell(app: FastAPI, demo: Demo) -> None:
    filer = signed_in(app, demo, "filer")
    draft = demo.draft.id
    detail = filer.client.get(f"/api/packages/{draft}").json()
    pkg = model(filer.package(draft))
    titles = {t.title for t in pkg.tables}
    # a finding on a table cell whose stated value is an amount of that cell
    target = next(
        f
        for f in detail["findings"]
        if any(t in f["location"] for t in titles) and f["stated"] and "列「" in f["location"]
    )
    page = filer.get(f"/packages/{draft}")
    assert f"/packages/{draft}/findings/{target['key']}" in page.text
    jump = filer.get(f"/packages/{draft}/findings/{target['key']}")
    assert jump.status_code == 303
    location = jump.headers["location"]
    assert "row=" in location and "col=" in location and "#r" in location
    view = filer.get(location.split("#")[0])
    assert view.status_code == 200
    cell = re.search(r'<td class="num located" id="r\d+c\d+">([^<]*)</td>', view.text)
    assert cell is not None
    assert Decimal(cell.group(1)) == Decimal(target["stated"])
    # findings that point at no table cell (projects) have no link; unknown keys are 404
    assert filer.get(f"/packages/{draft}/findings/nope").status_code == 404
    assert TestClient(app).get(location.split("#")[0], follow_redirects=False).status_code == 404


def test_ordinary_forms_still_refuse_thousands_of_fields(app: FastAPI, demo: Demo) -> None:
    filer = signed_in(app, demo, "filer")
    fields = {f"x{i}": "1" for i in range(200)}
    response = filer.post(f"/packages/{demo.draft.id}/edit", {"version": 1, **fields})
    assert response.status_code == 400
    assert "表单数据无法解析" in response.text


@pytest.mark.parametrize(
    ("raw", "unit", "value"),
    [
        ("１.００", Unit.WAN, Decimal("1.00")),
        ("1,234.5万", Unit.WAN, Decimal("1234.5")),
        ("1，234.5 万元", Unit.WAN, Decimal("1234.5")),
        ("1,234.5万", Unit.YUAN, Decimal("12345000")),
        ("12,300元", Unit.WAN, Decimal("1.23")),
        ("\u3000１２３，４５６．７８\u00a0", Unit.YUAN, Decimal("123456.78")),
        ("－", Unit.WAN, None),
        ("", Unit.WAN, None),
    ],
)
def test_typed_amounts_are_read_as_a_person_means_them(
    raw: str, unit: Unit, value: Decimal | None
) -> None:
    assert parse_typed(raw, unit) == value


@pytest.mark.parametrize(
    ("raw", "unit", "reason"),
    [
        ("12,34", Unit.WAN, "不是金额"),
        ("万", Unit.WAN, "不是金额"),
        ("12345元", Unit.WAN, "换算为万元后超过两位小数"),
        ("5万", None, "请去掉金额后的单位"),
    ],
)
def test_typed_amounts_that_would_lie_are_refused(raw: str, unit: Unit | None, reason: str) -> None:
    with pytest.raises(TypedAmountError) as exc:
        parse_typed(raw, unit)
    assert exc.value.reason == reason


def test_the_editor_reads_full_width_and_wan_into_the_tables_unit() -> None:
    pkg = consistent()
    index, table = gpb(pkg)
    assert table.unit is Unit.WAN
    cell = field(table, "2010302", "total")
    full_width = apply(pkg, index, {cell: "９００.２５"}).tables[index]
    wan = apply(pkg, index, {cell: "9,002,500元"}).tables[index]
    for edited in (full_width, wan):
        assert edited.by_code("2010302").value("total") == Decimal("900.25")  # type: ignore[union-attr]
    # the totals follow the typed value, never a 0 taken for an unreadable cell
    assert full_width == wan
    with pytest.raises(BadRequest, match="换算为万元后超过两位小数"):
        apply(pkg, index, {cell: "9,002,501元"})


def test_a_save_that_changes_nothing_is_a_no_op(app: FastAPI, demo: Demo) -> None:
    filer = signed_in(app, demo, "filer")
    draft = demo.draft.id
    pkg = model(filer.package(draft))
    index, table = gpb(pkg)
    stored = table.by_code("2010302").value("total")  # type: ignore[union-attr]
    cell = field(table, "2010302", "total")
    # the stored amount retyped with a thousands separator, full-width, with its unit
    same = {
        cell: f"{stored:,}万元".translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    }
    saved = filer.post(f"/packages/{draft}/tables/{index}", {"version": 1, **same})
    assert saved.status_code == 303 and saved.headers["location"].endswith("?unchanged=1")
    assert "未作修改" in filer.get(saved.headers["location"]).text
    assert filer.package(draft).version == 1
    with app.state.sessions() as session:
        audits = session.scalars(
            select(AuditLog).where(AuditLog.action == "package.edit_cells")
        ).all()
    assert audits == []
    # an unreadable cell is refused with its cell and reason, nothing saved
    bad = filer.post(f"/packages/{draft}/tables/{index}", {"version": 1, cell: "12,34"})
    assert bad.status_code == 400 and "「12,34」不是金额" in bad.text
    assert filer.package(draft).version == 1
