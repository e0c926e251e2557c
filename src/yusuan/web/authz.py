"""Authorization, per object, in one place.

* 单位填报员: its own unit's packages — sees, uploads, edits, submits.
* 主管部门审核员: packages of its unit and every unit below it — sees, decides findings,
  returns, approves.
* 财政局审核员: packages of its region — every unit under the 财政局 its unit belongs to —
  sees, decides, returns, approves, publishes (another region's 财政局 publishes its own).
* 管理员: everything.
* Anyone, signed in or not, may see a published package.

Denials are :class:`Forbidden` (403); an unpublished package asked for by an anonymous visitor
is :class:`NotFound` (404), so its existence is not revealed.
"""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from yusuan.web.db import (
    ROLE_ADMIN,
    ROLE_DEPT_REVIEWER,
    ROLE_FILER,
    ROLE_FINANCE_REVIEWER,
    Package,
    Unit,
    User,
)
from yusuan.web.errors import BadRequest, Forbidden, NotFound

NOT_FOUND = "预算公开文件不存在或尚未公开。"
REVIEWERS = frozenset({ROLE_DEPT_REVIEWER, ROLE_FINANCE_REVIEWER, ROLE_ADMIN})
PUBLISHERS = frozenset({ROLE_FINANCE_REVIEWER, ROLE_ADMIN})
_ACTION_LABELS = {
    "view": "查看",
    "edit": "修改",
    "submit": "提交",
    "return": "退回",
    "approve": "审核",
    "decide": "处理审核发现",
    "publish": "发布",
    "correct": "更正",
    "withdraw": "撤回",
    "reply": "回复审核发现",
}


def subtree(session: Session, root: int) -> frozenset[int]:
    """A unit and every unit below it."""
    found = {root}
    frontier = {root}
    while frontier:
        children = set(session.scalars(select(Unit.id).where(Unit.parent_id.in_(frontier))))
        frontier = children - found
        found |= frontier
    return frozenset(found)


def region(session: Session, unit_id: int) -> int:
    """The top of a unit's hierarchy: the 财政局 of its region."""
    seen = {unit_id}
    while (parent := session.scalar(select(Unit.parent_id).where(Unit.id == unit_id))) is not None:
        if parent in seen:  # a cycle (never made by the admin pages): stop there
            break
        seen.add(parent)
        unit_id = parent
    return unit_id


def scope(session: Session, user: User) -> frozenset[int] | None:
    """The units whose packages the user may see; ``None`` for all."""
    if user.role == ROLE_ADMIN:
        return None
    if user.unit_id is None:
        return frozenset()
    if user.role == ROLE_FINANCE_REVIEWER:
        return subtree(session, region(session, user.unit_id))
    if user.role == ROLE_DEPT_REVIEWER:
        return subtree(session, user.unit_id)
    return frozenset({user.unit_id})


def visible_packages(session: Session, user: User | None) -> Select[Package]:
    """The packages a user's lists show (anonymous: the published ones)."""
    query = select(Package).order_by(Package.updated_at.desc(), Package.id.desc())
    if user is None:
        return query.where(Package.status == "published")
    units = scope(session, user)
    return query if units is None else query.where(Package.unit_id.in_(units))


def in_scope(session: Session, user: User, package: Package) -> bool:
    units = scope(session, user)
    return units is None or package.unit_id in units


def get_package(session: Session, user: User | None, package_id: int) -> Package:
    """The package if the user may see it; 404 / 403 otherwise."""
    package = session.get(Package, package_id)
    if package is None:
        raise NotFound(NOT_FOUND)
    if package.status == "published":
        return package
    if user is None:
        raise NotFound(NOT_FOUND)
    if not in_scope(session, user, package):
        raise Forbidden("无权查看其他单位的预算文件。")
    return package


def allowed(session: Session, user: User | None, package: Package, action: str) -> bool:
    """Whether the user may do ``action`` on the package (its status aside)."""
    if user is None:
        return False
    if action == "view":
        return package.status == "published" or in_scope(session, user, package)
    if action in ("edit", "submit", "correct", "withdraw"):
        return user.role == ROLE_ADMIN or (
            user.role == ROLE_FILER and user.unit_id == package.unit_id
        )
    if action in ("return", "approve", "decide"):
        return user.role in REVIEWERS and in_scope(session, user, package)
    if action == "publish":
        return user.role in PUBLISHERS and in_scope(session, user, package)
    if action == "reply":  # the finding's thread: its unit's filer and its reviewers
        return allowed(session, user, package, "submit") or allowed(
            session, user, package, "decide"
        )
    raise ValueError(action)


def require(session: Session, user: User | None, package: Package, action: str) -> User:
    """The user, or :class:`Forbidden` unless :func:`allowed`."""
    if user is None:
        raise Forbidden("请先登录后再操作。")
    if not allowed(session, user, package, action):
        raise Forbidden(f"您的角色（{user.role}）无权{_ACTION_LABELS[action]}该预算文件。")
    return user


def upload_units(session: Session, user: User | None) -> list[Unit]:
    """The units the user may upload a new package for."""
    if user is None:
        return []
    if user.role == ROLE_ADMIN:
        return list(session.scalars(select(Unit).order_by(Unit.id)))
    if user.role == ROLE_FILER and user.unit_id is not None:
        unit = session.get(Unit, user.unit_id)
        return [unit] if unit else []
    return []


def require_upload(session: Session, user: User | None, unit_id: int | None) -> Unit:
    """The unit to upload for; :class:`Forbidden` if the user may not upload for it."""
    if user is None:
        raise Forbidden("请先登录后再操作。")
    units = upload_units(session, user)
    if not units:
        raise Forbidden(f"您的角色（{user.role}）不能上传预算文件，只有单位填报员可以上传。")
    if unit_id is None:
        if len(units) == 1:
            return units[0]
        raise BadRequest("请选择上传到哪个单位。")
    for unit in units:
        if unit.id == unit_id:
            return unit
    raise Forbidden("无权为该单位上传预算文件。")
