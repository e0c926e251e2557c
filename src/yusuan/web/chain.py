"""The review chain: a submitted package is reviewed step by step — 主管部门审核 (where its
unit has a 主管部门), then 财政复审 by the 财政局 — before it is approved and can be published.

The steps are a setting (``Settings.review_chain``, 主管部门 → 财政局 by default). Each step is
taken by its reviewers: 主管部门审核员 for 主管部门, 财政局审核员 for 财政局 (the administrator
takes any step, and an administrator's approval completes the chain). A step's reviewers
decide findings, approve (on to the next step, or approved after the last) and return; the
财政局审核员 may also return a package during the 主管部门 step. Whose turn it is is a state
of the package, so a reviewer out of turn gets a :class:`Conflict` (409); whether the reviewer
may act on the package at all is :mod:`yusuan.web.authz`'s (403).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from yusuan.web.db import ROLE_ADMIN, ROLE_DEPT_REVIEWER, ROLE_FINANCE_REVIEWER, Package, Unit, User
from yusuan.web.errors import Conflict

DEPARTMENT = "主管部门"
FINANCE = "财政局"
STEPS = (DEPARTMENT, FINANCE)
STEP_LABELS = {DEPARTMENT: "主管部门审核", FINANCE: "财政复审"}
STEP_ROLES = {DEPARTMENT: ROLE_DEPT_REVIEWER, FINANCE: ROLE_FINANCE_REVIEWER}
#: what each step's reviewers may do on a package at that step
STEP_ACTIONS = frozenset({"approve", "return", "decide"})


def parse(text: str) -> tuple[str, ...]:
    """``主管部门,财政局`` (the setting's text) as steps; :class:`ValueError` in Chinese."""
    steps = tuple(s.strip() for s in text.replace("，", ",").split(",") if s.strip())
    unknown = [s for s in steps if s not in STEPS]
    if not steps or unknown or len(set(steps)) != len(steps):
        raise ValueError(f"审核流程应为「主管部门,财政局」中的一个或两个环节，实际为「{text}」。")
    return tuple(s for s in STEPS if s in steps)  # always in the chain's order


def departments(session: Session) -> frozenset[int]:
    """The units that belong to a 主管部门: one, or a unit below one (one query)."""
    units = {u.id: (u.kind, u.parent_id) for u in session.scalars(select(Unit))}
    found = set()
    for unit_id in units:
        seen: set[int] = set()
        current: int | None = unit_id
        while current is not None and current in units and current not in seen:
            seen.add(current)
            kind, parent = units[current]
            if kind == DEPARTMENT:
                found.add(unit_id)
                break
            current = parent
    return frozenset(found)


def has_department(session: Session, unit_id: int) -> bool:
    """Whether the unit belongs to a 主管部门: it is one, or one is above it."""
    return unit_id in departments(session)


def steps(
    session: Session,
    chain: tuple[str, ...],
    unit_id: int,
    within: frozenset[int] | None = None,
) -> tuple[str, ...]:
    """The chain's steps that apply to a unit (主管部门 only where it has one); ``within``:
    :func:`departments`, when the caller has it already."""
    has = DEPARTMENT in chain and unit_id in (
        within if within is not None else departments(session)
    )
    found = tuple(s for s in chain if s != DEPARTMENT or has)
    return found or (FINANCE,)


def stage(
    session: Session,
    chain: tuple[str, ...],
    package: Package,
    within: frozenset[int] | None = None,
) -> str | None:
    """The step a submitted package is at (None unless submitted)."""
    if package.status != "submitted":
        return None
    return package.review_stage or steps(session, chain, package.unit_id, within)[0]


def next_step(session: Session, chain: tuple[str, ...], package: Package) -> str | None:
    """The step after the package's current one (None: its approval is the last)."""
    current = stage(session, chain, package)
    found = steps(session, chain, package.unit_id)
    if current not in found:
        return None
    after = found[found.index(current) + 1 :]
    return after[0] if after else None


def turn(
    session: Session,
    chain: tuple[str, ...],
    user: User,
    package: Package,
    action: str,
    within: frozenset[int] | None = None,
) -> bool:
    """Whether it is the user's turn to ``action`` (approve, return, decide) the package."""
    current = stage(session, chain, package, within)
    if current is None or action not in STEP_ACTIONS:
        return True  # not a step's business (the workflow says what the status allows)
    if user.role == ROLE_ADMIN or user.role == STEP_ROLES.get(current):
        return True
    return action == "return" and user.role == ROLE_FINANCE_REVIEWER


def check_turn(
    session: Session, chain: tuple[str, ...], user: User, package: Package, action: str
) -> None:
    """:class:`Conflict` unless it is the user's turn."""
    if turn(session, chain, user, package, action):
        return
    current = stage(session, chain, package)
    assert current is not None
    if user.role == ROLE_DEPT_REVIEWER and current == FINANCE:
        raise Conflict("该文件已通过主管部门审核，正在财政复审，由财政局审核员处理。")
    raise Conflict(
        f"该文件正在「{STEP_LABELS[current]}」环节，尚未轮到您（{user.role}）处理，请等待上一环节完成。"
    )


def waiting_for(chain: tuple[str, ...], user: User) -> frozenset[str]:
    """The steps whose packages wait for the user's decision."""
    if user.role == ROLE_ADMIN:
        return frozenset(STEPS)
    return frozenset(s for s in chain if STEP_ROLES[s] == user.role)
