"""A corpus in one command (issue #17): folders and patterns, processes, the journal-backed
summary workbook and Parquet file, --resume, the Dask backend on a LocalCluster of 2 workers,
corpus statistics — through the library and through the command line, on real documents."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import duckdb
import openpyxl
import pytest
from rich.console import Console
from typer.testing import CliRunner

from tests.conftest import DOCS, FIXTURES, ROOT
from tests.helpers.ocr import require_tesseract
from yusuan.batch import journal as journals
from yusuan.batch import local, run, summary
from yusuan.batch.command import check as batch_check
from yusuan.batch.inputs import discover
from yusuan.batch.progress import Bar
from yusuan.batch.stats import compute
from yusuan.batch.work import CHECKED, SKIPPED, DocResult, Item, Settings, row
from yusuan.check import check_package
from yusuan.cli import app
from yusuan.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_USAGE, FileMissingError, OptionError
from yusuan.pipeline import load
from yusuan.report import jsonout
from yusuan.rules.profile import load_profile

EXAMPLES = ROOT / "examples"
WILD = FIXTURES / "wild"
PDF = EXAMPLES / "上海市普陀区司法局2026年部门预算.pdf"


def _corpus(folder: Path) -> list[Path]:
    """A small real corpus in ``folder``: the examples (text and PDF), the wild pages of the
    fixtures in a subfolder, a 绩效目标表, and one empty file (unreadable)."""
    (folder / "省" / "市").mkdir(parents=True)
    files = []
    for src in [*sorted(EXAMPLES.glob("*.txt")), PDF]:
        files.append(Path(shutil.copy(src, folder / src.name)))
    for src in sorted(WILD.glob("*.txt")):
        files.append(Path(shutil.copy(src, folder / "省" / "市" / f"wild-{src.name}")))
    files.append(Path(shutil.copy(DOCS / "admin_cost.txt", folder / "省" / "admin_cost.txt")))
    (folder / "省" / "空文件.txt").write_bytes(b"")
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "skip.txt").write_text("不读", encoding="utf-8")
    (folder / "说明.md").write_text("not a document", encoding="utf-8")
    return files


def _expected(path: Path) -> list[tuple[object, ...]]:
    """The findings of one document checked on its own, in this process (the reference)."""
    return [tuple(row(f)) for f in check_package(load(path)).findings]


def _settings(report: str | None = None) -> Settings:
    return Settings(load_profile("default"), report=report)


def _by_path(results: Iterable[DocResult]) -> dict[str, DocResult]:
    return {r.path: r for r in results}


# ---------------------------------------------------------------------------------------------
# inputs


def test_folders_are_walked_recursively_and_patterns_expanded(tmp_path: Path) -> None:
    files = _corpus(tmp_path)
    found = list(discover([tmp_path]))
    paths = [p for p in found if isinstance(p, Path)]
    # every document, in the subfolders too; not the hidden folder, not the .md
    assert sorted(paths) == sorted([*files, tmp_path / "省" / "空文件.txt"])
    pattern = str(tmp_path / "**" / "wild-*.txt")
    assert len([p for p in discover([pattern]) if isinstance(p, Path)]) == 6
    # the same file named twice (directly and through its folder) is checked once
    again = list(discover([files[0], tmp_path]))
    assert len(again) == len(found)
    (tmp_path / "空").mkdir()
    missing = list(discover([tmp_path / "没有.txt", str(tmp_path / "*.docx"), tmp_path / "空"]))
    assert all(isinstance(m, FileMissingError) for m in missing)
    messages = [m.message for m in missing if isinstance(m, FileMissingError)]
    assert "没有与此匹配的文件" in messages[1] and "文件夹中没有可读取的文件" in messages[2]


# ---------------------------------------------------------------------------------------------
# the library: processes, outputs, resume


def test_two_processes_give_each_document_the_findings_it_has_alone(tmp_path: Path) -> None:
    files = _corpus(tmp_path / "docs")
    outputs = run.Outputs(parquet=tmp_path / "f.parquet", summary=tmp_path / "汇总.xlsx")
    seen: list[DocResult] = []
    totals = run.run(
        [tmp_path / "docs"],
        _settings(),
        run.local_backend(2),
        outputs,
        chunk_docs=2,
        on_result=seen.append,
    )
    got = _by_path(seen)
    assert totals.documents == len(files) + 1 and totals.unreadable == 1
    assert got[str(tmp_path / "docs" / "省" / "空文件.txt")].error_code == "empty-file"
    for path in files:
        r = got[str(path)]
        assert r.status == CHECKED
        assert [tuple(f) for f in r.findings] == _expected(path), path.name
    # the journal is gone once the outputs are written
    assert not journals.path_for(outputs.parquet).exists()  # type: ignore[arg-type]

    # Parquet: one row per finding, one for a document without any, sorted by document
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT document, seq, rule, severity, stated, expected, difference, status "
        f"FROM read_parquet('{tmp_path / 'f.parquet'}')"
    ).fetchall()
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    qijiang = str(tmp_path / "docs" / "綦江区政务办2026年部门预算.txt")
    mine = [r for r in rows if r[0] == qijiang]
    assert [(r[2], r[3], r[4], r[5], r[6]) for r in mine] == [
        (e[0], e[1], e[11], e[12], e[13]) for e in _expected(EXAMPLES / Path(qijiang).name)
    ]
    assert len(rows) == sum(max(1, len(r.findings)) for r in seen)
    empty = [r for r in rows if r[0].endswith("空文件.txt")]
    assert empty == [(empty[0][0], None, None, None, None, None, None, "unreadable")]

    # the summary: title, frozen header with filters, ruled cells, widths, one row each
    wb = openpyxl.load_workbook(tmp_path / "汇总.xlsx")
    ws = wb[summary.SHEET]
    assert ws.freeze_panes == "C3"
    assert ws.auto_filter.ref == f"A2:O{2 + len(seen)}"
    assert [c.value for c in ws[2]] == [h for h, _ in summary.HEADER]
    assert ws.column_dimensions["B"].width == 38 and ws.column_dimensions["M"].width == 72
    assert ws.column_dimensions["O"].hidden
    assert ws["B3"].border.left.style == "thin" and ws["B2"].font.b
    body = {r[1]: r for r in ws.iter_rows(min_row=3, values_only=True)}
    assert len(body) == len(seen)
    q = body[qijiang]
    errors = sum(1 for e in _expected(EXAMPLES / Path(qijiang).name) if e[1] == "error")
    assert q[2] == "重庆市綦江区政务服务管理办公室" and q[4] == 2026 and q[5] == "预算"
    assert q[9] == errors and q[13] == "已审核"
    assert str(q[12]).count("；") >= 2  # the first findings, most severe first
    assert body[str(tmp_path / "docs" / "省" / "空文件.txt")][13] == "无法读取"
    assert body[str(tmp_path / "docs" / PDF.name)][7] == 23  # pages


def test_a_worker_killed_mid_run_loses_no_document(tmp_path: Path) -> None:
    """The pool breaks when a worker dies (here: SIGKILL, as the OOM killer would); what it
    held is read again one at a time and every document still gets its own findings."""
    import psutil

    source = EXAMPLES / "綦江区政务办2026年部门预算.txt"
    files = [Path(shutil.copy(source, tmp_path / f"{i:02}.txt")) for i in range(40)]
    items = [Item(i, str(p), p.read_bytes(), str(i)) for i, p in enumerate(files)]
    results = []
    killed = 0
    for r in local.run_local(([i] for i in items), _settings(), 2):
        results.append(r)
        if not killed:
            forkserver = [
                p
                for p in psutil.Process().children()
                if any("forkserver" in part for part in p.cmdline())
            ]
            workers = [w for f in forkserver for w in f.children()]
            assert workers
            killed = workers[0].pid
            os.kill(killed, signal.SIGKILL)
    assert sorted(r.index for r in results) == list(range(40))
    assert {r.status for r in results} == {CHECKED}
    expected = _expected(source)
    assert all([tuple(f) for f in r.findings] == expected for r in results)


def test_resume_skips_what_the_outputs_hold_and_keeps_it(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for src in sorted(WILD.glob("*.txt"))[:4]:
        shutil.copy(src, docs / src.name)
    outputs = run.Outputs(parquet=tmp_path / "f.parquet", summary=tmp_path / "s.xlsx")
    first = run.run([docs], _settings(), run.local_backend(1), outputs)
    assert first.checked == 4
    for src in sorted(WILD.glob("*.txt"))[4:]:
        shutil.copy(src, docs / src.name)
    resumed = run.Outputs(outputs.parquet, outputs.summary, resume=True)
    second = run.run([docs], _settings(), run.local_backend(1), resumed)
    assert (second.skipped, second.checked) == (4, 2)
    con = duckdb.connect()
    names = con.execute(
        f"SELECT DISTINCT document FROM read_parquet('{outputs.parquet}') ORDER BY 1"
    ).fetchall()
    assert [Path(n[0]).name for n in names] == sorted(p.name for p in WILD.glob("*.txt"))
    assert len(summary.digests(outputs.summary)) == 6  # type: ignore[arg-type]


def test_a_copy_of_a_checked_document_is_skipped_but_has_its_rows(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    a = Path(shutil.copy(WILD / "003.txt", docs / "a.txt"))
    c = Path(shutil.copy(WILD / "020.txt", docs / "c.txt"))
    outputs = run.Outputs(parquet=tmp_path / "f.parquet", summary=tmp_path / "s.xlsx")
    run.run([a, c], _settings(), run.local_backend(1), outputs)
    shutil.copy(a, docs / "b.txt")  # the same content under another name
    resumed = run.Outputs(outputs.parquet, outputs.summary, resume=True)
    totals = run.run([docs], _settings(), run.local_backend(1), resumed)
    assert (totals.skipped, totals.checked) == (3, 0)
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT document, seq, rule, stated, expected FROM '{outputs.parquet}' ORDER BY 1, 2"
    ).fetchall()
    by: dict[str, list[tuple[object, ...]]] = {}
    for r in rows:
        by.setdefault(Path(r[0]).name, []).append(r[1:])
    assert sorted(by) == ["a.txt", "b.txt", "c.txt"]
    assert by["b.txt"] == by["a.txt"] and len(by["a.txt"]) == len(_expected(a))
    ws = openpyxl.load_workbook(outputs.summary)[summary.SHEET]  # type: ignore[arg-type]
    body = list(ws.iter_rows(min_row=3, values_only=True))
    assert [Path(str(r[1])).name for r in body] == ["a.txt", "b.txt", "c.txt"]
    assert body[1][2:] == body[0][2:] and body[1][0] == 2  # numbered in order


def test_an_interrupted_run_leaves_its_journal_and_resume_goes_on_from_it(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for src in sorted(WILD.glob("*.txt")):
        shutil.copy(src, docs / src.name)
    out = tmp_path / "f.parquet"
    outputs = run.Outputs(parquet=out)

    def interrupt_after_two(r: DocResult) -> None:
        interrupt_after_two.n += 1  # type: ignore[attr-defined]
        if interrupt_after_two.n == 2:  # type: ignore[attr-defined]
            raise KeyboardInterrupt

    interrupt_after_two.n = 0  # type: ignore[attr-defined]
    with pytest.raises(KeyboardInterrupt):
        run.run([docs], _settings(), run.local_backend(1), outputs, on_result=interrupt_after_two)
    journal = journals.path_for(out)
    assert journal.exists() and not out.exists()
    with journal.open("a", encoding="utf-8") as f:
        f.write('{"t": "d", "document": "cut sho')  # a line a crash cut short
    again = run.run([docs], _settings(), run.local_backend(1), run.Outputs(out, resume=True))
    assert (again.skipped, again.checked) == (2, 4)
    assert not journal.exists()
    count = duckdb.connect().execute(f"SELECT count(DISTINCT document) FROM '{out}'").fetchone()
    assert count == (6,)


# ---------------------------------------------------------------------------------------------
# Dask: a LocalCluster of 2 workers gives the same findings, document for document


def _require_dask() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("dask.distributed is not installed under CI (pip install '.[cluster]')")
        pytest.skip("dask.distributed not installed")  # CI: never skipped, see above


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    _require_dask()
    from distributed import LocalCluster

    with LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as c:
        yield c


def test_a_local_cluster_of_two_workers_gives_the_same_findings(
    tmp_path: Path, cluster: object
) -> None:
    from yusuan.batch.cluster import connect

    files = _corpus(tmp_path / "docs")
    for src in sorted(Path("/work/shared/corpus/wild/docs").glob("00*.txt")):
        files.append(Path(shutil.copy(src, tmp_path / "docs" / f"shared-{src.name}")))
    local_run: list[DocResult] = []
    run.run([tmp_path / "docs"], _settings(), run.local_backend(2), on_result=local_run.append)
    client = connect(cluster)
    try:
        dask_run: list[DocResult] = []
        out = run.Outputs(parquet=tmp_path / "d.parquet", summary=tmp_path / "d.xlsx")
        totals = run.run(
            [tmp_path / "docs"],
            _settings(),
            run.dask_backend(client),
            out,
            chunk_docs=3,
            on_result=dask_run.append,
        )
    finally:
        client.close()  # type: ignore[no-untyped-call]
    assert totals.documents == len(local_run) == len(files) + 1
    mine, theirs = _by_path(local_run), _by_path(dask_run)
    assert mine.keys() == theirs.keys()
    for path, r in mine.items():
        d = theirs[path]
        assert (d.status, d.digest, d.unit, d.year, d.kind, d.findings) == (
            r.status,
            r.digest,
            r.unit,
            r.year,
            r.kind,
            r.findings,
        ), path
    assert any(r.findings for r in dask_run)
    # the summary names each file's content (some of the shared pages are fixtures too)
    contents = {hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    assert summary.digests(tmp_path / "d.xlsx") == contents | {hashlib.sha256(b"").hexdigest()}


def test_scheduler_option_runs_the_command_on_the_cluster(
    tmp_path: Path, cluster: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    monkeypatch.setenv("YUSUAN_DASK_SCHEDULER", address)
    out = tmp_path / "f.parquet"
    code = batch_check([str(WILD)], fmt="parquet", output=out, progress=False)
    assert code == EXIT_FINDINGS
    n = duckdb.connect().execute(f"SELECT count(DISTINCT document) FROM '{out}'").fetchone()
    assert n == (6,)


def test_the_pages_of_a_scan_are_tasks_of_their_own_on_the_cluster(
    tmp_path: Path, cluster: object
) -> None:
    """A two-page scan checked on the cluster: each page is read by a task of its own, and
    the findings are those of the scan read here."""
    import pypdfium2 as pdfium
    from distributed import get_task_stream

    from yusuan.batch.cluster import connect

    require_tesseract()
    scans = FIXTURES / "scanned"
    merged = pdfium.PdfDocument.new()
    for name in ("seed000-p5-askew-grey.pdf", "seed000-p13-askew.pdf"):
        merged.import_pages(pdfium.PdfDocument(scans / name))
    scan = tmp_path / "docs" / "两页扫描件.pdf"
    scan.parent.mkdir()
    merged.save(scan)
    here = _expected(scan)
    client = connect(cluster)
    try:
        got: list[DocResult] = []
        with get_task_stream(client=client) as stream:
            run.run([scan.parent], _settings(), run.dask_backend(client), on_result=got.append)
    finally:
        client.close()  # type: ignore[no-untyped-call]
    assert [r.status for r in got] == [CHECKED] and got[0].pages == 2
    assert [tuple(f) for f in got[0].findings] == here
    pages = [t for t in stream.data if str(t["key"]).startswith("_read-")]
    assert len(pages) == 2


# ---------------------------------------------------------------------------------------------
# the command line


def test_check_a_folder_from_the_command_line(tmp_path: Path) -> None:
    _corpus(tmp_path / "docs")
    result = CliRunner().invoke(
        app,
        [
            "check",
            str(tmp_path / "docs"),
            "-j",
            "2",
            "--summary",
            str(tmp_path / "汇总.xlsx"),
            "-f",
            "parquet",
            "-o",
            str(tmp_path / "f.parquet"),
        ],
    )
    assert result.exit_code == EXIT_INPUT, result.output  # the empty file
    assert "空文件.txt" in result.output and "无法读取" in result.output
    assert "共 12 个文件：已审核 11 个，无法读取 1 个" in result.output
    assert (tmp_path / "汇总.xlsx").exists() and (tmp_path / "f.parquet").exists()

    stats = CliRunner().invoke(
        app,
        ["corpus", "stats", str(tmp_path / "f.parquet"), "--chart", str(tmp_path / "图.png")],
    )
    assert stats.exit_code == 0, stats.output
    assert "文件 12 个（已审核 11，无法读取 1）" in stats.output
    assert "按规则" in stats.output and "问题最多的单位" in stats.output
    assert (tmp_path / "图.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    js = CliRunner().invoke(app, ["corpus", "stats", str(tmp_path / "f.parquet"), "-f", "json"])
    data = json.loads(js.stdout)
    assert data["totals"]["文件"] == 12
    con = duckdb.connect()
    errors = con.execute(
        f"SELECT count(*) FROM '{tmp_path / 'f.parquet'}' WHERE severity = 'error'"
    ).fetchone()
    assert errors == (data["totals"]["错误"],)
    assert sum(r["错误"] for r in data["rules"]) <= data["totals"]["错误"]
    units = data["units"]  # most errors first, as the findings themselves count them
    assert [u["错误"] for u in units] == sorted((u["错误"] for u in units), reverse=True)
    per_unit = dict(
        con.execute(
            f"SELECT unit, count(*) FILTER (severity = 'error') FROM '{tmp_path / 'f.parquet'}'"
            " WHERE status = 'checked' AND unit IS NOT NULL GROUP BY unit"
        ).fetchall()
    )
    assert units[0]["错误"] == max(per_unit.values()) == per_unit[units[0]["单位"]]
    assert {"重庆市綦江区政务服务管理办公室", "上海市普陀区司法局"} <= set(per_unit)


def test_json_of_many_documents_in_parallel_is_the_same_report(tmp_path: Path) -> None:
    files = [*sorted(WILD.glob("*.txt")), EXAMPLES / "长寿区政务办绩效目标表.txt"]
    out = tmp_path / "r.json"
    result = CliRunner().invoke(
        app, ["check", *map(str, files), "-j", "2", "-f", "json", "-o", str(out)]
    )
    assert result.exit_code == EXIT_FINDINGS
    expected = jsonout.render([check_package(load(p)) for p in files])
    assert out.read_text(encoding="utf-8") == expected


def test_options_that_do_not_go_together_exit_3(tmp_path: Path) -> None:
    for args, words in (
        (["-f", "parquet"], "parquet 格式须用 -o"),
        (["--resume"], "--resume 须与"),
        (["--summary", str(tmp_path / "a.csv")], "汇总表须为 .xlsx"),
        (["-j", "0"], "--jobs 应在"),
    ):
        result = CliRunner().invoke(app, ["check", str(WILD), *args])
        assert result.exit_code == EXIT_USAGE, (args, result.output)
        assert words in result.output
    with pytest.raises(OptionError, match="不支持的输出格式"):  # (the CLI's -f refuses it first)
        batch_check([str(WILD)], fmt="xml")
    bad = tmp_path / "x.parquet"
    bad.write_text("不是 parquet", encoding="utf-8")
    result = CliRunner().invoke(app, ["corpus", "stats", str(bad)])
    assert result.exit_code == EXIT_USAGE and "不是 Parquet 文件" in result.output
    resumed = CliRunner().invoke(
        app, ["check", str(WILD), "-f", "parquet", "-o", str(bad), "--resume"]
    )
    assert resumed.exit_code == EXIT_USAGE and "不是 yusuan 写出的" in resumed.output


def test_an_unreachable_scheduler_is_a_chinese_message(monkeypatch: pytest.MonkeyPatch) -> None:
    _require_dask()
    from yusuan.batch import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1)
    result = CliRunner().invoke(app, ["check", str(WILD), "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == EXIT_USAGE
    assert "无法连接 Dask 调度器" in result.output


def test_the_console_command_checks_a_folder(tmp_path: Path) -> None:
    out = tmp_path / "s.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "yusuan", "check", str(WILD), "-j", "2", "--summary", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == EXIT_FINDINGS, done.stderr
    assert done.stdout.count("■ ") == 6  # each document's report, as for one file
    assert "共 6 个文件：已审核 6 个" in done.stderr and "已写出" in done.stderr
    assert len(summary.digests(out)) == 6


def test_the_progress_bar_counts_on_a_terminal_and_is_silent_otherwise() -> None:
    sink = io.StringIO()
    console = Console(file=sink, force_terminal=True, width=120)
    with Bar(3, console) as bar:
        for _ in range(3):
            bar.advance(errors=2, unreadable=1)
    shown = sink.getvalue()
    assert "3/3" in shown and "错误 2" in shown and "无法读取 1" in shown
    quiet = io.StringIO()
    with Bar(3, Console(file=quiet, force_terminal=False)) as bar:
        bar.advance(0, 0)
    assert quiet.getvalue() == ""


def test_statistics_count_what_the_parquet_holds(tmp_path: Path) -> None:
    out = tmp_path / "f.parquet"
    run.run([WILD, EXAMPLES], _settings(), run.local_backend(1), run.Outputs(parquet=out))
    totals, tables = compute(out, top=50)
    by = {t.key: t for t in tables}
    con = duckdb.connect()
    n = con.execute(f"SELECT count(*) FROM '{out}' WHERE rule IS NOT NULL").fetchone()
    assert n is not None
    assert sum(r[2] + r[3] + r[4] for r in by["rules"].rows) == n[0]
    assert totals["文件"] == 10 and totals["无法读取"] == 0
    kinds = {r[0]: r for r in by["kinds"].rows}
    assert "绩效自评表" in kinds or "绩效目标表" in kinds
    assert kinds["部门预算"][1] >= 2
    years = {r[0] for r in by["years"].rows}
    assert "2026" in years


def test_skipped_documents_are_not_reported_twice(tmp_path: Path) -> None:
    out = tmp_path / "f.parquet"
    assert batch_check([str(WILD)], fmt="parquet", output=out, jobs=1) == EXIT_FINDINGS
    seen: list[DocResult] = []
    outputs = run.Outputs(parquet=out, resume=True)
    totals = run.run([WILD], _settings(), run.local_backend(1), outputs, on_result=seen.append)
    assert {r.status for r in seen} == {SKIPPED} and totals.skipped == 6
    rows = duckdb.connect().execute(f"SELECT count(*) FROM '{out}'").fetchone()
    first = duckdb.connect().execute(f"SELECT count(DISTINCT document) FROM '{out}'").fetchone()
    assert rows is not None and rows[0] > 6 and first == (6,)
    # a run that checks nothing new still exits as the documents' recorded results say
    again = batch_check([str(WILD)], fmt="parquet", output=out, resume=True)
    assert again == EXIT_FINDINGS


def test_a_resumed_run_exits_as_the_recorded_results_say(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(WILD / "020.txt", docs / "020.txt")
    (docs / "空.txt").write_bytes(b"")
    out = tmp_path / "s.xlsx"
    assert batch_check([str(docs)], summary=out, jobs=1) == EXIT_INPUT
    assert batch_check([str(docs)], summary=out, resume=True, fail_on="info") == EXIT_INPUT
    (docs / "空.txt").unlink()
    clean = run.run(
        [docs], _settings(), run.local_backend(1), run.Outputs(summary=out, resume=True)
    )
    assert (clean.skipped, clean.unreadable_before) == (1, 0)
