"""Files sent to the browser as downloads: their media types and a Chinese file name."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.responses import Response

#: the formats files are downloaded in, by extension
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
}


def attachment(data: bytes, fmt: str, fallback: str, name: str) -> Response:
    """``data`` as a download named ``name``.``fmt`` (UTF-8, RFC 5987), ``fallback``.``fmt``
    for clients that read only an ASCII name."""
    disposition = (
        f"attachment; filename=\"{fallback}.{fmt}\"; filename*=UTF-8''{quote(f'{name}.{fmt}')}"
    )
    return Response(data, media_type=MEDIA_TYPES[fmt], headers={"Content-Disposition": disposition})
