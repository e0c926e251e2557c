"""The SQL of a metric: a parameterised condition built from the spec's mappings, every column
checked against the data as it goes (values are passed as parameters, never pasted in), and
names and paths quoted for DuckDB."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from yusuan.perf.metrics.spec import fail

_NUMERIC = re.compile(r"^(?:U?(?:TINY|SMALL|BIG|HUGE)?INT(?:EGER)?|FLOAT|DOUBLE|REAL|DECIMAL)")
OPS = {"=": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class Query:
    """Builds a parameterised condition, checking columns as it goes."""

    def __init__(self, columns: dict[str, str], path: str, where: str) -> None:
        self.columns = columns  # name → DuckDB type
        self.params: list[Any] = []
        self.path = path
        self.where = where

    def col(self, name: str) -> str:
        if name not in self.columns:
            raise fail(
                self.path,
                self.where,
                f"数据中没有列「{name}」（现有列：{'、'.join(self.columns)}）。",
            )
        return sql_name(name)

    def value(self, value: Any) -> str:
        if isinstance(value, dict) and set(value) == {"column"}:
            return self.col(str(value["column"]))
        if isinstance(value, (dict, list)):
            raise fail(self.path, self.where, f"无法理解的取值：{value!r}")
        self.params.append(value)
        return "?"

    def condition(self, column: str, test: Any) -> str:
        c = self.col(column)
        if isinstance(test, list):
            if not test:
                raise fail(self.path, self.where, f"「{column}」的取值列表为空。")
            return f"{c} IN ({', '.join(self.value(v) for v in test)})"
        if isinstance(test, dict) and set(test) != {"column"}:
            parts = []
            for op, v in test.items():
                if op not in OPS:
                    raise fail(
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
                raise fail(self.path, self.where, "days 应写成 [开始列, 结束列]。")
            start, end = (self.col(str(c)) for c in pair)
            return f"date_diff('second', {start}, {end}) / 86400.0"
        column = spec.get("column") if isinstance(spec, dict) else spec
        if isinstance(column, str):
            quoted = self.col(column)
            if not self.numeric(column):
                raise fail(
                    self.path,
                    self.where,
                    f"列「{column}」不是数值（{self.columns[column]}）；日期请用 {{days: [开始列, 结束列]}}。",
                )
            return quoted
        raise fail(self.path, self.where, "应写明 {days: [开始列, 结束列]} 或 {column: 列}。")

    def numeric(self, column: str) -> bool:
        return bool(_NUMERIC.match(self.columns.get(column, "")))

    def number_col(self, column: str) -> str:
        quoted = self.col(column)
        if not self.numeric(column):
            raise fail(
                self.path,
                self.where,
                f"列「{column}」不是数值（{self.columns[column]}），不能求和。",
            )
        return quoted


def sql_name(name: str) -> str:
    """A dataset or column name as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def sql_path(path: Path) -> str:
    """A file path as an SQL string literal (DDL takes no parameters)."""
    return "'" + str(path).replace("'", "''") + "'"
