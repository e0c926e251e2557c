"""The original PDF page a finding is about, its printed value boxed (SQLite, PostgreSQL)."""

from __future__ import annotations

import io
import json
import re
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pypdfium2 as pdfium
from bench.ocr_accuracy import SCAN_PDF
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import select

from tests.helpers import hostile
from tests.helpers.ocr import require_tesseract
from tests.helpers.web import BUDGET, signed_in
from yusuan import limits
from yusuan.web.db import AuditLog, PackageFile
from yusuan.web.original import MARK
from yusuan.web.rendering import Renderer
from yusuan.web.seed import Demo

SHANGHAI = (
    Path(__file__).resolve().parent.parent / "examples" / "上海市普陀区司法局2026年部门预算.pdf"
)


def marked_pixels(png: bytes) -> int:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colors = image.getcolors(maxcolors=1 << 24) or []
    return sum(count for count, color in colors if color == MARK)


def test_a_finding_opens_its_original_page_with_the_number_marked(app: FastAPI, demo: Demo) -> None:
    filer = signed_in(app, demo, "filer")
    files = {"file": (SHANGHAI.name, SHANGHAI.read_bytes(), "application/pdf")}
    pid = filer.uploaded(filer.post("/upload", {"year": "2026"}, files=files))
    with app.state.sessions() as session:
        kept = session.scalars(select(PackageFile).where(PackageFile.package_id == pid)).one()
        assert kept.data == SHANGHAI.read_bytes()
        audit = session.scalars(
            select(AuditLog).where(AuditLog.action == "package.create", AuditLog.object_id == pid)
        ).one()
    assert json.loads(audit.after_json or "{}")["source_bytes"] == len(SHANGHAI.read_bytes())
    page = filer.get(f"/packages/{pid}").text
    keys = re.findall(rf"/packages/{pid}/findings/(\w+)/original", page)
    assert keys
    detail = filer.client.get(f"/api/packages/{pid}").json()
    numeric = {
        f["key"] for f in detail["findings"] if f["stated"] and re.fullmatch(r"[\d.]+", f["stated"])
    }
    key = next(k for k in keys if k in numeric)
    jump = filer.get(f"/packages/{pid}/findings/{key}/original")
    assert jump.status_code == 303, jump.text[-600:]
    target = jump.headers["location"]
    query = parse_qs(urlparse(target).query)
    assert query["find"]
    view = filer.get(target)
    assert view.status_code == 200 and ".png?" in view.text
    number = int(re.search(r"/original/pages/(\d+)", target).group(1))  # type: ignore[union-attr]
    plain = filer.get(f"/packages/{pid}/original/pages/{number}.png")
    marked = filer.client.get(f"/packages/{pid}/original/pages/{number}.png", params=query)
    assert plain.headers["content-type"] == "image/png"
    assert marked_pixels(plain.content) == 0
    assert marked_pixels(marked.content) > 50  # the printed value is boxed
    assert filer.get(f"/packages/{pid}/original/pages/999").status_code == 404
    # not public until published
    assert TestClient(app).get(f"/packages/{pid}/original/pages/1.png").status_code == 404


def test_packages_read_from_text_have_no_original_pages(app: FastAPI, demo: Demo) -> None:
    filer = signed_in(app, demo, "filer")
    pid = filer.uploaded(filer.upload(BUDGET))
    assert "/original" not in filer.get(f"/packages/{pid}").text
    response = filer.get(f"/packages/{pid}/original/pages/1")
    assert response.status_code == 404 and "不是由 PDF 或扫描图片读入" in response.text


def test_a_scan_uploaded_as_an_image_is_read_and_its_page_shown(app: FastAPI, demo: Demo) -> None:
    """A page scanned to PNG: read by OCR on upload, and its original page shown from it."""
    require_tesseract()
    scan = pdfium.PdfDocument(SCAN_PDF)[4].render(scale=200 / 72, grayscale=True).to_pil()
    png = io.BytesIO()
    scan.save(png, "PNG", dpi=(200, 200))
    filer = signed_in(app, demo, "filer")
    files = {"file": ("扫描.png", png.getvalue(), "image/png")}
    pid = filer.uploaded(filer.post("/upload", {"year": "2026"}, files=files))
    detail = filer.client.get(f"/api/packages/{pid}").json()
    assert detail["findings"] is not None
    shown = filer.get(f"/packages/{pid}/original/pages/1.png")
    assert shown.status_code == 200 and shown.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(shown.content)).size[1] > 1000  # an A4 page at 108 DPI


def test_an_enlarged_page_renders_in_a_worker_bounded_by_memory_and_time(
    app: FastAPI, demo: Demo
) -> None:
    """Page 1 of a real PDF enlarged to 14,400 pt (the reader refuses such a page at upload
    since the page-area limit; a file kept before it is stored as it came): shown within the
    pixel cap in a worker of bounded memory; past the memory or time cap, a Chinese 422 —
    never a 500, and the server answers on."""
    filer = signed_in(app, demo, "filer")
    files = {"file": (SHANGHAI.name, SHANGHAI.read_bytes(), "application/pdf")}
    pid = filer.uploaded(filer.post("/upload", {"year": "2026"}, files=files))
    with app.state.sessions() as session:
        kept = session.scalars(select(PackageFile).where(PackageFile.package_id == pid)).one()
        kept.data = hostile.enlarge_page(SHANGHAI.read_bytes(), 14_400)
        session.commit()
    page = f"/packages/{pid}/original/pages/1.png"
    start = time.monotonic()
    shown = filer.get(page)
    assert time.monotonic() - start < 5
    assert shown.status_code == 200 and shown.headers["content-type"] == "image/png"
    with Image.open(io.BytesIO(shown.content)) as image:
        assert image.width > 6000  # 14,400 pt wide, scaled down to the pixel cap
        assert image.width * image.height <= limits.DEFAULT.render_pixels
    # the same page within 160 MB: refused, with the limit named
    app.state.renderer = Renderer(1, replace(limits.DEFAULT, render_memory_bytes=160 << 20))
    refused = filer.get(page)
    assert refused.status_code == 422, refused.text[-300:]
    assert "原文第 1 页的图像生成时超出内存上限（160 MB）" in refused.text
    as_json = filer.client.get(page, headers={"Accept": "application/json"})
    assert as_json.status_code == 422 and "内存上限" in as_json.json()["detail"]
    # an ordinary page of the same file renders within that cap; the server answers on
    assert filer.get(f"/packages/{pid}/original/pages/2.png").status_code == 200
    assert filer.get(f"/packages/{pid}/original/pages/1").status_code == 200  # counted there
    assert filer.get(f"/packages/{pid}").status_code == 200
    # past the time cap
    app.state.renderer = Renderer(1, replace(limits.DEFAULT, render_seconds=0.01))
    late = filer.get(page)
    assert late.status_code == 422 and "原文第 1 页的图像生成时超出用时上限" in late.text
    # a page the file does not have is the page's own 404, from the worker
    app.state.renderer = Renderer(1)
    missing = filer.get(f"/packages/{pid}/original/pages/99.png")
    assert missing.status_code == 404 and "原文件没有第 99 页" in missing.text


def test_a_scan_is_made_a_pdf_and_counted_in_the_bounded_worker(app: FastAPI, demo: Demo) -> None:
    """A scanned page given as a 10,000 × 10,000 PNG (within the pixel limit, 100 MB decoded):
    even counting its pages decodes it, so that too runs in the capped worker — past the cap a
    Chinese 422, not the server's memory."""
    filer = signed_in(app, demo, "filer")
    files = {"file": (SHANGHAI.name, SHANGHAI.read_bytes(), "application/pdf")}
    pid = filer.uploaded(filer.post("/upload", {"year": "2026"}, files=files))
    scan = io.BytesIO()
    Image.new("L", (10_000, 10_000), 255).save(scan, "PNG")
    with app.state.sessions() as session:
        kept = session.scalars(select(PackageFile).where(PackageFile.package_id == pid)).one()
        kept.name, kept.data = "扫描.png", scan.getvalue()
        session.commit()
    app.state.renderer = Renderer(1, replace(limits.DEFAULT, render_memory_bytes=160 << 20))
    view = filer.get(f"/packages/{pid}/original/pages/1")
    assert view.status_code == 422, view.text[-300:]
    assert "内存上限（160 MB）" in view.text
    assert filer.get(f"/packages/{pid}").status_code == 200
