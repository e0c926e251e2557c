"""The pipeline's layering (docs/architecture.md): readers → recognition → model → what a budget
says (``said``) → rules → publishing, the template, the web. A stage imports only the stages
before it and the neutral modules (model, lang, money, errors, …), never one after it. Imports
are read from the sources (``ast``), including those inside functions.

The check path stays lean (issue #16): ``yusuan check`` on a page of text imports no web,
publishing, OCR, DuckDB, pydantic or Typer module — read from the sources for the command
line's own modules, and seen in a real run (``python -X importtime``)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED000

SRC = Path(__file__).resolve().parent.parent / "src"

#: package → the packages it must not import
_ABOVE_RULES = ("yusuan.publish", "yusuan.template", "yusuan.web", "yusuan.cli", "yusuan.batch")
#: what a budget says (quantities, the drafting, rounding) and the stages below it
_ABOVE_SAID = ("yusuan.said", "yusuan.rules", *_ABOVE_RULES)
FORBIDDEN = {
    "yusuan.lang": ("yusuan.readers", "yusuan.recognize", "yusuan.layouts", *_ABOVE_SAID),
    "yusuan.model": ("yusuan.readers", "yusuan.recognize", "yusuan.layouts", *_ABOVE_SAID),
    "yusuan.readers": ("yusuan.recognize", "yusuan.layouts", *_ABOVE_SAID),
    # the header rows of the standard tables are budget language (yusuan.lang.printed)
    "yusuan.recognize": ("yusuan.layouts", *_ABOVE_SAID),
    "yusuan.said": ("yusuan.rules", "yusuan.layouts", *_ABOVE_RULES),
    "yusuan.rules": _ABOVE_RULES,
    # publishing and the template: the platform and the command line are above them
    "yusuan.publish": ("yusuan.template", "yusuan.web", "yusuan.cli", "yusuan.batch"),
    "yusuan.template": ("yusuan.web", "yusuan.cli", "yusuan.batch"),
    "yusuan.cli": ("yusuan.web",),
}

#: what ``yusuan check`` never loads (a scanned page would need the OCR modules and Pillow)
HEAVY = (
    "yusuan.web",
    "yusuan.publish",
    "yusuan.perf",
    "yusuan.template",
    "yusuan.readers.ocr.pages",  # (ocr.tesseract, the engine's command, is light)
    "yusuan.readers.image",
    "yusuan.cli.commands",
    "typer",
    "click",
    "pydantic",
    "duckdb",
    "PIL",
    "weasyprint",
    "fastapi",
    "sqlalchemy",
    "jinja2",
    "docx",
    "openpyxl",
)
#: the command line's modules a plain ``yusuan check`` runs through
CHECK_PATH = ("__init__", "boundary", "lean", "check")


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The modules a source file imports (relative imports resolved; ``from a import b`` gives
    ``a`` and ``a.b``, since ``b`` may be a module)."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _inside(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_imports_are_read_from_the_sources() -> None:
    """The check itself: a known import is found (a lazy one inside a function too)."""
    found = imports(SRC / "yusuan" / "readers" / "__init__.py")
    assert "yusuan.readers.raw" in found
    assert "yusuan.readers.pdf" in found  # imported inside read_bytes()


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_stage_does_not_import_later_stages(package: str) -> None:
    folder = SRC.joinpath(*package.split("."))
    files = sorted(folder.rglob("*.py"))
    assert files
    wrong: list[str] = []
    for path in files:
        found = {n for n in imports(path) if any(_inside(n, x) for x in FORBIDDEN[package])}
        # ``from a.b import c`` is reported as a.b (not also as a.b.c)
        found = {n for n in found if n.rpartition(".")[0] not in found}
        wrong.extend(f"{_module(path)} imports {name}" for name in sorted(found))
    assert wrong == []


def _top_level_imports(path: Path) -> set[str]:
    """The modules a source file imports when it is imported: not inside a function, nor under
    ``if TYPE_CHECKING:``."""
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("name", CHECK_PATH)
def test_the_check_path_modules_import_nothing_heavy(name: str) -> None:
    path = SRC / "yusuan" / "cli" / f"{name}.py"
    heavy = ("rich", "yusuan.pipeline", "yusuan.check", "yusuan.rules", *HEAVY)
    found = _top_level_imports(path)
    assert "__future__.annotations" in found  # the sources are read
    assert sorted(n for n in found if any(_inside(n, h) for h in heavy)) == []


def _imported(*args: str | Path) -> set[str]:
    """The modules a run of ``yusuan`` imports, from ``python -X importtime``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "yusuan", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    lines = [x for x in done.stderr.splitlines() if x.startswith("import time:")]
    assert len(lines) > 100, done.stderr[-2000:]
    return {x.rpartition("|")[2].strip() for x in lines[1:]}


@pytest.mark.parametrize(
    "args",
    [
        ("check", ROOT / "tests" / "fixtures" / "wild" / "003.txt"),
        ("check", SEED000, "-f", "json", "-p", "chongqing-2026"),
        ("check", SEED000, "--format=html", "-o", "{tmp}/报告.html", "--fail-on", "warning"),
        ("check", ROOT / "examples" / "上海市普陀区司法局2026年部门预算.pdf", "-f", "json"),
    ],
)
def test_check_imports_only_what_its_input_needs(
    args: tuple[str | Path, ...], tmp_path: Path
) -> None:
    modules = _imported(*(str(a).format(tmp=tmp_path) for a in args))
    assert {"yusuan.pipeline", "yusuan.check", "yusuan.rules.registry"} <= modules
    assert sorted(m for m in modules if any(_inside(m, h) for h in HEAVY)) == []
    if str(args[1]).endswith(".txt"):
        assert "pypdfium2" not in modules and "yusuan.readers.pdf" not in modules
    if str(args[1]).endswith(".pdf"):  # its text layer read through PDFium bound directly
        assert "yusuan.readers.pdfium" in modules and "pypdfium2" not in modules
    if "-o" not in args:  # bundled data found beside the modules (yusuan.bundled)
        zips = {"importlib.resources", "tempfile", "shutil", "zipfile", "lzma", "bz2"}
        assert sorted(zips & modules) == []
    # the JSON and HTML reports need no terminal, nor the text report into a pipe or a file
    assert "rich" not in modules


def _graph() -> dict[str, set[str]]:
    """Each module of the package → the modules of the package it imports (anywhere in it: a
    deferred import inside a function is still an arrow; ``from a import b`` points at ``a.b``
    when ``b`` is a module, else at ``a``; ``if TYPE_CHECKING:`` blocks are no arrows)."""
    files = {_module(p): p for p in (SRC / "yusuan").rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        typing_only = {
            id(n)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for stmt in node.body
            for n in ast.walk(stmt)
        }
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [
                    f"{base}.{a.name}" if f"{base}.{a.name}" in files else base for a in node.names
                ]
            else:
                continue
            for t in targets:
                while t and t not in files:
                    t = t.rpartition(".")[0]
                if t and t != name:
                    edges.add(t)
        graph[name] = edges
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def _reached(graph: dict[str, set[str]], start: str) -> set[str]:
    """The modules ``start`` imports, directly or through others (lazy imports included)."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        if (module := todo.pop()) not in seen:
            seen.add(module)
            todo.extend(graph.get(module, ()))
    return seen


#: what reading a document (``pipeline.load``, a filled 预算填报 workbook included) goes through
_READ_PATH = ("yusuan.pipeline", "yusuan.template.build", "yusuan.template.read")


@pytest.mark.parametrize("start", _READ_PATH)
def test_reading_a_document_goes_through_no_publishing_nor_rules(start: str) -> None:
    """A filled workbook is read into a package with its 情况说明 drafted from what the budget says
    (``yusuan.said``), not through publishing's drafter or layouts nor the rule checker: the
    pipeline sits below publishing (issue #20)."""
    graph = _graph()
    reached = _reached(graph, start)
    assert "yusuan.said.draft" in reached  # (the drafter, or its list of subjects)
    above: tuple[str, ...] = ("yusuan.publish", "yusuan.layouts", "yusuan.rules", "yusuan.perf")
    above += ("yusuan.web", "yusuan.cli", "yusuan.batch")
    assert sorted(m for m in reached if any(_inside(m, x) for x in above)) == []
    assert _reached({"a": {"b"}, "b": {"c"}, "c": set()}, "a") == {"a", "b", "c"}


def test_no_import_cycle() -> None:
    """No module imports, even lazily, one that imports it back (issue #20)."""
    graph = _graph()
    assert "yusuan.rules.registry" in graph and "yusuan.rules.builtin" in graph
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]  # the check finds one
    assert _cycles(graph) == []


def _test_modules() -> list[Path]:
    tests = Path(__file__).resolve().parent
    return sorted(tests.glob("test_*.py")) + sorted((tests / "helpers").glob("*.py"))


def test_a_test_module_imports_helpers_not_other_test_modules() -> None:
    """What several test modules share lives in ``tests/helpers/`` (or is a fixture of
    conftest.py); a test module importing another would run its module-level code and tie the
    two together (issue #20)."""
    wrong = []
    for path in _test_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            wrong += [f"{path.name}: {n}" for n in names if n.startswith("tests.test_")]
    assert wrong == []


def _import_names(distributions: set[str]) -> set[str]:
    """The top-level modules the given distributions install."""
    from importlib.metadata import packages_distributions

    norm = {d.lower().replace("_", "-") for d in distributions}
    return {
        module
        for module, dists in packages_distributions().items()
        if any(d.lower().replace("_", "-") in norm for d in dists)
    }


def test_no_dependency_of_the_project_is_skipped_when_missing() -> None:
    """A dependency the project declares is imported, not ``importorskip``-ped: a broken
    install must fail the tests, not pass them as skipped."""
    import re
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {re.split(r"[<>=\[; ]", d, maxsplit=1)[0] for d in project["dependencies"]}
    modules = _import_names(declared)
    assert {"fastapi", "sqlalchemy", "docx", "yaml"} <= modules  # the check sees them
    skipped = []
    for path in _test_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if (
                isinstance(node, ast.Call)
                and ast.unparse(node.func).endswith("importorskip")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and str(node.args[0].value).split(".")[0] in modules
            ):
                skipped.append(f"{path.name}: importorskip({node.args[0].value!r})")
    assert skipped == []
