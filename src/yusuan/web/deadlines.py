"""The legal deadline to publish: 20 days after the budget is approved (《预算法》第十四条:
经本级政府财政部门批复后二十日内由各部门向社会公开; the number of days is a setting).

A package approved but not yet published is 待公开 until its deadline and 逾期未公开 after it;
a published one was 按期公开 or 逾期公开. Days are calendar days in Beijing time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from yusuan.web import authz
from yusuan.web.db import Package, User

BEIJING = timezone(timedelta(hours=8))


def _day(moment: datetime) -> date:
    return moment.astimezone(BEIJING).date()


@dataclass(frozen=True, slots=True)
class Deadline:
    package: Package
    due: date
    #: days left (negative: days overdue) for a package not yet published
    days_left: int | None
    #: days late for a published package (0 when on time)
    days_late: int | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def label(self) -> str:
        if self.days_late is not None:
            return f"逾期 {self.days_late} 天公开" if self.days_late else "按期公开"
        assert self.days_left is not None
        if self.days_left < 0:
            return f"逾期未公开（已超过 {-self.days_left} 天）"
        return f"待公开（剩 {self.days_left} 天）" if self.days_left else "待公开（今天截止）"


def deadline(package: Package, days: int, now: datetime) -> Deadline | None:
    """The package's deadline, once approved (None before)."""
    if package.approved_at is None:
        return None
    due = _day(package.approved_at) + timedelta(days=days)
    if package.published_at is not None:
        return Deadline(package, due, None, max(0, (_day(package.published_at) - due).days))
    return Deadline(package, due, (due - _day(now)).days, None)


def deadlines(session: Session, user: User, days: int, now: datetime) -> list[Deadline]:
    """Approved packages the user may see: the overdue first, then by due date; the
    published ones after them (latest first)."""
    query = select(Package).where(Package.approved_at.is_not(None))
    units = authz.scope(session, user)
    if units is not None:
        query = query.where(Package.unit_id.in_(units))
    found = [d for p in session.scalars(query) if (d := deadline(p, days, now)) is not None]
    waiting = sorted((d for d in found if d.days_left is not None), key=lambda d: d.due)
    done = sorted((d for d in found if d.days_late is not None), key=lambda d: d.due, reverse=True)
    return waiting + done
