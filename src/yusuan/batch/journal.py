"""The run's journal: every result appended as it arrives, the outputs written from it at the end.

The summary workbook and the Parquet file are sorted by document, and both are written whole
at the end (atomically); until then results live in a JSON-lines file beside the output
(``.findings.parquet.journal.jsonl``), one line per document and one per finding, flushed
document by document. The parent's memory stays flat however many documents there are, and
a run that is interrupted (Ctrl+C, a lost machine) leaves its journal: ``--resume`` counts
what it holds as done and appends to it. A line cut short by a crash is ignored.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from yusuan.batch.work import SKIPPED, DocResult
from yusuan.errors import OutputError
from yusuan.output import os_reason

#: DuckDB's reading of a journal line (documents and findings share one schema)
COLUMNS = {
    "t": "VARCHAR",
    "n": "BIGINT",
    "document": "VARCHAR",
    "digest": "VARCHAR",
    "status": "VARCHAR",
    "error_code": "VARCHAR",
    "error": "VARCHAR",
    "unit": "VARCHAR",
    "region": "VARCHAR",
    "year": "INTEGER",
    "stage": "VARCHAR",
    "kind": "VARCHAR",
    "partial": "BOOLEAN",
    "pages": "INTEGER",
    "tables": "INTEGER",
    "errors": "INTEGER",
    "warnings": "INTEGER",
    "infos": "INTEGER",
    "first": "VARCHAR",
    "seq": "INTEGER",
    "rule": "VARCHAR",
    "severity": "VARCHAR",
    "category": "VARCHAR",
    "message": "VARCHAR",
    "location": "VARCHAR",
    "page": "INTEGER",
    "line": "INTEGER",
    "table_name": "VARCHAR",
    "row_name": "VARCHAR",
    "column_name": "VARCHAR",
    "cell": "VARCHAR",
    "stated": "VARCHAR",
    "expected": "VARCHAR",
    "difference": "VARCHAR",
    "confidence": "DOUBLE",
}


@dataclass
class Recorded:
    """What an output or a journal holds: each content's result (digest → status and the rank
    of its most severe finding) and each document's digest."""

    digests: dict[str, tuple[str, int]] = field(default_factory=dict)
    documents: dict[str, str] = field(default_factory=dict)

    def add(self, document: str, digest: str, status: str, worst: int) -> None:
        self.digests.setdefault(digest, (status, worst))
        self.documents[document] = digest

    def common(self, other: Recorded) -> Recorded:
        """What both hold (a document counts only with the same digest in both)."""
        return Recorded(
            {k: v for k, v in self.digests.items() if k in other.digests},
            {k: v for k, v in self.documents.items() if other.documents.get(k) == v},
        )

    def update(self, other: Recorded) -> None:
        self.digests.update(other.digests)
        self.documents.update(other.documents)


def worst_of(errors: object, warnings: object, infos: object) -> int:
    """The rank of the most severe of these counts (3 errors … 0 none)."""
    return next((3 - i for i, n in enumerate((errors, warnings, infos)) if n), 0)


def path_for(output: Path) -> Path:
    """The journal of an output file: hidden, beside it."""
    return output.with_name(f".{output.name}.journal.jsonl")


def _lines(r: DocResult, n: int) -> list[dict[str, Any]]:
    doc = {
        "t": "d",
        "n": n,
        "document": r.path,
        "digest": r.digest,
        "status": r.status,
        "error_code": r.error_code or None,
        "error": r.error or None,
        "unit": r.unit,
        "region": r.region,
        "year": r.year,
        "stage": r.stage,
        "kind": r.kind,
        "partial": r.partial,
        "pages": r.pages,
        "tables": r.tables,
        "errors": r.count("error"),
        "warnings": r.count("warning"),
        "infos": r.count("info"),
        "first": r.first() or None,
    }
    findings = [
        {
            "t": "f",
            "n": n,
            "document": r.path,
            "digest": r.digest,
            "seq": seq,
            "rule": f.rule,
            "severity": f.severity,
            "category": f.category,
            "message": f.message,
            "location": f.location,
            "page": f.page,
            "line": f.line,
            "table_name": f.table,
            "row_name": f.row,
            "column_name": f.column,
            "cell": f.cell,
            "stated": f.stated,
            "expected": f.expected,
            "difference": f.difference,
            "confidence": f.confidence,
        }
        for seq, f in enumerate(r.findings, start=1)
    ]
    return [*findings, doc]  # the document's line last: a journal cut short lacks it


def _alias(r: DocResult, n: int) -> dict[str, Any]:
    """A document skipped because its content has a result under another name: the outputs
    give it a copy of that result."""
    return {"t": "a", "n": n, "document": r.path, "digest": r.digest}


class Journal:
    """Appends results to the journal file (``resume``: after what an earlier run left)."""

    def __init__(self, path: Path, resume: bool) -> None:
        self.path = path
        self.done = Recorded()
        self._n = time.time_ns()
        try:
            if resume and path.exists():
                self.done = _recorded(path)
                self._file: TextIO = path.open("a", encoding="utf-8", errors="replace")
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._file = path.open("w", encoding="utf-8", errors="replace")
        except OSError as exc:
            raise OutputError(str(path), detail=os_reason(exc)) from exc

    def add(self, r: DocResult) -> None:
        self._n += 1
        lines = [_alias(r, self._n)] if r.status == SKIPPED else _lines(r, self._n)
        text = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)
        try:
            self._file.write(text)
            self._file.flush()
        except OSError as exc:
            raise OutputError(str(self.path), detail=os_reason(exc)) from exc

    def close(self) -> None:
        self._file.close()

    def remove(self) -> None:
        self.close()
        self.path.unlink(missing_ok=True)


def _recorded(path: Path) -> Recorded:
    """The documents a journal holds whole (a line cut short is skipped, and a last line
    without its end is ended, so that appending starts on a line of its own)."""
    done = Recorded()
    aliases: list[tuple[str, str]] = []
    with path.open("rb+") as f:
        for raw in f:
            try:
                record = json.loads(raw)
            except ValueError:
                continue
            if not isinstance(record, dict) or not record.get("digest"):
                continue
            document, digest = str(record.get("document")), str(record["digest"])
            if record.get("t") == "d":
                worst = worst_of(*(record.get(k) for k in ("errors", "warnings", "infos")))
                done.add(document, digest, str(record.get("status")), worst)
            elif record.get("t") == "a":
                aliases.append((document, digest))
        for document, digest in aliases:
            done.documents[document] = digest
        f.seek(0, 2)
        if f.tell():
            f.seek(-1, 2)
            if f.read(1) != b"\n":
                f.write(b"\n")
    return done


def views(con: Any, path: Path) -> None:
    """DuckDB views of a journal: ``latest`` (each document's last record), ``docs`` (the
    documents checked), ``aliases`` (those given a copy of a recorded result) and ``finds``
    (the findings of ``docs``, each once)."""
    spec = "{" + ", ".join(f"'{k}': '{v}'" for k, v in COLUMNS.items()) + "}"
    source = str(path).replace("'", "''")
    con.execute(
        f"CREATE TEMP VIEW journal AS SELECT * FROM read_json('{source}', "
        f"format = 'newline_delimited', columns = {spec}, ignore_errors = true)"
    )
    con.execute(
        "CREATE TEMP VIEW latest AS SELECT * FROM journal WHERE t IN ('d', 'a') "
        "QUALIFY row_number() OVER (PARTITION BY document ORDER BY n DESC) = 1"
    )
    con.execute("CREATE TEMP VIEW docs AS SELECT * FROM latest WHERE t = 'd'")
    con.execute("CREATE TEMP VIEW aliases AS SELECT document, digest FROM latest WHERE t = 'a'")
    con.execute(
        "CREATE TEMP VIEW finds AS SELECT j.* FROM journal j "
        "JOIN docs d ON j.document = d.document AND j.n = d.n WHERE j.t = 'f'"
    )
