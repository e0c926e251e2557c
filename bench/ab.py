"""Speed of this checkout against an earlier commit, measured in turn in the same minutes.

    .venv/bin/python bench/ab.py [REV] [--rounds N]

The machine is shared, so figures from different minutes do not compare: each measurement runs
for REV (default ``main``; its ``src`` unpacked into a temporary folder and put first on
``PYTHONPATH``) and for this checkout alternately, ``--rounds`` times, and the medians are
printed side by side. CPU time (user + system) throughout, as the bars of issue #16 are:

- seed 000 read + recognize + check in-process, after warm-up (``bench/run.py``'s figure),
  and the same with every ``functools`` cache of yusuan emptied before each run (no help from
  having seen the document before);
- ``yusuan check`` in a fresh process (``python -m yusuan``) of the 2 KB page, seed 000 and the
  23-page Shanghai PDF, with ``pdftotext -layout`` of that PDF for the ratio;
- publishing seed 000 in-process: DOCX + XLSX + HTML, and all four (the PDF in a child).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = "examples/綦江区政务办2026年部门预算.txt"
PDF = "examples/上海市普陀区司法局2026年部门预算.pdf"
PAGE = "tests/fixtures/wild/003.txt"

IN_PROCESS = r"""
import functools, statistics, sys, time
from pathlib import Path
from yusuan.check import check_package
from yusuan.pipeline import load_bytes
from yusuan.rules.profile import load_profile
path, cold, runs = Path(sys.argv[1]), sys.argv[2] == "cold", int(sys.argv[3])
profile, data = load_profile("chongqing-2026"), path.read_bytes()
run = lambda: check_package(load_bytes(data, path.name), profile)
for _ in range(20):
    run()
caches = [
    v for name, m in list(sys.modules.items()) if name.startswith("yusuan") and m
    for v in vars(m).values()
    if isinstance(v, functools._lru_cache_wrapper) and v.__module__.startswith("yusuan")
]
times = []
for _ in range(runs):
    if cold:
        for c in caches:
            c.cache_clear()
    t = time.process_time()
    run()
    times.append((time.process_time() - t) * 1000)
print(statistics.median(times))
"""

PUBLISH = r"""
import statistics, sys, tempfile, time
from pathlib import Path
from yusuan.pipeline import load_bytes
from yusuan.publish import publish
from yusuan.rules.profile import load_profile
path, formats, runs = Path(sys.argv[1]), tuple(sys.argv[2].split(",")), int(sys.argv[3])
pkg, profile = load_bytes(path.read_bytes(), path.name), load_profile("chongqing-2026")
out = tempfile.mkdtemp()
run = lambda: publish(pkg, Path(out), profile=profile, formats=formats, force_reason="bench")
run()
wall, cpu = [], []
for _ in range(runs):
    w, c = time.perf_counter(), time.process_time()
    run()
    wall.append((time.perf_counter() - w) * 1000)
    cpu.append((time.process_time() - c) * 1000)
print(statistics.median(cpu), statistics.median(wall))
"""


def _env(src: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def _child_cpu(cmd: list[str], env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000


def _printed(cmd: list[str], env: dict[str, str]) -> list[float]:
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    return [float(x) for x in done.stdout.split()]


def unpacked(rev: str, into: Path) -> Path:
    """REV's ``src`` folder, unpacked under ``into``."""
    archive = into / "src.tar"
    with archive.open("wb") as f:
        subprocess.run(["git", "archive", rev, "src"], stdout=f, cwd=ROOT, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", nargs="?", default="main")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        sides = {args.rev: unpacked(args.rev, Path(tmp)), "this checkout": None}
        fresh = {
            "2 KB page `yusuan check`": [PAGE],
            "seed 000 `yusuan check -p chongqing-2026`": [SEED, "-p", "chongqing-2026"],
            "23-page PDF `yusuan check -p shanghai-2026`": [PDF, "-p", "shanghai-2026"],
        }
        rows: dict[str, dict[str, list[float]]] = {}

        def add(what: str, side: str, value: float) -> None:
            rows.setdefault(what, {}).setdefault(side, []).append(value)

        for _ in range(args.rounds):
            for side, src in sides.items():
                env = _env(src)
                for cold in ("warm", "cold"):
                    (ms,) = _printed([py, "-c", IN_PROCESS, SEED, cold, "100"], env)
                    add(f"seed 000 in-process, {cold} caches (ms CPU)", side, ms)
                for what, rest in fresh.items():
                    times = [
                        _child_cpu([py, "-m", "yusuan", "check", *rest], env) for _ in range(5)
                    ]
                    add(f"{what} (ms CPU)", side, statistics.median(times))
                for formats in ("docx,xlsx,html", "docx,xlsx,html,pdf"):
                    cpu, wall = _printed([py, "-c", PUBLISH, SEED, formats, "3"], env)
                    add(f"publish seed 000 {formats} (ms CPU of the caller)", side, cpu)
                    add(f"publish seed 000 {formats} (ms wall)", side, wall)
        tool = shutil.which("pdftotext")
        reference = (
            statistics.median(
                _child_cpu([tool, "-layout", PDF, os.devnull], _env(None)) for _ in range(9)
            )
            if tool
            else None
        )
    print(f"{'':58s} {args.rev:>14s} {'this checkout':>14s}")
    for what, by in rows.items():
        a, b = (statistics.median(by[s]) for s in sides)
        print(f"{what:58s} {a:14.1f} {b:14.1f}  {100 * (b - a) / a:+.0f}%")
    if reference is not None:
        pdf = rows["23-page PDF `yusuan check -p shanghai-2026` (ms CPU)"]
        a, b = (statistics.median(pdf[s]) for s in sides)
        print(
            f"pdftotext -layout of the PDF: {reference:.1f} ms CPU; ratio {a / reference:.1f}x"
            f" → {b / reference:.1f}x   (bar: <= 6x, #16)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
