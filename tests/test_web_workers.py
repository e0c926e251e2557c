"""Publishing as a job, worker processes for deployments and pruning (#18), on SQLite and
PostgreSQL: 发布 returns at once and a worker renders the downloads format by format, the
package published with its files, audit row and totals in one transaction (or, refused then,
left approved with the reason on the job); servers told not to run jobs only queue them for
``python -m yusuan.web worker`` processes, several of which share one queue without taking a
job twice, and a worker killed mid-job has its job taken once more by another, then failed in
Chinese; finished jobs are pruned after the settings' days, never a package's newest 自评表
check."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from bench.ocr_accuracy import SCAN_PDF, pages_pdf
from fastapi import FastAPI
from sqlalchemy import func, select, update

from tests.conftest import CONSISTENT, new_database
from tests.helpers.jobs import crashing_render, slow_render
from tests.helpers.ocr import require_tesseract
from tests.helpers.selfeval import SHEET
from tests.helpers.web import (
    BUDGET,
    Browser,
    Machine,
    add_package,
    make_app,
    make_token,
    signed_in,
    subunit_id,
    wait_job,
)
from yusuan.web import store
from yusuan.web.db import AuditLog, Job, Package, PublishedFile, User, utcnow
from yusuan.web.jobs import Runner, queue, runner
from yusuan.web.jobs.publish import ALREADY, FORMATS
from yusuan.web.jobs.queue import PUBLISH_CANCELLED
from yusuan.web.jobs.runner import RENDER_FAILED
from yusuan.web.seed import Demo, seed_demo
from yusuan.web.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
WORKER = (sys.executable, "-m", "yusuan.web", "worker")


def _approved(app: FastAPI) -> int:
    """A package of the demo's 二级单位, submitted and approved (no error to waive)."""
    pid = add_package(app, subunit_id(app))
    with app.state.sessions() as session:
        admin = session.scalar(select(User).where(User.username == "admin"))
        package = session.get(Package, pid)
        assert admin is not None and package is not None
        for action in ("submit", "approve"):
            store.transition(session, admin, package, package.version, action)
    return pid


def _job_id(response: Any) -> int:
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith("/jobs/"), location
    return int(location.rsplit("/", 1)[1])


def _queued_only(app: FastAPI) -> None:
    """The app's runner as a server told not to run jobs has it."""
    settings = replace(app.state.settings, in_process_jobs=False)
    app.state.settings = settings
    app.state.jobs = Runner(app.state.sessions, settings)


def _job(app: FastAPI, job_id: int) -> Job:
    with app.state.sessions() as session:
        job: Job | None = session.get(Job, job_id)
        assert job is not None
        return job


# --- publishing as a job ---------------------------------------------------------------------


def test_publishing_returns_at_once_and_a_worker_publishes_format_by_format(
    app: FastAPI, demo: Demo
) -> None:
    _queued_only(app)  # (the job waits until a runner is started below: nothing in the request)
    pid = _approved(app)
    finance = signed_in(app, demo, "finance_reviewer")
    version = finance.package(pid).version
    response = finance.post(f"/packages/{pid}/publish", {"version": version, "reason": ""})
    job_id = _job_id(response)
    page = finance.get(f"/jobs/{job_id}").text
    assert "发布：" in page and "排队等待" in page and "取消发布" in page
    assert finance.package(pid).status == "approved"  # the request published nothing
    with app.state.sessions() as session:
        assert not session.scalar(
            select(func.count()).select_from(PublishedFile).where(PublishedFile.package_id == pid)
        )
    # a second 发布 while the first waits: 409, nothing queued
    again = finance.post(f"/packages/{pid}/publish", {"version": version})
    assert again.status_code == 409 and ALREADY.format(id=job_id) in again.text
    # a worker (as in a worker process) takes it; progress is formats done of all
    settings = replace(app.state.settings, in_process_jobs=True)
    worker = Runner(app.state.sessions, settings)
    stop = threading.Event()
    thread = threading.Thread(target=worker.serve, args=(stop,), daemon=True)
    thread.start()
    seen: set[tuple[str, str, int, int]] = set()
    try:
        deadline = time.monotonic() + 120
        while (job := finance.get(f"/api/jobs/{job_id}").json())["state"] in (
            "queued",
            "running",
        ):
            seen.add((job["state"], job["step"], job["done_pages"], job["total_pages"]))
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(60)
    assert job["state"] == "done", job
    assert job["kind"] == "publish" and job["progress_unit"] == "格式"
    assert (job["done_pages"], job["total_pages"]) == (len(FORMATS), len(FORMATS))
    assert job["result_url"] == f"/packages/{pid}"
    assert any(s == "running" and step.startswith("生成") for s, step, _, _ in seen), seen
    package = finance.package(pid)
    assert package.status == "published" and package.version == version + 1
    with app.state.sessions() as session:
        formats = set(
            session.scalars(select(PublishedFile.format).where(PublishedFile.package_id == pid))
        )
        audit = session.scalars(
            select(AuditLog).where(AuditLog.object_id == pid, AuditLog.action == "package.publish")
        ).all()
        publisher = session.scalar(select(User).where(User.username == "finance_reviewer"))
        assert publisher is not None
        ran = session.get(Job, job_id)
        assert ran is not None and ran.worker == worker.worker and ran.data is None
    assert formats == {"pdf", "xlsx", "docx", "html", "json", "csv", "jsonrows"}
    assert len(audit) == 1 and audit[0].user_id == publisher.id  # the publisher's, once
    done = finance.get(f"/jobs/{job_id}").text
    assert "发布完成：已生成 7 种下载文件" in done and f'href="/public/packages/{pid}"' in done


def test_a_publisher_who_lost_the_right_while_the_job_waited_publishes_nothing(
    app: FastAPI, demo: Demo
) -> None:
    """Everything is checked again when the job publishes: a 财政局审核员 made a 填报员 of
    another unit meanwhile publishes nothing (403 on the job), the package stays approved."""
    _queued_only(app)
    pid = _approved(app)
    finance = signed_in(app, demo, "finance_reviewer")
    version = finance.package(pid).version
    job_id = _job_id(finance.post(f"/packages/{pid}/publish", {"version": version}))
    with app.state.sessions() as session:
        session.execute(
            update(User).where(User.username == "finance_reviewer").values(role="单位填报员")
        )
        session.commit()
    worker = Runner(app.state.sessions, replace(app.state.settings, in_process_jobs=True))
    stop = threading.Event()
    thread = threading.Thread(target=worker.serve, args=(stop,), daemon=True)
    thread.start()
    try:
        job = wait_job(finance.client, f"/api/jobs/{job_id}", {}, 60)
    finally:
        stop.set()
        thread.join(60)
    assert job["state"] == "failed" and job["error_status"] == 403, job
    assert finance.package(pid).status == "approved"
    assert finance.package(pid).version == version
    with app.state.sessions() as session:
        assert not session.scalar(
            select(func.count()).select_from(PublishedFile).where(PublishedFile.package_id == pid)
        )
    page = finance.get(f"/jobs/{job_id}").text
    assert "发布失败" in page and job["error"] in page


def test_cancelling_a_publication_while_it_renders_publishes_nothing(
    app: FastAPI, demo: Demo
) -> None:
    app.state.jobs = Runner(app.state.sessions, app.state.settings, render=slow_render)
    pid = _approved(app)
    finance = signed_in(app, demo, "finance_reviewer")
    version = finance.package(pid).version
    job_id = _job_id(finance.post(f"/packages/{pid}/publish", {"version": version}))
    deadline = time.monotonic() + 60
    while not (job := finance.get(f"/api/jobs/{job_id}").json())["done_pages"]:
        assert job["state"] in ("queued", "running") and time.monotonic() < deadline, job
        time.sleep(0.1)
    assert job["state_label"] == "正在发布"
    assert finance.post(f"/jobs/{job_id}/cancel").status_code == 303
    job = wait_job(finance.client, f"/api/jobs/{job_id}", {}, 30)
    assert (job["state"], job["error"]) == ("cancelled", PUBLISH_CANCELLED)
    package = finance.package(pid)
    assert (package.status, package.version) == ("approved", version)
    with app.state.sessions() as session:
        assert not session.scalar(
            select(func.count()).select_from(PublishedFile).where(PublishedFile.package_id == pid)
        )
    # published afterwards as usual
    assert finance.act(pid, "publish").job["state"] == "done"
    assert finance.package(pid).status == "published"


def test_a_renderer_that_dies_leaves_the_package_approved(app: FastAPI, demo: Demo) -> None:
    app.state.jobs = Runner(app.state.sessions, app.state.settings, render=crashing_render)
    pid = _approved(app)
    finance = signed_in(app, demo, "finance_reviewer")
    response = finance.act(pid, "publish")
    assert response.job["state"] == "failed" and response.job["error"] == RENDER_FAILED
    assert finance.package(pid).status == "approved"
    assert "发布失败" in finance.get(response.headers["location"]).text


def test_publishing_through_the_api_is_202_and_a_full_queue_503(
    tmp_path: Path, database_url: str
) -> None:
    app = make_app(tmp_path, database_url, max_queued_jobs=1, in_process_jobs=False)
    with app.state.sessions() as session:
        demo = seed_demo(session)
    first, second = _approved(app), _approved(app)
    finance = Machine(app, make_token(signed_in(app, demo, "finance_reviewer")))
    response = finance.post(f"/api/packages/{first}/publish", {"version": 3})
    assert response.status_code == 202, response.text
    body = response.json()
    assert response.headers["location"] == body["url"] == f"/api/jobs/{body['id']}"
    assert body["kind"] == "publish" and body["state"] == "queued"
    assert body["state_label"] == "排队等待" and body["progress_unit"] == "格式"
    full = finance.post(f"/api/packages/{second}/publish", {"version": 3})
    assert full.status_code == 503 and full.headers["retry-after"] == "30"
    assert "已达上限 1 个" in full.json()["detail"]
    stale = finance.post(f"/api/packages/{second}/publish", {"version": 1})
    assert stale.status_code == 409  # checked before anything is queued
    # (a filer may not publish: refused before queueing as well)
    filer = Machine(app, make_token(signed_in(app, demo, "filer")))
    assert filer.post(f"/api/packages/{second}/publish", {"version": 3}).status_code == 403
    with app.state.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Job)) == 1


def test_a_server_told_not_to_run_jobs_only_queues_them(tmp_path: Path) -> None:
    app = make_app(tmp_path, in_process_jobs=False)
    with app.state.sessions() as session:
        demo = seed_demo(session)
    filer = signed_in(app, demo, "filer")
    job_id = _job_id(filer.upload(BUDGET))
    time.sleep(2.5)  # (a runner would have taken it within a second)
    job = _job(app, job_id)
    assert job.state == "queued" and job.attempts == 0 and job.worker is None
    assert app.state.jobs._thread is None


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().in_process_jobs is True and Settings().job_keep_days == 30
    monkeypatch.setenv("YUSUAN_IN_PROCESS_JOBS", "0")
    monkeypatch.setenv("YUSUAN_JOB_KEEP_DAYS", "7")
    settings = Settings.from_env()
    assert settings.in_process_jobs is False and settings.job_keep_days == 7
    monkeypatch.setenv("YUSUAN_IN_PROCESS_JOBS", "maybe")
    with pytest.raises(ValueError, match="YUSUAN_IN_PROCESS_JOBS 应为 1 或 0"):
        Settings.from_env()
    monkeypatch.setenv("YUSUAN_IN_PROCESS_JOBS", "true")
    monkeypatch.setenv("YUSUAN_JOB_KEEP_DAYS", "0")
    with pytest.raises(ValueError, match="YUSUAN_JOB_KEEP_DAYS 应为不小于 1 的整数"):
        Settings.from_env()


# --- worker processes ------------------------------------------------------------------------


class Worker:
    """``python -m yusuan.web worker`` in a process group of its own."""

    def __init__(self, url: str, log: Path, slots: int = 1) -> None:
        env = {**os.environ, "YUSUAN_JOB_STALE_SECONDS": "2", "PYTHONPATH": str(ROOT / "src")}
        self.log = log
        self.handle = log.open("w")
        self.process = subprocess.Popen(
            [*WORKER, "--database-url", url, "--slots", str(slots)],
            stdout=self.handle,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )

    @property
    def name(self) -> str:
        return f"{os.uname().nodename}:{self.process.pid}"

    def ready(self, within: float = 60) -> None:
        deadline = time.monotonic() + within
        while "已启动" not in self.log.read_text():
            assert self.process.poll() is None, self.log.read_text()
            assert time.monotonic() < deadline, self.log.read_text()
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL, the worker and whatever it started with it."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(30)
        self.handle.close()

    def stop(self) -> int:
        """SIGTERM: the jobs running finished first, then it exits."""
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(120)
        self.handle.close()
        return code


@pytest.fixture(params=["postgresql"])
def pg_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return new_database(request, tmp_path)


def test_worker_processes_share_one_queue_and_take_each_job_once(
    tmp_path: Path, database_url: str
) -> None:
    app = make_app(tmp_path, database_url, in_process_jobs=False)
    with app.state.sessions() as session:
        demo = seed_demo(session)
        before = session.scalar(select(func.count()).select_from(Package)) or 0
    workers = [Worker(database_url, tmp_path / f"worker{i}.log") for i in range(2)]
    try:
        for w in workers:
            w.ready()
        filer = signed_in(app, demo, "filer")
        count = 10
        ids = [_job_id(filer.upload(BUDGET if i % 2 else CONSISTENT)) for i in range(count)]
        ended = [wait_job(filer.client, f"/api/jobs/{i}", {}, 180) for i in ids]
        assert [j["state"] for j in ended] == ["done"] * count, ended
        for w in workers:
            assert w.stop() == 0  # SIGTERM: a clean exit
    finally:
        for w in workers:
            if w.process.poll() is None:
                w.kill()
    with app.state.sessions() as session:
        jobs = session.scalars(select(Job).where(Job.id.in_(ids))).all()
        packages = session.scalar(select(func.count()).select_from(Package)) or 0
        created = session.scalar(
            select(func.count())
            .select_from(AuditLog)
            .where(
                AuditLog.action == "package.create",
                AuditLog.object_id.in_([j.package_id for j in jobs]),
            )
        )
    assert [j.attempts for j in jobs] == [1] * count  # each taken once
    assert len({j.package_id for j in jobs}) == count and packages == before + count
    assert created == count
    assert {j.worker for j in jobs} == {w.name for w in workers}  # both took some


def test_a_worker_killed_mid_job_leaves_it_to_another_once_then_it_fails(
    tmp_path: Path, pg_url: str
) -> None:
    """A 3-page scan read by OCR in a worker process: the worker is SIGKILLed while reading it;
    another takes it once its heartbeat is stale (attempt 2) and is killed too; the next one
    fails it with the Chinese reason. Nothing is made."""
    require_tesseract()
    app = make_app(tmp_path, pg_url, in_process_jobs=False)
    with app.state.sessions() as session:
        demo = seed_demo(session)
        before = session.scalar(select(func.count()).select_from(Package)) or 0
    filer = signed_in(app, demo, "filer")
    scan = pages_pdf(SCAN_PDF, range(3, 6))
    response = filer.post(
        "/upload", {"year": "2026"}, files={"file": ("扫描件.pdf", scan, "application/pdf")}
    )
    job_id = _job_id(response)

    def running_under(worker: Worker, attempts: int) -> None:
        deadline = time.monotonic() + 90
        while True:
            job = _job(app, job_id)
            if job.state == "running" and job.worker == worker.name:
                assert job.attempts == attempts
                return
            assert job.state in ("queued", "running"), (job.state, job.error)
            assert time.monotonic() < deadline, worker.log.read_text()
            time.sleep(0.1)

    started: list[Worker] = []
    try:
        for attempt in (1, 2):
            worker = Worker(pg_url, tmp_path / f"killed{attempt}.log")
            started.append(worker)
            running_under(worker, attempt)
            time.sleep(1.5)  # (mid-read: OCR takes seconds a page)
            assert _job(app, job_id).state == "running"
            worker.kill()
        last = Worker(pg_url, tmp_path / "last.log")
        started.append(last)
        job = wait_job(filer.client, f"/api/jobs/{job_id}", {}, 60)
    finally:
        for w in started:
            if w.process.poll() is None:
                w.kill()
    assert job["state"] == "failed", job
    assert "读取时服务器中断（已自动重试一次仍未完成）" in job["error"]
    assert _job(app, job_id).attempts == 2
    with app.state.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Package)) == before
    assert "失败" in filer.get(f"/jobs/{job_id}").text


def test_the_worker_command_refuses_bad_options_in_chinese(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.sqlite3'}"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for args, message in (
        (["--slots", "0"], "--slots 应为不小于 1 的整数"),
        (["--database-url", "postgresql+psycopg://nobody@/none?host=/nonexistent"], "无法连接"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "yusuan.web", "worker", "--database-url", url, *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert done.returncode in (2, 3), done.stderr
        assert message in done.stderr, done.stderr


# --- pruning ---------------------------------------------------------------------------------


def _ended(app: FastAPI, kind: str, state: str, days: float, package_id: int | None) -> int:
    with app.state.sessions() as session:
        user = session.scalar(select(User).where(User.username == "filer"))
        assert user is not None
        at = utcnow() - timedelta(days=days)
        job = Job(
            kind=kind,
            state=state,
            user_id=user.id,
            unit_id=user.unit_id,
            package_id=package_id,
            title="",
            file_name="旧文件.txt",
            file_size=3,
            data=b"old" if state != "done" else None,
            result=json.dumps({}).encode() if kind == "selfeval" else None,
            step="读取",
            done_pages=0,
            total_pages=0,
            attempts=1,
            cancel_requested=False,
            created_at=at,
            started_at=at,
            finished_at=at if state in ("done", "failed", "cancelled") else None,
            heartbeat_at=None if state != "running" else utcnow(),
        )
        session.add(job)
        session.commit()
        return job.id


def _left(app: FastAPI, ids: list[int]) -> set[int]:
    with app.state.sessions() as session:
        return set(session.scalars(select(Job.id).where(Job.id.in_(ids))))


def test_finished_jobs_are_pruned_at_start_up_but_not_what_a_package_shows(
    tmp_path: Path, database_url: str
) -> None:
    app = make_app(tmp_path, database_url, in_process_jobs=False)
    with app.state.sessions() as session:
        demo = seed_demo(session)
    published = demo.published.id
    old = [
        _ended(app, "upload", "done", 40, demo.draft.id),
        _ended(app, "upload", "failed", 31, None),
        _ended(app, "publish", "cancelled", 400, published),
        _ended(app, "selfeval", "done", 60, published),  # older check of the package
    ]
    newest_check = _ended(app, "selfeval", "done", 50, published)  # its newest: shown
    young = [_ended(app, "upload", "done", 29, demo.draft.id), newest_check]
    waiting = [_ended(app, "upload", "queued", 90, None)]  # never pruned while not ended
    everything = old + young + waiting
    app.state.engine.dispose()
    restarted = make_app(tmp_path, database_url, in_process_jobs=False)  # start-up prunes
    assert _left(restarted, everything) == set(young + waiting)
    # the newest check stays linked from the package's performance page
    filer = signed_in(restarted, demo, "filer")
    page = filer.get(f"/packages/{published}/performance").text
    assert f"/performance/selfeval/{newest_check}" in page
    # a shorter keep, by the settings
    with restarted.state.sessions() as session:
        assert queue.prune(session, 10) == 1  # the 29-day upload; the newest check kept
    assert _left(restarted, everything) == {newest_check, *waiting}


def test_workers_prune_as_they_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(tmp_path, in_process_jobs=False, job_keep_days=1)
    with app.state.sessions() as session:
        seed_demo(session)
    monkeypatch.setattr(runner, "PRUNE_EVERY", 0.5)
    worker = Runner(app.state.sessions, replace(app.state.settings, in_process_jobs=True))
    stop = threading.Event()
    thread = threading.Thread(target=worker.serve, args=(stop,), daemon=True)
    thread.start()
    try:
        time.sleep(1.0)
        late = _ended(app, "upload", "failed", 2, None)  # ended after the worker started
        fresh = _ended(app, "upload", "failed", 0.5, None)
        deadline = time.monotonic() + 20
        while _left(app, [late]):
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert _left(app, [fresh]) == {fresh}
    finally:
        stop.set()
        thread.join(30)


def test_a_selfeval_job_result_survives_a_restart(app: FastAPI, demo: Demo, tmp_path: Path) -> None:
    """A 自评表 check's result is kept with its job: shown again from the stored sheet."""
    filer = signed_in(app, demo, "filer")
    files = {"file": ("自评表.txt", SHEET.encode(), "text/plain")}
    response = filer.post(f"/packages/{demo.published.id}/performance/selfeval", files=files)
    job = filer.job(response)
    assert job["state"] == "done" and job["kind"] == "selfeval"
    with app.state.sessions() as session:
        stored = session.get(Job, job["id"])
        assert stored is not None and stored.data is None and stored.result
    page = filer.get(job["result_url"]).text
    assert "按比例应为15" in page
    done = filer.get(f"/jobs/{job['id']}").text
    assert "查看核对结果" in done and job["result_url"] in done
    # another package's address for the job: not found, in Chinese
    other = filer.get(f"/packages/{demo.draft.id}/performance/selfeval/{job['id']}")
    assert other.status_code == 404
    with app.state.sessions() as session:
        session.execute(update(Job).where(Job.id == job["id"]).values(result=None))
        session.commit()
    assert "已清理" in filer.get(job["result_url"]).text
    assert Browser(app).get(job["result_url"]).status_code in (303, 401, 404)
