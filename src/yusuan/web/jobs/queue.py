"""The jobs table as a queue: added by requests, claimed by runners in order, watched while
read, ended, pruned when old — each step one short transaction, conditional on the state it
expects, so that two servers or worker processes (or a cancel and a finishing read) never
both win. On PostgreSQL a runner claims with ``SELECT … FOR UPDATE SKIP LOCKED``: workers on
several machines take the next job each without waiting on one another's row."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from yusuan.web.db import ROLE_ADMIN, Job, Package, User, utcnow
from yusuan.web.errors import Conflict, NotFound, ServiceUnavailable
from yusuan.web.workflow import EDITABLE

JOB_NOT_FOUND = "该读取任务不存在或无权查看。"
QUEUE_FULL = "服务繁忙，请稍后再试（等待读取的上传文件已达上限 {limit} 个）。"
#: a job running when its server died: read once more, then this
GAVE_UP = (
    "{name}：读取时服务器中断（已自动重试一次仍未完成），未保存任何内容。"
    "请稍后重新上传；如反复出现，请拆分文件或联系管理员。"
)
CANCELLED = "已由上传人取消，未保存任何内容。"
PUBLISH_CANCELLED = "已由发布人取消，文件未发布，仍为已审核。"


def cancelled_reason(kind: str) -> str:
    return PUBLISH_CANCELLED if kind == "publish" else CANCELLED


PACKAGE_GONE = "要替换内容的文件已删除或已不能修改（如已提交审核），读取已中止，未保存任何内容。"
NOT_APPROVED = "要发布的文件已不在「已审核」状态（如已退回或已删除），发布已中止，文件未发布。"
#: a publishing job running when its server died, twice
GAVE_UP_PUBLISHING = (
    "{name}：发布时服务器中断（已自动重试一次仍未完成），文件未发布，仍为已审核。"
    "请稍后重新发布；如反复出现，请联系管理员。"
)


@dataclass(frozen=True, slots=True)
class Upload:
    """What the form said besides the file."""

    unit_id: int | None
    year: int | None
    stage: str | None
    title: str


def _count(result: object) -> int:
    assert isinstance(result, CursorResult)
    return int(result.rowcount)


def enqueue(
    db: Session,
    user: User,
    kind: str,
    name: str,
    data: bytes,
    form: Upload,
    package: Package | None = None,
    limit: int = 100,
) -> Job:
    """A queued job holding the file (503 when ``limit`` jobs are waiting already)."""
    return enqueue_work(
        db,
        user,
        kind,
        package,
        name=name,
        data=data,
        limit=limit,
        unit_id=form.unit_id,
        year=form.year,
        stage=form.stage,
        title=form.title,
    )


def enqueue_work(
    db: Session,
    user: User,
    kind: str,
    package: Package | None,
    *,
    name: str,
    data: bytes,
    limit: int,
    unit_id: int | None = None,
    year: int | None = None,
    stage: str | None = None,
    title: str = "",
) -> Job:
    """A queued job of any kind, on ``package`` (its version as the user saw it) if given;
    503 when ``limit`` jobs are waiting already."""
    waiting = db.scalar(select(func.count()).select_from(Job).where(Job.state == "queued"))
    if (waiting or 0) >= limit:
        raise ServiceUnavailable(QUEUE_FULL.format(limit=limit), 30)
    job = Job(
        kind=kind,
        state="queued",
        user_id=user.id,
        unit_id=package.unit_id if package is not None else unit_id,
        package_id=package.id if package is not None else None,
        seen_version=package.version if package is not None else None,
        year=year,
        stage=stage,
        title=title[:200],
        file_name=name[:255],
        file_size=len(data),
        data=data,
        step="排队",
        done_pages=0,
        total_pages=0,
        attempts=0,
        cancel_requested=False,
        created_at=utcnow(),
    )
    db.add(job)
    db.commit()
    return job


def visible_job(db: Session, user: User | None, job_id: int) -> Job:
    """A job its uploader (or an administrator) asks about; 404 for anyone else."""
    job = db.get(Job, job_id)
    if job is None or user is None or (job.user_id != user.id and user.role != ROLE_ADMIN):
        raise NotFound(JOB_NOT_FOUND)
    return job


def cancel(db: Session, user: User | None, job_id: int) -> Job:
    """取消: a queued job ends at once; a running one is marked, and its runner kills its
    worker within a second. 409 when it has ended already."""
    job = visible_job(db, user, job_id)
    now = utcnow()
    ended = _count(
        db.execute(
            update(Job)
            .where(Job.id == job.id, Job.state == "queued")
            .values(
                state="cancelled",
                error=cancelled_reason(job.kind),
                error_status=409,
                finished_at=now,
                data=None,
            )
        )
    )
    if not ended:
        _count(
            db.execute(
                update(Job)
                .where(Job.id == job.id, Job.state == "running")
                .values(cancel_requested=True)
            )
        )
    db.commit()
    db.refresh(job)
    if job.state in ("done", "failed"):
        raise Conflict("该读取任务已经结束，不能取消。")
    return job


#: this process, as a job's ``worker`` names it
HERE = f"{socket.gethostname()}:{os.getpid()}"[:100]


def claim(db: Session, worker: str | None = None) -> int | None:
    """The oldest queued job, now running here; None when none is waiting. On PostgreSQL the
    row is locked while it is taken and rows locked by another runner are skipped; elsewhere
    (SQLite: one writer at a time) the update's condition alone decides who wins."""
    first = select(Job.id).where(Job.state == "queued").order_by(Job.id).limit(1)
    if db.get_bind().dialect.name == "postgresql":
        first = first.with_for_update(skip_locked=True)
    while True:
        job_id = db.scalar(first)
        if job_id is None:
            db.rollback()
            return None
        now = utcnow()
        won = _count(
            db.execute(
                update(Job)
                .where(Job.id == job_id, Job.state == "queued")
                .values(
                    state="running",
                    attempts=Job.attempts + 1,
                    started_at=now,
                    heartbeat_at=now,
                    step="读取",
                    done_pages=0,
                    total_pages=0,
                    worker=worker or HERE,
                )
            )
        )
        db.commit()
        if won:
            return int(job_id)


def watch(db: Session, job_id: int, step: str, done: int, total: int) -> str | None:
    """The heartbeat and progress of a running job, written; why it must stop, if it must
    (cancelled by its filer, its package gone or no longer editable), else None."""
    db.execute(
        update(Job)
        .where(Job.id == job_id, Job.state == "running")
        .values(heartbeat_at=utcnow(), step=step[:20], done_pages=done, total_pages=total)
    )
    db.commit()
    row = db.execute(
        select(Job.state, Job.cancel_requested, Job.kind, Job.package_id).where(Job.id == job_id)
    ).one_or_none()
    if row is None or row.state != "running" or row.cancel_requested:
        return cancelled_reason(row.kind if row is not None else "")
    if row.kind == "replace":
        status = db.scalar(select(Package.status).where(Package.id == row.package_id))
        if status not in EDITABLE:
            return PACKAGE_GONE
    if row.kind == "publish":
        status = db.scalar(select(Package.status).where(Package.id == row.package_id))
        if status != "approved":
            return NOT_APPROVED
    db.rollback()
    return None


def end(db: Session, job_id: int, state: str, error: str | None, status: int | None) -> None:
    """A running job ended (failed or cancelled): its file dropped, its reason kept."""
    db.execute(
        update(Job)
        .where(Job.id == job_id, Job.state == "running")
        .values(
            state=state,
            error=error,
            error_status=status,
            finished_at=utcnow(),
            heartbeat_at=None,
            data=None,
        )
    )
    db.commit()


def mark_done(db: Session, job_id: int, step: str, pages: tuple[int, int], **kept: object) -> bool:
    """A running job marked done in the caller's transaction, its file dropped and ``kept``
    (its package, its result) stored; False when it was cancelled or ended meanwhile (the
    caller undoes its transaction)."""
    marked = db.execute(
        update(Job)
        .where(Job.id == job_id, Job.state == "running", Job.cancel_requested.is_(False))
        .values(
            state="done",
            step=step[:20],
            done_pages=pages[0],
            total_pages=pages[1],
            finished_at=utcnow(),
            heartbeat_at=None,
            data=None,
            **kept,
        )
    )
    assert isinstance(marked, CursorResult)
    return marked.rowcount == 1


def recover(db: Session, stale: float, now: datetime | None = None) -> int:
    """Jobs whose server died while reading them (no heartbeat for ``stale`` seconds): queued
    again if read only once, else failed. How many were found."""
    before = (now or utcnow()) - timedelta(seconds=stale)
    dead = db.execute(
        select(Job.id, Job.attempts, Job.file_name, Job.kind).where(
            Job.state == "running", Job.heartbeat_at < before
        )
    ).all()
    for job_id, attempts, name, kind in dead:
        values: dict[str, object]
        if attempts < 2:
            values = {"state": "queued", "step": "排队（服务器中断后重试）"[:20]}
        else:
            gave_up = GAVE_UP_PUBLISHING if kind == "publish" else GAVE_UP
            values = {
                "state": "failed",
                "error": gave_up.format(name=name),
                "error_status": 422,
                "finished_at": utcnow(),
                "data": None,
            }
        db.execute(
            update(Job)
            .where(Job.id == job_id, Job.state == "running", Job.heartbeat_at < before)
            .values(**values)
        )
    db.commit()
    return len(dead)


def pending(db: Session) -> int:
    """Jobs queued or running (anywhere)."""
    count = db.scalar(
        select(func.count()).select_from(Job).where(Job.state.in_(("queued", "running")))
    )
    db.rollback()
    return count or 0


def recent(db: Session, user: User, days: int = 7, limit: int = 10) -> list[Job]:
    """The user's uploads of the last ``days`` not yet made into a draft (waiting, being read,
    failed or cancelled), newest first: where to find a job again."""
    since = utcnow() - timedelta(days=days)
    return list(
        db.scalars(
            select(Job)
            .where(Job.user_id == user.id, Job.state != "done", Job.created_at >= since)
            .order_by(Job.id.desc())
            .limit(limit)
        )
    )


def prune(db: Session, days: float, now: datetime | None = None) -> int:
    """Jobs ended more than ``days`` ago removed, with what they held (an upload's bytes, a
    自评表 read). Kept whatever a package still shows: the newest finished 自评表 check of each
    package (its performance page links to it). How many were removed."""
    before = (now or utcnow()) - timedelta(days=days)
    newest = (
        select(func.max(Job.id))
        .where(Job.kind == "selfeval", Job.state == "done")
        .group_by(Job.package_id)
    )
    removed = _count(
        db.execute(
            delete(Job)
            .where(
                Job.state.in_(("done", "failed", "cancelled")),
                Job.finished_at < before,
                or_(
                    Job.kind != "selfeval",
                    Job.state != "done",
                    Job.id.not_in(newest),
                ),
            )
            .execution_options(synchronize_session=False)
        )
    )
    db.commit()
    return removed
