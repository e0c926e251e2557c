"""The portal's statistics as running totals, changed when a package is published.

The statistics page used to decode every published package's stored check on each view
(n^1.2–1.3: 2.6 s at 5,000 packages on PostgreSQL). Now publishing a package adds what it
contributes — one to ``all`` and to its year, one to each rule that reported on it, its
spending — in the publishing transaction, and takes out the version it replaces exactly as
that was counted (:class:`~yusuan.web.db.PortalFact`). A view reads a few dozen rows.

A package published without its facts (the demo seed, or one the upgrade found without a
stored check) raises ``pending``; the next view counts such packages (:func:`catch_up`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from yusuan.web.db import Package, PortalFact, PortalTally
from yusuan.web.derived import Result, derived

#: amounts are kept in 0.000001 万元 (1 分): integers, exact, summed by the database
SCALE = Decimal(1_000_000)
ALL = "all"
PENDING = "pending"
YEAR = "year:"
RULE = "rule:"


@dataclass(frozen=True, slots=True)
class Fact:
    """What one published package contributes to the statistics."""

    year: int
    rules: frozenset[str]
    spending: Decimal  # 万元


def fact_of(result: Result, year: int) -> Fact:
    """The facts of a package from its stored check: the rules that reported (every finding,
    waived or not) and its spending over the 类 lines."""
    return Fact(year, frozenset(f.rule for f in result.findings), result.outline.spending)


def _scaled(amount: Decimal) -> int:
    return int((amount * SCALE).to_integral_value())


def _add(session: Session, key: str, packages: int, spending: int) -> None:
    """``packages`` and ``spending`` added to the tally ``key`` in one statement (an upsert:
    concurrent publications add up, none is lost)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(PortalTally).values(key=key, packages=packages, spending=spending)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["key"],
            set_={
                "packages": PortalTally.packages + statement.excluded.packages,
                "spending": PortalTally.spending + statement.excluded.spending,
            },
        )
    )


def _apply(session: Session, year: int, rules: Iterable[str], spending: int, sign: int) -> None:
    _add(session, ALL, sign, sign * spending)
    _add(session, f"{YEAR}{year}", sign, sign * spending)
    for rule in rules:
        _add(session, f"{RULE}{rule}", sign, 0)


def count(session: Session, package: Package, fact: Fact | None) -> None:
    """``package`` becomes current: its fact stored and added (or ``pending`` raised when the
    caller has none). The caller's transaction."""
    if fact is None:
        _add(session, PENDING, 1, 0)
        return
    spending = _scaled(fact.spending)
    rules = sorted(fact.rules)
    session.add(
        PortalFact(package_id=package.id, year=fact.year, rules=" ".join(rules), spending=spending)
    )
    _apply(session, fact.year, rules, spending, 1)


def uncount(session: Session, package: Package) -> None:
    """``package`` stops being current (a published correction replaced it): what it added is
    taken out. The caller's transaction."""
    stored = session.get(PortalFact, package.id)
    if stored is None:  # never counted (still pending): nothing to take out
        return
    _apply(session, stored.year, stored.rules.split(), stored.spending, -1)
    session.delete(stored)


def catch_up(session: Session, profile_name: str) -> None:
    """Count the current packages published without their facts (checked now if their check
    is not stored), then clear ``pending``; committed."""
    seen = session.scalar(select(PortalTally.packages).where(PortalTally.key == PENDING))
    if not seen:
        return
    uncounted = session.scalars(
        select(Package)
        .outerjoin(PortalFact, PortalFact.package_id == Package.id)
        .where(Package.status == "published", Package.superseded_at.is_(None))
        .where(PortalFact.package_id.is_(None))
        .order_by(Package.id)
    ).all()
    facts = [(p, fact_of(derived(session, p, profile_name), p.year)) for p in uncounted]
    try:
        for package, fact in facts:
            count(session, package, fact)
        # (a package published meanwhile without its fact keeps its mark for the next view;
        # one superseded while pending had nothing to count)
        _add(session, PENDING, -seen, 0)
        session.commit()
    except IntegrityError:  # a concurrent view counted them first
        session.rollback()


@dataclass(frozen=True, slots=True)
class Stats:
    """The statistics page's figures."""

    published: int
    spending: Decimal  # 万元
    per_year: list[tuple[int, int]]
    #: (rule, packages it reported on), most first
    rules: list[tuple[str, int]]


def read(session: Session) -> Stats:
    rows = session.execute(
        select(PortalTally.key, PortalTally.packages, PortalTally.spending).where(
            PortalTally.packages > 0
        )
    ).all()
    total = next(((n, s) for k, n, s in rows if k == ALL), (0, 0))
    per_year = sorted((int(k[len(YEAR) :]), n) for k, n, _ in rows if k.startswith(YEAR))
    rules = sorted(
        ((k[len(RULE) :], n) for k, n, _ in rows if k.startswith(RULE)),
        key=lambda kv: (-kv[1], kv[0]),
    )
    return Stats(total[0], Decimal(total[1]) / SCALE, per_year, rules)
