"""Reader for text disclosures: tab-separated cells, as text extracted from published PDFs.

Tables pasted from web pages with one cell per line, or a row's cells run together, are rebuilt
by recognition (:mod:`yusuan.recognize.flattened`); lines keep their numbers in the file.

Handles UTF-8 (with or without BOM), UTF-16 with BOM and GBK/GB18030; strips the stray
``<p>`` tags and ``$…$`` math markup that extraction leaves in the seeds.
"""

from __future__ import annotations

import re

from yusuan import limits
from yusuan.errors import BinaryFileError, EmptyFileError, EncodingError
from yusuan.readers.raw import RawCell, RawDocument, RawLine

_MARKUP = re.compile(r"</?p\s*>|\$")
_MAGIC = {
    b"PK\x03\x04": "ZIP/Office（DOCX、XLSX）",
    b"\xd0\xcf\x11\xe0": "旧版 Office（DOC、XLS）",
    b"\x89PNG": "PNG 图片",
    b"\xff\xd8\xff": "JPEG 图片",
    b"GIF8": "GIF 图片",
    b"\x7fELF": "可执行程序",
}


def decode(data: bytes, path: str) -> str:
    """Decode text bytes, trying UTF-8, UTF-16 (BOM) and GB18030 in that order."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise EncodingError(path) from exc
    for magic, name in _MAGIC.items():
        if data.startswith(magic):
            raise BinaryFileError(path, detail=name)
    if b"\x00" in data[:65536]:
        raise BinaryFileError(path, detail="含有二进制数据")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return data[: exc.start].decode("utf-8-sig")  # a file cut inside its last character
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise EncodingError(path) from exc


def clean(text: str) -> str:
    """Remove extraction markup (``<p>``, ``$``) and normalise line ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ")
    return _MARKUP.sub("", text)


def read_text(data: bytes, path: str) -> RawDocument:
    """Read a text disclosure into a :class:`RawDocument` (cells split on TAB)."""
    if not data.strip():
        raise EmptyFileError(path)
    text = clean(decode(data, path))
    if not text.strip():
        raise EmptyFileError(path)
    limits.check("chars", len(text), path)
    limits.check("lines", text.count("\n") + 1, path)
    limits.check("cells", text.count("\t") + text.count("\n") + 1, path)
    lines: list[RawLine] = []
    made: dict[tuple[str, int], RawCell] = {}  # blank and repeated cells are shared
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        cells_list: list[RawCell] = []
        for i, part in enumerate(line.split("\t")):
            key = (part, i)
            cell = made.get(key)
            if cell is None:
                cell = made[key] = RawCell(part.strip(), float(i), float(i + 1))
            cells_list.append(cell)
        cells = tuple(cells_list)
        lines.append(RawLine(page=0, number=number, cells=cells, y=float(number)))
    return RawDocument(path=path, format="text", lines=tuple(lines), pages=1, positional=False)
