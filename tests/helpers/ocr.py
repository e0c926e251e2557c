"""Tesseract present (CI) or the OCR test skipped."""

from __future__ import annotations

import os

import pytest

from yusuan.readers.ocr import tesseract


def require_tesseract() -> None:
    """Tesseract with chi_sim comes from scripts/system-deps.sh; under CI it must be there."""
    if tesseract.executable() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("tesseract missing under CI (scripts/system-deps.sh installs it)")
        pytest.skip("tesseract not installed")  # CI: never skipped, see above
