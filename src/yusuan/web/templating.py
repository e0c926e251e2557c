"""Jinja2 pages: autoescaped, with the user, the CSRF token and Chinese labels at hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from functools import cache
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from yusuan.inputs import SUPPORTED
from yusuan.money import Unit, amount_text, convert, group_amounts
from yusuan.perf.report import indicator_cells, monitoring_cells
from yusuan.web.chain import STEP_LABELS
from yusuan.web.db import (
    JOB_KIND_LABELS,
    JOB_STATE_LABELS,
    ROLE_ADMIN,
    ROLE_DEPT_REVIEWER,
    ROLE_FILER,
    ROLE_FINANCE_REVIEWER,
    User,
    job_state_label,
)
from yusuan.web.display import chosen, switch_url
from yusuan.web.display import money_unit as display_unit_of
from yusuan.web.review import DECISION_LABELS
from yusuan.web.security import csrf_token
from yusuan.web.workflow import STATUS_LABELS, TRANSITIONS

BEIJING = timezone(timedelta(hours=8), "北京时间")


def when(value: datetime | None) -> str:
    return "" if value is None else value.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def money(
    value: Decimal | str | None,
    unit: Unit | str | None = None,
    sign: bool = False,
    display: Unit | None = None,
    label: bool = True,
) -> str:
    """:func:`yusuan.money.amount_text` for the pages (``1,421.74 万元``): an amount in 元 or
    万元 is first converted exactly into ``display`` when given. Text (a rate, a count, a
    name) is shown as it is, blank as blank."""
    if value is None:
        return ""
    if not isinstance(value, Decimal):
        return str(value)
    known = display_unit_of(unit)
    if known is not None and display is not None:
        value, unit = convert(value, known, display), display
    return amount_text(value, unit, sign=sign, label=label)


#: a finding's sentence with its amounts in 千分位 (the rules write them so; this keeps findings
#: stored before they did the same)
grouped = group_amounts


@jinja2.pass_context
def page_money(
    context: jinja2.runtime.Context,
    value: Decimal | str | None,
    unit: Unit | str | None = None,
    sign: bool = False,
    label: bool = True,
) -> str:
    """The ``money`` filter of the pages: :func:`money` in the page's unit (元 or 万元, chosen
    with the switch: ``display_unit``, :mod:`yusuan.web.display`)."""
    return money(value, unit, sign, context.get("display_unit"), label)


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("yusuan.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = when
    env.filters["money"] = page_money
    env.filters["grouped"] = grouped
    env.globals["indicator_cells"] = indicator_cells
    env.globals["monitoring_cells"] = monitoring_cells
    env.globals.update(
        STATUS_LABELS=STATUS_LABELS,
        DECISION_LABELS=DECISION_LABELS,
        TRANSITIONS=TRANSITIONS,
        ROLE_FILER=ROLE_FILER,
        ROLE_ADMIN=ROLE_ADMIN,
        REVIEWER_ROLES=(ROLE_DEPT_REVIEWER, ROLE_FINANCE_REVIEWER, ROLE_ADMIN),
        STEP_LABELS=STEP_LABELS,
        INPUT_FORMATS=SUPPORTED,
        JOB_STATE_LABELS=JOB_STATE_LABELS,
        JOB_KIND_LABELS=JOB_KIND_LABELS,
        job_state_label=job_state_label,
    )
    return env


@dataclass(frozen=True)
class Viewer:
    """Who is signed in, as pages show it: plain values taken when the request began, so an
    error page after a rolled-back write never touches an expired database object."""

    id: int
    username: str
    role: str

    @classmethod
    def of(cls, user: User | None) -> Viewer | None:
        return None if user is None else cls(user.id, user.username, user.role)


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    page = {
        "request": request,
        "display_unit": chosen(request),
        "unit_url": lambda unit: switch_url(request, unit),
        "UNITS": tuple(Unit),
        "user": getattr(request.state, "viewer", None),
        "csrf_token": csrf_token(request.session),
        **(context or {}),
    }
    return HTMLResponse(environment().get_template(name).render(page), status_code=status)
