"""Readers: files to :class:`~yusuan.readers.raw.RawDocument`."""

from __future__ import annotations

from pathlib import Path

from yusuan.errors import BinaryFileError, FileMissingError, TooLargeError, UnsupportedFormatError
from yusuan.readers.raw import RawCell, RawDocument, RawLine

MAX_BYTES = 200 * 1024 * 1024

__all__ = ["RawCell", "RawDocument", "RawLine", "file_bytes", "read_bytes", "read_path"]


def read_bytes(data: bytes, path: str) -> RawDocument:
    """Dispatch on content (not the file name): PDF, scanned pages as images (PNG, JPEG,
    TIFF), DOCX, XLSX, HTML, else text."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        from yusuan.readers.pdf import read_pdf

        return read_pdf(data, path)
    from yusuan.readers.image import looks_like_image

    if looks_like_image(data):
        from yusuan.readers.image import read_image_file

        return read_image_file(data, path)
    if data.startswith(b"PK"):
        from yusuan.readers.office import office_kind, read_docx, read_xlsx

        kind = office_kind(data)
        if kind == "docx":
            return read_docx(data, path)
        if kind == "xlsx":
            return read_xlsx(data, path)
    from yusuan.readers.html import looks_like_html, read_html

    if looks_like_html(data):
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
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise TooLargeError(
            name, size=f"{size / 1048576:.0f} MB", limit=f"{MAX_BYTES // 1048576} MB"
        )
    try:
        return p.read_bytes()
    except OSError as exc:
        raise FileMissingError(name) from exc


def read_path(path: str | Path) -> RawDocument:
    """Read a file from disk."""
    return read_bytes(file_bytes(path), str(path))
