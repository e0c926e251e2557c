"""Database: SQLAlchemy 2 models, the engine, and the Alembic upgrade run at startup.

Writes go through :mod:`yusuan.web.store`, which records an :class:`AuditLog` row in the same
transaction. The audit log is append-only: the ORM refuses to update or delete its rows and,
on SQLite, the migration adds triggers that refuse it in SQL too.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    text,
)
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    relationship,
    sessionmaker,
)
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool
from sqlalchemy.types import TypeDecorator

UNIT_KINDS = ("财政局", "主管部门", "二级单位")
ROLE_FILER = "单位填报员"
ROLE_DEPT_REVIEWER = "主管部门审核员"
ROLE_FINANCE_REVIEWER = "财政局审核员"
ROLE_ADMIN = "管理员"
ROLES = (ROLE_FILER, ROLE_DEPT_REVIEWER, ROLE_FINANCE_REVIEWER, ROLE_ADMIN)
DECISIONS = ("accept", "waive")
#: what a package is, from its model (scope + stage): one current published version of each
#: per unit and year (migration 0009)
KINDS = ("部门预算", "单位预算", "部门决算", "单位决算")
CURRENT = "status = 'published' AND superseded_at IS NULL"

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes, also on SQLite (which stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    pass


class Unit(Base):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    #: carried in the signed session cookie; bumped at logout, password change and
    #: disabling, which revokes every session cookie issued before (migration 0008)
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: a disabled account cannot sign in, and its sessions and API tokens are refused
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


def _partial(where: str) -> dict[str, Any]:
    return {"sqlite_where": text(where), "postgresql_where": text(where)}


class Package(Base):
    __tablename__ = "packages"
    # one open and one published correction per version at most (migration 0007); SQLite
    # never reuses an id (a discarded draft's history stays its own)
    __table_args__ = (
        Index(
            "ux_packages_open_correction",
            "supersedes_id",
            unique=True,
            **_partial("status <> 'published'"),
        ),
        Index(
            "ux_packages_published_correction",
            "supersedes_id",
            unique=True,
            **_partial("status = 'published'"),
        ),
        # one current published version per unit, year and kind (migration 0009)
        Index("ux_packages_current", "unit_id", "year", "kind", unique=True, **_partial(CURRENT)),
        # the public list's orders, read in index order page by page (migration 0010)
        Index("ix_packages_public", "published_at", "id", **_partial(CURRENT)),
        Index("ix_packages_public_year", "year", "published_at", "id", **_partial(CURRENT)),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), index=True)
    version: Mapped[int] = mapped_column(Integer)
    #: SHA-256 of the stored model (:class:`PackageModel`), set with it (store.set_model): pages
    #: find their stored check by it without loading or hashing the model
    model_sha256: Mapped[str] = mapped_column(String(64))
    source_name: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: a correction of a published package: the version it corrects, and the public note
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("packages.id"), index=True)
    change_note: Mapped[str | None] = mapped_column(Text)
    #: 部门预算, 单位预算, 部门决算 or 单位决算: the model's scope and stage, set with it
    kind: Mapped[str] = mapped_column(String(10), server_default="部门预算")
    #: when a published correction replaced this published version (it is no longer current)
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: the step of the review chain a submitted package is at (主管部门 or 财政局, see
    #: :mod:`yusuan.web.chain`); None: the chain's first step for its unit (migration 0010)
    review_stage: Mapped[str | None] = mapped_column(String(10))
    #: what the document says of itself that differs from the form or the account (another
    #: unit, year or 预算/决算), one Chinese line each; None: nothing (migration 0012)
    identity_warning: Mapped[str | None] = mapped_column(Text)

    #: the model, in a table of its own (migration 0010): loaded when used (a package page),
    #: never by a list — a row of ``packages`` stays small
    stored_model: Mapped[PackageModel | None] = relationship(
        back_populates="package", cascade="all, delete-orphan", lazy="select"
    )

    # every UPDATE also checks and bumps the version (a concurrent write → StaleDataError)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    @property
    def model_json(self) -> str:
        """The stored model (``to_data`` JSON); read from its own table."""
        if self.stored_model is None:
            raise LookupError(f"第 {self.id} 号文件没有保存的模型。")
        return self.stored_model.model_json

    @model_json.setter
    def model_json(self, value: str) -> None:
        if self.stored_model is None:
            self.stored_model = PackageModel(model_json=value)
        else:
            self.stored_model.model_json = value


class PackageModel(Base):
    """A package's model as ``to_data`` JSON (141 KB for a county office), one row per
    package, apart from ``packages`` so that list queries never read it (migration 0010)."""

    __tablename__ = "package_models"

    package_id: Mapped[int] = mapped_column(ForeignKey("packages.id"), primary_key=True)
    model_json: Mapped[str] = mapped_column(Text)
    package: Mapped[Package] = relationship(back_populates="stored_model")


class PortalFact(Base):
    """What the portal's statistics counted of a current published package — its year, the
    rules that reported on it and its spending over the 类 lines — kept so that the version a
    correction replaces is taken out exactly as it was counted (:mod:`yusuan.web.tallies`)."""

    __tablename__ = "portal_facts"

    package_id: Mapped[int] = mapped_column(ForeignKey("packages.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    #: the rule ids, space-separated, sorted
    rules: Mapped[str] = mapped_column(Text)
    #: in 0.000001 万元 (1 分), exact
    spending: Mapped[int] = mapped_column(BigInteger)


class PortalTally(Base):
    """One running total of the portal's statistics over the current published packages,
    changed in the publishing transaction: ``all``, ``year:2026``, ``rule:A001`` (packages a
    rule reported on), ``pending`` (packages published without their facts, counted at the
    next statistics view)."""

    __tablename__ = "portal_tallies"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    packages: Mapped[int] = mapped_column(Integer)
    #: in 0.000001 万元 (1 分), exact
    spending: Mapped[int] = mapped_column(BigInteger)


class ApiToken(Base):
    """A machine client's bearer token: only its SHA-256 is stored (the token is shown once);
    it acts as its user until revoked or expired, while the user is not disabled."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PackageFile(Base):
    """The file a package's model was read from (the latest upload), kept so reviewers can see
    the original page a finding is about. Not audited itself: its digest is in the package's
    audit rows (``source_sha256``)."""

    __tablename__ = "package_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("packages.id"), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


#: a job's states: waiting for a worker, being read, and the three ends
JOB_STATES = ("queued", "running", "done", "failed", "cancelled")
JOB_ENDED = ("done", "failed", "cancelled")
JOB_STATE_LABELS = {
    "queued": "排队等待",
    "running": "正在读取",
    "done": "已完成",
    "failed": "读取失败",
    "cancelled": "已取消",
}
#: the labels of a publishing job's states, where they differ
PUBLISH_STATE_LABELS = {**JOB_STATE_LABELS, "running": "正在发布", "failed": "发布失败"}
#: what each kind of job is called
JOB_KIND_LABELS = {
    "upload": "上传",
    "replace": "替换文件",
    "publish": "发布",
    "selfeval": "绩效自评表核对",
}


def job_state_label(kind: str, state: str) -> str:
    labels = PUBLISH_STATE_LABELS if kind == "publish" else JOB_STATE_LABELS
    return labels.get(state, state)


def job_result_url(job: Job) -> str | None:
    """Where a finished job's result is: the draft made or replaced, the package published,
    the 自评表 check."""
    if job.state != "done" or job.package_id is None:
        return None
    if job.kind == "selfeval":
        return f"/packages/{job.package_id}/performance/selfeval/{job.id}"
    return f"/packages/{job.package_id}"


class Job(Base):
    """Long work waiting, running or ended (:mod:`yusuan.web.jobs`): ``upload`` makes a new
    draft from a file, ``replace`` replaces a draft's model, ``publish`` renders a package's
    downloads and publishes it, ``selfeval`` reads a 绩效自评表 checked against a published
    package's targets. The file (or the publishing reason) is kept here until the job ends;
    what the user typed stays (a failed job's form is filled with it). Not audited itself:
    the package it makes, replaces or publishes is (migrations 0012, 0013)."""

    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_state", "state", "id"),
        Index("ix_jobs_finished", "finished_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(10))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    #: ``replace``: the package whose model is replaced; ``upload``: the draft made, once done
    #: (no foreign key: a draft can be deleted while its job is remembered)
    package_id: Mapped[int | None] = mapped_column(Integer)
    #: ``replace``: the package version the user saw
    seen_version: Mapped[int | None] = mapped_column(Integer)
    year: Mapped[int | None] = mapped_column(Integer)
    #: 预算 or 决算 as the form said; None: as the document says
    stage: Mapped[str | None] = mapped_column(String(4))
    title: Mapped[str] = mapped_column(String(200), default="")
    file_name: Mapped[str] = mapped_column(String(255))
    file_size: Mapped[int] = mapped_column(Integer)
    #: the uploaded bytes (``publish``: the reason, UTF-8), dropped when the job ends
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    #: ``selfeval``: the 自评表 read (its model's JSON), shown beside the targets; kept until
    #: the job is pruned
    result: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    #: who runs (or last ran) it: ``host:pid`` of the server or worker process
    worker: Mapped[str | None] = mapped_column(String(100))
    #: what is being done (读取, OCR 文字识别, 生成 PDF) and how far: pages (formats) done of
    #: total
    step: Mapped[str] = mapped_column(String(20), default="")
    done_pages: Mapped[int] = mapped_column(Integer, default=0)
    total_pages: Mapped[int] = mapped_column(Integer, default=0)
    #: reads started (a job running when its server died is retried once)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: the filer asked to stop it while it ran (its worker is killed)
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    #: why it failed or was cancelled (Chinese), and the HTTP status that reason means
    error: Mapped[str | None] = mapped_column(Text)
    error_status: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: refreshed by the server reading it about every second: a stale one has died
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def ended(self) -> bool:
        return self.state in JOB_ENDED


class PublishedFile(Base):
    """A published package's download (PDF, XLSX, DOCX, HTML, JSON, its open-data CSV rows),
    rendered once — at publishing, or at its first download for packages published before —
    so an anonymous request never renders. Published models never change."""

    __tablename__ = "published_files"
    __table_args__ = (UniqueConstraint("package_id", "layout", "format"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("packages.id"), index=True)
    layout: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(10))
    #: the download's file name, without its extension (the model's unit, year and kind)
    name: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RevokedSession(Base):
    """A signed-out session (its id's SHA-256): refused until the cookie would have expired
    anyway. Logging out ends that session only; the user's others stay."""

    __tablename__ = "revoked_sessions"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class RateCounter(Base):
    """A login back-off or an anonymous client's token bucket, in the database so that every
    server process sees the same counts (times in seconds since the epoch)."""

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[float] = mapped_column(Float)
    last: Mapped[float] = mapped_column(Float, index=True)
    until: Mapped[float] = mapped_column(Float)


class Decision(Base):
    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("packages.id"), index=True)
    finding_key: Mapped[str] = mapped_column(String(64))
    decision: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: the step of the review chain the decision was made at (None: before migration 0010)
    stage: Mapped[str | None] = mapped_column(String(10))


class Reply(Base):
    """One message in a finding's thread: the filer's reply (or a reviewer's answer), shown to
    both sides beside the finding (migration 0010). Written once, never changed."""

    __tablename__ = "finding_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("packages.id"), index=True)
    finding_key: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class Derived(Base):
    """What is computed from a package's model when it is saved — its check under a profile
    and the outline its pages show — so a page view reads instead of re-checking. Keyed by
    the model's digest and the build of the code that computed it; recomputed whenever
    missing, hence not audited."""

    __tablename__ = "package_derived"
    __table_args__ = (UniqueConstraint("package_id", "model_sha256", "profile", "build"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("packages.id"), index=True)
    model_sha256: Mapped[str] = mapped_column(String(64))
    profile: Mapped[str] = mapped_column(String(64))
    build: Mapped[str] = mapped_column(String(40))
    errors: Mapped[int] = mapped_column(Integer)
    warnings: Mapped[int] = mapped_column(Integer)
    infos: Mapped[int] = mapped_column(Integer)
    findings_json: Mapped[str] = mapped_column(Text)
    outline_json: Mapped[str] = mapped_column(Text)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditLog(Base):
    __tablename__ = "audit_log"
    # a package is created once (migration 0007: for rows written after it, id > its last)
    __table_args__ = (
        Index(
            "ux_audit_log_package_created",
            "object_type",
            "object_id",
            unique=True,
            **_partial("action IN ('package.create', 'package.correct')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40), index=True)
    object_id: Mapped[int | None] = mapped_column(Integer, index=True)
    before_json: Mapped[str | None] = mapped_column(Text)
    after_json: Mapped[str | None] = mapped_column(Text)


class AppendOnlyError(RuntimeError):
    """An attempt to change or delete an audit row."""


@event.listens_for(AuditLog, "before_update")
@event.listens_for(AuditLog, "before_delete")
def _refuse_audit_change(*_: object) -> None:
    raise AppendOnlyError("审计日志只能追加，不能修改或删除。")


def make_engine(url: str) -> Engine:
    """An engine; SQLite gets foreign keys on and may be used from the request threads."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    if url in ("sqlite://", "sqlite:///:memory:"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, poolclass=StaticPool)
    else:
        # a writer waits for another's transaction up to 30 s before "database is locked"
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    wal = url not in ("sqlite://", "sqlite:///:memory:")

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: DBAPIConnection, _: ConnectionPoolEntry) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if wal:
            # readers never wait for a writer (nor a writer for readers): the job runners'
            # heartbeats and the saves of uploads do not hold up the pages (docs/benchmarks.md);
            # a commit is still synced (synchronous=FULL), so a killed server loses nothing
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def migrate(engine: Engine) -> None:
    """Bring the database to the newest revision (Alembic, configured in code), all of it in
    one transaction: a migration killed at any point leaves the database as it was."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine.dialect.name != "sqlite":  # PostgreSQL's DDL is transactional as it is
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        return
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        # pysqlite would commit before each DDL statement: SQLite's own transaction instead,
        # foreign keys off while batch migrations copy and rename tables (checked at the end)
        legacy = raw.isolation_level
        raw.isolation_level = None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                _recover_batch_leftovers(connection)
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    tables = "、".join(sorted({str(row[0]) for row in broken}))
                    raise RuntimeError(f"数据库升级后外键不一致（{tables}），已撤销本次升级。")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
            raw.isolation_level = legacy


def analyze(engine: Engine) -> None:
    """SQLite's planner statistics, refreshed (sampled: quick at any size) when the app starts:
    without them it reads the public list through the status index and sorts every published
    row instead of reading the list's own index in order. PostgreSQL keeps its own."""
    if engine.dialect.name != "sqlite":
        return
    with engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA analysis_limit=400")
        connection.exec_driver_sql("ANALYZE")


BATCH_TMP = "_alembic_tmp_"


def _recover_batch_leftovers(connection: Connection) -> None:
    """Tables an interrupted batch migration left (by versions that did not migrate in one
    transaction): the copy dropped when its table is there, else renamed into its place."""
    names = {
        str(name)
        for (name,) in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        )
    }
    for name in sorted(n for n in names if n.startswith(BATCH_TMP)):
        table = name[len(BATCH_TMP) :]
        if table in names:
            connection.exec_driver_sql(f'DROP TABLE "{name}"')
        else:
            connection.exec_driver_sql(f'ALTER TABLE "{name}" RENAME TO "{table}"')
