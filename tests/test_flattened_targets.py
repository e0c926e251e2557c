"""绩效目标表 flattened one cell per line (issue #7): seed 000's project sheets and its 整体绩效目标表,
published by yusuan as HTML and then printed one cell per paragraph, read into the same
projects and indicators as the real ``<table>`` page; a grid that cannot be aligned is left as
printed, never guessed, and the sheet is reported as having no indicators."""

from __future__ import annotations

import re
from html import escape
from typing import Any

import pytest

from tests.helpers.readers import TableRows, published
from yusuan.check import check_package
from yusuan.model import BudgetPackage
from yusuan.pipeline import load_bytes
from yusuan.recognize.projects import LEVEL1
from yusuan.rules.profile import load_profile


def flattened_sheets(drop_blank_in: str | None = None, blank: str = "") -> bytes:
    """The published page with every 绩效目标表 flattened one cell per paragraph (a blank cell an
    empty paragraph); ``drop_blank_in``: in that project's sheet, the blank cells of the
    indicator rows are left out, as a careless copy would."""

    def flatten(match: re.Match[str], drop: bool) -> str:
        parser = TableRows()
        parser.feed(match.group(0))
        out: list[str] = []
        for _, cells in parser.rows:
            indicator = len(cells) > 1 and cells[1] in LEVEL1
            out.extend(
                f"<p>{escape(c or blank)}</p>" for c in cells if c or not (drop and indicator)
            )
        return "\n".join(out)

    def section(match: re.Match[str]) -> str:
        if "绩效目标表" not in match.group(1):
            return match.group(0)
        drop = drop_blank_in is not None and drop_blank_in in match.group(0)
        return re.sub(r"<table.*?</table>", lambda m: flatten(m, drop), match.group(0), flags=re.S)

    page = re.sub(
        r'<section class="table[^"]*"[^>]*>\s*<h2[^>]*>([^<]*).*?</section>',
        section,
        published(),
        flags=re.S,
    )
    assert "绩效目标表" in page and page.count("<table") == 8  # only the budget tables remain
    return page.encode("utf-8")


def sheets(pkg: BudgetPackage) -> list[Any]:
    out: list[Any] = []
    for p in [*pkg.projects, pkg.department_performance]:
        assert p is not None
        indicators = [
            (i.level1, i.level2, i.name, i.weight, i.unit, i.operator, i.value, i.core)
            for i in p.indicators
        ]
        out.append((getattr(p, "name", None), getattr(p, "budget", None), indicators))
    return out


@pytest.mark.parametrize("blank", ["", "－", "—"])
def test_flattened_sheets_read_into_the_same_targets(blank: str) -> None:
    """A blank cell an empty paragraph, or a dash (the 绩效指标 column's blank before each
    row, a 定性 indicator's unit)."""
    real = load_bytes(published().encode("utf-8"), "real.html")
    flat = load_bytes(flattened_sheets(blank=blank), "flat.html")
    assert len(real.projects) == 9
    assert sum(len(p.indicators) for p in real.projects) == 57
    assert sheets(flat) == sheets(real)


def test_a_grid_missing_its_blank_cells_is_not_guessed() -> None:
    """Seed 000's 业务熟练、办事效率 is 定性 with no unit: left out, its row cannot be aligned, so
    that project's indicators are not read — while every other sheet still is."""
    real = sheets(load_bytes(published().encode("utf-8"), "real.html"))
    pkg = load_bytes(flattened_sheets(drop_blank_in="窗口工作人员专项经费"), "flat.html")
    flat = sheets(pkg)
    name, budget, indicators = flat[0]
    assert (name, budget) == real[0][:2]
    assert indicators == []  # not misplaced into the wrong columns
    assert flat[1:] == real[1:]
    findings = check_package(pkg, load_profile("chongqing-2026")).findings
    assert any(f.rule == "C004" and "窗口工作人员专项经费" in f.message for f in findings)
