"""A job's page (an upload, a replaced file, a publication, a 自评表 check): its state and
progress (页 N/M, 格式 N/M), refreshing itself (a small script asking ``/api/jobs/{id}``; a
meta refresh without script); done — the link to its result; failed — the reason and (for an
upload) the form again, filled with what was typed; 取消 while it waits or runs."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from yusuan.web import authz, jobs, workflow
from yusuan.web.db import JOB_KIND_LABELS, Job, Package, User, job_state_label
from yusuan.web.deps import Config, Db, Form, Id, SignedIn
from yusuan.web.templating import render

router = APIRouter(include_in_schema=False)


def _package(db: Session, user: User, job: Job) -> Package | None:
    """The draft made, or whose file the job replaces, if the user may still see it."""
    if job.package_id is None:
        return None
    package = db.get(Package, job.package_id)
    if package is None or not authz.allowed(db, user, package, "view"):
        return None
    return package


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: Id, db: Db, user: SignedIn, settings: Config) -> Response:
    job = jobs.visible_job(db, user, job_id)
    package = _package(db, user, job)
    retry = job.state in ("failed", "cancelled")
    units = authz.upload_units(db, user) if retry and job.kind == "upload" else []
    return render(
        request,
        "job.html",
        {
            "job": job,
            "state_label": job_state_label(job.kind, job.state),
            "kind_label": JOB_KIND_LABELS.get(job.kind, job.kind),
            "package": package,
            "units": units,
            # a replacement is tried again on the draft's page, while it is editable
            "replace_again": retry
            and package is not None
            and package.status in workflow.EDITABLE
            and authz.allowed(db, user, package, "edit"),
            "limit_mb": settings.max_upload_bytes / 1048576,
        },
    )


@router.post("/jobs/{job_id}/cancel")
def cancel(job_id: Id, form: Form, db: Db, user: SignedIn) -> Response:
    """取消: a waiting job ends at once, a running one's worker is killed within a second."""
    jobs.cancel(db, user, job_id)
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)
