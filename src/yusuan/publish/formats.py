"""One document, every format: the renderer of each file format, chosen in one place for
``publish()``, the command line (the 绩效 tables) and the web's downloads."""

from __future__ import annotations

from yusuan.publish.document import Document

#: the formats a document is rendered in, in the order ``yusuan publish`` writes them
FORMATS = ("docx", "xlsx", "html", "pdf")


def render(doc: Document, fmt: str) -> bytes:
    """The document as a file of the format ``fmt`` (one of :data:`FORMATS`); each renderer is
    imported only when its format is asked for (WeasyPrint for PDF is slow to load)."""
    if fmt == "docx":
        from yusuan.publish.docx import render_docx

        return render_docx(doc)
    if fmt == "xlsx":
        from yusuan.publish.xlsx import render_xlsx

        return render_xlsx(doc)
    if fmt == "html":
        from yusuan.publish.html import render_html

        return render_html(doc).encode("utf-8")
    if fmt == "pdf":
        from yusuan.publish.pdf import render_pdf

        return render_pdf(doc)
    raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
