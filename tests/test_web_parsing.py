"""Uploads are read by worker processes (yusuan.web.parsing): limited in time and memory,
killed with whatever they started when the limit passes or the client leaves, a bounded
number at once (503 beyond), and no database connection held meanwhile — so hostile uploads
cannot take the server down. On SQLite and PostgreSQL, through a live server."""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import subprocess
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from tests.helpers.live import serve, token_for
from tests.helpers.web import BUDGET
from yusuan.model import BudgetPackage
from yusuan.pipeline import load_bytes
from yusuan.web.db import Job
from yusuan.web.errors import BadRequest, ServiceUnavailable, Unprocessable
from yusuan.web.jobs import Runner
from yusuan.web.parsing import Parser, Read
from yusuan.web.seed import Demo

# --- what workers are made to do (module level: sent to the worker by name) -------------------


def _note_pid(data: bytes) -> None:
    Path(data.decode()).write_text(str(os.getpid()))


def slow_read(data: bytes, name: str) -> BudgetPackage:
    """Records its pid, starts a grandchild that records its own, and never finishes."""
    _note_pid(data)
    subprocess.Popen(["sh", "-c", f'echo $$ > "{data.decode()}.child"; exec sleep 120'])
    time.sleep(120)
    raise AssertionError("not reached")


def crashing_read(data: bytes, name: str) -> BudgetPackage:
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("not reached")


def greedy_read(data: bytes, name: str) -> BudgetPackage:
    hoard = [bytearray(64 * 1024 * 1024) for _ in range(64)]  # 4 GB
    raise AssertionError(f"not reached: {len(hoard)}")


def failing_read(data: bytes, name: str) -> BudgetPackage:
    raise KeyError("a reader's bug")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (not yet reaped by its parent) is not running either
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(") ")[-1][:1] != "Z"


def _pids(note: Path) -> list[int]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = [p for p in (note, Path(f"{note}.child")) if p.exists() and p.read_text().strip()]
        if len(found) == 2:
            return [int(p.read_text()) for p in found]
        time.sleep(0.05)
    raise AssertionError("the worker did not start")


def _gone(pids: list[int], within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(_alive(p) for p in pids):
            return True
        time.sleep(0.05)
    return False


# --- the parser alone ----------------------------------------------------------------------


def test_a_worker_reads_a_disclosure() -> None:
    pkg = Parser(1, 60, 2048 * 1024 * 1024)(BUDGET.read_bytes(), BUDGET.name)
    assert pkg == load_bytes(BUDGET.read_bytes(), BUDGET.name)


def test_a_slow_worker_is_killed_with_its_children_at_the_time_limit(tmp_path: Path) -> None:
    note = tmp_path / "pid"
    parser = Parser(1, 8, 0, read=slow_read)  # time enough to start on a busy machine
    started = time.monotonic()
    with pytest.raises(Unprocessable, match=re.escape("读取超过时间上限（8 秒）已中止")):
        parser(str(note).encode(), "slow.xlsx")
    assert time.monotonic() - started < 12
    assert _gone(_pids(note), within=5), "the worker or its grandchild is still running"


def test_crash_memory_and_bugs_fail_the_upload_not_the_server() -> None:
    with pytest.raises(Unprocessable, match="进程异常退出"):
        Parser(1, 30, 0, read=crashing_read)(b"", "crash.pdf")
    with pytest.raises(Unprocessable, match=r"超出内存上限（512 MB）"):
        Parser(1, 30, 512 * 1024 * 1024, read=greedy_read)(b"", "big.tif")
    with pytest.raises(BadRequest, match="无法读取该文件"):
        Parser(1, 30, 0, read=failing_read)(b"", "bug.docx")
    with pytest.raises(BadRequest, match="未找到预决算内容"):
        Parser(1, 30, 0)(b"hello", "hello.txt")


def test_a_cancelled_read_stops_at_once(tmp_path: Path) -> None:
    note = tmp_path / "pid"
    parser = Parser(1, 60, 0, read=slow_read)
    started = time.monotonic()

    def left() -> bool:  # the client leaves once the worker is busy
        return Path(f"{note}.child").exists()

    with pytest.raises(Unprocessable, match="客户端已断开"):
        parser(str(note).encode(), "slow.pdf", cancelled=left)
    assert time.monotonic() - started < 30
    assert _gone(_pids(note), within=5)


def test_beyond_the_slots_an_upload_is_refused_with_retry_after(tmp_path: Path) -> None:
    parser = Parser(1, 3, 0, read=slow_read)

    def busy() -> None:
        with pytest.raises(Unprocessable):
            parser(b"/dev/null", "a.pdf")

    first = threading.Thread(target=busy)
    first.start()
    time.sleep(0.5)
    with pytest.raises(ServiceUnavailable, match="服务繁忙，请稍后再试") as refused:
        parser(str(tmp_path / "b").encode(), "b.pdf")
    assert refused.value.headers == {"Retry-After": "3"}
    first.join()


# --- through a live server -----------------------------------------------------------------


def huge_sheet(rows: int) -> bytes:
    """A small XLSX whose one sheet has ``rows`` rows (and declares the whole grid)."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg_rel = "http://schemas.openxmlformats.org/package/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
        "</Types>",
        "_rels/.rels": f'<Relationships xmlns="{pkg_rel}"><Relationship Id="rId1" '
        f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook {ns} xmlns:r="{rel}"><sheets><sheet name="部门收支总表" '
        'sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{pkg_rel}"><Relationship '
        f'Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet {ns}><dimension ref="A1:XFD1048576"/>'
        "<sheetData>"
        + "".join(
            f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>支出{i}</t></is></c>'
            f'<c r="B{i}"><v>{i}.5</v></c></row>'
            for i in range(1, rows + 1)
        )
        + "</sheetData></worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, text in parts.items():
            archive.writestr(part, text)
    return buffer.getvalue()


def _upload(base: str, token: str, name: str, data: bytes) -> httpx.Response:
    files = {"file": (name, data, "application/octet-stream")}
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.post(f"{base}/api/packages", files=files, headers=headers, timeout=60)


def _job(base: str, token: str, url: str, within: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + within
    while True:
        job: dict[str, Any] = httpx.get(
            base + url, headers={"Authorization": f"Bearer {token}"}, timeout=10
        ).json()
        if job["state"] in ("done", "failed", "cancelled") or time.monotonic() > deadline:
            return job
        time.sleep(0.1)


def _runner(app: FastAPI, read: Read = load_bytes, **settings: Any) -> None:
    """The app's job runner replaced by one with other limits (and reader)."""
    app.state.jobs = Runner(app.state.sessions, replace(app.state.settings, **settings), read=read)


def test_fifteen_hostile_uploads_leave_the_server_answering(app: FastAPI, demo: Demo) -> None:
    """Queued at once (202), read two at a time, each stopped at its time limit; every page
    answers meanwhile and a good upload goes through afterwards."""
    _runner(app, parse_slots=2, parse_seconds=2, parse_memory=1024 * 1024 * 1024)
    token = token_for(app, "filer")
    bomb = huge_sheet(60_000)
    assert len(bomb) < 1024 * 1024
    with serve(app) as base, ThreadPoolExecutor(24) as pool:
        started = time.monotonic()
        uploads = [pool.submit(_upload, base, token, f"表{i}.xlsx", bomb) for i in range(15)]
        statuses = [u.result().status_code for u in uploads]
        assert set(statuses) == {202}, statuses
        urls = [u.result().json()["url"] for u in uploads]
        pages: list[int] = []
        while not all(
            j["state"] in ("failed", "done", "cancelled")
            for j in (_job(base, token, u, 0) for u in urls)
        ):
            for path in ("/public", "/api/packages", f"/public/packages/{demo.published.id}"):
                answer = httpx.get(
                    base + path, headers={"Authorization": f"Bearer {token}"}, timeout=10
                )
                pages.append(answer.status_code)
            assert time.monotonic() - started < 90, "the jobs did not end"
        took = time.monotonic() - started
        assert set(pages) == {200}, pages
        jobs = [_job(base, token, u) for u in urls]
        assert {j["state"] for j in jobs} == {"failed"}
        assert all("读取超过时间上限" in j["error"] and j["error_status"] == 422 for j in jobs)
        assert took < 60
        # and a good upload still goes through afterwards
        good = _upload(base, token, BUDGET.name, BUDGET.read_bytes())
        assert good.status_code == 202, good.text
        assert _job(base, token, good.json()["url"])["state"] == "done"


def test_a_client_that_leaves_before_its_upload_is_queued_queues_nothing(
    app: FastAPI, demo: Demo, tmp_path: Path
) -> None:
    """A client that leaves half-way through sending its file: no job, no worker, no draft."""
    _runner(app, read=slow_read, parse_seconds=60)
    token = token_for(app, "filer")
    note = tmp_path / "pid"
    body = (
        b'--x\r\nContent-Disposition: form-data; name="file"; filename="slow.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n" + str(note).encode() + b"\r\n--x--\r\n"
    )
    with serve(app) as base:
        address = urlparse(base)
        with socket.create_connection((address.hostname, address.port)) as client:
            client.sendall(
                b"POST /api/packages HTTP/1.1\r\nHost: x\r\n"
                + f"Authorization: Bearer {token}\r\n".encode()
                + b"Content-Type: multipart/form-data; boundary=x\r\n"
                + f"Content-Length: {len(body) + 1000}\r\n\r\n".encode()
                + body[:40]
            )
            time.sleep(0.5)
        time.sleep(2)
        with app.state.sessions() as session:
            assert session.scalar(select(func.count()).select_from(Job)) == 0
        assert not note.exists()  # no worker ever started
        assert httpx.get(base + "/public", timeout=10).status_code == 200
