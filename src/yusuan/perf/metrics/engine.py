"""The DuckDB engine: the spec's datasets registered as views (Parquet and CSV read in place,
Excel sheets and SQLite tables loaded first) and each metric computed over a period, its query,
parameters and row counts kept as evidence."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from yusuan.perf.metrics.spec import UNITS, Dataset, Metric, Result, Spec, fail
from yusuan.perf.metrics.sql import Query, sql_name, sql_path


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
            raise fail(self.spec.path, f"datasets.{ds.name}", f"数据文件不存在：{path}")
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
                raise fail(
                    self.spec.path,
                    f"datasets.{ds.name}",
                    f"不支持的数据格式：{path.suffix}（可用 .parquet、.csv、.xlsx、SQLite）",
                )
            described = self.con.execute(f"DESCRIBE {view}").fetchall()
            row = self.con.execute(f"SELECT count(*) FROM {view}").fetchone()
        except duckdb.Error as exc:
            raise fail(
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
            raise fail(
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
            raise fail(
                self.spec.path, "datasets", f"无法读取 SQLite 表「{table}」：{exc}"
            ) from None
        finally:
            con.close()
        self._load_rows(view, header, rows)

    def compute(self, metric: Metric, period: tuple[dt.date, dt.date] | None) -> Result:
        import duckdb

        where = f"metrics.{metric.name}"
        q = Query(self.columns[metric.dataset], self.spec.path, where)
        view = sql_name(metric.dataset)
        conds = [q.conditions(metric.where)]
        if metric.period is not None:
            if period is None:
                raise fail(
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
        sel = Query(self.columns[metric.dataset], self.spec.path, where)  # its ? come first
        if metric.kind == "count":
            select = "count(*)"
        elif metric.kind == "sum":
            select = f"sum({sel.number_col(str(metric.spec))})"
        elif metric.kind == "rate":
            if not isinstance(metric.spec, dict):
                raise fail(
                    self.spec.path, where, "rate 应为条件映射，如 {评价: [非常满意, 满意]}。"
                )
            select = f"count(*) FILTER (WHERE {sel.conditions(metric.spec)})"
        elif metric.kind == "mean":
            select = f"avg({sel.days(metric.spec)})"
        else:
            p = metric.spec.get("p") if isinstance(metric.spec, dict) else None
            if not isinstance(p, (int, float)) or not 0 < p < 1:
                raise fail(self.spec.path, where, "percentile 须给出 p（0 到 1 之间，如 0.9）。")
            select = f"quantile_cont({sel.days(metric.spec)}, {float(p)})"
        sql = f"SELECT {select}, count(*) FROM {view} WHERE {base}"
        params = [*sel.params, *q.params]
        try:
            row = self.con.execute(sql, params).fetchone()
        except duckdb.Error as exc:
            raise fail(self.spec.path, where, f"计算失败：{exc}") from None
        value_raw, n = (row[0], int(row[1])) if row else (None, 0)
        if n == 0:
            raise fail(
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
            raise fail(self.spec.path, where, "没有可计算的数值（列为空）。")
        elif isinstance(value_raw, (int, float, Decimal)):
            value = Decimal(repr(float(value_raw))).quantize(Decimal("0.01"))
        else:
            raise fail(self.spec.path, where, f"结果不是数值（{value_raw!r}），请检查所用的列。")
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
            raise fail(
                self.spec.path,
                f"metrics.{metric.name}",
                f"数据集「{metric.dataset}」的列「{metric.period}」有无法识别的日期：“{bad[0]}”。",
            )


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
