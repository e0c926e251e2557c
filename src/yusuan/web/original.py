"""A page of a package's original PDF as an image, with the printed text a finding is about
marked (found through the PDF's text layer: the numbers as printed)."""

from __future__ import annotations

import io
from collections.abc import Iterable

import pypdfium2 as pdfium
from PIL import ImageDraw

from yusuan import limits
from yusuan.errors import LimitError, YusuanError
from yusuan.readers.image import image_pdf
from yusuan.readers.pdfscan import check_streams
from yusuan.readers.sniff import looks_like_image
from yusuan.web.errors import BadRequest, NotFound

SCALE = 1.5  # 108 DPI: a page is readable on screen and a few hundred KB as PNG
MAX_MARKS = 20
MARK = (200, 30, 30)


#: the uploads that have pages to show: PDFs and scanned pages given as images
PAGED = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


def has_pages(name: str) -> bool:
    """Whether an uploaded file (by its name) has original pages to show."""
    return name.lower().endswith(PAGED)


def page_count(data: bytes) -> int:
    pdf = _open(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def _open(data: bytes) -> pdfium.PdfDocument:
    """The original as a PDF (scanned pages uploaded as images: as the reader read them)."""
    try:
        if looks_like_image(data):
            data = image_pdf(data, "原文件")
        else:
            check_streams(data, "原文件")  # a bomb is not handed to PDFium
        return pdfium.PdfDocument(data)
    except LimitError as exc:
        raise BadRequest(exc.message) from None
    except (pdfium.PdfiumError, YusuanError):
        raise BadRequest("原文件不是可读取的 PDF 或扫描图片。") from None


def require_page(number: int, pages: int) -> None:
    """:class:`NotFound` unless the original has page ``number`` (1-based)."""
    if not 1 <= number <= pages:
        raise NotFound(f"原文件没有第 {number} 页（共 {pages} 页）。")


def render_page(data: bytes, number: int, find: Iterable[str] = ()) -> bytes:
    """Page ``number`` (1-based) as PNG, every occurrence of the ``find`` texts boxed."""
    pdf = _open(data)
    try:
        require_page(number, len(pdf))
        page = pdf[number - 1]
        height = page.get_height()
        # a poster-sized page (14,400 points square) is shown at fewer pixels, not at 3.7 GB
        scale = limits.current().render_scale(page.get_width(), height, SCALE)
        image = page.render(scale=scale).to_pil().convert("RGB")
        textpage = page.get_textpage()
        draw = ImageDraw.Draw(image)
        marks = 0
        for text in dict.fromkeys(t for t in find if t.strip()):
            search = textpage.search(text)
            while marks < MAX_MARKS and (hit := search.get_next()) is not None:
                start, count = hit
                boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
                left = min(b[0] for b in boxes)
                bottom = min(b[1] for b in boxes)
                right = max(b[2] for b in boxes)
                top = max(b[3] for b in boxes)
                draw.rectangle(
                    (
                        (left - 2) * scale,
                        (height - top - 2) * scale,
                        (right + 2) * scale,
                        (height - bottom + 2) * scale,
                    ),
                    outline=MARK,
                    width=3,
                )
                marks += 1
            search.close()
        textpage.close()
        page.close()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=False)
        return out.getvalue()
    finally:
        pdf.close()
