"""The web's 原文 view of a real page enlarged to 14,400 pt (and of an A4 page of the same
file), rendered as the platform renders it — in a worker bounded by memory and time
(:mod:`yusuan.web.rendering`) — with the time a view takes, the worker's peak address space
and the calling process's own memory. Run by bench/hardening.py as a process of its own: a
worker re-imports its parent's main module, so this one imports no more than the server's
workers carry.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

from yusuan import limits
from yusuan.limits import MiB
from yusuan.web import rendering, workers

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "examples" / "上海市普陀区司法局2026年部门预算.pdf"


def rendered_with_peak(
    data: bytes, number: int, lim: limits.Limits
) -> tuple[bytes | tuple[int, str], float, int]:
    """In a render worker: the page (as :func:`rendering.render_or_refusal`), its seconds
    and the worker's peak address space (VmPeak, bytes)."""
    start = time.perf_counter()
    png = rendering.render_or_refusal(data, number, [], lim)
    seconds = time.perf_counter() - start
    peak = 0
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmPeak:"):
                peak = int(line.split()[1]) * 1024
    return png, seconds, peak


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from tests import hostile

    lim = limits.DEFAULT
    big = hostile.enlarge_page(PDF.read_bytes(), 14_400)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for label, number in (("page 1 enlarged to 14,400 pt", 1), ("page 2 (A4)", 2)):
        rows = []
        for _ in range(5):
            start = time.perf_counter()
            kind, value = workers.run(
                rendered_with_peak, (big, number, lim), lim.render_seconds, lim.render_memory_bytes
            )
            total = time.perf_counter() - start
            assert kind == "ok", (kind, value)
            png, seconds, peak = value
            assert isinstance(png, bytes)
            rows.append((total, seconds, peak, len(png)))
        total, seconds, peak, size = sorted(rows)[len(rows) // 2]
        print(
            f"原文 {label}: {total * 1000:.0f} ms a view ({seconds * 1000:.0f} ms rendering),"
            f" worker peak {peak / MiB:.0f} MiB (cap {lim.render_memory_bytes / MiB:.0f} MiB),"
            f" PNG {size / 1024:.0f} KB"
        )
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"the calling (server) process's peak RSS grew by {(after - before) / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
