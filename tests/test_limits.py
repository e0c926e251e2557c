"""Reading limits (issue #19): hostile files, small on disk and enormous once read, are refused
or bounded — in seconds and a few hundred MB — with a Chinese message naming the limit, exit 2.

The fixtures are generated in the test (``tests/hostile.py``). The CLI cases run ``yusuan
check`` in a child process, which reports its own peak memory (``ru_maxrss``) as it exits.
"""

from __future__ import annotations

import io
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import SEED000
from tests.helpers import hostile
from yusuan import limits
from yusuan.errors import (
    EXIT_INPUT,
    DamagedFileError,
    LimitError,
    OutOfMemoryError,
    TooLargeError,
)
from yusuan.pipeline import load_bytes
from yusuan.readers import read_bytes

SECONDS = 5.0
MEGABYTES = 500

#: ``yusuan check`` in this interpreter, printing its peak memory (KB) on stderr at exit: the
#: VmHWM of its own address space. (``ru_maxrss`` survives execve — getrusage(2) — so a child
#: of a test process that has grown past the bar would report the test process's peak.)
_CHILD = (
    "import atexit, resource, sys\n"
    "def peak():\n"
    "    try:\n"
    "        with open('/proc/self/status') as f:\n"
    "            return next(int(x.split()[1]) for x in f if x.startswith('VmHWM:'))\n"
    "    except (OSError, StopIteration):\n"
    "        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "atexit.register(lambda: sys.stderr.write('\\nMAXRSS %d\\n' % peak()))\n"
    "from yusuan.cli import main\n"
    "sys.argv = ['yusuan', 'check', sys.argv[1]]\n"
    "main()\n"
)

HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "bomb.pdf": (lambda: hostile.pdf_bomb(1 << 30), "PDF 单个数据流解压后大小"),
    "poster.pdf": (hostile.pdf_huge_page, "页面面积"),
    "frames.tif": (hostile.tiff_frames, "需 OCR 识别的扫描页数"),
    "sheet.xlsx": (
        lambda: hostile.xlsx_declaring_huge_sheet([["收入", "1"]], 150_000),
        "工作表行数",
    ),
    "bomb.docx": (hostile.docx_bomb, "压缩包内部件"),
    "entities.docx": (hostile.docx_entities, "DTD 实体声明"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_refused_by_the_cli_quickly_and_in_little_memory(
    tmp_path: Path, name: str
) -> None:
    make, phrase = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(make())
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    elapsed = time.monotonic() - start
    assert done.returncode == EXIT_INPUT, (done.returncode, done.stderr[-2000:])
    assert phrase in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    peak_mb = int(done.stderr.rsplit("MAXRSS", 1)[1]) / 1024
    assert elapsed < SECONDS, elapsed
    assert peak_mb < MEGABYTES, peak_mb


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_raises_a_limit_or_damage_error(name: str) -> None:
    make, _ = HOSTILE[name]
    with pytest.raises((LimitError, DamagedFileError)):
        load_bytes(make(), name)


def test_limit_error_is_still_a_too_large_error() -> None:
    # callers (and tests) that caught TooLargeError for a zip bomb keep working
    assert issubclass(LimitError, TooLargeError)


def test_declared_sheet_dimension_is_not_trusted() -> None:
    # A1:XFD1048576 declared, 40 rows present: read in well under a second (was 13.9 ms a row
    # of 16,384 empty cells for a million rows)
    rows = [["项目", "金额"], *[[f"支出{i}", f"{i}.00"] for i in range(1, 40)]]
    data = hostile.xlsx_declaring_huge_sheet(rows, 5_000)
    start = time.monotonic()
    doc = read_bytes(data, "dimension.xlsx")
    assert time.monotonic() - start < 2.0
    assert len(doc.lines) == 40
    assert max(len(line.cells) for line in doc.lines) == 2


def test_limits_can_be_applied_for_one_read() -> None:
    data = SEED000.read_bytes()
    strict = replace(limits.current(), lines=10)
    with pytest.raises(LimitError) as caught:
        read_bytes(data, "seed.txt", limits=strict)
    assert "行数" in caught.value.message and "上限 10" in caught.value.message
    with limits.applied(strict), pytest.raises(LimitError):
        read_bytes(data, "seed.txt")
    assert read_bytes(data, "seed.txt").lines  # the defaults again outside


def test_file_size_limit_names_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(SEED000.read_bytes())
    from yusuan.readers import read_path

    with pytest.raises(LimitError) as caught:
        read_path(path, limits=replace(limits.DEFAULT, file_bytes=1000))
    assert "文件大小" in caught.value.message


def test_ocr_pages_and_time_are_bounded() -> None:
    from yusuan.readers.image import image_pdf

    with limits.applied(replace(limits.DEFAULT, ocr_pages=3)), pytest.raises(LimitError):
        image_pdf(hostile.tiff_frames(4), "four.tif")


def test_render_scale_keeps_pages_under_the_pixel_cap() -> None:
    lim = limits.DEFAULT
    assert lim.render_scale(595, 842, 1.5) == 1.5  # A4 as asked
    scale = lim.render_scale(14_400, 14_400, 1.5)
    assert (14_400 * scale) ** 2 <= lim.render_pixels * 1.0001


def test_original_page_of_a_poster_pdf_is_rendered_small() -> None:
    from PIL import Image

    from yusuan.web.original import render_page

    start = time.monotonic()
    png = render_page(hostile.pdf_huge_page(), 1, ["1,421.74"])
    assert time.monotonic() - start < SECONDS
    with Image.open(io.BytesIO(png)) as image:
        assert image.width * image.height <= limits.DEFAULT.render_pixels


def test_ocr_stops_at_its_wall_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdfium2 as pdfium

    from yusuan.readers.image import image_pdf
    from yusuan.readers.ocr import pages as ocr
    from yusuan.readers.ocr import tesseract

    def slow(exe: str, rendered: object, page_no: int) -> list[object]:
        time.sleep(1.5)
        return []

    monkeypatch.setattr(tesseract, "require", lambda pages: "tesseract")
    monkeypatch.setattr(ocr, "_read", slow)
    pdf = pdfium.PdfDocument(image_pdf(hostile.tiff_frames(6), "six.tif"))
    start = time.monotonic()
    with limits.applied(replace(limits.DEFAULT, ocr_seconds=0.5)), pytest.raises(LimitError) as e:
        ocr.ocr_pages(pdf, range(6))
    assert time.monotonic() - start < 1.5
    assert "OCR 识别用时" in e.value.message
    pdf.close()


def test_pdf_image_declaring_too_many_pixels_is_refused() -> None:
    image = b"<< /Type /XObject /Subtype /Image /Width 200000 /Height 200000 /BitsPerComponent 8"
    image += b" /ColorSpace /DeviceGray /Filter /DCTDecode /Length 4 >>\nstream\n\xff\xd8\xff\xd9"
    data = hostile.pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /XObject << /Im0 5 0 R >> >> >>",
            b"<< /Length 30 >>\nstream\nq 595 0 0 842 0 0 cm /Im0 Do Q\nendstream",
            image + b"\nendstream",
        ]
    )
    with pytest.raises(LimitError) as caught:
        read_bytes(data, "image.pdf")
    assert "图片像素数" in caught.value.message


def test_template_workbook_with_too_many_cells_is_refused_before_parsing() -> None:
    rows = [[str(i), str(i)] for i in range(1, 3_001)]
    data = hostile.xlsx_declaring_huge_sheet(rows, 0)
    with limits.applied(replace(limits.DEFAULT, cells=5_000)), pytest.raises(LimitError) as e:
        read_bytes(data, "cells.xlsx")
    assert "单元格数" in e.value.message


def test_html_spans_are_counted_as_they_are_made() -> None:
    # 2,000 cells of colspan 999 and rowspan 999: millions of blank cells from 70 KB
    row = '<td colspan="999" rowspan="999">1</td>' * 50
    page = "<html><table>" + f"<tr>{row}</tr>" * 40 + "</table></html>"
    start = time.monotonic()
    with pytest.raises(LimitError) as caught:
        read_bytes(page.encode(), "spans.html")
    assert "单元格数" in caught.value.message
    assert time.monotonic() - start < SECONDS


@pytest.mark.parametrize("kind", ["png", "xlsx"])
def test_running_out_of_memory_is_a_limit_not_a_damaged_file(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A decoder that runs out of memory (under a worker's cap) was reported as 「已损坏」: it
    is a limit (the reader's top, or the bounded worker, names it)."""
    import openpyxl
    from PIL import Image

    from yusuan.errors import DamagedFileError, LimitError
    from yusuan.readers import read_bytes
    from yusuan.readers.image import image_pdf

    def exhausted(*_: object, **__: object) -> None:
        raise MemoryError

    if kind == "png":
        png = io.BytesIO()
        Image.new("L", (20, 20), 255).save(png, "PNG")
        data, name = png.getvalue(), "扫描.png"
        monkeypatch.setattr(Image, "open", exhausted)
        with pytest.raises(MemoryError):
            image_pdf(data, name)
    else:
        book = io.BytesIO()
        workbook = openpyxl.Workbook()
        workbook.active.append(["项目", "金额"])  # type: ignore[union-attr]
        workbook.save(book)
        data, name = book.getvalue(), "表.xlsx"
        monkeypatch.setattr(openpyxl, "load_workbook", exhausted)
    with pytest.raises(LimitError) as refused:
        read_bytes(data, name)
    assert not isinstance(refused.value, DamagedFileError)
    assert "损坏" not in refused.value.message


def test_a_reader_out_of_memory_says_memory_not_file_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A reader that runs out of memory (its process's address space) is refused with a
    Chinese message naming memory — not the 文件大小 limit the file is far below (#19)."""
    import yusuan.readers

    def greedy(data: bytes, path: str) -> object:
        raise MemoryError

    monkeypatch.setattr(yusuan.readers, "_dispatch", greedy)
    with pytest.raises(OutOfMemoryError) as refused:
        read_bytes(b"%PDF-1.7 small", "扫描件.pdf")
    message = refused.value.message
    assert message.startswith("扫描件.pdf：读取该文件时内存不足")
    assert "内存" in message and "文件大小" not in message
    assert isinstance(refused.value, LimitError)  # refused like a limit: exit code 2
    assert refused.value.exit_code == EXIT_INPUT
