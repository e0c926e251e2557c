"""An uploaded disclosure file → a :class:`BudgetPackage`, or a Chinese 4xx.

Size is enforced three times: the declared ``Content-Length`` and the bytes received
(:mod:`yusuan.web.limits`), then the file part itself here, read in chunks and abandoned as
soon as it passes the limit. Nothing is stored by this module.
"""

from __future__ import annotations

import logging
from pathlib import PurePath

from starlette.datastructures import UploadFile

from yusuan.errors import YusuanError
from yusuan.model import BudgetPackage
from yusuan.pipeline import load_bytes
from yusuan.web.errors import BadRequest, PayloadTooLarge
from yusuan.web.limits import too_large_message

log = logging.getLogger("yusuan.web")
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


def parse(data: bytes, name: str) -> BudgetPackage:
    """Read the disclosure; 400 with yusuan's own message when it cannot be read."""
    try:
        return load_bytes(data, name)
    except YusuanError as exc:
        raise BadRequest(exc.message) from None
    except Exception:  # a reader failing on a file it did not expect: still the file's fault
        log.exception("reading upload %s failed", name)
        raise BadRequest(f"{name}：无法读取该文件，请确认文件格式正确且未损坏。") from None
