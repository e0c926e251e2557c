"""PDF layout robustness: pages carrying a /Rotate (scanned-then-rotated, or landscape pages
saved portrait) read exactly as the upright pages."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from yusuan.model import BudgetPackage
from yusuan.pipeline import load_bytes

TEXT_PDF = Path(__file__).parent / "fixtures" / "scanned" / "seed000-text.pdf"


def cells(pkg: BudgetPackage) -> list[tuple[str, str, str | None, str, str]]:
    return [
        (t.kind.value, r.name, r.code, key, str(c.value))
        for t in pkg.tables
        for r in t.rows
        for key, c in r.cells
    ]


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_rotated_pages_read_as_upright(degrees: int) -> None:
    data = TEXT_PDF.read_bytes()
    pdf = pdfium.PdfDocument(data)
    try:
        for i in range(len(pdf)):
            pdf[i].set_rotation(degrees)
        out = io.BytesIO()
        pdf.save(out)
    finally:
        pdf.close()
    upright = load_bytes(data, "upright.pdf")
    rotated = load_bytes(out.getvalue(), "rotated.pdf")
    assert cells(upright)  # the seed's tables, every number
    assert cells(rotated) == cells(upright)
    assert [p.text for p in rotated.paragraphs] == [p.text for p in upright.paragraphs]
    assert [(p.name, p.budget) for p in rotated.projects] == [
        (p.name, p.budget) for p in upright.projects
    ]
