"""The route × role matrix (issue #19), generated from the app: every route the app registers
has an entry below saying who may use it (a new route without one fails), and every route is
requested by every principal — anonymous, 填报员 of the package's unit and of another,
主管部门审核员 above the unit and below it, 财政局审核员 of the region and of another, the
administrator, API tokens — on packages of every kind (draft, submitted, published; own unit,
a unit below, another region), on SQLite and PostgreSQL. Nobody gets what the entry does not
grant them, whoever it grants is not refused, and nothing answers 5xx.

Requests are built to pass authorization and then stop short of changing anything (a stale
version, a missing field): one app and one set of packages serve the whole matrix."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Mount

from tests.conftest import CONSISTENT, new_database
from tests.helpers.web import BUDGET
from yusuan.pipeline import load_bytes
from yusuan.web import store
from yusuan.web.app import create_app
from yusuan.web.authz import NOT_FOUND
from yusuan.web.db import (
    ROLE_ADMIN,
    ROLE_DEPT_REVIEWER,
    ROLE_FILER,
    ROLE_FINANCE_REVIEWER,
    Job,
    Package,
    Unit,
    utcnow,
)
from yusuan.web.jobs.queue import JOB_NOT_FOUND
from yusuan.web.review import review
from yusuan.web.seed import DEPARTMENT, FINANCE, SUBUNIT, _doc, seed_demo
from yusuan.web.settings import Settings

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "matrix-Lantern-2026"
ORIGINAL = "shanghai_putuo_justice_2026.pdf"  # kept as the packages' original file (PDF pages)
#: a denial that hides whether the object exists
HIDDEN = (NOT_FOUND, "令牌不存在", JOB_NOT_FOUND)

# --- who asks ----------------------------------------------------------------------------------

REGION = {"finance": "finance", "dept": "finance", "sub": "finance", "finance2": "finance2"}
REGION["unit2"] = "finance2"
BELOW = {"dept": {"dept", "sub"}, "sub": {"sub"}}  # a unit and the units under it


@dataclass(frozen=True)
class Principal:
    name: str
    role: str | None = None  # None: anonymous
    unit: str | None = None
    token: bool = False  # an API bearer token (on pages, where tokens are not read: anonymous)


PRINCIPALS = (
    Principal("anonymous"),
    Principal("filer", ROLE_FILER, "dept"),
    Principal("filer_below", ROLE_FILER, "sub"),
    Principal("dept_reviewer", ROLE_DEPT_REVIEWER, "dept"),
    Principal("dept_reviewer_below", ROLE_DEPT_REVIEWER, "sub"),
    Principal("finance_reviewer", ROLE_FINANCE_REVIEWER, "finance"),
    Principal("finance_other_region", ROLE_FINANCE_REVIEWER, "finance2"),
    Principal("admin", ROLE_ADMIN, "finance"),
    Principal("token_filer", ROLE_FILER, "dept", token=True),
    Principal("token_dept_reviewer", ROLE_DEPT_REVIEWER, "dept", token=True),
    Principal("token_finance_other_region", ROLE_FINANCE_REVIEWER, "finance2", token=True),
    Principal("token_admin", ROLE_ADMIN, "finance", token=True),
)


@dataclass(frozen=True)
class Target:
    """A package of the matrix: its unit (a key of :data:`REGION`) and status."""

    name: str
    unit: str
    status: str
    id: int = 0
    finding: str = "x"


# --- what the policy grants (stated here, independently of yusuan.web.authz) --------------------


def signed_in(p: Principal, _: Target | None = None) -> bool:
    return p.role is not None


def admin(p: Principal, _: Target | None = None) -> bool:
    return p.role == ROLE_ADMIN


def anyone(p: Principal, _: Target | None = None) -> bool:
    return True


def in_scope(p: Principal, t: Target) -> bool:
    if p.role == ROLE_ADMIN:
        return True
    if p.role == ROLE_FILER:
        return p.unit == t.unit
    if p.role == ROLE_DEPT_REVIEWER:
        return t.unit in BELOW.get(p.unit or "", set())
    if p.role == ROLE_FINANCE_REVIEWER:
        return REGION[t.unit] == p.unit
    return False


def sees(p: Principal, t: Target | None) -> bool:
    assert t is not None
    return t.status == "published" or in_scope(p, t)


def sees_signed_in(p: Principal, t: Target | None) -> bool:
    return signed_in(p) and sees(p, t)


def published(p: Principal, t: Target | None) -> bool:
    assert t is not None
    return t.status == "published"


def files(p: Principal, t: Target | None) -> bool:
    """Edit, submit, correct: its unit's 填报员, the administrator."""
    assert t is not None
    return p.role == ROLE_ADMIN or (p.role == ROLE_FILER and p.unit == t.unit)


def reviews(p: Principal, t: Target | None) -> bool:
    assert t is not None
    return p.role in (ROLE_DEPT_REVIEWER, ROLE_FINANCE_REVIEWER, ROLE_ADMIN) and in_scope(p, t)


def publishes(p: Principal, t: Target | None) -> bool:
    assert t is not None
    return p.role in (ROLE_FINANCE_REVIEWER, ROLE_ADMIN) and in_scope(p, t)


def uploads(p: Principal, _: Target | None = None) -> bool:
    return p.role in (ROLE_FILER, ROLE_ADMIN)


def reviewer(p: Principal, _: Target | None = None) -> bool:
    return p.role in (ROLE_DEPT_REVIEWER, ROLE_FINANCE_REVIEWER, ROLE_ADMIN)


def discusses(p: Principal, t: Target | None) -> bool:
    """A finding's thread: the unit's filer and the package's reviewers."""
    return files(p, t) or reviews(p, t)


def owns_spare_token(p: Principal, _: Target | None = None) -> bool:
    return p.name == "filer"


def owns_job(p: Principal, _: Target | None = None) -> bool:
    """An upload's job: its uploader (the filer, and the filer's token), the administrator."""
    return p.role == ROLE_ADMIN or (p.role is not None and p.name in ("filer", "token_filer"))


def sees_owns_job(p: Principal, t: Target | None) -> bool:
    return sees_signed_in(p, t) and owns_job(p)


Grant = Callable[[Principal, Target | None], bool]


@dataclass(frozen=True)
class Entry:
    """Who may use a route. ``grant`` None: open to all (only 5xx and 403 are failures).
    ``api``: a JSON API route (bearer tokens count; writes take tokens only)."""

    grant: Grant | None
    form: dict[str, str] = field(default_factory=dict)
    json: dict[str, Any] | None = None
    fresh: bool = False  # asked from a session signed in for it alone (logout ends it)
    upload: bool = False  # a multipart form with a file that is no disclosure (nothing kept)


STALE = {"version": "0"}  # passes authorization, then stops at the version check (409)
MATRIX: dict[tuple[str, str], Entry] = {
    ("GET", "/openapi.json"): Entry(anyone),
    ("GET", "/static"): Entry(anyone),
    ("GET", "/login"): Entry(None),
    ("POST", "/login"): Entry(None, {"username": "matrix-nobody", "password": "wrong"}),
    ("POST", "/logout"): Entry(None, fresh=True),
    ("GET", "/account/password"): Entry(signed_in),
    ("POST", "/account/password"): Entry(signed_in, {"current": "wrong-password"}),
    ("GET", "/admin"): Entry(admin),
    ("GET", "/admin/audit"): Entry(admin),
    ("GET", "/admin/audit.csv"): Entry(admin),
    ("GET", "/review"): Entry(reviewer),
    ("POST", "/packages/{package_id}/withdraw"): Entry(files, STALE),
    ("POST", "/packages/{package_id}/findings/{key}/reply"): Entry(discusses, {"text": ""}),
    ("GET", "/packages/{package_id}/opinions.{ext}"): Entry(sees_signed_in),
    ("POST", "/admin/units"): Entry(admin, {"name": "", "kind": ""}),
    ("POST", "/admin/users"): Entry(admin, {"username": ""}),
    ("POST", "/admin/users/{user_id}/disable"): Entry(admin),
    ("POST", "/admin/users/{user_id}/enable"): Entry(admin),
    ("POST", "/admin/users/{user_id}/password"): Entry(admin, {"password": ""}),
    ("GET", "/"): Entry(None),  # the dashboard; anonymous visitors are sent to /public
    ("GET", "/upload"): Entry(uploads),
    ("POST", "/upload"): Entry(uploads),
    ("GET", "/packages/{package_id}"): Entry(sees),
    ("POST", "/packages/{package_id}/submit"): Entry(files, STALE),
    ("POST", "/packages/{package_id}/return"): Entry(reviews, {**STALE, "reason": "退回"}),
    ("POST", "/packages/{package_id}/approve"): Entry(reviews, STALE),
    ("POST", "/packages/{package_id}/publish"): Entry(publishes, STALE),
    ("POST", "/packages/{package_id}/decide"): Entry(
        reviews, {**STALE, "finding_key": "{key}", "decision": "accept"}
    ),
    ("POST", "/packages/{package_id}/decide-batch"): Entry(
        reviews, {**STALE, "finding_key": "{key}", "decision": "accept"}
    ),
    ("POST", "/packages/{package_id}/discard"): Entry(files, STALE),
    ("POST", "/packages/{package_id}/correct"): Entry(files, {"change_note": ""}),
    ("POST", "/packages/{package_id}/edit"): Entry(files, {**STALE, "title": "t"}),
    ("POST", "/packages/{package_id}/upload"): Entry(files, STALE),
    ("GET", "/packages/{package_id}/tables/{index}/edit"): Entry(files),
    ("POST", "/packages/{package_id}/tables/{index}/preview"): Entry(files),
    ("POST", "/packages/{package_id}/tables/{index}"): Entry(files, STALE),
    ("GET", "/packages/{package_id}/tables/{index}"): Entry(sees),
    ("GET", "/packages/{package_id}/findings/{key}"): Entry(sees_signed_in),
    ("GET", "/packages/{package_id}/original/pages/{number}.png"): Entry(sees),
    ("GET", "/packages/{package_id}/original/pages/{number}"): Entry(sees),
    ("GET", "/packages/{package_id}/findings/{key}/original"): Entry(sees),
    ("GET", "/packages/{package_id}/performance"): Entry(sees_signed_in),
    ("POST", "/packages/{package_id}/performance"): Entry(sees_signed_in),
    ("POST", "/packages/{package_id}/performance/monitor"): Entry(sees_signed_in),
    ("POST", "/packages/{package_id}/performance/selfeval"): Entry(sees_signed_in),
    # a 自评表 check's result: the package seen, the job one's own (another's: hidden)
    ("GET", "/packages/{package_id}/performance/selfeval/{job_id}"): Entry(sees_owns_job),
    ("GET", "/tokens"): Entry(signed_in),
    ("POST", "/tokens"): Entry(signed_in, {"name": ""}),
    ("POST", "/tokens/{token_id}/revoke"): Entry(owns_spare_token),
    ("GET", "/jobs/{job_id}"): Entry(owns_job),
    ("POST", "/jobs/{job_id}/cancel"): Entry(owns_job),  # the job has ended: 409
    ("GET", "/api/jobs/{job_id}"): Entry(owns_job),
    ("POST", "/api/jobs/{job_id}/cancel"): Entry(owns_job),
    ("GET", "/deadlines"): Entry(signed_in),
    ("GET", "/api/deadlines"): Entry(signed_in),
    ("GET", "/public"): Entry(anyone),
    ("GET", "/public/packages/{package_id}"): Entry(published),
    ("GET", "/public/packages/{package_id}/download.{fmt}"): Entry(published),
    ("GET", "/public/packages/{package_id}/tables/{index}"): Entry(published),
    ("GET", "/public/compare"): Entry(anyone),
    ("GET", "/public/stats"): Entry(anyone),
    ("GET", "/api/packages"): Entry(anyone),
    ("GET", "/api/packages/{package_id}"): Entry(sees),
    ("GET", "/api/public/packages"): Entry(anyone),
    ("POST", "/api/packages"): Entry(uploads, upload=True),
    ("PUT", "/api/packages/{package_id}/file"): Entry(files, STALE, upload=True),
    ("POST", "/api/packages/{package_id}/decisions"): Entry(
        reviews, json={"version": 0, "finding_key": "{key}", "decision": "accept"}
    ),
    ("POST", "/api/packages/{package_id}/{action}"): Entry(publishes, json={"version": 0}),
    ("POST", "/api/packages/{package_id}/publish"): Entry(publishes, json={"version": 0}),
    ("GET", "/api/public/export.csv"): Entry(anyone),
    ("GET", "/api/public/export.json"): Entry(anyone),
    ("GET", "/api/public/datapackage.zip"): Entry(anyone),
}
#: path parameters other than the package (which runs over every target)
PARAMS = {"index": "0", "number": "1", "fmt": "json", "ext": "xlsx", "action": "publish"}


def registered(app: FastAPI) -> Iterator[tuple[str, str]]:
    """(method, path) of every route the app registers (HEAD, served with GET, left out)."""
    for route in app.routes:
        if isinstance(route, Mount):
            yield "GET", route.path
            continue
        contexts = getattr(route, "effective_route_contexts", None)  # an included router
        found = [(c.path, c.original_route) for c in contexts()] if contexts else [(None, route)]
        for path, original in found:
            for method in sorted(getattr(original, "methods", None) or ()):
                if method != "HEAD":
                    yield method, path or original.path  # type: ignore[union-attr]


def test_every_registered_route_has_an_entry() -> None:
    app = create_app(settings=Settings(database_url="sqlite://", secret_key="t"))
    routes = set(registered(app))
    app.state.engine.dispose()
    assert len(routes) >= 50
    assert sorted(routes - set(MATRIX)) == [], "routes without an entry in MATRIX"
    assert sorted(set(MATRIX) - routes) == [], "entries for routes the app no longer has"


# --- the world the matrix runs in ---------------------------------------------------------------


@dataclass
class World:
    app: FastAPI
    targets: list[Target]
    clients: dict[str, TestClient]
    csrf: dict[str, str]
    ids: dict[str, str]


def _package(session: Any, unit: Unit, path: Path, status: str, admin_user: Any) -> int:
    pkg = load_bytes(path.read_bytes(), path.name)
    package = store.create_package(
        session, admin_user, unit, pkg, "原件.pdf", "矩阵测试", 2026, _doc(ORIGINAL)
    )
    if status == "submitted":
        store.transition(session, admin_user, package, package.version, "submit")
    return package.id


def _sign_in(app: FastAPI, username: str | None) -> tuple[TestClient, str]:
    client = TestClient(app)
    csrf = TOKEN.search(client.get("/login").text)
    assert csrf
    if username is None:
        return client, csrf[1]
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": csrf[1]},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    csrf = TOKEN.search(client.get("/tokens").text)
    assert csrf
    return client, csrf[1]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    url = new_database(request, tmp_path_factory.mktemp("matrix"))
    settings = Settings(database_url=url, secret_key="matrix", public_burst=0)
    app = create_app(settings=settings)
    with app.state.sessions() as session:
        demo = seed_demo(session)
        units = {u.name: u for u in session.query(Unit)}
        finance2 = store.create_unit(session, None, "某市某区财政局", "财政局")
        unit2 = store.create_unit(session, None, "某市某区某局", "主管部门", finance2)
        unit_of = {
            "finance": units[FINANCE],
            "dept": units[DEPARTMENT],
            "sub": units[SUBUNIT],
            "finance2": finance2,
            "unit2": unit2,
        }
        admin_user = None
        users = {}
        for p in PRINCIPALS:
            if p.role is None or p.token:
                continue
            assert p.unit is not None
            users[p.name] = store.create_user(
                session, None, f"m_{p.name}", PASSWORD, p.role, unit_of[p.unit]
            )
            if p.role == ROLE_ADMIN:
                admin_user = users[p.name]
        victim = store.create_user(session, None, "m_victim", PASSWORD, ROLE_FILER, units[SUBUNIT])
        targets = [
            Target("published", "dept", "published", demo.published.id),
            Target("draft", "dept", "draft", demo.draft.id),
            Target("submitted", "dept", "submitted"),
            Target("below_submitted", "sub", "submitted"),
            Target("other_region_draft", "unit2", "draft"),
        ]
        for i, t in enumerate(targets):
            if not t.id:
                path = BUDGET if t.unit == "dept" else CONSISTENT
                pid = _package(session, unit_of[t.unit], path, t.status, admin_user)
                targets[i] = t = Target(t.name, t.unit, t.status, pid)
            package = session.get(Package, t.id)
            assert package is not None and package.status == t.status
            found = review(session, package, settings.profile).findings
            if found:
                targets[i] = Target(t.name, t.unit, t.status, t.id, found[0].key)
        tokens = {}
        for p in PRINCIPALS:
            if p.token:
                owner = users[p.name.removeprefix("token_")]
                tokens[p.name] = store.create_token(session, owner, "matrix")[1]
        spare = store.create_token(session, users["filer"], "spare")[0]
        job = Job(
            kind="upload",
            state="done",
            user_id=users["filer"].id,
            unit_id=unit_of["dept"].id,
            package_id=demo.draft.id,
            title="",
            file_name="原件.pdf",
            file_size=1,
            step="读取",
            done_pages=1,
            total_pages=1,
            attempts=1,
            cancel_requested=False,
            created_at=utcnow(),
        )
        session.add(job)
        session.commit()
        ids = {"user_id": str(victim.id), "token_id": str(spare.id), "job_id": str(job.id)}
    clients, csrf = {}, {}
    for p in PRINCIPALS:
        name = None if p.role is None or p.token else f"m_{p.name}"
        clients[p.name], csrf[p.name] = _sign_in(app, name)
        if p.token:
            clients[p.name].headers["Authorization"] = f"Bearer {tokens[p.name]}"
    yield World(app, targets, clients, csrf, ids)
    app.state.engine.dispose()


# --- asking -------------------------------------------------------------------------------------


def _acting(p: Principal, path: str) -> Principal:
    """Who the app sees: on pages a bearer token is not read (the visitor is anonymous); API
    writes take a token only (a session cookie is refused there)."""
    if p.token and not path.startswith("/api"):
        return Principal(p.name)
    return p


def denied(response: Any) -> bool:
    if response.status_code in (401, 403):
        return True
    if response.status_code == 303 and response.headers["location"].endswith("/login"):
        return True
    return response.status_code == 404 and any(h in response.text for h in HIDDEN)


def _ask(world: World, p: Principal, method: str, path: str, entry: Entry, t: Target | None) -> Any:
    params = {**PARAMS, **world.ids, "key": t.finding if t else "x"}
    if t is not None:
        params["package_id"] = str(t.id)
    url = path.format(**params) if path != "/static" else "/static/charts.js"
    client, csrf = world.clients[p.name], world.csrf[p.name]
    if entry.fresh:
        username = None if p.role is None or p.token else f"m_{p.name}"
        client, csrf = _sign_in(world.app, username)
    if entry.json is not None:
        body = {k: v.format(**params) if isinstance(v, str) else v for k, v in entry.json.items()}
        return client.request(method, url, json=body, follow_redirects=False)
    if method == "GET":
        return client.get(url, follow_redirects=False)
    form = {k: v.format(**params) for k, v in entry.form.items()}
    files = {"file": ("a.txt", b"x", "text/plain")} if entry.upload else None
    return client.request(
        method, url, data={"csrf_token": csrf, **form}, files=files, follow_redirects=False
    )


def _api_write(method: str, path: str) -> bool:
    return path.startswith("/api") and method in ("POST", "PUT")


def test_route_role_matrix(world: World) -> None:
    problems: list[str] = []
    asked = 0
    for (method, path), entry in MATRIX.items():
        over = world.targets if "{package_id}" in path else [None]
        for p in PRINCIPALS:
            acting = _acting(p, path)
            for t in over:
                response = _ask(world, p, method, path, entry, t)
                asked += 1
                where = f"{method} {path} as {p.name}" + (f" on {t.name}" if t else "")
                status = response.status_code
                if status >= 500:
                    problems.append(f"{where}: {status}")
                    continue
                if entry.grant is None:
                    if status == 403:
                        problems.append(f"{where}: refused (403) an open route")
                    continue
                grant = entry.grant(acting, t)
                if _api_write(method, path) and not acting.token:
                    grant = False  # API writes: a bearer token only
                if grant and denied(response):
                    problems.append(f"{where}: refused ({status}) though granted")
                elif not grant and not denied(response):
                    problems.append(f"{where}: allowed ({status}) though not granted")
    assert asked > 1500
    assert problems == [], "\n".join(problems[:60])
