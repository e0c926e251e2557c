"""A filled-in 绩效自评表 checked as a job: the request checks the package (visible, published)
and stores the file; a worker reads it (any format yusuan reads, OCR with page progress); the
sheet is checked here — a 自评表 or 目标表 in it, of the package's year — and kept with the job
(its model's JSON) as the result, shown beside the targets it answers until the job is pruned
(the newest of each package is kept: its performance page links to it)."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from yusuan.model import BudgetPackage
from yusuan.model.serialize import from_data, to_data
from yusuan.web.db import Job, Package, User
from yusuan.web.errors import BadRequest, Conflict, NotFound
from yusuan.web.jobs.queue import enqueue_work, mark_done

NOT_PUBLISHED = "只有已公开的预算可以上传年终绩效自评表核对。"
NO_SHEET = "{name}：文件中没有绩效自评表或绩效目标表。"
GONE = "该自评表核对任务不存在、尚未完成或已清理。"
OTHER_YEAR = (
    "{name}：自评表为{stated}年度，该预算公开文件为{year}年度，请上传{year}年度的绩效自评表。"
)


def enqueue(db: Session, user: User, package: Package, name: str, data: bytes, limit: int) -> Job:
    """The 自评表 stored and queued against the published ``package``."""
    if package.status != "published":
        raise BadRequest(NOT_PUBLISHED)
    return enqueue_work(
        db, user, "selfeval", package, name=name, data=data, limit=limit, year=package.year
    )


def check(job: Job, uploaded: BudgetPackage) -> None:
    """The sheet's refusals, as the request gave them (400)."""
    if not uploaded.self_evaluations:
        raise BadRequest(NO_SHEET.format(name=job.file_name))
    stated = uploaded.info.year
    if stated is not None and job.year is not None and stated != job.year:
        raise BadRequest(OTHER_YEAR.format(name=job.file_name, stated=stated, year=job.year))


def finish(db: Session, job_id: int, uploaded: BudgetPackage, pages: tuple[str, int, int]) -> None:
    """The sheet checked and kept with the job, the job done (one statement)."""
    job = db.get(Job, job_id)
    if job is None:
        raise NotFound("该核对任务已不存在。")
    check(job, uploaded)
    result = json.dumps(to_data(uploaded), ensure_ascii=False).encode("utf-8")
    if not mark_done(db, job_id, pages[0], (pages[1], pages[2]), result=result):
        db.rollback()
        raise Conflict("该核对任务已取消。")
    db.commit()


def result(db: Session, job: Job) -> BudgetPackage:
    """The 自评表 a finished job read."""
    data = db.scalar(select(Job.result).where(Job.id == job.id))
    if job.kind != "selfeval" or job.state != "done" or data is None:
        raise NotFound(GONE)
    return from_data(BudgetPackage, json.loads(data))


def latest(db: Session, package_id: int) -> Job | None:
    """The package's newest finished 自评表 check (linked from its performance page)."""
    return db.scalar(
        select(Job)
        .where(Job.kind == "selfeval", Job.package_id == package_id, Job.state == "done")
        .order_by(Job.id.desc())
        .limit(1)
    )
