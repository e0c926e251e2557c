"""Scanned pages delivered as image files (PNG, JPEG, TIFF; a TIFF may hold several pages):
made into an image-only PDF, one page per image, and read as a scanned PDF is (OCR).

A scanner or a phone gives images as often as PDFs. Pillow (already a dependency) opens them
and writes the PDF at the image's own resolution (its DPI, else :data:`ASSUMED_DPI`), so the
OCR route renders the pixels as they are.
"""

from __future__ import annotations

import io

from PIL import Image, ImageSequence

from yusuan import limits
from yusuan.errors import BinaryFileError, YusuanError
from yusuan.readers.raw import RawDocument
from yusuan.readers.sniff import IMAGE_MAGIC

#: the resolution taken for an image that does not state one (a phone photo of an A4 page)
ASSUMED_DPI = 200


def _kind(data: bytes) -> str:
    return next((name for magic, name in IMAGE_MAGIC.items() if data.startswith(magic)), "图片")


def _dpi(img: Image.Image) -> float:
    found = img.info.get("dpi")
    dpi = float(found[0]) if isinstance(found, tuple) and found else 0.0
    return dpi if 72 <= dpi <= 1200 else ASSUMED_DPI


def image_pdf(data: bytes, path: str) -> bytes:
    """The image file as an image-only PDF, a page per image (frame)."""
    lim = limits.current()
    try:
        with Image.open(io.BytesIO(data)) as img:
            dpi = _dpi(img)
            frames = int(getattr(img, "n_frames", 1))
            limits.check("ocr_pages", frames, path)  # every frame is a page to OCR
            pages: list[Image.Image] = []
            total = 0
            for number, frame in enumerate(ImageSequence.Iterator(img), start=1):
                pixels = frame.width * frame.height
                total += pixels
                if pixels > lim.image_pixels:
                    raise limits.exceeded("image_pixels", pixels, path, f"第{number}帧")
                if total > lim.image_pixels_total:
                    raise limits.exceeded("image_pixels_total", total, path)
                pages.append(frame.convert("L"))
    except (YusuanError, MemoryError):  # out of memory is a limit, not a damaged image
        raise
    except Exception as exc:  # UnidentifiedImageError; decoders' OSError, struct.error …
        raise BinaryFileError(path, detail=f"{_kind(data)}已损坏，无法打开") from exc
    if not pages:
        raise BinaryFileError(path, detail=f"{_kind(data)}没有图像")
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return out.getvalue()


def read_image_file(data: bytes, path: str) -> RawDocument:
    """Read scanned pages given as an image file (OCR)."""
    from yusuan.readers.pdf import read_pdf

    return read_pdf(image_pdf(data, path), path)
