"""The JSON API (OpenAPI at /docs). Read-only in this slice, authenticated by the session
cookie; anonymous callers see published packages only."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from yusuan.web import authz
from yusuan.web.db import Unit
from yusuan.web.deps import Config, Db, MaybeUser
from yusuan.web.review import review
from yusuan.web.routes.public import parse_search, published
from yusuan.web.schemas import PackageDetail, PackageOut

router = APIRouter(prefix="/api", tags=["预算公开"])


def _unit_names(db: Db) -> dict[int, str]:
    return {u.id: u.name for u in db.scalars(select(Unit))}


@router.get("/packages", response_model=list[PackageOut], summary="当前用户可见的预算文件")
def list_packages(db: Db, user: MaybeUser) -> list[PackageOut]:
    names = _unit_names(db)
    return [
        PackageOut.of(p, names.get(p.unit_id, ""))
        for p in db.scalars(authz.visible_packages(db, user))
    ]


@router.get(
    "/packages/{package_id}",
    response_model=PackageDetail,
    summary="一个预算文件及其审核发现",
    responses={403: {"description": "无权查看"}, 404: {"description": "不存在或未公开"}},
)
def get_package(package_id: int, db: Db, user: MaybeUser, settings: Config) -> PackageDetail:
    package = authz.get_package(db, user, package_id)
    unit = db.get(Unit, package.unit_id)
    internal = user is not None and authz.in_scope(db, user, package)
    return PackageDetail.with_review(
        package, unit.name if unit else "", review(db, package, settings.profile), internal
    )


@router.get("/public/packages", response_model=list[PackageOut], summary="已发布的预算文件")
def public_packages(db: Db, q: str = "", year: str = "") -> list[PackageOut]:
    rows = db.execute(published(parse_search(q, year))).all()
    return [PackageOut.of(p, u.name) for p, u in rows]
