"""The JSON API (OpenAPI at /openapi.json): the same operations as the pages.

Reads accept the session cookie or an API token (``Authorization: Bearer …``); anonymous
callers see published packages only. Writes accept an API token only (created on /tokens),
so no browser session can be made to write here and no CSRF token is needed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from yusuan.web import actions, authz, jobs, pages
from yusuan.web.db import Job, Package, Unit, User
from yusuan.web.deps import Config, Db, Gone, Id, Jobs, MaybeUser, TokenUser
from yusuan.web.review import review
from yusuan.web.routes.public import MAX_RESULTS, parse_search, published
from yusuan.web.schemas import JobOut, PackageDetail, PackageOut
from yusuan.web.settings import Settings

router = APIRouter(prefix="/api", tags=["预算公开"])


def _unit_names(db: Db) -> dict[int, str]:
    return {u.id: u.name for u in db.scalars(select(Unit))}


def _detail(db: Session, user: User | None, settings: Settings, package: Package) -> PackageDetail:
    unit = db.get(Unit, package.unit_id)
    internal = user is not None and authz.in_scope(db, user, package)
    return PackageDetail.with_review(
        package, unit.name if unit else "", review(db, package, settings.profile), internal
    )


_DENIALS: dict[int | str, dict[str, str]] = {
    400: {"description": "请求有误（中文说明见 detail）"},
    401: {"description": "缺少或无效的接口令牌"},
    403: {"description": "无权执行"},
    404: {"description": "不存在或未公开"},
    409: {"description": "状态或版本冲突（他人已修改，或尚有未豁免的错误）"},
}


@router.get("/packages", response_model=list[PackageOut], summary="当前用户可见的预算文件")
def list_packages(db: Db, user: MaybeUser) -> list[PackageOut]:
    names = _unit_names(db)
    return [
        PackageOut.of(p, names.get(p.unit_id, ""))
        for p in db.scalars(authz.visible_packages(db, user))
    ]


@router.get(
    "/packages/{package_id}",
    response_model=PackageDetail,
    summary="一个预算文件及其审核发现",
    responses={403: {"description": "无权查看"}, 404: {"description": "不存在或未公开"}},
)
def get_package(package_id: Id, db: Db, user: MaybeUser, settings: Config) -> PackageDetail:
    return _detail(db, user, settings, authz.get_package(db, user, package_id))


@router.get(
    "/public/packages",
    response_model=list[PackageOut],
    summary="已发布的预算文件（每次至多 500 份，最新发布的在前；还有更多时响应头 Link 给出下一批的地址）",
)
def public_packages(
    request: Request, response: Response, db: Db, q: str = "", year: str = "", after: str = ""
) -> list[PackageOut]:
    start = pages.parse(after, "after")
    query = pages.window(published(parse_search(q, year), limit=None), start, None, MAX_RESULTS)
    page = pages.cut([(p, u) for p, u in db.execute(query)], start, None, MAX_RESULTS)
    if page.after is not None:
        following = request.url.include_query_params(after=str(page.after))
        response.headers["Link"] = f'<{following}>; rel="next"'
    return [PackageOut.of(p, u.name) for p, u in page.rows]


_QUEUED: dict[int | str, dict[str, str]] = {
    **_DENIALS,
    413: {"description": "文件超过上传上限"},
    503: {"description": "等待读取的文件已达上限（见 Retry-After）"},
}


def _accepted(response: Response, job: Job) -> JobOut:
    response.headers["Location"] = f"/api/jobs/{job.id}"
    return JobOut.of(job)


@router.post(
    "/packages",
    response_model=JobOut,
    status_code=202,
    summary="上传预算公开文件：保存并排队读取，返回读取任务（GET 其 url 直到完成）",
    description=(
        "文件在后台读取（扫描件逐页 OCR）。完成后任务的 package_id 为新建的草稿；"
        "失败时 error 为中文原因、error_status 为对应的 HTTP 状态码。"
    ),
    responses=_QUEUED,
)
def upload_package(
    response: Response,
    db: Db,
    user: TokenUser,
    settings: Config,
    runner: Jobs,
    gone: Gone,
    file: Annotated[UploadFile, File(description="TXT/PDF/DOCX/XLSX/HTML/JSON 或填报模板")],
    unit_id: Annotated[int | None, Form(description="单位（可管理多个单位时必填）")] = None,
    year: Annotated[int | None, Form(description="年度（默认取文件中的年度）")] = None,
    stage: Annotated[str, Form(description="预算或决算（默认取文件所写）")] = "",
    title: Annotated[str, Form(description="标题（默认取文件中的单位与年度）")] = "",
) -> JobOut:
    job = actions.upload(db, user, settings, runner, file, unit_id, year, stage, title, gone)
    return _accepted(response, job)


@router.put(
    "/packages/{package_id}/file",
    response_model=JobOut,
    status_code=202,
    summary="以更正后的文件替换草稿或退回件的内容：排队读取，返回读取任务",
    responses=_QUEUED,
)
def replace_file(
    response: Response,
    package_id: Id,
    db: Db,
    user: TokenUser,
    settings: Config,
    runner: Jobs,
    gone: Gone,
    file: Annotated[UploadFile, File()],
    version: Annotated[int, Form(description="您看到的版本号（乐观锁）")],
) -> JobOut:
    job = actions.replace_model(db, user, settings, runner, package_id, version, file, gone)
    return _accepted(response, job)


@router.get(
    "/jobs/{job_id}",
    response_model=JobOut,
    summary="一个读取任务的状态与进度（页 N/M）",
    responses={404: {"description": "不存在或无权查看"}},
)
def get_job(job_id: Id, db: Db, user: MaybeUser) -> JobOut:
    return JobOut.of(jobs.visible_job(db, user, job_id))


@router.post(
    "/jobs/{job_id}/cancel",
    response_model=JobOut,
    summary="取消读取任务（正在读取的立即中止）",
    responses={404: {"description": "不存在或无权查看"}, 409: {"description": "任务已结束"}},
)
def cancel_job(job_id: Id, db: Db, user: TokenUser) -> JobOut:
    return JobOut.of(jobs.cancel(db, user, job_id))


class DecisionIn(BaseModel):
    version: int = Field(description="您看到的版本号（乐观锁）")
    finding_key: str = Field(description="审核发现的 key（见文件详情的 findings）")
    decision: str = Field(description="accept（确认问题）或 waive（豁免）")
    reason: str = Field("", description="豁免理由（豁免时必填）")


@router.post(
    "/packages/{package_id}/decisions",
    response_model=PackageDetail,
    summary="处理一条审核发现（确认问题，或说明理由后豁免）",
    responses=_DENIALS,
)
def decide(
    package_id: Id, body: DecisionIn, db: Db, user: TokenUser, settings: Config
) -> PackageDetail:
    package = actions.decide(
        db,
        user,
        settings,
        package_id,
        body.version,
        body.finding_key,
        body.decision,
        body.reason,
    )
    return _detail(db, user, settings, package)


class TransitionIn(BaseModel):
    version: int = Field(description="您看到的版本号（乐观锁）")
    reason: str = Field("", description="退回原因（退回时必填）")


@router.post(
    "/packages/{package_id}/publish",
    response_model=JobOut,
    status_code=202,
    summary="发布：排队生成下载文件并发布，返回发布任务（GET 其 url 直到完成）",
    description=(
        "权限、状态（已审核）与版本号在请求时检查；下载文件（PDF、XLSX、DOCX、HTML、JSON）"
        "在后台逐个生成，完成后文件为已发布。失败时文件仍为已审核，error 为中文原因。"
    ),
    responses=_QUEUED,
)
def publish(
    response: Response,
    package_id: Id,
    body: TransitionIn,
    db: Db,
    user: TokenUser,
    settings: Config,
    runner: Jobs,
) -> JobOut:
    job = actions.publish(db, user, settings, runner, package_id, body.version, body.reason)
    return _accepted(response, job)


@router.post(
    "/packages/{package_id}/{action}",
    response_model=PackageDetail,
    summary="流转：submit 提交、return 退回、approve 审核通过、withdraw 撤回（发布见上）",
    description=(
        "路径中的 action 为 submit、return、approve 或 withdraw（publish 为发布任务，返回 202）。审核按流程分环节："
        "主管部门审核通过后文件仍为已提交，转财政复审；财政复审通过后为已审核。"
        "withdraw：审核人尚未处理时，填报员可撤回已提交的文件（回到草稿）。"
    ),
    responses=_DENIALS,
)
def transition(
    package_id: Id, action: str, body: TransitionIn, db: Db, user: TokenUser, settings: Config
) -> PackageDetail:
    package = actions.transition(db, user, settings, package_id, action, body.version, body.reason)
    return _detail(db, user, settings, package)
