"""PDF: the HTML page typeset by WeasyPrint with embedded CJK fonts and a text layer.

The fonts come from the system (the setup installs Debian's ``fonts-noto-cjk``); without a
CJK font the PDF would show empty boxes, so that is an error, not a silent fallback.
"""

from __future__ import annotations

import subprocess

from yusuan.errors import OutputError
from yusuan.publish.document import Document
from yusuan.publish.html import render_html

CJK_FONT_HINT = "请安装中文字体（Debian/Ubuntu：apt-get install fonts-noto-cjk）"


def cjk_font_available() -> bool:
    """True when fontconfig knows a font covering Simplified Chinese."""
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(out.stdout.strip())


def render_pdf(doc: Document) -> bytes:
    if not cjk_font_available():
        raise OutputError("PDF", detail=f"系统中没有中文字体，无法生成 PDF。{CJK_FONT_HINT}")
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: the Pango libraries are missing
        raise OutputError(
            "PDF", detail=f"无法加载 PDF 排版组件 WeasyPrint（{exc}）。请运行 make setup。"
        ) from exc
    html = render_html(doc, for_print=True)
    data = HTML(string=html).write_pdf()
    assert data is not None
    return bytes(data)


def fonts(data: bytes) -> dict[str, bool]:
    """The fonts a PDF's text uses: base font name → embedded (read with PDFium)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    out: dict[str, bool] = {}
    pdf = pdfium.PdfDocument(data)
    try:
        for page in pdf:
            for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_TEXT,)):
                font = raw.FPDFTextObj_GetFont(obj.raw)
                if not font:
                    continue
                size = raw.FPDFFont_GetBaseFontName(font, None, 0)
                buffer = ctypes.create_string_buffer(size)
                raw.FPDFFont_GetBaseFontName(font, buffer, size)
                name = buffer.value.decode("utf-8", "replace")
                out[name] = bool(raw.FPDFFont_GetIsEmbedded(font))
            page.close()
    finally:
        pdf.close()
    return out
