"""One current version, single-session logout, shared counters, precomputed downloads (#19).

* ``packages.kind`` (部门预算, 单位预算, 部门决算, 单位决算: the model's scope and stage) and
  ``packages.superseded_at`` (set when a published correction replaces a published version),
  with a partial unique index: one current published version per unit, year and kind. A
  version that a published correction already replaced is marked superseded here. Two current
  versions of one unit, year and kind (published before this revision) are resolved as the
  platform now resolves a second publication: the later one becomes a 更正 of the earlier, with
  a public note saying so, and an audit row records it;
* ``revoked_sessions``: a signed-out session's id, refused until its cookie expires;
* ``rate_counters``: login back-off and anonymous throttling, shared by every server process;
* ``published_files``: a published package's downloads, rendered once.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from yusuan.web.db import CURRENT, UTCDateTime, utcnow

revision = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None

#: the public note of a version made a correction by this upgrade
NOTE = "本文件替代同一单位同一年度此前发布的第 {old} 号文件（平台升级时按发布先后确定）。"


def kind_of(model_json: str | None) -> str:
    """部门预算 … from a stored model's ``info`` (its defaults when absent or unreadable)."""
    try:
        data = json.loads(model_json or "{}")
    except ValueError:
        data = {}
    info = data.get("info") if isinstance(data, dict) else None
    if not isinstance(info, dict):
        info = {}
    scope = info.get("scope") if info.get("scope") in ("部门", "单位") else "部门"
    stage = info.get("stage") if info.get("stage") in ("预算", "决算") else "预算"
    return f"{scope}{stage}"


def _fill_kinds(bind: sa.Connection) -> None:
    ids = [row[0] for row in bind.execute(sa.text("SELECT id FROM packages ORDER BY id"))]
    for pid in ids:  # one model at a time: a database of many packages is never held whole
        model = bind.execute(
            sa.text("SELECT model_json FROM packages WHERE id = :id"), {"id": pid}
        ).scalar()
        bind.execute(
            sa.text("UPDATE packages SET kind = :kind WHERE id = :id"),
            {"kind": kind_of(model), "id": pid},
        )


def _mark_superseded(bind: sa.Connection) -> None:
    now = utcnow()
    bind.execute(
        sa.text(
            "UPDATE packages SET superseded_at = :now WHERE status = 'published' AND id IN"
            " (SELECT supersedes_id FROM packages WHERE status = 'published'"
            " AND supersedes_id IS NOT NULL)"
        ).bindparams(sa.bindparam("now", type_=UTCDateTime())),
        {"now": now},
    )
    rows = bind.execute(
        sa.text(
            f"SELECT id, unit_id, year, kind, supersedes_id, change_note FROM packages"
            f" WHERE {CURRENT} ORDER BY unit_id, year, kind, COALESCE(published_at, updated_at), id"
        )
    ).all()
    previous: dict[tuple[int, int, str], int] = {}
    audit = sa.text(
        "INSERT INTO audit_log (at, user_id, action, object_type, object_id, before_json,"
        " after_json) VALUES (:at, NULL, 'package.supersede', 'packages', :id, NULL, :after)"
    ).bindparams(sa.bindparam("at", type_=UTCDateTime()))
    for pid, unit, year, kind, supersedes, note in rows:
        key = (unit, year, kind)
        old = previous.get(key)
        previous[key] = pid
        if old is None:
            continue
        bind.execute(
            sa.text("UPDATE packages SET superseded_at = :now WHERE id = :old").bindparams(
                sa.bindparam("now", type_=UTCDateTime())
            ),
            {"now": now, "old": old},
        )
        if supersedes is None:
            bind.execute(
                sa.text(
                    "UPDATE packages SET supersedes_id = :old, change_note = :note WHERE id = :id"
                ),
                {"old": old, "note": note or NOTE.format(old=old), "id": pid},
            )
        after = {"superseded_by": pid, "superseded_at": now.isoformat()}
        bind.execute(audit, {"at": now, "id": old, "after": json.dumps(after)})


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("packages") as batch:
        batch.add_column(
            sa.Column("kind", sa.String(10), nullable=False, server_default="部门预算")
        )
        batch.add_column(sa.Column("superseded_at", UTCDateTime(), nullable=True))
    _fill_kinds(bind)
    _mark_superseded(bind)
    op.create_index(
        "ux_packages_current",
        "packages",
        ["unit_id", "year", "kind"],
        unique=True,
        sqlite_where=sa.text(CURRENT),
        postgresql_where=sa.text(CURRENT),
    )
    op.create_table(
        "published_files",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("package_id", sa.Integer(), sa.ForeignKey("packages.id"), nullable=False),
        sa.Column("layout", sa.String(64), nullable=False),
        sa.Column("format", sa.String(10), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("package_id", "layout", "format"),
    )
    op.create_index("ix_published_files_package_id", "published_files", ["package_id"])
    op.create_table(
        "revoked_sessions",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_revoked_sessions_user_id", "revoked_sessions", ["user_id"])
    op.create_index("ix_revoked_sessions_expires_at", "revoked_sessions", ["expires_at"])
    op.create_table(
        "rate_counters",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("last", sa.Float(), nullable=False),
        sa.Column("until", sa.Float(), nullable=False),
    )
    op.create_index("ix_rate_counters_last", "rate_counters", ["last"])


def downgrade() -> None:
    op.drop_table("rate_counters")
    op.drop_table("revoked_sessions")
    op.drop_table("published_files")
    op.drop_index("ux_packages_current", "packages")
    with op.batch_alter_table("packages") as batch:
        batch.drop_column("superseded_at")
        batch.drop_column("kind")
