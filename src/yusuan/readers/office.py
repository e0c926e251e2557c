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
import zlib
from decimal import Decimal

from yusuan import limits
from yusuan.errors import BinaryFileError, DamagedFileError, EmptyFileError, YusuanError
from yusuan.readers.raw import RawCell, RawDocument, RawLine

#: the default limit on a package's inflated size (:attr:`Limits.unpacked_bytes`)
MAX_UNPACKED = limits.DEFAULT.unpacked_bytes
#: the zip's members inflated in chunks of this size while they are measured
_CHUNK = 1024 * 1024
#: a DTD inside an Office part: OOXML never has one; entity expansion is a known XML bomb
_DTD = (b"<!DOCTYPE", b"<!ENTITY")


def office_kind(data: bytes) -> str | None:
    """``docx``, ``xlsx`` or None, from the zip's content (not the file name)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def check_zip(data: bytes, path: str, kind: str = "Office ") -> None:
    """Refuse a zip bomb before a parser sees it: every member is inflated here in chunks
    (its size in the central directory may lie), each against :attr:`Limits.member_bytes`
    and :attr:`Limits.member_ratio`, all against :attr:`Limits.unpacked_bytes`; an XML part
    with a DTD (entity expansion) is refused too. Costs one inflation of the package."""
    lim = limits.current()
    total = cells = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            declared = sum(i.file_size for i in infos)
            if declared > lim.unpacked_bytes:
                raise limits.exceeded("unpacked_bytes", declared, path)
            for info in infos:
                if info.is_dir():
                    continue
                size = 0
                tail = b""
                sheet = info.filename.startswith("xl/worksheets/")
                with z.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        if size > lim.member_bytes:
                            raise limits.exceeded("member_bytes", size, path, info.filename)
                        if total > lim.unpacked_bytes:
                            raise limits.exceeded("unpacked_bytes", total, path)
                        ratio = size / max(info.compress_size, 1)
                        if size > _CHUNK and ratio > lim.member_ratio:
                            raise limits.exceeded("member_ratio", round(ratio), path, info.filename)
                        window = tail + chunk
                        if any(marker in window for marker in _DTD):
                            raise DamagedFileError(
                                path, where=info.filename, kind=kind, detail="含有 DTD 实体声明"
                            )
                        tail = chunk[-16:]
                        if sheet:  # cells present (a workbook read whole, the template, makes
                            # an object of each): counted before openpyxl parses them
                            cells += chunk.count(b"<c ") + chunk.count(b"<c>")
                            if cells > lim.cells:
                                raise limits.exceeded("cells", cells, path, info.filename)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error, NotImplementedError,
            RuntimeError) as exc:  # fmt: skip
        raise DamagedFileError(path, kind=kind, detail=_zip_reason(exc)) from None


def _zip_reason(exc: BaseException) -> str:
    text = str(exc)
    if "CRC" in text:
        return "压缩包校验和不符"
    if isinstance(exc, zlib.error) or "decompress" in text.lower():
        return "压缩数据损坏"
    if isinstance(exc, NotImplementedError) or "compression method" in text:
        return "使用了不支持的压缩方式"
    if "password" in text or "encrypted" in text:
        return "压缩包已加密"
    return "压缩包结构损坏"


class _Counter:
    """Lines and cells read so far, against :attr:`Limits.lines`, :attr:`Limits.cells` and
    :attr:`Limits.sheet_rows`."""

    __slots__ = ("cells", "limits", "lines", "path")

    def __init__(self, path: str) -> None:
        self.path = path
        self.limits = limits.current()
        self.lines = self.cells = 0

    def line(self, cells: int) -> None:
        self.lines += 1
        self.cells += cells
        if self.lines > self.limits.lines:
            raise limits.exceeded("lines", self.lines, self.path)
        if self.cells > self.limits.cells:
            raise limits.exceeded("cells", self.cells, self.path)

    def row(self, number: int, sheet: str) -> None:
        if number > self.limits.sheet_rows:
            raise limits.exceeded("sheet_rows", number, self.path, sheet)


def _line(number: int, texts: list[str], page: int = 0, sheet: str | None = None) -> RawLine:
    cells = tuple(RawCell(t.strip(), float(i), float(i + 1)) for i, t in enumerate(texts))
    return RawLine(page, number, cells, y=float(number), sheet=sheet)


def read_docx(data: bytes, path: str) -> RawDocument:
    """Paragraphs become one-cell lines; each table row becomes a line of cells."""
    import docx
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    check_zip(data, path, "DOCX ")
    try:
        document = docx.Document(io.BytesIO(data))
    except MemoryError:  # out of memory is a limit, not a damaged file
        raise
    except Exception as exc:  # python-docx raises several types for a damaged package
        raise BinaryFileError(path, detail=f"DOCX 文件损坏：{exc}") from exc
    lines: list[RawLine] = []
    number = 0
    count = _Counter(path)
    columns = limits.current().sheet_columns
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(element, document).text
            number += 1
            count.line(1)
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
                    texts.extend([""] * min(tc.grid_span - 1, columns))
                    if len(texts) > columns:  # gridSpan="9999" a cell
                        raise limits.exceeded("sheet_columns", len(texts), path)
                count.line(len(texts))
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
            if number.is_finite() and number.adjusted() < 20:  # else quantize overflows
                number = number.quantize(places)
            return f"{number:,}" if "," in number_format else str(number)
        return str(number)  # the shortest text that round-trips, e.g. 1421.74
    return str(value)


def read_xlsx(data: bytes, path: str) -> RawDocument:
    """Every sheet in order; each row becomes a line of cells (page = sheet number)."""
    import openpyxl

    check_zip(data, path, "XLSX ")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except MemoryError:  # out of memory is a limit, not a damaged file
        raise
    except Exception as exc:  # openpyxl raises several types for a damaged package
        raise BinaryFileError(path, detail=f"XLSX 文件损坏：{exc}") from exc
    lines: list[RawLine] = []
    count = _Counter(path)
    columns = limits.current().sheet_columns
    try:
        for page, sheet in enumerate(workbook.worksheets, start=1):
            # the sheet's <dimension> (A1:XFD1048576) is not trusted: only rows and cells
            # present are read, and counted against the limits as they come
            sheet.reset_dimensions()
            for number, row in enumerate(sheet.iter_rows(), start=1):
                count.row(number, sheet.title)
                if len(row) > columns:
                    raise limits.exceeded("sheet_columns", len(row), path, sheet.title)
                count.line(len(row))
                texts = [
                    _text(c.value, getattr(c, "number_format", "General") or "General") for c in row
                ]
                while texts and not texts[-1].strip():
                    texts.pop()
                if texts:
                    lines.append(_line(number, texts, page, sheet.title))
    except (YusuanError, MemoryError):
        raise
    except Exception as exc:  # the sheets' XML is parsed as it is read
        raise BinaryFileError(path, detail=f"XLSX 文件损坏：{type(exc).__name__}") from exc
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
