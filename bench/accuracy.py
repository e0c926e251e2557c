"""Accuracy harness (``make accuracy``): every reader over every document with an expected
fixture in tests/fixtures/expected/, printing per document the table recall, the cell
accuracy and the findings. The fixtures were built independently of yusuan's readers (by hand,
or with pdfplumber as a second extraction route).
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from yusuan.check import check_package
from yusuan.errors import YusuanError
from yusuan.model import BudgetPackage
from yusuan.pipeline import load

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests" / "fixtures" / "expected"
SHARED = Path(os.environ.get("YUSUAN_SHARED", ROOT.parent / "shared"))


def _source(fixture: dict[str, Any]) -> Path:
    src = fixture["source"]
    if src.startswith("seeds/"):
        return SHARED / src
    return SHARED / src if (SHARED / src).exists() else SHARED / "samples" / "pdf" / Path(src).name


def _cells(rows: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
    out: Counter[tuple[Any, ...]] = Counter()
    for r in rows:
        for key, value in r["values"].items():
            if value is not None:
                out[(r.get("side"), r.get("code"), r["name"], key, Decimal(value))] += 1
    return out


def score(pkg: BudgetPackage, fixture: dict[str, Any]) -> tuple[int, int, int, int]:
    """(tables found, tables expected, cells right, cells expected)."""
    found = right = total = 0
    for table in fixture["tables"]:
        got = next((t for t in pkg.tables if t.kind.value == table["kind"]), None)
        expected = _cells(table["rows"])
        total += sum(expected.values())
        if got is None:
            continue
        found += 1
        rows = [
            {
                "side": r.side,
                "code": r.code,
                "name": r.name,
                "values": {k: str(c.value) for k, c in r.cells if c.value is not None},
            }
            for r in got.rows
        ]
        right += sum((expected & _cells(rows)).values())
    return found, len(fixture["tables"]), right, total


def main() -> int:
    worst = 1.0
    print(
        f"{'document':46} {'tables':>8} {'recall':>7} {'cells':>11} {'accuracy':>9}  findings (error/warning/info)"
    )
    for path in sorted(EXPECTED.glob("*.json")):
        fixture = json.loads(path.read_text(encoding="utf-8"))
        source = _source(fixture)
        name = source.name[:44]
        try:
            pkg = load(source)
        except (YusuanError, OSError) as exc:
            print(f"{name:46} cannot read: {exc}")
            worst = 0.0
            continue
        found, tables, right, cells = score(pkg, fixture)
        recall = found / tables if tables else 1.0
        accuracy = right / cells if cells else 1.0
        worst = min(worst, recall, accuracy)
        s = check_package(pkg).summary
        print(
            f"{name:46} {found:>3}/{tables:<4} {recall:>6.1%} {right:>5}/{cells:<5} {accuracy:>8.1%}"
            f"  {s['error']}/{s['warning']}/{s['info']}"
        )
    print(f"\nlowest table recall / cell accuracy: {worst:.1%}")
    return 0 if worst == 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
