"""An uploaded disclosure file's name and bytes, or a Chinese 4xx (read into a model by
:mod:`yusuan.web.parsing`).

Size is enforced three times: the declared ``Content-Length`` and the bytes received
(:mod:`yusuan.web.limits`), then the file part itself here, read in chunks and abandoned as
soon as it passes the limit. Nothing is stored by this module.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from starlette.datastructures import UploadFile

from yusuan.web.errors import BadRequest, PayloadTooLarge
from yusuan.web.limits import too_large_message

CHUNK = 1024 * 1024


#: control characters (NUL is an error in PostgreSQL's text) and the invisible marks that
#: turn text's direction (「预算\u202etxt.exe」 shows as 「预算exe.txt」)
NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
NAME_REFUSED = "文件名中含有不允许的控制字符（如 NUL 或改变文字方向的字符），请重命名文件后再上传。"


def safe_name(filename: str | None) -> str:
    """The file's base name only (a browser may send a path); never empty; a name carrying
    control or direction characters is a Chinese 400 (it is stored and shown)."""
    name = PurePath((filename or "").replace("\\", "/")).name.strip()
    if NAME_CONTROL.search(name):
        raise BadRequest(NAME_REFUSED)
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
