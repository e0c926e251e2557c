"""The pipeline in one call: read → recognize → model (→ rules, see :mod:`yusuan.check`)."""

from __future__ import annotations

from pathlib import Path

from yusuan.model import BudgetPackage
from yusuan.readers import read_bytes, read_path
from yusuan.recognize import recognize


def load(path: str | Path) -> BudgetPackage:
    """Read and recognize a document from disk."""
    return recognize(read_path(path))


def load_bytes(data: bytes, name: str) -> BudgetPackage:
    """Read and recognize a document from memory."""
    return recognize(read_bytes(data, name))
