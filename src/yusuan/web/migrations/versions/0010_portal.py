"""The portal at national scale (#17 item 3).

* ``package_models``: each package's model (141 KB of JSON for a county office) moved out of
  ``packages`` into a table of its own, so that no list query reads it;
* ``ix_packages_public`` and ``ix_packages_public_year``: the public list's orders (newest
  first, by year), partial on the current published versions, read page by page (keyset);
* ``portal_facts`` and ``portal_tallies``: the portal's statistics as running totals changed
  when a package is published (a correction takes the replaced version out). The facts of
  the packages already published are read here from their stored checks (the newest stored
  for their model); a package without one is left to the first statistics view
  (``pending``), which checks it then.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from alembic import op

from yusuan.web.db import CURRENT

revision = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None

#: amounts are kept in 0.000001 万元 (1 分)
SCALE = Decimal(1_000_000)


def _rules(findings_json: str | None) -> list[str]:
    try:
        rows = json.loads(findings_json or "[]")
    except ValueError:
        return []
    if not isinstance(rows, list):
        return []
    return sorted({str(r["rule"]) for r in rows if isinstance(r, dict) and r.get("rule")})


def _spending(outline_json: str | None) -> int:
    """Σ of the outline's 类 totals, in 0.000001 万元 (0 when unreadable)."""
    try:
        data = json.loads(outline_json or "{}")
        functions = data.get("functions", []) if isinstance(data, dict) else []
        total = sum((Decimal(str(f["total"])) for f in functions), Decimal(0))
    except (ValueError, TypeError, KeyError, InvalidOperation):
        return 0
    return int((total * SCALE).to_integral_value())


def _tally(tallies: dict[str, list[int]], key: str, spending: int) -> None:
    entry = tallies.setdefault(key, [0, 0])
    entry[0] += 1
    entry[1] += spending


def _count_published(bind: sa.Connection) -> None:
    """Facts and tallies of the current published packages, from their stored checks; one
    package's row at a time (a large database is never held whole)."""
    ids = [
        (row[0], row[1])
        for row in bind.execute(
            sa.text(f"SELECT id, year FROM packages WHERE {CURRENT} ORDER BY id")
        )
    ]
    tallies: dict[str, list[int]] = {}
    pending = 0
    for pid, year in ids:
        row = bind.execute(
            sa.text(
                "SELECT d.findings_json, d.outline_json FROM package_derived d"
                " JOIN packages p ON p.id = d.package_id AND p.model_sha256 = d.model_sha256"
                " WHERE d.package_id = :id ORDER BY d.checked_at DESC, d.id DESC"
            ),
            {"id": pid},
        ).first()
        if row is None:
            pending += 1
            continue
        rules, spending = _rules(row[0]), _spending(row[1])
        bind.execute(
            sa.text(
                "INSERT INTO portal_facts (package_id, year, rules, spending)"
                " VALUES (:id, :year, :rules, :spending)"
            ),
            {"id": pid, "year": year, "rules": " ".join(rules), "spending": spending},
        )
        _tally(tallies, "all", spending)
        _tally(tallies, f"year:{year}", spending)
        for rule in rules:
            _tally(tallies, f"rule:{rule}", 0)
    if pending:
        tallies["pending"] = [pending, 0]
    insert = sa.text(
        "INSERT INTO portal_tallies (key, packages, spending) VALUES (:key, :packages, :spending)"
    )
    for key, (packages, spending) in sorted(tallies.items()):
        bind.execute(insert, {"key": key, "packages": packages, "spending": spending})


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "package_models",
        sa.Column("package_id", sa.Integer(), sa.ForeignKey("packages.id"), primary_key=True),
        sa.Column("model_json", sa.Text(), nullable=False),
    )
    bind.execute(
        sa.text(
            "INSERT INTO package_models (package_id, model_json)"
            " SELECT id, model_json FROM packages"
        )
    )
    # SQLite ≥ 3.35 drops a column in place (the table, its AUTOINCREMENT and its partial
    # indexes stay as they are; a batch copy would rebuild them)
    if bind.dialect.name == "sqlite":
        bind.execute(sa.text("ALTER TABLE packages DROP COLUMN model_json"))
    else:
        op.drop_column("packages", "model_json")
    for name, columns in (
        ("ix_packages_public", ["published_at", "id"]),
        ("ix_packages_public_year", ["year", "published_at", "id"]),
    ):
        op.create_index(
            name,
            "packages",
            columns,
            sqlite_where=sa.text(CURRENT),
            postgresql_where=sa.text(CURRENT),
        )
    op.create_table(
        "portal_facts",
        sa.Column("package_id", sa.Integer(), sa.ForeignKey("packages.id"), primary_key=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("rules", sa.Text(), nullable=False),
        sa.Column("spending", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "portal_tallies",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("packages", sa.Integer(), nullable=False),
        sa.Column("spending", sa.BigInteger(), nullable=False),
    )
    _count_published(bind)


def downgrade() -> None:
    bind = op.get_bind()
    op.drop_table("portal_tallies")
    op.drop_table("portal_facts")
    op.drop_index("ix_packages_public_year", "packages")
    op.drop_index("ix_packages_public", "packages")
    op.add_column("packages", sa.Column("model_json", sa.Text(), nullable=True))
    bind.execute(
        sa.text(
            "UPDATE packages SET model_json = (SELECT m.model_json FROM package_models m"
            " WHERE m.package_id = packages.id)"
        )
    )
    op.drop_table("package_models")
