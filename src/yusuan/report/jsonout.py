"""The JSON report: a documented, stable contract (docs/json-contract.md)."""

from __future__ import annotations

import json
from typing import Any

from yusuan import __version__
from yusuan.check import CheckResult
from yusuan.errors import YusuanError
from yusuan.model import Grid, Table


def _table(t: Table) -> dict[str, Any]:
    return {
        "name": t.title,
        "kind": t.kind.value,
        "unit": t.unit.value,
        "rows": [
            {
                "code": r.code,
                "name": r.name,
                "side": r.side,
                "values": {k: (None if c.value is None else str(c.value)) for k, c in r.cells},
            }
            for r in t.rows
        ],
    }


def _grid(g: Grid) -> dict[str, Any]:
    return {
        "name": g.title,
        "kind": "other",
        "unit": g.unit,
        "columns": [{"label": c.label, "role": c.role} for c in g.columns],
        "rows": [
            {
                "code": None,
                "name": r.name,
                "side": None,
                "values": {c.label: v for c, v in zip(g.columns, r.cells, strict=True)},
            }
            for r in g.rows
        ],
    }


def page(result: CheckResult) -> dict[str, Any]:
    """What the page was taken for: a whole package or a part of one, its sections, and the
    checks that could not run on a part."""
    info = result.package.info
    return {
        "partial": info.partial,
        "summary": info.summary,
        "sections": list(info.sections),
        "not_run": list(result.not_run),
        "statements": len(result.package.figures),
        "checkable": result.package.checkable,
    }


def document(result: CheckResult) -> dict[str, Any]:
    info = result.package.info
    return {
        "path": info.path,
        "kind": f"{info.scope}{info.stage}",
        "unit": result.package.unit.value,
        "year": info.year,
        "page": page(result),
        "tables": [_table(t) for t in result.package.tables]
        + [_grid(g) for g in result.package.grids],
        "findings": [f.as_dict() for f in result.findings],
        "summary": result.summary,
    }


def error_document(error: YusuanError) -> dict[str, Any]:
    return {"path": error.path, "error": {"code": error.code, "message": error.message}}


def render(results: list[CheckResult | YusuanError]) -> str:
    docs = [error_document(r) if isinstance(r, YusuanError) else document(r) for r in results]
    return json.dumps({"yusuan": __version__, "documents": docs}, ensure_ascii=False, indent=2)
