"""The web platform under test: an app on a database, a browser session with its CSRF token,
units, users and packages added directly, API tokens and a machine client."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tests.conftest import CONSISTENT, DOCS
from yusuan.model import BudgetPackage, Table, TableKind
from yusuan.pipeline import load_bytes
from yusuan.web import store
from yusuan.web.app import create_app
from yusuan.web.db import AuditLog, Package, Unit
from yusuan.web.review import review
from yusuan.web.seed import SUBUNIT, Demo
from yusuan.web.settings import Settings

BUDGET = DOCS / "qijiang_2026_budget.txt"


TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


SCRIPT = "<script>alert(1)</script>"


def make_app(tmp_path: Path, database_url: str | None = None, **overrides: Any) -> FastAPI:
    settings = Settings(
        database_url=database_url or f"sqlite:///{tmp_path / 'web.sqlite3'}",
        secret_key="test-secret",
        **overrides,
    )
    return create_app(settings=settings)


class Browser:
    """A TestClient that knows the session's CSRF token and the demo passwords."""

    def __init__(self, app: FastAPI, demo: Demo | None = None) -> None:
        self.client = TestClient(app)
        self.app = app
        self.passwords = {a.username: a.password for a in demo.accounts} if demo else {}
        self.signed_in = False

    def token(self) -> str:
        page = self.client.get("/" if self.signed_in else "/login", follow_redirects=False)
        match = TOKEN.search(page.text)
        assert match, page.text
        return match.group(1)

    def login(self, username: str, password: str | None = None) -> Any:
        token = TOKEN.search(self.client.get("/login").text)
        response = self.client.post(
            "/login",
            data={
                "username": username,
                "password": password if password is not None else self.passwords[username],
                "csrf_token": token.group(1) if token else "",
            },
            follow_redirects=False,
        )
        self.signed_in = response.status_code == 303
        return response

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        form = {"csrf_token": self.token(), **(data or {})}
        return self.client.post(path, data=form, follow_redirects=False, **kwargs)

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, follow_redirects=False, **kwargs)

    def upload(self, path: Path, name: str | None = None, **data: Any) -> Any:
        files = {"file": (name or path.name, path.read_bytes(), "text/plain")}
        return self.post("/upload", data, files=files)

    def job(self, response: Any, timeout: float = 120) -> dict[str, Any]:
        """The job an upload was queued as (303 to its page), once it has ended."""
        assert response.status_code == 303, response.text
        match = re.fullmatch(r"/jobs/(\d+)", response.headers["location"])
        assert match, response.headers["location"]
        return wait_job(self.client, f"/api/jobs/{match.group(1)}", {}, timeout)

    def uploaded(self, response: Any) -> int:
        """The draft an upload made (its job followed until done)."""
        job = self.job(response)
        assert job["state"] == "done", job
        return int(job["package_id"])

    def act(self, package_id: int, action: str, **data: Any) -> Any:
        """The action's answer; 发布 (a job: 303 to its page) followed until the job ends,
        which is then on the answer as ``job``."""
        response = self.post(
            f"/packages/{package_id}/{action}",
            {"version": self.package(package_id).version, **data},
        )
        if action == "publish" and response.status_code == 303:
            response.job = self.job(response)
        return response

    def package(self, package_id: int) -> Package:
        """The stored package, its model loaded (it is deferred in the app)."""
        with self.app.state.sessions() as session:
            package: Package | None = session.get(
                Package, package_id, options=[selectinload(Package.stored_model)]
            )
            assert package is not None
            return package


def wait_job(
    client: TestClient, url: str, headers: dict[str, str], timeout: float = 120
) -> dict[str, Any]:
    """A job's JSON once it has ended (done, failed or cancelled)."""
    deadline = time.monotonic() + timeout
    while True:
        answer = client.get(url, headers=headers)
        assert answer.status_code == 200, answer.text
        job: dict[str, Any] = answer.json()
        if job["state"] in ("done", "failed", "cancelled"):
            return job
        assert time.monotonic() < deadline, f"job still {job['state']}: {job}"
        time.sleep(0.05)


def signed_in(app: FastAPI, demo: Demo, username: str) -> Browser:
    browser = Browser(app, demo)
    assert browser.login(username).status_code == 303
    return browser


def counts(app: FastAPI) -> tuple[int, int]:
    with app.state.sessions() as session:
        packages = session.scalar(select(func.count()).select_from(Package))
        audits = session.scalar(select(func.count()).select_from(AuditLog))
    return packages or 0, audits or 0


def add_unit_user(
    app: FastAPI, unit_name: str, kind: str, parent: str | None, username: str, role: str
) -> int:
    with app.state.sessions() as session:
        parent_unit = session.scalar(select(Unit).where(Unit.name == parent)) if parent else None
        unit = store.create_unit(session, None, unit_name, kind, parent_unit)
        store.create_user(session, None, username, "password-123", role, unit)
        return unit.id


def add_package(app: FastAPI, unit_id: int, path: Path = CONSISTENT) -> int:
    with app.state.sessions() as session:
        unit = session.get(Unit, unit_id)
        assert unit is not None
        pkg = load_bytes(path.read_bytes(), path.name)
        return store.create_package(session, None, unit, pkg, path.name, "测试文件", 2026).id


def subunit_id(app: FastAPI) -> int:
    """The demo's 二级单位 (another unit than the demo packages')."""
    with app.state.sessions() as session:
        unit: Unit | None = session.scalar(select(Unit).where(Unit.name == SUBUNIT))
        assert unit is not None
        return unit.id


NEW_TOKEN = re.compile(r'<code class="token" id="new-token">(ys_[\w-]+)</code>')


def make_token(browser: Browser, name: str = "预算系统") -> str:
    created = browser.post("/tokens", {"name": name})
    assert created.status_code == 303, created.text  # post/redirect/get: no second on reload
    page = browser.get("/tokens")
    match = NEW_TOKEN.search(page.text)
    assert match, page.text
    return match.group(1)


class Machine:
    """A client that sends its token on every request (and no cookie)."""

    def __init__(self, app: FastAPI, token: str) -> None:
        self.client = TestClient(app)
        self.headers = {"Authorization": f"Bearer {token}"}

    def upload(self, path: Path, **data: Any) -> Any:
        files = {"file": (path.name, path.read_bytes(), "text/plain")}
        return self.client.post("/api/packages", data=data, files=files, headers=self.headers)

    def wait(self, response: Any, timeout: float = 120) -> dict[str, Any]:
        """The job an API upload was queued as (202), once it has ended."""
        assert response.status_code == 202, response.text
        assert response.headers["location"] == response.json()["url"]
        return wait_job(self.client, response.json()["url"], self.headers, timeout)

    def uploaded(self, response: Any) -> dict[str, Any]:
        """The draft an API upload made, as ``GET /api/packages/{id}`` gives it."""
        job = self.wait(response)
        assert job["state"] == "done", job
        answer = self.get(f"/api/packages/{job['package_id']}")
        assert answer.status_code == 200, answer.text
        package: dict[str, Any] = answer.json()
        return package

    def replace(self, pid: int, path: Path, version: int) -> Any:
        files = {"file": (path.name, path.read_bytes(), "text/plain")}
        return self.client.put(
            f"/api/packages/{pid}/file",
            data={"version": str(version)},
            files=files,
            headers=self.headers,
        )

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(path, json=body, headers=self.headers)

    def publish(self, pid: int, version: int) -> dict[str, Any]:
        """发布 through the API (a job: 202), followed until published: the package's JSON."""
        job = self.wait(self.post(f"/api/packages/{pid}/publish", {"version": version}))
        assert job["state"] == "done", job
        assert job["package_id"] == pid and job["result_url"] == f"/packages/{pid}"
        answer = self.get(f"/api/packages/{pid}")
        assert answer.status_code == 200, answer.text
        package: dict[str, Any] = answer.json()
        return package

    def get(self, path: str) -> Any:
        return self.client.get(path, headers=self.headers)


def publish(app: FastAPI, demo: Demo, path: Path) -> int:
    """Upload, submit, waive the errors, approve and publish, as the admin (for the demo's
    二级单位: the demo's unit has its 2026 部门预算 published already)."""
    pid = add_package(app, subunit_id(app), path)
    admin = signed_in(app, demo, "admin")
    assert admin.act(pid, "submit").status_code == 303
    with app.state.sessions() as session:
        package = session.get(Package, pid)
        assert package is not None
        keys = [r.key for r in review(session, package, "chongqing-2026").blocking]
    for key in keys:
        admin.act(pid, "decide", finding_key=key, decision="waive", reason="测试")
    for action in ("approve", "publish"):
        assert admin.act(pid, action).status_code == 303
    return pid


def gpb(pkg: BudgetPackage) -> tuple[int, Table]:
    index = next(i for i, t in enumerate(pkg.tables) if t.kind is TableKind.GPB_EXPENDITURE)
    return index, pkg.tables[index]


def field(table: Table, code: str | None, column: str) -> str:
    row = next(i for i, r in enumerate(table.rows) if r.code == code)
    return f"r{row}c{table.columns.index(column)}"
