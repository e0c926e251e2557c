"""The review chain and the filer's replies (#18).

* ``packages.review_stage``: the step of the review chain a submitted package is at
  (主管部门 or 财政局); NULL — every package submitted before this revision — reads as the
  chain's first step for its unit;
* ``decisions.stage``: the step a decision was made at (NULL for decisions made before);
* ``finding_replies``: a finding's thread — the filer's replies, the reviewers' answers.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from yusuan.web.db import UTCDateTime

revision = "0011"
down_revision: str | None = "0010"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("packages") as batch:
        batch.add_column(sa.Column("review_stage", sa.String(10), nullable=True))
    with op.batch_alter_table("decisions") as batch:
        batch.add_column(sa.Column("stage", sa.String(10), nullable=True))
    op.create_table(
        "finding_replies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("package_id", sa.Integer, sa.ForeignKey("packages.id"), nullable=False),
        sa.Column("finding_key", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_finding_replies_package_id", "finding_replies", ["package_id"])


def downgrade() -> None:
    op.drop_index("ix_finding_replies_package_id", table_name="finding_replies")
    op.drop_table("finding_replies")
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("stage")
    with op.batch_alter_table("packages") as batch:
        batch.drop_column("review_stage")
