"""Databases at an earlier revision, holding a row of every kind (tests of upgrades)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, MetaData, func, select, text

from yusuan.web.db import MIGRATIONS

NOW = datetime(2026, 1, 1, tzinfo=UTC)


MODEL = '{"info": {}}'


#: rows of every table, each column used only where the revision has it
ROWS: dict[str, list[dict[str, Any]]] = {
    "units": [
        {"id": 1, "name": "某财政局", "kind": "财政局", "parent_id": None},
        {"id": 2, "name": "某部门", "kind": "主管部门", "parent_id": 1},
    ],
    "users": [
        {
            "id": 1,
            "username": "filer",
            "password_hash": "x",
            "role": "单位填报员",
            "unit_id": 2,
            "session_version": 0,
        }
    ],
    "packages": [
        {
            "id": pid,
            "unit_id": 2,
            "year": 2026,
            "title": f"预算{pid}",
            "status": status,
            "version": 1,
            "model_json": MODEL,
            "model_sha256": "0" * 64,
            "source_name": "a.txt",
            "created_at": NOW,
            "updated_at": NOW,
            "supersedes_id": supersedes,
            "change_note": "更正" if supersedes else None,
            "identity_warning": "文件所列年度为 2025 年，与填报年度 2026 年不一致。"
            if pid == 3
            else None,
        }
        for pid, status, supersedes in (
            (1, "published", None),
            (2, "draft", 1),
            (3, "submitted", None),
        )
    ],
    "decisions": [
        {
            "id": 1,
            "package_id": 3,
            "finding_key": "k",
            "decision": "accept",
            "user_id": 1,
            "at": NOW,
        }
    ],
    "package_derived": [
        {
            "id": 1,
            "package_id": 1,
            "model_sha256": "0" * 64,
            "profile": "p",
            "build": "b",
            "errors": 0,
            "warnings": 0,
            "infos": 0,
            "findings_json": "[]",
            "outline_json": "{}",
            "checked_at": NOW,
        }
    ],
    "api_tokens": [
        {
            "id": 1,
            "user_id": 1,
            "name": "t",
            "token_sha256": "1" * 64,
            "created_at": NOW,
            "expires_at": NOW,
        }
    ],
    "package_files": [
        {
            "id": 1,
            "package_id": 1,
            "name": "a.txt",
            "sha256": "2" * 64,
            "data": b"x",
            "created_at": NOW,
        }
    ],
    "jobs": [  # (from revision 0012) one done, one still being read when the copy was taken
        {
            "id": job_id,
            "kind": "upload",
            "state": state,
            "user_id": 1,
            "unit_id": 2,
            "package_id": package_id,
            "title": "",
            "file_name": "a.txt",
            "file_size": 1,
            "data": data,
            "step": "读取",
            "done_pages": 0,
            "total_pages": 0,
            "attempts": 1,
            "cancel_requested": False,
            "created_at": NOW,
            "heartbeat_at": NOW if state == "running" else None,
        }
        for job_id, state, package_id, data in ((1, "done", 1, None), (2, "running", None, b"x"))
    ],
    "audit_log": [
        {"id": i, "at": NOW, "action": "package.create", "object_type": "packages", "object_id": i}
        for i in (1, 2, 3, 4)  # package 4 was discarded: its id must not come back
    ],
}


def alembic_config(connection: Any) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def at_revision(engine: Engine, revision: str) -> dict[str, int]:
    """The database at ``revision`` (as that version migrated it), holding every kind of row;
    returns the rows per table."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
        meta = MetaData()
        meta.reflect(connection)
        counts = {}
        for name, rows in ROWS.items():
            if name not in meta.tables:
                continue
            table = meta.tables[name]
            connection.execute(
                table.insert(), [{k: v for k, v in r.items() if k in table.c} for r in rows]
            )
            counts[name] = len(rows)
        if int(revision) >= 7:  # the app would have taken these ids from 0007's counters
            _past_every_package_id(connection)
    return counts


def _past_every_package_id(connection: Any) -> None:
    """The package id counter past every id stored or audited (4: discarded), as from
    revision 0007 on it is when the app writes the rows (here they are given their ids)."""
    last = max(r["object_id"] for r in ROWS["audit_log"])
    if connection.dialect.name == "sqlite":
        connection.execute(
            text("UPDATE sqlite_sequence SET seq = :n WHERE name = 'packages' AND seq < :n"),
            {"n": last},
        )
    else:
        connection.execute(
            text("SELECT setval(pg_get_serial_sequence('packages', 'id'), :n)"), {"n": last}
        )


def row_counts(engine: Engine, tables: dict[str, int]) -> dict[str, int]:
    """The rows of each of ``tables`` now."""
    meta = MetaData()
    with engine.connect() as connection:
        meta.reflect(connection)
        return {
            name: connection.execute(
                select(func.count()).select_from(meta.tables[name])
            ).scalar_one()
            for name in tables
        }
