"""Self-evaluation scoring (财预〔2020〕10号, standards §3.6), with hand-computed expectations."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import SEED000
from tests.helpers.perf import SEED000_ACTUALS
from yusuan.cli import app
from yusuan.model import Indicator, Source
from yusuan.perf.scoring import Actual, Policy, ScoringError, evaluate, grade, score_indicator


def ind(name: str, op: str, value: str, weight: int, unit: str | None = "%") -> Indicator:
    return Indicator("产出指标", "数量指标", name, op, value, unit, D(weight), Source())


POLICY = Policy()


@pytest.mark.parametrize(
    ("op", "target", "actual", "weight", "expected", "met"),
    [
        ("≥", "98", "99", 10, "10.00", True),  # met
        ("≥", "98", "49", 10, "5.00", False),  # 10 × 49/98
        ("≥", "0", "0", 10, "10.00", True),  # target 0 is met by anything ≥ 0
        ("≥", "800000", "0", 20, "0.00", False),  # actual 0
        ("≤", "5", "4", 10, "10.00", True),  # met
        ("≤", "5", "8", 10, "6.25", False),  # ≤ exceeded: 10 × 5/8
        ("≤", "0", "2", 10, "0.00", False),  # target 0 exceeded
        ("≤", "5", "0", 10, "10.00", True),  # actual 0
        ("=", "100", "100", 15, "15.00", True),
        ("=", "100", "90", 15, "13.50", False),  # 15 × (1 − 10/100)
        ("=", "100", "250", 15, "0.00", False),  # floored at 0
        ("=", "0", "0", 15, "15.00", True),
        ("=", "0", "1", 15, "0.00", False),
    ],
)
def test_quantitative(
    op: str, target: str, actual: str, weight: int, expected: str, met: bool
) -> None:
    s = score_indicator(ind("x", op, target, weight), Actual(value=D(actual)), POLICY)
    assert (str(s.score), s.met) == (expected, met)
    assert s.formula


@pytest.mark.parametrize(
    ("tier", "share", "expected"),
    [
        ("达成", None, "20.00"),
        ("部分达成", None, "16.00"),
        ("未达成", None, "12.00"),
        ("部分达成", "0.7", "14.00"),
    ],
)
def test_qualitative_tiers(tier: str, share: str | None, expected: str) -> None:
    s = score_indicator(
        ind("服务提升", "定性", "高", 20, None),
        Actual(tier=tier, share=None if share is None else D(share)),
        POLICY,
    )
    assert str(s.score) == expected


def test_qualitative_share_outside_its_band_is_refused() -> None:
    with pytest.raises(ScoringError, match="之间"):
        score_indicator(
            ind("服务提升", "定性", "高", 20, None), Actual(tier="达成", share=D("0.5")), POLICY
        )


def test_over_achievement_deduction_is_configurable() -> None:
    policy = Policy(over_threshold=D("0.5"), over_deduction=D("0.1"))
    s = score_indicator(ind("办件量", "≥", "100", 20), Actual(value=D(200)), policy)
    assert str(s.score) == "18.00" and "扣减2.00" in s.formula
    assert (
        str(score_indicator(ind("办件量", "≥", "100", 20), Actual(value=D(140)), policy).score)
        == "20.00"
    )


def test_not_applicable_rescales_the_indicator_part() -> None:
    inds = (ind("a", "≥", "100", 45), ind("b", "≥", "100", 45))
    result = evaluate(
        "p", inds, {"a": Actual(value=D(50)), "b": Actual(applicable=False)}, D(100), D(100)
    )
    # a scores 22.5 of 45 applicable points → rescaled to 90: 45.00; execution 10
    assert (str(result.indicator_score), str(result.total), result.grade) == (
        "45.00",
        "55.00",
        "差",
    )


def test_execution_over_100_percent_is_capped() -> None:
    result = evaluate("p", (ind("a", "≥", "1", 90),), {"a": Actual(value=D(1))}, D(100), D(120))
    assert (str(result.execution_rate), str(result.execution_score), str(result.total)) == (
        "120.00",
        "10.00",
        "100.00",
    )


@pytest.mark.parametrize(
    ("total", "expected"),
    [("90", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"), ("60", "中"), ("59.99", "差")],
)
def test_grade_boundaries(total: str, expected: str) -> None:
    assert grade(D(total), POLICY) == expected


def test_unmet_indicators_need_reasons_and_low_execution_is_flagged() -> None:
    inds = (ind("a", "≥", "100", 90),)
    result = evaluate("p", inds, {"a": Actual(value=D(80))}, D(100), D(85))
    assert any("偏差原因" in p for p in result.problems)
    assert any("低于90%" in p for p in result.problems)
    explained = evaluate(
        "p", inds, {"a": Actual(value=D(80), reason="r", measures="m")}, D(100), D(95)
    )
    assert explained.problems == ()


def test_cli_evaluates_a_project_of_seed000(tmp_path: Path) -> None:
    actuals = tmp_path / "actuals.yaml"
    actuals.write_text(SEED000_ACTUALS, encoding="utf-8")
    result = CliRunner().invoke(app, ["perf", "evaluate", str(SEED000), "-a", str(actuals)])
    assert result.exit_code == 0, result.stdout + result.stderr
    # 成本 20 × 25/30 = 16.67 (each score to 0.01); 面积 10; 满意度 10; 人口 20 → 56.67 of the
    # 60 applicable points → × 90/60 = 85.005 → 85.01; + execution 10 → 95.01
    assert "指标得分 85.01；总分 95.01，等级「优」" in result.stdout
    assert "20 × 25/30 = 16.67" in result.stdout


def test_cli_scores_on_the_profiles_scheme(tmp_path: Path) -> None:
    """``perf evaluate --profile``: a region scoring 20 + 80 gives the same project 95.56; an
    unknown scheme is the profile error (exit 3)."""
    actuals = tmp_path / "actuals.yaml"
    actuals.write_text(SEED000_ACTUALS, encoding="utf-8")
    profile = tmp_path / "region.yaml"
    profile.write_text("extends: default\nscheme: 20+80\n", encoding="utf-8")
    args = ["perf", "evaluate", str(SEED000), "-a", str(actuals), "--profile", str(profile)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "总分 95.56" in result.stdout
    profile.write_text("extends: default\nscheme: 50+50\n", encoding="utf-8")
    bad = CliRunner().invoke(app, args)
    assert bad.exit_code == 3 and "未知的评分方案" in bad.stderr


def test_cli_reports_missing_actuals(tmp_path: Path) -> None:
    actuals = tmp_path / "a.yaml"
    actuals.write_text(
        "projects:\n  政务服务中心房屋租金:\n    spent: 300\n    indicators: {}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["perf", "evaluate", str(SEED000), "-a", str(actuals)])
    assert result.exit_code == 3
    assert "缺少实际完成值" in result.stderr


def test_selfeval_workbook(tmp_path: Path) -> None:
    import openpyxl

    actuals = tmp_path / "actuals.yaml"
    actuals.write_text(
        "projects:\n  政务服务中心房屋租金:\n    spent: 300\n    indicators:\n"
        "      单位面积租用成本: {value: 30, reason: 合同单价30元, measures: 下年调整目标}\n"
        "      租用面积: 11538.59\n      满意度: 96\n      设施服务人口: 800000\n"
        "      故障修复平均等待时长: {applicable: false}\n",
        encoding="utf-8",
    )
    out = tmp_path / "自评" / "自评表.xlsx"
    result = CliRunner().invoke(
        app, ["perf", "evaluate", str(SEED000), "-a", str(actuals), "-o", str(out)]
    )
    assert result.exit_code == 0, result.stdout
    ws = openpyxl.load_workbook(out).active
    assert ws is not None
    assert ws["A1"].value == "项目支出绩效自评表" and ws["A2"].value == "（2026年度）"
    cells = {c.value for row in ws.iter_rows() for c in row if c.value is not None}
    assert "50011021T000000047842-政务服务中心房屋租金" in cells
    assert 16.67 in cells and "合同单价30元；下年调整目标" in cells and "不适用" in cells
    # execution 300/346.16 = 86.67 % → 8.67; indicators 85.01 → total 93.68
    assert "86.67%" in cells and 8.67 in cells and 93.68 in cells and "等级：优" in cells
    assert list(out.parent.glob(".*.tmp")) == []
    target = next(c for row in ws.iter_rows() for c in row if c.value == "=11538.59平方米")
    assert target.data_type == "s"  # text, never a formula


def test_cli_refuses_a_project_without_actuals(tmp_path: Path) -> None:
    """--project naming a sheet the actuals file does not cover: an error, not an empty run."""
    actuals = tmp_path / "a.yaml"
    actuals.write_text("projects:\n  政务服务中心房屋租金:\n    spent: 300\n", encoding="utf-8")
    out = tmp_path / "自评表.xlsx"
    args = ["perf", "evaluate", str(SEED000), "-a", str(actuals), "-o", str(out)]
    result = CliRunner().invoke(app, [*args, "--project", "工作人员行业着装费"])
    assert result.exit_code == 3
    assert "实际完成值文件中没有项目「工作人员行业着装费」" in result.stderr
    assert not out.exists()


def test_the_default_policy_is_the_10号_scheme_of_the_shared_data() -> None:
    from yusuan.schemes import scheme

    ten = scheme("10号")
    assert (ten.execution, ten.indicators, ten.total) == (D(10), D(90), D(100))
    assert Policy() == Policy.of(ten)
    assert [(b.tier, b.low, b.high) for b in ten.bands] == [
        ("达成", D("0.8"), D("1.0")),
        ("部分达成", D("0.6"), D("0.8")),
        ("未达成", D(0), D("0.6")),
    ]


@pytest.mark.parametrize(
    ("name", "execution", "indicators", "total"),
    [
        # the seed 000 project of SEED000_ACTUALS: 346.16 of 346.16 spent (100 %); its indicators
        # score 56.67 of the 60 applicable points (see test_cli_evaluates_a_project_of_seed000)
        ("10号", "10.00", "85.01", "95.01"),  # 10 × 1; 56.67 × 90/60 = 85.005 → 85.01
        ("20+80", "20.00", "75.56", "95.56"),  # 20 × 1; 56.67 × 80/60 = 75.56
        ("40/40/20", "0.00", "94.45", "94.45"),  # no execution points; 56.67 × 100/60 = 94.45
    ],
)
def test_perf_evaluate_on_each_scheme(
    name: str, execution: str, indicators: str, total: str
) -> None:
    import yaml

    from yusuan.perf.actuals import parse_actuals
    from yusuan.perf.selfeval import self_evaluate
    from yusuan.pipeline import load

    given, department = parse_actuals(yaml.safe_load(SEED000_ACTUALS), "a.yaml")
    result = self_evaluate(load(SEED000), given, department, scheme_name=name)
    (_, e), *_ = result.projects
    assert (str(e.execution_score), str(e.indicator_score), str(e.total)) == (
        execution,
        indicators,
        total,
    )


def test_qualitative_bands_are_the_schemes() -> None:
    """A scheme with the three bands 100–80 %, 80–50 %, 50–0 % (as some provinces print):
    部分达成 at 55 % is inside its band there, outside it under 10号; 未达成 earns 50 %."""
    from yusuan.schemes import Band, Scheme

    wide = Scheme(
        "三档",
        D(10),
        (),
        D(100),
        (
            Band("达成", D("0.8"), D(1)),
            Band("部分达成", D("0.5"), D("0.8")),
            Band("未达成", D(0), D("0.5")),
        ),
    )
    qualitative = ind("服务提升", "定性", "高", 10, None)
    partly = Actual(tier="部分达成", share=D("0.55"))
    assert str(score_indicator(qualitative, partly, Policy.of(wide)).score) == "5.50"
    with pytest.raises(ScoringError, match=r"\(60.00%, 80.00%\]"):
        score_indicator(qualitative, partly, POLICY)
    missed = score_indicator(qualitative, Actual(tier="未达成"), Policy.of(wide))
    assert (str(missed.score), missed.met) == ("5.00", False)
    with pytest.raises(ScoringError, match="达成、部分达成或未达成"):
        score_indicator(qualitative, Actual(tier="基本达成"), Policy.of(wide))


def test_a_profile_naming_an_unknown_scheme_is_refused(tmp_path: Path) -> None:
    from yusuan.errors import ProfileError
    from yusuan.rules.profile import load_profile

    assert load_profile("default").scheme == "10号"
    bad = tmp_path / "p.yaml"
    bad.write_text("extends: default\nscheme: 11号\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="未知的评分方案"):
        load_profile(str(bad))
    good = tmp_path / "q.yaml"
    good.write_text("extends: default\nscheme: 20+80\n", encoding="utf-8")
    assert load_profile(str(good)).scheme == "20+80"
