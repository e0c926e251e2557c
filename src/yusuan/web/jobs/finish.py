"""A read job's model made into a draft (``upload``) or put in its draft's place
(``replace``), with the job marked done in the same transaction — both or neither: a server
killed between them leaves the job running, to be read again, never a draft without its job
or a second draft for one upload.

Everything the request would have checked is checked again here (the uploader may have lost
the right to upload, the draft may have been submitted or changed meanwhile): a refusal ends
the job failed with the same Chinese message and status the request would have given.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session, undefer

from yusuan.model import BudgetPackage
from yusuan.web import authz, identity, store
from yusuan.web.db import Job, Package, Unit, User
from yusuan.web.derived import derived, record
from yusuan.web.errors import BadRequest, Conflict, NotFound
from yusuan.web.jobs.queue import mark_done
from yusuan.web.settings import Settings

NO_YEAR = "未能从文件中识别预算年度，请在表单中填写年度后重新上传。"


def _year(job: Job, pkg: BudgetPackage) -> int:
    """The form's year, else the document's (asked for only when neither says)."""
    year = job.year if job.year is not None else pkg.info.year
    if year is None:
        raise BadRequest(NO_YEAR)
    if not 1990 <= year <= 2100:
        raise BadRequest("年度应在 1990 到 2100 之间。")
    return year


def _marker(db: Session, job_id: int, pages: Pages, profile: str) -> Callable[[Package], None]:
    """In the package's transaction: its check and outline stored, and the job done, unless it
    was cancelled meanwhile (then the whole transaction is undone) — a job seen done has its
    draft's check stored already."""

    def mark(package: Package) -> None:
        record(db, package, profile)
        if not mark_done(db, job_id, pages[0], (pages[1], pages[2]), package_id=package.id):
            raise Conflict("该读取任务已取消，未保存任何内容。")

    return mark


#: the reader's last report: (step, pages done, pages in all)
Pages = tuple[str, int, int]


def finish(
    db: Session, job_id: int, pkg: BudgetPackage, settings: Settings, pages: Pages
) -> Package:
    """The draft made or replaced, the job done (a :class:`WebError` otherwise)."""
    job = db.get(Job, job_id, options=[undefer(Job.data)])
    if job is None:
        raise NotFound("该读取任务已不存在。")
    user = db.get(User, job.user_id)
    data = job.data
    mark = _marker(db, job.id, pages, settings.profile)
    if job.kind == "replace":
        assert job.package_id is not None and job.seen_version is not None
        package = authz.get_package(db, user, job.package_id)
        actor = authz.require(db, user, package, "edit")
        unit = db.get(Unit, package.unit_id)
        warned = identity.warnings(pkg.info, unit.name if unit else "", package.year, None)
        store.replace_model(
            db,
            actor,
            package,
            job.seen_version,
            pkg,
            job.file_name,
            data,
            identity=identity.joined(warned),
            also=mark,
        )
    else:
        unit = authz.require_upload(db, user, job.unit_id)
        assert user is not None
        year = _year(job, pkg)
        warned = identity.warnings(pkg.info, unit.name, year, job.stage)
        package = store.create_package(
            db,
            user,
            unit,
            pkg,
            job.file_name,
            job.title.strip() or pkg.info.heading,
            year,
            data,
            identity=identity.joined(warned),
            also=mark,
        )
    derived(db, package, settings.profile)  # stored with the model, not on first view
    return package
