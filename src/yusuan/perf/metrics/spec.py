"""A metrics spec (``指标口径.yaml``) read and checked: its datasets and metrics, the period a
metric counts in, and a metric's 口径 said in Chinese. Columns are checked against the data
later, when the query is built (:mod:`~yusuan.perf.metrics.sql`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from yusuan.errors import DataFileError

KINDS = ("count", "sum", "rate", "mean", "percentile")
UNITS = {"rate": "%"}


@dataclass(frozen=True)
class Dataset:
    name: str
    source: str  # path, or sqlite path
    table: str | None = None  # sqlite table


@dataclass(frozen=True)
class Metric:
    name: str
    dataset: str
    kind: str
    spec: Any  # the kind's argument
    where: dict[str, Any] = field(default_factory=dict)
    period: str | None = None
    unit: str | None = None
    bind: tuple[str, ...] = ()


@dataclass(frozen=True)
class Spec:
    path: str
    year: int | None
    datasets: dict[str, Dataset]
    metrics: tuple[Metric, ...]


@dataclass(frozen=True)
class Result:
    metric: Metric
    value: Decimal
    unit: str
    rows: int  # rows of the dataset
    in_period: int  # rows in the period (and matching ``where``)
    numerator: int | None  # rate: rows meeting the condition
    query: str
    params: tuple[Any, ...]


def fail(path: str, where: str, detail: str) -> DataFileError:
    return DataFileError(path, where=where, detail=detail)


def load_spec(path: str | Path) -> Spec:
    """Read and check a metrics spec (structure only; columns are checked against the data)."""
    from yusuan.yamlfile import read_mapping

    name = str(path)
    data = read_mapping(path, "指标口径", DataFileError)
    base = Path(path).parent
    year = data.get("year")
    if year is not None and (type(year) is not int or not 1990 <= year <= 2100):
        raise fail(name, "year", f"year 应为年份，实为“{year}”。")
    datasets: dict[str, Dataset] = {}
    if not isinstance(data.get("datasets") or {}, dict) or not isinstance(
        data.get("metrics") or {}, dict
    ):
        raise fail(name, "datasets/metrics", "datasets 和 metrics 应为 名称: 定义 的映射。")
    for key, entry in (data.get("datasets") or {}).items():
        if isinstance(entry, dict) and "sqlite" in entry:
            if not entry.get("table"):
                raise fail(name, f"datasets.{key}", "SQLite 数据须写明 table。")
            datasets[str(key)] = Dataset(
                str(key), str(base / str(entry["sqlite"])), str(entry["table"])
            )
        elif isinstance(entry, dict) and "path" in entry:
            datasets[str(key)] = Dataset(str(key), str(base / str(entry["path"])))
        else:
            raise fail(
                name,
                f"datasets.{key}",
                "数据集应写成 {path: 文件} 或 {sqlite: 文件, table: 表名}。",
            )
    metrics: list[Metric] = []
    for key, entry in (data.get("metrics") or {}).items():
        where = f"metrics.{key}"
        if not isinstance(entry, dict):
            raise fail(name, where, "指标口径应为映射（dataset、count/rate/…、where、period）。")
        kinds = [k for k in KINDS if k in entry]
        if len(kinds) != 1:
            raise fail(name, where, f"须且只能给出一种计算方式：{'、'.join(KINDS)}。")
        dataset = str(entry.get("dataset", ""))
        if dataset not in datasets:
            raise fail(name, where, f"数据集「{dataset}」未在 datasets 中定义。")
        bind = entry.get("bind") or []
        if isinstance(bind, str):
            bind = [bind]
        filters = entry.get("where") or {}
        if not isinstance(filters, dict):
            raise fail(name, f"{where}.where", "where 应为 列: 值 的映射。")
        metrics.append(
            Metric(
                name=str(key),
                dataset=dataset,
                kind=kinds[0],
                spec=entry[kinds[0]],
                where={str(k): v for k, v in filters.items()},
                period=None if entry.get("period") is None else str(entry["period"]),
                unit=None if entry.get("unit") is None else str(entry["unit"]),
                bind=tuple(str(b) for b in bind),
            )
        )
    if not metrics:
        raise fail(name, "metrics", "没有定义任何指标。")
    return Spec(name, year, datasets, tuple(metrics))


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """``2026-01-01:2026-07-31`` (or a year, ``2026``) → the two dates, inclusive."""
    t = text.strip()
    if re.fullmatch(r"\d{4}", t):
        return dt.date(int(t), 1, 1), dt.date(int(t), 12, 31)
    try:
        start, _, end = t.partition(":")
        first, last = dt.date.fromisoformat(start.strip()), dt.date.fromisoformat(end.strip())
    except ValueError:
        raise DataFileError(detail=f"期间“{text}”应写成 2026-01-01:2026-07-31 或 2026。") from None
    if last < first:
        raise DataFileError(detail=f"期间“{text}”的结束日期早于开始日期。")
    return first, last


def _cond_text(tests: dict[str, Any]) -> str:
    parts = []
    for column, test in tests.items():
        if isinstance(test, list):
            parts.append(f"{column}为{'、'.join(map(str, test))}")
        elif isinstance(test, dict) and set(test) != {"column"}:
            parts.extend(
                f"{column}{op}{v['column'] if isinstance(v, dict) else v}" for op, v in test.items()
            )
        else:
            parts.append(f"{column}={'是' if test is True else '否' if test is False else test}")
    return "、".join(parts)


def describe(metric: Metric) -> str:
    """The 口径 of a metric in Chinese, e.g. ``办件中状态=办结的记录数，按办结时间归入统计期间``."""
    scope = (
        f"{metric.dataset}中{_cond_text(metric.where)}的" if metric.where else f"{metric.dataset}的"
    )
    if metric.kind == "count":
        text = f"{scope}记录数"
    elif metric.kind == "sum":
        text = f"{scope}{metric.spec}之和"
    elif metric.kind == "rate":
        text = f"{scope}记录中{_cond_text(metric.spec)}的比例"
    else:
        days = metric.spec.get("days") if isinstance(metric.spec, dict) else None
        what = f"{days[0]}至{days[1]}的天数" if days else str(metric.spec)
        text = f"{scope}{what}的" + (
            "平均值" if metric.kind == "mean" else f"{int(float(metric.spec['p']) * 100)}%分位数"
        )
    if metric.period:
        text += f"，按{metric.period}归入统计期间"
    return text
