"""DOCX and XLSX readers: seed 000 written into Word tables / an Excel sheet reads into the
same model as the published text (checked against the hand-built fixture)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from tests.conftest import SEED000
from tests.helpers.readers import check_projects, check_tables, expected_json, text_blocks
from yusuan.cli import app
from yusuan.errors import BinaryFileError, TooLargeError
from yusuan.pipeline import load_bytes
from yusuan.readers.office import MAX_UNPACKED


def seed_docx() -> bytes:
    """Seed 000 as a Word document: its tab lines as native tables, the rest as paragraphs."""
    document = docx.Document()
    for block in text_blocks(SEED000.read_text(encoding="utf-8")):
        if len(block) == 1 and len(block[0]) == 1:
            document.add_paragraph(block[0][0])
            continue
        width = max(len(r) for r in block)
        table = document.add_table(rows=len(block), cols=width)
        for r, row in enumerate(block):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def seed_xlsx() -> bytes:
    """Seed 000 as one Excel sheet, a cell per tab-separated part; amounts stored as numbers."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for line in SEED000.read_text(encoding="utf-8").split("\n"):
        row = []
        for part in line.split("\t"):
            plain = part.replace(",", "")
            try:
                row.append(
                    float(plain)
                    if plain and "." in plain and plain.replace(".", "").isdigit()
                    else part
                )
            except ValueError:
                row.append(part)
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "name"), [(seed_docx, "seed.docx"), (seed_xlsx, "seed.xlsx")], ids=["docx", "xlsx"]
)
def test_office_versions_of_seed000_read_into_the_same_model(make: object, name: str) -> None:
    assert callable(make)
    expected = expected_json("seed000.json")
    pkg = load_bytes(make(), name)
    assert pkg.info.format == Path(name).suffix[1:]
    check_tables(pkg, expected)
    check_projects(pkg, expected)


def test_xlsx_numbers_are_never_floats() -> None:
    pkg = load_bytes(seed_xlsx(), "seed.xlsx")
    row = next(t for t in pkg.tables if t.kind.value == "gpb_basic_economic").by_code("30201")
    assert row is not None and str(row.get("total")) == "5.55"


def test_office_file_checked_from_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "预算.docx"
    path.write_bytes(seed_docx())
    result = CliRunner().invoke(app, ["check", str(path), "-p", "chongqing-2026"])
    assert result.exit_code == 1
    assert "当年预算346.16万元与测算依据" in result.stdout


def test_damaged_and_oversized_office_files() -> None:
    data = seed_docx()
    with pytest.raises(BinaryFileError):
        load_bytes(data[: len(data) // 2], "cut.docx")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/big.bin", b"\0" * (MAX_UNPACKED + 1))
    with pytest.raises(TooLargeError):
        load_bytes(bomb.getvalue(), "bomb.xlsx")


def test_xlsx_findings_point_at_sheet_and_cell() -> None:
    from yusuan.check import check_package

    data = seed_xlsx()
    pkg = load_bytes(data, "seed.xlsx")
    row = next(t for t in pkg.tables if t.kind.value == "gpb_expenditure").by_code("2010301")
    assert row is not None
    cell = row.cell("total")
    # the seed's line 103 is the sheet's row 103; the amount is its third column
    assert cell is not None and cell.source.cell == "Sheet!C103"
    tails = [f for f in check_package(pkg).findings if f.rule == "A001" and "302" in f.message]
    assert tails and all(f.location.cell and f.location.cell.startswith("Sheet!") for f in tails)
    assert "单元格 Sheet!" in tails[0].location.describe()
    # a finding on a whole row (an unknown code) names the row's filled cells: Sheet!A103:D103
    assert row.source.cell == "Sheet!A103:D103"
    pkg = replace(
        pkg,
        tables=tuple(
            replace(t, rows=tuple(replace(r, code="2019999") if r is row else r for r in t.rows))
            for t in pkg.tables
        ),
    )
    unknown = [f for f in check_package(pkg).findings if f.rule == "K001"]
    assert unknown and unknown[0].location.cell == "Sheet!A103:D103"
