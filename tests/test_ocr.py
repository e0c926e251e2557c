"""OCR of scanned PDFs: the image-only seed 000 reads into the text route's tables; findings
that depend on a low-confidence number are 需人工核对; no Tesseract gives the Chinese error."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from bench.ocr_accuracy import SCAN_PDF, TEXT_PDF, pages_of, pages_pdf, score
from PIL import Image

from tests.helpers.cli import assert_rejected, invoke
from tests.helpers.ocr import require_tesseract
from yusuan.check import check_package
from yusuan.errors import EXIT_INPUT, OcrUnavailableError
from yusuan.model import BudgetPackage
from yusuan.pipeline import load, load_bytes
from yusuan.readers import RawCell, RawDocument, RawLine, read_path
from yusuan.readers.ocr import image as ocr_image
from yusuan.readers.ocr import pages as ocr
from yusuan.readers.ocr import refine as ocr_refine
from yusuan.readers.ocr import tesseract
from yusuan.readers.ocr import upright as ocr_upright
from yusuan.readers.ocr.text import OcrCell, clean_text
from yusuan.recognize import recognize
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.review import REVIEW_PREFIX

#: the pages of seed 000's tables (0-based): reading only these keeps the test to ~10 s; the
#: whole 22-page document is measured by bench/ocr_accuracy.py
TABLE_PAGES = range(3, 11)


def _pages(path: Path, pages: range = TABLE_PAGES) -> bytes:
    return pages_pdf(path, pages)


@cache
def _scanned() -> BudgetPackage:
    return load_bytes(_pages(SCAN_PDF), "scan.pdf")


def test_scan_reads_into_the_text_routes_tables() -> None:
    require_tesseract()
    text, ocr = load_bytes(_pages(TEXT_PDF), "text.pdf"), _scanned()
    assert len(text.tables) == 8
    assert [t.kind for t in ocr.tables] == [t.kind for t in text.tables]
    s = score(text, ocr)
    assert s.total == 163
    assert s.ratio >= 0.995, (s.exact, s.total, s.wrong)
    assert s.wrong == [], "every number read wrong must be flagged low-confidence"
    # measured on the committed fixture: every number exact
    assert s.exact == s.total


def test_scan_reads_indicator_signs_and_units() -> None:
    """绩效目标表 pages: ≥ ≤ = told by their shape, % and every value and weight as printed."""
    require_tesseract()
    pages = range(12, 15)  # three project sheets (pages 13–15)

    def indicators(pkg: BudgetPackage) -> list[tuple[str, str, str | None, Decimal | None]]:
        return [(i.operator, i.value, i.unit, i.weight) for p in pkg.projects for i in p.indicators]

    text = load_bytes(_pages(TEXT_PDF, pages), "text.pdf")
    ocr = load_bytes(_pages(SCAN_PDF, pages), "scan.pdf")
    assert len(indicators(text)) == 18
    assert {op for op, *_ in indicators(text)} >= {"≥", "≤", "="}
    assert indicators(ocr) == indicators(text)
    # page 15's name wraps inside its cell, after a code of Latin letters and digits
    assert [p.name for p in ocr.projects] == [p.name for p in text.projects]


def _targets(pkg: BudgetPackage) -> list[tuple[str, str, str | None, Decimal | None]]:
    sheets = [*pkg.projects, pkg.department_performance]
    return [
        (i.operator, i.value, i.unit, i.weight)
        for p in sheets
        if p is not None
        for i in p.indicators
    ]


def test_scan_reads_a_wrapped_indicator_name_as_one_cell() -> None:
    """Page 12, 整体绩效目标表: a 三级指标 printed on two lines inside its ruled cell is one
    cell, so its weight stays in the 指标权重 column (it was read as a second name cell, and
    the weight lost without a flag); a quoted name read alone comes out as printed; a % that
    Tesseract left out is found as an unread glyph and read by the digits pass."""
    require_tesseract()
    text = load_bytes(_pages(TEXT_PDF, range(11, 12)), "text.pdf")
    ocr = load_bytes(_pages(SCAN_PDF, range(11, 12)), "scan.pdf")
    assert ocr.department_performance is not None
    names = [i.name for i in ocr.department_performance.indicators]
    assert "“一件事一次办”" in names
    assert any(n.startswith("“跨省通办”、“川渝通办”") for n in names)
    assert len(_targets(text)) == 8
    assert _targets(ocr) == _targets(text)


def test_scan_disputed_amounts_read_a_third_time() -> None:
    """Pages 17, 18 and 22: the Chinese and the digits passes read a weight (15 → 5, a thin 1
    beside a ruling) and a value (98 → ss / 93, at the top edge of a page) differently; the
    enlarged third reading settles them, and both stay flagged for a check by hand."""
    require_tesseract()
    pages = [16, 17, 21]

    text, ocr = pages_of(TEXT_PDF, pages), pages_of(SCAN_PDF, pages)
    assert _targets(ocr) == _targets(text)
    disputed = [
        i
        for p in ocr.projects
        for i in p.indicators
        if (i.name, i.weight, i.value)
        in {("设备正常使用率", Decimal(10), "98"), ("建设周期", Decimal(15), "30")}
    ]
    assert len(disputed) == 2
    assert all(i.source.uncertain for i in disputed)


# --------------------------------------------------------------------------------------------
# scans as they come: askew, grey and grainy, sideways, upside down (made by
# tests/fixtures/scanned/make_variants.py from the seed's pages)

SCANNED_DIR = SCAN_PDF.parent


@pytest.mark.parametrize(
    "name",
    [
        "seed000-p5-askew-grey.pdf",  # 1.2° askew, grey paper, grain, JPEG
        "seed000-p5-rotate-attr.pdf",  # the image sideways, shown upright by /Rotate 90
        "seed000-p5-sideways.pdf",  # the image sideways, no /Rotate: Tesseract's OSD turns it
        "seed000-p5-upside-down.pdf",
    ],
)
def test_degraded_scan_reads_every_number(name: str) -> None:
    require_tesseract()
    text = load_bytes(_pages(TEXT_PDF, range(4, 5)), "text.pdf")
    s = score(text, load(SCANNED_DIR / name))
    assert s.total == 37
    assert (s.exact, s.flagged, s.wrong) == (37, [], [])


def test_askew_project_sheet_reads_its_targets() -> None:
    require_tesseract()
    text = load_bytes(_pages(TEXT_PDF, range(12, 13)), "text.pdf")
    ocr = load(SCANNED_DIR / "seed000-p13-askew.pdf")
    assert [(p.name, p.budget) for p in ocr.projects] == [(p.name, p.budget) for p in text.projects]
    assert len(_targets(text)) == 7
    assert _targets(ocr) == _targets(text)


_ROWS = (
    ("科目名称", "合计", "基本支出", "项目支出"),
    ("一般公共服务支出", "1,283.02", "392.77", "890.25"),
    ("政府办公厅（室）及相关机构事务", "1,100.00", "300.00", "800.00"),
    ("社会保障和就业支出", "138.72", "138.72", "0.00"),
)


def _ruled_table(inner: str) -> Image.Image:
    """An A4 page at 200 DPI with a table framed and ruled across; its column rulings
    ``solid``, ``dashed`` (short dashes, as a faded scan leaves them) or ``none``."""
    from PIL import ImageDraw, ImageFont

    fonts = sorted(Path("/usr/share/fonts").rglob("NotoSansCJK-Regular.ttc"))
    assert fonts, "fonts-noto-cjk (scripts/system-deps.sh)"
    font = ImageFont.truetype(str(fonts[0]), 30)
    img = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(img)
    top, height, xs = 300, 60, [100, 760, 1060, 1360, 1560]
    bottom = top + height * len(_ROWS)
    draw.rectangle((xs[0], top, xs[-1], bottom), outline=0, width=3)
    for i in range(1, len(_ROWS)):
        draw.line((xs[0], top + i * height, xs[-1], top + i * height), fill=0, width=2)
    for x in xs[1:-1]:
        if inner == "solid":
            draw.line((x, top, x, bottom), fill=0, width=2)
        elif inner == "dashed":
            for y in range(top, bottom, 12):
                draw.line((x, y, x, y + 5), fill=0, width=2)
    for i, row in enumerate(_ROWS):
        draw.text((xs[0] + 15, top + i * height + 12), row[0], font=font, fill=0)
        for j, value in enumerate(row[1:]):
            width = draw.textlength(value, font=font)
            draw.text((xs[j + 2] - 15 - width, top + i * height + 12), value, font=font, fill=0)
    return img


@pytest.mark.parametrize("inner", ["solid", "dashed", "none"])
def test_a_table_ruled_only_by_its_frame_keeps_its_columns(inner: str) -> None:
    """Text inside one ruled cell is joined only where the line is ruled inside: a table whose
    column rulings are dashed or missing keeps its cells apart by their gaps (it was read as
    one cell a row: every number lost)."""
    require_tesseract()
    lines, _ = ocr.read_image(tesseract.require(1), _ruled_table(inner))
    assert [tuple(c.text for c in line) for line in lines] == list(_ROWS)


def test_skew_is_measured_and_undone() -> None:
    """The projection profile finds the angle a page was turned by (to 0.05°), either way."""
    page = pdfium.PdfDocument(SCAN_PDF)[4].render(scale=150 / 72, grayscale=True).to_pil()
    page = page.convert("L")
    for angle in (-2.4, -0.5, 0.0, 1.3):
        turned = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
        found = ocr_upright.skew(turned, ocr_upright.ink_threshold(turned))
        assert abs(found + angle) <= 0.05, (angle, found)


def test_ink_threshold_follows_the_paper() -> None:
    """A clean scan keeps the measured 160; grey paper with grey ink gets its own level,
    between the two."""
    page = pdfium.PdfDocument(SCAN_PDF)[4].render(scale=100 / 72, grayscale=True).to_pil()
    page = page.convert("L")
    assert abs(ocr_upright.ink_threshold(page) - 160) <= 10
    grey = page.point(lambda v: 60 + (215 - 60) * v // 255)
    ink, paper = ocr_upright.levels(grey)
    assert abs(ink - 60) <= 5 and abs(paper - 215) <= 2
    assert ink < ocr_upright.ink_threshold(grey) < paper

    def inked(img: Image.Image) -> int:  # pixels that are ink at the page's own threshold
        threshold = ocr_upright.ink_threshold(img)
        return img.point(lambda v: 255 if v < threshold else 0).histogram()[255]

    assert abs(inked(grey) - inked(page)) <= 0.1 * inked(page)  # binarized like the clean one


def test_a_page_without_ink_is_not_turned() -> None:
    """A blank page (every angle as good as another) stays level, white or uniformly grey."""
    for level in (255, 200):
        blank = Image.new("L", (1654, 2339), level)
        assert ocr_upright.skew(blank, ocr_upright.ink_threshold(blank)) == 0.0
        assert ocr_upright.straighten(blank)[2] == 0.0


def test_a_sideways_page_is_turned_before_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text running down the page is found by the sharpness of its columns; Tesseract's OSD
    says which way it is turned, and the page is read once, upright."""
    require_tesseract()
    page = pdfium.PdfDocument(SCAN_PDF)[4].render(scale=200 / 72, grayscale=True).to_pil()
    page = page.convert("L")
    assert not ocr_upright.looks_sideways(page)
    assert not ocr_upright.looks_sideways(page.rotate(180))
    exe = tesseract.require(1)
    for angle in (90, 270):
        turned = page.rotate(angle, expand=True, fillcolor=255)
        assert ocr_upright.looks_sideways(turned)
        clockwise = tesseract.orientation(exe, ocr_image.pgm(turned), 200)
        assert clockwise == angle  # counter-clockwise by angle: turned back clockwise by it
        assert ocr._turned(turned, clockwise).tobytes() == page.tobytes()
    reads: list[object] = []
    original = ocr.read_page

    def read_page(*a: Any) -> Any:
        reads.append(a)
        return original(*a)

    monkeypatch.setattr(ocr, "read_page", read_page)
    lines, prepared = ocr.read_image(exe, page.rotate(90, expand=True, fillcolor=255))
    assert len(reads) == 1 and prepared.width < prepared.height
    assert any(c.text == "1,421.74" for line in lines for c in line)


def test_digits_read_as_letters_are_read_again_but_words_are_not() -> None:
    def cell(text: str) -> OcrCell:
        return OcrCell(text, 0, 10, 0, 10, 10.0, 80.0)

    assert [ocr_refine._letters(cell(t)) for t in ("ss", "s8", "lO", "98")] == [
        True,
        True,
        True,
        False,
    ]
    assert not any(ocr_refine._letters(cell(t)) for t in ("5G", "A01", "IPv6", "CPU"))


def test_stacks_stay_under_tesseracts_image_limit() -> None:
    cells = [OcrCell("1.00", 0, 100, 0, 60, 25.0, 50.0) for _ in range(600)]
    for scale in (1, ocr_refine.ENLARGE):
        batches = ocr_refine._batches(cells, scale)
        assert sum(len(b) for b in batches) == 600
        page = ocr_image.PreparedPage(200, 100, 200, b"P5 200 100 255\n" + b"\xff" * 20000, ())
        for batch in batches:
            _, ends = ocr_refine._stack(page, batch, scale)
            assert ends[-1] <= ocr_refine.MAX_STACK


def test_a_poster_sized_page_is_rendered_within_bounds() -> None:
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(4000, 6000)  # points: 1.4 × 2.1 m
    img, dpi = ocr._render(pdf[0])
    assert max(img.size) <= ocr.MAX_SIDE and dpi < ocr.OCR_DPI
    assert ocr.raw_lines(1, [], img.height * 72 / dpi, dpi) == []


def test_scan_numbers_carry_confidence() -> None:
    require_tesseract()
    cells = [c for t in _scanned().tables for r in t.rows for _, c in r.cells if c.text]
    assert cells
    assert all(c.source.confidence is not None for c in cells)
    assert all(0.0 <= (c.source.confidence or 0) <= 1.0 for c in cells)
    located = cells[0].source.as_dict()
    assert located["confidence"] == cells[0].source.confidence


def test_scan_checks_from_the_command_line(tmp_path: Path) -> None:
    require_tesseract()
    page = pdfium.PdfDocument.new()  # one page of the scan: 一般公共预算财政拨款支出表
    page.import_pages(pdfium.PdfDocument(SCAN_PDF), [4])
    path = tmp_path / "scan.pdf"
    page.save(path)
    page.close()
    result = invoke("check", path, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    doc = json.loads(result.stdout)["documents"][0]
    table = next(t for t in doc["tables"] if t["kind"] == "gpb_expenditure")
    assert table["rows"][0]["values"] == {
        "total": "1421.74",
        "basic": "531.49",
        "project": "890.25",
    }


# --------------------------------------------------------------------------------------------
# a low-confidence number: 需人工核对 instead of an error


def _with_total(doc: RawDocument, wrong: str, conf: float | None) -> RawDocument:
    """The text route's seed 000 with the 一般公共预算财政拨款支出表's 合计 total misprinted."""
    lines = list(doc.lines)
    title = next(i for i, x in enumerate(lines) if x.compact == "一般公共预算财政拨款支出预算表")
    i = next(i for i in range(title, len(lines)) if lines[i].filled[0].text == "合计")
    line = lines[i]
    cells = list(line.cells)
    j = next(k for k, c in enumerate(cells) if c.text == "1,421.74")
    cells[j] = RawCell(wrong, cells[j].x0, cells[j].x1, conf)
    lines[i] = RawLine(line.page, line.number, tuple(cells), line.y, line.height)
    return replace(doc, lines=tuple(lines))


def _about(findings: tuple[Finding, ...], value: str) -> list[Finding]:
    return [f for f in findings if f.stated == Decimal(value) or f.expected == Decimal(value)]


def test_low_confidence_number_makes_findings_need_review() -> None:
    doc = read_path(TEXT_PDF)
    printed = check_package(recognize(_with_total(doc, "1,421.47", None))).findings
    errors = [f for f in _about(printed, "1421.47") if f.severity is Severity.ERROR]
    assert errors, "a misprinted total is an error when read from a text layer"

    ocr = check_package(recognize(_with_total(doc, "1,421.47", 0.35))).findings
    about = _about(ocr, "1421.47")
    assert about
    assert all(f.severity is Severity.WARNING for f in about)
    assert all(f.message.startswith(REVIEW_PREFIX) for f in about)
    assert any("（OCR 置信度 0.35）" in f.location.describe() for f in about)
    assert {f.message.removeprefix(REVIEW_PREFIX) for f in about} == {
        f.message for f in _about(printed, "1421.47")
    }


def test_confident_ocr_number_keeps_the_error() -> None:
    doc = read_path(TEXT_PDF)
    findings = check_package(recognize(_with_total(doc, "1,421.47", 0.97))).findings
    assert any(f.severity is Severity.ERROR for f in _about(findings, "1421.47"))
    assert not any(f.message.startswith(REVIEW_PREFIX) for f in findings)


# --------------------------------------------------------------------------------------------
# no Tesseract


def test_missing_tesseract_is_a_chinese_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tesseract, "executable", lambda: None)
    with pytest.raises(OcrUnavailableError) as err:
        read_path(SCAN_PDF)
    message = err.value.message
    assert message.startswith(str(SCAN_PDF))
    assert "22 页" in message
    assert "Tesseract" in message
    assert "apt-get install tesseract-ocr tesseract-ocr-chi-sim" in message


def test_missing_tesseract_on_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tesseract, "executable", lambda: None)
    result = invoke("check", SCAN_PDF)
    assert_rejected(result, EXIT_INPUT, "扫描图像", "OCR", "tesseract-ocr-chi-sim")


def test_text_pdfs_never_need_tesseract(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tesseract, "executable", lambda: None)
    assert load(TEXT_PDF).tables


def test_a_scanned_page_beside_text_is_left_out_without_tesseract(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A text PDF with a scanned page in it (a stamped cover) still reads without Tesseract."""
    monkeypatch.setattr(tesseract, "executable", lambda: None)
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(SCAN_PDF), [3])
    mixed.import_pages(pdfium.PdfDocument(TEXT_PDF), [4])
    path = tmp_path / "mixed.pdf"
    mixed.save(path)
    mixed.close()
    pkg = load(path)
    assert [t.kind.value for t in pkg.tables] == ["gpb_expenditure"]


# --------------------------------------------------------------------------------------------
# cleaning OCR'd cells


@pytest.mark.parametrize(
    ("read", "clean"),
    [
        ("1.421.74", "1,421.74"),
        ("1,421.74。", "1,421.74"),
        ("”1,283.02", "1,283.02"),
        ("-般公共预算资金", "一般公共预算资金"),
        ("”支出合计", "支出合计"),
        ("“三公”经费", "“三公”经费"),
        ("30101", "30101"),
        ("(一)职能职责", "（一）职能职责"),
        ("其中:一般公共预算拨款1,421.74万元", "其中：一般公共预算拨款1,421.74万元"),
        ("公务接待费]万元", "公务接待费1万元"),
        ("维修〈护)费", "维修（护）费"),
        ("023-48602755", "023-48602755"),
        ("2026年", "2026年"),
    ],
)
def test_clean_text(read: str, clean: str) -> None:
    assert clean_text(read) == clean


def _with_name(doc: RawDocument, name: str, wrong: str, conf: float | None) -> RawDocument:
    """The text route's seed 000 with one row name of the 一般公共预算财政拨款支出表 misread."""
    lines = list(doc.lines)
    title = next(i for i, x in enumerate(lines) if x.compact == "一般公共预算财政拨款支出预算表")
    i = next(i for i in range(title, len(lines)) if any(c.text == name for c in lines[i].cells))
    line = lines[i]
    cells = [RawCell(wrong, c.x0, c.x1, conf) if c.text == name else c for c in line.cells]
    lines[i] = RawLine(line.page, line.number, tuple(cells), line.y, line.height)
    return replace(doc, lines=tuple(lines))


def test_a_name_read_with_low_confidence_makes_its_k001_need_review() -> None:
    """A 科目 name OCR misread (行政运仃) is not reported as the department's misnaming."""
    doc = read_path(TEXT_PDF)

    def k001(conf: float | None) -> list[Finding]:
        findings = check_package(recognize(_with_name(doc, "行政运行", "行政运仃", conf))).findings
        return [f for f in findings if f.rule == "K001" and "行政运仃" in f.message]

    printed = k001(None)
    assert printed and not printed[0].message.startswith(REVIEW_PREFIX)
    scanned = k001(0.41)
    assert scanned and all(f.message.startswith(REVIEW_PREFIX) for f in scanned)


def test_a_scan_with_no_table_found_says_so(tmp_path: Path) -> None:
    """The seed's scanned cover alone: OCR reads it, finds no table, and the message speaks of
    the scan (its quality), not of a file that is no budget."""
    require_tesseract()
    path = tmp_path / "cover.pdf"
    path.write_bytes(pages_pdf(SCAN_PDF, [0]))
    assert_rejected(invoke("check", path), EXIT_INPUT, "扫描件经 OCR 文字识别后", "更清晰的扫描件")


def test_scanned_pages_given_as_images_are_read() -> None:
    """A page scanned to PNG, and two pages in one TIFF (as scanners save them), read like the
    scanned PDF: every number of the 一般公共预算财政拨款支出表 exact."""
    require_tesseract()
    pdf = pdfium.PdfDocument(SCAN_PDF)
    page5, page6 = (pdf[n].render(scale=200 / 72, grayscale=True).to_pil() for n in (4, 5))
    png, tiff = io.BytesIO(), io.BytesIO()
    page5.save(png, "PNG", dpi=(200, 200))
    page5.save(tiff, "TIFF", save_all=True, append_images=[page6], compression="tiff_lzw")
    for name, data, pages in (("scan.png", png, range(4, 5)), ("scan.tif", tiff, range(4, 6))):
        text = load_bytes(_pages(TEXT_PDF, pages), "text.pdf")
        s = score(text, load_bytes(data.getvalue(), name))
        assert s.total > 36 * len(pages) and s.exact == s.total, (name, s.wrong, s.flagged)
