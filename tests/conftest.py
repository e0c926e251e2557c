"""Shared fixtures: paths to the seed documents and the real sample PDFs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DOCS = FIXTURES / "docs"
EXPECTED = FIXTURES / "expected"
SHARED = Path(os.environ.get("YUSUAN_SHARED", ROOT.parent / "shared"))
SAMPLES = SHARED / "samples" / "pdf"

SEED000 = DOCS / "qijiang_2026_budget.txt"
SEED003 = DOCS / "changshou_targets.txt"
SH_SIFAJU = SAMPLES / "上海市普陀区司法局2026年部门预算.pdf"
SH_ZFB_DEPT = SAMPLES / "上海市普陀区人民政府办公室2025年部门预算.pdf"
SH_ZFB_UNIT = SAMPLES / "上海市普陀区人民政府办公室2025年单位预算.pdf"


def require_samples() -> None:
    """The Shanghai PDFs live in ../shared (not in the repo). Under CI they must be there."""
    if not SAMPLES.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"shared samples missing under CI: {SAMPLES}")
        pytest.skip(f"shared samples not found: {SAMPLES}")  # CI: never skipped, see above


def require_pdf_publishing() -> None:
    """Publishing PDF needs a system CJK font and Pango (scripts/system-deps.sh installs them).
    Under CI they must be there."""
    from yusuan.publish.pdf import cjk_font_available

    problem = None
    if not cjk_font_available():
        problem = "no CJK font (fonts-noto-cjk)"
    else:
        try:
            import weasyprint  # noqa: F401
        except (ImportError, OSError) as exc:
            problem = f"WeasyPrint cannot load: {exc}"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PDF publishing unavailable under CI: {problem}")
        pytest.skip(f"PDF publishing unavailable: {problem}")  # CI: never skipped, see above
