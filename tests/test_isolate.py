"""PDFs (and scanned images) read in a child process with bounded memory and time
(yusuan.isolate): what the pre-scan cannot see — here, a 6 MB PDF of 300,000 path operators,
stored uncompressed, that PDFium expands to over 100 MB — is refused with the limit named
(exit code 2), never a crash of the CLI; a child that crashes, runs out of time or is killed
becomes a Chinese message; the web's upload workers, bounded already, read in place."""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import ROOT, SH_SIFAJU, require_samples
from tests.helpers import hostile
from yusuan import isolate, limits
from yusuan.errors import (
    EXIT_INPUT,
    DamagedFileError,
    LimitError,
    PdfEncryptedError,
    PdfNoTextError,
)
from yusuan.readers import read_bytes
from yusuan.readers.pdf import read_pdf
from yusuan.readers.raw import RawDocument

#: set in the fresh interpreter a test runs in, to the test's name
_FRESH = "YUSUAN_TEST_FRESH_PROCESS"


def fresh_process(test: Callable[..., None]) -> Callable[..., None]:
    """Run the test in a fresh interpreter: a read forks only a process with one thread, and the
    tests before this module (DuckDB, Dask, OCR pools) leave native threads behind — the read
    would then run in place, and a crash meant for the child would end the test run."""

    @functools.wraps(test)
    def wrapper(*args: object, **kwargs: object) -> None:
        if os.environ.get(_FRESH) == test.__name__:
            assert isolate._can_fork(), "the fresh interpreter has other threads"
            test(*args, **kwargs)
            return
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
             f"{__file__}::{test.__name__}"],
            env={**os.environ, _FRESH: test.__name__},
            capture_output=True,
            text=True,
            timeout=900,
            cwd=ROOT,
            check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]

    return wrapper


def paths_pdf(count: int = 300_000) -> bytes:
    """One page of ``count`` filled triangles, its content stream not compressed (nothing for
    the pre-scan to inflate): PDFium makes a path object of each."""
    content = b"0 0 m 1 1 l 2 0 l h f\n" * count
    return hostile.pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        ]
    )


def small(**changes: float) -> limits.Limits:
    return replace(limits.DEFAULT, **changes)  # type: ignore[arg-type]


def lines(doc: RawDocument) -> list[tuple[object, ...]]:
    return [(x.page, x.number, x.cells, x.y, x.height, x.sheet) for x in doc.lines]


@fresh_process
def test_a_real_pdf_reads_the_same_in_a_child() -> None:
    require_samples()
    data = SH_SIFAJU.read_bytes()
    assert isolate._can_fork()  # (the test process runs one thread: the child is used)
    child = isolate.bounded(read_pdf, data, SH_SIFAJU.name)
    assert len(child.lines) > 300
    assert lines(child) == lines(read_pdf(data, SH_SIFAJU.name))


#: ``yusuan check FILE`` in a process of its own (the CLI's: one thread, so the read forks),
#: within a memory limit given as the first argument (MB)
CLI = """
import sys
from dataclasses import replace
from yusuan import limits
from yusuan.cli import app

memory = int(sys.argv.pop(1)) * limits.MiB
sys.argv[0] = "yusuan"
with limits.applied(replace(limits.DEFAULT, read_memory_bytes=memory)):
    app()
"""


def test_a_pdf_past_the_memory_limit_is_refused_with_exit_code_2(tmp_path: Path) -> None:
    path = tmp_path / "paths.pdf"
    path.write_bytes(paths_pdf())
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", CLI, "100", "check", str(path)], capture_output=True, text=True
    )
    assert time.monotonic() - start < 20
    assert done.returncode == EXIT_INPUT, done.stderr
    assert "PDF 读取进程内存超过上限 100 MB" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    # within the default limits the same file is read (it has no text: said so, also exit 2)
    with pytest.raises(PdfNoTextError):
        read_bytes(path.read_bytes(), "paths.pdf")


@fresh_process
def test_a_child_out_of_time_is_killed_with_what_it_started(tmp_path: Path) -> None:
    pid_file = tmp_path / "helper.pid"

    def slow(data: bytes, path: str) -> RawDocument:
        helper = subprocess.Popen(["sleep", "60"])  # as Tesseract would be
        pid_file.write_text(str(helper.pid))
        time.sleep(60)
        raise AssertionError("not reached")

    start = time.monotonic()
    with limits.applied(small(read_seconds=1.0)), pytest.raises(LimitError) as caught:
        isolate.bounded(slow, b"%PDF-1.4", "slow.pdf")
    assert time.monotonic() - start < 5
    assert "PDF 读取用时（秒）超过上限 1" in caught.value.message
    assert caught.value.exit_code == EXIT_INPUT
    helper = int(pid_file.read_text())
    for _ in range(50):  # killed with the child's process group (then reaped by init)
        state = Path(f"/proc/{helper}/stat")
        if not state.exists() or state.read_text().split(") ")[1][0] == "Z":
            break
        time.sleep(0.1)
    else:
        pytest.fail("the helper the read started is still running")


@fresh_process
def test_a_crashed_or_killed_child_is_a_message() -> None:
    def crash(data: bytes, path: str) -> RawDocument:
        os.kill(os.getpid(), signal.SIGSEGV)
        raise AssertionError("not reached")

    def killed(data: bytes, path: str) -> RawDocument:  # as the kernel's OOM killer does
        os.kill(os.getpid(), signal.SIGKILL)
        raise AssertionError("not reached")

    def hog(data: bytes, path: str) -> RawDocument:
        _ = bytearray(1 << 30)
        raise AssertionError("not reached")

    with pytest.raises(DamagedFileError) as damaged:
        isolate.bounded(crash, b"", "crash.pdf")
    assert "读取进程异常退出：SIGSEGV" in damaged.value.message
    with pytest.raises(LimitError) as memory:
        isolate.bounded(killed, b"", "killed.pdf")
    assert "PDF 读取进程内存" in memory.value.message
    with limits.applied(small(read_memory_bytes=200 * limits.MiB)), pytest.raises(LimitError):
        isolate.bounded(hog, b"", "hog.pdf")


@fresh_process
def test_the_reads_own_errors_arrive_as_they_were() -> None:
    def encrypted(data: bytes, path: str) -> RawDocument:
        raise PdfEncryptedError(path, where="第 1 页")

    with pytest.raises(PdfEncryptedError) as caught:
        isolate.bounded(encrypted, b"", "secret.pdf")
    assert caught.value.message == PdfEncryptedError("secret.pdf", where="第 1 页").message


@fresh_process
def test_a_bounded_process_reads_in_place() -> None:
    def pid(data: bytes, path: str) -> int:
        return os.getpid()

    assert isolate.bounded(pid, b"", "a.pdf") != os.getpid()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os; from yusuan import isolate; isolate.mark_bounded(); "
            "print(isolate.bounded(lambda d, p: os.getpid(), b'', 'a.pdf') == os.getpid())",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "True"
