"""Readers: files to :class:`~yusuan.readers.raw.RawDocument`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from yusuan import limits as _limits
from yusuan.errors import (
    BinaryFileError,
    DamagedFileError,
    FileMissingError,
    OutOfMemoryError,
    UnsupportedFormatError,
    YusuanError,
)
from yusuan.isolate import bounded
from yusuan.limits import Limits
from yusuan.readers.raw import RawCell, RawDocument, RawLine
from yusuan.readers.sniff import looks_like_html, looks_like_image
from yusuan.unicode import SURROGATE, clean_text

#: the default limit on a file's size (:attr:`Limits.file_bytes`)
MAX_BYTES = _limits.DEFAULT.file_bytes

__all__ = ["RawCell", "RawDocument", "RawLine", "file_bytes", "read_bytes", "read_path"]

#: the kind of file a parser failed on, by its first bytes, for the message
_KINDS = ((b"%PDF", "PDF "), (b"PK", "Office 压缩包（DOCX/XLSX）"), (b"\x89PNG", "PNG 图片"))


def read_bytes(data: bytes, path: str, *, limits: Limits | None = None) -> RawDocument:
    """Dispatch on content (not the file name): PDF, scanned pages as images (PNG, JPEG,
    TIFF), DOCX, XLSX, HTML, else text.

    Reading stops at the :mod:`yusuan.limits` in force (``limits``, else those applied by the
    caller): :class:`~yusuan.errors.LimitError`. Whatever a parser library raises on a broken
    file (zipfile, zlib, XML, struct, PIL, index and key errors …) becomes a
    :class:`~yusuan.errors.DamagedFileError`: a reader raises nothing but ``YusuanError``.
    """
    with _limits.applied(limits) as active:
        if len(data) > active.file_bytes:
            raise _limits.exceeded("file_bytes", len(data), path)
        try:
            return _without_surrogates(_dispatch(data, path))
        except YusuanError:
            raise
        except MemoryError:  # memory, not the file's size: said so
            raise OutOfMemoryError(path) from None
        except Exception as exc:
            kind = next((name for magic, name in _KINDS if data.startswith(magic)), "")
            raise DamagedFileError(path, kind=kind, detail=_reason(exc)) from exc


def _without_surrogates(doc: RawDocument) -> RawDocument:
    """The document with lone surrogates (PDFium gives UTF-16 code units; openpyxl decodes
    ``_xD800_``) replaced: a pair joined, a lone one U+FFFD. JSON output and file writers
    cannot encode them."""
    if not any(SURROGATE.search(line.text) for line in doc.lines):
        return doc
    lines = tuple(
        RawLine(
            x.page,
            x.number,
            tuple(c._replace(text=clean_text(c.text)) for c in x.cells),
            x.y,
            x.height,
            x.sheet,
        )
        if SURROGATE.search(x.text)
        else x
        for x in doc.lines
    )
    return replace(doc, lines=lines)


def _reason(exc: Exception) -> str:
    """A short reason for a parser's failure (its type; the message when it is short ASCII)."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    name = type(exc).__name__
    return f"{name}：{text[:80]}" if text and text.isascii() else name


def _dispatch(data: bytes, path: str) -> RawDocument:
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        from yusuan.readers.pdf import read_pdf

        return bounded(read_pdf, data, path)  # PDFium in a child, memory and time bounded
    if looks_like_image(data):
        from yusuan.readers.image import read_image_file

        return bounded(read_image_file, data, path)
    if data.startswith(b"PK"):
        from yusuan.readers.office import office_kind, read_docx, read_xlsx

        kind = office_kind(data)
        if kind == "docx":
            return read_docx(data, path)
        if kind == "xlsx":
            return read_xlsx(data, path)
    if looks_like_html(data):
        from yusuan.readers.html import read_html

        return read_html(data, path)
    suffix = Path(path).suffix.lower()
    if suffix in {".docx", ".xlsx"}:
        raise BinaryFileError(path, detail=f"不是有效的 {suffix} 文件（损坏或只是改了扩展名）")
    if suffix in {".doc", ".xls"} and head[:2] in (b"PK", b"\xd0\xcf"):
        raise UnsupportedFormatError(path, detail=suffix)
    from yusuan.readers.text import read_text

    return read_text(data, path)


def file_bytes(path: str | Path) -> bytes:
    """A file's bytes: missing files and files over the size limit are refused before reading."""
    p = Path(path)
    name = str(path)
    if not p.is_file():
        raise FileMissingError(name)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise FileMissingError(name) from exc
    if size > _limits.current().file_bytes:
        raise _limits.exceeded("file_bytes", size, name)
    try:
        return p.read_bytes()
    except OSError as exc:
        raise FileMissingError(name) from exc


def read_path(path: str | Path, *, limits: Limits | None = None) -> RawDocument:
    """Read a file from disk (within ``limits``, else those in force)."""
    with _limits.applied(limits):
        return read_bytes(file_bytes(path), str(path))
