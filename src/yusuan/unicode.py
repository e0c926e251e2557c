"""Text that every encoder can write: lone UTF-16 surrogates replaced.

Surrogates reach yusuan from PDFium (it gives UTF-16 code units, a character beyond the BMP as
two), from openpyxl (``_xD800_`` escapes) and from ``\\ud800`` escapes in JSON or YAML models;
UTF-8 output (JSON, ``export -o``, every written file) cannot encode a lone one.
"""

from __future__ import annotations

import re

SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` with surrogate pairs joined into their character and lone ones made U+FFFD."""
    if not SURROGATE.search(text):
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
