"""Accounts (issue #19): revocable sessions, disabled users, expiring API tokens.

* ``users.session_version``: carried in the signed session cookie and bumped at logout,
  password change and disabling, so a copied cookie stops working then (every existing
  cookie, which carries none, is signed out once by this upgrade);
* ``users.disabled_at``: a disabled account signs in no more, its tokens are refused;
* ``api_tokens.expires_at``: tokens stored before this revision expire 90 days after the
  upgrade (not at once: the machine clients using them keep working meanwhile).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from alembic import op

from yusuan.web.db import UTCDateTime, utcnow

revision = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None

#: days the tokens stored before this revision stay valid after the upgrade
GRACE_DAYS = 90


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("disabled_at", UTCDateTime(), nullable=True))
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("expires_at", UTCDateTime(), nullable=True))
    tokens = sa.table("api_tokens", sa.column("expires_at", UTCDateTime()))
    op.get_bind().execute(tokens.update().values(expires_at=utcnow() + timedelta(days=GRACE_DAYS)))
    with op.batch_alter_table("api_tokens") as batch:
        batch.alter_column("expires_at", existing_type=UTCDateTime(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("expires_at")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("disabled_at")
        batch.drop_column("session_version")
