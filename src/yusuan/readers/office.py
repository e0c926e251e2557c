"""Readers for Office documents: DOCX (paragraphs and native tables) and XLSX (sheets).

Both give the same shape as the text reader: lines of cells positioned by column index, so
recognition treats a Word table or an Excel sheet exactly like tab-separated text. A DOCX
cell merged across columns keeps its text in its first column, blanks after (as tab text
does); an XLSX number is read from its stored text form, never through a float calculation.
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

from yusuan.errors import BinaryFileError, EmptyFileError, TooLargeError
from yusuan.readers.raw import RawCell, RawDocument, RawLine

MAX_UNPACKED = 200 * 1024 * 1024  # refuse zip bombs before parsing


def office_kind(data: bytes) -> str | None:
    """``docx``, ``xlsx`` or None, from the zip's content (not the file name)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except zipfile.BadZipFile:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _guard(data: bytes, path: str) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        size = sum(i.file_size for i in z.infolist())
    if size > MAX_UNPACKED:
        raise TooLargeError(
            path, size=f"解压后 {size / 1048576:.0f} MB", limit=f"{MAX_UNPACKED // 1048576} MB"
        )


def _line(number: int, texts: list[str], page: int = 0, sheet: str | None = None) -> RawLine:
    cells = tuple(RawCell(t.strip(), float(i), float(i + 1)) for i, t in enumerate(texts))
    return RawLine(page, number, cells, y=float(number), sheet=sheet)


def read_docx(data: bytes, path: str) -> RawDocument:
    """Paragraphs become one-cell lines; each table row becomes a line of cells."""
    import docx
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    _guard(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for a damaged package
        raise BinaryFileError(path, detail=f"DOCX 文件损坏：{exc}") from exc
    lines: list[RawLine] = []
    number = 0
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(element, document).text
            number += 1
            if text.strip():
                lines.append(_line(number, [text]))
        elif tag == "tbl":
            table = Table(element, document)
            for tr in element.tr_lst:
                number += 1
                texts: list[str] = []
                for tc in tr.tc_lst:
                    # a merged cell prints its text once: in its first column (gridSpan) and
                    # its first row (vMerge continue cells are blank), as tab text does
                    text = "" if tc.vMerge == "continue" else _Cell(tc, table).text
                    texts.append(text.replace("\n", ""))
                    texts.extend([""] * (tc.grid_span - 1))
                if any(t.strip() for t in texts):
                    lines.append(_line(number, texts))
    if not lines:
        raise EmptyFileError(path)
    return RawDocument(path=path, format="docx", lines=tuple(lines), pages=1, positional=False)


_DECIMALS = re.compile(r"0\.(0+)")


def _text(value: object, number_format: str = "General") -> str:
    """A cell as printed: a number shown with a fixed number of decimals (``#,##0.00``) keeps
    them (7.00, not 7), and never goes through float arithmetic."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        m = _DECIMALS.search(number_format) if number_format != "General" else None
        if m and ";" not in number_format and "%" not in number_format:
            places = Decimal(1).scaleb(-len(m.group(1)))
            number = number.quantize(places) if number.is_finite() else number
            return f"{number:,}" if "," in number_format else str(number)
        return str(number)  # the shortest text that round-trips, e.g. 1421.74
    return str(value)


def read_xlsx(data: bytes, path: str) -> RawDocument:
    """Every sheet in order; each row becomes a line of cells (page = sheet number)."""
    import openpyxl

    _guard(data, path)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a damaged package
        raise BinaryFileError(path, detail=f"XLSX 文件损坏：{exc}") from exc
    lines: list[RawLine] = []
    try:
        for page, sheet in enumerate(workbook.worksheets, start=1):
            for number, row in enumerate(sheet.iter_rows(), start=1):
                texts = [
                    _text(c.value, getattr(c, "number_format", "General") or "General") for c in row
                ]
                while texts and not texts[-1].strip():
                    texts.pop()
                if texts:
                    lines.append(_line(number, texts, page, sheet.title))
    finally:
        workbook.close()
    if not lines:
        raise EmptyFileError(path)
    return RawDocument(
        path=path,
        format="xlsx",
        lines=tuple(lines),
        pages=len(workbook.worksheets),
        positional=False,
    )
