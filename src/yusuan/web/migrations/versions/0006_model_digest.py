"""Each package's model digest as a column (pages look up their stored check by it).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("packages") as batch:
        batch.add_column(sa.Column("model_sha256", sa.String(64), nullable=True))
    packages = sa.table(
        "packages",
        sa.column("id", sa.Integer()),
        sa.column("model_json", sa.Text()),
        sa.column("model_sha256", sa.String(64)),
    )
    bind = op.get_bind()
    for pid, text in bind.execute(sa.select(packages.c.id, packages.c.model_json)).all():
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        bind.execute(packages.update().where(packages.c.id == pid).values(model_sha256=digest))
    with op.batch_alter_table("packages") as batch:
        batch.alter_column("model_sha256", existing_type=sa.String(64), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("packages") as batch:
        batch.drop_column("model_sha256")
