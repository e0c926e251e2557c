"""The kill sweep (issue #19, bench/kill_sweep.py), small: the web server, run as deployed in a
process of its own, SIGKILLed at random moments of upload, edit, replacement, submission,
approval, publication, correction and (SQLite) a start-up migration — it always starts again and
nothing acknowledged is lost (SQLite and PostgreSQL). ``python bench/kill_sweep.py`` runs the
200 points recorded in docs/benchmarks.md. Also: the sweep's checks find what they look for."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bench.kill_sweep import Ack, prepare, sweep, violations
from sqlalchemy import text

from yusuan.web.db import make_engine


def test_random_kills_lose_nothing_and_the_server_always_restarts(
    database_url: str, tmp_path: Path
) -> None:
    points = 10 if database_url.startswith("sqlite") else 5
    report = sweep(points, seed=19, folder=tmp_path, database_url=database_url)
    assert report.violations == [], "\n".join(report.lines())
    assert report.points == points
    assert len(report.restarts) == points + 1  # after every kill, and a last start
    assert sum(report.writes.values()) >= points // 2, report.lines()
    assert sum(report.killed_in.values()) == points


def test_the_sweeps_checks_find_what_they_look_for(database_url: str) -> None:
    """Each invariant the sweep checks, broken by hand, is reported (the checks are not
    vacuous). Two current published versions cannot be made: a unique index forbids them."""
    prepare(database_url)
    engine = make_engine(database_url)
    with engine.connect() as db:
        published, version = db.execute(
            text("SELECT id, version FROM packages WHERE status = 'published'")
        ).one()
        draft = db.execute(text("SELECT id FROM packages WHERE status = 'draft'")).scalar_one()
    assert violations(engine, [Ack("publish", published, version, "published")]) == []
    with engine.begin() as db:
        # a package written without its creation audit (the audit log itself is append-only)
        db.execute(
            text(
                "INSERT INTO packages (unit_id, year, title, status, version,"
                " model_sha256, source_name, created_at, updated_at, kind) SELECT unit_id, year,"
                " 'orphan', 'draft', 1, model_sha256, source_name, created_at,"
                " updated_at, kind FROM packages WHERE id = :p"
            ),
            {"p": draft},
        )
        orphan = db.execute(text("SELECT MAX(id) FROM packages")).scalar_one()
        db.execute(  # (its model, in the table of models since migration 0010)
            text(
                "INSERT INTO package_models (package_id, model_json) SELECT :o, model_json"
                " FROM package_models WHERE package_id = :p"
            ),
            {"o": orphan, "p": draft},
        )
        db.execute(  # a model written without its digest
            text("UPDATE package_models SET model_json = model_json || ' ' WHERE package_id = :p"),
            {"p": draft},
        )
        db.execute(  # an uploaded file cut short
            text(
                "INSERT INTO package_files (package_id, name, sha256, data, created_at)"
                " VALUES (:p, 'x.txt', :s, :d, :t)"
            ),
            {"p": orphan, "s": "0" * 64, "d": b"cut", "t": datetime.now(UTC)},
        )
        for pid, fmt, data in (
            (published, "pdf", b"%PDF-1.7\n1 0 obj << >>"),  # cut short
            (published, "xlsx", b"PK\x03\x04 not a whole zip"),
            (draft, "json", b"{}"),  # whole, but the package is not published
        ):
            db.execute(
                text(
                    "INSERT INTO published_files (package_id, layout, format, name, data,"
                    " created_at) VALUES (:p, 'any', :f, 'x', :d, :t)"
                ),
                {"p": pid, "f": fmt, "d": data, "t": datetime.now(UTC)},
            )
        for job_id, package_id in ((1, draft), (2, draft), (3, 999_998)):
            # two upload jobs done into one draft, and one done into a package that is gone
            db.execute(
                text(
                    "INSERT INTO jobs (id, kind, state, user_id, package_id, title, file_name,"
                    " file_size, step, done_pages, total_pages, attempts, cancel_requested,"
                    " created_at) SELECT :j, 'upload', 'done', MIN(id), :p, '', 'x.txt', 1, '',"
                    " 0, 0, 1, false, :t FROM users"
                ),
                {"j": job_id, "p": package_id, "t": datetime.now(UTC)},
            )
    found = violations(
        engine,
        [
            Ack("submit", published, version + 1, "submitted"),  # a later version, lost
            Ack("publish", published, version, "approved"),  # that version, another status
            Ack("upload", 999_999, 1, "draft"),  # a package gone
        ],
        [1, 2, 3, 4],  # job 4 acknowledged (202) but never stored
    )
    engine.dispose()
    expected = [
        f"submit of package {published} acknowledged at version {version + 1}",
        f"publish of package {published} acknowledged at version {version} (approved)",
        "upload of package 999999 acknowledged, row gone",
        f"package {orphan} has no creation audit",
        f"the model of package {draft} is not the one its digest names",
        f"the uploaded file kept for package {orphan} is not whole",
        f"the stored pdf of package {published} is not whole",
        f"the stored xlsx of package {published} is not whole",
        f"a published json of package {draft}, which is not published",
        "job 4 acknowledged (202), row gone",
        "job 3 done, its package 999998 gone",
        f"package {draft} made by 2 upload jobs",
    ]
    for wanted in expected:
        assert any(f.startswith(wanted) for f in found), (wanted, found)
    assert len(found) == len(expected), found
