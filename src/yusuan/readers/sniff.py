"""What a file is by its first bytes, decided without importing the parser that reads it (a
text page loads neither Pillow nor the HTML parser)."""

from __future__ import annotations

#: the image formats read (readers/image.py), by their first bytes
IMAGE_MAGIC = {
    b"\x89PNG": "PNG 图片",
    b"\xff\xd8\xff": "JPEG 图片",
    b"II*\x00": "TIFF 图片",
    b"MM\x00*": "TIFF 图片",
}


def looks_like_image(data: bytes) -> bool:
    return data.startswith(tuple(IMAGE_MAGIC))


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<table" in data[:65536].lower()
