"""The JSON API's shapes (and so its OpenAPI schema)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from yusuan.web.db import Job, Package, job_result_url, job_state_label
from yusuan.web.review import Review
from yusuan.web.workflow import label


class PackageOut(BaseModel):
    id: int
    unit_id: int
    unit_name: str
    year: int
    title: str
    status: str = Field(description="draft | submitted | returned | approved | published")
    status_label: str = Field(description="状态的中文名称")
    version: int = Field(description="乐观锁版本号：修改、流转、处理审核发现时须提交")
    source_name: str
    created_at: datetime
    updated_at: datetime
    approved_at: datetime | None
    published_at: datetime | None
    supersedes_id: int | None = Field(None, description="更正稿：所更正的已发布文件编号")
    change_note: str | None = Field(None, description="更正说明（随更正后的文件公开）")

    @classmethod
    def of(cls, package: Package, unit_name: str) -> PackageOut:
        return cls(
            id=package.id,
            unit_id=package.unit_id,
            unit_name=unit_name,
            year=package.year,
            title=package.title,
            status=package.status,
            status_label=label(package.status),
            version=package.version,
            source_name=package.source_name,
            created_at=package.created_at,
            updated_at=package.updated_at,
            approved_at=package.approved_at,
            published_at=package.published_at,
            supersedes_id=package.supersedes_id,
            change_note=package.change_note,
        )


class FindingOut(BaseModel):
    key: str = Field(description="审核发现的稳定标识，用于处理决定")
    rule: str
    severity: str = Field(description="error | warning | info")
    category: str
    message: str
    location: str
    stated: str | None
    expected: str | None
    difference: str | None
    decision: str | None = Field(description="accept（确认问题）| waive（豁免）| null")
    decision_reason: str | None


class PackageDetail(PackageOut):
    findings_summary: dict[str, int]
    findings: list[FindingOut]
    identity_warnings: list[str] = Field(
        default_factory=list,
        description="文件所列单位、年度或预算/决算与填报不一致之处（仅对经办人显示）",
    )

    @classmethod
    def with_review(
        cls, package: Package, unit_name: str, review: Review, internal: bool
    ) -> PackageDetail:
        """``internal``: the caller works on the package (reviewers' reasons are shown)."""
        base = PackageOut.of(package, unit_name)

        def text(value: object) -> str | None:
            return None if value is None else str(value)

        findings = [
            FindingOut(
                key=r.key,
                rule=r.finding.rule,
                severity=r.finding.severity.value,
                category=r.finding.category,
                message=r.finding.message,
                location=r.finding.location.describe(),
                stated=text(r.finding.stated),
                expected=text(r.finding.expected),
                difference=text(r.finding.difference),
                decision=r.decision.decision if r.decision else None,
                decision_reason=r.decision.reason if r.decision and internal else None,
            )
            for r in review.findings
        ]
        warned = (package.identity_warning or "").splitlines() if internal else []
        return cls(
            **base.model_dump(),
            findings_summary=review.summary,
            findings=findings,
            identity_warnings=warned,
        )


class JobOut(BaseModel):
    """An upload being read (GET it until ``state`` is done, failed or cancelled)."""

    id: int
    kind: str = Field(
        description="upload（新上传）| replace（替换草稿的文件）| publish（发布）"
        "| selfeval（核对绩效自评表）"
    )
    state: str = Field(description="queued | running | done | failed | cancelled")
    state_label: str
    step: str = Field(description="正在做什么：读取、OCR 文字识别")
    done_pages: int = Field(description="已处理的页数（发布：已生成的文件格式数）")
    total_pages: int = Field(description="总页数（发布：文件格式数；尚不知道时为 0）")
    progress_unit: str = Field(description="进度的单位：页，或发布时的「格式」")
    file_name: str
    file_size: int
    error: str | None = Field(description="失败或取消的原因（中文）")
    error_status: int | None = Field(description="该原因对应的 HTTP 状态码")
    package_id: int | None = Field(description="新建（或被替换内容）的文件编号")
    package_url: str | None = Field(description="完成后：文件页面地址")
    result_url: str | None = Field(
        description="完成后：结果页面（新草稿、已发布的文件，或自评表核对结果）"
    )
    url: str = Field(description="本任务的 JSON 地址")
    page: str = Field(description="本任务的页面地址")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @classmethod
    def of(cls, job: Job) -> JobOut:
        # the draft made, or the draft whose file is replaced (its page: where to go back to)
        linked = (
            job.package_id
            if job.state == "done" or job.kind in ("replace", "publish", "selfeval")
            else None
        )
        return cls(
            id=job.id,
            kind=job.kind,
            state=job.state,
            state_label=job_state_label(job.kind, job.state),
            step=job.step,
            done_pages=job.done_pages,
            total_pages=job.total_pages,
            progress_unit="格式" if job.kind == "publish" else "页",
            result_url=job_result_url(job),
            file_name=job.file_name,
            file_size=job.file_size,
            error=job.error,
            error_status=job.error_status,
            package_id=linked,
            package_url=f"/packages/{linked}" if linked else None,
            url=f"/api/jobs/{job.id}",
            page=f"/jobs/{job.id}",
            created_at=job.created_at,
            started_at=job.started_at,
            finished_at=job.finished_at,
        )
