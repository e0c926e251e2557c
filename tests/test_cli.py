"""The command line's pieces (issue #20 item 3, issue #16 item 1): the lean ``check`` path reads
its arguments as the Typer command does and prints the same; one error boundary maps the error
catalogue to exit codes; one list of input formats; one renderer choice for documents."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import typer.main
from typer.core import TyperCommand, TyperOption
from typer.testing import CliRunner

from tests.conftest import ROOT, SEED000
from yusuan.cli import app, documents, entry, lean
from yusuan.cli.boundary import Usage, guarded
from yusuan.cli.check import CheckArgs
from yusuan.errors import (
    ALL_ERRORS,
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    BinaryFileError,
    DataFileError,
    LimitError,
    UnsupportedFormatError,
)
from yusuan.inputs import DOCUMENTS, SUPPORTED
from yusuan.publish.document import Document, Grid, Paragraph
from yusuan.publish.formats import FORMATS, render

#: a 2 KB page of a 决算 说明 (the page of the start-up bar)
PAGE = ROOT / "tests" / "fixtures" / "wild" / "003.txt"


def _typer_check() -> TyperCommand:
    command = typer.main.get_command(app).commands["check"]  # type: ignore[attr-defined]
    assert isinstance(command, TyperCommand)
    return command


def test_the_lean_parser_knows_every_option_of_the_typer_command() -> None:
    params = _typer_check().params
    assert [p.name for p in params] == list(CheckArgs._fields)
    declared = {opt: p.name for p in params[1:] for opt in [*p.opts, *p.secondary_opts]}
    assert declared == {**lean.OPTIONS, **lean.FLAGS}
    for p in params[1:]:  # every option takes a value, but the flags the lean parser knows as such
        assert isinstance(p, TyperOption)
        assert (p.is_flag and p.name in lean.FLAGS.values()) or (not p.is_flag and p.nargs == 1)
    defaults = {p.name: p.default for p in params[1:]}
    assert defaults == CheckArgs._field_defaults


def _typer_args(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> CheckArgs:
    """The parameters the Typer command hands to the check for ``argv``."""
    seen: list[CheckArgs] = []

    def run_check(args: CheckArgs) -> int:
        seen.append(args)
        return 0

    monkeypatch.setattr(documents, "run_check", run_check)
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 0, result.output
    (args,) = seen
    return args


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "a.txt"],
        ["check", "a.txt", "b.pdf", "-"],
        ["check", "a.txt", "--format", "json"],
        ["check", "--format=html", "a.txt", "-o", "out/报告.html"],
        ["check", "-fjson", "a.txt", "-p", "chongqing-2026", "--fail-on", "info"],
        ["check", "a.txt", "-f", "json", "-f", "text", "--fail-on=warning"],
        ["check", "a.txt", "--catalog", "目录.csv", "--output=x.json", "--profile=my.yaml"],
        ["check", "-o", "r.txt", "--", "-f", "--help", "b.txt"],
        ["check", "./a b.txt", "~/c.txt", "-pdefault"],
    ],
)
def test_the_lean_parser_reads_arguments_as_the_typer_command(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = lean.parse(argv)
    assert parsed is not None
    assert parsed == _typer_args(argv, monkeypatch)


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],  # no file: the framework's usage error
        ["check", "--help"],
        ["check", "a.txt", "-h"],
        ["check", "a.txt", "-f", "xml"],
        ["check", "a.txt", "-f", "JSON"],
        ["check", "a.txt", "--fail-on", "bad"],
        ["check", "a.txt", "-o"],
        ["check", "a.txt", "--format="],
        ["check", "a.txt", "--bogus"],
        ["check", "a.txt", "-o", "-x"],
        ["--version", "check", "a.txt"],
        ["show", "a.txt"],
        [],
    ],
)
def test_anything_else_goes_to_the_typer_app(argv: list[str]) -> None:
    assert lean.parse(argv) is None


def _lean(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "yusuan", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _untimed(text: str) -> str:
    return re.sub(r"\d+(?:\.\d+)?", "#", text)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_lean_and_typer_print_the_same(fmt: str, tmp_path: Path) -> None:
    missing = tmp_path / "没有.txt"
    lean_run = _lean("check", PAGE, missing, "-f", fmt)
    typer_run = CliRunner().invoke(app, ["check", str(PAGE), str(missing), "-f", fmt])
    assert lean_run.returncode == typer_run.exit_code == EXIT_INPUT  # a file missing
    assert lean_run.stdout == typer_run.stdout
    # two files are a batch: its totals line says how fast it went (not the same twice)
    assert _untimed(lean_run.stderr) == _untimed(typer_run.stderr)
    if fmt == "json":  # the unreadable file is a document of the report
        (doc, unread) = json.loads(lean_run.stdout)["documents"]
        assert doc["summary"]["error"] == 5 and "文件不存在" in unread["error"]["message"]
    else:
        assert "合计：错误 5，警告 2，提示 0" in lean_run.stdout
        assert lean_run.stderr.startswith(f"无法读取：{missing}：文件不存在或无法打开。\n")


def test_the_lean_path_refuses_as_the_command_always_has(tmp_path: Path) -> None:
    folder = _lean("check", PAGE, "-o", tmp_path)
    assert folder.returncode == EXIT_USAGE and folder.stdout == ""
    assert (
        folder.stderr
        == f"错误：输出路径 {tmp_path} 是一个目录，请给出文件名（如 {tmp_path / '报告.html'}）。\n"
    )
    profile = _lean("check", PAGE, "-p", "nope")
    assert profile.returncode == EXIT_USAGE and "未找到配置「nope」" in profile.stderr
    bad = _lean("check", PAGE, "-f", "xml")  # the framework's message, through the fallback
    assert bad.returncode == EXIT_USAGE
    assert bad.stderr.startswith("用法错误：") and "'xml' is not one of" in bad.stderr
    out = tmp_path / "结果" / "报告.json"
    written = _lean("check", SEED000, "--format=json", f"--output={out}", "--fail-on", "info")
    assert written.returncode == EXIT_FINDINGS and written.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["documents"][0]["findings"]


def test_the_boundary_maps_what_a_command_raises_to_its_exit_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def raising(exc: Exception) -> Callable[[], object]:
        def command() -> object:
            raise exc

        return command

    assert guarded(lambda: None) == EXIT_OK
    assert guarded(lambda: EXIT_FINDINGS) == EXIT_FINDINGS
    assert guarded(raising(Usage("选项有误"))) == EXIT_USAGE
    assert capsys.readouterr().err == "错误：选项有误\n"
    assert guarded(raising(DataFileError("a.yaml", detail="不对"))) == EXIT_USAGE
    limit = LimitError("x.txt", what="行数", value=" 9 ", limit="1")
    assert guarded(raising(limit)) == EXIT_INPUT
    assert "错误：x.txt：行数 9 超过上限 1" in capsys.readouterr().err
    with pytest.raises(ZeroDivisionError):  # not the catalogue's: left to the last resort
        guarded(raising(ZeroDivisionError()))


def test_the_last_resort_is_internal_error_exit_4(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(args: CheckArgs) -> int:
        raise KeyError("boom")

    monkeypatch.setattr("yusuan.cli.check.run", broken)
    monkeypatch.setattr(sys, "argv", ["yusuan", "check", str(PAGE)])
    monkeypatch.delenv("YUSUAN_DEBUG", raising=False)
    with pytest.raises(SystemExit) as done:
        entry.run()
    assert done.value.code == 4
    err = capsys.readouterr().err
    assert "内部错误（KeyError：'boom'）" in err and "Traceback" not in err


def test_the_input_formats_are_said_from_one_list() -> None:
    suffixes = [s for f in DOCUMENTS for s in f.suffixes]
    assert suffixes == [".txt", ".pdf", ".png", ".jpg", ".tif", ".docx", ".xlsx", ".html"]
    assert all(s in SUPPORTED for s in suffixes)
    for error in (BinaryFileError, UnsupportedFormatError):
        assert SUPPORTED in error.template
    # no message lists the formats its own way
    assert [e for e in ALL_ERRORS if ".xlsx" in e.template and SUPPORTED not in e.template] == []
    assert BinaryFileError("a.bin", detail="含有二进制数据").message.endswith(f"{SUPPORTED}。")
    help_text = CliRunner().invoke(app, ["check", "--help"]).stdout
    assert "".join(f"要审核的文件：{SUPPORTED}".split()) in "".join(help_text.split())  # wrapped


def _document() -> Document:
    rows = (("项目", "金额"), ("合计", Decimal("1421.74")))
    grid = Grid(
        title="收支总表", sheet="收支总表", rows=rows, header_rows=1, unit_line="单位：万元"
    )
    return Document(title="测试", blocks=(Paragraph("说明", 1), grid))


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "pdf"])
def test_one_renderer_choice_for_every_format(fmt: str) -> None:
    data = render(_document(), fmt)
    if fmt == "html":
        assert data.decode("utf-8").lstrip().lower().startswith("<!doctype html>")
        assert "收支总表" in data.decode("utf-8") and "1,421.74" in data.decode("utf-8")
    else:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        assert ("word/document.xml" if fmt == "docx" else "xl/workbook.xml") in names


def test_an_unknown_format_is_not_rendered() -> None:
    with pytest.raises(ValueError, match="odt"):
        render(_document(), "odt")


@pytest.mark.parametrize("path", [SEED000, PAGE])
def test_the_plain_report_is_what_the_terminal_report_prints_without_colours(path: Path) -> None:
    """Into a pipe or a file the report is written without Rich; it must read exactly as the
    coloured one does with the colours taken away."""
    from rich.console import Console

    from yusuan.check import check_package
    from yusuan.pipeline import load
    from yusuan.report import text

    result = check_package(load(path))
    assert result.findings or path == PAGE
    sink = io.StringIO()
    console = Console(file=sink, soft_wrap=True, markup=False, highlight=False, color_system=None)
    text.render(console, result)
    assert text.plain([result]) == sink.getvalue()
    assert "【" in sink.getvalue() or not result.findings
