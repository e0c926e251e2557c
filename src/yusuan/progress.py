"""How far a long read has got: readers report pages as they finish them, whoever runs the read
listens (the web's upload jobs show 「页 N/M」).

Nobody listens by default, and a report then costs one global lookup. A listener is called
from whichever thread finished the page (OCR reads pages in a pool), so it must be thread-safe.
"""

from __future__ import annotations

from collections.abc import Callable

#: ``(step, done, total)``: what is being done (读取, OCR 文字识别), pages done and in all
Listener = Callable[[str, int, int], None]

READING = "读取"
OCR = "OCR 文字识别"

_listener: Listener | None = None


def listen(listener: Listener | None) -> None:
    """Send reports to ``listener`` (None: to nobody), for the rest of this process."""
    global _listener
    _listener = listener


def report(step: str, done: int, total: int) -> None:
    """``done`` of ``total`` pages of ``step`` are finished."""
    listener = _listener
    if listener is not None:
        listener(step, done, total)
