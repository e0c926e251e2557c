"""Corrections: a package may supersede a published one, with a public change note.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("packages") as batch:
        batch.add_column(sa.Column("supersedes_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("change_note", sa.Text(), nullable=True))
        batch.create_foreign_key("fk_packages_supersedes_id", "packages", ["supersedes_id"], ["id"])
        batch.create_index("ix_packages_supersedes_id", ["supersedes_id"])


def downgrade() -> None:
    with op.batch_alter_table("packages") as batch:
        batch.drop_index("ix_packages_supersedes_id")
        batch.drop_constraint("fk_packages_supersedes_id", type_="foreignkey")
        batch.drop_column("change_note")
        batch.drop_column("supersedes_id")
