"""Migrations that survive: every past revision, holding data, upgrades to the newest on
SQLite and PostgreSQL; a SQLite migration killed (SIGKILL) at any point leaves a database that
starts and upgrades; tables an interrupted batch migration of an older version left are
recovered."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select, text

from tests.helpers.migrations import NOW, at_revision, row_counts
from yusuan.web.app import create_app
from yusuan.web.db import MIGRATIONS, make_engine, migrate
from yusuan.web.settings import Settings

REVISIONS = [s.revision for s in reversed(list(ScriptDirectory(str(MIGRATIONS)).walk_revisions()))]


def _starts_and_serves(url: str, stored: bool = True) -> None:
    app = create_app(settings=Settings(database_url=url, secret_key="t"))
    from fastapi.testclient import TestClient

    assert TestClient(app).get("/public").status_code == 200
    with app.state.engine.begin() as connection:
        connection.execute(
            text(  # (rows above were stored with their ids: PostgreSQL's unit counter is behind)
                "INSERT INTO units (id, name, kind) SELECT COALESCE(MAX(id), 0) + 1, '新单位',"
                " '主管部门' FROM units"
            )
        )
        connection.execute(
            text(
                "INSERT INTO packages (unit_id, year, title, status, version,"
                " model_sha256, source_name, created_at, updated_at) SELECT id, 2027, 'n',"
                " 'draft', 1, :d, 'n', :t, :t FROM units WHERE name = '新单位'"
            ),
            {"d": "0" * 64, "t": NOW.isoformat()},
        )
        new = connection.execute(text("SELECT MAX(id) FROM packages")).scalar_one()
        connection.execute(
            text("INSERT INTO package_models (package_id, model_json) VALUES (:id, '{}')"),
            {"id": new},
        )
    assert new > (4 if stored else 0)  # never a discarded package's id
    app.state.engine.dispose()


@pytest.mark.parametrize("revision", REVISIONS[:-1])
def test_every_revision_holding_data_upgrades(database_url: str, revision: str) -> None:
    engine = make_engine(database_url)
    tables = at_revision(engine, revision)
    migrate(engine)
    assert row_counts(engine, tables) == tables
    with engine.connect() as connection:
        head = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    engine.dispose()
    assert head == REVISIONS[-1]
    _starts_and_serves(database_url)


def test_duplicate_corrections_stop_the_upgrade_in_chinese(database_url: str) -> None:
    engine = make_engine(database_url)
    at_revision(engine, "0006")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO packages (id, unit_id, year, title, status, version, model_json,"
                " model_sha256, source_name, created_at, updated_at, supersedes_id) VALUES"
                " (5, 2, 2026, 'c', 'draft', 1, '{}', :d, 'c', :t, :t, 1)"
            ),
            {"d": "0" * 64, "t": NOW.isoformat()},
        )
    with pytest.raises(RuntimeError, match="第 1 号文件有多份更正稿"):
        migrate(engine)
    with engine.connect() as connection:  # nothing of the upgrade was kept
        assert (
            connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0006"
        )
    engine.dispose()


def test_accounts_revision_keeps_users_and_gives_old_tokens_a_grace_period(
    database_url: str,
) -> None:
    """0008 on a database holding a user and a token: the user can still sign in (session
    version 0, not disabled); the token, stored without an expiry, works 90 more days."""
    from datetime import timedelta

    from yusuan.web.db import ApiToken, User, make_sessionmaker, utcnow

    engine = make_engine(database_url)
    at_revision(engine, "0007")
    before = utcnow()
    migrate(engine)
    with make_sessionmaker(engine)() as session:
        user = session.get(User, 1)
        token = session.get(ApiToken, 1)
        assert user is not None and token is not None
        assert user.session_version == 0 and user.disabled_at is None
        assert before + timedelta(days=90) <= token.expires_at <= utcnow() + timedelta(days=90)
    engine.dispose()


def test_leftovers_of_an_interrupted_batch_migration_are_recovered(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = make_engine(url)
    tables = at_revision(engine, "0005")
    with engine.begin() as connection:  # what a kill inside 0006's batch used to leave
        connection.exec_driver_sql("CREATE TABLE _alembic_tmp_packages (id INTEGER PRIMARY KEY)")
    migrate(engine)
    assert row_counts(engine, tables) == tables
    engine.dispose()
    _starts_and_serves(url)


KILLER = """
import os, signal, sys
from sqlalchemy import event
from yusuan.web.db import make_engine, migrate

engine = make_engine(sys.argv[1])
count = 0

@event.listens_for(engine, "before_cursor_execute")
def _kill(*_):
    global count
    count += 1
    if count == int(sys.argv[2]):
        os.kill(os.getpid(), signal.SIGKILL)

migrate(engine)
print(count)
"""


@pytest.mark.parametrize("start", [None, "0003"])
def test_a_sqlite_migration_killed_anywhere_leaves_a_database_that_starts(
    tmp_path: Path, start: str | None
) -> None:
    """A first migration (an empty file) and an upgrade of a database holding data."""
    original = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{original}")
    tables = at_revision(engine, start) if start else {}
    engine.dispose()
    original.touch()
    shutil.copy(original, tmp_path / "probe.sqlite3")
    probe = [sys.executable, "-c", KILLER, f"sqlite:///{tmp_path / 'probe.sqlite3'}", "0"]
    statements = int(subprocess.run(probe, capture_output=True, text=True, check=True).stdout)
    assert statements > 20
    points = sorted(
        {1, 2, 5, statements // 4, statements // 2, statements * 3 // 4, statements - 1}
    )
    for point in points:
        copy = tmp_path / f"killed-{point}.sqlite3"
        shutil.copy(original, copy)
        killed = subprocess.run(
            [sys.executable, "-c", KILLER, f"sqlite:///{copy}", str(point)], capture_output=True
        )
        assert killed.returncode == -9, (point, killed.stderr)
        engine = make_engine(f"sqlite:///{copy}")
        migrate(engine)
        assert row_counts(engine, tables) == tables, point
        engine.dispose()
        _starts_and_serves(f"sqlite:///{copy}", stored=bool(start))


def test_portal_revision_moves_models_and_counts_what_is_published(database_url: str) -> None:
    """0010 on a database holding packages: every model moves to ``package_models`` (the
    column leaves ``packages``), the current published packages are counted from their stored
    checks, one without a stored check is counted at the first statistics view."""
    import json

    from yusuan.model.serialize import to_data
    from yusuan.pipeline import load
    from yusuan.web.db import PortalFact, PortalTally, make_sessionmaker

    engine = make_engine(database_url)
    at_revision(engine, "0009")
    real = json.dumps(
        to_data(load(Path(__file__).parent / "fixtures/docs/qijiang_2026_consistent.txt")),
        ensure_ascii=False,
    )
    found = [{"rule": "A001"}, {"rule": "B002"}, {"rule": "A001"}]
    outline = {"functions": [{"total": "12.34"}, {"total": "0.66"}]}
    with engine.begin() as connection:
        for pid, unit, year, model in ((5, 1, 2026, '{"info": {"n": 5}}'), (6, 2, 2025, real)):
            connection.execute(
                text(
                    "INSERT INTO packages (id, unit_id, year, title, status, version, model_json,"
                    " model_sha256, source_name, created_at, updated_at, published_at) VALUES"
                    " (:id, :unit, :year, 't', 'published', 1, :m, :d, 's', :t, :t, :t)"
                ),
                {"id": pid, "unit": unit, "year": year, "m": model, "d": str(pid) * 64, "t": NOW},
            )
        connection.execute(
            text(
                "INSERT INTO package_derived (id, package_id, model_sha256, profile, build, errors,"
                " warnings, infos, findings_json, outline_json, checked_at) VALUES (2, 5, :d, 'p',"
                " 'b', 2, 0, 0, :f, :o, :t)"
            ),
            {"d": "5" * 64, "f": json.dumps(found), "o": json.dumps(outline), "t": NOW},
        )
        if connection.dialect.name == "postgresql":  # (rows given their ids: counters past them)
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence('package_derived', 'id'), 10)")
            )
        before: dict[int, str] = {
            int(r[0]): r[1]
            for r in connection.execute(text("SELECT id, model_json FROM packages")).all()
        }
    migrate(engine)
    with engine.connect() as connection:
        columns = {c["name"] for c in sa_inspect(connection).get_columns("packages")}
        moved: dict[int, str] = {
            int(r[0]): r[1]
            for r in connection.execute(
                text("SELECT package_id, model_json FROM package_models")
            ).all()
        }
    assert "model_json" not in columns
    assert moved == before  # every package's model, unchanged
    with make_sessionmaker(engine)() as session:
        facts = {
            f.package_id: (f.year, f.rules, f.spending) for f in session.scalars(select(PortalFact))
        }
        counted = {t.key: (t.packages, t.spending) for t in session.scalars(select(PortalTally))}
    assert facts == {1: (2026, "", 0), 5: (2026, "A001 B002", 13_000_000)}
    assert counted == {
        "all": (2, 13_000_000),
        "year:2026": (2, 13_000_000),
        "rule:A001": (1, 0),
        "rule:B002": (1, 0),
        "pending": (1, 0),
    }
    engine.dispose()
    app = create_app(settings=Settings(database_url=database_url, secret_key="t"))
    from fastapi.testclient import TestClient

    page = TestClient(app).get("/public/stats")
    assert page.status_code == 200 and "已公开文件 3 份" in page.text
    with app.state.sessions() as session:
        now = {t.key: t.packages for t in session.scalars(select(PortalTally))}
    assert (now["all"], now["year:2025"], now["pending"]) == (3, 1, 0)
    app.state.engine.dispose()
