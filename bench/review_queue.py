"""待我审核 at the scale of issue #18 (a 主管部门 reviewer with 80 packages of 46 findings each):
the queue page's time with no decision taken, and with one decision on every package (each
then counted from its findings and decisions). For docs/benchmarks.md; prints medians.

    .venv/bin/python bench/review_queue.py
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from yusuan.pipeline import load_bytes
from yusuan.web import store
from yusuan.web.app import create_app
from yusuan.web.db import Unit, User
from yusuan.web.derived import derived
from yusuan.web.review import review
from yusuan.web.seed import DEPARTMENT, seed_demo
from yusuan.web.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEED000 = ROOT / "tests" / "fixtures" / "docs" / "qijiang_2026_budget.txt"
PACKAGES = 80
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _queue_ms(client: TestClient, runs: int = 7) -> float:
    client.get("/review")  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        page = client.get("/review")
        times.append(time.perf_counter() - start)
    assert page.text.count('<tr id="p-') == PACKAGES
    return statistics.median(times) * 1000


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="yusuan-queue-"))
    settings = Settings(database_url=f"sqlite:///{folder / 'q.sqlite3'}", secret_key="bench")
    app = create_app(settings=settings)
    with app.state.sessions() as session:
        demo = seed_demo(session)
        unit = session.scalars(select(Unit).where(Unit.name == DEPARTMENT)).one()
        admin = session.scalars(select(User).where(User.username == "admin")).one()
        pkg = load_bytes(SEED000.read_bytes(), SEED000.name)
        packages = []
        for i in range(PACKAGES):
            package = store.create_package(session, admin, unit, pkg, "a.txt", f"包{i}", 2026)
            derived(session, package, settings.profile)
            store.transition(session, admin, package, package.version, "submit")
            packages.append(package)
    password = next(a.password for a in demo.accounts if a.username == "dept_reviewer")
    client = TestClient(app)
    token = TOKEN.search(client.get("/login").text)
    assert token
    form = {"username": "dept_reviewer", "password": password, "csrf_token": token[1]}
    client.post("/login", data=form, follow_redirects=False)
    undecided = _queue_ms(client)
    with app.state.sessions() as session:
        for package in packages:
            package = session.merge(package)
            key = review(session, package, settings.profile).findings[0].key
            store.decide(session, admin, package, package.version, key, "accept", "")
    decided = _queue_ms(client)
    print(
        f"待我审核, {PACKAGES} packages × 46 findings: {undecided:.0f} ms (none decided), ", end=""
    )
    print(f"{decided:.0f} ms (a decision on each)")
    app.state.engine.dispose()


if __name__ == "__main__":
    main()
