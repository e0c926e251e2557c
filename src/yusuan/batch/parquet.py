"""``-f parquet``: one row per finding, for DuckDB, pandas or any Parquet reader.

Each row names its document (path, SHA-256 digest, unit, region, year, 预算/决算, kind) and the
finding (rule, severity, category, message, location, stated, expected, difference). A
document without findings has one row with an empty ``rule``, and so has a document that could
not be read (``status`` unreadable or failed, ``error`` its message): every document has a
result, and ``--resume`` finds it by its digest. Amounts are strings, exactly as compared
(``CAST(difference AS DECIMAL(38, 2))`` in SQL); rows are sorted by document, then finding.
Written by DuckDB (already a dependency) from the run's journal, atomically.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from yusuan.batch.journal import Recorded, views
from yusuan.batch.work import RANKS
from yusuan.errors import DataFileError
from yusuan.output import write_atomic

#: the columns, in order
COLUMNS = (
    "document",
    "digest",
    "unit",
    "region",
    "year",
    "stage",
    "kind",
    "partial",
    "pages",
    "status",
    "error",
    "seq",
    "rule",
    "severity",
    "category",
    "message",
    "location",
    "page",
    "line",
    "table_name",
    "row_name",
    "column_name",
    "cell",
    "stated",
    "expected",
    "difference",
    "confidence",
)
_DOC = {"document", "digest", "unit", "region", "year", "stage", "kind", "partial", "pages"}
_DOC |= {"status", "error"}


def quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def connect() -> Any:
    """An in-memory DuckDB with bounded memory (a corpus of findings spills to disk)."""
    import duckdb

    con = duckdb.connect(":memory:")
    con.execute("SET memory_limit = '1GB'")
    spill = str(Path(tempfile.gettempdir()) / "yusuan-duckdb").replace("'", "''")
    con.execute(f"SET temp_directory = '{spill}'")  # not .tmp in the working folder
    con.execute("SET preserve_insertion_order = false")
    return con


def recorded(path: Path) -> Recorded:
    """The documents an earlier run wrote to ``path``."""
    import duckdb

    rank = " ".join(f"WHEN '{s}' THEN {r}" for s, r in RANKS.items())
    con = connect()
    try:
        rows = con.execute(
            f"SELECT document, digest, any_value(status), max(CASE severity {rank} ELSE 0 END) "
            f"FROM read_parquet({quoted(path)}) GROUP BY document, digest"
        ).fetchall()
    except duckdb.Error as exc:
        raise DataFileError(
            str(path),
            detail=f"无法从中接着审核（--resume）：不是 yusuan 写出的审核结果 Parquet 文件（{str(exc).splitlines()[0][:120]}）。",
        ) from None
    finally:
        con.close()
    found = Recorded()
    for document, digest, status, worst in rows:
        if digest:
            found.add(str(document), str(digest), str(status), int(worst or 0))
    return found


def write(journal: Path, output: Path, carried: Path | None = None) -> int:
    """The Parquet file from the journal (and, resuming, the rows of ``carried`` for documents
    this run did not check again); the number of rows."""
    con = connect()
    try:
        views(con, journal)
        columns = ", ".join(COLUMNS)
        select = ", ".join(f"d.{c}" if c in _DOC else f"f.{c}" for c in COLUMNS)
        base = (
            f"SELECT {select} FROM docs d LEFT JOIN finds f "
            "ON f.document = d.document AND f.n = d.n"
        )
        if carried is not None:
            base += (
                f" UNION ALL BY NAME SELECT {columns} FROM read_parquet({quoted(carried)})"
                " WHERE document NOT IN (SELECT document FROM latest)"
            )
        # a document whose content has a result under another name: a copy of those rows
        query = (
            f"WITH base AS ({base}), first AS (SELECT * FROM base "
            "QUALIFY dense_rank() OVER (PARTITION BY digest ORDER BY document) = 1) "
            f"SELECT {columns} FROM (SELECT * FROM base UNION ALL BY NAME "
            "SELECT f.* REPLACE (a.document AS document) FROM aliases a JOIN first f "
            "ON f.digest = a.digest) ORDER BY document, seq NULLS FIRST"
        )
        count = 0

        def copy(tmp: Path) -> None:
            nonlocal count
            con.execute(
                f"COPY ({query}) TO {quoted(tmp)} (FORMAT parquet, COMPRESSION zstd, "
                "ROW_GROUP_SIZE 100000)"
            )
            found = con.execute(f"SELECT count(*) FROM read_parquet({quoted(tmp)})").fetchone()
            count = int(found[0]) if found else 0

        write_atomic(output, copy)
        return count
    finally:
        con.close()
