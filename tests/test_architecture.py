"""The pipeline's layering (docs/architecture.md): readers → recognition → model → rules. A stage
imports only the stages before it and the neutral modules (model, money, errors, …), never
one after it. Imports are read from the sources (``ast``), including those inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"

#: package → the packages it must not import
FORBIDDEN = {
    "yusuan.readers": ("yusuan.recognize", "yusuan.publish", "yusuan.rules", "yusuan.web"),
    "yusuan.recognize": ("yusuan.publish", "yusuan.rules", "yusuan.web"),
}


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
    wrong = []
    for path in files:
        found = {n for n in imports(path) if any(_inside(n, x) for x in FORBIDDEN[package])}
        # ``from a.b import c`` is reported as a.b (not also as a.b.c)
        found = {n for n in found if n.rpartition(".")[0] not in found}
        wrong.extend(f"{_module(path)} imports {name}" for name in sorted(found))
    assert wrong == []
