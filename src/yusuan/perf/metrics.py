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
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from yusuan.errors import DataFileError

_NUMERIC = re.compile(r"^(?:U?(?:TINY|SMALL|BIG|HUGE)?INT(?:EGER)?|FLOAT|DOUBLE|REAL|DECIMAL)")
OPS = {"=": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
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


def _fail(path: str, where: str, detail: str) -> DataFileError:
    return DataFileError(path, where=where, detail=detail)


def load_spec(path: str | Path) -> Spec:
    """Read and check a metrics spec (structure only; columns are checked against the data)."""
    from yusuan.yamlfile import read_mapping

    name = str(path)
    data = read_mapping(path, "指标口径", DataFileError)
    base = Path(path).parent
    year = data.get("year")
    if year is not None and (type(year) is not int or not 1990 <= year <= 2100):
        raise _fail(name, "year", f"year 应为年份，实为“{year}”。")
    datasets: dict[str, Dataset] = {}
    if not isinstance(data.get("datasets") or {}, dict) or not isinstance(
        data.get("metrics") or {}, dict
    ):
        raise _fail(name, "datasets/metrics", "datasets 和 metrics 应为 名称: 定义 的映射。")
    for key, entry in (data.get("datasets") or {}).items():
        if isinstance(entry, dict) and "sqlite" in entry:
            if not entry.get("table"):
                raise _fail(name, f"datasets.{key}", "SQLite 数据须写明 table。")
            datasets[str(key)] = Dataset(
                str(key), str(base / str(entry["sqlite"])), str(entry["table"])
            )
        elif isinstance(entry, dict) and "path" in entry:
            datasets[str(key)] = Dataset(str(key), str(base / str(entry["path"])))
        else:
            raise _fail(
                name,
                f"datasets.{key}",
                "数据集应写成 {path: 文件} 或 {sqlite: 文件, table: 表名}。",
            )
    metrics: list[Metric] = []
    for key, entry in (data.get("metrics") or {}).items():
        where = f"metrics.{key}"
        if not isinstance(entry, dict):
            raise _fail(name, where, "指标口径应为映射（dataset、count/rate/…、where、period）。")
        kinds = [k for k in KINDS if k in entry]
        if len(kinds) != 1:
            raise _fail(name, where, f"须且只能给出一种计算方式：{'、'.join(KINDS)}。")
        dataset = str(entry.get("dataset", ""))
        if dataset not in datasets:
            raise _fail(name, where, f"数据集「{dataset}」未在 datasets 中定义。")
        bind = entry.get("bind") or []
        if isinstance(bind, str):
            bind = [bind]
        filters = entry.get("where") or {}
        if not isinstance(filters, dict):
            raise _fail(name, f"{where}.where", "where 应为 列: 值 的映射。")
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
        raise _fail(name, "metrics", "没有定义任何指标。")
    return Spec(name, year, datasets, tuple(metrics))


class _Query:
    """Builds a parameterised condition, checking columns as it goes."""

    def __init__(self, columns: dict[str, str], path: str, where: str) -> None:
        self.columns = columns  # name → DuckDB type
        self.params: list[Any] = []
        self.path = path
        self.where = where

    def col(self, name: str) -> str:
        if name not in self.columns:
            raise _fail(
                self.path,
                self.where,
                f"数据中没有列「{name}」（现有列：{'、'.join(self.columns)}）。",
            )
        return sql_name(name)

    def value(self, value: Any) -> str:
        if isinstance(value, dict) and set(value) == {"column"}:
            return self.col(str(value["column"]))
        if isinstance(value, (dict, list)):
            raise _fail(self.path, self.where, f"无法理解的取值：{value!r}")
        self.params.append(value)
        return "?"

    def condition(self, column: str, test: Any) -> str:
        c = self.col(column)
        if isinstance(test, list):
            if not test:
                raise _fail(self.path, self.where, f"「{column}」的取值列表为空。")
            return f"{c} IN ({', '.join(self.value(v) for v in test)})"
        if isinstance(test, dict) and set(test) != {"column"}:
            parts = []
            for op, v in test.items():
                if op not in OPS:
                    raise _fail(
                        self.path, self.where, f"不认识的比较符“{op}”（可用：{'、'.join(OPS)}）。"
                    )
                parts.append(f"{c} {OPS[op]} {self.value(v)}")
            return " AND ".join(parts)
        if test is None:
            return f"{c} IS NULL"
        return f"{c} = {self.value(test)}"

    def conditions(self, tests: dict[str, Any]) -> str:
        return " AND ".join(self.condition(k, v) for k, v in tests.items()) or "TRUE"

    def days(self, spec: Any) -> str:
        if isinstance(spec, dict) and "days" in spec:
            pair = spec["days"]
            if not isinstance(pair, list) or len(pair) != 2:
                raise _fail(self.path, self.where, "days 应写成 [开始列, 结束列]。")
            start, end = (self.col(str(c)) for c in pair)
            return f"date_diff('second', {start}, {end}) / 86400.0"
        column = spec.get("column") if isinstance(spec, dict) else spec
        if isinstance(column, str):
            quoted = self.col(column)
            if not self.numeric(column):
                raise _fail(
                    self.path,
                    self.where,
                    f"列「{column}」不是数值（{self.columns[column]}）；日期请用 {{days: [开始列, 结束列]}}。",
                )
            return quoted
        raise _fail(self.path, self.where, "应写明 {days: [开始列, 结束列]} 或 {column: 列}。")

    def numeric(self, column: str) -> bool:
        return bool(_NUMERIC.match(self.columns.get(column, "")))

    def number_col(self, column: str) -> str:
        quoted = self.col(column)
        if not self.numeric(column):
            raise _fail(
                self.path,
                self.where,
                f"列「{column}」不是数值（{self.columns[column]}），不能求和。",
            )
        return quoted


class Engine:
    """A DuckDB connection with the spec's datasets registered as views."""

    def __init__(self, spec: Spec) -> None:
        import duckdb

        self.spec = spec
        self.con = duckdb.connect()
        self.columns: dict[str, dict[str, str]] = {}
        self.rows: dict[str, int] = {}
        for ds in spec.datasets.values():
            self._register(ds)

    def _register(self, ds: Dataset) -> None:
        import duckdb

        view = sql_name(ds.name)
        path = Path(ds.source)
        if not path.is_file():
            raise _fail(self.spec.path, f"datasets.{ds.name}", f"数据文件不存在：{path}")
        try:
            if ds.table is not None:
                self._load_sqlite(view, path, ds.table)
            elif path.suffix.lower() == ".parquet":
                self.con.execute(
                    f"CREATE VIEW {view} AS SELECT * FROM read_parquet({sql_path(path)})"
                )
            elif path.suffix.lower() in (".csv", ".txt"):
                self.con.execute(
                    f"CREATE VIEW {view} AS SELECT * FROM read_csv({sql_path(path)}, header = true)"
                )
            elif path.suffix.lower() == ".xlsx":
                self._load_xlsx(view, path)
            else:
                raise _fail(
                    self.spec.path,
                    f"datasets.{ds.name}",
                    f"不支持的数据格式：{path.suffix}（可用 .parquet、.csv、.xlsx、SQLite）",
                )
            described = self.con.execute(f"DESCRIBE {view}").fetchall()
            row = self.con.execute(f"SELECT count(*) FROM {view}").fetchone()
        except duckdb.Error as exc:
            raise _fail(
                self.spec.path, f"datasets.{ds.name}", f"无法读取数据 {path.name}：{exc}"
            ) from None
        self.columns[ds.name] = {str(r[0]): str(r[1]) for r in described}
        self.rows[ds.name] = int(row[0]) if row else 0

    def _load_rows(self, view: str, header: list[str], rows: list[tuple[Any, ...]]) -> None:
        cols = [sql_name(h) for h in header]
        types = []
        for i, _ in enumerate(header):
            sample = next((r[i] for r in rows if r[i] is not None), None)
            types.append(
                "TIMESTAMP"
                if isinstance(sample, (dt.datetime, dt.date))
                else "BOOLEAN"
                if isinstance(sample, bool)
                else "DOUBLE"
                if isinstance(sample, (int, float, Decimal))
                else "VARCHAR"
            )
        table = view[:-1] + '_data"'
        self.con.execute(
            f"CREATE TABLE {table} ({', '.join(f'c{i} {t}' for i, t in enumerate(types))})"
        )
        if rows:
            self.con.executemany(
                f"INSERT INTO {table} VALUES ({', '.join('?' for _ in header)})", rows
            )
        renames = ", ".join(f"c{i} AS {c}" for i, c in enumerate(cols))
        self.con.execute(f"CREATE VIEW {view} AS SELECT {renames} FROM {table}")

    def _load_xlsx(self, view: str, path: Path) -> None:
        import openpyxl

        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises several types for a damaged file
            raise _fail(
                self.spec.path, "datasets", f"无法读取 Excel 文件 {path.name}：{exc}"
            ) from None
        try:
            ws = wb.worksheets[0]
            it = ws.iter_rows(values_only=True)
            first = list(next(it, ()))
            while first and first[-1] is None:
                first.pop()
            # a blank header keeps its place (列3), so the columns after it do not shift
            header = [
                str(h).strip() if h is not None else f"列{i + 1}" for i, h in enumerate(first)
            ]
            width = len(header)
            rows = [
                tuple(list(r[:width]) + [None] * (width - len(r[:width])))
                for r in it
                if any(v is not None for v in r)
            ]
        finally:
            wb.close()
        self._load_rows(view, header, rows)

    def _load_sqlite(self, view: str, path: Path, table: str) -> None:
        import sqlite3

        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            cur = con.execute(f'SELECT * FROM "{table.replace(chr(34), chr(34) * 2)}"')
            header = [d[0] for d in cur.description]
            rows = [tuple(_sqlite_value(v) for v in r) for r in cur.fetchall()]
        except sqlite3.Error as exc:
            raise _fail(
                self.spec.path, "datasets", f"无法读取 SQLite 表「{table}」：{exc}"
            ) from None
        finally:
            con.close()
        self._load_rows(view, header, rows)

    def compute(self, metric: Metric, period: tuple[dt.date, dt.date] | None) -> Result:
        import duckdb

        where = f"metrics.{metric.name}"
        q = _Query(self.columns[metric.dataset], self.spec.path, where)
        view = sql_name(metric.dataset)
        conds = [q.conditions(metric.where)]
        if metric.period is not None:
            if period is None:
                raise _fail(
                    self.spec.path, where, "没有给出统计期间（口径文件的 year 或 --period）。"
                )
            column = q.col(metric.period)
            self._check_dates(metric, column, view)
            conds.append(f"CAST({column} AS TIMESTAMP) >= ? AND CAST({column} AS TIMESTAMP) < ?")
            q.params.extend(
                [
                    dt.datetime.combine(period[0], dt.time()),
                    dt.datetime.combine(period[1] + dt.timedelta(days=1), dt.time()),
                ]
            )
        base = " AND ".join(f"({c})" for c in conds)
        sel = _Query(self.columns[metric.dataset], self.spec.path, where)  # its ? come first
        if metric.kind == "count":
            select = "count(*)"
        elif metric.kind == "sum":
            select = f"sum({sel.number_col(str(metric.spec))})"
        elif metric.kind == "rate":
            if not isinstance(metric.spec, dict):
                raise _fail(
                    self.spec.path, where, "rate 应为条件映射，如 {评价: [非常满意, 满意]}。"
                )
            select = f"count(*) FILTER (WHERE {sel.conditions(metric.spec)})"
        elif metric.kind == "mean":
            select = f"avg({sel.days(metric.spec)})"
        else:
            p = metric.spec.get("p") if isinstance(metric.spec, dict) else None
            if not isinstance(p, (int, float)) or not 0 < p < 1:
                raise _fail(self.spec.path, where, "percentile 须给出 p（0 到 1 之间，如 0.9）。")
            select = f"quantile_cont({sel.days(metric.spec)}, {float(p)})"
        sql = f"SELECT {select}, count(*) FROM {view} WHERE {base}"
        params = [*sel.params, *q.params]
        try:
            row = self.con.execute(sql, params).fetchone()
        except duckdb.Error as exc:
            raise _fail(self.spec.path, where, f"计算失败：{exc}") from None
        value_raw, n = (row[0], int(row[1])) if row else (None, 0)
        if n == 0:
            raise _fail(
                self.spec.path,
                where,
                "统计期间内没有符合条件的记录（请检查期间、where 条件和数据）。",
            )
        numerator = None
        if metric.kind == "rate":
            numerator = int(value_raw or 0)
            value = (Decimal(numerator) * 100 / Decimal(n)).quantize(Decimal("0.01"))
        elif metric.kind == "count":
            value = Decimal(int(value_raw or 0))
        elif value_raw is None:
            raise _fail(self.spec.path, where, "没有可计算的数值（列为空）。")
        elif isinstance(value_raw, (int, float, Decimal)):
            value = Decimal(repr(float(value_raw))).quantize(Decimal("0.01"))
        else:
            raise _fail(self.spec.path, where, f"结果不是数值（{value_raw!r}），请检查所用的列。")
        unit = metric.unit or UNITS.get(metric.kind, "")
        rows = self.rows[metric.dataset]
        return Result(metric, value, unit, rows, n, numerator, sql, tuple(params))

    def _check_dates(self, metric: Metric, column: str, view: str) -> None:
        """A period column must hold dates: report the first value that is not one."""
        kind = self.columns[metric.dataset].get(metric.period or "", "")
        if "TIMESTAMP" in kind or kind == "DATE":
            return
        bad = self.con.execute(
            f"SELECT {column} FROM {view} WHERE {column} IS NOT NULL AND TRY_CAST({column} AS TIMESTAMP) IS NULL LIMIT 1"
        ).fetchone()
        if bad is not None:
            raise _fail(
                self.spec.path,
                f"metrics.{metric.name}",
                f"数据集「{metric.dataset}」的列「{metric.period}」有无法识别的日期：“{bad[0]}”。",
            )


def sql_name(name: str) -> str:
    """A dataset or column name as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def sql_path(path: Path) -> str:
    """A file path as an SQL string literal (DDL takes no parameters)."""
    return "'" + str(path).replace("'", "''") + "'"


def _sqlite_value(v: Any) -> Any:
    if isinstance(v, str) and re.match(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$", v):
        try:
            return dt.datetime.fromisoformat(v)
        except ValueError:
            return v
    return v


def compute_all(spec: Spec, period: tuple[dt.date, dt.date] | None = None) -> list[Result]:
    """Every metric of the spec over the period (default: the spec's year)."""
    if period is None and spec.year is not None:
        period = (dt.date(spec.year, 1, 1), dt.date(spec.year, 12, 31))
    engine = Engine(spec)
    try:
        return [engine.compute(m, period) for m in spec.metrics]
    finally:
        engine.con.close()


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


def _unit_key(unit: str | None) -> str:
    return (unit or "").replace("％", "%").replace(" ", "")


def bind(results: list[Result], pkg: Any) -> dict[tuple[str, str], Result]:
    """(项目 or 整体, 指标) → the result bound to it, checking that the indicator exists and that
    its 计量单位 is the metric's (a 件 target cannot take a %)."""
    out: dict[tuple[str, str], Result] = {}
    for r in results:
        for target in r.metric.bind:
            owner, _, name = target.partition("/")
            if owner == "整体":
                sheet = pkg.department_performance
                indicators = sheet.indicators if sheet is not None else ()
            else:
                project = next((p for p in pkg.projects if p.name == owner), None)
                if project is None:
                    raise DataFileError(
                        where=f"metrics.{r.metric.name}.bind",
                        detail=f"绩效目标中没有项目「{owner}」。",
                    )
                indicators = project.indicators
            ind = next((i for i in indicators if i.name == name), None)
            if ind is None:
                raise DataFileError(
                    where=f"metrics.{r.metric.name}.bind",
                    detail=f"「{owner}」没有指标「{name}」（有：{'、'.join(i.name for i in indicators)}）。",
                )
            if _unit_key(ind.unit) != _unit_key(r.unit):
                raise DataFileError(
                    where=f"metrics.{r.metric.name}.bind",
                    detail=f"指标「{name}」的计量单位是“{ind.unit or '无（定性）'}”，口径「{r.metric.name}」的结果单位是“{r.unit or '无'}”，不能对应。",
                )
            out[(owner, name)] = r
    return out


def actuals_yaml(
    bound: dict[tuple[str, str], Result],
    base: dict[str, Any] | None,
    spent: dict[str, Any],
    period: tuple[dt.date, dt.date] | None,
) -> str:
    """An actuals file for ``yusuan perf evaluate``: the bound values over ``base`` (a manual
    actuals mapping), with the evidence of each computed value."""
    import yaml

    data: dict[str, Any] = dict(base or {})
    projects: dict[str, Any] = {k: dict(v) for k, v in (data.get("projects") or {}).items()}
    department: dict[str, Any] = dict(data.get("department") or {})
    evidence: dict[str, Any] = {}
    for (owner, name), r in bound.items():
        value: Any = (
            int(r.value)
            if r.value == r.value.to_integral_value() and r.unit != "%"
            else float(r.value)
        )
        if owner == "整体":
            department[name] = value
        else:
            entry = projects.setdefault(owner, {})
            entry.setdefault("indicators", {})
            entry["indicators"] = {**entry["indicators"], name: value}
            if owner in spent and "spent" not in entry:
                entry["spent"] = spent[owner]
        evidence[f"{owner}/{name}"] = {
            "口径": r.metric.name,
            "数据集": r.metric.dataset,
            "查询": r.query,
            "参数": [str(p) for p in r.params],
            "数据行数": r.rows,
            "符合条件行数": r.in_period,
            **({"达标行数": r.numerator} if r.numerator is not None else {}),
        }
    data["projects"] = projects
    if department:
        data["department"] = department
    data["evidence"] = evidence
    head = "# 实际完成值（yusuan perf metrics 由业务数据计算"
    if period is not None:
        head += f"，期间 {period[0]} 至 {period[1]}"
    return head + "）\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)


def _plain(x: Decimal, unit: str) -> int | float:
    """A value for YAML: whole counts as integers, the rest as (short, exact-looking) decimals."""
    return int(x) if x == x.to_integral_value() and unit != "%" else float(x)


def forecast(result: Result, months: int) -> Decimal:
    """The full-year forecast of a value measured over the first ``months`` months: counts and
    sums grow in proportion (× 12 / months), rates, means and percentiles stay as measured."""
    if result.metric.kind in ("count", "sum"):
        places = Decimal(1) if result.metric.kind == "count" else Decimal("0.01")
        from decimal import ROUND_HALF_UP

        return (result.value * 12 / months).quantize(places, rounding=ROUND_HALF_UP)
    return result.value


def progress_yaml(
    bound: dict[tuple[str, str], Result], base: dict[str, Any] | None, months: int
) -> str:
    """A monitoring file for ``yusuan perf monitor``: each bound project indicator's value to date
    and its full-year forecast, over ``base`` (spending to date, manual progress)."""
    import yaml

    data: dict[str, Any] = dict(base or {})
    data["months"] = months
    projects: dict[str, Any] = {k: dict(v) for k, v in (data.get("projects") or {}).items()}
    for (owner, name), r in bound.items():
        if owner == "整体":
            continue
        entry = projects.setdefault(owner, {})
        indicators = dict(entry.get("indicators") or {})
        indicators[name] = {
            "to_date": _plain(r.value, r.unit),
            "forecast": _plain(forecast(r, months), r.unit),
        }
        entry["indicators"] = indicators
    data["projects"] = projects
    head = f"# 监控数据（yusuan perf metrics 由业务数据计算，1-{months}月）\n"
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)


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
