"""OCR route vs text route: every number of every table (``python bench/ocr_accuracy.py``).

Reads the image-only PDF of seed 000 (tests/fixtures/scanned/) by OCR and the text-layer PDF it
was rendered from by the PDF reader, pairs their tables by kind and their rows in order (by code,
else name), and counts the text route's numbers the OCR route read exactly; a number read wrong
(or not at all) should carry a low confidence.
"""

from __future__ import annotations

import difflib
import io
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import zip_longest
from pathlib import Path

import pypdfium2 as pdfium

from yusuan.model import BudgetPackage
from yusuan.model.projects import PerformanceSheet, Project
from yusuan.model.provenance import Source
from yusuan.model.tables import Row, Table
from yusuan.pipeline import load, load_bytes

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ROOT / "tests" / "fixtures" / "scanned"
SCAN_PDF = SCANNED / "seed000-scan.pdf"
TEXT_PDF = SCANNED / "seed000-text.pdf"


#: one page of the seed (一般公共预算财政拨款支出表) scanned badly: tests/fixtures/scanned/make_variants.py
VARIANTS = (
    "seed000-p5-askew-grey.pdf",
    "seed000-p5-rotate-attr.pdf",
    "seed000-p5-sideways.pdf",
    "seed000-p5-upside-down.pdf",
)


def pages_pdf(path: Path, pages: Sequence[int]) -> bytes:
    """A PDF of some pages (0-based) of another."""
    out, src = pdfium.PdfDocument.new(), pdfium.PdfDocument(path)
    try:
        out.import_pages(src, list(pages))
        buf = io.BytesIO()
        out.save(buf)
        return buf.getvalue()
    finally:
        out.close()
        src.close()


def pages_of(path: Path, pages: Sequence[int]) -> BudgetPackage:
    """Some pages of a PDF, read."""
    return load_bytes(pages_pdf(path, pages), path.name)


@dataclass
class NumberScore:
    """How many of the reference's numbers the OCR route read exactly, and the others."""

    total: int = 0
    exact: int = 0
    flagged: list[str] = field(default_factory=list)  # read wrong, marked low-confidence
    wrong: list[str] = field(default_factory=list)  # wrong and not flagged: what and where

    @property
    def ratio(self) -> float:
        return self.exact / self.total if self.total else 1.0


def _key(row: Row) -> tuple[str | None, str]:
    return (row.side, row.code or "".join(row.name.split()))


def _pairs(ref: Table, got: Table) -> list[tuple[Row, Row | None]]:
    a, b = [_key(r) for r in ref.rows], [_key(r) for r in got.rows]
    pairs: list[tuple[Row, Row | None]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i0, i1, j0, j1 in matcher.get_opcodes():
        for k in range(i1 - i0):
            same_length = tag == "equal" or (tag == "replace" and i1 - i0 == j1 - j0)
            pairs.append((ref.rows[i0 + k], got.rows[j0 + k] if same_length else None))
    return pairs


def score(reference: BudgetPackage, ocr: BudgetPackage) -> NumberScore:
    """Compare every amount of every table of ``reference`` with ``ocr``."""
    result = NumberScore()
    for table in reference.tables:
        other = next((t for t in ocr.tables if t.kind is table.kind), None)
        pairs = _pairs(table, other) if other else [(r, None) for r in table.rows]
        for ref_row, got_row in pairs:
            for key, cell in ref_row.cells:
                if cell.value is None:
                    continue
                result.total += 1
                got = got_row.cell(key) if got_row else None
                if got is not None and got.value == cell.value:
                    result.exact += 1
                else:
                    value: Decimal | str | None = got.text if got else None
                    what = f"{table.kind.label}「{ref_row.name}」{key}: {cell.value} → {value}"
                    flagged = got is not None and got.source.uncertain
                    (result.flagged if flagged else result.wrong).append(what)
    return result


def _project_numbers(pkg: BudgetPackage) -> list[tuple[str, Decimal | None, Source]]:
    """Every number of the 绩效目标表 (budgets, funding sources, weights, indicator values)."""
    out: list[tuple[str, Decimal | None, Source]] = []
    sheets: list[Project | PerformanceSheet] = [*pkg.projects]
    if pkg.department_performance is not None:
        sheets.append(pkg.department_performance)
    for i, p in enumerate(sheets):
        if isinstance(p, Project):
            out.append((f"项目{i}.当年预算", p.budget, p.field_source("budget")))
            out.extend(
                (f"项目{i}.{k}", v, p.field_source(k)) for k, v in p.sources if v is not None
            )
        for j, ind in enumerate(p.indicators):
            out.append((f"项目{i}.指标{j}.权重", ind.weight, ind.source))
            if ind.numeric_value is not None or any(ch.isdigit() for ch in ind.value):
                out.append((f"项目{i}.指标{j}.指标值", ind.numeric_value, ind.source))
    return out


def score_projects(reference: BudgetPackage, ocr: BudgetPackage) -> NumberScore:
    """The same count over the 绩效目标表 (paired in order)."""
    result = NumberScore()
    got = {name: (value, src) for name, value, src in _project_numbers(ocr)}
    for name, value, _ in _project_numbers(reference):
        if value is None:
            continue
        result.total += 1
        read, src = got.get(name, (None, None))
        if read == value:
            result.exact += 1
        elif src is not None and src.uncertain:
            result.flagged.append(f"{name}: {value} → {read}")
        else:
            result.wrong.append(f"{name}: {value} → {read}")
    return result


def _same(want: object, got: object) -> bool:
    """Equal, taking ( and （ as one (a glyph's width tells them apart, not its shape)."""
    if isinstance(want, str) and isinstance(got, str):
        return want.replace("(", "（").replace(")", "）") == got.replace("(", "（").replace(
            ")", "）"
        )
    return want == got


def text_fields(reference: BudgetPackage, ocr: BudgetPackage) -> tuple[int, int, list[str]]:
    """Indicator texts (levels, name, sign, unit, core) and project names read exactly, of
    all the reference's, with the others; a sheet or indicator the OCR route lacks counts as
    wrong (informative: the issue's bar is on numbers)."""
    exact = total = 0
    wrong: list[str] = []
    fields = ("level1", "level2", "name", "operator", "unit", "core")
    ref_sheets = [*reference.projects, reference.department_performance]
    ocr_sheets = [*ocr.projects, ocr.department_performance]
    for a, b in zip_longest(ref_sheets, ocr_sheets):
        if a is None:
            continue
        pairs: list[tuple[object, object]] = []
        if isinstance(a, Project):
            pairs.append((a.name, b.name if isinstance(b, Project) else None))
        got = b.indicators if b is not None else ()
        for x, y in zip_longest(a.indicators, got[: len(a.indicators)]):
            pairs.extend((getattr(x, f), getattr(y, f) if y else None) for f in fields)
        for want, read in pairs:
            total += 1
            if _same(want, read):
                exact += 1
            else:
                wrong.append(f"{want!r} → {read!r}")
    return exact, total, wrong


def main() -> int:
    reference = load(TEXT_PDF)
    t = time.perf_counter()
    ocr = load(SCAN_PDF)
    seconds = time.perf_counter() - t
    s = score(reference, ocr)
    p = score_projects(reference, ocr)
    for label, x in (("table", s), ("绩效目标表", p)):
        print(
            f"{label} numbers exact: {x.exact}/{x.total} ({x.ratio:.2%}); wrong but flagged: "
            f"{len(x.flagged)}; wrong, not flagged: {len(x.wrong)}"
        )
        for w in x.flagged:
            print(f"  wrong, flagged: {w}")
        for w in x.wrong:
            print(f"  wrong, not flagged: {w}")
    exact, total = s.exact + p.exact, s.total + p.total
    ok = exact / total >= 0.995 and not s.wrong and not p.wrong
    print(f"all numbers exact: {exact}/{total} ({exact / total:.2%})")
    text_exact, text_total, text_wrong = text_fields(reference, ocr)
    print(f"绩效目标表 texts exact: {text_exact}/{text_total} (informative)")
    for w in text_wrong:
        print(f"  text: {w}")
    text_page = pages_of(TEXT_PDF, [4])
    for variant in VARIANTS:
        t = time.perf_counter()
        v = score(text_page, load(SCANNED / variant))
        print(
            f"{variant}: {v.exact}/{v.total} exact, {len(v.flagged)} flagged, "
            f"{len(v.wrong)} wrong unflagged, {time.perf_counter() - t:.1f} s"
        )
        ok = ok and not v.wrong
    uncertain = sum(1 for t in ocr.tables for r in t.rows for _, c in r.cells if c.source.uncertain)
    print(f"table numbers marked low-confidence (right or wrong): {uncertain}")
    print(
        f"OCR: {seconds:.1f} s for {ocr.info.pages} pages ({seconds / ocr.info.pages:.2f} s/page)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
