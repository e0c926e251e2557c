"""Hostile inputs, generated small: each is a few KB or MB on disk and enormous once read
(issue #19). Nothing binary is committed; the tests build these in ``tmp_path``."""

from __future__ import annotations

import io
import zipfile
import zlib

from PIL import Image

GiB = 1 << 30


def zeros_deflate(size: int) -> bytes:
    """A zlib stream inflating to ``size`` zero bytes (a multiple of 1 MiB), about size/1000
    bytes long, made in milliseconds: one 1 MiB block compressed with a full flush repeats
    byte for byte, so it is compressed once and repeated."""
    mib = 1 << 20
    block = bytes(mib)
    c = zlib.compressobj(9)
    first = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    same = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    end = c.flush()[:-4]  # the final empty block, without the checksum of two blocks
    count = size // mib
    adler = ((size % 65521) << 16) | 1  # adler32 of zeros: a stays 1, b counts the bytes
    return first + same * (count - 1) + end + adler.to_bytes(4, "big")


def pdf(objects: list[bytes]) -> bytes:
    """A PDF of the numbered ``objects`` (1 … n, the catalog first) with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _page_pdf(media: bytes, content: bytes, filters: bytes = b"") -> bytes:
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox " + media + b" /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d %s>>\nstream\n" % (len(content), filters) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def pdf_bomb(inflated: int = GiB) -> bytes:
    """A one-page PDF whose content stream (FlateDecode) inflates to ``inflated`` zeros."""
    return _page_pdf(b"[0 0 595 842]", zeros_deflate(inflated), b"/Filter /FlateDecode ")


def pdf_huge_page(side: float = 14_400) -> bytes:
    """A PDF whose one page is ``side`` points square (PDF's largest page), with some text."""
    text = b"BT /F1 400 Tf 100 7000 Td (2026 budget 1,421.74) Tj ET"
    return _page_pdf(b"[0 0 %g %g]" % (side, side), text)


def enlarge_page(data: bytes, side: float = 14_400, number: int = 1) -> bytes:
    """A real PDF with page ``number`` enlarged to ``side`` points wide (PDF's largest page),
    its proportions kept: the page renders at that size, its content as it was."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[number - 1]
        ratio = page.get_height() / page.get_width()
        page.set_mediabox(0, 0, side, side * ratio)
        page.close()
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()
    finally:
        pdf.close()


def tiff_frames(frames: int = 1000) -> bytes:
    """A multi-page TIFF of ``frames`` small white pages (a few hundred bytes each)."""
    page = Image.new("L", (64, 64), 255)
    out = io.BytesIO()
    page.save(
        out, "TIFF", save_all=True, append_images=[page] * (frames - 1), compression="packbits"
    )
    return out.getvalue()


_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}


def xlsx_declaring_huge_sheet(rows: list[list[str]], empty_rows: int) -> bytes:
    """An XLSX whose sheet declares ``A1:XFD1048576`` and holds ``rows`` of inline strings,
    then ``empty_rows`` empty ``<row>`` elements."""
    body = []
    for r, cells in enumerate(rows, start=1):
        inline = "".join(
            f'<c r="{chr(65 + i)}{r}" t="inlineStr"><is><t>{text}</t></is></c>'
            for i, text in enumerate(cells)
        )
        body.append(f'<row r="{r}">{inline}</row>')
    start = len(rows) + 1
    body.extend(f'<row r="{r}"/>' for r in range(start, start + empty_rows))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1:XFD1048576"/><sheetData>' + "".join(body) + "</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in _XLSX_PARTS.items():
            z.writestr(name, text)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def docx_bomb(inflated: int = 64 << 20) -> bytes:
    """A DOCX whose word/document.xml inflates to ``inflated`` bytes of spaces."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            block = b" " * (1 << 20)
            for _ in range(inflated >> 20):
                part.write(block)
    return out.getvalue()


def docx_entities() -> bytes:
    """A DOCX whose document.xml declares nested entities (billion laughs)."""
    dtd = '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    xml = f'<?xml version="1.0"?>{dtd}]><w:document><w:body><w:p>&i;</w:p></w:body></w:document>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)
    return out.getvalue()
