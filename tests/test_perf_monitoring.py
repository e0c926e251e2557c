"""Mid-year monitoring (双监控, standards §3.5): execution vs 7/12, forecasts vs targets."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import SEED000
from tests.helpers.perf import SEED000_PROGRESS
from yusuan.cli import app
from yusuan.model import Indicator, Source
from yusuan.perf.monitoring import Progress, monitor
from yusuan.perf.scoring import ScoringError


def ind(name: str, op: str, value: str) -> Indicator:
    return Indicator("产出指标", "数量指标", name, op, value, "件", D(30), Source())


@pytest.mark.parametrize(
    ("op", "target", "forecast", "on_track", "likelihood"),
    [
        ("≥", "100", "100", True, "确定能"),
        ("≥", "100", "95", False, "有可能"),  # within 10 %
        ("≥", "100", "60", False, "完全不可能"),
        ("≤", "5", "4", True, "确定能"),
        ("≤", "5", "5.5", False, "有可能"),
        ("≤", "5", "9", False, "完全不可能"),
        ("=", "100", "100", True, "确定能"),
        ("=", "100", "97", False, "有可能"),
        ("=", "100", "50", False, "完全不可能"),
    ],
)
def test_forecast_against_target(
    op: str, target: str, forecast: str, on_track: bool, likelihood: str
) -> None:
    m = monitor("p", (ind("x", op, target),), {"x": Progress(forecast=D(forecast))}, D(100), D(60))
    (row,) = m.rows
    assert (row.on_track, row.likelihood) == (on_track, likelihood)


def test_execution_lag_against_seven_twelfths() -> None:
    i = (ind("x", "≥", "1"),)
    ok = monitor("p", i, {"x": Progress(forecast=D(1))}, D(120), D(60))  # 50 % ≥ 58.33 − 10
    late = monitor("p", i, {"x": Progress(forecast=D(1))}, D(120), D(57))  # 47.5 %
    assert (ok.execution_rate, ok.expected_rate, ok.lagging) == (D("50.00"), D("58.33"), False)
    assert late.lagging and any("序时进度58.33%" in p for p in late.problems)


def test_unmet_forecast_needs_a_categorised_reason() -> None:
    i = (ind("x", "≥", "100"),)
    bare = monitor("p", i, {"x": Progress(forecast=D(60))}, D(100), D(70))
    assert any("偏差原因分类" in p for p in bare.problems)
    explained = monitor(
        "p",
        i,
        {"x": Progress(forecast=D(60), category="经费保障", reason="资金未到位")},
        D(100),
        D(70),
    )
    assert explained.problems == ()
    with pytest.raises(ScoringError, match="偏差原因分类须为"):
        monitor("p", i, {"x": Progress(forecast=D(60), category="天气")}, D(100), D(70))


def test_qualitative_forecast() -> None:
    q = Indicator("效益指标", "社会效益指标", "业务熟练", "定性", "高", None, D(20), Source())
    m = monitor(
        "p",
        (q,),
        {"业务熟练": Progress(tier="部分达成", category="人员保障", reason="新进人员多")},
        D(1),
        D(1),
    )
    assert (m.rows[0].on_track, m.rows[0].likelihood) == (False, "有可能")


def test_cli_monitor(tmp_path: Path) -> None:
    data = tmp_path / "p.yaml"
    data.write_text(SEED000_PROGRESS, encoding="utf-8")
    result = CliRunner().invoke(app, ["perf", "monitor", str(SEED000), "-p", str(data)])
    assert result.exit_code == 1, result.stdout
    assert "执行率 33.33%（序时进度 58.33%）" in result.stdout  # 4.00 of 12.00
    assert "预警：预算执行率33.33%" in result.stdout
    assert "有可能 ⚠" in result.stdout  # 480,000 of 500,000
