"""What a read document is compared with: the expected JSON of a fixture (tables, projects,
indicators), blocks of tab-separated text, the rows of an HTML table, seed 000 as published."""

from __future__ import annotations

import functools
import json
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

from tests.conftest import EXPECTED, SEED000
from yusuan.model import BudgetPackage
from yusuan.pipeline import load
from yusuan.publish import render
from yusuan.publish.layout import load_layout


def decimal_or_none(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def table_rows(pkg: BudgetPackage, kind: str) -> list[dict[str, Any]]:
    table = next(t for t in pkg.tables if t.kind.value == kind)
    return [
        {
            "side": r.side,
            "code": r.code,
            "name": r.name,
            "values": {k: c.value for k, c in r.cells if c.value is not None},
        }
        for r in table.rows
    ]


def expected_rows(table: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "side": r["side"],
            "code": r["code"],
            "name": r["name"],
            "values": {k: decimal_or_none(v) for k, v in r["values"].items() if v is not None},
        }
        for r in table["rows"]
    ]


def check_tables(pkg: BudgetPackage, expected: dict[str, Any]) -> None:
    got_kinds = sorted(t.kind.value for t in pkg.tables)
    assert got_kinds == sorted(t["kind"] for t in expected["tables"])
    for table in expected["tables"]:
        got = table_rows(pkg, table["kind"])
        assert got == expected_rows(table), table["kind"]
        recognized = next(t for t in pkg.tables if t.kind.value == table["kind"])
        assert recognized.empty == table["empty"], table["kind"]
        if table.get("note"):
            assert recognized.note == "".join(table["note"].split())


def check_projects(pkg: BudgetPackage, expected: dict[str, Any]) -> None:
    assert [(p.code, p.name) for p in pkg.projects] == [
        (p["code"], p["name"]) for p in expected["projects"]
    ]
    for got, exp in zip(pkg.projects, expected["projects"], strict=True):
        assert got.budget == decimal_or_none(exp["budget"]), got.name
        assert got.execution_weight == (
            None if exp["execution_weight"] is None else Decimal(exp["execution_weight"])
        )
        assert dict(got.sources) == {k: decimal_or_none(v) for k, v in exp["sources"].items()}, (
            got.name
        )
        assert got.category == exp["category"]
        check_indicators(got.indicators, exp["indicators"])


def check_indicators(got: Any, expected: list[dict[str, Any]]) -> None:
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        assert (g.level1, g.level2, g.name, g.operator, g.value, g.unit) == (
            e["level1"],
            e["level2"],
            e["name"],
            e["operator"],
            e["value"],
            e["unit"],
        )
        assert g.weight == Decimal(e["weight"])
        assert (g.core, g.direction, g.history) == (e["core"], e["direction"], e["history"])


def expected_json(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXPECTED / name).read_text(encoding="utf-8"))
    return data


def text_blocks(text: str) -> list[list[list[str]]]:
    """Consecutive tab lines form a table; other lines are paragraphs (one-cell blocks)."""
    blocks: list[list[list[str]]] = []
    for line in text.split("\n"):
        if "\t" in line:
            if not blocks or (len(blocks[-1]) == 1 and len(blocks[-1][0]) == 1):
                blocks.append([])
            blocks[-1].append(line.split("\t"))
        elif line.strip():
            blocks.append([[line]])
    return blocks


@functools.cache
def published() -> str:
    """Seed 000 as yusuan publishes it: an HTML page with real tables."""
    return render(load(SEED000), load_layout("chongqing-2026"), "html").decode("utf-8")


class TableRows(HTMLParser):
    """A table's rows: (in the header?, cell texts)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[bool, list[str]]] = []
        self.head = False
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "thead":
            self.head = True
        elif tag == "tr":
            self.rows.append((self.head, []))
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self.head = False
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1][1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
