"""The documents yusuan reads, in one list: the error messages (:mod:`yusuan.errors`), the
``yusuan check`` help and the web platform's upload page all say it from here.

``readers.read_bytes`` decides by content, not by the name; this list is what users are told.
Besides documents, ``yusuan.pipeline.load`` reads yusuan's own files back: a model from
``yusuan export`` (.json, .yaml) and a filled ``yusuan template`` workbook (.xlsx).
"""

from __future__ import annotations

from typing import NamedTuple


class InputFormat(NamedTuple):
    name: str
    suffixes: tuple[str, ...]
    note: str = ""

    def describe(self) -> str:
        """``PDF（.pdf，含扫描件，经 OCR 识别）``"""
        inside = "、".join(self.suffixes) + (f"，{self.note}" if self.note else "")
        return f"{self.name}（{inside}）"


DOCUMENTS: tuple[InputFormat, ...] = (
    InputFormat("文本", (".txt",)),
    InputFormat("PDF", (".pdf",), "含扫描件，经 OCR 识别"),
    InputFormat("扫描图片", (".png", ".jpg", ".tif")),
    InputFormat("Word", (".docx",)),
    InputFormat("Excel", (".xlsx",)),
    InputFormat("网页", (".html",)),
)

#: ``文本（.txt）、PDF（.pdf，含扫描件，经 OCR 识别）、…、网页（.html）``
SUPPORTED = "、".join(f.describe() for f in DOCUMENTS)
