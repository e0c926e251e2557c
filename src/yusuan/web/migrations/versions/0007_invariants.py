"""Invariants kept by the database itself, whatever requests race:

* a published package has at most one open correction and at most one published correction
  (partial unique indexes on ``packages.supersedes_id``): two corrections of one version can
  no longer both become current;
* a package is created once (a partial unique index on its creation audit rows, for the rows
  written from now on: older SQLite databases may hold two for a reused id);
* package ids are never reused (SQLite: ``AUTOINCREMENT``; on both, the counter started past
  every id stored or audited), so a new package never shows a discarded one's history.

A database holding duplicate corrections (from the races this closes) is not changed silently:
the upgrade stops with the ids to resolve.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None

OPEN = "status <> 'published'"
PUBLISHED = "status = 'published'"
CREATED = "action IN ('package.create', 'package.correct')"


def _refuse_duplicates(bind: sa.Connection) -> None:
    rows = bind.execute(
        sa.text(
            "SELECT supersedes_id, status = 'published' AS pub, COUNT(*) FROM packages "
            "WHERE supersedes_id IS NOT NULL GROUP BY supersedes_id, status = 'published' "
            "HAVING COUNT(*) > 1"
        )
    ).all()
    if rows:
        listed = "、".join(f"第 {r[0]} 号" for r in rows)
        raise RuntimeError(
            f"数据库中{listed}文件有多份更正稿（并发请求所致），无法建立唯一约束。"
            "请先删除多余的更正草稿，再启动平台。"
        )


def upgrade() -> None:
    bind = op.get_bind()
    _refuse_duplicates(bind)
    # ids start past every package id stored or audited (a discarded one included)
    floor = bind.execute(
        sa.text(
            "SELECT MAX(m) FROM (SELECT MAX(id) AS m FROM packages UNION ALL "
            "SELECT MAX(object_id) AS m FROM audit_log WHERE object_type = 'packages') AS ids"
        )
    ).scalar()
    if bind.dialect.name == "sqlite":
        with op.batch_alter_table(
            "packages", recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ):
            pass
        bind.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = 'packages'"))
        bind.execute(
            sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES ('packages', :seq)"),
            {"seq": floor or 0},
        )
    elif bind.dialect.name == "postgresql" and floor:
        sequence = bind.execute(sa.text("SELECT pg_get_serial_sequence('packages', 'id')")).scalar()
        last = bind.execute(sa.text(f"SELECT last_value FROM {sequence}")).scalar() or 0
        if floor > last:  # never backwards
            bind.execute(
                sa.text("SELECT setval(:sequence, :seq)"), {"sequence": sequence, "seq": floor}
            )
    for name, where in (
        ("ux_packages_open_correction", OPEN),
        ("ux_packages_published_correction", PUBLISHED),
    ):
        op.create_index(
            name,
            "packages",
            ["supersedes_id"],
            unique=True,
            sqlite_where=sa.text(where),
            postgresql_where=sa.text(where),
        )
    last = bind.execute(sa.text("SELECT MAX(id) FROM audit_log")).scalar() or 0
    created = f"{CREATED} AND id > {int(last)}"
    op.create_index(
        "ux_audit_log_package_created",
        "audit_log",
        ["object_type", "object_id"],
        unique=True,
        sqlite_where=sa.text(created),
        postgresql_where=sa.text(created),
    )


def downgrade() -> None:
    op.drop_index("ux_audit_log_package_created", "audit_log")
    op.drop_index("ux_packages_published_correction", "packages")
    op.drop_index("ux_packages_open_correction", "packages")
