"""Issue #19, the input side: every crash class of the mutated-documents run is a Chinese
message with its exit code now (long amounts, surrogates, nested models, parser exceptions,
list-valued monitoring data), the CLI's last resort is 内部错误 with exit 4, and published
XLSX text is never a formula."""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.conftest import SEED000
from yusuan import cli
from yusuan.check import check_package
from yusuan.cli import seams
from yusuan.errors import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USAGE,
    DamagedFileError,
    DataFileError,
    LimitError,
    YusuanError,
)
from yusuan.money import is_amount, parse_amount, quantize
from yusuan.pipeline import load_bytes
from yusuan.publish.document import Document, Grid, Paragraph
from yusuan.publish.xlsx import render_xlsx
from yusuan.readers import read_bytes
from yusuan.readers.raw import RawCell, RawDocument, RawLine

SEED = SEED000.read_text(encoding="utf-8")


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


# ---------------------------------------------------------------------------------------------
# amounts


def test_an_amount_has_at_most_twenty_integer_digits() -> None:
    assert is_amount("99,999,999,999,999,999,999.99") and is_amount("1" * 20)
    assert not is_amount("1" * 21) and not is_amount("1" * 29)
    assert not is_amount("1,111,111,111,111,111,111,111")
    with pytest.raises(ValueError, match="1" * 29):
        parse_amount("1" * 29)


def test_quantize_of_a_long_number_does_not_raise() -> None:
    assert quantize(Decimal("1" * 40 + ".555")) == Decimal("1" * 40 + ".56")


@pytest.mark.parametrize(
    "digits", ["1" * 29, "9" * 20 + ".50", "9" * 16 + ".50", "1" * 40 + "." + "1" * 30]
)
def test_long_numbers_in_a_document_check_without_crashing(digits: str) -> None:
    # every amount of the seed replaced in turn would be slow: every 7th, tables and prose
    spots = list(re.finditer(r"\d[\d,]*\.\d\d", SEED))[::7]
    assert spots
    for m in spots:
        text = SEED[: m.start()] + digits + SEED[m.end() :]
        check_package(load_bytes(text.encode(), "long.txt"))


def test_cli_check_with_a_29_digit_amount(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(SEED.replace("1,421.74", "1" * 29, 1), encoding="utf-8")
    code, _, stderr = run("check", path)
    assert code in (EXIT_OK, EXIT_FINDINGS), stderr


# ---------------------------------------------------------------------------------------------
# surrogates


def test_reader_replaces_lone_surrogates() -> None:
    from yusuan.readers import _without_surrogates

    cells = (RawCell("a\ud800b", 0, 1), RawCell("\ud83d\ude00", 1, 2))
    doc = RawDocument("x", "pdf", (RawLine(1, 1, cells),))
    (line,) = _without_surrogates(doc).lines
    assert [c.text for c in line.cells] == ["a\ufffdb", "😀"]


def _model_with_surrogates(tmp_path: Path) -> Path:
    code, exported, _ = run("export", SEED000)
    assert code == EXIT_OK
    # every 政 followed by a lone surrogate, escaped (\ud800): valid JSON, as a tool writes it
    text = json.dumps(json.loads(exported)).replace("\\u653f", "\\u653f\\ud800")
    path = tmp_path / "model.json"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [("check", "-f", "json"), ("export",), ("export", "-o", "{out}"), ("check", "-o", "{out}")],
)
def test_surrogates_in_a_model_do_not_crash_output(tmp_path: Path, args: tuple[str, ...]) -> None:
    model = _model_with_surrogates(tmp_path)
    out = tmp_path / "out.json"
    code, stdout, stderr = run(args[0], model, *(a.format(out=out) for a in args[1:]))
    assert code in (EXIT_OK, EXIT_FINDINGS), stderr
    written = out.read_text(encoding="utf-8") if out.exists() else stdout
    assert "政\ufffd" in written


# ---------------------------------------------------------------------------------------------
# data files


def test_deeply_nested_json_model_is_a_data_file_error(tmp_path: Path) -> None:
    for text in ("[" * 100_000 + "]" * 100_000, '{"package":' + '{"a":' * 200 + "1" + "}" * 201):
        with pytest.raises(DataFileError):
            load_bytes(text.encode(), "deep.json")
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    code, _, stderr = run("check", path)
    assert code == EXIT_INPUT and "嵌套层数过多" in stderr


def test_yaml_alias_bomb_is_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    with pytest.raises(LimitError):
        load_bytes("\n".join(lines).encode(), "bomb.yaml")


def test_perf_monitor_with_a_list_valued_indicator(tmp_path: Path) -> None:
    progress = tmp_path / "progress.yaml"
    progress.write_text("projects:\n  a: {spent: 1, indicators: {x: [1, 2]}}\n", encoding="utf-8")
    code, _, stderr = run("perf", "monitor", SEED000, "-p", progress)
    assert code == EXIT_USAGE, stderr
    assert "不是数字" in stderr


def test_perf_data_with_a_huge_number(tmp_path: Path) -> None:
    progress = tmp_path / "progress.yaml"
    progress.write_text(f"projects:\n  a: {{spent: {10**40}}}\n", encoding="utf-8")
    code, _, stderr = run("perf", "monitor", SEED000, "-p", progress)
    assert code == EXIT_USAGE, stderr
    assert "数值过大" in stderr


# ---------------------------------------------------------------------------------------------
# parser exceptions at the reader boundary


def _xlsx_with_sheet(sheet_xml: str) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "收入"
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode()
            z.writestr(info.filename, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "sheet",
    [
        "<worksheet><sheetData><row r='1'><c r='A1' t='s'><v>99</v></c></row>",  # cut XML
        "<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
        "<sheetData><row r='x'><c r='A1'><v>1</v></c></row></sheetData></worksheet>",
        "<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
        "<sheetData><row r='1'><c r='A1' t='s'><v>7</v></c></row></sheetData></worksheet>",
    ],
    ids=["truncated", "bad-row-number", "missing-shared-string"],
)
def test_malformed_xlsx_xml_is_a_message(tmp_path: Path, sheet: str) -> None:
    data = _xlsx_with_sheet(sheet)
    with contextlib.suppress(YusuanError):  # nothing else may escape; a readable file is fine
        read_bytes(data, "bad.xlsx")
    path = tmp_path / "bad.xlsx"
    path.write_bytes(data)
    code, _, stderr = run("check", path)
    assert code in (EXIT_INPUT, EXIT_OK, EXIT_FINDINGS), stderr


def test_corrupt_zip_member_is_a_message() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "".join(f"<w:p>第{i}行</w:p>" for i in range(3000)))
        info = z.getinfo("word/document.xml")
    data = bytearray(buf.getvalue())
    start = info.header_offset + 30 + len(info.filename)
    middle = start + info.compress_size // 2
    data[middle : middle + 40] = bytes(40)  # inside the deflated document.xml
    with pytest.raises(DamagedFileError):
        read_bytes(bytes(data), "bad.docx")


# ---------------------------------------------------------------------------------------------
# the CLI's last resort


def _main(monkeypatch: pytest.MonkeyPatch, *argv: str) -> int:
    monkeypatch.setattr(sys, "argv", ["yusuan", *argv])
    with pytest.raises(SystemExit) as done:
        cli.main()
    return int(done.value.code or 0)


def test_an_unexpected_exception_is_internal_error_exit_4(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(path: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(seams, "load", broken)
    monkeypatch.delenv("YUSUAN_DEBUG", raising=False)
    assert _main(monkeypatch, "show", str(SEED000)) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "内部错误" in err and "RuntimeError" in err and "Traceback" not in err


def test_a_yusuan_error_no_command_caught_keeps_its_exit_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refused(*args: object, **kwargs: object) -> object:
        raise LimitError("x.txt", what="行数", value=" 9 ", limit="1")

    monkeypatch.setattr(seams, "check_package", refused)
    assert _main(monkeypatch, "check", str(SEED000)) == EXIT_INPUT
    assert "超过上限" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# published XLSX: text is never a formula

_FORMULAS = ("=1+1", '=HYPERLINK("http://x","点击")', "+1", "-2", "@SUM(A1)", "\t=1", "\r=1")


def _no_formulas(data: bytes) -> list[str]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def test_published_xlsx_text_is_never_a_formula() -> None:
    grid = Grid(
        title="=1+1",
        sheet="表",
        rows=(("项目", "金额"), ("=SUM(B1)", Decimal("1.00"))),
        header_rows=1,
        preamble=("=A1",),
        unit_line="=单位",
        issuer="=部门",
        note="=注",
    )
    doc = Document(title="t", blocks=(*(Paragraph(t) for t in _FORMULAS), grid))
    texts = _no_formulas(render_xlsx(doc))
    for text in (*_FORMULAS, "=1+1", "=SUM(B1)", "=A1", "=单位", "=部门", "=注"):
        assert text in texts  # shown exactly as printed


def test_prefilled_template_text_is_never_a_formula() -> None:
    from yusuan.template.write import Prefill, write_template

    prefill: Prefill = {
        "单位信息": {"单位名称": "=1+1"},
        "支出明细": [["2010301", '=HYPERLINK("http://x")', "一般公共预算", Decimal("1.00")]],
    }
    texts = _no_formulas(write_template(prefill))
    assert "=1+1" in texts and '=HYPERLINK("http://x")' in texts


# ---------------------------------------------------------------------------------------------
# found by the fuzz suite


@pytest.mark.parametrize("run_of", ["一", "|"])
def test_a_long_run_of_text_checks_in_linear_time(run_of: str) -> None:
    # J010's 科目 path pattern scanned a run without （类） to its end from every position:
    # 20,000 一 in a line took 19 s
    import time

    text = SEED[:500] + run_of * 20_000 + SEED[500:]
    start = time.monotonic()
    check_package(load_bytes(text.encode(), "run.txt"))
    assert time.monotonic() - start < 3.0
