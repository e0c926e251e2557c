"""The JSON API's shapes (and so its OpenAPI schema)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from yusuan.web.db import Package
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
        return cls(**base.model_dump(), findings_summary=review.summary, findings=findings)
