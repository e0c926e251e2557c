"""Load benchmark of the web platform (issue #6): a database of 1,000 departments, each with a
published package, served by uvicorn (2 workers) on 127.0.0.1; 50 concurrent simulated users
(a bounded asyncio client, like locust users: each opens a random public package page, then
waits 0.5-1.5 s) for 60 s. Prints p50/p95/max latency and the error count.

``--jobs N``: N uploads of seed 000's 22-page scan are queued before the server starts, so the
load is measured while its workers read them (OCR on every core): the servers' job runners
take them in order, each job once.

Run: ``.venv/bin/python bench/web_load.py [--users 50] [--seconds 60] [--departments 1000]
[--jobs 0]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "tests" / "fixtures" / "docs" / "qijiang_2026_consistent.txt"
SCAN = ROOT / "tests" / "fixtures" / "scanned" / "seed000-scan.pdf"


def queue_scans(url: str, jobs: int) -> None:
    """``jobs`` uploads of the 22-page scan, queued as the upload request queues them."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from yusuan.web import store
    from yusuan.web.db import Unit, make_engine
    from yusuan.web.jobs import enqueue
    from yusuan.web.jobs.queue import Upload

    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        unit = session.scalar(select(Unit).where(Unit.kind == "主管部门").limit(1))
        assert unit is not None
        filer = store.create_user(
            session, None, "load_filer", "load-Filer-2026", "单位填报员", unit
        )
        for i in range(jobs):
            form = Upload(unit.id, 2026, None, f"扫描件 {i + 1}")
            enqueue(session, filer, "upload", SCAN.name, SCAN.read_bytes(), form)
    engine.dispose()


def job_states(url: str) -> dict[str, object]:
    from sqlalchemy import func, select

    from yusuan.web.db import Job, make_engine

    engine = make_engine(url)
    with engine.connect() as db:
        rows = db.execute(select(Job.state, func.count()).group_by(Job.state)).all()
        steps = db.execute(
            select(Job.step, Job.done_pages, Job.total_pages).where(Job.state == "running")
        ).all()
    engine.dispose()
    states: dict[str, object] = {str(state): int(count) for state, count in rows}
    return {**states, "progress": [f"{s} {d}/{t}" for s, d, t in steps]}


def seed(url: str, departments: int) -> list[int]:
    """Units and one published package each, written directly (the model stored as JSON, its
    check stored as an upload stores it)."""
    import hashlib
    import json
    from datetime import UTC, datetime

    from sqlalchemy.orm import Session

    from yusuan.model.serialize import to_data
    from yusuan.pipeline import load
    from yusuan.web.db import Package, Unit, make_engine, migrate
    from yusuan.web.derived import record

    engine = make_engine(url)
    migrate(engine)
    model = json.dumps(to_data(load(DOC)), ensure_ascii=False)
    digest = hashlib.sha256(model.encode("utf-8")).hexdigest()
    now = datetime.now(UTC)
    ids = []
    with Session(engine) as session:
        finance = Unit(name="某区财政局", kind="财政局")
        session.add(finance)
        session.flush()
        for i in range(departments):
            unit = Unit(name=f"第{i + 1:04d}号部门", kind="主管部门", parent_id=finance.id)
            session.add(unit)
            session.flush()
            package = Package(
                unit_id=unit.id,
                year=2026,
                title=f"第{i + 1:04d}号部门 2026年部门预算",
                status="published",
                version=1,
                model_json=model,
                model_sha256=digest,
                source_name=DOC.name,
                created_at=now,
                updated_at=now,
                approved_at=now,
                published_at=now,
            )
            session.add(package)
            session.flush()
            record(session, package, "chongqing-2026")  # as an upload stores it
            ids.append(package.id)
        session.commit()
    engine.dispose()
    return ids


async def user(
    base: str, ids: list[int], until: float, times: list[float], errors: list[str]
) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        while time.monotonic() < until:
            started = time.perf_counter()
            try:
                r = await client.get(f"/public/packages/{random.choice(ids)}")
                if r.status_code != 200:
                    errors.append(str(r.status_code))
            except httpx.HTTPError as exc:
                errors.append(type(exc).__name__)
            times.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(random.uniform(0.5, 1.5))


async def run_users(
    base: str, ids: list[int], users: int, seconds: int
) -> tuple[list[float], list[str]]:
    times: list[float] = []
    errors: list[str] = []
    until = time.monotonic() + seconds
    await asyncio.gather(*(user(base, ids, until, times, errors) for _ in range(users)))
    return times, errors


def _load() -> str:
    """The machine's load average (1, 5, 15 min): the machine is shared, figures need it."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--departments", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=0, help="22-page scans read meanwhile")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of load not measured")
    args = parser.parse_args()
    load_before = _load()
    folder = Path(tempfile.mkdtemp(prefix="yusuan-load-"))
    url = f"sqlite:///{folder / 'load.sqlite3'}"
    t = time.perf_counter()
    ids = seed(url, args.departments)
    print(
        f"seeded {len(ids)} departments with a published package each in {time.perf_counter() - t:.1f} s"
    )
    if args.jobs:
        queue_scans(url, args.jobs)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "YUSUAN_DATABASE_URL": url, "YUSUAN_SECRET_KEY": "load"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "yusuan.web.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        for _ in range(200):
            try:
                if httpx.get(f"{base}/public", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        if args.warmup:  # both servers' first pages (imports, templates) are not measured
            asyncio.run(run_users(base, ids, args.users, args.warmup))
        times, errors = asyncio.run(run_users(base, ids, args.users, args.seconds))
        if args.jobs:
            print(f"upload jobs at the end of the run: {job_states(url)}")
    finally:
        server.terminate()
        server.wait(timeout=20)
    q = statistics.quantiles(times, n=100)
    slow = sum(1 for t in times if t > 100)
    print(
        f"{args.users} users, {args.seconds} s, {len(times)} requests ({len(times) / args.seconds:.0f}/s): "
        f"p50 {q[49]:.1f} ms, p95 {q[94]:.1f} ms, p99 {q[98]:.1f} ms, max {max(times):.1f} ms, "
        f"over 100 ms {slow}, errors {len(errors)}   (bar: p95 < 100 ms, 0 errors)"
    )
    print(f"load average before {load_before}, after {_load()}")


if __name__ == "__main__":
    main()
