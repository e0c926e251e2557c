"""Drafting the 情况说明 from the numbers (``yusuan publish --draft``)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import DOCS, SEED000
from yusuan.check import check_package
from yusuan.cli import app
from yusuan.errors import DataFileError
from yusuan.pipeline import load
from yusuan.publish.layout import load_layout
from yusuan.rules.profile import load_profile
from yusuan.said.draft import (
    DraftInputs,
    amounts,
    draft,
    inputs_from_narrative,
    read_inputs,
    wan,
)

CONSISTENT = DOCS / "qijiang_2026_consistent.txt"
LAYOUT = load_layout("chongqing-2026")
PROFILE = load_profile("chongqing-2026")


def texts(pkg: object) -> list[str]:
    return [p.text for p in pkg.paragraphs]  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", [SEED000, CONSISTENT], ids=["seed000", "consistent"])
def test_redrafting_a_published_narrative_from_its_numbers_gives_it_back(path: Path) -> None:
    """Every sentence of seed 000's 情况说明 is reproduced from the tables, last year's amounts
    and reasons its own sentences state: the sentence shapes are the seed's."""
    pkg = load(path)
    drafted = draft(pkg, LAYOUT.glossary, inputs_from_narrative(pkg))
    assert texts(drafted) == texts(pkg)


def test_drafted_narrative_is_checked_like_any_other_and_agrees_with_the_tables() -> None:
    pkg = load(CONSISTENT)
    bare = dataclasses.replace(pkg, paragraphs=(), figures=())
    drafted = draft(bare, LAYOUT.glossary, inputs_from_narrative(pkg))
    assert len(drafted.figures) > 30
    # what is checked is read from the drafted text, not kept from the original's
    drafted_text = "".join("".join(p.text.replace(",", "").split()) for p in drafted.paragraphs)
    assert all("".join(f.text.split()) in drafted_text for f in drafted.figures)
    assert check_package(drafted, PROFILE).findings == ()


def test_year_over_year_phrases_are_computed_against_last_year() -> None:
    pkg = dataclasses.replace(load(CONSISTENT), paragraphs=(), figures=())
    inputs = DraftInputs(
        previous={
            "基本支出": Decimal("700.99"),
            "项目支出": Decimal("890.25"),
            "公务接待费": Decimal("2"),
        },
        reasons={"公务接待费": "厉行节约", "项目支出": "不会出现：持平时不写原因"},
    )
    text = "\n".join(texts(draft(pkg, LAYOUT.glossary, inputs)))
    assert "基本支出531.49万元，比2025年减少169.5万元；" in text  # 531.49 − 700.99
    assert "项目支出890.25万元，与上年持平。" in text
    assert "公务接待费1万元，比2025年减少1万元，主要原因是厉行节约；" in text
    assert "因公出国（境）费用0万元；" in text  # no last-year amount: no comparison
    assert "不会出现" not in text
    # 机关运行经费 is for the largest 302 items, largest first, ties by code (差旅费 30211 before
    # 公务用车运行维护费 30231, both 3.50)
    assert (
        "主要用于工会经费、其他交通费用、邮电费、电费、办公费、劳务费、培训费、差旅费等。" in text
    )


def test_an_overridden_paragraph_is_verified_by_the_checker() -> None:
    pkg = load(CONSISTENT)
    heading = "四、“三公”经费情况说明"
    wrong = "2026年“三公”经费预算5万元。其中：因公出国（境）费用0万元；公务接待费1万元；公务用车运行维护费3.5万元；公务用车购置费0万元。"
    inputs = dataclasses.replace(inputs_from_narrative(pkg), overrides={heading: wrong})
    drafted = draft(pkg, LAYOUT.glossary, inputs)
    assert wrong in texts(drafted)
    findings = check_package(drafted, PROFILE).findings
    assert any("三公" in f.message and f.stated == Decimal(5) for f in findings), findings


def test_amounts_print_as_the_narrative_prints_them() -> None:
    assert [wan(Decimal(v)) for v in ("1421.74", "84.90", "4.50", "0", "169.5", "1000")] == [
        "1,421.74",
        "84.9",
        "4.5",
        "0",
        "169.5",
        "1,000",
    ]


def test_previous_package_gives_last_years_amounts(tmp_path: Path) -> None:
    """Publishing with --previous last year's file: here the same package, so every change is 0."""
    out = tmp_path / "公开"
    result = CliRunner().invoke(
        app,
        ["publish", str(CONSISTENT), "-o", str(out), "-f", "html", "--previous", str(CONSISTENT)],
    )
    assert result.exit_code == 0, result.output
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert "基本支出531.49万元，与上年持平；" in html
    assert amounts(load(CONSISTENT))["机关运行经费"] == Decimal("84.90")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("previous:\n  基本收入: 3\n", "未知的项目：基本收入"),
        ("previous:\n  基本支出: 三百\n", "previous.基本支出"),
        ("colour: red\n", "未知的项：colour"),
        ("reasons: [a, b]\n", "reasons"),
    ],
)
def test_bad_drafting_inputs(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "说明.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError, match=message):
        read_inputs(str(path))
