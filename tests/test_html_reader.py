"""HTML reader: seed 000 as a web page with real tables, and with its tables flattened to
``a | b | c`` text lines, reads into the same model (checked against the fixture)."""

from __future__ import annotations

from html import escape

import pytest

from tests.conftest import SEED000
from tests.helpers.readers import check_projects, check_tables, expected_json, text_blocks
from yusuan.pipeline import load_bytes


def seed_html(flattened: bool) -> bytes:
    out = [
        "<!DOCTYPE html><html><head><title>部门预算</title><style>td{border:1px}</style></head><body>"
    ]
    for block in text_blocks(SEED000.read_text(encoding="utf-8")):
        if len(block) == 1 and len(block[0]) == 1:
            out.append(f"<p>{escape(block[0][0])}</p>")
        elif flattened:
            out.extend(f"<div>{escape(' | '.join(row))}</div>" for row in block)
        else:
            out.append("<table>")
            out.extend(
                "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in block
            )
            out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out).encode("utf-8")


@pytest.mark.parametrize("flattened", [False, True], ids=["tables", "flattened"])
def test_html_versions_of_seed000(flattened: bool) -> None:
    expected = expected_json("seed000.json")
    pkg = load_bytes(seed_html(flattened), "seed.html")
    assert pkg.info.format == "html"
    check_tables(pkg, expected)
    check_projects(pkg, expected)


def test_colspan_leaves_blank_cells() -> None:
    page = (
        "<html><body><p>2026年部门预算</p><p>一般公共预算“三公”经费支出表</p><p>单位：万元</p><table>"
        "<tr><td colspan='6'>2026年预算数</td></tr>"
        "<tr><td>合计</td><td>因公出国（境）费</td><td colspan='3'>公务用车购置及运行费</td><td>公务接待费</td></tr>"
        "<tr><td></td><td></td><td>小计</td><td>公务用车购置费</td><td>公务用车运行费</td><td></td></tr>"
        "<tr><td>4.50</td><td></td><td>3.50</td><td></td><td>3.50</td><td>1.00</td></tr>"
        "</table><script>var x = '<table>';</script></body></html>"
    )
    pkg = load_bytes(page.encode(), "x.html")
    (row,) = pkg.tables[0].rows
    assert {k: str(c.value) for k, c in row.cells} == {
        "total": "4.50",
        "vehicle": "3.50",
        "vehicle_operation": "3.50",
        "reception": "1.00",
    }
