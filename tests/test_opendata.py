"""Bulk open data: the portal's CSV, JSON and Fiscal Data Package exports of the published
packages (on SQLite and PostgreSQL), checked against the model and validated with
frictionless (the reference implementation of Data Package and Table Schema)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import CONSISTENT
from tests.helpers.web import add_package, signed_in, subunit_id
from yusuan.model import TableKind
from yusuan.opendata.lines import FIELDS, lines
from yusuan.pipeline import load, load_bytes
from yusuan.web.seed import Demo

SHANGHAI = (
    Path(__file__).resolve().parent.parent / "examples" / "上海市普陀区司法局2026年部门预算.pdf"
)


def amounts(path: Path) -> int:
    """How many printed amounts the model has (counted here, not by the exporter)."""
    pkg = load_bytes(path.read_bytes(), path.name)
    return sum(1 for t in pkg.tables for r in t.rows for _, c in r.cells if c.value is not None)


def test_lines_convert_yuan_to_wan_exactly() -> None:
    pkg = load(SHANGHAI)  # most tables printed in 元, some in 万元
    found = list(lines(pkg))
    assert {line.unit for line in found} == {"元", "万元"}
    for line in found:
        assert line.amount_wan * (10000 if line.unit == "元" else 1) == line.amount
    total = next(
        line
        for line in found
        if line.table == TableKind.GPB_EXPENDITURE.value
        and line.is_total
        and line.column == "total"
    )
    leaves = sum(
        line.amount_wan
        for line in found
        if line.table == total.table and line.row_level == "项" and line.column == "total"
    )
    assert leaves == total.amount_wan  # 项 lines add up to the printed total, in 万元 too


def test_csv_export_has_every_amount_of_every_published_package(app: FastAPI, demo: Demo) -> None:
    client = TestClient(app)
    response = client.get("/api/public/export.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())  # Excel/WPS open it as UTF-8
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == [name for name, _, _ in FIELDS]
    assert {r["package_id"] for r in rows} == {str(demo.published.id)}  # drafts never leave
    assert len(rows) == amounts(CONSISTENT)
    assert {r["department"] for r in rows} == {"重庆市綦江区政务服务管理办公室"}
    by_year = client.get("/api/public/export.csv", params={"year": "2025"})
    assert len(by_year.content.decode("utf-8-sig").splitlines()) == 1  # the header only
    assert client.get("/api/public/export.csv", params={"year": "二〇二六"}).status_code == 400


def test_json_export_matches_the_csv(app: FastAPI, demo: Demo) -> None:
    client = TestClient(app)
    records = client.get("/api/public/export.json").json()
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/api/public/export.csv").content.decode("utf-8-sig"))
        )
    )
    assert len(records) == len(rows)
    for rec, row in zip(records, rows, strict=True):
        assert Decimal(rec["amount_wan"]) == Decimal(row["amount_wan"])
        assert rec["row_name"] == row["row_name"]
        assert rec["is_total"] == (row["is_total"] == "true")


def test_fiscal_data_package_validates(app: FastAPI, demo: Demo, tmp_path: Path) -> None:
    import frictionless

    # a second department's, then published (the same unit's would replace the first)
    second = add_package(app, subunit_id(app))
    browser = signed_in(app, demo, "admin")
    for action in ("submit", "approve", "publish"):
        assert browser.act(second, action).status_code == 303
    response = TestClient(app).get("/api/public/datapackage.zip", params={"year": "2026"})
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        assert sorted(z.namelist()) == ["budget_lines.csv", "datapackage.json"]
        z.extractall(tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["profile"] == "fiscal-data-package"
    assert descriptor["fiscalPeriod"] == {"start": "2026-01-01", "end": "2026-12-31"}
    measure = descriptor["model"]["measures"]["amount_wan"]
    assert (measure["currency"], measure["factor"]) == ("CNY", 10000)
    for dimension in descriptor["model"]["dimensions"].values():
        for attribute in dimension["attributes"].values():
            assert attribute["source"] in {name for name, _, _ in FIELDS}
    # the data against its Table Schema (types, every row), by the reference implementation
    spec = descriptor["resources"][0]
    resource = frictionless.Resource(
        path=spec["path"],
        basepath=str(tmp_path),
        encoding=spec["encoding"],
        schema=frictionless.Schema.from_descriptor(spec["schema"]),
    )
    report = resource.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]
    assert report.tasks[0].stats["rows"] == 2 * amounts(CONSISTENT)


def test_cli_exports_csv_and_a_fiscal_data_package(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from yusuan.cli import app as cli

    runner = CliRunner()
    result = runner.invoke(cli, ["export", str(CONSISTENT), "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 1 + amounts(CONSISTENT)
    target = tmp_path / "数据包.zip"
    result = runner.invoke(cli, ["export", str(CONSISTENT), "-f", "fdp", "-o", str(target)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as z:
        assert json.loads(z.read("datapackage.json"))["model"]["measures"]["amount_wan"]
    refused = runner.invoke(cli, ["export", str(CONSISTENT), "-f", "fdp"])
    assert refused.exit_code != 0 and "-o" in refused.output
    assert not list(tmp_path.glob("*.tmp"))


def test_csv_text_never_becomes_a_formula() -> None:
    from yusuan.opendata.write import csv_chunks

    rec = {name: "" for name, _, _ in FIELDS} | {
        "row_name": '=HYPERLINK("http://x")',
        "amount": Decimal("-1.50"),
    }
    text = "".join(csv_chunks([rec], bom=False))
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["row_name"].startswith("'=")
    assert row["amount"] == "-1.50"  # amounts stay numbers
