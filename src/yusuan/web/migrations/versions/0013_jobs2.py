"""Publishing and 自评表 checks as jobs, worker processes, pruning (#18).

* ``jobs.result``: a ``selfeval`` job's 自评表 as read (its model's JSON), shown beside the
  published package's targets until the job is pruned;
* ``jobs.worker``: the ``host:pid`` of the server or worker process running (or that last
  ran) the job — several worker processes on other machines share one queue;
* ``ix_jobs_finished``: finished jobs found by age when they are pruned.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision: str | None = "0012"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("result", sa.LargeBinary, nullable=True))
        batch.add_column(sa.Column("worker", sa.String(100), nullable=True))
    op.create_index("ix_jobs_finished", "jobs", ["finished_at"])


def downgrade() -> None:
    op.drop_index("ix_jobs_finished", table_name="jobs")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("worker")
        batch.drop_column("result")
