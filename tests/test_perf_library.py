"""Indicator library (指标库) built from the two seeds: normalised, de-duplicated, with targets."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml

from tests.conftest import SEED000, SEED003
from yusuan.perf.library import build, normalize_name, to_yaml
from yusuan.pipeline import load


def test_normalised_names() -> None:
    assert normalize_name("“一件事一次办”") == "一件事一次办"
    assert normalize_name("“跨省通办”、“川渝通办”") == "跨省通办、川渝通办"
    assert normalize_name("权重(%)") == "权重（%）"


def test_library_from_the_seeds_deduplicates_and_keeps_targets() -> None:
    entries = build([(load(SEED000), "綦江"), (load(SEED003), "长寿")])
    names = [(e.name, e.unit) for e in entries]
    assert len(names) == len(set(names))  # each (name, unit) once
    satisfaction = next(e for e in entries if e.name == "服务对象满意度" and e.unit == "%")
    assert len(satisfaction.targets) >= 4 and all(t.startswith("≥") for t in satisfaction.targets)
    approvals = next(e for e in entries if e.name == "审批件数" and e.unit == "件")
    assert {t.split("（")[0] for t in approvals.targets} == {"≥800000", "≥750000"}
    assert next(e for e in entries if e.name == "跑腿次数").direction == "反向"
    # the same indicator filed under different 一级/二级 is recorded
    timely = next(e for e in entries if e.name == "及时办结率")
    assert timely.variants


def test_shipped_library_is_current() -> None:
    shipped = (resources.files("yusuan") / "perf" / "data" / "indicator_library.yaml").read_text(
        encoding="utf-8"
    )
    data = yaml.safe_load(shipped)
    entries = build(
        [(load(SEED000), "綦江区政务办2026年部门预算"), (load(SEED003), "长寿区政务办绩效目标表")]
    )
    assert len(data["indicators"]) == len(entries)
    body = to_yaml(entries, ["x"]).split("\n", 1)[1]
    assert shipped.split("\n", 1)[1] == body, (
        "rebuild with `yusuan perf library examples/*.txt -o ...`"
    )


def test_library_entries_carry_definitions_and_measurements(tmp_path: Path) -> None:
    from yusuan.perf.metrics import describe, load_spec
    from yusuan.perf.synthetic import write_spec

    spec = load_spec(write_spec(tmp_path))
    measurements = {t.partition("/")[2]: describe(m) for m in spec.metrics for t in m.bind}
    entries = build([(load(SEED000), "綦江")], measurements)
    timely = next(e for e in entries if e.name == "及时办结率")
    assert timely.definition is not None and "÷ 办结件数" in timely.definition
    assert (
        timely.measurement
        == "办件中状态=办结的记录中办结时间<=办结期限的比例，按办结时间归入统计期间"
    )
    complaints = next(e for e in entries if e.name == "投诉次数")
    assert complaints.measurement == "投诉的记录数，按投诉时间归入统计期间"
    assert next(e for e in entries if e.name == "单位面积租用成本").definition is None
