"""Hardening figures (issue #19; ``make bench`` runs it after bench/run.py), for
docs/benchmarks.md:

* a PDF read in a bounded child (yusuan.isolate) against in place: the 23-page sample;
* the 原文 view of a real page enlarged to 14,400 pt, rendered in a bounded worker
  (yusuan.web.rendering): its time and the worker's peak memory, the server's own memory;
* anonymous downloads of a published package and the CSV export of every published package,
  served from the files stored at publishing, against rendering them per request (what the
  platform did before: the stored files are deleted before each "before" request).

Not a timed unit test: it prints medians.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import delete

from yusuan import isolate
from yusuan.pipeline import load_bytes
from yusuan.readers.pdf import read_pdf
from yusuan.web import published, store
from yusuan.web.app import create_app
from yusuan.web.db import Package, PublishedFile
from yusuan.web.derived import model
from yusuan.web.seed import seed_demo
from yusuan.web.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "examples" / "上海市普陀区司法局2026年部门预算.pdf"
CONSISTENT = ROOT / "tests" / "fixtures" / "docs" / "qijiang_2026_consistent.txt"
DEPARTMENTS = 20


def timings_ms(
    fn: Callable[[], object], runs: int, before: Callable[[], object] | None = None
) -> list[float]:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return times


def summary(times: list[float]) -> str:
    return f"median {statistics.median(times):.1f} ms (min {min(times):.1f})"


def isolation() -> None:
    """In place and in a child, interleaved (this VM's speed drifts: runs side by side)."""
    data = PDF.read_bytes()
    doc = read_pdf(data, PDF.name)
    inplace: list[float] = []
    child: list[float] = []
    for _ in range(20):
        inplace += timings_ms(lambda: read_pdf(data, PDF.name), 1)
        child += timings_ms(lambda: isolate.bounded(read_pdf, data, PDF.name), 1)
    overhead = timings_ms(lambda: isolate.bounded(lambda d, p: doc, data, PDF.name), 50)
    print(f"23-page PDF read in place: {summary(inplace)}")
    print(f"the same read in a bounded child: {summary(child)}")
    print(f"the child's own cost (fork, pickle, pipe, wait): {summary(overhead)}   (bar: <= 50 ms)")


def downloads() -> None:
    folder = Path(tempfile.mkdtemp(prefix="yusuan-bench-"))
    settings = Settings(database_url=f"sqlite:///{folder / 'b.sqlite3'}", public_burst=0)
    app = create_app(settings=settings)
    with app.state.sessions() as session:
        demo = seed_demo(session)
        pkg = load_bytes(CONSISTENT.read_bytes(), CONSISTENT.name)
        parent = store.create_unit(session, None, "基准测试财政局", "财政局")
        for i in range(DEPARTMENTS - 1):
            unit = store.create_unit(session, None, f"基准测试部门{i:02d}", "主管部门", parent)
            package = store.create_package(session, None, unit, pkg, "b.txt", "基准", 2026)
            for action in ("submit", "approve", "publish"):
                store.transition(session, None, package, package.version, action)
    client = TestClient(app)
    pid = demo.published.id

    def forget(fmt: str | None = None, package_id: int | None = None) -> Callable[[], None]:
        def run() -> None:
            with app.state.sessions() as session:
                query = delete(PublishedFile)
                if fmt:
                    query = query.where(PublishedFile.format == fmt)
                if package_id:
                    query = query.where(PublishedFile.package_id == package_id)
                session.execute(query)
                session.commit()

        return run

    for fmt, runs in (("pdf", 5), ("xlsx", 10), ("docx", 10)):
        url = f"/public/packages/{pid}/download.{fmt}"
        before = timings_ms(lambda u=url: client.get(u), runs, forget(fmt, pid))
        client.get(url)
        after = timings_ms(lambda u=url: client.get(u), runs * 4)
        print(
            f"anonymous {fmt.upper()} download: rendered per request {summary(before)};"
            f" stored at publishing {summary(after)}"
        )
    for name, fmt in (("export.csv", "csv"), ("export.json", "jsonrows")):
        url = f"/api/public/{name}"
        before = timings_ms(lambda u=url: client.get(u), 3, forget(fmt))
        client.get(url)
        after = timings_ms(lambda u=url: client.get(u), 10)
        print(
            f"{name} of {DEPARTMENTS} published packages: computed per request"
            f" {summary(before)}; stored rows {summary(after)}"
        )
    with app.state.sessions() as session:  # what publishing now adds, once
        package = session.get(Package, pid)
        assert package is not None
        pkg = model(package)
        at_publish = timings_ms(lambda: published.render_all(pkg, pid, "部门", settings.layout), 3)
    print(f"rendering every file once at publishing: {summary(at_publish)}")
    app.state.engine.dispose()
    shutil.rmtree(folder, ignore_errors=True)


def original_pages() -> None:
    """The 原文 view of an enlarged page: measured by bench/render_probe.py in a process of
    its own (a worker re-imports its parent's main module: this one would weigh on it)."""
    subprocess.run([sys.executable, str(ROOT / "bench" / "render_probe.py")], check=True)


def main() -> None:
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    isolation()
    original_pages()
    downloads()


if __name__ == "__main__":
    main()
