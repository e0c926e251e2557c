"""Actuals computed from operational data: metrics over datasets, declared in a small YAML spec.

```yaml
year: 2026                                   # the period, unless --period says otherwise
datasets:
  办件: {path: 办件.parquet}                  # .parquet, .csv, .xlsx, or {sqlite: x.db, table: t}
metrics:
  及时办结率:
    dataset: 办件
    rate: {办结时间: {"<=": {column: 办结期限}}}   # share of the rows meeting the condition, in %
    where: {状态: 办结}                          # which rows count at all
    period: 办结时间                             # the date column that puts a row in the period
    bind: [整体/及时办结率, 窗口工作人员专项经费/及时办结率]
```

A metric is one of ``count: true``, ``sum: 列``, ``rate: {条件}``, ``mean: 列 | {days: [起, 止]}``,
``percentile: {days: [起, 止], p: 0.9}`` (or ``column:``). Conditions map a column to a value
(``状态: 办结``), a list of values (``通办类型: [跨省通办, 川渝通办]``), or comparisons
(``{">=": 3}``, ``{"<=": {column: 办结期限}}``). Column names are checked against the data
before anything runs; values are passed as query parameters, never pasted into SQL.

Computed in DuckDB (Parquet and CSV are read in place; Excel sheets and SQLite tables are loaded
first). Every result keeps its evidence: the query, its parameters, and the row counts.

One module a step: :mod:`.spec` (the YAML read and checked, a metric's 口径 in words),
:mod:`.sql` (conditions and quoting), :mod:`.engine` (DuckDB), :mod:`.binding` (results to
indicators), :mod:`.writers` (the actuals and monitoring YAML).
"""

from yusuan.perf.metrics.binding import bind
from yusuan.perf.metrics.engine import Engine, compute_all
from yusuan.perf.metrics.spec import (
    KINDS,
    UNITS,
    Dataset,
    Metric,
    Result,
    Spec,
    describe,
    load_spec,
    parse_period,
)
from yusuan.perf.metrics.sql import OPS, sql_name, sql_path
from yusuan.perf.metrics.writers import actuals_yaml, forecast, progress_yaml

__all__ = [
    "KINDS",
    "OPS",
    "UNITS",
    "Dataset",
    "Engine",
    "Metric",
    "Result",
    "Spec",
    "actuals_yaml",
    "bind",
    "compute_all",
    "describe",
    "forecast",
    "load_spec",
    "parse_period",
    "progress_yaml",
    "sql_name",
    "sql_path",
]
