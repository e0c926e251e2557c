"""The portal at national scale (SQLite and PostgreSQL): the public list in keyset pages (no
row twice, none missing, ties included, a package published meanwhile), statistics kept at
publishing equal to a recomputation from the packages, exports streamed from the stored rows
in constant memory."""

from __future__ import annotations

import html
import re
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import CONSISTENT
from tests.helpers.web import BUDGET, make_app, publish, signed_in
from yusuan.opendata.write import csv_chunks
from yusuan.pipeline import load_bytes
from yusuan.web import pages, store, tallies
from yusuan.web.db import Package, PortalTally, PublishedFile, Unit, User
from yusuan.web.derived import derived
from yusuan.web.published import ANY_LAYOUT, CSV_ROWS
from yusuan.web.routes import export
from yusuan.web.routes.public import Search, published
from yusuan.web.seed import Demo

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
LINK = re.compile(r'<a href="(/public\?[^"]*)" rel="(next|prev)">')
ROW = re.compile(r'<td><a href="/public/packages/(\d+)">')

PROFILE = "chongqing-2026"


def add_published(
    app: FastAPI, count: int, year: int = 2026, times: int = 3, csv: bytes | None = None
) -> list[int]:
    """``count`` current published packages of units of their own, written directly; their
    publication times take ``times`` values only (ties); with ``csv`` their stored rows."""
    ids = []
    with app.state.sessions() as session:
        start = session.scalar(select(Unit.id).order_by(Unit.id.desc())) or 0
        for i in range(count):
            unit = Unit(name=f"测试单位{start + i + 1}", kind="主管部门")
            session.add(unit)
            session.flush()
            at = T0 + timedelta(hours=i % times)
            package = Package(
                unit_id=unit.id,
                year=year,
                title=f"测试单位{start + i + 1} {year}年部门预算",
                status="published",
                version=1,
                model_json="{}",
                model_sha256="0" * 64,
                kind="部门预算",
                source_name="a.txt",
                created_at=at,
                updated_at=at,
                published_at=at,
            )
            session.add(package)
            session.flush()
            if csv is not None:
                session.add(
                    PublishedFile(
                        package_id=package.id,
                        layout=ANY_LAYOUT,
                        format=CSV_ROWS,
                        name="x",
                        data=csv + f"{package.id}\r\n".encode(),
                        created_at=at,
                    )
                )
            ids.append(package.id)
        session.commit()
    return ids


def expected_order(app: FastAPI, ids: list[int]) -> list[int]:
    with app.state.sessions() as session:
        rows = session.execute(
            select(Package.id, Package.published_at).where(Package.id.in_(ids))
        ).all()
    return [pid for pid, _ in sorted(rows, key=lambda r: (r[1], r[0]), reverse=True)]


def walk(client: TestClient, url: str, rel: str) -> tuple[list[list[int]], str]:
    """Follow the ``rel`` links from ``url``: the ids of each page, and the last page's url."""
    seen = []
    while True:
        response = client.get(url)
        assert response.status_code == 200, response.text
        seen.append([int(i) for i in ROW.findall(response.text)])
        links = {r: html.unescape(u) for u, r in LINK.findall(response.text)}
        if rel not in links:
            return seen, url
        url = links[rel]


def test_keyset_pages_cover_the_list_once_with_ties(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "PAGE", 4)
    ids = add_published(app, 23)  # 23 packages at 3 distinct times: ties within every page
    order = expected_order(app, ids)
    client = TestClient(app)
    forward, last = walk(client, "/public?q=&year=", "next")
    assert [len(p) for p in forward] == [4, 4, 4, 4, 4, 3]
    assert [i for p in forward for i in p] == order  # none twice, none missing, in order
    backward, _ = walk(client, last, "prev")
    assert [i for p in reversed(backward) for i in p] == order
    assert list(reversed(backward)) == forward  # the same pages going back
    # a package published while a reader pages is at the top: the pages after move on
    # from where the reader was, neither repeating nor skipping a row
    response = client.get("/public?q=&year=")
    link = html.unescape({r: u for u, r in LINK.findall(response.text)}["next"])
    newest = add_published(app, 1)[0]
    with app.state.sessions() as session:
        package = session.get(Package, newest)
        assert package is not None
        package.published_at = T0 + timedelta(days=1)
        session.commit()
    rest, _ = walk(client, link, "next")
    assert [i for p in rest for i in p] == order[4:]
    assert ROW.findall(client.get("/public").text)[0] == str(newest)


def test_keyset_pages_of_a_search(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "PAGE", 3)
    add_published(app, 5, year=2026)
    older = add_published(app, 8, year=2025, times=2)
    client = TestClient(app)
    forward, _ = walk(client, "/public?q=%E6%B5%8B%E8%AF%95&year=2025", "next")  # q=测试
    assert [i for p in forward for i in p] == expected_order(app, older)


@pytest.mark.parametrize(
    "cursor", ["abc", "2026-01-01T00:00:00_5", "2026-01-01T00:00:00+00:00_x", "_", "x_0"]
)
def test_a_bad_page_cursor_is_a_chinese_400(app: FastAPI, cursor: str) -> None:
    for name in ("after", "before"):
        response = TestClient(app).get("/public", params={name: cursor})
        assert response.status_code == 400
        assert "分页参数无效" in response.text


def recount(app: FastAPI) -> tallies.Stats:
    """The statistics computed afresh from the current published packages' stored checks."""
    with app.state.sessions() as session:
        current = session.scalars(
            select(Package).where(Package.status == "published", Package.superseded_at.is_(None))
        ).all()
        results = [(p.year, derived(session, p, PROFILE)) for p in current]
    rules: Counter[str] = Counter(r for _, res in results for r in {f.rule for f in res.findings})
    years = Counter(year for year, _ in results)
    return tallies.Stats(
        len(results),
        sum((res.outline.spending for _, res in results), Decimal(0)),
        sorted(years.items()),
        sorted(rules.items(), key=lambda kv: (-kv[1], kv[0])),
    )


def shown(app: FastAPI) -> tallies.Stats:
    """The statistics as the page shows them (after a view, which counts what is pending)."""
    page = TestClient(app).get("/public/stats")
    assert page.status_code == 200
    with app.state.sessions() as session:
        stats = tallies.read(session)
        pending = session.get(PortalTally, tallies.PENDING)
    assert pending is None or pending.packages == 0
    assert f"已公开文件 {stats.published} 份" in page.text
    return stats


def test_statistics_equal_a_recomputation_after_publishing_and_correcting(
    app: FastAPI, demo: Demo
) -> None:
    assert shown(app) == recount(app)  # the seed's package: counted at the first view
    other = publish(app, demo, BUDGET)
    with_errors = shown(app)
    assert with_errors == recount(app)
    assert with_errors.published == 2 and with_errors.rules  # BUDGET has findings
    # a correction of BUDGET with CONSISTENT's content: the old version's rules go
    admin = signed_in(app, demo, "admin")
    response = admin.post(f"/packages/{other}/correct", {"change_note": "更正为一致的版本"})
    assert response.status_code == 303
    new = int(response.headers["location"].rsplit("/", 1)[1])
    with app.state.sessions() as session:
        draft = session.get(Package, new)
        actor = session.scalar(select(User).where(User.username == "admin"))
        assert draft is not None and actor is not None
        pkg = load_bytes(CONSISTENT.read_bytes(), CONSISTENT.name)
        store.replace_model(session, actor, draft, draft.version, pkg, CONSISTENT.name)
    for action in ("submit", "approve", "publish"):
        assert admin.act(new, action).status_code == 303
    corrected = shown(app)
    assert corrected == recount(app)
    assert corrected.published == 2
    assert sum(n for _, n in corrected.rules) < sum(n for _, n in with_errors.rules)
    # tallies never go negative, and what a view reads is the tallies alone
    with app.state.sessions() as session:
        assert all(t.packages >= 0 for t in session.scalars(select(PortalTally)))


def _consume(chunks: Iterator[bytes]) -> tuple[int, int]:
    """Bytes streamed and the peak of Python memory while streaming them."""
    tracemalloc.start()
    try:
        total = sum(len(c) for c in chunks)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return total, peak


def test_exports_stream_the_stored_rows_in_constant_memory(app: FastAPI) -> None:
    row = ("x" * 199 + "\r\n").encode() * 100  # 20 KB of stored CSV rows a package
    small = add_published(app, 150, year=2024, csv=row)
    big = add_published(app, 600, year=2025, csv=row)
    layout = app.state.settings.layout
    sessions = app.state.sessions
    small_bytes, small_peak = _consume(export._csv(sessions, Search("", 2024), layout))
    big_bytes, big_peak = _consume(export._csv(sessions, Search("", 2025), layout))
    assert big_bytes > 3.9 * small_bytes
    assert big_peak < 1.5 * small_peak  # flat: a batch at a time, whatever the export's size
    assert big_peak < 3 * export.BATCH * len(row) < big_bytes / 2  # a batch's worth, not all
    # and the stream is every package's rows, in the list's order, after the header
    body = TestClient(app).get("/api/public/export.csv", params={"year": "2025"}).content
    header = next(csv_chunks([])).encode("utf-8")
    ends = [int(line) for line in body[len(header) :].split(b"\r\n") if line and line[0] != 120]
    assert ends == expected_order(app, big)
    assert len(small) == 150


def test_the_list_reads_its_own_index_in_order_on_sqlite(tmp_path: Path) -> None:
    """With the planner statistics refreshed at start, SQLite reads the public list (and a
    deep page) from ``ix_packages_public`` in order, not every published row sorted."""
    url = f"sqlite:///{tmp_path / 'web.sqlite3'}"
    add_published(make_app(tmp_path, url), 300, times=7)
    app = make_app(tmp_path, url)  # a restart
    cursor = pages.Cursor(T0, 150)
    for query in (
        published(Search("", None), limit=51),
        pages.window(published(Search("", None), limit=None), cursor, None, 50),
    ):
        compiled = query.compile(app.state.engine, compile_kwargs={"literal_binds": True})
        with app.state.engine.connect() as connection:
            plan = " ".join(
                str(r[-1]) for r in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")
            )
        assert "ix_packages_public" in plan and "TEMP B-TREE" not in plan, plan


def test_the_json_list_pages_by_its_link_header(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    from yusuan.web.routes import api

    monkeypatch.setattr(api, "MAX_RESULTS", 5)
    ids = add_published(app, 12, times=2)
    client = TestClient(app)
    seen: list[int] = []
    url: str | None = "/api/public/packages?year=2026"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        seen += [p["id"] for p in response.json()]
        link = re.fullmatch(r'<([^>]+)>; rel="next"', response.headers.get("link", ""))
        url = link.group(1) if link else None
    assert seen == expected_order(app, ids)
    assert client.get("/api/public/packages", params={"after": "x"}).status_code == 400


def test_concurrent_publications_all_count(app: FastAPI, demo: Demo) -> None:
    """Eight packages published at once, each in its own session and thread: the running
    totals equal a recomputation (the upserts add up; none is lost, no deadlock)."""
    from concurrent.futures import ThreadPoolExecutor

    from yusuan.web.db import ROLE_ADMIN

    pkg = load_bytes(BUDGET.read_bytes(), BUDGET.name)
    with app.state.sessions() as session:
        admin = session.scalar(select(User).where(User.role == ROLE_ADMIN))
        assert admin is not None
        ready = []
        for i in range(8):
            unit = store.create_unit(session, admin, f"并发单位{i}", "主管部门")
            package = store.create_package(session, admin, unit, pkg, BUDGET.name, "并发", 2025)
            for action in ("submit", "approve"):
                store.transition(session, admin, package, package.version, action)
            ready.append(package.id)

    def publish_one(pid: int) -> None:
        with app.state.sessions() as session:
            package = session.get(Package, pid)
            actor = session.get(User, admin.id)
            assert package is not None and actor is not None
            fact = tallies.fact_of(derived(session, package, PROFILE), package.year)
            session.commit()
            store.transition(session, actor, package, package.version, "publish", fact=fact)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(publish_one, ready))
    stats = shown(app)
    assert stats == recount(app)
    assert dict(stats.per_year)[2025] == 8
