"""Performance pages of a package: its targets (项目 and 部门整体), and the year-end
self-evaluation — upload the actuals file (the same YAML as ``yusuan perf evaluate``), see
every score with its grade and what must be explained, or download the 自评表 (XLSX/DOCX)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from yusuan.errors import DataFileError, YusuanError
from yusuan.perf.actuals import parse_actuals
from yusuan.perf.report import evaluation_grids
from yusuan.perf.scoring import ScoringError
from yusuan.perf.selfeval import self_evaluate
from yusuan.publish.document import Document
from yusuan.publish.docx import render_docx
from yusuan.publish.xlsx import render_xlsx
from yusuan.web import authz
from yusuan.web.db import Package, User
from yusuan.web.deps import Db, Form, MaybeUser, file_field, text_field
from yusuan.web.derived import model
from yusuan.web.errors import BadRequest, NotFound
from yusuan.web.templating import render
from yusuan.web.uploads import read_limited, safe_name
from yusuan.yamlfile import parse_mapping

router = APIRouter(include_in_schema=False)
ACTUALS_LIMIT = 1024 * 1024
DOWNLOADS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _visible(db: Db, user: User | None, package_id: int) -> Package:
    package = authz.get_package(db, user, package_id)
    if user is None:
        raise NotFound("预算公开文件不存在或尚未公开。")
    return package


@router.get("/packages/{package_id}/performance")
def targets_page(request: Request, package_id: int, db: Db, user: MaybeUser) -> Response:
    package = _visible(db, user, package_id)
    pkg = model(package)
    return render(
        request,
        "performance.html",
        {
            "package": package,
            "projects": [p for p in pkg.projects if p.indicators],
            "department": pkg.department_performance,
            "result": None,
        },
    )


@router.post("/packages/{package_id}/performance")
def evaluate_page(
    request: Request, package_id: int, form: Form, db: Db, user: MaybeUser
) -> Response:
    package = _visible(db, user, package_id)
    pkg = model(package)
    upload = file_field(form)
    if upload is None:
        raise BadRequest("请选择实际完成值文件（YAML）。")
    name = safe_name(upload.filename)
    try:
        text = read_limited(upload, ACTUALS_LIMIT).decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest(f"{name}：不是 UTF-8 文本的 YAML 文件。") from None
    try:
        data = parse_mapping(text, name, "实际完成值", DataFileError)
        given, department = parse_actuals(data, name)
        result = self_evaluate(pkg, given, department)
    except YusuanError as exc:
        raise BadRequest(exc.message) from None
    except ScoringError as exc:
        raise BadRequest(str(exc)) from None
    if not result.projects and result.department is None:
        raise BadRequest(f"{name}：没有可评价的项目或部门整体指标。")
    fmt = text_field(form, "format") or "html"
    if fmt in DOWNLOADS:
        doc = Document(
            title="绩效自评表",
            blocks=tuple(evaluation_grids(pkg, list(result.projects), result.department)),
        )
        data_bytes = render_xlsx(doc) if fmt == "xlsx" else render_docx(doc)
        filename = f"{package.title}-绩效自评表.{fmt}"
        return Response(
            data_bytes,
            media_type=DOWNLOADS[fmt],
            headers={
                "Content-Disposition": f"attachment; filename=\"selfeval.{fmt}\"; filename*=UTF-8''{quote(filename)}"
            },
        )
    if fmt != "html":
        raise BadRequest(f"不支持的格式「{fmt[:10]}」（可选 html、xlsx、docx）。")
    return render(
        request,
        "performance.html",
        {
            "package": package,
            "projects": [p for p in pkg.projects if p.indicators],
            "department": pkg.department_performance,
            "result": result,
            "source_name": name,
        },
    )
