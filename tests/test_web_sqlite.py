"""SQLite as the platform opens it: write-ahead logging, so that the pages' reads and the job
runners' heartbeats (a commit a second for each job being read) do not wait for each other —
the portal's p95 with scans being read (docs/benchmarks.md)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from sqlalchemy import text

from yusuan.web.db import make_engine, migrate


def test_a_file_database_is_opened_in_wal_mode_with_synced_commits(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    with engine.connect() as db:
        assert db.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL: a commit survives
        assert db.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()
    memory = make_engine("sqlite://")  # the tests' in-memory database: no log file to keep
    with memory.connect() as db:
        assert db.execute(text("PRAGMA journal_mode")).scalar() == "memory"
    memory.dispose()


def test_a_commit_does_not_wait_for_a_page_reading(tmp_path: Path) -> None:
    """A page in the middle of its reads (an open read transaction) and a job's heartbeat
    committed meanwhile: with a rollback journal the commit waits for the reader to finish
    (up to the 30 s busy timeout, then fails); with write-ahead logging both go on at once."""
    path = tmp_path / "p.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with engine.begin() as db:
        db.execute(text("CREATE TABLE beat (id INTEGER PRIMARY KEY, at REAL)"))
        db.execute(text("INSERT INTO beat VALUES (1, 0)"))
    reader = sqlite3.connect(path, isolation_level=None)
    try:
        reader.execute("BEGIN")
        assert reader.execute("SELECT at FROM beat").fetchone() == (0,)  # a read lock held
        started = time.monotonic()
        with engine.begin() as writer:
            writer.execute(text("UPDATE beat SET at = 1"))
        assert time.monotonic() - started < 2
        # the reader sees its snapshot until it ends, then the new value
        assert reader.execute("SELECT at FROM beat").fetchone() == (0,)
        reader.execute("COMMIT")
        assert reader.execute("SELECT at FROM beat").fetchone() == (1,)
    finally:
        reader.close()
        engine.dispose()
