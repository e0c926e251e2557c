"""Actuals computed from operational data (``yusuan perf generate`` / ``perf metrics``).

The synthetic office data is generated in the test; every metric is recomputed independently
here with the standard library (csv, datetime), so a query error cannot hide in its own result.
"""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.conftest import SEED000
from yusuan.cli import app
from yusuan.errors import DataFileError
from yusuan.perf.metrics import bind, compute_all, load_spec, parse_period
from yusuan.perf.synthetic import generate, write_spec
from yusuan.pipeline import load

YEAR = 2026
PERIOD = (dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("office")
    generate(out, records=20_000, year=YEAR, seed=0.1, fmt="csv")
    write_spec(out, year=YEAR, fmt="csv")
    return out


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def when(text: str) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def in_year(t: dt.datetime | None) -> bool:
    return t is not None and t.year == YEAR


def pct(hit: int, n: int) -> Decimal:
    return (Decimal(hit) * 100 / Decimal(n)).quantize(Decimal("0.01"))


def two(x: float) -> Decimal:
    return Decimal(repr(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_every_metric_agrees_with_an_independent_computation(office: Path) -> None:
    got = {r.metric.name: r for r in compute_all(load_spec(office / "指标口径.yaml"))}
    cases = [
        r for r in rows(office / "办件.csv") if r["状态"] == "办结" and in_year(when(r["办结时间"]))
    ]
    assert got["办件量"].value == len(cases) > 18_000
    assert got["一件事一次办"].value == sum(r["一件事一次办"] == "true" for r in cases)
    assert got["通办件数"].value == sum(
        r["通办类型"] in ("跨省通办", "川渝通办", "全渝通办") for r in cases
    )
    timely = sum(when(r["办结时间"]) <= when(r["办结期限"]) for r in cases)  # type: ignore[operator]
    assert (got["及时办结率"].value, got["及时办结率"].numerator) == (
        pct(timely, len(cases)),
        timely,
    )
    ratings = [r for r in rows(office / "评价.csv") if in_year(when(r["评价时间"]))]
    good = sum(r["评价"] in ("非常满意", "满意") for r in ratings)
    assert got["好评率"].value == pct(good, len(ratings))
    days = sorted(
        (when(r["办结时间"]) - when(r["受理时间"])).total_seconds() / 86400  # type: ignore[operator]
        for r in cases
    )
    assert got["平均办理天数"].value == two(sum(days) / len(days))
    pos = 0.9 * (len(days) - 1)  # quantile_cont: linear between the two nearest ranks
    lo = int(pos)
    p90 = days[lo] + (days[min(lo + 1, len(days) - 1)] - days[lo]) * (pos - lo)
    assert got["办理天数P90"].value == two(p90)
    sent = [r for r in rows(office / "寄递.csv") if in_year(when(r["寄出时间"]))]
    on_time = sum(when(r["签收时间"]) <= when(r["承诺送达时间"]) for r in sent)  # type: ignore[operator]
    assert got["按时寄达率"].value == pct(on_time, len(sent))
    assert got["投诉次数"].value == 2
    assert got["服务事项覆盖度"].value == pct(15, 16)


def test_parquet_and_csv_give_the_same_results(tmp_path: Path, office: Path) -> None:
    generate(tmp_path, records=20_000, year=YEAR, seed=0.1, fmt="parquet")
    spec = load_spec(write_spec(tmp_path, year=YEAR, fmt="parquet"))
    a = {r.metric.name: r.value for r in compute_all(spec)}
    b = {r.metric.name: r.value for r in compute_all(load_spec(office / "指标口径.yaml"))}
    assert a == b


def test_seed_000s_targets_are_met_by_a_year_of_synthetic_cases(tmp_path: Path) -> None:
    generate(tmp_path, records=840_000, year=YEAR, fmt="parquet")
    results = compute_all(load_spec(write_spec(tmp_path, year=YEAR)))
    bound = bind(results, load(SEED000))
    assert bound[("整体", "办件量")].value >= 800_000
    assert bound[("整体", "“一件事一次办”")].value >= 5_000
    assert bound[("整体", "“跨省通办”、“川渝通办”、“全渝通办”")].value >= 1_000
    assert bound[("整体", "“好差评”好评率")].value >= 98
    assert bound[("窗口工作人员专项经费", "审批件数")].value == bound[("整体", "办件量")].value


def spec_with(folder: Path, metrics: str, datasets: str = "办件: {path: 办件.csv}") -> Path:
    path = folder / "口径.yaml"
    path.write_text(f"year: {YEAR}\ndatasets:\n  {datasets}\nmetrics:\n{metrics}", encoding="utf-8")
    return path


def test_excel_and_sqlite_datasets(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["编号", "受理时间", "状态"])
    for i, (day, state) in enumerate([(3, "办结"), (40, "办结"), (200, "在办"), (370, "办结")]):
        ws.append([f"B{i}", dt.datetime(YEAR, 1, 1) + dt.timedelta(days=day), state])
    wb.save(tmp_path / "办件.xlsx")
    con = sqlite3.connect(tmp_path / "业务.db")
    con.execute("CREATE TABLE 评价 (编号 TEXT, 评价时间 TEXT, 评价 TEXT)")
    con.executemany(
        "INSERT INTO 评价 VALUES (?, ?, ?)",
        [
            ("B0", f"{YEAR}-01-05 10:00:00", "满意"),
            ("B1", f"{YEAR}-02-10", "不满意"),
            ("B2", f"{YEAR}-03-01", "非常满意"),
        ],
    )
    con.commit()
    con.close()
    path = tmp_path / "口径.yaml"
    path.write_text(
        f"year: {YEAR}\ndatasets:\n  办件: {{path: 办件.xlsx}}\n  评价: {{sqlite: 业务.db, table: 评价}}\n"
        "metrics:\n"
        "  办结: {dataset: 办件, count: true, where: {状态: 办结}, period: 受理时间, unit: 件}\n"
        "  好评率: {dataset: 评价, rate: {评价: [非常满意, 满意]}, period: 评价时间}\n",
        encoding="utf-8",
    )
    got = {r.metric.name: r.value for r in compute_all(load_spec(path))}
    assert got == {"办结": Decimal(2), "好评率": Decimal("66.67")}  # day 370 is in the next year


@pytest.mark.parametrize(
    ("metric", "message"),
    [
        (
            "  a: {dataset: 办件, count: true, where: {窗口编号: 3}}\n",
            "没有列「窗口编号」（现有列：办件编号",
        ),
        ("  a: {dataset: 办件, count: true, period: 状态}\n", "无法识别的日期：“办结”"),
        (
            "  a: {dataset: 办件, count: true, where: {状态: 作废}}\n",
            "统计期间内没有符合条件的记录",
        ),
        ("  a: {dataset: 办件, count: true, rate: {状态: 办结}}\n", "须且只能给出一种计算方式"),
        ("  a: {dataset: 工单, count: true}\n", "数据集「工单」未在 datasets 中定义"),
        ("  a: {dataset: 办件, rate: {办结时间: {'≈': 3}}}\n", "不认识的比较符“≈”"),
        ("  a: {dataset: 办件, percentile: {days: [受理时间, 办结时间]}}\n", "须给出 p"),
    ],
)
def test_bad_metric_specs_and_data(office: Path, metric: str, message: str) -> None:
    with pytest.raises(DataFileError) as err:
        compute_all(load_spec(spec_with(office, metric)))
    assert message in err.value.message


def test_an_indicator_bound_to_a_metric_of_another_unit_is_refused(office: Path) -> None:
    spec = spec_with(office, "  a: {dataset: 办件, rate: {状态: 办结}, bind: [整体/办件量]}\n")
    results = compute_all(load_spec(spec))
    with pytest.raises(DataFileError, match="计量单位是“件”，口径「a」的结果单位是“%”"):
        bind(results, load(SEED000))
    spec = spec_with(
        office, "  a: {dataset: 办件, count: true, unit: 件, bind: [不存在的项目/x]}\n"
    )
    with pytest.raises(DataFileError, match="没有项目「不存在的项目」"):
        bind(compute_all(load_spec(spec)), load(SEED000))


def test_periods() -> None:
    assert parse_period("2026") == PERIOD
    assert parse_period("2026-01-01:2026-07-31") == (dt.date(2026, 1, 1), dt.date(2026, 7, 31))
    with pytest.raises(DataFileError, match="结束日期早于开始日期"):
        parse_period("2026-08-01:2026-07-31")
    with pytest.raises(DataFileError, match="应写成"):
        parse_period("上半年")


def test_monitoring_period_counts_only_january_to_july(office: Path) -> None:
    spec = load_spec(office / "指标口径.yaml")
    full = {r.metric.name: r.value for r in compute_all(spec)}
    part = {
        r.metric.name: r.value for r in compute_all(spec, parse_period("2026-01-01:2026-07-31"))
    }
    cases = [r for r in rows(office / "办件.csv") if r["状态"] == "办结"]
    assert part["办件量"] == sum(when(r["办结时间"]) < dt.datetime(2026, 8, 1) for r in cases)  # type: ignore[operator]
    assert 0 < part["办件量"] < full["办件量"]


def cli_actuals(folder: Path, fmt: str = "csv") -> Path:
    """Through the command line: a generated year of 30,000 cases, its metrics bound to seed
    000's indicators and merged with the manual actuals, written to an actuals file."""
    runner = CliRunner()
    data = folder / "数据"
    made = runner.invoke(
        app, ["perf", "generate", "-o", str(data), "--records", "30000", "-f", fmt]
    )
    assert made.exit_code == 0, made.output
    actuals = folder / "实际完成值.yaml"
    args = ["perf", "metrics", str(data / "指标口径.yaml"), "--file", str(SEED000)]
    args += ["--actuals", str(data / "手工填报.yaml"), "-o", str(actuals)]
    metrics = runner.invoke(app, args)
    assert metrics.exit_code == 0, metrics.output
    return actuals


def test_cli_from_data_to_the_self_evaluation_table(tmp_path: Path) -> None:
    runner = CliRunner()
    actuals = cli_actuals(tmp_path)
    assert "evidence:" in actuals.read_text(encoding="utf-8")
    table = tmp_path / "自评表.xlsx"
    result = runner.invoke(
        app,
        [
            "perf",
            "evaluate",
            str(SEED000),
            "--actuals",
            str(actuals),
            "--project",
            "窗口工作人员专项经费",
            "-o",
            str(table),
        ],
    )
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(table).active
    assert sheet is not None
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "审批件数" in values and "服务对象满意度" in values


def test_failed_metrics_write_nothing(tmp_path: Path, office: Path) -> None:
    spec = spec_with(office, "  a: {dataset: 办件, count: true, where: {窗口编号: 3}}\n")
    out = tmp_path / "实际完成值.yaml"
    result = CliRunner().invoke(
        app, ["perf", "metrics", str(spec), "--file", str(SEED000), "-o", str(out)]
    )
    assert result.exit_code == 3 and "窗口编号" in result.output
    assert not out.exists()


def test_department_and_project_self_evaluation_documents(tmp_path: Path) -> None:
    """From computed actuals to the 部门整体 evaluation (100 points on its indicators), the
    自评表 as DOCX and the drafted 自评报告, whose numbers are the evaluation's."""
    import docx

    runner = CliRunner()
    actuals = cli_actuals(tmp_path, fmt="parquet")
    table, report = tmp_path / "自评表.docx", tmp_path / "自评报告.docx"
    result = runner.invoke(
        app,
        [
            "perf",
            "evaluate",
            str(SEED000),
            "--actuals",
            str(actuals),
            "-o",
            str(table),
            "--report",
            str(report),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "部门（单位）整体绩效自评" in result.output
    # 30,000 cases cannot reach 800,000: 办件量 is scored proportionally (10 × actual / 800000)
    assert "实际" in result.output and "/800000" in result.output
    doc = docx.Document(str(report))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "年度绩效自评报告" in text and "部门整体绩效自评得分" in text
    assert "未达成：" in text and "办件量" in text
    assert "各项指标均已达成" not in text
    tables = docx.Document(str(table)).tables
    assert len(tables) == 1 + 1  # 整体 + the one project with actuals
    cells = [c.text for row in tables[0].rows for c in row.cells]
    assert "服务事项覆盖度" in cells and "总分" in cells


def test_computed_progress_feeds_the_mid_year_monitoring(tmp_path: Path, office: Path) -> None:
    """January–July values from the data, full-year forecasts (counts × 12/7), the monitoring
    table with its warnings as XLSX."""
    import yaml

    manual = tmp_path / "上半年.yaml"
    manual.write_text(
        "projects:\n  窗口工作人员专项经费:\n    spent: 58.3\n    indicators:\n"
        "      请假天数、迟到早退次数等: {to_date: 2, forecast: 4}\n      业务熟练、办事效率: 达成\n",
        encoding="utf-8",
    )
    progress = tmp_path / "监控数据.yaml"
    runner = CliRunner()
    args = ["perf", "metrics", str(office / "指标口径.yaml"), "--file", str(SEED000)]
    args += [
        "--period",
        "2026-01-01:2026-07-31",
        "--actuals",
        str(manual),
        "--progress",
        str(progress),
    ]
    made = runner.invoke(app, args)
    assert made.exit_code == 0, made.output
    data = yaml.safe_load(progress.read_text(encoding="utf-8"))
    assert data["months"] == 7
    cases = data["projects"]["窗口工作人员专项经费"]["indicators"]["审批件数"]
    expected = (Decimal(cases["to_date"]) * 12 / 7).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert cases["forecast"] == int(expected)
    rows_ = [r for r in rows(office / "办件.csv") if r["状态"] == "办结"]
    assert cases["to_date"] == sum(when(r["办结时间"]) < dt.datetime(2026, 8, 1) for r in rows_)  # type: ignore[operator]
    table = tmp_path / "监控表.xlsx"
    result = runner.invoke(
        app, ["perf", "monitor", str(SEED000), "-p", str(progress), "-o", str(table)]
    )
    assert result.exit_code == 1  # 20,000 cases a year cannot reach 800,000: a warning
    assert "预计完不成目标" in result.output
    ws = openpyxl.load_workbook(table).worksheets[0]
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "项目支出绩效目标执行监控表" in values and "1-7月执行情况" in values
    assert str(cases["forecast"]) in values


@pytest.mark.parametrize(
    ("metric", "message"),
    [
        ("  a: {dataset: 办件, mean: {days: [受理时间]}}\n", "days 应写成 [开始列, 结束列]"),
        ("  a: {dataset: 办件, mean: 办结时间}\n", "列「办结时间」不是数值"),
        ("  a: {dataset: 办件, sum: 事项名称}\n", "列「事项名称」不是数值"),
    ],
)
def test_metric_kinds_over_the_wrong_columns(office: Path, metric: str, message: str) -> None:
    with pytest.raises(DataFileError) as err:
        compute_all(load_spec(spec_with(office, metric)))
    assert message in err.value.message


def test_excel_dataset_with_a_blank_header_keeps_its_columns(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([None, "金额", "数量, 件"])
    ws.append([1, 10, 100])
    ws.append([2, 20, 200])
    wb.save(tmp_path / "数据.xlsx")
    (tmp_path / "坏.xlsx").write_bytes(b"not a zip")
    spec = spec_with(
        tmp_path,
        "  a: {dataset: 数据, sum: 金额}\n  b: {dataset: 数据, sum: '数量, 件'}\n",
        "数据: {path: 数据.xlsx}",
    )
    got = {r.metric.name: r.value for r in compute_all(load_spec(spec))}
    assert got == {"a": Decimal(30), "b": Decimal(300)}
    bad = spec_with(tmp_path, "  a: {dataset: 坏, count: true}\n", "坏: {path: 坏.xlsx}")
    with pytest.raises(DataFileError, match="无法读取 Excel 文件"):
        compute_all(load_spec(bad))
