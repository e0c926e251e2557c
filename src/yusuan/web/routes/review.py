"""The reviewers' pages: 待我审核 (the packages waiting for the signed-in reviewer) and a
package's 审核意见 exported as XLSX or DOCX."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select

from yusuan.web import authz
from yusuan.web.db import Reply, Unit, User, utcnow
from yusuan.web.deps import Config, Db, Id, SignedIn
from yusuan.web.download import attachment
from yusuan.web.errors import Forbidden, NotFound
from yusuan.web.opinions import opinions, to_docx, to_xlsx
from yusuan.web.queue import waiting
from yusuan.web.review import review
from yusuan.web.templating import render

router = APIRouter(include_in_schema=False)
FORMATS = ("xlsx", "docx")


@router.get("/review")
def queue(request: Request, db: Db, user: SignedIn, settings: Config) -> Response:
    if user.role not in authz.REVIEWERS:
        raise Forbidden(f"待我审核供审核人员使用；您的角色（{user.role}）不审核预算文件。")
    rows = waiting(
        db, user, settings.review_chain, settings.profile, settings.review_days, utcnow()
    )
    return render(request, "queue.html", {"rows": rows, "review_days": settings.review_days})


@router.get("/packages/{package_id}/opinions.{ext}")
def export_opinions(package_id: Id, ext: str, db: Db, user: SignedIn, settings: Config) -> Response:
    """审核意见 as XLSX or DOCX, for whoever may see the package's page."""
    package = authz.get_package(db, user, package_id)
    authz.require(db, user, package, "view")
    if ext not in FORMATS:
        raise NotFound("审核意见可导出为 xlsx 或 docx。")
    fmt = ext
    checked = review(db, package, settings.profile)
    unit = db.get(Unit, package.unit_id)
    replies = list(
        db.scalars(select(Reply).where(Reply.package_id == package.id).order_by(Reply.id))
    )
    usernames = {u.id: u.username for u in db.scalars(select(User))}
    o = opinions(package, unit.name if unit else "", checked, replies, usernames)
    data = to_xlsx(o, utcnow()) if fmt == "xlsx" else to_docx(o, utcnow())
    name = f"{o.unit}{package.year}年{package.kind}审核意见（第{package.id}号）"
    return attachment(data, fmt, f"opinions-{package.id}", name)
