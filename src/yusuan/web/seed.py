"""Demo data: a 财政局 → 主管部门 → 二级单位 hierarchy, one user per role, and the two sample
綦江区 documents — the corrected one published, the original (with errors) as a draft."""

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
)

FINANCE = "重庆市綦江区财政局"
DEPARTMENT = "重庆市綦江区政务服务管理办公室"
SUBUNIT = "重庆市綦江区公共资源综合交易中心"
PUBLISHED_DOC = "qijiang_2026_consistent.txt"
DRAFT_DOC = "qijiang_2026_budget.txt"


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


def seed_demo(session: Session) -> Demo:
    """Create the demo data (each write audited, as the system); returns the accounts with
    their freshly generated passwords."""
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
    for action, actor in (
        ("submit", filer),
        ("approve", users[ROLE_DEPT_REVIEWER]),
        ("publish", users[ROLE_FINANCE_REVIEWER]),
    ):
        store.transition(session, actor, published, published.version, action)

    pkg = load_bytes(_doc(DRAFT_DOC), DRAFT_DOC)
    draft = store.create_package(session, filer, department, pkg, DRAFT_DOC, pkg.info.heading, 2026)
    return Demo(tuple(accounts), published, draft)
