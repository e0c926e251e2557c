"""Kill sweep (issue #19): random SIGKILLs of the web server lose nothing and it always restarts.

The platform runs as it is deployed — ``uvicorn --factory yusuan.web.app:create_app`` in a
process of its own (with its upload workers) — on a database of its own. A driver works through
the workflow over HTTP, as users do: upload (API: queued, 202, then its job followed until the
draft is made), edit the title (page form, cookie and CSRF), replace the file (API, a job too),
submit, approve, publish (API: a job too, queued 202, its downloads rendered by a worker, then
followed), check a 自评表 against the published package (page form, a job), start a correction
(page form), and again. At a random moment the server is killed with SIGKILL (its upload or render workers
with it), then restarted; a share of the points instead kills a server that is upgrading an
older database (a copy at revision 0003, 0005 or 0007 holding every kind of row) while it
migrates at start-up. After every kill:

* the database opens and migrates (SQLite: ``PRAGMA integrity_check`` is ``ok``), and the server
  starts again and answers;
* every acknowledged write is there: a package the server answered for exists, at the version
  it answered or later (and, at that version, in the status answered);
* at most one current published version per unit, year and kind;
* every package has its creation audit (``package.create`` or ``package.correct``), its model
  is the one its digest names and the uploaded file kept with it is whole;
* no half-written file: every stored published file belongs to a published package and is
  whole (a PDF ends in ``%%EOF`` and opens, XLSX/DOCX are intact zips, JSON parses, HTML ends),
  and the downloads the server serves after the restart are whole and the stored bytes;
* every job acknowledged (202) is there; a job done made (or replaced) a package that
  exists, and no package was made by two upload jobs (a job killed while read is read again
  after the restart, never twice into two drafts); a publishing job done left its package
  published with its files, one failed or waiting left it approved (never half published); a
  自评表 check done holds its result; no ended job holds the uploaded bytes;
* a migrated copy holds every row it held before.

``python bench/kill_sweep.py [--points 200] [--seed 1] [--database-url URL]`` prints the
figures (for docs/benchmarks.md) and exits 1 if any invariant broke; ``tests/test_kill_sweep.py``
runs 10 points on SQLite in the regular suite.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, text

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "tests" / "fixtures" / "docs"
UPLOAD = DOCS / "qijiang_2026_consistent.txt"

SECRET = "kill-sweep-secret-key-not-for-production"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
CREATED = ("package.create", "package.correct")
#: the old revisions a migration point upgrades from (each holding every kind of row)
OLD_REVISIONS = ("0003", "0005", "0007")
DOWNLOADS = ("pdf", "xlsx", "docx", "html", "json")
#: the writes a kill is aimed at
OPERATIONS = ("upload", "edit", "replace", "submit", "approve", "publish", "selfeval", "correct")


# --- the server ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """The platform in a process (and process group) of its own, as deployed."""

    def __init__(self, database_url: str, log: Path) -> None:
        self.database_url = database_url
        self.log = log
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "YUSUAN_DATABASE_URL": self.database_url,
            "YUSUAN_SECRET_KEY": SECRET,
            "YUSUAN_PUBLIC_BURST": "0",
            "YUSUAN_PARSE_SLOTS": "2",
            # a job the kill left running is read again soon after the restart
            "YUSUAN_JOB_STALE_SECONDS": "2",
        }
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "yusuan.web.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--log-level",
            "warning",
        ]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command, env=env, stdout=out, stderr=out, start_new_session=True, cwd=ROOT
            )

    def ready(self, timeout: float = 120) -> float:
        """Seconds until the server answers ``/public`` with 200 (it has migrated); raises
        if it exits or does not answer in time."""
        assert self.process is not None
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.base + "/public", timeout=5).status_code == 200:
                    return time.monotonic() - start
            time.sleep(0.1)
        raise RuntimeError("the server did not answer in time")

    def kill(self) -> None:
        """SIGKILL the server, then whatever of its group is left (its workers)."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process = None


# --- the database -------------------------------------------------------------------------


@dataclass
class Accounts:
    tokens: dict[str, str]
    password: str
    unit_id: int


def prepare(database_url: str) -> Accounts:
    """A migrated database with the demo's units and users, and API tokens for the roles."""
    from sqlalchemy import select

    from yusuan.web import store
    from yusuan.web.db import User, make_engine, make_sessionmaker, migrate
    from yusuan.web.seed import seed_demo

    engine = make_engine(database_url)
    migrate(engine)
    with make_sessionmaker(engine)() as session:
        demo = seed_demo(session)
        tokens = {}
        for name in ("filer", "dept_reviewer", "finance_reviewer"):
            user = session.scalar(select(User).where(User.username == name))
            assert user is not None
            tokens[name] = store.create_token(session, user, "kill sweep", 365)[1]
        password = next(a.password for a in demo.accounts if a.username == "filer")
        unit_id = demo.published.unit_id
    engine.dispose()
    return Accounts(tokens, password, unit_id)


@dataclass(frozen=True)
class Ack:
    """A write the server acknowledged: the package at ``version`` or later; at exactly
    ``version``, in ``status`` (None: not known, a page's redirect)."""

    what: str
    package_id: int
    version: int
    status: str | None


def _whole(fmt: str, data: bytes) -> bool:
    try:
        if fmt == "pdf":
            import pypdfium2 as pdfium

            if not data.startswith(b"%PDF") or b"%%EOF" not in data[-1024:]:
                return False
            pdfium.PdfDocument(data).close()
        elif fmt in ("xlsx", "docx"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return archive.testzip() is None
        elif fmt == "json":
            json.loads(data.decode("utf-8"))
        elif fmt == "jsonrows":  # the records, comma-separated: joined into the export's list
            json.loads(b"[" + data + b"]")
        elif fmt == "html":
            return b"</html>" in data[-200:]
        else:
            data.decode("utf-8-sig")
    except Exception:
        return False
    return True


def _sheet() -> bytes:
    """A 自评表 of the demo's project (the tests' own)."""
    sys.path.insert(0, str(ROOT))
    from tests.helpers.selfeval import SHEET

    return SHEET.encode("utf-8")


def _job_violations(db: Any, rows: dict[int, Any], jobs: list[int]) -> list[str]:
    """Upload jobs: every queued one acknowledged (202) is there; a job done made or replaced
    a package that exists; no two uploads made one package, no upload made two."""
    found: list[str] = []
    stored = {
        r.id: r
        for r in db.execute(
            text(
                "SELECT id, kind, state, package_id, result IS NOT NULL AS has_result,"
                " data IS NOT NULL AS has_data FROM jobs"
            )
        )
    }
    for job in jobs:
        if job not in stored:
            found.append(f"job {job} acknowledged (202), row gone")
    made: Counter[int] = Counter()
    for job in stored.values():
        if job.state == "done" and (job.package_id is None or job.package_id not in rows):
            found.append(f"job {job.id} done, its package {job.package_id} gone")
        if job.kind == "selfeval" and job.state == "done" and not job.has_result:
            found.append(f"自评表 job {job.id} done without its result")
        if job.state in ("done", "failed", "cancelled") and job.has_data:
            found.append(f"job {job.id} {job.state}, still holding its file")
        if job.kind == "publish" and job.package_id in rows:
            status = rows[job.package_id][1]
            if job.state == "done" and status != "published":
                found.append(f"publishing job {job.id} done, package {job.package_id} {status}")
            files = db.execute(
                text("SELECT COUNT(*) FROM published_files WHERE package_id = :p"),
                {"p": job.package_id},
            ).scalar_one()
            if job.state == "done" and not files:
                found.append(f"publishing job {job.id} done, package without its files")
        if job.state == "done" and job.kind == "upload" and job.package_id is not None:
            made[job.package_id] += 1
    for pid, count in sorted(made.items()):
        if count > 1:
            found.append(f"package {pid} made by {count} upload jobs")
    return found


def violations(engine: Engine, acked: list[Ack], jobs: list[int] | None = None) -> list[str]:
    """What is wrong with the database after a kill (see the module's list)."""
    found: list[str] = []
    with engine.connect() as db:
        if engine.dialect.name == "sqlite":
            check = db.execute(text("PRAGMA integrity_check")).scalar_one()
            if check != "ok":
                found.append(f"integrity_check: {check}")
        rows = {
            r.id: (r.version, r.status)
            for r in db.execute(text("SELECT id, version, status FROM packages"))
        }
        for ack in acked:
            if ack.package_id not in rows:
                found.append(f"{ack.what} of package {ack.package_id} acknowledged, row gone")
                continue
            version, status = rows[ack.package_id]
            if version < ack.version or (
                version == ack.version and ack.status is not None and status != ack.status
            ):
                found.append(
                    f"{ack.what} of package {ack.package_id} acknowledged at version"
                    f" {ack.version} ({ack.status}); stored {version} ({status})"
                )
        for unit, year, kind, count in db.execute(
            text(
                "SELECT unit_id, year, kind, COUNT(*) FROM packages WHERE status = 'published'"
                " AND superseded_at IS NULL GROUP BY unit_id, year, kind HAVING COUNT(*) > 1"
            )
        ):
            found.append(f"{count} current published versions of {unit}/{year}/{kind}")
        created = {
            r.object_id
            for r in db.execute(
                text(
                    "SELECT object_id FROM audit_log WHERE object_type = 'packages'"
                    " AND action IN ('package.create', 'package.correct')"
                )
            )
        }
        for pid in sorted(set(rows) - created):
            found.append(f"package {pid} has no creation audit")
        for pid, model, digest in db.execute(
            text(
                "SELECT p.id, m.model_json, p.model_sha256 FROM packages p"
                " LEFT JOIN package_models m ON m.package_id = p.id"
            )
        ):
            if model is None:
                found.append(f"package {pid} has no model")
            elif hashlib.sha256(model.encode("utf-8")).hexdigest() != digest:
                found.append(f"the model of package {pid} is not the one its digest names")
        for pid, data, digest in db.execute(
            text("SELECT package_id, data, sha256 FROM package_files")
        ):
            if hashlib.sha256(bytes(data)).hexdigest() != digest:
                found.append(f"the uploaded file kept for package {pid} is not whole")
        for pid, fmt, data in db.execute(
            text("SELECT package_id, format, data FROM published_files")
        ):
            if rows.get(pid, (0, ""))[1] != "published":
                found.append(f"a published {fmt} of package {pid}, which is not published")
            if not _whole(fmt, bytes(data)):
                found.append(f"the stored {fmt} of package {pid} is not whole")
        found += _job_violations(db, rows, jobs or [])
    return found


def served(base: str, engine: Engine) -> list[str]:
    """The latest published package's downloads, after the restart: whole, and the stored
    bytes when stored."""
    found: list[str] = []
    with engine.connect() as db:
        pid = db.execute(
            text("SELECT MAX(id) FROM packages WHERE status = 'published'")
        ).scalar_one()
        if pid is None:
            return found
        stored = {
            fmt: bytes(data)
            for fmt, data in db.execute(
                text("SELECT format, data FROM published_files WHERE package_id = :p"), {"p": pid}
            )
        }
    for fmt in DOWNLOADS:
        response = httpx.get(f"{base}/public/packages/{pid}/download.{fmt}", timeout=120)
        if response.status_code != 200:
            found.append(f"download.{fmt} of package {pid}: HTTP {response.status_code}")
        elif not _whole(fmt, response.content):
            found.append(f"download.{fmt} of package {pid} served half-written")
        elif fmt in stored and stored[fmt] != response.content:
            found.append(f"download.{fmt} of package {pid} is not the stored file")
    return found


# --- the driver ---------------------------------------------------------------------------


class ServerGone(Exception):
    """The connection failed: the server was killed."""


@dataclass
class Driver:
    """Works through the workflow over HTTP until the server goes; records every write the
    server acknowledged and the operation in flight."""

    base: str
    accounts: Accounts
    acked: list[Ack] = field(default_factory=list)
    package_id: int | None = None
    edited: set[int] = field(default_factory=set)
    replaced: set[int] = field(default_factory=set)
    #: the packages the driver made as corrections (published: the next round uploads)
    corrections: set[int] = field(default_factory=set)
    #: submitted packages the 主管部门 has passed on: the 财政局's turn (the review chain)
    forwarded: set[int] = field(default_factory=set)
    #: published packages a 自评表 was checked against (queued: the next step corrects them)
    checked: set[int] = field(default_factory=set)
    in_flight: str = ""
    done: Counter[str] = field(default_factory=Counter)
    unexpected: list[str] = field(default_factory=list)
    refused: Counter[str] = field(default_factory=Counter)
    in_a_row: int = 0
    #: the operation the sweep kills in: ``armed`` is set when its request is sent
    target: str = ""
    armed: threading.Event = field(default_factory=threading.Event)
    #: seconds each operation took when it completed (shared across points)
    durations: dict[str, list[float]] = field(default_factory=dict)
    #: upload jobs the server acknowledged (202), and the one being followed: (operation,
    #: job URL, package) — an upload or replacement is done when its job is
    jobs: list[int] = field(default_factory=list)
    pending: list[tuple[str, str, int | None, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.api = httpx.Client(base_url=self.base, timeout=300)
        self.browser = httpx.Client(base_url=self.base, timeout=300)
        self.csrf = ""

    def close(self) -> None:
        self.api.close()
        self.browser.close()

    def _call(self, what: str, method: str, url: str, client: httpx.Client, **kw: Any) -> Any:
        self.in_flight = what
        if what == self.target:
            self.armed.set()
        start = time.monotonic()
        try:
            response = client.request(method, url, **kw)
        except httpx.TransportError as exc:
            raise ServerGone(what) from exc
        finally:
            self.in_flight = ""
        self.durations.setdefault(what, []).append(time.monotonic() - start)
        return response

    def _headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.accounts.tokens[who]}"}

    def _api(self, what: str, who: str, method: str, url: str, **kw: Any) -> Any:
        response = self._call(what, method, url, self.api, headers=self._headers(who), **kw)
        if response.status_code in (200, 201):
            body = response.json()
            self.acked.append(Ack(what, body["id"], body["version"], body["status"]))
            self.done[what] += 1
            self.in_a_row = 0
            return body
        self._refused(what, response)
        return None

    def _queue(
        self, what: str, method: str, url: str, pid: int | None, who: str = "filer", **kw: Any
    ) -> None:
        """An upload, replacement or publication: queued (202), then followed
        (:meth:`_follow`)."""
        response = self._call(what, method, url, self.api, headers=self._headers(who), **kw)
        if response.status_code == 202:
            job = response.json()
            self.jobs.append(int(job["id"]))
            self.pending.append((what, str(job["url"]), pid, who))
            return
        self._refused(what, response)

    def _follow(self) -> None:
        """The job being followed: still reading (wait), done (acknowledged as the package's
        state then), failed (read twice, each time killed: uploaded again) or refused."""
        what, url, _, who = self.pending[0]
        response = self._call(f"{what} job", "GET", url, self.api, headers=self._headers(who))
        if response.status_code != 200:
            self.pending.clear()
            self.unexpected.append(f"{what} job: HTTP {response.status_code}")
            return
        job = response.json()
        if job["state"] in ("queued", "running"):
            time.sleep(0.1)
            return
        self.pending.clear()
        if job["state"] != "done":
            if "服务器中断" in (job["error"] or ""):  # killed twice while read: given up
                self.refused[f"{what} job given up"] += 1
            else:
                self._refused(f"{what} job", httpx.Response(job["error_status"] or 500))
            return
        done = int(job["package_id"])
        state = self._state(done)
        if state is not None and what != "selfeval":
            published = "published" if what == "publish" else None
            self.acked.append(Ack(what, done, state["version"], published))
        self.done[what] += 1
        self.in_a_row = 0
        if what == "upload":
            self.package_id = done
        elif what == "replace":
            self.replaced.add(done)

    def _refused(self, what: str, response: httpx.Response) -> None:
        if response.status_code >= 500:
            self.unexpected.append(f"{what}: HTTP {response.status_code} {response.text[:200]}")
        else:  # a 409 after a write the kill left unanswered: the state is read again
            self.refused[f"{what} {response.status_code}"] += 1
            self.in_a_row += 1
            if self.in_a_row > 5:  # not a race: the driver (or the server) is wrong
                self.unexpected.append(f"{what}: HTTP {response.status_code} {response.text[:300]}")
                raise ServerGone(what)

    def _form(
        self, what: str, url: str, data: dict[str, str], files: dict[str, Any] | None = None
    ) -> str | None:
        """A page's form posted with the session's CSRF token; the redirect's target."""
        if not self.csrf:
            self._log_in()
        form = {"csrf_token": self.csrf, **data}
        response = self._call(what, "POST", url, self.browser, data=form, files=files)
        if response.status_code == 303:
            self.done[what] += 1
            self.in_a_row = 0
            return str(response.headers["location"])
        self._refused(what, response)
        return None

    def _log_in(self) -> None:
        page = self._call("log in", "GET", "/login", self.browser)
        match = TOKEN.search(page.text)
        form = {
            "username": "filer",
            "password": self.accounts.password,
            "csrf_token": match.group(1) if match else "",
        }
        response = self._call("log in", "POST", "/login", self.browser, data=form)
        if response.status_code != 303:
            raise RuntimeError(f"log in: HTTP {response.status_code}")
        page = self._call("log in", "GET", "/account/password", self.browser)
        match = TOKEN.search(page.text)
        assert match, "no CSRF token on the account page"
        self.csrf = match.group(1)

    def _state(self, pid: int) -> dict[str, Any] | None:
        response = self._call(
            "read", "GET", f"/api/packages/{pid}", self.api, headers=self._headers("filer")
        )
        return response.json() if response.status_code == 200 else None

    def _correction_of(self, pid: int) -> int | None:
        response = self._call(
            "read", "GET", "/api/packages", self.api, headers=self._headers("filer")
        )
        found = [int(p["id"]) for p in response.json() if p["supersedes_id"] == pid]
        return max(found) if found else None

    def step(self) -> None:
        """One write, chosen by the current package's state as the server has it."""
        if self.pending:
            self._follow()
            return
        pid = self.package_id
        state = self._state(pid) if pid is not None else None
        if state is None or (state["status"] == "published" and pid in self.corrections):
            self.package_id = None
            self._queue(
                "upload",
                "POST",
                "/api/packages",
                None,
                files={"file": (UPLOAD.name, UPLOAD.read_bytes(), "text/plain")},
                data={"year": "2026", "unit_id": str(self.accounts.unit_id)},
            )
            return
        assert pid is not None
        status, version = state["status"], state["version"]
        if status in ("draft", "returned") and pid not in self.edited:
            title = f"压测文件 {pid} 第 {version} 版"
            if self._form(
                "edit",
                f"/packages/{pid}/edit",
                {"version": str(version), "title": title, "year": "2026"},
            ):
                self.acked.append(Ack("edit", pid, version + 1, None))
                self.edited.add(pid)
        elif status in ("draft", "returned") and pid not in self.replaced:
            files = {"file": (UPLOAD.name, UPLOAD.read_bytes(), "text/plain")}
            self._queue(
                "replace",
                "PUT",
                f"/api/packages/{pid}/file",
                pid,
                files=files,
                data={"version": str(version)},
            )
        elif status in ("draft", "returned"):
            self._api(
                "submit", "filer", "POST", f"/api/packages/{pid}/submit", json={"version": version}
            )
        elif status == "submitted":  # the review chain: 主管部门审核, then 财政复审
            second = pid in self.forwarded
            body = self._api(
                "approve",
                "finance_reviewer" if second else "dept_reviewer",
                "POST",
                f"/api/packages/{pid}/approve",
                json={"version": version},
            )
            if not second:  # passed on to the 财政局 (or refused: their turn already)
                self.forwarded.add(pid)
            elif body is None:  # refused: the 主管部门's turn (returned, or state unknown)
                self.forwarded.discard(pid)
        elif status == "approved":
            self._queue(
                "publish",
                "POST",
                f"/api/packages/{pid}/publish",
                pid,
                "finance_reviewer",
                json={"version": version},
            )
        elif pid not in self.checked:  # published: a 自评表 checked against it, as a job
            self.checked.add(pid)
            sheet = {"file": ("自评表.txt", _sheet(), "text/plain")}
            target = self._form("selfeval", f"/packages/{pid}/performance/selfeval", {}, sheet)
            if target and target.startswith("/jobs/"):
                job = int(target.rsplit("/", 1)[1])
                self.jobs.append(job)
                self.pending.append(("selfeval", f"/api/jobs/{job}", pid, "filer"))
        else:  # published and not itself a correction: correct it
            target = self._form(
                "correct", f"/packages/{pid}/correct", {"change_note": f"更正第 {pid} 号"}
            )
            new = int(target.rsplit("/", 1)[1]) if target else self._correction_of(pid)
            if target and new is not None:
                self.acked.append(Ack("correct", new, 1, None))
            if new is not None:
                self.corrections.add(new)
            self.package_id = new if new is not None else pid

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self.step()
            except ServerGone:
                return


# --- the sweep ----------------------------------------------------------------------------


@dataclass
class Report:
    points: int = 0
    killed_in: Counter[str] = field(default_factory=Counter)
    writes: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)
    restarts: list[float] = field(default_factory=list)
    migration_points: int = 0
    killed_mid_migration: int = 0
    violations: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        restarts = sorted(self.restarts) or [0.0]
        return [
            f"kill points: {self.points} ({self.points - self.migration_points} during the"
            f" workflow, {self.migration_points} during a start-up migration, of which"
            f" {self.killed_mid_migration} left the database between revisions)",
            "killed in: " + ", ".join(f"{k} {v}" for k, v in self.killed_in.most_common()),
            "acknowledged writes checked: "
            + ", ".join(f"{k} {v}" for k, v in self.writes.most_common()),
            "refused (4xx) writes: "
            + (", ".join(f"{k} {v}" for k, v in self.refused.most_common()) or "none"),
            f"restarts: {len(self.restarts)}, all answered; median {restarts[len(restarts) // 2]:.1f} s,"
            f" max {restarts[-1]:.1f} s",
            f"violations: {len(self.violations)}",
            *(f"  {v}" for v in self.violations[:20]),
            f"wall time: {self.seconds / 60:.1f} min",
        ]


def _migration_point(
    folder: Path, rng: random.Random, index: int, report: Report, window: float
) -> float:
    """A server started on an older database copy, killed while it starts (and migrates),
    started again: it must answer, every row kept."""
    sys.path.insert(0, str(ROOT))
    from tests.helpers.migrations import at_revision, row_counts

    from yusuan.web.db import make_engine

    path = folder / f"migration-{index}.sqlite3"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    counts = at_revision(engine, rng.choice(OLD_REVISIONS))
    engine.dispose()
    server = Server(url, folder / "server.log")
    server.start()
    # the migration's transaction holds SQLite's rollback journal: killed while it is there
    journal = Path(f"{path}-journal")
    deadline = time.monotonic() + window
    while not journal.exists() and time.monotonic() < deadline:
        time.sleep(0.002)
    time.sleep(rng.uniform(0, 0.3))
    server.kill()
    engine = make_engine(url)
    with engine.connect() as db:
        revision = db.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    engine.dispose()
    from yusuan.web.db import MIGRATIONS

    head = sorted(p.name[:4] for p in (MIGRATIONS / "versions").glob("0*.py"))[-1]
    report.killed_in["migration"] += 1
    report.killed_mid_migration += not str(revision).startswith(head)
    server = Server(url, folder / "server.log")
    server.start()
    try:
        took = server.ready()
    finally:
        server.kill()
    engine = make_engine(url)
    if row_counts(engine, counts) != counts:
        report.violations.append(f"migration point {index}: rows lost {row_counts(engine, counts)}")
    engine.dispose()
    path.unlink()
    return took


def sweep(
    points: int,
    seed: int = 1,
    folder: Path | None = None,
    database_url: str | None = None,
    window: float = 120.0,
    migrations: float = 0.1,
) -> Report:
    """``points`` kills: a share ``migrations`` of them (SQLite only) during a start-up
    migration, the others at a random moment of a workflow operation chosen at random (one
    that is not reached within ``window`` seconds is killed wherever the driver is)."""
    from yusuan.web.db import make_engine, migrate

    rng = random.Random(seed)
    own = folder is None
    folder = folder or Path(tempfile.mkdtemp(prefix="yusuan-kill-"))
    url = database_url or f"sqlite:///{folder / 'sweep.sqlite3'}"
    sqlite = url.startswith("sqlite")
    report = Report()
    started = time.monotonic()
    accounts = prepare(url)
    driver: Driver | None = None
    package_id: int | None = None
    acked: list[Ack] = []
    durations: dict[str, list[float]] = {}
    edited: set[int] = set()
    replaced: set[int] = set()
    corrections: set[int] = set()
    forwarded: set[int] = set()
    checked: set[int] = set()
    jobs: list[int] = []
    pending: list[tuple[str, str, int | None, str]] = []
    try:
        for index in range(points):
            report.points += 1
            if sqlite and rng.random() < migrations:
                report.migration_points += 1
                report.restarts.append(_migration_point(folder, rng, index, report, 30))
                continue
            server = Server(url, folder / "server.log")
            server.start()
            try:
                report.restarts.append(server.ready())
            except RuntimeError as exc:
                report.violations.append(f"point {index}: the server did not start again: {exc}")
                server.kill()
                break
            target = rng.choice(OPERATIONS)
            driver = Driver(
                server.base,
                accounts,
                acked=acked,
                package_id=package_id,
                target=target,
                durations=durations,
                edited=edited,
                replaced=replaced,
                corrections=corrections,
                forwarded=forwarded,
                checked=checked,
                jobs=jobs,
                pending=pending,
            )
            stop = threading.Event()
            thread = threading.Thread(target=driver.run, args=(stop,), daemon=True)
            thread.start()
            # killed at a random moment of the target operation (it is reached within one
            # workflow round), or a little after it
            if driver.armed.wait(window):
                took = sorted(durations.get(target) or [0.5])
                time.sleep(rng.uniform(0, 1.2 * took[len(took) // 2]))
            report.killed_in[driver.in_flight or "between requests"] += 1
            server.kill()
            stop.set()
            thread.join(60)
            package_id = driver.package_id
            report.writes.update(driver.done)
            report.refused.update(driver.refused)
            report.violations += [f"point {index}: {u}" for u in driver.unexpected]
            driver.close()
            engine = make_engine(url)
            try:
                migrate(engine)  # the database opens and migrates
                report.violations += [
                    f"point {index}: {v}" for v in violations(engine, acked, jobs)
                ]
            except Exception as exc:
                report.violations.append(f"point {index}: the database does not open: {exc!r}")
            finally:
                engine.dispose()
        # a last start: it answers, and what it serves is whole
        server = Server(url, folder / "server.log")
        server.start()
        try:
            report.restarts.append(server.ready())
            engine = make_engine(url)
            report.violations += served(server.base, engine)
            report.violations += violations(engine, acked, jobs)
            engine.dispose()
        finally:
            server.kill()
    finally:
        report.seconds = time.monotonic() - started
        if own and not report.violations:
            shutil.rmtree(folder, ignore_errors=True)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default=None, help="an empty database (default: SQLite)")
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args(argv)
    report = sweep(args.points, args.seed, args.folder, args.database_url)
    for line in report.lines():
        print(line, flush=True)
    return 1 if report.violations else 0


if __name__ == "__main__":
    sys.exit(main())
