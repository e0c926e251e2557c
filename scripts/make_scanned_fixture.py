"""Regenerate tests/fixtures/scanned/: seed 000 as a text-layer PDF and as an image-only "scan".

    .venv/bin/python scripts/make_scanned_fixture.py

seed000-text.pdf is seed 000 (examples/綦江区政务办2026年部门预算.txt) published by yusuan in the
chongqing-2026 layout; seed000-scan.pdf is every page of it rendered by PDFium at 300 DPI,
thresholded to 1 bit (what an office scanner's black-and-white setting produces) and put back
into a PDF with no text layer (Pillow, CCITT G4: about 30 KB a page). The OCR tests and
bench/ocr_accuracy.py compare the two.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from yusuan.pipeline import load
from yusuan.publish import render
from yusuan.publish.layout import load_layout

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "綦江区政务办2026年部门预算.txt"
OUT = ROOT / "tests" / "fixtures" / "scanned"
DPI = 300
THRESHOLD = 160  # grey levels below are black


def scan(pdf_bytes: bytes, dpi: int = DPI) -> bytes:
    """An image-only PDF of every page of ``pdf_bytes`` (1-bit, ``dpi``)."""
    pdf = pdfium.PdfDocument(pdf_bytes)
    images: list[Image.Image] = []
    for page in pdf:
        grey = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        images.append(grey.point(lambda v: 255 if v >= THRESHOLD else 0).convert("1"))
        page.close()
    pdf.close()
    buf = io.BytesIO()
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buf.getvalue()


def main() -> None:
    text_pdf = render(load(SEED), load_layout("chongqing-2026"), "pdf")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "seed000-text.pdf").write_bytes(text_pdf)
    (OUT / "seed000-scan.pdf").write_bytes(scan(text_pdf))
    for name in ("seed000-text.pdf", "seed000-scan.pdf"):
        print(f"{OUT / name}: {(OUT / name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
