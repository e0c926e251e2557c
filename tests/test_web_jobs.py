"""Uploads as background jobs (#18 item 3, #19 item 2), on SQLite and PostgreSQL: the request
stores the file and returns at once; a worker reads it with page progress; the job's page
follows it and ends in the draft, or in the reason and the form again with what was typed;
取消 and a deleted draft kill the worker; a job left running by a dead server is read again
once, then failed; what the document says fills the form; a document naming another unit,
year or 预算/决算 is flagged to the filer and every reviewer."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from bench.ocr_accuracy import SCAN_PDF, pages_pdf
from fastapi import FastAPI
from sqlalchemy import func, select
from starlette.datastructures import UploadFile

from tests.conftest import CONSISTENT
from tests.helpers.jobs import PAGES, grouping, niceness, paged_read, slow_read, two_steps
from tests.helpers.live import token_for
from tests.helpers.ocr import require_tesseract
from tests.helpers.web import (
    BUDGET,
    Browser,
    Machine,
    add_unit_user,
    counts,
    make_app,
    signed_in,
    wait_job,
)
from yusuan import progress
from yusuan.model import TableKind
from yusuan.pipeline import load_bytes
from yusuan.web import actions, workers
from yusuan.web.app import create_app
from yusuan.web.db import Job, Package, User, utcnow
from yusuan.web.derived import model
from yusuan.web.errors import Unprocessable
from yusuan.web.jobs import Runner
from yusuan.web.jobs.finish import NO_YEAR
from yusuan.web.jobs.queue import CANCELLED, PACKAGE_GONE
from yusuan.web.jobs.runner import NICE
from yusuan.web.parsing import Read
from yusuan.web.seed import OTHER_DOC, Demo, _doc, seed_demo
from yusuan.web.settings import Settings

#: seed 000's table pages (0-based), as tests/test_ocr.py reads them
TABLE_PAGES = range(3, 11)

# --- helpers ---------------------------------------------------------------------------------


def _runner(app: FastAPI, read: Read = load_bytes, **settings: Any) -> None:
    """The app's job runner replaced by one with this reader (and other limits)."""
    app.state.jobs = Runner(app.state.sessions, replace(app.state.settings, **settings), read)


def _job_url(response: Any) -> str:
    assert response.status_code == 303, response.text
    match = re.fullmatch(r"/jobs/(\d+)", response.headers["location"])
    assert match
    return f"/api/jobs/{match.group(1)}"


def _started(note: Path, within: float = 20) -> int:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if note.exists() and note.read_text().strip():
            return int(note.read_text())
        time.sleep(0.05)
    raise AssertionError("the worker did not start")


def _gone(pid: int, within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        stat = Path(f"/proc/{pid}/stat")
        if not stat.exists() or stat.read_text().split(") ")[-1][:1] == "Z":
            return True
        time.sleep(0.05)
    return False


def _upload_note(browser: Browser, note: Path, **data: Any) -> Any:
    files = {"file": ("扫描件.pdf", str(note).encode(), "application/pdf")}
    return browser.post("/upload", data, files=files)


# --- the job and its page ----------------------------------------------------------------------


def test_an_upload_returns_at_once_and_its_page_follows_the_read(app: FastAPI, demo: Demo) -> None:
    _runner(app, paged_read)
    filer = signed_in(app, demo, "filer")
    started = time.monotonic()
    response = filer.upload(BUDGET)
    assert time.monotonic() - started < 3  # the read takes > 5 s: the request did not wait
    url = _job_url(response)
    page_url = response.headers["location"]
    seen: set[tuple[str, int, int]] = set()
    running_page = ""
    deadline = time.monotonic() + 60
    while (job := filer.get(url).json())["state"] not in ("done", "failed", "cancelled"):
        seen.add((job["state"], job["done_pages"], job["total_pages"]))
        if job["state"] == "running" and job["done_pages"] and not running_page:
            running_page = filer.get(page_url).text
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert job["state"] == "done", job
    # progress was seen page by page (written about once a second)
    assert any(s == "running" and 0 < done < PAGES and total == PAGES for s, done, total in seen), (
        seen
    )
    assert "OCR 文字识别：页 " in running_page and f"/{PAGES}" in running_page
    assert '<meta http-equiv="refresh"' in running_page  # without script
    assert "/static/job.js" in running_page  # with script
    assert 'action="/jobs/' in running_page and "取消读取" in running_page
    assert (job["done_pages"], job["total_pages"]) == (PAGES, PAGES)
    pid = job["package_id"]
    assert job["package_url"] == f"/packages/{pid}"
    done_page = filer.get(page_url).text
    assert f'href="/packages/{pid}"' in done_page and "已保存为草稿" in done_page
    assert "http-equiv" not in done_page and "job.js" not in done_page
    package = filer.package(pid)
    assert (package.year, package.source_name) == (2026, BUDGET.name)  # year from the document
    assert package.identity_warning is None  # its own unit's document


def test_only_the_uploader_and_administrators_see_a_job(app: FastAPI, demo: Demo) -> None:
    filer = signed_in(app, demo, "filer")
    response = filer.upload(CONSISTENT)
    url, page = _job_url(response), response.headers["location"]
    assert filer.job(response)["state"] == "done"
    add_unit_user(app, "重庆市綦江区另一单位", "主管部门", None, "other_filer", "单位填报员")
    other = Browser(app)
    assert other.login("other_filer", "password-123").status_code == 303
    for browser in (other, signed_in(app, demo, "dept_reviewer")):
        assert browser.get(page).status_code == 404
        assert browser.get(url).status_code == 404
        assert browser.post(f"{page}/cancel").status_code == 404
    assert Browser(app).get(page).headers["location"] == "/login"
    assert Browser(app).get(url).status_code == 404
    stranger = Machine(app, token_for(app, "other_filer"))
    assert stranger.get(url).status_code == 404
    assert stranger.client.post(f"{url}/cancel", headers=stranger.headers).status_code == 404
    admin = signed_in(app, demo, "admin")
    assert admin.get(page).status_code == 200
    assert admin.get(url).json()["state"] == "done"


# --- stopping a job ----------------------------------------------------------------------------


def test_cancelling_a_running_job_kills_its_worker(
    app: FastAPI, demo: Demo, tmp_path: Path
) -> None:
    _runner(app, slow_read, parse_seconds=120)
    filer = signed_in(app, demo, "filer")
    before = counts(app)
    note = tmp_path / "pid"
    response = _upload_note(filer, note, title="我的标题", year="2026", stage="预算")
    pid = _started(note)
    page = response.headers["location"]
    assert filer.get(_job_url(response)).json()["state"] == "running"
    started = time.monotonic()
    assert filer.post(f"{page}/cancel").headers["location"] == page
    job = wait_job(filer.client, _job_url(response), {}, 15)
    assert (job["state"], job["error"]) == ("cancelled", CANCELLED)
    assert _gone(pid), "the worker still runs"
    assert time.monotonic() - started < 10
    assert counts(app) == before
    shown = filer.get(page).text
    assert "已取消" in shown and CANCELLED in shown
    # the form again, with what was typed
    assert 'value="我的标题"' in shown and 'value="2026"' in shown
    assert '<option value="预算" selected>' in shown
    assert filer.post(f"{page}/cancel").status_code == 303  # cancelled already: as it is
    with app.state.sessions() as session:
        assert session.scalar(select(Job.data).where(Job.id == job["id"])) is None


def test_a_waiting_job_is_cancelled_at_once_and_an_ended_one_not(
    app: FastAPI, demo: Demo, tmp_path: Path
) -> None:
    _runner(app, slow_read, parse_slots=1, parse_seconds=120)
    filer = signed_in(app, demo, "filer")
    first = _upload_note(filer, tmp_path / "first")
    pid = _started(tmp_path / "first")
    second = _upload_note(filer, tmp_path / "second")
    assert filer.get(_job_url(second)).json()["state"] == "queued"
    assert filer.post(f"{second.headers['location']}/cancel").status_code == 303
    assert filer.get(_job_url(second)).json()["state"] == "cancelled"  # at once
    machine = Machine(app, token_for(app, "filer"))
    cancelled = machine.client.post(f"{_job_url(first)}/cancel", headers=machine.headers)
    assert cancelled.status_code == 200, cancelled.text
    assert wait_job(filer.client, _job_url(first), {}, 15)["state"] == "cancelled"
    assert _gone(pid)
    assert not (tmp_path / "second").exists()  # never read
    _runner(app)
    done = filer.upload(CONSISTENT)
    assert filer.job(done)["state"] == "done"
    refused = filer.post(f"{done.headers['location']}/cancel")
    assert refused.status_code == 409
    assert "已经结束" in refused.text


def test_deleting_the_draft_stops_the_read_replacing_its_file(
    app: FastAPI, demo: Demo, tmp_path: Path
) -> None:
    _runner(app, slow_read, parse_seconds=120)
    filer = signed_in(app, demo, "filer")
    draft = demo.draft.id
    note = tmp_path / "pid"
    version = filer.package(draft).version
    response = filer.post(
        f"/packages/{draft}/upload",
        {"version": version},
        files={"file": ("更正.pdf", str(note).encode(), "application/pdf")},
    )
    pid = _started(note)
    assert filer.post(f"/packages/{draft}/discard", {"version": version}).status_code == 303
    job = wait_job(filer.client, _job_url(response), {}, 15)
    assert (job["state"], job["error"]) == ("cancelled", PACKAGE_GONE)
    assert _gone(pid)


def test_a_queue_full_is_503_with_retry_after(app: FastAPI, demo: Demo, tmp_path: Path) -> None:
    _runner(app, slow_read, parse_slots=1, parse_seconds=120)
    app.state.settings = replace(app.state.settings, max_queued_jobs=1)
    filer = signed_in(app, demo, "filer")
    _upload_note(filer, tmp_path / "a")
    pid = _started(tmp_path / "a")
    queued = _upload_note(filer, tmp_path / "b")
    assert queued.status_code == 303
    refused = _upload_note(filer, tmp_path / "c")
    assert refused.status_code == 503
    assert refused.headers["Retry-After"]
    assert "等待读取的上传文件已达上限" in refused.text
    with app.state.sessions() as session:
        ids = session.scalars(select(Job.id)).all()
    for job_id in ids:
        filer.post(f"/jobs/{job_id}/cancel")
    assert _gone(pid)


def test_nothing_is_queued_for_a_client_that_has_gone(app: FastAPI, demo: Demo) -> None:
    with app.state.sessions() as session:
        user = session.scalar(select(User).where(User.username == "filer"))
        file = UploadFile(io.BytesIO(BUDGET.read_bytes()), filename=BUDGET.name)
        with pytest.raises(Unprocessable, match="客户端已断开"):
            actions.upload(
                session,
                user,
                app.state.settings,
                app.state.jobs,
                file,
                None,
                None,
                "",
                "",
                gone=lambda: True,
            )
        assert session.scalar(select(func.count()).select_from(Job)) == 0


# --- a server that died --------------------------------------------------------------------


def _left_running(app: FastAPI, attempts: int) -> int:
    """A job as a server killed while reading it leaves it."""
    with app.state.sessions() as session:
        user = session.scalar(select(User).where(User.username == "filer"))
        assert user is not None
        long_ago = utcnow() - timedelta(minutes=5)
        job = Job(
            kind="upload",
            state="running",
            user_id=user.id,
            unit_id=user.unit_id,
            title="",
            file_name=CONSISTENT.name,
            file_size=CONSISTENT.stat().st_size,
            data=CONSISTENT.read_bytes(),
            step="读取",
            done_pages=0,
            total_pages=0,
            attempts=attempts,
            cancel_requested=False,
            created_at=long_ago,
            started_at=long_ago,
            heartbeat_at=long_ago,
        )
        session.add(job)
        session.commit()
        return job.id


def test_a_job_left_running_by_a_dead_server_is_read_again_once(
    app: FastAPI, demo: Demo, database_url: str
) -> None:
    before = counts(app)[0]
    once, twice = _left_running(app, 1), _left_running(app, 2)
    app.state.engine.dispose()
    restarted = create_app(
        settings=Settings(database_url=database_url, secret_key="test-secret", job_stale_seconds=1)
    )
    filer = Browser(restarted, demo)
    filer.login("filer")
    again = wait_job(filer.client, f"/api/jobs/{once}", {}, 60)
    assert again["state"] == "done", again
    with restarted.state.sessions() as session:
        package = session.get(Package, again["package_id"])
        assert package is not None and package.source_name == CONSISTENT.name
        assert session.get(Job, once).attempts == 2
    failed = wait_job(filer.client, f"/api/jobs/{twice}", {}, 30)
    assert failed["state"] == "failed"
    assert "读取时服务器中断（已自动重试一次仍未完成）" in failed["error"]
    assert counts(restarted)[0] == before + 1  # one draft, made once


# --- what the document says ----------------------------------------------------------------


def test_the_year_is_asked_for_only_when_the_document_does_not_say(
    app: FastAPI, demo: Demo
) -> None:
    filer = signed_in(app, demo, "filer")
    yearless = re.sub(r"20\d\d年?", "", BUDGET.read_text(encoding="utf-8")).encode()
    files = {"file": ("无年度.txt", yearless, "text/plain")}
    response = filer.post("/upload", {"title": "无年度的预算"}, files=files)
    job = filer.job(response)
    assert (job["state"], job["error"], job["error_status"]) == ("failed", NO_YEAR, 400)
    page = filer.get(response.headers["location"]).text
    assert NO_YEAR in page and 'value="无年度的预算"' in page
    files = {"file": ("无年度.txt", yearless, "text/plain")}
    pid = filer.uploaded(
        filer.post("/upload", {"title": "无年度的预算", "year": "2026"}, files=files)
    )
    assert filer.package(pid).year == 2026


def test_a_document_of_another_unit_year_or_stage_is_flagged_to_filer_and_reviewers(
    app: FastAPI, demo: Demo
) -> None:
    """A Shanghai department's budget uploaded by a 綦江 filer: kept, flagged on its page, in the
    reviewers' queue and on the page they review; the API says so too."""
    filer = signed_in(app, demo, "filer")
    files = {"file": (OTHER_DOC, _doc(OTHER_DOC), "application/pdf")}
    response = filer.post("/upload", files=files)
    job = filer.job(response)
    assert job["state"] == "done", job
    assert job["total_pages"] == 23  # 页 N/M of the PDF
    pid = job["package_id"]
    expected = (
        "文件所列单位为「上海市普陀区司法局」，与填报单位「重庆市綦江区政务服务管理办公室」不一致。"
    )
    assert filer.package(pid).identity_warning == expected
    assert expected in filer.get(response.headers["location"]).text  # on the job's page
    page = filer.get(f"/packages/{pid}").text
    assert "文件与填报信息不一致" in page and expected in page
    api = Machine(app, token_for(app, "filer")).get(f"/api/packages/{pid}").json()
    assert api["identity_warnings"] == [expected]
    assert filer.act(pid, "submit").status_code == 303
    for reviewer in ("dept_reviewer", "admin"):
        browser = signed_in(app, demo, reviewer)
        queue = browser.get("/review").text
        row = queue[queue.index(f'id="p-{pid}"') :]
        row = row[: row.index("</tr>")]
        assert "文件与填报信息不一致" in row and "上海市普陀区司法局" in row, reviewer
        assert expected in browser.get(f"/packages/{pid}?open=1").text
    # the anonymous public never sees it (it is not published, and the warning is internal)
    assert "identity_warnings" not in Browser(app).get("/api/public/packages").text


def test_another_year_or_stage_than_the_form_is_flagged_and_an_edit_redoes_it(
    app: FastAPI, demo: Demo
) -> None:
    filer = signed_in(app, demo, "filer")
    pid = filer.uploaded(filer.upload(CONSISTENT, year="2027", stage="决算"))
    package = filer.package(pid)
    assert package.year == 2027
    assert (package.identity_warning or "").splitlines() == [
        "文件所列年度为 2026 年，与填报年度 2027 年不一致。",
        "文件为预算，与填报的决算不一致。",
    ]
    assert filer.act(pid, "edit", title=package.title, year="2026").status_code == 303
    assert filer.package(pid).identity_warning == "文件为预算，与填报的决算不一致。"
    assert "类型应为" in filer.upload(CONSISTENT, stage="概算").text


def test_the_worker_sends_a_new_step_at_once_and_pages_a_few_times_a_second() -> None:
    seen: list[tuple[str, int, int]] = []
    outcome = workers.run(two_steps, (b"", "x"), 30, 0, on_progress=lambda *page: seen.append(page))
    assert outcome == ("ok", "read")
    assert seen == [
        (progress.READING, 3, 3),
        (progress.OCR, 0, 3),  # a new step: sent at once (the page shows OCR has begun)
        (progress.OCR, 3, 3),  # the last page: always
    ]


def test_a_jobs_worker_reads_at_a_lower_priority_than_the_server() -> None:
    """Background reads (OCR on every core) leave the CPU to the pages first."""
    assert workers.run(niceness, (b"", "x"), 30, 0) == ("ok", os.nice(0))
    lowered = min(19, os.nice(0) + NICE)  # (19: the lowest there is)
    assert workers.run(niceness, (b"", "x"), 30, 0, nice=NICE) == ("ok", lowered)


def test_a_jobs_worker_is_a_low_priority_scheduling_group_of_its_own() -> None:
    """Its own process group (killed with its Tesseracts) and session — on Linux an autogroup
    of its own, which the scheduler shares the CPU with as with the server's whole group
    whatever its processes' nice values (four scans being read took four shares from the
    pages, portal p95 up to 233 ms: docs/benchmarks.md) — so that group is lowered too."""
    outcome = workers.run(grouping, (b"", "x"), 30, 0, nice=NICE)
    assert outcome[0] == "ok"
    group, pid, autogroup = outcome[1]
    assert group == pid != os.getpgid(0)
    if autogroup:  # /autogroup-154799 nice 19
        with open("/proc/self/autogroup", encoding="ascii") as f:
            server = f.read().split()  # empty where the server is in no autogroup (a CI cgroup)
        assert autogroup.split()[0] != (server[0] if server else "")
        assert autogroup.endswith(f" nice {min(19, NICE)}")
    # an interactive worker (an original page's image) keeps the server's priority
    plain = workers.run(grouping, (b"", "x"), 30, 0)
    assert plain[0] == "ok" and not plain[1][2].endswith(" nice 19")


def test_a_worker_started_beside_another_still_lowers_its_group(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without CAP_SYS_ADMIN the kernel takes one autogroup change a tenth of a second for the
    whole machine and answers EAGAIN to the next: of three workers started together (a
    non-root service) two stayed at nice 0. The change is tried again; any other refusal (no
    autogroups) leaves the processes' own nice value to count."""
    written: list[str] = []
    answers: list[type[OSError] | None] = [BlockingIOError, BlockingIOError, None]

    class Autogroup(io.StringIO):
        def close(self) -> None:
            refusal = answers.pop(0)
            if refusal is not None:
                raise refusal
            written.append(self.getvalue())

    monkeypatch.setattr(workers, "open", lambda *a, **k: Autogroup(), raising=False)
    monkeypatch.setattr(time, "sleep", lambda s: None)
    workers._lower_autogroup(25)
    assert written == ["19"] and not answers
    answers[:] = [PermissionError]
    workers._lower_autogroup(19)  # refused for good: no error, no retry
    assert written == ["19"] and not answers


def test_a_worker_does_not_outlive_its_server(tmp_path: Path) -> None:
    """A server SIGKILLed while a worker reads: the worker goes too (its time limit is kept by
    the server, which is gone), and is not left reading for minutes beside the job's retry."""
    note = tmp_path / "pid"
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from tests.helpers.jobs import slow_read\n"
            "from yusuan.web import workers\n"
            f"workers.run(slow_read, ({str(note)!r}.encode(), 'x.pdf'), 120, 0)\n",
        ],
        cwd=Path(__file__).parents[1],
    )
    try:
        pid = _started(note, within=60)
    finally:
        server.kill()
        server.wait()
    assert _gone(pid, within=10), "the worker still reads without its server"


# --- a real scan -------------------------------------------------------------------------------


def test_a_scanned_pdf_shows_ocr_progress_page_by_page_and_ends_in_a_draft(
    tmp_path: Path,
) -> None:
    """Seed 000's table pages as a scan (8 image-only pages): Tesseract reads them in the worker,
    the job shows 「OCR 文字识别：页 N/8」 as they are done, and ends in the draft."""
    require_tesseract()
    app = make_app(tmp_path)
    with app.state.sessions() as session:
        demo = seed_demo(session)
    filer = signed_in(app, demo, "filer")
    scan = pages_pdf(SCAN_PDF, TABLE_PAGES)
    files = {"file": ("扫描件.pdf", scan, "application/pdf")}
    response = filer.post("/upload", {"year": "2026"}, files=files)  # (the cover is not in)
    url = _job_url(response)
    seen: set[tuple[str, str, int, int]] = set()
    deadline = time.monotonic() + 300
    while (job := filer.get(url).json())["state"] not in ("done", "failed", "cancelled"):
        seen.add((job["state"], job["step"], job["done_pages"], job["total_pages"]))
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert job["state"] == "done", job
    pages = len(TABLE_PAGES)
    assert (job["step"], job["done_pages"], job["total_pages"]) == ("OCR 文字识别", pages, pages)
    assert any(
        state == "running" and step == "OCR 文字识别" and 0 < done < pages and total == pages
        for state, step, done, total in seen
    ), seen
    package = filer.package(job["package_id"])
    assert package.year == 2026 and package.identity_warning is None
    kinds = {t.kind for t in model(package).tables}
    assert TableKind.GPB_EXPENDITURE in kinds and len(kinds) >= 5, kinds
