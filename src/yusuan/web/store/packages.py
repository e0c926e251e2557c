"""A package's model and files: upload, replacement, correction, edits, discarding."""

import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from yusuan.model import BudgetPackage
from yusuan.model.serialize import to_data
from yusuan.web import workflow
from yusuan.web.db import (
    Decision,
    Derived,
    Package,
    PackageFile,
    Unit,
    User,
    utcnow,
)
from yusuan.web.errors import BadRequest, Conflict
from yusuan.web.store.steps import last_action
from yusuan.web.store.writes import (
    MAX_REASON,
    MAX_TITLE,
    _audit,
    _text,
    _transaction,
    _write,
    check_version,
    snapshot,
)


def set_model(package: Package, pkg: BudgetPackage) -> None:
    """Store the model as JSON, with its digest."""
    text = json.dumps(to_data(pkg), ensure_ascii=False)
    package.model_json = text
    package.model_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    package.kind = f"{pkg.info.scope}{pkg.info.stage}"


def create_package(
    session: Session,
    actor: User | None,
    unit: Unit,
    pkg: BudgetPackage,
    source_name: str,
    title: str,
    year: int,
    original: bytes | None = None,
    identity: str | None = None,
    also: Callable[[Package], None] | None = None,
) -> Package:
    """A new draft; ``original`` (the uploaded file) is kept with it, in the same transaction,
    and ``also`` done there (an upload job marked done with it: both or neither)."""
    now = utcnow()
    package = Package(
        unit_id=unit.id,
        year=year,
        title=_text(title, "标题", MAX_TITLE),
        status="draft",
        source_name=source_name[:255],
        created_at=now,
        updated_at=now,
        identity_warning=identity,
    )
    set_model(package, pkg)
    digest = _file_digest(original)

    def then() -> None:
        _keep_file(session, package, source_name, original, digest)
        if also is not None:
            also(package)

    return _write(session, actor, "package.create", package, extra=digest, then=then)


def _file_digest(data: bytes | None, sha256: str | None = None) -> dict[str, Any] | None:
    """What the audit row says of the uploaded file (its bytes are in package_files)."""
    if data is None:
        return None
    digest = sha256 or hashlib.sha256(data).hexdigest()
    return {"source_sha256": digest, "source_bytes": len(data)}


def _keep_file(
    session: Session, package: Package, name: str, data: bytes | None, digest: dict[str, Any] | None
) -> None:
    """The package's uploaded file (its digest as :func:`_file_digest` gives it), replacing the
    one kept before."""
    session.execute(delete(PackageFile).where(PackageFile.package_id == package.id))
    if data is not None and digest is not None:
        session.add(
            PackageFile(
                package_id=package.id,
                name=name[:255],
                sha256=digest["source_sha256"],
                data=data,
                created_at=utcnow(),
            )
        )


def replace_model(
    session: Session,
    actor: User,
    package: Package,
    seen: int,
    pkg: BudgetPackage,
    source_name: str,
    original: bytes | None = None,
    identity: str | None = None,
    also: Callable[[Package], None] | None = None,
) -> Package:
    """A re-upload: the package's model (and kept file) replaced (draft or returned only);
    ``also`` done in the same transaction."""
    workflow.check_editable(package.status)
    check_version(package, seen)

    def change() -> None:
        set_model(package, pkg)
        package.source_name = source_name[:255]
        package.identity_warning = identity
        package.updated_at = utcnow()

    digest = _file_digest(original)

    def then() -> None:
        _keep_file(session, package, source_name, original, digest)
        if also is not None:
            also(package)

    return _write(session, actor, "package.replace", package, change, extra=digest, then=then)


def create_correction(session: Session, actor: User, old: Package, note: str) -> Package:
    """A new draft correcting a published package (its model copied), with the public note."""
    now = utcnow()
    package = Package(
        unit_id=old.unit_id,
        year=old.year,
        title=old.title,
        status="draft",
        model_json=old.model_json,
        model_sha256=old.model_sha256,
        kind=old.kind,
        source_name=old.source_name,
        created_at=now,
        updated_at=now,
        supersedes_id=old.id,
        change_note=_text(note, "更正说明", MAX_REASON),
    )

    def copy_file() -> None:
        kept = session.scalar(select(PackageFile).where(PackageFile.package_id == old.id))
        if kept is not None:
            digest = _file_digest(kept.data, kept.sha256)
            _keep_file(session, package, kept.name, kept.data, digest)

    return _write(session, actor, "package.correct", package, then=copy_file)


def edit_cells(
    session: Session,
    actor: User,
    package: Package,
    seen: int,
    pkg: BudgetPackage,
    table: str,
    changes: Sequence[dict[str, Any]] = (),
) -> Package:
    """Amounts edited in the browser: the package's model replaced (draft or returned only);
    the audit row names the table and each cell changed (row, column, old → new)."""
    workflow.check_editable(package.status)
    check_version(package, seen)

    def change() -> None:
        set_model(package, pkg)
        package.updated_at = utcnow()

    extra = {"table": table, "changes": list(changes)}
    return _write(session, actor, "package.edit_cells", package, change, extra=extra)


def edit_package(
    session: Session,
    actor: User,
    package: Package,
    seen: int,
    title: str,
    year: int,
    identity: str | None = None,
) -> Package:
    workflow.check_editable(package.status)
    check_version(package, seen)
    title = _text(title, "标题", MAX_TITLE)
    if not 1990 <= year <= 2100:
        raise BadRequest("年度应在 1990 到 2100 之间。")

    def change() -> None:
        package.title = title
        package.year = year
        package.identity_warning = identity
        package.updated_at = utcnow()

    return _write(session, actor, "package.edit", package, change)


def discard(session: Session, actor: User, package: Package, seen: int) -> None:
    """A draft never submitted, deleted with what was derived from it; the audit log keeps
    its before-state (the model's digest) and who discarded it."""
    if package.status != "draft":
        raise Conflict("只能删除尚未提交的草稿；已提交过的文件请退回修改或发起更正。")
    check_version(package, seen)
    with _transaction(session):
        before = snapshot(package)
        if session.scalar(select(Decision.id).where(Decision.package_id == package.id)):
            raise Conflict("该草稿已有审核处理记录，不能删除。")
        if last_action(session, package, ("package.submit",)) is not None:  # withdrawn (撤回)
            raise Conflict(
                "该草稿曾提交审核（已撤回），审核记录须保留，不能删除；可修改后重新提交。"
            )
        session.execute(delete(Derived).where(Derived.package_id == package.id))
        session.execute(delete(PackageFile).where(PackageFile.package_id == package.id))
        _audit(session, actor, "package.discard", package, before, None)
        session.delete(package)


#: the public note of a package published while its unit had a current version of its year
#: and kind: it is published as a correction of that version
