"""Demo data: a 财政局 → 主管部门 → 二级单位 hierarchy, one user per role, and the two sample
綦江区 documents — the corrected one published, the original (with errors) as a draft — and,
for the demo server, a second region's real published budget."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from importlib import resources

from sqlalchemy.orm import Session

from yusuan.pipeline import load_bytes
from yusuan.web import store
from yusuan.web.db import (
    ROLE_ADMIN,
    ROLE_DEPT_REVIEWER,
    ROLE_FILER,
    ROLE_FINANCE_REVIEWER,
    Package,
    User,
)
from yusuan.web.review import review
from yusuan.web.settings import Settings

FINANCE = "重庆市綦江区财政局"
DEPARTMENT = "重庆市綦江区政务服务管理办公室"
SUBUNIT = "重庆市綦江区公共资源综合交易中心"
PUBLISHED_DOC = "qijiang_2026_consistent.txt"
DRAFT_DOC = "qijiang_2026_budget.txt"
OTHER_FINANCE = "上海市普陀区财政局"
OTHER_DEPARTMENT = "上海市普陀区司法局"
OTHER_DOC = "shanghai_putuo_justice_2026.pdf"
WAIVED = "演示数据：该文件已由部门公开，按原样载入，审核发现保留供查看。"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    unit: str


@dataclass(frozen=True)
class Demo:
    accounts: tuple[DemoAccount, ...]
    published: Package
    draft: Package


def _doc(name: str) -> bytes:
    return (resources.files("yusuan.web") / "demo" / name).read_bytes()


def seed_demo(session: Session, other_region: bool = False) -> Demo:
    """Create the demo data (each write audited, as the system); returns the accounts with
    their freshly generated passwords. ``other_region`` adds a Shanghai department's real
    published budget (the demo server does; tests need not read a PDF each time)."""
    finance = store.create_unit(session, None, FINANCE, "财政局")
    department = store.create_unit(session, None, DEPARTMENT, "主管部门", finance)
    store.create_unit(session, None, SUBUNIT, "二级单位", department)
    accounts = []
    users = {}
    for username, role, unit in (
        ("filer", ROLE_FILER, department),
        ("dept_reviewer", ROLE_DEPT_REVIEWER, department),
        ("finance_reviewer", ROLE_FINANCE_REVIEWER, finance),
        ("admin", ROLE_ADMIN, finance),
    ):
        password = secrets.token_urlsafe(9)
        users[role] = store.create_user(session, None, username, password, role, unit)
        accounts.append(DemoAccount(username, password, role, unit.name))

    filer = users[ROLE_FILER]
    pkg = load_bytes(_doc(PUBLISHED_DOC), PUBLISHED_DOC)
    published = store.create_package(
        session, filer, department, pkg, PUBLISHED_DOC, f"{pkg.info.heading}（更正稿）", 2026
    )
    store.transition(session, filer, published, published.version, "submit", stage="主管部门")
    store.forward(
        session, users[ROLE_DEPT_REVIEWER], published, published.version, "主管部门", "财政局"
    )
    for action in ("approve", "publish"):  # 财政复审, then published
        store.transition(
            session, users[ROLE_FINANCE_REVIEWER], published, published.version, action
        )

    pkg = load_bytes(_doc(DRAFT_DOC), DRAFT_DOC)
    draft = store.create_package(session, filer, department, pkg, DRAFT_DOC, pkg.info.heading, 2026)
    if other_region:
        _seed_other_region(session, users[ROLE_ADMIN])
    return Demo(tuple(accounts), published, draft)


def _seed_other_region(session: Session, admin: User) -> None:
    """A second region's real published budget (上海市普陀区司法局 2026, from its PDF), so the
    portal's comparisons and statistics have more than one department."""
    finance = store.create_unit(session, None, OTHER_FINANCE, "财政局")
    unit = store.create_unit(session, None, OTHER_DEPARTMENT, "主管部门", finance)
    pkg = load_bytes(_doc(OTHER_DOC), OTHER_DOC)
    package = store.create_package(
        session, admin, unit, pkg, OTHER_DOC, pkg.info.heading, 2026, _doc(OTHER_DOC)
    )
    store.transition(session, admin, package, package.version, "submit")
    for r in review(session, package, Settings.profile).blocking:  # published as it was
        store.decide(session, admin, package, package.version, r.key, "waive", WAIVED)
    for action in ("approve", "publish"):
        store.transition(session, admin, package, package.version, action)
