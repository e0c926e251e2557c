"""An uploaded disclosure file's name and bytes, or a Chinese 4xx (read into a model by
:mod:`yusuan.web.parsing`).

Size is enforced three times: the declared ``Content-Length`` and the bytes received
(:mod:`yusuan.web.limits`), then the file part itself here, read in chunks and abandoned as
soon as it passes the limit. Nothing is stored by this module.
"""

from __future__ import annotations

from pathlib import PurePath

from starlette.datastructures import UploadFile

from yusuan.web.errors import PayloadTooLarge
from yusuan.web.limits import too_large_message

CHUNK = 1024 * 1024


def safe_name(filename: str | None) -> str:
    """The file's base name only (a browser may send a path); never empty."""
    name = PurePath((filename or "").replace("\\", "/")).name.strip()
    return name[:255] or "上传文件"


def read_limited(upload: UploadFile, limit: int) -> bytes:
    """The file's bytes; :class:`PayloadTooLarge` as soon as more than ``limit`` are read."""
    if upload.size is not None and upload.size > limit:
        raise PayloadTooLarge(too_large_message(limit))
    upload.file.seek(0)
    parts: list[bytes] = []
    total = 0
    while chunk := upload.file.read(CHUNK):
        total += len(chunk)
        if total > limit:
            raise PayloadTooLarge(too_large_message(limit))
        parts.append(chunk)
    return b"".join(parts)
