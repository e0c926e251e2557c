"""The public portal at national scale (issue #17 item 3): 100,000 published packages on a
private PostgreSQL, generated in the database (not through the upload path), then the server
time of the public list (first page, a deep page, a year), the statistics, a comparison, a
package page and the rate of a streamed CSV export.

One real package (qijiang_2026_budget.txt: its model, stored check, outline and open-data
rows) is stored as the platform stores it; the others are copies made by ``INSERT … SELECT``
over ``generate_series``: 20,000 departments × 5 years, publication times with ties. Their
models are a placeholder (no list, statistics or export reads a model); every package has its
stored check; the packages of 2026 (a fifth) have their stored CSV rows, which the export of
2026 streams.

Server time is measured in-process (the app called through Starlette's TestClient, median
of 7 after a warm-up, in 3 rounds over every page; the best round's median is reported, each
round's is printed): what a request costs the server, without a network.

Run: ``.venv/bin/python bench/portal.py [--packages 100000]``. With the code of an older
checkout on ``PYTHONPATH`` (``--before``: the model in ``packages``, no tallies) the same
figures are taken for that code.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "tests" / "fixtures" / "docs" / "qijiang_2026_budget.txt"
YEARS = 5
PROFILE = "chongqing-2026"


@contextmanager
def postgres() -> Iterator[str]:
    """A throwaway PostgreSQL server on a Unix socket (as the tests start one)."""
    bindir = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))[-1].parent
    root = Path(tempfile.mkdtemp(prefix="yusuan-bench-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = 20000 + secrets.randbelow(20000)

    def run(*args: str) -> None:
        subprocess.run([*as_user, *args], check=True, capture_output=True)

    data = root / "data"
    run(str(bindir / "initdb"), "-D", str(data), "--auth=trust", "-U", "postgres", "-E", "UTF8")
    options = f"-k {root} -p {port} -c listen_addresses='' -c shared_buffers=256MB"
    run(
        str(bindir / "pg_ctl"),
        "-D",
        str(data),
        "-w",
        "-l",
        str(root / "log"),
        "-o",
        options,
        "start",
    )
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={root}&port={port}"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


def seed_one(url: str) -> int:
    """The real package, stored as publishing stores it (check, files, and — on code that
    keeps them — its statistics facts); returns its id."""
    from sqlalchemy import inspect
    from sqlalchemy.orm import Session

    from yusuan.model.serialize import to_data
    from yusuan.pipeline import load
    from yusuan.web.db import Package, Unit, make_engine, migrate
    from yusuan.web.derived import derived
    from yusuan.web.published import CSV_ROWS, JSON_ROWS, Files, keep, render_one

    engine = make_engine(url)
    migrate(engine)
    pkg = load(DOC)
    model = json.dumps(to_data(pkg), ensure_ascii=False)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with Session(engine) as session:
        finance = Unit(name="某省财政厅", kind="财政局")
        session.add(finance)
        session.flush()
        unit = Unit(name="第000001号部门", kind="主管部门", parent_id=finance.id)
        session.add(unit)
        session.flush()
        package = Package(
            unit_id=unit.id,
            year=2026,
            title="第000001号部门 2026年部门预算",
            status="published",
            version=1,
            model_json=model,
            model_sha256=hashlib.sha256(model.encode()).hexdigest(),
            kind="部门预算",
            source_name=DOC.name,
            created_at=now,
            updated_at=now,
            approved_at=now,
            published_at=now,
        )
        session.add(package)
        session.flush()
        files = {
            f: render_one(pkg, package.id, unit.name, PROFILE, f) for f in (CSV_ROWS, JSON_ROWS)
        }
        keep(session, package.id, PROFILE, Files("第000001号部门2026年部门预算", files))
        session.commit()
        result = derived(session, package, PROFILE)
        if "portal_facts" in inspect(engine).get_table_names():
            from yusuan.web import tallies

            tallies.count(session, package, tallies.fact_of(result, package.year))
            session.commit()
        pid = package.id
    engine.dispose()
    return pid


def generate(url: str, packages: int, real: int) -> float:
    """The other packages, copies of the real one, written by SQL in the database; seconds."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    tables = set(inspect(engine).get_table_names())
    units = packages // YEARS
    started = time.perf_counter()
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO units (name, kind, parent_id) SELECT '第' || lpad(g::text, 6, '0')"
                " || '号部门', '主管部门', 1 FROM generate_series(2, :n) AS g"
            ),
            {"n": units},
        )
        # package g: unit 2 + (g mod units), year 2022 + g / units (the real package is unit 2's
        # of 2026); published every minute of 35 days, two packages a minute (ties)
        moved = "package_models" in tables
        model_col = "" if moved else ", model_json"
        model_val = "" if moved else ", '{}'"
        c.execute(
            text(
                f"INSERT INTO packages (unit_id, year, title, status, version{model_col},"
                " model_sha256, source_name, created_at, updated_at, approved_at, published_at,"
                " kind) SELECT u.id, 2022 + g / :units, u.name || ' ' || (2022 + g / :units)"
                f" || '年部门预算', 'published', 1{model_val}, p.model_sha256, p.source_name,"
                " p.created_at, p.updated_at, p.approved_at, timestamptz '2022-01-01' +"
                " ((g * 7919) % (:n / 2)) * interval '1 minute', '部门预算'"
                " FROM generate_series(0, :n - 1) AS g"
                " JOIN units u ON u.id = 2 + g % :units"
                " CROSS JOIN (SELECT * FROM packages WHERE id = :real) AS p"
                " WHERE NOT (g % :units = 0 AND g / :units = 4)"
            ),
            {"n": packages, "units": units, "real": real},
        )
        if moved:
            c.execute(
                text(
                    "INSERT INTO package_models (package_id, model_json) SELECT id, '{}'"
                    " FROM packages WHERE id <> :real"
                ),
                {"real": real},
            )
        c.execute(
            text(
                "INSERT INTO package_derived (package_id, model_sha256, profile, build, errors,"
                " warnings, infos, findings_json, outline_json, checked_at) SELECT p.id,"
                " d.model_sha256, d.profile, d.build, d.errors, d.warnings, d.infos,"
                " d.findings_json, d.outline_json, d.checked_at FROM packages p CROSS JOIN"
                " (SELECT * FROM package_derived WHERE package_id = :real) AS d WHERE p.id <> :real"
            ),
            {"real": real},
        )
        c.execute(
            text(
                "INSERT INTO published_files (package_id, layout, format, name, data, created_at)"
                " SELECT p.id, f.layout, f.format, f.name, f.data, f.created_at FROM packages p"
                " CROSS JOIN (SELECT * FROM published_files WHERE package_id = :real"
                " AND format = 'csv') AS f WHERE p.id <> :real AND p.year = 2026"
            ),
            {"real": real},
        )
        if "portal_facts" in tables:
            c.execute(
                text(
                    "INSERT INTO portal_facts (package_id, year, rules, spending) SELECT p.id,"
                    " p.year, f.rules, f.spending FROM packages p CROSS JOIN (SELECT * FROM"
                    " portal_facts WHERE package_id = :real) AS f WHERE p.id <> :real"
                ),
                {"real": real},
            )
            c.execute(text("DELETE FROM portal_tallies"))
            c.execute(
                text(
                    "INSERT INTO portal_tallies (key, packages, spending)"
                    " SELECT 'all', count(*), sum(spending) FROM portal_facts UNION ALL"
                    " SELECT 'year:' || year, count(*), sum(spending) FROM portal_facts"
                    " GROUP BY year UNION ALL SELECT 'rule:' || r, count(*), 0 FROM"
                    " portal_facts, unnest(string_to_array(rules, ' ')) AS r GROUP BY r"
                )
            )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    return time.perf_counter() - started


def timed(client: Any, url: str, runs: int = 7) -> float:
    """Median milliseconds of ``runs`` requests after one warm-up."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.text[:300])
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def deep_cursor(url: str, position: int) -> str:
    """The ``after`` cursor of the row at ``position`` of the public list."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as c:
        at, pid = c.execute(
            text(
                "SELECT published_at, id FROM packages WHERE status = 'published' AND"
                " superseded_at IS NULL ORDER BY published_at DESC, id DESC OFFSET :n LIMIT 1"
            ),
            {"n": position},
        ).one()
    engine.dispose()
    return f"{at.astimezone(UTC).isoformat()}_{pid}"


def plans(url: str, deep: str) -> None:
    """PostgreSQL's plan of the list's first and deep page (the index each reads)."""
    from sqlalchemy import create_engine, text

    from yusuan.web import pages
    from yusuan.web.routes.public import Search, published

    engine = create_engine(url)
    cursor = pages.parse(deep, "after")
    for name, query in (
        ("first page", pages.window(published(Search("", None), None), None, None, pages.PAGE)),
        ("deep page", pages.window(published(Search("", None), None), cursor, None, pages.PAGE)),
    ):
        compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
        with engine.connect() as c:
            plan = [r[0] for r in c.execute(text(f"EXPLAIN ANALYZE {compiled}"))]
        scan = next(line.strip() for line in plan if "Index" in line or "Scan" in line)
        print(f"  plan of the {name}: {scan}; {plan[-1].strip()}", flush=True)
    engine.dispose()


def export_rate(client: Any, url: str) -> tuple[float, float, float]:
    """MB streamed, MB/s and the peak RSS growth (MB) while streaming."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    total = 0
    with client.stream("GET", url) as response:
        assert response.status_code == 200
        for chunk in response.iter_bytes():
            total += len(chunk)
    seconds = time.perf_counter() - started
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss) / 1024
    return total / 1e6, total / 1e6 / seconds, grown


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--packages", type=int, default=100_000)
    parser.add_argument("--before", action="store_true", help="the code on PYTHONPATH is older")
    parser.add_argument(
        "--skip", default="", help="pages not measured (comma-separated; 'export' for the export)"
    )
    parser.add_argument("--runs", type=int, default=7, help="timed requests a page a round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over every page")
    args = parser.parse_args()
    from fastapi.testclient import TestClient

    import yusuan
    from yusuan.web.app import create_app
    from yusuan.web.settings import Settings

    print(f"code: {Path(yusuan.__file__).parent}", flush=True)
    with postgres() as url:
        real = seed_one(url)
        seconds = generate(url, args.packages, real)
        print(f"generated {args.packages:,} published packages in {seconds:.0f} s", flush=True)
        settings = Settings(database_url=url, secret_key="bench", public_burst=0)
        app = create_app(settings=settings)
        client = TestClient(app)
        deep = deep_cursor(url, args.packages // 2)
        pages = {
            "list: first page": "/public",
            "list: a year": "/public?year=2024",
            "list: deep page (middle)": f"/public?after={quote(deep)}",
            "statistics": "/public/stats",
            "compare two packages": f"/public/compare?ids={real},{real + 1}",
            "package page": f"/public/packages/{real}",
        }
        skip = {s.strip() for s in args.skip.split(",") if s.strip()}
        chosen = {
            n: p for n, p in pages.items() if n not in skip and not (args.before and "deep" in n)
        }
        # rounds over every page: on a shared machine one round can fall in another's burst
        medians: dict[str, list[float]] = {name: [] for name in chosen}
        for _ in range(args.rounds):
            for name, page in chosen.items():
                medians[name].append(timed(client, page, args.runs))
        for name, found in medians.items():
            print(
                f"{name:28} {min(found):9.1f} ms  (medians of {args.rounds} rounds:"
                f" {', '.join(f'{m:.1f}' for m in found)})",
                flush=True,
            )
        if not args.before:
            plans(url, deep)
        if "export" not in skip:
            mb, rate, grown = export_rate(client, "/api/public/export.csv?year=2026")
            print(
                f"{'export.csv, year 2026':28} {mb:9.1f} MB at {rate:.1f} MB/s"
                f" (peak RSS +{grown:.0f} MB)",
                flush=True,
            )
        app.state.engine.dispose()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
