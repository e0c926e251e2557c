"""Issue #19, on SQLite and PostgreSQL: one current published version per unit, year and kind
(a second publication becomes a 更正 of the current one; the database refuses two current
ones); published downloads and CSV rows rendered once, at publishing; logout ends one
session; login back-off and anonymous throttling shared by every server process."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import IntegrityError

from tests.conftest import CONSISTENT
from tests.helpers.migrations import at_revision
from tests.helpers.web import BUDGET, Browser, add_package, signed_in, subunit_id
from yusuan.opendata.lines import lines, meta, record
from yusuan.opendata.write import csv_chunks, json_record
from yusuan.pipeline import load_bytes
from yusuan.web import published
from yusuan.web.app import create_app
from yusuan.web.db import AuditLog, Package, PublishedFile, make_engine, migrate
from yusuan.web.review import review
from yusuan.web.seed import DEPARTMENT, Demo
from yusuan.web.settings import Settings


def publish_as_admin(app: FastAPI, demo: Demo, pid: int) -> Any:
    admin = signed_in(app, demo, "admin")
    for action in ("submit", "approve"):
        assert admin.act(pid, action).status_code == 303
    return admin.act(pid, "publish")


def package(app: FastAPI, pid: int) -> Package:
    with app.state.sessions() as session:
        found: Package | None = session.get(Package, pid)
        assert found is not None
        return found


# --- one current version -----------------------------------------------------------------------


def test_a_second_publication_becomes_a_correction_of_the_current_one(
    app: FastAPI, demo: Demo
) -> None:
    first = demo.published.id
    second = add_package(app, demo.published.unit_id)  # the same unit's 2026 部门预算 again
    assert package(app, second).kind == package(app, first).kind == "部门预算"
    finance = signed_in(app, demo, "finance_reviewer")
    assert "本文件发布后即为其更正版本" not in finance.get(f"/packages/{second}").text
    admin = signed_in(app, demo, "admin")
    for action in ("submit", "approve"):
        assert admin.act(second, action).status_code == 303
    page = finance.get(f"/packages/{second}").text  # said before publishing
    assert f"第 {first} 号文件" in page and "本文件发布后即为其更正版本" in page
    assert finance.act(second, "publish").status_code == 303
    new, old = package(app, second), package(app, first)
    assert new.status == old.status == "published"
    assert new.supersedes_id == first and old.superseded_at is not None
    assert new.change_note and f"第 {first} 号文件" in new.change_note
    anonymous = TestClient(app)
    listed = anonymous.get("/api/public/packages").json()
    assert [p["id"] for p in listed] == [second]  # one current version, the new one
    page = anonymous.get(f"/public/packages/{first}").text  # the old one stays, marked
    assert "本文件已于" in page and f"/public/packages/{second}" in page
    with app.state.sessions() as session:
        audit = session.scalars(
            select(AuditLog.action).where(AuditLog.object_id == first).order_by(AuditLog.id)
        ).all()
    assert audit[-1] == "package.supersede"
    # a third one replaces the second, not the first (a chain, one current link)
    third = add_package(app, demo.published.unit_id)
    assert publish_as_admin(app, demo, third).status_code == 303
    assert package(app, third).supersedes_id == second
    assert [p["id"] for p in anonymous.get("/api/public/packages").json()] == [third]


def test_another_kind_or_year_is_its_own_current_version(app: FastAPI, demo: Demo) -> None:
    final = add_package(app, demo.published.unit_id)
    other_year = add_package(app, demo.published.unit_id)
    with app.state.sessions() as session:  # (as a 决算 and a 2025 file would be read)
        session.execute(update(Package).where(Package.id == final).values(kind="部门决算"))
        session.execute(update(Package).where(Package.id == other_year).values(year=2025))
        session.commit()
    for pid in (final, other_year):
        assert publish_as_admin(app, demo, pid).status_code == 303
        assert package(app, pid).supersedes_id is None
    assert package(app, demo.published.id).superseded_at is None
    listed = {p["id"] for p in TestClient(app).get("/api/public/packages").json()}
    assert listed == {demo.published.id, final, other_year}


def test_the_database_refuses_a_second_current_version(app: FastAPI, demo: Demo) -> None:
    second = add_package(app, demo.published.unit_id)
    make_current = update(Package).where(Package.id == second).values(status="published")
    with app.state.sessions() as session, pytest.raises(IntegrityError):
        session.execute(make_current)


def test_a_correction_started_before_another_publication_corrects_the_current_one(
    app: FastAPI, demo: Demo
) -> None:
    """A correction draft of version 1 is still open when version 2 is published (as a
    correction of 1): publishing the draft then corrects version 2, the current one."""
    first = demo.published.id
    filer = signed_in(app, demo, "filer")
    response = filer.post(f"/packages/{first}/correct", {"change_note": "更正一处笔误"})
    assert response.status_code == 303
    draft = int(response.headers["location"].rsplit("/", 1)[1])
    second = add_package(app, demo.published.unit_id)
    assert publish_as_admin(app, demo, second).status_code == 303
    assert publish_as_admin(app, demo, draft).status_code == 303
    assert package(app, draft).supersedes_id == second
    assert package(app, draft).change_note == "更正一处笔误"  # its own note is kept
    assert [p["id"] for p in TestClient(app).get("/api/public/packages").json()] == [draft]


def test_a_correction_of_another_kind_clashing_with_a_current_version_is_a_409(
    app: FastAPI, demo: Demo
) -> None:
    """A correction of the 部门预算 re-uploaded as a 部门决算 while a 部门决算 of the year is
    published already: it cannot replace both, so publishing it is refused in Chinese."""
    first = demo.published.id
    final = add_package(app, demo.published.unit_id)
    with app.state.sessions() as session:
        session.execute(update(Package).where(Package.id == final).values(kind="部门决算"))
        session.commit()
    assert publish_as_admin(app, demo, final).status_code == 303
    filer = signed_in(app, demo, "filer")
    response = filer.post(f"/packages/{first}/correct", {"change_note": "改为决算"})
    draft = int(response.headers["location"].rsplit("/", 1)[1])
    with app.state.sessions() as session:  # (as a re-upload of a 决算 file would set it)
        session.execute(update(Package).where(Package.id == draft).values(kind="部门决算"))
        session.commit()
    refused = publish_as_admin(app, demo, draft)
    # (publishing is a job: the clash is found when it is published, the job failed with it)
    assert refused.status_code == 303
    assert refused.job["state"] == "failed" and refused.job["error_status"] == 409
    assert f"请在第 {final} 号文件上发起更正" in refused.job["error"]
    page = signed_in(app, demo, "admin").get(refused.headers["location"]).text
    assert "发布失败" in page and f"请在第 {final} 号文件上发起更正" in page
    assert package(app, draft).status == "approved"
    assert package(app, first).superseded_at is None


def test_upgrade_resolves_two_current_versions_as_a_correction(database_url: str) -> None:
    """Two current versions of one unit, year and kind published before 0009: the later
    becomes a correction of the earlier, its note saying so, an audit row recording it."""
    engine = make_engine(database_url)
    at_revision(engine, "0008")
    with engine.begin() as connection:
        for pid, scope, stage in ((10, "部门", "预算"), (11, "单位", "决算")):
            connection.execute(
                text(
                    "INSERT INTO packages (id, unit_id, year, title, status, version, model_json,"
                    " model_sha256, source_name, created_at, updated_at, published_at) VALUES"
                    " (:id, 2, 2026, 'b', 'published', 1, :m, :d, 'b', :t, :t, :t)"
                ),
                {
                    "id": pid,
                    "m": json.dumps({"info": {"scope": scope, "stage": stage}}),
                    "d": "0" * 64,
                    "t": "2026-02-01",
                },
            )
        if connection.dialect.name == "postgresql":  # (the rows above were given their ids)
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence('audit_log', 'id'), 100)")
            )
    migrate(engine)
    with engine.connect() as connection:
        rows = {
            r[0]: r[1:]
            for r in connection.execute(
                text(
                    "SELECT id, kind, supersedes_id, superseded_at IS NOT NULL, change_note"
                    " FROM packages WHERE status = 'published'"
                )
            )
        }
        audited = connection.execute(
            text("SELECT object_id FROM audit_log WHERE action = 'package.supersede'")
        ).all()
    engine.dispose()
    assert rows[1][:3] == ("部门预算", None, True)  # package 1 (published 2026-01-01)
    assert rows[10][:3] == ("部门预算", 1, False)
    assert "第 1 号文件" in rows[10][3]
    assert rows[11][:3] == ("单位决算", None, False)  # another kind: current on its own
    assert [r[0] for r in audited] == [1]


# --- downloads rendered once -------------------------------------------------------------------


def test_downloads_are_rendered_at_publishing_and_never_per_request(
    app: FastAPI, demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    second = add_package(app, demo.published.unit_id, BUDGET)
    with app.state.sessions() as session:
        found = session.get(Package, second)
        assert found is not None
        keys = [r.key for r in review(session, found, "chongqing-2026").blocking]
    admin = signed_in(app, demo, "admin")
    assert admin.act(second, "submit").status_code == 303
    for key in keys:
        admin.act(second, "decide", finding_key=key, decision="waive", reason="测试")
    assert admin.act(second, "approve").status_code == 303
    assert admin.act(second, "publish").status_code == 303
    with app.state.sessions() as session:
        formats = set(
            session.scalars(
                select(PublishedFile.format).where(PublishedFile.package_id == second)
            ).all()
        )
    assert formats == {"pdf", "xlsx", "docx", "html", "json", "csv", "jsonrows"}

    def refuse(*_: object) -> bytes:
        raise AssertionError("rendered during a request")

    monkeypatch.setattr(published, "render_one", refuse)
    anonymous = TestClient(app)
    for fmt in ("pdf", "xlsx", "docx", "html", "json"):
        response = anonymous.get(f"/public/packages/{second}/download.{fmt}")
        assert response.status_code == 200, fmt
        assert "2026" in response.headers["content-disposition"]
    assert anonymous.get(f"/public/packages/{second}/download.pdf").content.startswith(b"%PDF")
    exporter = TestClient(app, client=("198.51.100.7", 1))  # (a bucket of its own)
    for export in ("export.csv", "export.json", "datapackage.zip"):  # the exports too
        assert exporter.get(f"/api/public/{export}").status_code == 200


def test_a_package_published_before_is_rendered_at_its_first_download_only(
    app: FastAPI, demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = published.render_one

    def counted(*args: Any) -> bytes:
        calls.append(args[-1])
        return real(*args)

    monkeypatch.setattr(published, "render_one", counted)
    anonymous = TestClient(app)
    url = f"/public/packages/{demo.published.id}/download.xlsx"
    first, again = anonymous.get(url), anonymous.get(url)
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    assert calls == ["xlsx"]


def test_the_exports_join_the_stored_rows(app: FastAPI, demo: Demo) -> None:
    """The CSV and JSON exports are the bytes computed from the models, joined from each
    package's stored rows (stored at the first export for a package published before)."""
    other = publish_as_admin(app, demo, add_package(app, subunit_id(app)))
    assert other.status_code == 303
    client = TestClient(app)
    body = client.get("/api/public/export.csv").content.decode("utf-8-sig")
    listed = client.get("/api/public/packages").json()
    units = {p["id"]: p["unit_name"] for p in listed}
    pkg = load_bytes(CONSISTENT.read_bytes(), CONSISTENT.name)
    records = [
        record(meta(pkg, p["id"], units[p["id"]]), line) for p in listed for line in lines(pkg)
    ]
    assert body == "".join(csv_chunks(records, bom=False))
    exported = json.loads(client.get("/api/public/export.json").content)
    assert exported == [json.loads(json.dumps(json_record(r), ensure_ascii=False)) for r in records]
    with app.state.sessions() as session:  # the rows are now kept for both packages
        kept = session.scalar(
            select(func.count()).where(PublishedFile.format.in_(("csv", "jsonrows")))
        )
    assert kept == 4
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {r["package_id"] for r in rows} == {str(p["id"]) for p in listed}
    assert DEPARTMENT in {r["department"] for r in rows}


# --- sessions and shared counters --------------------------------------------------------------


def test_logout_ends_this_session_only_unless_everywhere(app: FastAPI, demo: Demo) -> None:
    laptop = signed_in(app, demo, "filer")
    phone = signed_in(app, demo, "filer")
    copy = TestClient(app, cookies=dict(laptop.client.cookies))
    assert laptop.post("/logout").status_code == 303
    assert copy.get("/", follow_redirects=False).headers["location"] == "/public"  # revoked
    assert phone.get("/").status_code == 200  # the other device stays signed in
    assert "退出所有设备" in phone.get("/").text
    tablet = signed_in(app, demo, "filer")
    assert phone.post("/logout", {"everywhere": "1"}).status_code == 303
    assert tablet.get("/").headers["location"] == "/public"
    with app.state.sessions() as session:
        actions = session.scalars(select(AuditLog.action)).all()
    assert "user.logout" in actions and "user.logout_all" in actions


def test_back_off_and_throttle_hold_across_server_processes(
    app: FastAPI, demo: Demo, database_url: str
) -> None:
    """Two app objects on one database, as two server processes: failures and downloads
    counted in one are counted in the other."""
    other = create_app(settings=Settings(database_url=database_url, secret_key="test-secret"))
    now = [1000.0]
    for a in (app, other):
        a.state.limiter.clock = a.state.throttle.clock = lambda: now[0]
    for i in range(5):
        target = app if i % 2 else other
        assert Browser(target, demo).login("filer", "wrong-password").status_code == 401
    for a in (app, other):
        assert Browser(a, demo).login("filer").status_code == 429
    for i in range(3):  # 30 units, an export takes 10
        target = app if i % 2 else other
        assert TestClient(target).get("/api/public/export.json").status_code == 200
    for a in (app, other):
        assert TestClient(a).get("/api/public/export.json").status_code == 429
    other.state.engine.dispose()
    now[0] += 301
    assert Browser(app, demo).login("filer").status_code == 303
    payload = json.loads(TestClient(app).get("/api/public/export.json").content)
    assert payload and payload[0]["package_id"] == demo.published.id
