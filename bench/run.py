"""Benchmarks for the bars in the issues (``make bench``); figures go to docs/benchmarks.md.

Not a timed unit test: it prints medians and the bar each is measured against.
"""

from __future__ import annotations

import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from yusuan.check import check_package
from yusuan.errors import YusuanError
from yusuan.pipeline import load_bytes
from yusuan.rules.profile import load_profile

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "綦江区政务办2026年部门预算.txt"
PDF = ROOT / "examples" / "上海市普陀区司法局2026年部门预算.pdf"
SAMPLES = ROOT.parent / "shared" / "samples" / "pdf"
FINAL_30 = SAMPLES / "上海市普陀区规划和自然资源局 2024 年度部门决算.pdf"
#: a 2 KB page of a 决算 说明 (issue #16: end to end in a fresh process <= 150 ms CPU)
PAGE_2KB = ROOT / "tests" / "fixtures" / "wild" / "003.txt"


def timings_ms(
    fn: object, runs: int, warmup: int = 3, clock: Callable[[], float] = time.perf_counter
) -> list[float]:
    """Each run's time in ms after ``warmup`` runs: wall time, or ``clock``'s."""
    assert callable(fn)
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t = clock()
        fn()
        times.append((clock() - t) * 1000)
    return times


def cpu_ms(fn: object, runs: int = 5) -> float:
    """Median CPU time (user + system) of ``fn()`` in this process, in ms (after one warm-up)."""
    return statistics.median(timings_ms(fn, runs, warmup=1, clock=time.process_time))


def child_cpu_ms(cmd: list[str], runs: int = 5) -> float:
    """Median CPU time (user + system) of the command as a child process, in ms."""
    times = []
    for _ in range(runs + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        times.append(used * 1000)
    return statistics.median(times[1:])


def pdftotext() -> str | None:
    """poppler's ``pdftotext`` (``scripts/system-deps.sh`` installs poppler-utils), the
    reference for PDF text extraction."""
    return shutil.which("pdftotext")


def pdf_extraction() -> list[tuple[str, int, float, float | None]]:
    """Each sample PDF (../shared/samples/pdf, else the example): pages, yusuan's text
    extraction (``read_pdf``: stream pre-scan, PDFium characters, lines and cells) in CPU ms a
    page, and ``pdftotext -layout``'s CPU time for the same file in a child process (None when
    it is not installed)."""
    from yusuan.readers.pdf import read_pdf

    files = sorted(SAMPLES.glob("*.pdf")) or [PDF]
    tool = pdftotext()
    out = []
    for path in files:
        data = path.read_bytes()
        pages = read_pdf(data, path.name).pages
        ms = cpu_ms(lambda d=data, n=path.name: read_pdf(d, n))
        reference = child_cpu_ms([tool, "-layout", str(path), os.devnull]) if tool else None
        out.append((path.name, pages, ms, reference))
    return out


def fresh_process_cpu_ms(cmd: list[str], runs: int, warmup: int = 2) -> list[float]:
    """CPU time (user + system) of ``cmd`` in a fresh process, each run: interpreter start,
    imports, work and exit, from the children's resource usage. Bytecode is cached as in an
    installed yusuan (PYTHONDONTWRITEBYTECODE is not passed on)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times = []
    for i in range(warmup + runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if i >= warmup:
            times.append(cpu * 1000)
    return times


def summary(times: list[float]) -> str:
    q = statistics.quantiles(times, n=10)
    return f"median {statistics.median(times):.1f} ms (min {min(times):.1f}, p90 {q[-1]:.1f})"


def scoring_timings() -> list[float]:
    """Score all nine projects of seed 000 as corrected (the published seed has a `<` operator,
    which cannot be scored); actuals = targets, 定性 rows 达成."""
    from yusuan.perf.scoring import Actual, evaluate

    consistent = ROOT / "tests" / "fixtures" / "docs" / "qijiang_2026_consistent.txt"
    pkg = load_bytes(consistent.read_bytes(), consistent.name)
    actuals = {
        p.name: {
            i.name: Actual(tier="达成") if i.operator == "定性" else Actual(value=i.numeric_value)
            for i in p.indicators
        }
        for p in pkg.projects
    }

    def run() -> None:
        for p in pkg.projects:
            budget = p.budget or Decimal(0)
            evaluate(p.name, p.indicators, actuals[p.name], budget, budget)

    return timings_ms(run, runs=50)


def publish_timings() -> tuple[list[float], list[float], list[float]]:
    """`publish()` of seed 000 (check, compose, render, read back and verify, write), in-process,
    wall time: DOCX + XLSX + HTML together, PDF alone, and all four (the PDF made in a child
    process meanwhile). The seed has errors: forced with a reason."""
    import tempfile

    from yusuan.publish import publish

    pkg = load_bytes(SEED.read_bytes(), SEED.name)
    profile = load_profile("chongqing-2026")
    with tempfile.TemporaryDirectory() as out:

        def office() -> None:
            publish(
                pkg,
                Path(out),
                profile=profile,
                formats=("docx", "xlsx", "html"),
                force_reason="benchmark",
            )

        def pdf() -> None:
            publish(pkg, Path(out), profile=profile, formats=("pdf",), force_reason="benchmark")

        def four() -> None:
            publish(pkg, Path(out), profile=profile, force_reason="benchmark")

        return (
            timings_ms(office, runs=10, warmup=1),
            timings_ms(pdf, runs=5, warmup=1),
            timings_ms(four, runs=5, warmup=1),
        )


def metrics_timings() -> list[float]:
    """All metrics of the synthetic office spec over 1,000,000 case records (Parquet, generated
    once into .bench/), including opening the datasets."""
    from yusuan.perf.metrics import compute_all, load_spec
    from yusuan.perf.synthetic import generate, write_spec

    folder = ROOT / ".bench" / "office-1m"
    if not (folder / "办件.parquet").exists():
        generate(folder, records=1_000_000)
    spec = load_spec(write_spec(folder))
    return timings_ms(lambda: compute_all(spec), runs=10, warmup=1)


def ocr_seconds_per_page() -> tuple[float, int] | None:
    """Seconds per page to read the image-only seed 000 (tests/fixtures/scanned) by OCR, the
    median of 3 runs; None when Tesseract is not installed."""
    from yusuan.readers import read_bytes
    from yusuan.readers.ocr import tesseract

    if tesseract.executable() is None:
        return None
    scan = ROOT / "tests" / "fixtures" / "scanned" / "seed000-scan.pdf"
    data = scan.read_bytes()
    pages = read_bytes(data, scan.name).pages
    times = timings_ms(lambda: check_package(load_bytes(data, scan.name)), runs=3, warmup=0)
    return statistics.median(times) / 1000 / pages, pages


def fragment_timings() -> list[float]:
    """Each page of the shared wild and perf corpora of at most 2,000 characters, read and
    checked in-process (warm): the per-page times, all pages pooled."""
    pages = [
        p.read_bytes()
        for corpus in ("wild", "perf")
        for p in sorted((ROOT.parent / "shared" / "corpus" / corpus / "docs").glob("*.txt"))
        if len(p.read_text(encoding="utf-8", errors="replace")) <= 2000
    ]
    times: list[float] = []
    for data in pages:
        try:
            times += timings_ms(lambda d=data: check_package(load_bytes(d, "page.txt")), runs=5)
        except YusuanError:  # an unreadable page is make wild's to report
            continue
    return times


def main() -> None:
    profile = load_profile("chongqing-2026")
    data = SEED.read_bytes()
    seed = timings_ms(lambda: check_package(load_bytes(data, SEED.name), profile), runs=200)
    pdf_data = PDF.read_bytes()
    pdf_inproc = timings_ms(lambda: check_package(load_bytes(pdf_data, PDF.name)), runs=20)
    exe = Path(sys.executable).parent / "yusuan"
    cli = [str(exe), "check", str(PDF), "--profile", "shanghai-2026"]

    def run_cli() -> None:
        subprocess.run(cli, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

    pdf_cli = timings_ms(run_cli, runs=10, warmup=2)
    final_cli: list[float] = []
    if FINAL_30.exists():
        cmd = [str(exe), "check", str(FINAL_30)]
        final_cli = timings_ms(
            lambda: subprocess.run(
                cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
            ),
            runs=10,
            warmup=2,
        )
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"seed 000 parse + check, in-process: {summary(seed)}   (bar: median <= 5 ms, #16)")
    extraction = pdf_extraction()
    for name, pages, ms, reference in extraction:
        ratio = f", pdftotext {reference:.0f} ms CPU, {ms / reference:.1f}x" if reference else ""
        print(
            f"PDF text extraction {name}: {pages} pages, {ms:.0f} ms CPU,"
            f" {ms / pages:.2f} ms a page{ratio}"
        )
    pages = sum(p for _, p, _, _ in extraction)
    print(
        f"PDF text extraction, all samples: {sum(ms for _, _, ms, _ in extraction) / pages:.2f}"
        f" ms CPU a page, worst {max(ms / p for _, p, ms, _ in extraction):.2f}"
        "   (bar: <= 3 ms a page, #16)"
    )
    if pdftotext() is None:
        print("pdftotext: not installed (scripts/system-deps.sh installs poppler-utils)")
    fragments = fragment_timings()
    if fragments:
        print(
            f"a page of <= 2,000 characters (shared corpora, {len(fragments) // 5} pages) read +"
            f" checked, in-process: {summary(fragments)}, max {max(fragments):.1f} ms"
            "   (bar: <= 30 ms)"
        )
    page = fresh_process_cpu_ms([str(exe), "check", str(PAGE_2KB)], runs=20)
    page_json = fresh_process_cpu_ms([str(exe), "check", str(PAGE_2KB), "-f", "json"], runs=20)
    print(
        f"a 2 KB text page `yusuan check`, end to end in a fresh process, CPU: {summary(page)}"
        "   (bar: <= 150 ms)"
    )
    print(f"the same page with -f json, CPU: {summary(page_json)}")
    print(f"Shanghai 23-page PDF parse + check, in-process: {summary(pdf_inproc)}")
    print(
        f"Shanghai 23-page PDF `yusuan check`, end to end incl. process start: {summary(pdf_cli)}   (bar: <= 1000 ms)"
    )
    tool = pdftotext()
    if tool:
        ours = child_cpu_ms(cli)
        theirs = child_cpu_ms([tool, "-layout", str(PDF), os.devnull])
        print(
            f"Shanghai 23-page PDF `yusuan check` CPU {ours:.0f} ms, pdftotext {theirs:.0f} ms:"
            f" {ours / theirs:.1f}x   (bar: <= 6x, #16)"
        )
    print(
        f"绩效自评 scoring of seed 000's 9 projects, in-process: {summary(scoring_timings())}   (bar: <= 50 ms)"
    )
    office, pdf, four = publish_timings()
    print(
        f"publish seed 000 to DOCX + XLSX + HTML (check, render, verify, write): {summary(office)}"
        "   (bar: <= 500 ms, #16)"
    )
    print(
        f"publish seed 000 to PDF (check, render, verify, write): {summary(pdf)}   (bar: <= 3000 ms)"
    )
    print(
        f"publish seed 000 to all four formats (the PDF in a child meanwhile): {summary(four)}"
        "   (bar: <= 1500 ms, #16)"
    )
    print(
        f"perf metrics: all 11 metrics over 1,000,000 case records: {summary(metrics_timings())}"
        "   (bar: <= 2000 ms)"
    )
    if final_cli:
        print(
            f"30-page 决算 PDF `yusuan check`, end to end incl. process start: {summary(final_cli)}"
            "   (bar: <= 1000 ms)"
        )
    ocr = ocr_seconds_per_page()
    if ocr is None:
        print("OCR of a scanned PDF: tesseract not installed (scripts/system-deps.sh)")
    else:
        print(
            f"OCR: image-only seed 000 ({ocr[1]} pages) read + check, in-process: "
            f"{ocr[0]:.2f} s per page (median of 3)   (bar: <= 3 s per page)"
        )


if __name__ == "__main__":
    main()
