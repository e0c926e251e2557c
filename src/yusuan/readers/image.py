"""Scanned pages delivered as image files (PNG, JPEG, TIFF; a TIFF may hold several pages):
made into an image-only PDF, one page per image, and read as a scanned PDF is (OCR).

A scanner or a phone gives images as often as PDFs. Pillow (already a dependency) opens them
and writes the PDF at the image's own resolution (its DPI, else :data:`ASSUMED_DPI`), so the
OCR route renders the pixels as they are.
"""

from __future__ import annotations

import io

from PIL import Image, ImageSequence, UnidentifiedImageError

from yusuan.errors import BinaryFileError
from yusuan.readers.raw import RawDocument

#: the resolution taken for an image that does not state one (a phone photo of an A4 page)
ASSUMED_DPI = 200
#: the image formats read, by their first bytes
MAGIC = {
    b"\x89PNG": "PNG 图片",
    b"\xff\xd8\xff": "JPEG 图片",
    b"II*\x00": "TIFF 图片",
    b"MM\x00*": "TIFF 图片",
}


def looks_like_image(data: bytes) -> bool:
    return data.startswith(tuple(MAGIC))


def _kind(data: bytes) -> str:
    return next((name for magic, name in MAGIC.items() if data.startswith(magic)), "图片")


def _dpi(img: Image.Image) -> float:
    found = img.info.get("dpi")
    dpi = float(found[0]) if isinstance(found, tuple) and found else 0.0
    return dpi if 72 <= dpi <= 1200 else ASSUMED_DPI


def image_pdf(data: bytes, path: str) -> bytes:
    """The image file as an image-only PDF, a page per image (frame)."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            dpi = _dpi(img)
            pages = [frame.convert("L") for frame in ImageSequence.Iterator(img)]
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise BinaryFileError(path, detail=f"{_kind(data)}已损坏，无法打开") from exc
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return out.getvalue()


def read_image_file(data: bytes, path: str) -> RawDocument:
    """Read scanned pages given as an image file (OCR)."""
    from yusuan.readers.pdf import read_pdf

    return read_pdf(image_pdf(data, path), path)
