"""The 20-day publishing deadline: computed per package, listed for the bureau, overdue ones
flagged on the dashboard; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update

from tests.helpers.web import Browser, add_package, add_unit_user, signed_in
from yusuan.web.db import ROLE_FILER, Package
from yusuan.web.deadlines import deadline
from yusuan.web.seed import Demo


def at(day: str, hour: int = 2) -> datetime:
    """A UTC moment on a Beijing calendar day (02:00 UTC is 10:00 in Beijing)."""
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def package(approved: datetime | None, published: datetime | None = None) -> Package:
    return Package(approved_at=approved, published_at=published)


def test_deadline_is_twenty_calendar_days_after_approval_in_beijing_time() -> None:
    approved = at("2026-03-01", hour=17)  # 01:00 on 2 March in Beijing
    d = deadline(package(approved), 20, now=at("2026-03-10"))
    assert d is not None
    assert d.due == date(2026, 3, 22)
    assert (d.days_left, d.overdue, d.label) == (12, False, "待公开（剩 12 天）")
    today = deadline(package(approved), 20, now=at("2026-03-22"))
    assert today is not None and today.label == "待公开（今天截止）" and not today.overdue
    late = deadline(package(approved), 20, now=at("2026-03-25"))
    assert late is not None and late.overdue and late.label == "逾期未公开（已超过 3 天）"
    on_time = deadline(package(approved, at("2026-03-22")), 20, now=at("2026-04-30"))
    assert on_time is not None and (on_time.days_late, on_time.label) == (0, "按期公开")
    published_late = deadline(package(approved, at("2026-03-30")), 20, now=at("2026-04-30"))
    assert published_late is not None and published_late.label == "逾期 8 天公开"
    assert not published_late.overdue
    assert deadline(package(None), 20, now=at("2026-03-10")) is None  # not approved yet


def approve(app: FastAPI, demo: Demo, days_ago: int) -> int:
    pid = add_package(app, demo.published.unit_id)
    browser = signed_in(app, demo, "admin")
    for action in ("submit", "approve"):
        assert browser.act(pid, action).status_code == 303
    with app.state.sessions() as session:
        session.execute(
            update(Package)
            .where(Package.id == pid)
            .values(approved_at=datetime.now(UTC) - timedelta(days=days_ago))
        )
        session.commit()
    return pid


def test_overdue_packages_are_listed_and_flagged(app: FastAPI, demo: Demo) -> None:
    late = approve(app, demo, days_ago=25)
    waiting = approve(app, demo, days_ago=3)
    finance = signed_in(app, demo, "finance_reviewer")
    page = finance.get("/deadlines").text
    assert "逾期未公开（已超过 5 天）" in page
    assert "待公开（剩 17 天）" in page
    assert "按期公开" in page  # the demo's published package
    assert page.index(f"/packages/{late}") < page.index(f"/packages/{waiting}")
    dashboard = finance.get("/").text
    assert "1 份文件审核通过已超过公开期限仍未公开" in dashboard
    assert "逾期未公开" in finance.get(f"/packages/{late}").text
    listed = finance.client.get("/api/deadlines").json()
    by_id = {d["package_id"]: d for d in listed}
    assert by_id[late]["overdue"] is True and by_id[late]["days_left"] == -5
    assert by_id[waiting]["overdue"] is False
    assert by_id[demo.published.id]["days_late"] == 0
    # publishing late is recorded as such
    assert finance.act(late, "publish").status_code == 303
    assert "逾期 5 天公开" in finance.get("/deadlines").text
    assert "已超过公开期限" not in finance.get("/").text


def test_deadlines_follow_the_units_a_user_may_see(app: FastAPI, demo: Demo) -> None:
    approve(app, demo, days_ago=25)
    add_unit_user(
        app, "重庆市綦江区教育委员会", "主管部门", "重庆市綦江区财政局", "other", ROLE_FILER
    )
    other = Browser(app)
    other.login("other", "password-123")
    assert "暂无已审核通过的文件" in other.get("/deadlines").text
    assert other.client.get("/api/deadlines").json() == []
    assert "逾期" not in other.get("/").text
    anonymous = TestClient(app)
    assert anonymous.get("/deadlines", follow_redirects=False).status_code == 303
    assert anonymous.get("/api/deadlines").status_code == 401
