"""Publishing as a job: the request checks what it always checked (the publisher's right, an
approved package, the version seen) and queues a ``publish`` job; a worker process renders the
downloads (PDF, XLSX, DOCX, HTML, JSON and the open-data rows), reporting each format done;
the package is published with its files, its audit row and the portal's running totals, and
the job marked done, in one transaction — both or neither. Everything is checked again then
(the package may have been returned, another publication may have come first): a refusal ends
the job failed with the same Chinese message and status the request would have given, the
package as it was."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, undefer

from yusuan import progress
from yusuan.model import BudgetPackage
from yusuan.web import authz, published, store, tallies
from yusuan.web.db import Job, Package, Unit, User
from yusuan.web.derived import derived, model
from yusuan.web.errors import Conflict, NotFound
from yusuan.web.jobs.queue import enqueue_work, mark_done
from yusuan.web.settings import Settings

#: every file rendered at publishing, in order
FORMATS = published.FORMATS
ALREADY = "该文件正在发布中（第 {id} 号任务），请在任务页面查看进度。"


def enqueue(db: Session, actor: User, package: Package, seen: int, reason: str, limit: int) -> Job:
    """A queued publication (409 while another of the same package waits or runs)."""
    running = db.scalar(
        select(Job.id).where(
            Job.kind == "publish",
            Job.package_id == package.id,
            Job.state.in_(("queued", "running")),
        )
    )
    if running is not None:
        raise Conflict(ALREADY.format(id=running))
    return enqueue_work(
        db,
        actor,
        "publish",
        package,
        title=package.title,
        name=f"{package.title}"[:255],
        data=reason.encode("utf-8"),
        limit=limit,
    )


def render_files(
    pkg: BudgetPackage, package_id: int, department: str, layout: str
) -> published.Files:
    """In the worker: every file of the package, a progress report before each (formats done
    of all) and once all are rendered."""
    files = published.render_all(pkg, package_id, department, layout)
    progress.report("保存", len(FORMATS), len(FORMATS))
    return files


def what(db: Session, job: Job, settings: Settings) -> tuple[BudgetPackage, int, str, str]:
    """What the worker renders: the package's model, its number, its unit's name and the
    layout (checked: the package still there and approved)."""
    package = db.get(Package, job.package_id) if job.package_id is not None else None
    if package is None:
        raise NotFound("要发布的文件已不存在。")
    if package.status != "approved" or package.version != job.seen_version:
        raise Conflict("文件在排队期间已被修改或流转（版本已变化），未发布。请刷新后重试。")
    unit = db.get(Unit, package.unit_id)
    return model(package), package.id, unit.name if unit else "", settings.layout


def finish(
    db: Session, job_id: int, files: published.Files, settings: Settings, steps: tuple[int, int]
) -> Package:
    """The package published with its files and the job done, in one transaction."""
    job = db.get(Job, job_id, options=[undefer(Job.data)])
    if job is None:
        raise NotFound("该发布任务已不存在。")
    user = db.get(User, job.user_id)
    assert job.package_id is not None and job.seen_version is not None
    package = authz.get_package(db, user, job.package_id)
    actor = authz.require(db, user, package, "publish")
    fact = tallies.fact_of(derived(db, package, settings.profile), package.year)
    reason = (job.data or b"").decode("utf-8", "replace")

    def keep_and_mark() -> None:
        published.keep(db, package.id, settings.layout, files)
        if not mark_done(db, job_id, "已发布", steps):
            raise Conflict("该发布任务已取消，文件未发布。")

    return store.transition(
        db,
        actor,
        package,
        job.seen_version,
        "publish",
        reason,
        files=keep_and_mark,
        fact=fact,
    )


def publishing(db: Session, package_id: int) -> int | None:
    """The publication of the package waiting or running, if any (shown on its page)."""
    found = db.scalar(
        select(func.max(Job.id)).where(
            Job.kind == "publish",
            Job.package_id == package_id,
            Job.state.in_(("queued", "running")),
        )
    )
    return int(found) if found is not None else None
