"""Counters every server process shares: rows of ``rate_counters`` (migration 0009), for the
login back-off (:class:`~yusuan.web.security.LoginLimiter`) and the anonymous token bucket
(:class:`~yusuan.web.throttle.TokenBucket`).

Several processes serving one database (uvicorn ``--workers``, several hosts behind a proxy)
must count one client's failures and downloads together, or each process would grant its own
allowance. A change is one short transaction of its own (never the request's): the row is
created if missing (``INSERT … ON CONFLICT DO NOTHING``, which on SQLite also takes the write
lock), locked (``SELECT … FOR UPDATE`` on PostgreSQL), read, and written back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from yusuan.web.db import RateCounter


@dataclass(frozen=True, slots=True)
class Count:
    """A counter's state: its value, when it last changed and until when it holds a client
    out (seconds since the epoch)."""

    value: float
    last: float
    until: float = 0.0


class Counters:
    """The ``rate_counters`` rows of one kind (``prefix``), each key a client or a client and
    an account."""

    def __init__(self, engine: Engine, prefix: str) -> None:
        self.engine = engine
        self.prefix = prefix

    def _key(self, key: str) -> str:
        return f"{self.prefix}:{key}"[:200]

    def get(self, key: str) -> Count | None:
        """The counter as it is (no lock: a read for a decision that writes nothing)."""
        with self.engine.connect() as connection:
            row = connection.execute(
                select(RateCounter.value, RateCounter.last, RateCounter.until).where(
                    RateCounter.key == self._key(key)
                )
            ).first()
        return None if row is None else Count(row[0], row[1], row[2])

    def change(self, key: str, initial: Count, step: Callable[[Count], tuple[Count, Any]]) -> Any:
        """``step`` applied to the counter (``initial`` when there is none), under its lock;
        its new state stored, its answer returned."""
        name = self._key(key)
        with self.engine.begin() as connection:
            values = {"key": name, "value": initial.value, "last": initial.last, "until": 0.0}
            if connection.dialect.name == "postgresql":
                pg = postgresql.insert(RateCounter).values(values).on_conflict_do_nothing()
                connection.execute(pg)
            else:
                lite = sqlite.insert(RateCounter).values(values).on_conflict_do_nothing()
                connection.execute(lite)
            row = connection.execute(
                select(RateCounter.value, RateCounter.last, RateCounter.until)
                .where(RateCounter.key == name)
                .with_for_update()
            ).one()
            state, answer = step(Count(row[0], row[1], row[2]))
            connection.execute(
                update(RateCounter)
                .where(RateCounter.key == name)
                .values(value=state.value, last=state.last, until=state.until)
            )
        return answer

    def forget(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(RateCounter).where(RateCounter.key == self._key(key)))

    def prune(self, before: float) -> None:
        """Counters of this kind unchanged since ``before`` and holding nobody out."""
        with self.engine.begin() as connection:
            connection.execute(
                delete(RateCounter).where(
                    RateCounter.key.startswith(f"{self.prefix}:", autoescape=True),
                    RateCounter.last < before,
                    RateCounter.until < before,
                )
            )
