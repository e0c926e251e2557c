"""The publishing deadlines: a page for people and a JSON list for machines."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy import select

from yusuan.web.db import Unit, utcnow
from yusuan.web.deadlines import deadlines
from yusuan.web.deps import Config, Db, Id, SignedIn
from yusuan.web.templating import render

router = APIRouter()


@router.get("/deadlines", include_in_schema=False)
def deadlines_page(request: Request, db: Db, user: SignedIn, settings: Config) -> Response:
    found = deadlines(db, user, settings.publish_days, utcnow())
    units = {u.id: u.name for u in db.scalars(select(Unit))}
    return render(
        request,
        "deadlines.html",
        {
            "deadlines": found,
            "units": units,
            "days": settings.publish_days,
            "overdue": sum(1 for d in found if d.overdue),
        },
    )


class DeadlineOut(BaseModel):
    package_id: Id
    title: str
    unit_id: int
    status: str
    due: date
    overdue: bool
    days_left: int | None
    days_late: int | None
    label: str


@router.get(
    "/api/deadlines",
    response_model=list[DeadlineOut],
    tags=["预算公开"],
    summary="已批复文件的公开期限（批复后 20 日内公开）与逾期情况",
)
def deadlines_api(db: Db, user: SignedIn, settings: Config) -> list[DeadlineOut]:
    return [
        DeadlineOut(
            package_id=d.package.id,
            title=d.package.title,
            unit_id=d.package.unit_id,
            status=d.package.status,
            due=d.due,
            overdue=d.overdue,
            days_left=d.days_left,
            days_late=d.days_late,
            label=d.label,
        )
        for d in deadlines(db, user, settings.publish_days, utcnow())
    ]
