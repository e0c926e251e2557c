"""Freezing approved targets: later edits are reported until recorded as an adjustment."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import DOCS
from yusuan.cli import app

CONSISTENT = DOCS / "qijiang_2026_consistent.txt"


def test_freeze_change_check_adjust_check(tmp_path: Path) -> None:
    runner = CliRunner()
    record = tmp_path / "批复.json"
    frozen = runner.invoke(
        app, ["perf", "freeze", str(CONSISTENT), "-o", str(record), "--by", "綦财绩〔2026〕1号"]
    )
    assert frozen.exit_code == 0, frozen.output
    clean = runner.invoke(app, ["perf", "check", str(CONSISTENT), "--approved", str(record)])
    assert clean.exit_code == 0, clean.output
    assert "与批复目标一致" in clean.output

    # a later edit: 审批件数 ≥ 800000 → ≥ 750000 in one project
    text = CONSISTENT.read_text(encoding="utf-8")
    edited = tmp_path / "调整后.txt"
    edited.write_text(
        text.replace("审批件数\t20\t件\t≥\t800000", "审批件数\t20\t件\t≥\t750000", 1),
        encoding="utf-8",
    )
    silent = runner.invoke(app, ["perf", "check", str(edited), "--approved", str(record)])
    assert silent.exit_code == 1
    assert (
        "未经调整备案的改动：项目「窗口工作人员专项经费」指标「审批件数」的指标值由“800000”改为“750000”"
        in silent.output
    )

    no_reason = runner.invoke(app, ["perf", "adjust", str(record), str(edited), "--reason", " "])
    assert no_reason.exit_code == 3
    adjusted = runner.invoke(
        app,
        [
            "perf",
            "adjust",
            str(record),
            str(edited),
            "--reason",
            "年中调整：受政策影响办件量下降",
            "--by",
            "区财政局",
        ],
    )
    assert adjusted.exit_code == 0, adjusted.output
    data = json.loads(record.read_text(encoding="utf-8"))
    (entry,) = data["adjustments"]
    assert entry["reason"] == "年中调整：受政策影响办件量下降" and entry["by"] == "区财政局"
    assert entry["changes"] == [
        {
            "sheet": "项目「窗口工作人员专项经费」",
            "indicator": "审批件数",
            "field": "value",
            "before": "800000",
            "after": "750000",
        }
    ]
    assert data["approved_by"] == "綦财绩〔2026〕1号"
    after = runner.invoke(app, ["perf", "check", str(edited), "--approved", str(record)])
    assert after.exit_code == 0 and "已备案调整 1 次" in after.output
    # the original targets are now a change against the adjusted approval
    back = runner.invoke(app, ["perf", "check", str(CONSISTENT), "--approved", str(record)])
    assert back.exit_code == 1


def test_freeze_never_overwrites_and_bad_records_are_refused(tmp_path: Path) -> None:
    runner = CliRunner()
    record = tmp_path / "批复.json"
    assert runner.invoke(app, ["perf", "freeze", str(CONSISTENT), "-o", str(record)]).exit_code == 0
    again = runner.invoke(app, ["perf", "freeze", str(CONSISTENT), "-o", str(record)])
    assert again.exit_code == 3 and "perf adjust" in again.output
    junk = tmp_path / "x.json"
    junk.write_text('{"a": 1}', encoding="utf-8")
    result = runner.invoke(app, ["perf", "check", str(CONSISTENT), "--approved", str(junk)])
    assert result.exit_code == 3 and "不是 yusuan perf freeze 写出的批复记录" in result.output


def test_perf_check_runs_the_indicator_rules_only(tmp_path: Path) -> None:
    from tests.conftest import SEED000

    result = CliRunner().invoke(app, ["perf", "check", str(SEED000), "--profile", "chongqing-2026"])
    assert result.exit_code == 1
    assert "I002" in result.output and "I012" in result.output
    assert "P001" not in result.output and "A001" not in result.output


def test_repeated_indicator_names_are_each_frozen(tmp_path: Path) -> None:
    from yusuan.perf.approval import diff, targets
    from yusuan.pipeline import load

    text = CONSISTENT.read_text(encoding="utf-8")
    twice = text.replace("投诉次数\t10\t次/年\t≤\t2", "审批周期\t10\t天\t≤\t6", 1)
    doc = tmp_path / "重名.txt"
    doc.write_text(twice, encoding="utf-8")
    frozen = targets(load(doc))
    sheet = frozen["项目「窗口工作人员专项经费」"]
    assert {"审批周期", "审批周期（第2个）"} <= set(sheet)
    changed = tmp_path / "改.txt"
    changed.write_text(
        twice.replace("审批周期\t10\t天\t≤\t6", "审批周期\t10\t天\t≤\t9", 1), encoding="utf-8"
    )
    (change,) = diff(frozen, targets(load(changed)))
    assert (change.indicator, change.before, change.after) == ("审批周期（第2个）", "6", "9")
