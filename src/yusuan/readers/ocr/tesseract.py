"""Running the Tesseract command (Debian: tesseract-ocr, tesseract-ocr-chi-sim).

The command, not a Python binding: the Debian packages are what installs the engine and its
Chinese model anyway, the TSV output has every word's box and confidence, and a separate
process per page runs pages on all cores without the GIL. Each process is limited to one
OpenMP thread: on 2 cores Tesseract's own threads make a page 4× slower, not faster.
"""

from __future__ import annotations

import os
import re
from typing import NamedTuple

from yusuan.errors import OcrFailedError, OcrUnavailableError

#: Simplified Chinese alone: with eng alongside (chi_sim+eng) Tesseract reads some Chinese
#: header words as Latin (项目 → "iE"), and the budget tables' numbers no better (measured)
LANGUAGES = "chi_sim"
#: page segmentation 6: one uniform block of text (rulings are erased first, so a table page is
#: text in columns); measured better than 3 (automatic) and 4 (columns) on ruled budget tables
PAGE_SEGMENTATION = "6"
TIMEOUT_SECONDS = 120


class Word(NamedTuple):
    """One word as Tesseract read it: text, box in pixels, confidence 0–100, its line."""

    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float
    line: tuple[int, int, int]  # (block, paragraph, line)


def executable() -> str | None:
    """The tesseract command's path, or None when it is not installed. (shutil and subprocess
    are imported when needed: a PDF's reader imports this module, and they are ≈ 6 ms.)"""
    import shutil

    return shutil.which("tesseract")


def require(pages: int) -> str:
    """The tesseract command, or :class:`OcrUnavailableError` naming what to install."""
    exe = executable()
    if exe is None:
        raise OcrUnavailableError(pages=pages, detail="本机没有安装 Tesseract")
    return exe


#: the second pass over amounts: English digits only (chi_sim misreads and drops separators)
DIGITS = ("-l", "eng", "-c", "tessedit_char_whitelist=0123456789.,-()%")


def run(exe: str, image: bytes, dpi: int, options: tuple[str, ...] = (), pages: int = 1) -> str:
    """OCR one image (PNM/PNG bytes) and return Tesseract's TSV (``options`` replace the
    language, e.g. :data:`DIGITS`)."""
    import subprocess

    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    cmd = [exe, "stdin", "stdout", "--psm", PAGE_SEGMENTATION, "--dpi", str(dpi)]
    cmd += [*(options or ("-l", LANGUAGES)), "tsv"]
    try:
        done = subprocess.run(
            cmd, input=image, capture_output=True, env=env, timeout=TIMEOUT_SECONDS, check=False
        )
    except FileNotFoundError as exc:
        raise OcrUnavailableError(pages=pages, detail="本机没有安装 Tesseract") from exc
    except subprocess.TimeoutExpired as exc:
        raise OcrFailedError(detail=f"一页超过 {TIMEOUT_SECONDS} 秒未完成") from exc
    err = done.stderr.decode("utf-8", "replace")
    if "Failed loading language" in err or "Error opening data file" in err:
        raise OcrUnavailableError(
            pages=pages, detail=f"Tesseract 缺少语言模型（{LANGUAGES}，需要 tesseract-ocr-chi-sim）"
        )
    if done.returncode != 0:
        lines = [line.strip() for line in err.splitlines() if line.strip()]
        raise OcrFailedError(detail="；".join(lines[-2:]) or "未知错误")  # the cause and its end
    return done.stdout.decode("utf-8", "replace")


def words(tsv: str) -> list[Word]:
    """The words (level 5 rows) of Tesseract's TSV output, blanks left out."""
    out: list[Word] = []
    for row in tsv.splitlines()[1:]:
        f = row.split("\t")
        if len(f) < 12 or f[0] != "5" or not f[11].strip():
            continue
        out.append(
            Word(
                f[11].strip(),
                int(f[6]),
                int(f[7]),
                int(f[8]),
                int(f[9]),
                float(f[10]),
                (int(f[2]), int(f[3]), int(f[4])),
            )
        )
    return out


#: an orientation Tesseract is less sure of than this (its "Orientation confidence") is ignored
MIN_ORIENTATION_CONFIDENCE = 2.0


def orientation(exe: str, image: bytes, dpi: int) -> int:
    """How far (degrees clockwise: 0, 90, 180 or 270) a page image must be turned to stand
    upright, by Tesseract's orientation and script detection (``--psm 0``, the ``osd`` model
    that comes with tesseract-ocr); 0 when it cannot tell."""
    import subprocess

    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    cmd = [exe, "stdin", "stdout", "--psm", "0", "--dpi", str(dpi), "-l", "osd"]
    try:
        done = subprocess.run(
            cmd, input=image, capture_output=True, env=env, timeout=TIMEOUT_SECONDS, check=False
        )
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return 0
    out = done.stdout.decode("utf-8", "replace")
    turn = re.search(r"Rotate: (\d+)", out)
    sure = re.search(r"Orientation confidence: ([\d.]+)", out)
    if not turn or not sure or float(sure.group(1)) < MIN_ORIENTATION_CONFIDENCE:
        return 0
    return int(turn.group(1)) % 360
