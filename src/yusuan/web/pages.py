"""Keyset pagination of the public list: a page is the rows after (or before) the last (first)
row of the page the reader came from, in the list's order — newest published first, ties by
id — so a deep page costs what the first does (an index range, no OFFSET), and a package
published meanwhile neither repeats nor skips a row.

A cursor is ``<published_at ISO>_<id>`` (readable, in the address, checked like any input).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, tuple_

from yusuan.web.db import Package, Unit
from yusuan.web.deps import MAX_INT
from yusuan.web.errors import BadRequest

#: rows a page shows
PAGE = 50
BAD = "分页参数无效（{what}），请从第一页重新浏览。"
Listed = Select[Package, Unit]
Row = tuple[Package, Unit]


@dataclass(frozen=True, slots=True)
class Cursor:
    published_at: datetime
    id: int

    def __str__(self) -> str:
        return f"{self.published_at.isoformat()}_{self.id}"


def parse(raw: str, what: str) -> Cursor | None:
    raw = raw.strip()
    if not raw:
        return None
    stamp, _, number = raw[:80].rpartition("_")
    try:
        at = datetime.fromisoformat(stamp)
        pid = int(number)
    except ValueError:
        raise BadRequest(BAD.format(what=what)) from None
    if at.tzinfo is None or not 0 < pid <= MAX_INT:
        raise BadRequest(BAD.format(what=what))
    return Cursor(at, pid)


def key(package: Package) -> Cursor:
    assert package.published_at is not None
    return Cursor(package.published_at, package.id)


@dataclass(frozen=True, slots=True)
class Page:
    rows: list[Row]
    #: where the next and previous pages start (None: there is none)
    after: Cursor | None
    before: Cursor | None


def window(query: Listed, after: Cursor | None, before: Cursor | None, size: int) -> Listed:
    """``query`` (the list, newest first) cut to one page past ``after`` — or the page before
    ``before``, read backwards — with one row more to tell whether another page follows."""
    position = tuple_(Package.published_at, Package.id)
    if before is not None:
        return (
            query.where(position > tuple_(before.published_at, before.id))
            .order_by(None)
            .order_by(Package.published_at.asc(), Package.id.asc())
            .limit(size + 1)
        )
    if after is not None:
        query = query.where(position < tuple_(after.published_at, after.id))
    return query.limit(size + 1)


def cut(rows: Sequence[Row], after: Cursor | None, before: Cursor | None, size: int) -> Page:
    """The page of ``rows`` as :func:`window` read them (each row's first item a package)."""
    more = len(rows) > size
    page = list(rows[:size])
    if before is not None:
        page.reverse()
    if not page:
        return Page(page, None, None)
    first, last = page[0][0], page[-1][0]
    has_next = more if before is None else True
    has_previous = more if before is not None else after is not None
    return Page(page, key(last) if has_next else None, key(first) if has_previous else None)
