"""Publishing: a budget package → the disclosure files (DOCX, XLSX, HTML, PDF).

The pipeline is check → compose → render → verify → write:

* the package is checked first; errors block publishing unless forced with a reason, which is
  recorded in every file's metadata and in the manifest;
* one :class:`~yusuan.publish.document.Document` is composed in the region's layout and every
  format renders that same document;
* each rendered file is read back by yusuan's own readers and compared with the package
  (:mod:`yusuan.publish.digest`): a file that would not read back as the same numbers,
  indicators and sentences is never delivered; the PDF is rendered and read back in a child
  process while the other formats are (:mod:`yusuan.publish.parallel`);
* files are written to a staging folder inside the output folder and moved into place only
  when every one of them is ready, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from yusuan import __version__
from yusuan.check import CheckResult, check_package
from yusuan.errors import LayoutMismatchError, OutputError, PublishVerifyError
from yusuan.layouts import regional_layout
from yusuan.model import BudgetPackage
from yusuan.publish import mapping
from yusuan.publish.compose import compose
from yusuan.publish.formats import FORMATS
from yusuan.publish.formats import render as render_document
from yusuan.publish.layout import Layout, load_layout
from yusuan.publish.parallel import Started
from yusuan.rules.findings import Severity
from yusuan.rules.profile import Profile

MANIFEST = "发布记录.json"


@dataclass(frozen=True, slots=True)
class Output:
    format: str
    path: Path
    size: int
    sha256: str


@dataclass(frozen=True)
class PublishResult:
    outputs: tuple[Output, ...]
    check: CheckResult
    forced: str | None = None
    omitted: tuple[str, ...] = ()  # tables the layout does not print


class Blocked(Exception):
    """Errors found before publishing, and no ``--force --reason``."""

    def __init__(self, check: CheckResult) -> None:
        self.check = check
        super().__init__(f"{check.count(Severity.ERROR)} errors")


def file_stem(pkg: BudgetPackage) -> str:
    """``重庆市綦江区政务服务管理办公室2026年部门预算`` — safe as a file name."""
    info = pkg.info
    year = f"{info.year}年" if info.year else ""
    stem = f"{info.unit_name or '预算公开'}{year}{info.scope}{info.stage}"
    return re.sub(r'[\\/:*?"<>|\s]+', "", stem)[:80] or "预算公开"


def render(
    pkg: BudgetPackage, layout: Layout, fmt: str, metadata: tuple[tuple[str, str], ...] = ()
) -> bytes:
    """One format's bytes, without checking or verifying (what can be derived for the layout
    is: :func:`mapping.fitted`)."""
    doc = compose(mapping.fitted(pkg, layout), layout)
    return render_document(replace(doc, metadata=metadata), fmt)


def _as_printed(pkg: BudgetPackage, lay: Layout) -> tuple[BudgetPackage, tuple[str, ...]]:
    """The package as the layout prints it (its tables and columns), and the tables it has no
    place for (columns it cannot print were refused before: :func:`mapping.unmapped`)."""
    tables = []
    omitted: list[str] = []
    for t in pkg.tables:
        spec = lay.tables.get(t.kind)
        if spec is None:
            omitted.append(t.title or t.kind.label)
            continue
        keys = mapping.printed_keys(spec)
        rows = tuple(
            replace(r, cells=tuple((k, c) for k, c in r.cells if k in keys)) for r in t.rows
        )
        tables.append(replace(t, rows=rows))
    return replace(pkg, tables=tuple(tables)), tuple(omitted)


def check_mapping(pkg: BudgetPackage, lay: Layout) -> BudgetPackage:
    """The package fitted to the layout (:func:`mapping.fitted`), or
    :class:`LayoutMismatchError` naming the tables' columns and the projects' fields that the
    layout cannot print, with the layout of the file's own region when there is one."""
    fit = mapping.fitted(pkg, lay)
    lost = mapping.unmapped(fit, lay)
    if lost:
        own = regional_layout(lay.name, pkg.info.unit_name or "")
        suggestion = (
            f"请改用文件所属地区的版式（--layout {own}），或在数据中拆分、补齐后重试。"
            if own != lay.name
            else "请在数据中拆分、补齐后重试，或改用能容纳这些内容的版式。"
        )
        raise LayoutMismatchError(layout=lay.name, detail="；".join(lost), suggestion=suggestion)
    return fit


def verify(pkg: BudgetPackage, data: bytes, fmt: str) -> None:
    """Read a rendered file back; :class:`PublishVerifyError` if it is not the same package."""
    from yusuan.errors import YusuanError
    from yusuan.pipeline import load_bytes
    from yusuan.publish.digest import differences

    try:
        back = load_bytes(data, f"发布.{fmt}")
    except YusuanError as exc:
        raise PublishVerifyError(format=fmt.upper(), detail=exc.message) from exc
    diff = differences(pkg, back, limit=3)
    if diff:
        raise PublishVerifyError(format=fmt.upper(), detail="；".join(diff))


def publish(
    pkg: BudgetPackage,
    outdir: Path,
    *,
    layout: str | Layout = "chongqing-2026",
    profile: Profile | None = None,
    formats: tuple[str, ...] = FORMATS,
    force_reason: str | None = None,
    source: str = "",
    check_verify: bool = True,
) -> PublishResult:
    """Check, render, verify and write the package; :class:`Blocked` on errors unless forced."""
    lay = load_layout(layout) if isinstance(layout, str) else layout
    fit = check_mapping(pkg, lay)  # before anything: nothing is written when it cannot map
    result = check_package(pkg, profile)
    if result.count(Severity.ERROR) and not force_reason:
        raise Blocked(result)
    metadata: list[tuple[str, str]] = [("generator", f"yusuan {__version__}"), ("layout", lay.name)]
    if force_reason:
        metadata.append(("forced", force_reason))
    doc = replace(compose(fit, lay), metadata=tuple(metadata))
    stem = file_stem(pkg)
    printed, omitted = _as_printed(fit, lay)

    def made(fmt: str) -> bytes:
        data = render_document(doc, fmt)
        if check_verify:
            verify(printed, data, fmt)
        return data

    # the PDF (WeasyPrint, the slowest by far) is made in a child process meanwhile
    pdf = Started(lambda: made("pdf")) if "pdf" in formats and len(formats) > 1 else None
    rendered: list[tuple[str, bytes]] = []
    try:
        for fmt in formats:
            rendered.append((fmt, pdf.result() if pdf is not None and fmt == "pdf" else made(fmt)))
    finally:
        if pdf is not None:
            pdf.close()
    outputs = tuple(
        Output(fmt, outdir / f"{stem}.{fmt}", len(data), hashlib.sha256(data).hexdigest())
        for fmt, data in rendered
    )
    manifest = {
        "yusuan": __version__,
        "时间": datetime.now().astimezone().isoformat(timespec="seconds"),
        "来源": source,
        "版式": lay.name,
        "审核": result.summary,
        "强制发布原因": force_reason,
        "版式中没有而未发布的表": list(omitted),
        "文件": [
            {"格式": o.format, "文件名": o.path.name, "字节": o.size, "sha256": o.sha256}
            for o in outputs
        ],
    }
    files = [(o.path.name, data) for o, (_, data) in zip(outputs, rendered, strict=True)]
    files.append((MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")))
    _write_all(outdir, files)
    return PublishResult(outputs, result, force_reason, omitted)


def _write_all(outdir: Path, files: list[tuple[str, bytes]]) -> None:
    """All files or none: write into a staging folder in ``outdir``, then move each into place;
    if a move fails, the files already moved are put back as they were."""
    from yusuan.output import os_reason

    staging: Path | None = None
    moved: list[tuple[Path, Path | None]] = []  # (target, its previous version kept in staging)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".yusuan-publish-", dir=outdir))
        for name, data in files:
            target = outdir / name
            if target.exists() and not target.is_file():
                raise OutputError(str(target), detail="同名的文件夹已存在")
            (staging / name).write_bytes(data)
        (staging / ".old").mkdir()
        for name, _ in files:
            target = outdir / name
            old = None
            if target.exists():
                old = staging / ".old" / name
                target.replace(old)
            moved.append((target, old))
            (staging / name).replace(target)
    except OSError as exc:
        for target, old in reversed(moved):
            target.unlink(missing_ok=True)
            if old is not None:
                old.replace(target)
        raise OutputError(str(outdir), detail=os_reason(exc)) from exc
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
