"""Performance pages of a package: its targets (项目 and 部门整体); mid-year monitoring from a
progress file (the YAML of ``yusuan perf monitor``); the year-end self-evaluation from an
actuals file (the YAML of ``yusuan perf evaluate``) — each shown with its warnings, scores and
what must be explained, or downloaded as the 监控表 / 自评表 (XLSX/DOCX); and, for a published
package, a filled-in 绩效自评表 of its year (any format, read by an upload worker) checked and
shown beside the targets it answers."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from yusuan.check import check_package
from yusuan.errors import DataFileError, YusuanError
from yusuan.model import BudgetPackage
from yusuan.perf.actuals import parse_actuals, parse_progress
from yusuan.perf.report import evaluation_grids, monitoring_grid
from yusuan.perf.scoring import ScoringError
from yusuan.perf.selfeval import monitor_package, self_evaluate
from yusuan.publish.document import Document
from yusuan.publish.formats import render as render_document
from yusuan.web import authz, jobs
from yusuan.web.db import Package, User
from yusuan.web.deps import Config, Db, Form, Id, Jobs, MaybeUser, file_field, text_field
from yusuan.web.derived import model, profile
from yusuan.web.download import attachment
from yusuan.web.errors import BadRequest, NotFound
from yusuan.web.jobs import selfeval as selfeval_job
from yusuan.web.selfeval import answer, execution
from yusuan.web.templating import render
from yusuan.web.uploads import read_limited, safe_name
from yusuan.yamlfile import parse_mapping

router = APIRouter(include_in_schema=False)
YAML_LIMIT = 1024 * 1024
DOWNLOADS = ("xlsx", "docx")


def _visible(db: Db, user: User | None, package_id: Id) -> Package:
    package = authz.get_package(db, user, package_id)
    if user is None:
        raise NotFound("预算公开文件不存在或尚未公开。")
    return package


@router.get("/packages/{package_id}/performance")
def targets_page(request: Request, package_id: Id, db: Db, user: MaybeUser) -> Response:
    package = _visible(db, user, package_id)
    latest = selfeval_job.latest(db, package.id)
    if latest is not None and user is not None:
        try:
            jobs.visible_job(db, user, latest.id)
        except NotFound:
            latest = None
    return _page(request, package, model(package), latest_check=latest)


def _yaml_upload(form: FormData, what: str) -> tuple[dict[str, Any], str]:
    """The uploaded YAML file's mapping and name; Chinese 400s for a missing or bad file."""
    upload = file_field(form)
    if upload is None:
        raise BadRequest(f"请选择{what}文件（YAML）。")
    name = safe_name(upload.filename)
    try:
        text = read_limited(upload, YAML_LIMIT).decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest(f"{name}：不是 UTF-8 文本的 YAML 文件。") from None
    try:
        return parse_mapping(text, name, what, DataFileError), name
    except YusuanError as exc:
        raise BadRequest(exc.message) from None


def _format(form: FormData) -> str:
    fmt = text_field(form, "format") or "html"
    if fmt != "html" and fmt not in DOWNLOADS:
        raise BadRequest(f"不支持的格式「{fmt[:10]}」（可选 html、xlsx、docx）。")
    return fmt


def _download(doc: Document, fmt: str, filename: str) -> Response:
    return attachment(render_document(doc, fmt), fmt, "performance", filename)


def _page(request: Request, package: Package, pkg: BudgetPackage, **extra: object) -> Response:
    context: dict[str, object] = {
        "package": package,
        "projects": [p for p in pkg.projects if p.indicators],
        "department": pkg.department_performance,
        "result": None,
        "monitored": None,
        "answered": None,
        "latest_check": None,
        "execution": execution,
        **extra,
    }
    return render(request, "performance.html", context)


@router.post("/packages/{package_id}/performance")
def evaluate_page(
    request: Request, package_id: Id, form: Form, db: Db, user: MaybeUser, settings: Config
) -> Response:
    """Year-end self-evaluation from an actuals file, on the scheme of the platform's profile."""
    package = _visible(db, user, package_id)
    pkg = model(package)
    fmt = _format(form)
    data, name = _yaml_upload(form, "实际完成值")
    try:
        given, department = parse_actuals(data, name)
        result = self_evaluate(pkg, given, department, scheme_name=profile(settings.profile).scheme)
    except YusuanError as exc:
        raise BadRequest(exc.message) from None
    except ScoringError as exc:
        raise BadRequest(str(exc)) from None
    if not result.projects and result.department is None:
        raise BadRequest(f"{name}：没有可评价的项目或部门整体指标。")
    if fmt != "html":
        grids = evaluation_grids(pkg, list(result.projects), result.department)
        doc = Document(title="绩效自评表", blocks=tuple(grids))
        return _download(doc, fmt, f"{package.title}-绩效自评表")
    return _page(request, package, pkg, result=result, source_name=name)


@router.post("/packages/{package_id}/performance/monitor")
def monitor_page(request: Request, package_id: Id, form: Form, db: Db, user: MaybeUser) -> Response:
    """Mid-year monitoring (双监控) from a progress file."""
    package = _visible(db, user, package_id)
    pkg = model(package)
    fmt = _format(form)
    raw_margin = text_field(form, "margin").strip() or "10"
    try:
        margin = Decimal(raw_margin)
    except InvalidOperation:
        raise BadRequest(f"预警阈值应为数字（百分点），收到「{raw_margin[:10]}」。") from None
    if not margin.is_finite() or not 0 <= margin <= 100:
        raise BadRequest("预警阈值应在 0 到 100 个百分点之间。")
    data, name = _yaml_upload(form, "监控数据")
    try:
        months, given = parse_progress(data, name)
        monitored = monitor_package(pkg, months, given, margin / 100)
    except YusuanError as exc:
        raise BadRequest(exc.message) from None
    except ScoringError as exc:
        raise BadRequest(str(exc)) from None
    if not monitored:
        raise BadRequest(f"{name}：没有可监控的项目。")
    if fmt != "html":
        doc = Document(
            title="项目支出绩效目标执行监控表",
            blocks=tuple(monitoring_grid(p, m) for p, m in monitored),
        )
        return _download(doc, fmt, f"{package.title}-绩效监控表")
    return _page(request, package, pkg, monitored=monitored, months=months, source_name=name)


@router.post("/packages/{package_id}/performance/selfeval")
def selfeval_upload(
    package_id: Id, form: Form, db: Db, user: MaybeUser, settings: Config, runner: Jobs
) -> Response:
    """A filled-in 绩效自评表 of a published package's year, queued: read by a worker (any
    format yusuan reads), then checked and shown beside the targets it answers
    (:mod:`yusuan.web.jobs.selfeval`); on to the job's page."""
    package = _visible(db, user, package_id)
    assert user is not None
    if package.status != "published":
        raise BadRequest(selfeval_job.NOT_PUBLISHED)
    upload = file_field(form)
    if upload is None:
        raise BadRequest("请选择要上传的文件。")
    name = safe_name(upload.filename)
    data = read_limited(upload, settings.max_upload_bytes)
    job = selfeval_job.enqueue(db, user, package, name, data, settings.max_queued_jobs)
    runner.wake()
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/packages/{package_id}/performance/selfeval/{job_id}")
def selfeval_page(
    request: Request, package_id: Id, job_id: Id, db: Db, user: MaybeUser, settings: Config
) -> Response:
    """A finished 自评表 check: the sheet's checks (rules E0xx, I0xx on the profile's scheme)
    beside the targets it answers."""
    package = _visible(db, user, package_id)
    job = jobs.visible_job(db, user, job_id)
    if job.package_id != package.id:  # (the user's own job: nothing to hide)
        raise NotFound(selfeval_job.GONE)
    uploaded = selfeval_job.result(db, job)
    result = check_package(uploaded, profile(settings.profile))
    pkg = model(package)
    answered = answer(pkg, uploaded.self_evaluations[0], result.findings)
    return _page(
        request,
        package,
        pkg,
        answered=answered,
        source_name=job.file_name,
        stated_year=uploaded.info.year,
    )
