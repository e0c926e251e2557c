"""Save, then compare, what ``yusuan check -f json`` says about every document we have.

A change meant to make yusuan faster (or tidier) must not change a finding. Before it::

    .venv/bin/python bench/findings_snapshot.py save .bench/before

and after it (``--findings-only`` on both leaves the models out, for a change meant to
alter the model but not what is found)::

    .venv/bin/python bench/findings_snapshot.py compare .bench/before

Documents: ``examples/``, every document under ``tests/fixtures/`` (``--no-ocr`` leaves out the
scanned PDFs, which take a minute to OCR), ``../shared/samples/pdf/*.pdf``, the pages of the
shared corpora (``../shared/corpus/{wild,perf}/docs``, read as ``make wild`` reads them) and
the seeds. Each is checked in-process exactly as ``yusuan check FILE -f json`` checks it (the
``default`` profile); the JSON report is saved with the full model ``yusuan export`` writes, so
a change in a cell's position shows up too. ``compare`` prints each file whose report or model
differs (the first differing line) and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import sys
from pathlib import Path

from yusuan.check import CheckResult, check_package
from yusuan.errors import YusuanError
from yusuan.model.serialize import to_data
from yusuan.pipeline import load
from yusuan.report import jsonout
from yusuan.rules.profile import load_profile

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DOCUMENTS = (".txt", ".pdf", ".docx", ".xlsx", ".html", ".htm", ".png", ".jpg", ".tif", ".tiff")


def documents(ocr: bool = True) -> list[Path]:
    """Every document the snapshot covers, in a stable order."""
    found: list[Path] = sorted((ROOT / "examples").iterdir())
    found += sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.is_file())
    found += sorted((SHARED / "samples" / "pdf").glob("*.pdf"))
    for corpus in ("wild", "perf"):
        found += sorted((SHARED / "corpus" / corpus / "docs").glob("*"))
    found += sorted((SHARED / "seeds").glob("*"))
    docs = [p for p in found if p.suffix.lower() in DOCUMENTS]
    if not ocr:
        docs = [p for p in docs if p.parent.name != "scanned" or p.name.endswith("-text.pdf")]
    return docs


def _key(path: Path) -> str:
    """A file name for ``path``'s snapshot: readable, unique across folders, and the same for
    another checkout (a worktree of an earlier commit) beside the same ``shared`` folder."""
    path = path.resolve()
    home = ROOT if path.is_relative_to(ROOT) else SHARED
    rel = path.relative_to(home).as_posix() if path.is_relative_to(home) else path.as_posix()
    digest = hashlib.sha1(rel.encode()).hexdigest()[:8]
    return f"{path.stem[:40]}-{digest}.json"


def snapshot(path: Path, model_too: bool = True) -> str:
    """``yusuan check -f json`` on ``path`` and (unless ``model_too`` is false) the model, as
    one stable text."""
    profile = load_profile("default")
    result: CheckResult | YusuanError
    try:
        result = check_package(load(path), profile)
    except YusuanError as exc:
        result = exc
    report = json.loads(jsonout.render([result]))
    model = None
    if model_too and not isinstance(result, YusuanError):
        model = to_data(result.package)
    text = json.dumps(
        {"file": str(path), "report": report, "model": model},
        ensure_ascii=False,
        indent=1,
        sort_keys=True,
        default=str,
    )
    return text + "\n"


def save(folder: Path, ocr: bool, model_too: bool = True) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    docs = documents(ocr)
    for path in docs:
        (folder / _key(path)).write_text(snapshot(path, model_too), encoding="utf-8")
    print(f"已保存 {len(docs)} 个文件的审核结果到 {folder}")
    return 0


def compare(folder: Path, ocr: bool, model_too: bool = True) -> int:
    if not folder.is_dir():
        print(f"{folder}：没有保存的审核结果（先运行 save）", file=sys.stderr)
        return 3
    changed = missing = 0
    docs = documents(ocr)
    for path in docs:
        saved = folder / _key(path)
        if not saved.exists():
            missing += 1
            print(f"未保存：{path}")
            continue
        before = saved.read_text(encoding="utf-8")
        after = snapshot(path, model_too)
        if before == after:
            continue
        changed += 1
        diff = difflib.unified_diff(
            before.splitlines(), after.splitlines(), "before", "after", lineterm="", n=1
        )
        print(f"不同：{path}")
        for line in list(diff)[2:12]:
            print(f"    {line}")
    print(f"比较 {len(docs)} 个文件：不同 {changed}，未保存 {missing}")
    return 1 if changed or missing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("save", "compare", "list"))
    parser.add_argument("folder", type=Path, nargs="?", default=ROOT / ".bench" / "findings")
    parser.add_argument("--no-ocr", action="store_true", help="leave out the scanned PDFs")
    parser.add_argument(
        "--findings-only",
        action="store_true",
        help="compare the reports only, not the models (for a change meant to alter the model)",
    )
    args = parser.parse_args(argv)
    if args.action == "list":
        for p in documents(not args.no_ocr):
            print(p)
        return 0
    if args.action == "save":
        return save(args.folder, not args.no_ocr, not args.findings_only)
    return compare(args.folder, not args.no_ocr, not args.findings_only)


if __name__ == "__main__":
    sys.exit(main())
