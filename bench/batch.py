"""Batch checking (issue #17), ``make bench``: a corpus in one command, figures for
docs/benchmarks.md.

Corpora are made in a temporary folder by copying real documents: the text corpus cycles
through the shared wild and perf pages, the seeds and the examples (each copy a file of its
own, checked as such); the PDF corpus cycles through ../shared/samples/pdf. Each run is the
real command line (``yusuan check FOLDER -j 2 -f parquet -o … --summary …``) in a process of
its own, sampled every 20 ms for the resident memory of the command and of its whole process
tree; CPU time: what the command reports its workers spent checking (process time, per document),
and the command's own (user + system of the processes it waited for). The Dask run uses a LocalCluster of 2
single-threaded worker processes started beforehand (its start is not counted; the client's
connection is).
"""

from __future__ import annotations

import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXE = Path(sys.executable).parent / "yusuan"


def text_sources() -> list[Path]:
    return [
        *sorted((SHARED / "corpus" / "wild" / "docs").glob("*.txt")),
        *sorted((SHARED / "corpus" / "perf" / "docs").glob("*.txt")),
        *sorted((SHARED / "seeds").glob("*.txt")),
        *sorted((ROOT / "examples").glob("*.txt")),
    ]


def make_corpus(folder: Path, sources: list[Path], n: int) -> int:
    """``n`` copies cycling through ``sources`` into ``folder``; their total size in bytes."""
    folder.mkdir(parents=True)
    size = 0
    for i in range(n):
        src = sources[i % len(sources)]
        sub = folder / f"{i // 250:03}"  # 250 a folder: the walk goes into subfolders
        sub.mkdir(exist_ok=True)
        dest = sub / f"{i:05}-{src.name}"
        shutil.copyfile(src, dest)
        size += dest.stat().st_size
    return size


def measure(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, float]:
    """Wall time, peak RSS of the command and of its process tree (MiB), CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env or os.environ.copy()
    )
    peak = {"main": 0, "tree": 0}
    done = threading.Event()

    def sample() -> None:
        try:
            p = psutil.Process(proc.pid)
            while not done.is_set():
                try:
                    main = p.memory_info().rss
                    tree = main + sum(
                        c.memory_info().rss for c in p.children(recursive=True) if c.is_running()
                    )
                except psutil.Error:
                    break
                peak["main"] = max(peak["main"], main)
                peak["tree"] = max(peak["tree"], tree)
                time.sleep(0.02)
        except psutil.Error:
            return

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd} exited {proc.returncode}: {err.decode()[-500:]}")
    # the workers' CPU (grandchildren through the forkserver, or the cluster's processes) as
    # the command reports it: 审核每个文件用 CPU N 毫秒
    found = re.search(r"审核每个文件用 CPU ([0-9.]+) 毫秒", err.decode())
    return {
        "wall": wall,
        "main": peak["main"] / 2**20,
        "tree": peak["tree"] / 2**20,
        "cpu": cpu,
        "check_ms": float(found.group(1)) if found else float("nan"),
    }


def check_cmd(folder: Path, out: Path, *extra: str) -> list[str]:
    return [
        str(EXE),
        "check",
        str(folder),
        "-f",
        "parquet",
        "-o",
        str(out / "findings.parquet"),
        "--summary",
        str(out / "汇总.xlsx"),
        *extra,
    ]


def line(label: str, n: int, m: dict[str, float], bar: str = "") -> None:
    rate = n / m["wall"]
    print(
        f"{label}: {n} documents in {m['wall']:.1f} s = {rate:.1f} documents/s; "
        f"checking {m['check_ms']:.1f} ms CPU a document (the command itself "
        f"{m['cpu'] / n * 1000:.1f} ms); peak RSS command {m['main']:.0f} MiB, "
        f"process tree {m['tree']:.0f} MiB" + (f"   (bar: {bar})" if bar else "")
    )


def main() -> None:
    load = os.getloadavg()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    texts = text_sources()
    pdfs = sorted((SHARED / "samples" / "pdf").glob("*.pdf"))
    with tempfile.TemporaryDirectory(prefix="yusuan-batch-bench-") as tmp:
        base = Path(tmp)
        size = {n: make_corpus(base / f"text{n}", texts, n) for n in (500, 2000)}
        print(
            f"text corpus: copies of {len(texts)} real documents (shared wild and perf pages, "
            f"seeds, examples), {size[2000] / 2000 / 1024:.1f} KB a document on average"
        )
        results = {}
        for n in (500, 2000):
            out = base / f"out-text{n}"
            results[n] = measure(check_cmd(base / f"text{n}", out, "-j", "2"))
            line(
                f"text, --jobs 2, {n} documents",
                n,
                results[n],
                "≥ 60 documents/s" if n == 2000 else "",
            )
        flat = results[2000]["main"] / results[500]["main"]
        print(
            f"memory: peak RSS of the command {results[500]['main']:.0f} MiB at 500 documents, "
            f"{results[2000]['main']:.0f} MiB at 2,000 (×{flat:.2f}; bar: flat)"
        )
        if pdfs:
            make_corpus(base / "pdf", pdfs, 100)
            pages = sum(_pages(p) for p in pdfs) / len(pdfs)
            m = measure(check_cmd(base / "pdf", base / "out-pdf", "-j", "2"))
            line(
                f"PDF (copies of {len(pdfs)} samples, {pages:.0f} pages on average), --jobs 2",
                100,
                m,
                "≥ 8 documents/s",
            )
            print(
                f"  = {100 * pages / m['wall']:.0f} pages/s, "
                f"{m['check_ms'] / pages:.1f} ms CPU a page"
            )
        scan = ROOT / "tests" / "fixtures" / "scanned" / "seed000-scan.pdf"
        scan_local = measure(
            [str(EXE), "check", str(scan), "-f", "parquet", "-o", str(base / "scan.parquet")]
        )
        pages = _pages(scan)
        print(
            f"scan ({scan.name}, {pages} pages, OCR), one document here: {scan_local['wall']:.1f} s, "
            f"{scan_local['wall'] / pages:.2f} s a page; CPU with Tesseract "
            f"{scan_local['cpu'] / pages:.2f} s a page"
        )
        cluster(base, results[2000], scan, scan_local)


def _pages(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        return len(pdf)
    finally:
        pdf.close()


def cluster(base: Path, local: dict[str, float], scan: Path, scan_local: dict[str, float]) -> None:
    try:
        from distributed import LocalCluster
    except ImportError:
        print("Dask: dask.distributed not installed (pip install '.[cluster]')")
        return
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as c:
        env = {**os.environ, "YUSUAN_DASK_SCHEDULER": c.scheduler_address}
        m = measure(check_cmd(base / "text2000", base / "out-dask"), env)
        out = base / "scan-dask.parquet"
        s = measure([str(EXE), "check", str(scan), "-f", "parquet", "-o", str(out)], env)
    line("text, LocalCluster of 2 workers, 2000 documents", 2000, m)
    print(
        f"  LocalCluster / local (--jobs 2): ×{m['wall'] / local['wall']:.2f} wall time   (bar: ≤ 1.5×)"
        " (CPU and RSS above count the client only: the workers are the cluster's processes)"
    )
    print(
        f"scan ({_pages(scan)} pages), its pages as tasks on the LocalCluster: {s['wall']:.1f} s "
        f"(here: {scan_local['wall']:.1f} s)"
    )


if __name__ == "__main__":
    main()
