"""What upload workers are made to do in the job tests (module level: a worker is sent its
function by name, so the test modules share them from here)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from yusuan import progress
from yusuan.model import BudgetPackage
from yusuan.pipeline import load_bytes
from yusuan.web.published import Files

#: the pages :func:`paged_read` reports
PAGES = 6


def paged_read(data: bytes, name: str) -> BudgetPackage:
    """Reports :data:`PAGES` pages of OCR, slowly (as a scan is read), then reads the file."""
    for page in range(1, PAGES + 1):
        time.sleep(0.8)
        progress.report(progress.OCR, page, PAGES)
    time.sleep(1.0)
    return load_bytes(data, name)


def slow_read(data: bytes, name: str) -> BudgetPackage:
    """Records its pid in the file its data names, and never finishes."""
    Path(data.decode()).write_text(str(os.getpid()))
    time.sleep(120)
    raise AssertionError("not reached")


def two_steps(data: bytes, name: str) -> str:
    """Reports the last page read and, at once, OCR about to start; returns a word."""
    progress.report(progress.READING, 3, 3)
    progress.report(progress.OCR, 0, 3)
    progress.report(progress.OCR, 1, 3)  # (within the same quarter second: left out)
    time.sleep(0.5)
    progress.report(progress.OCR, 3, 3)
    return "read"


def niceness(data: bytes, name: str) -> int:
    """The worker's scheduling priority."""
    return os.nice(0)


def slow_render(pkg: BudgetPackage, package_id: int, department: str, layout: str) -> Files:
    """Renders a package's downloads as publishing does, a second before each format (to be
    seen at work)."""
    from yusuan.publish import file_stem
    from yusuan.web.published import FORMATS, STEP_NAMES, render_one

    files: dict[str, bytes] = {}
    for done, fmt in enumerate(FORMATS):
        progress.report(STEP_NAMES[fmt], done, len(FORMATS))
        time.sleep(1.0)
        files[fmt] = render_one(pkg, package_id, department, layout, fmt)
    progress.report("保存", len(FORMATS), len(FORMATS))
    return Files(file_stem(pkg), files)


def crashing_render(pkg: BudgetPackage, package_id: int, department: str, layout: str) -> Files:
    """A renderer whose process dies (as one killed for its memory would)."""
    progress.report("生成 PDF", 0, 7)
    os._exit(9)


def grouping(data: bytes, name: str) -> tuple[int, int, str]:
    """The worker's process group, pid and (Linux) scheduler autogroup line."""
    try:
        with open("/proc/self/autogroup", encoding="ascii") as f:
            autogroup = f.read().strip()
    except OSError:  # not Linux, or a kernel without autogroups
        autogroup = ""
    return os.getpgid(0), os.getpid(), autogroup
