"""Lines written as CSV (UTF-8 with BOM, so Excel and WPS open it as Chinese), JSON, and a
Fiscal Data Package: a zip of ``datapackage.json`` (profile ``fiscal-data-package``, a Table
Schema for the CSV and the fiscal model: measures and dimensions) and ``budget_lines.csv``."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal

from yusuan import __version__
from yusuan.opendata.lines import FIELDS

BOM = "\ufeff"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
CSV_NAME = "budget_lines.csv"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    text = str(value)
    # a text cell that Excel/WPS would run as a formula (CSV injection) is kept as text
    return "'" + text if isinstance(value, str) and text.startswith(_FORMULA) else text


def csv_chunks(records: Iterable[dict[str, object]], bom: bool = True) -> Iterator[str]:
    """The CSV text in chunks of 1,000 lines (header first), for streaming a large export."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if bom:
        buffer.write(BOM)
    writer.writerow([name for name, _, _ in FIELDS])
    for i, rec in enumerate(records, 1):
        writer.writerow([_cell(rec[name]) for name, _, _ in FIELDS])
        if i % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_record(rec: dict[str, object]) -> dict[str, object]:
    """Amounts as strings (exact decimals), everything else as is."""
    return {k: format(v, "f") if isinstance(v, Decimal) else v for k, v in rec.items()}


def descriptor(title: str, years: list[int]) -> dict[str, object]:
    """``datapackage.json`` for :data:`CSV_NAME` (Fiscal Data Package model, Table Schema)."""
    period = {}
    if years:
        period = {"start": f"{min(years)}-01-01", "end": f"{max(years)}-12-31"}
    return {
        "profile": "fiscal-data-package",
        "name": "yusuan-budget-lines",
        "title": title,
        "description": "部门预算（决算）公开文件各表的金额，一行一个金额；amount_wan 为折算到万元的金额。",
        "countryCode": "CN",
        "fiscalPeriod": period,
        "created_by": f"yusuan {__version__}",
        "resources": [
            {
                "name": "budget-lines",
                "path": CSV_NAME,
                "profile": "tabular-data-resource",
                "format": "csv",
                "encoding": "utf-8-sig",
                "mediatype": "text/csv",
                "schema": {
                    "fields": [
                        {"name": name, "type": kind, "title": label} for name, kind, label in FIELDS
                    ],
                    "missingValues": [""],
                },
            }
        ],
        "model": {
            "measures": {
                "amount_wan": {
                    "source": "amount_wan",
                    "currency": "CNY",
                    "factor": 10000,
                    "title": "金额（万元）",
                }
            },
            "dimensions": {
                "department": {
                    "dimensionType": "entity",
                    "primaryKey": ["department"],
                    "attributes": {
                        "department": {"source": "department", "title": "部门（单位）"},
                        "region": {"source": "region", "title": "地区"},
                    },
                },
                "year": {
                    "dimensionType": "datetime",
                    "primaryKey": ["year"],
                    "attributes": {"year": {"source": "year", "title": "年度"}},
                },
                "phase": {
                    "dimensionType": "other",
                    "primaryKey": ["stage"],
                    "attributes": {"stage": {"source": "stage", "title": "预算或决算"}},
                },
                "table": {
                    "dimensionType": "other",
                    "primaryKey": ["table", "column"],
                    "attributes": {
                        "table": {"source": "table", "title": "表种"},
                        "table_title": {"source": "table_title", "labelfor": "table"},
                        "column": {"source": "column", "title": "栏目"},
                        "column_label": {"source": "column_label", "labelfor": "column"},
                    },
                },
                "classification": {
                    "dimensionType": "classification",
                    "primaryKey": ["row_code"],
                    "attributes": {
                        "row_code": {"source": "row_code", "title": "科目编码"},
                        "row_name": {"source": "row_name", "labelfor": "row_code"},
                        "row_level": {"source": "row_level", "title": "科目级次"},
                    },
                },
            },
        },
    }


def fiscal_data_package(
    records: Iterable[dict[str, object]], title: str, years: list[int]
) -> bytes:
    """The zip: ``datapackage.json`` and :data:`CSV_NAME`."""
    chunks = (chunk.encode("utf-8") for chunk in csv_chunks(records))
    return fiscal_data_package_of_csv(chunks, title, years)


def fiscal_data_package_of_csv(csv: Iterable[bytes], title: str, years: list[int]) -> bytes:
    """The zip of :func:`fiscal_data_package` from its CSV already written (in chunks: the
    web platform's are stored per package)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open(CSV_NAME, "w") as f:
            for chunk in csv:
                f.write(chunk)
        z.writestr(
            "datapackage.json",
            json.dumps(descriptor(title, years), ensure_ascii=False, indent=2),
        )
    return out.getvalue()
