"""Shared fixtures: paths to the seed documents and the real sample PDFs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from fastapi import FastAPI

    from yusuan.web.seed import Demo

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DOCS = FIXTURES / "docs"
EXPECTED = FIXTURES / "expected"
SHARED = Path(os.environ.get("YUSUAN_SHARED", ROOT.parent / "shared"))
SAMPLES = SHARED / "samples" / "pdf"

SEED000 = DOCS / "qijiang_2026_budget.txt"
SEED003 = DOCS / "changshou_targets.txt"
#: seed 000 corrected: every table and sentence consistent
CONSISTENT = DOCS / "qijiang_2026_consistent.txt"
SH_SIFAJU = SAMPLES / "上海市普陀区司法局2026年部门预算.pdf"
SH_ZFB_DEPT = SAMPLES / "上海市普陀区人民政府办公室2025年部门预算.pdf"
SH_ZFB_UNIT = SAMPLES / "上海市普陀区人民政府办公室2025年单位预算.pdf"


def require_samples() -> None:
    """The Shanghai PDFs live in ../shared (not in the repo). Under CI they must be there."""
    if not SAMPLES.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"shared samples missing under CI: {SAMPLES}")
        pytest.skip(f"shared samples not found: {SAMPLES}")  # CI: never skipped, see above


def require_pdf_publishing() -> None:
    """Publishing PDF needs a system CJK font and Pango (scripts/system-deps.sh installs them).
    Under CI they must be there."""
    from yusuan.publish.pdf import cjk_font_available

    problem = None
    if not cjk_font_available():
        problem = "no CJK font (fonts-noto-cjk)"
    else:
        try:
            import weasyprint  # noqa: F401
        except (ImportError, OSError) as exc:
            problem = f"WeasyPrint cannot load: {exc}"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PDF publishing unavailable under CI: {problem}")
        pytest.skip(f"PDF publishing unavailable: {problem}")  # CI: never skipped, see above


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return found[-1].parent if found else None


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway PostgreSQL server (Debian's packages; scripts/system-deps.sh installs them)
    on a Unix socket, for the storage tests. Under CI it must be there."""
    import secrets
    import shutil
    import subprocess

    bindir = _pg_bin()
    if bindir is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL is not installed under CI (scripts/system-deps.sh)")
        pytest.skip("PostgreSQL not installed")  # CI: never skipped, see above
    root = Path(f"/tmp/yusuan-pg-{secrets.token_hex(4)}")
    root.mkdir()
    data = root / "data"
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root: the server runs as postgres
        shutil.chown(root, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = 20000 + secrets.randbelow(20000)

    def run(*args: str) -> None:
        subprocess.run([*as_user, *args], check=True, capture_output=True)

    run(str(bindir / "initdb"), "-D", str(data), "--auth=trust", "-U", "postgres", "-E", "UTF8")
    run(
        str(bindir / "pg_ctl"),
        "-D",
        str(data),
        "-w",
        "-l",
        str(root / "log"),
        "-o",
        f"-k {root} -p {port} -c listen_addresses=''",
        "start",
    )
    try:
        yield f"postgresql+psycopg://postgres@/{{db}}?host={root}&port={port}"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


def new_database(request: pytest.FixtureRequest, folder: Path) -> str:
    """A fresh database of the kind ``request.param`` names (``sqlite`` or ``postgresql``)."""
    if request.param == "sqlite":
        return f"sqlite:///{folder / 'web.sqlite3'}"
    import secrets

    import sqlalchemy

    template: str = request.getfixturevalue("postgres_server")
    name = f"t_{secrets.token_hex(6)}"
    engine = sqlalchemy.create_engine(template.format(db="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as con:
        con.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return template.format(db=name)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each storage test runs on SQLite and on PostgreSQL (a fresh database per test)."""
    return new_database(request, tmp_path)


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> FastAPI:
    """The web app on SQLite and on PostgreSQL."""
    from yusuan.web.app import create_app
    from yusuan.web.settings import Settings

    return create_app(settings=Settings(database_url=database_url, secret_key="test-secret"))


@pytest.fixture
def demo(app: FastAPI) -> Demo:
    """The demo units, accounts and packages (one published, one draft)."""
    from yusuan.web.seed import seed_demo

    with app.state.sessions() as session:
        return seed_demo(session)


# -- every rule fires somewhere: computed from what the tests did, not from a list --------------

_FIRED: set[str] = set()


@pytest.fixture(autouse=True, scope="session")
def _warm_cache_of_the_session(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The command line's cache between runs (yusuan.warmcache) in the session's folder, not the
    user's home: commands run by the tests, in-process or as children, share it."""
    os.environ["YUSUAN_CACHE_DIR"] = str(tmp_path_factory.mktemp("warm-cache"))


@pytest.fixture(autouse=True, scope="session")
def _record_fired_rules() -> Iterator[None]:
    """Record each rule that produced a finding in this process (all go through Context.finding)."""
    from yusuan.rules.context import Context

    original = Context.finding

    def finding(self: Context, *args: object, **kwargs: object) -> object:
        _FIRED.add(self.rule_id)
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    Context.finding = finding  # type: ignore[assignment,method-assign]
    yield
    Context.finding = original  # type: ignore[method-assign]


def _whole_suite(session: pytest.Session) -> bool:
    """The run collected every test (no file, -k, -m or --deselect narrowing it)."""
    opt = session.config.option
    args = [a for a in session.config.args if a not in ("tests", str(ROOT / "tests"))]
    return not (args or opt.keyword or opt.markexpr or getattr(opt, "deselect", None))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A whole, passing run fails if a registered rule never produced a finding in any test: each
    rule needs a failing case (its passing cases are the clean documents and pages)."""
    if exitstatus != 0 or not _whole_suite(session):
        return
    from yusuan.rules.builtin import all_rules

    never = sorted({r.id for r in all_rules()} - _FIRED)
    if never:
        print(f"\n规则从未在测试中报出问题（缺少失败用例）：{'、'.join(never)}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The Dask tests last: a Dask client leaves its IO-loop thread and offload pool running for
    the rest of the process, and a process with other threads reads PDFs in place instead of in a
    bounded child (yusuan.isolate), which tests/test_isolate.py must see it do."""
    dask = [
        i for i in items if "cluster" in getattr(i, "fixturenames", ()) or "scheduler" in i.name
    ]
    rest = [i for i in items if i not in dask]
    items[:] = rest + dask
