"""The operations on packages, one function each, shared by the pages (forms) and the JSON
API: authorization, workflow checks, the write (audited, version-checked) and the stored check
that goes with a new model. Callers only parse their input and shape the answer."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from yusuan.web import authz, chain, editor, identity, jobs, store, workflow
from yusuan.web.audit import cell_changes, describe
from yusuan.web.db import ROLE_ADMIN, Job, Package, Reply, User
from yusuan.web.derived import derived, model
from yusuan.web.errors import BadRequest, Conflict, Unprocessable
from yusuan.web.jobs import Runner
from yusuan.web.jobs import publish as publish_job
from yusuan.web.jobs.queue import Upload
from yusuan.web.parsing import CLIENT_GONE
from yusuan.web.review import finding_keys, review
from yusuan.web.settings import Settings
from yusuan.web.store.writes import MAX_REASON, MAX_TITLE, _text
from yusuan.web.uploads import read_limited, safe_name
from yusuan.web.workers import never


def _version(seen: int | None) -> int:
    """The version the user saw (checked after authorization: a stranger learns nothing)."""
    if seen is None:
        raise BadRequest("缺少版本号。")
    return seen


#: what the form may say a document is (empty: as the document says)
STAGES = ("预算", "决算")


def _form(
    db: Session, user: User | None, unit_id: int | None, year: int | None, stage: str, title: str
) -> tuple[User, Upload]:
    """The upload form checked before anything is read (the uploader, the unit, the year)."""
    unit = authz.require_upload(db, user, unit_id)
    assert user is not None
    if year is not None and not 1990 <= year <= 2100:
        raise BadRequest("年度应在 1990 到 2100 之间。")
    stage = stage.strip()
    if stage and stage not in STAGES:
        raise BadRequest("类型应为「预算」或「决算」，或不填（按文件所写）。")
    return user, Upload(
        unit.id, year, stage or None, _text(title.strip(), "标题", MAX_TITLE, required=False)
    )


def _received(upload: UploadFile | None, settings: Settings) -> tuple[str, bytes]:
    if upload is None:
        raise BadRequest("请选择要上传的文件。")
    return safe_name(upload.filename), read_limited(upload, settings.max_upload_bytes)


def upload(
    db: Session,
    user: User | None,
    settings: Settings,
    runner: Runner,
    file: UploadFile | None,
    unit_id: int | None,
    year: int | None,
    stage: str,
    title: str,
    gone: Callable[[], bool] = never,
) -> Job:
    """A new draft from an uploaded file, as a job: the file stored and queued (read by a
    worker, the draft made when it is read: :mod:`yusuan.web.jobs`). Year, unit and 预算/决算
    left empty are taken from the document; nothing is queued for a client already gone."""
    actor, form = _form(db, user, unit_id, year, stage, title)
    name, data = _received(file, settings)
    if gone():
        raise Unprocessable(CLIENT_GONE.format(name=name))
    job = jobs.enqueue(db, actor, "upload", name, data, form, limit=settings.max_queued_jobs)
    runner.wake()
    return job


def editable(db: Session, user: User | None, package_id: int) -> tuple[Package, User]:
    """The package the user may edit now (its unit's filer, a draft or returned package)."""
    package = authz.get_package(db, user, package_id)
    actor = authz.require(db, user, package, "edit")
    workflow.check_editable(package.status)
    return package, actor


def replace_model(
    db: Session,
    user: User | None,
    settings: Settings,
    runner: Runner,
    package_id: int,
    seen: int | None,
    file: UploadFile | None,
    gone: Callable[[], bool] = never,
) -> Job:
    """A corrected file to replace the draft's (or returned package's) model, as a job (the
    version the user saw is checked now and again when the file is read)."""
    package, actor = editable(db, user, package_id)
    store.check_version(package, _version(seen))
    name, data = _received(file, settings)
    if gone():
        raise Unprocessable(CLIENT_GONE.format(name=name))
    form = Upload(package.unit_id, None, None, "")
    job = jobs.enqueue(
        db, actor, "replace", name, data, form, package, limit=settings.max_queued_jobs
    )
    runner.wake()
    return job


def edit_cells(
    db: Session,
    user: User | None,
    settings: Settings,
    package_id: int,
    index: int,
    seen: int | None,
    fields: Mapping[str, str],
) -> Package | None:
    """Amounts typed in the browser applied to one table (see :mod:`editor`), the check stored;
    None when they change nothing (no new version, no audit row)."""
    package, actor = editable(db, user, package_id)
    before = model(package)
    pkg = editor.apply(before, index, fields)
    if pkg == before:  # a stale page is still told so (409), even when nothing changed
        store.check_version(package, _version(seen))
        return None
    changes = cell_changes(before.tables[index], pkg.tables[index])
    store.edit_cells(db, actor, package, _version(seen), pkg, pkg.tables[index].title, changes)
    derived(db, package, settings.profile)
    return package


def edit(
    db: Session, user: User | None, package_id: int, seen: int | None, title: str, year: int | None
) -> Package:
    package = authz.get_package(db, user, package_id)
    actor = authz.require(db, user, package, "edit")
    if year is None:
        raise BadRequest("缺少年度。")
    warned = identity.with_year(package.identity_warning, model(package).info, year)
    return store.edit_package(db, actor, package, _version(seen), title, year, warned)


def transition(
    db: Session,
    user: User | None,
    settings: Settings,
    package_id: int,
    action: str,
    seen: int | None,
    reason: str,
) -> Package:
    """submit, return, approve, publish or withdraw. Approval is refused while an error is not
    waived; it takes the package on to the review chain's next step, or approves it after the
    last (an administrator's approval completes the chain)."""
    if action not in workflow.TRANSITIONS or action == "publish":
        raise BadRequest(f"不支持的操作「{action[:20]}」。")
    package = authz.get_package(db, user, package_id)
    actor = authz.require(db, user, package, action)
    steps = settings.review_chain
    step = chain.stage(db, steps, package)
    if action in ("approve", "return"):
        workflow.transition(package.status, action)
        chain.check_turn(db, steps, actor, package, action)
    if action == "approve":
        blocking = review(db, package, settings.profile).blocking
        if blocking:
            rules = "、".join(dict.fromkeys(r.finding.rule for r in blocking))
            raise Conflict(
                f"尚有 {len(blocking)} 个错误未豁免（{rules}），不能审核通过。"
                "请逐条豁免并说明理由，或退回修改。"
            )
        after = chain.next_step(db, steps, package)
        if step is not None and after is not None and actor.role != ROLE_ADMIN:
            return store.forward(db, actor, package, _version(seen), step, after)
    if action == "submit":
        first = chain.steps(db, steps, package.unit_id)[0]
        return store.transition(db, actor, package, _version(seen), action, reason, stage=first)
    return store.transition(db, actor, package, _version(seen), action, reason, step=step)


def publish(
    db: Session,
    user: User | None,
    settings: Settings,
    runner: Runner,
    package_id: int,
    seen: int | None,
    reason: str,
) -> Job:
    """发布, as a job: what the request always checked (the publisher's right, an approved
    package, the version seen, the reason's length) checked now; the downloads rendered and
    the package published by a worker (:mod:`yusuan.web.jobs.publish`), everything checked
    again then."""
    package = authz.get_package(db, user, package_id)
    actor = authz.require(db, user, package, "publish")
    workflow.transition(package.status, "publish")
    seen = _version(seen)
    store.check_version(package, seen)
    reason = _text(reason, "说明", MAX_REASON, required=False)
    job = publish_job.enqueue(db, actor, package, seen, reason, settings.max_queued_jobs)
    runner.wake()
    return job


def decide(
    db: Session,
    user: User | None,
    settings: Settings,
    package_id: int,
    seen: int | None,
    key: str,
    decision: str,
    reason: str,
) -> Package:
    """A reviewer's decision on one finding (accept, or waive with a reason)."""
    return decide_many(db, user, settings, package_id, seen, (key,), decision, reason)


#: the most findings one batch decision takes (a package has a few dozen)
MAX_BATCH = 500


def decide_many(
    db: Session,
    user: User | None,
    settings: Settings,
    package_id: int,
    seen: int | None,
    keys: Sequence[str],
    decision: str,
    reason: str,
) -> Package:
    """One reviewer's decision, with one reason, on several findings (the ticked ones)."""
    package = authz.get_package(db, user, package_id)
    actor = authz.require(db, user, package, "decide")
    workflow.check_decidable(package.status)
    chain.check_turn(db, settings.review_chain, actor, package, "decide")
    unique = list(dict.fromkeys(keys))
    if len(unique) > MAX_BATCH:
        raise BadRequest(f"一次最多处理 {MAX_BATCH} 条审核发现。")
    found = derived(db, package, settings.profile).findings
    known = dict(zip(finding_keys(found), found, strict=True))
    if any(k not in known for k in unique):
        raise BadRequest("未找到该审核发现（文件可能已更新），请刷新页面后重试。")
    step = chain.stage(db, settings.review_chain, package)
    described = {k: describe(known[k]) for k in unique}
    store.decide_many(db, actor, package, _version(seen), unique, decision, reason, step, described)
    return package


def reply(
    db: Session, user: User | None, settings: Settings, package_id: int, key: str, text: str
) -> tuple[Package, Reply]:
    """A message in a finding's thread, by the unit's filer or a reviewer of the package."""
    package = authz.get_package(db, user, package_id)
    actor = authz.require(db, user, package, "reply")
    found = derived(db, package, settings.profile).findings
    if key not in finding_keys(found):
        raise BadRequest("未找到该审核发现（文件可能已更新），请刷新页面后重试。")
    return package, store.reply(db, actor, package, key, text)


def correct(
    db: Session, user: User | None, settings: Settings, package_id: int, note: str
) -> Package:
    """Start a correction of a published package: a new draft with the same content and a public
    change note; the published version stays as it is until the correction is published."""
    old = authz.get_package(db, user, package_id)
    actor = authz.require(db, user, old, "correct")
    if old.status != "published":
        raise Conflict("只有已发布的文件需要更正；未发布的文件可直接修改。")
    existing = db.scalar(select(Package).where(Package.supersedes_id == old.id))
    if existing is not None and existing.status == "published":
        raise Conflict(f"该文件已被第 {existing.id} 号文件更正，请在最新版本上发起更正。")
    if existing is not None:
        raise Conflict(f"该文件已有更正稿在办理中（第 {existing.id} 号），请在其上继续修改。")
    package = store.create_correction(db, actor, old, note)
    derived(db, package, settings.profile)
    return package


def discard(db: Session, user: User | None, package_id: int, seen: int | None) -> None:
    """Delete a draft that was never submitted (a wrong file, a trial upload)."""
    package = authz.get_package(db, user, package_id)
    actor = authz.require(db, user, package, "edit")
    store.discard(db, actor, package, _version(seen))
