"""Malformed inputs: every one ends with a documented exit code and a Chinese message, never a traceback.

Exit codes (``yusuan.errors``): 0 nothing at/above ``--fail-on``; 1 findings; 2 unreadable
input; 3 usage/profile/catalog error. Each case runs the CLI in-process through
``typer.testing.CliRunner`` (stdout and stderr are captured separately) and asserts the exit
code, a distinctive Chinese substring of the message from :mod:`yusuan.errors`, and that no
exception other than ``SystemExit`` escaped (a ``CliRunner`` swallows tracebacks into
``result.exception``, so that is checked as well as the text).

Bad inputs are generated in ``tmp_path``; nothing binary is committed. The encrypted PDF is
built by hand with the PDF standard security handler (RC4, revision 2), so no PDF library
beyond pypdfium2 is needed; pypdfium2 opens it with the right password, so it is a real
encrypted PDF, not just a file that happens to fail.

A property-based test mutates the seed and asserts that reading and checking it raises nothing
but :class:`yusuan.errors.YusuanError`.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SAMPLES, SEED000, require_samples
from tests.helpers.cli import assert_rejected, invoke
from yusuan.check import check_package
from yusuan.errors import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    YusuanError,
)
from yusuan.money import is_amount
from yusuan.pipeline import load_bytes
from yusuan.rules.builtin import all_rules

SEED_BYTES = SEED000.read_bytes()
SEED_TEXT = SEED_BYTES.decode("utf-8")

# --------------------------------------------------------------------------------------------
# helpers


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def findings_count(path: Path, *extra: str) -> tuple[int, dict[str, int]]:
    """Run ``check --format json`` and return (number of findings, summary) of the one document."""
    result = invoke("check", path, "--format", "json", *extra)
    assert result.exit_code in (EXIT_OK, EXIT_FINDINGS), (result.exit_code, result.stderr)
    (doc,) = json.loads(result.stdout)["documents"]
    assert "error" not in doc, doc
    return len(doc["findings"]), doc["summary"]


@pytest.fixture(scope="module")
def seed_findings() -> tuple[int, dict[str, int]]:
    return findings_count(SEED000)


# --------------------------------------------------------------------------------------------
# files that are not text at all


def test_empty_file(tmp_path: Path) -> None:
    result = invoke("check", write(tmp_path, "empty.txt", b""))
    assert_rejected(result, EXIT_INPUT, "无法读取", "文件为空")


def test_whitespace_only_file(tmp_path: Path) -> None:
    result = invoke("check", write(tmp_path, "blank.txt", " \n\t\r\n\u3000  \n"))
    assert_rejected(result, EXIT_INPUT, "文件为空")


def test_binary_garbage_with_nul_bytes(tmp_path: Path) -> None:
    result = invoke("check", write(tmp_path, "garbage.txt", bytes(range(256)) * 4))
    assert_rejected(result, EXIT_INPUT, "含有二进制数据", "支持的格式")


def test_high_bytes_without_encoding(tmp_path: Path) -> None:
    # No NUL, but neither UTF-8 nor GB18030: an encoding error, not a silent mojibake read.
    data = bytes(0x80 + (i * 37) % 128 for i in range(2000))
    result = invoke("check", write(tmp_path, "noise.txt", data))
    assert_rejected(result, EXIT_INPUT, "无法识别文字编码", "UTF-8")


def test_png_header(tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
    result = invoke("check", write(tmp_path, "scan.png", data))
    assert_rejected(result, EXIT_INPUT, "PNG 图片")


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document>2026年部门预算</w:document>")
    return buf.getvalue()


def test_docx_named_docx(tmp_path: Path) -> None:
    # a Word package whose document.xml is damaged
    result = invoke("check", write(tmp_path, "预算.docx", _zip_bytes()))
    assert_rejected(result, EXIT_INPUT, "DOCX 文件损坏")


def test_zip_named_docx_without_a_document(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "hello")
    result = invoke("check", write(tmp_path, "预算.docx", buf.getvalue()))
    assert_rejected(result, EXIT_INPUT, "不是有效的 .docx 文件")


def test_docx_renamed_to_txt(tmp_path: Path) -> None:
    # Dispatch is on content, so a Word package with a .txt name is still read as DOCX.
    result = invoke("check", write(tmp_path, "预算.txt", _zip_bytes()))
    assert_rejected(result, EXIT_INPUT, "DOCX 文件损坏")


def test_missing_file(tmp_path: Path) -> None:
    result = invoke("check", tmp_path / "不存在.txt")
    assert_rejected(result, EXIT_INPUT, "文件不存在")


def test_directory_path(tmp_path: Path) -> None:
    result = invoke("check", tmp_path)
    assert_rejected(result, EXIT_INPUT, "文件不存在或无法打开")


# --------------------------------------------------------------------------------------------
# encodings: read correctly, same findings as the UTF-8 seed


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("gbk.txt", SEED_TEXT.encode("gbk")),
        ("gb18030.txt", SEED_TEXT.encode("gb18030")),
        ("utf16le_bom.txt", SEED_TEXT.encode("utf-16")),  # BOM + native (little-endian)
        ("utf16be_bom.txt", b"\xfe\xff" + SEED_TEXT.encode("utf-16-be")),
        ("utf8_bom.txt", b"\xef\xbb\xbf" + SEED_BYTES),
        ("crlf.txt", SEED_TEXT.replace("\n", "\r\n").encode("utf-8")),
    ],
)
def test_other_encodings_read_like_the_seed(
    tmp_path: Path, name: str, data: bytes, seed_findings: tuple[int, dict[str, int]]
) -> None:
    path = write(tmp_path, name, data)
    assert invoke("check", path).exit_code == EXIT_FINDINGS
    assert findings_count(path) == seed_findings


# --------------------------------------------------------------------------------------------
# text that is not (or no longer) a budget


POEM = "静夜思\n\n床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n"
PROSE = (
    "今天天气很好，我们一起去公园散步。湖边的柳树发了新芽，孩子们在草地上放风筝。\n"
    "傍晚回家的路上，街边的小店飘来饭菜的香味，2026年的春天来得比往年早一些。\n"
) * 20


@pytest.mark.parametrize("text", [POEM, PROSE], ids=["poem", "prose"])
def test_not_a_budget(tmp_path: Path, text: str) -> None:
    result = invoke("check", write(tmp_path, "随笔.txt", text))
    assert_rejected(result, EXIT_INPUT, "不是预决算公开文件")


@pytest.mark.parametrize("fraction", [0.3, 0.6])
def test_truncated_seed(tmp_path: Path, fraction: float) -> None:
    # 30% happens to end on a character boundary (the tables are cut: findings, exit 1);
    # 60% ends inside a UTF-8 sequence and is currently refused as an encoding error (exit 2).
    data = SEED_BYTES[: int(len(SEED_BYTES) * fraction)]
    result = invoke("check", write(tmp_path, f"cut{int(fraction * 100)}.txt", data))
    assert result.exit_code in (EXIT_FINDINGS, EXIT_INPUT), result.stderr
    if result.exit_code == EXIT_INPUT:
        assert "无法读取" in result.stderr
    else:
        assert "合计" in result.stdout


def _edit_table(title: str, next_title: str, edit: dict[int, str | None]) -> str:
    """Apply ``edit`` (cell index → new text, or None to delete the cell) to the table's rows."""
    lines = SEED_TEXT.split("\n")
    start, end = lines.index(title), lines.index(next_title)
    for i in range(start + 1, end):
        cells = lines[i].split("\t")
        if len(cells) < 5:
            continue
        for col in sorted(edit, reverse=True):
            new = edit[col]
            if new is None:
                del cells[col]
            else:
                cells[col] = new
        lines[i] = "\t".join(cells)
    return "\n".join(lines)


GPB_TABLE = "一般公共预算财政拨款支出预算表"
GPB_NEXT = "一般公共预算财政拨款基本支出预算表"


def test_table_with_missing_column(tmp_path: Path) -> None:
    text = _edit_table(GPB_TABLE, GPB_NEXT, {4: None})  # drop 项目支出
    assert "总计\t基本支出\t项目支出" not in text.split(GPB_TABLE)[1].split(GPB_NEXT)[0]
    result = invoke("check", write(tmp_path, "nocol.txt", text))
    assert result.exit_code == EXIT_FINDINGS, result.stderr
    pkg = load_bytes(text.encode(), "nocol.txt")
    (table,) = [t for t in pkg.tables if t.title == GPB_TABLE]
    assert "project" not in table.columns  # no column is invented
    row = table.by_code("201")
    assert row is not None and row.get("total") == Decimal("1283.02")


def _malformed_table_text() -> str:
    lines = SEED_TEXT.split("\n")
    start = lines.index(GPB_TABLE)
    i = lines.index("201\t一般公共服务支出\t1,283.02\t392.77\t890.25", start)
    lines[i] = lines[i].replace("1,283.02", "1,2x3.02")
    assert lines[i + 1].startswith("20103\t")
    lines[i + 1] = lines[i + 1].replace("1,283.02", "12..5")
    return "\n".join(lines)


def test_malformed_numbers_in_table(tmp_path: Path) -> None:
    text = _malformed_table_text()
    result = invoke("check", write(tmp_path, "badnum.txt", text))
    assert result.exit_code == EXIT_FINDINGS, result.stderr
    pkg = load_bytes(text.encode(), "badnum.txt")
    # Every parsed value comes from a well-formed amount: nothing is made up from "1,2x3.02".
    for t in pkg.tables:
        for r in t.rows:
            for _key, c in r.cells:
                assert c.value is None or is_amount(c.text), (t.title, r.name, c)
    (table,) = [t for t in pkg.tables if t.title == GPB_TABLE]
    for code in ("201", "20103"):
        row = table.by_code(code)
        assert row is not None
        assert row.get("total") is None, row  # not 1283.02, 123.02, 12.5 …
        assert row.get("basic") == Decimal("392.77")
    # The malformed rows are flagged (their totals no longer add up).
    lines = {f.location.line for f in check_package(pkg).findings if f.location.table == GPB_TABLE}
    row_201 = SEED_TEXT.split("\n").index("201\t一般公共服务支出\t1,283.02\t392.77\t890.25") + 1
    assert {row_201, row_201 + 1} <= lines


def test_malformed_numbers_in_narrative_are_not_invented(tmp_path: Path) -> None:
    """ "1,2x3.02万元" and "12..5万元" in the 情况说明 must not become amounts 3.02 and 5."""
    text = SEED_TEXT.replace(
        "一般公共服务支出1,283.02万元", "一般公共服务支出1,2x3.02万元"
    ).replace("卫生健康支出28.71万元", "卫生健康支出12..5万元")
    result = invoke("check", write(tmp_path, "badnum_narr.txt", text))
    assert result.exit_code == EXIT_FINDINGS, result.stderr
    pkg = load_bytes(text.encode(), "badnum_narr.txt")
    invented = [
        f
        for f in pkg.figures
        if f.amount_text in ("3.02万元", ".5万元", "5万元") or f.label.endswith(("2x", "..", "."))
    ]
    assert invented == [], [(f.label, f.amount, f.text) for f in invented]


def test_ten_megabytes_of_text(tmp_path: Path) -> None:
    data = SEED_BYTES * (10 * 1024 * 1024 // len(SEED_BYTES) + 1)
    assert len(data) >= 10 * 1024 * 1024
    result = invoke("check", write(tmp_path, "big.txt", data))
    assert result.exit_code in (EXIT_FINDINGS, EXIT_INPUT), result.stderr
    if result.exit_code == EXIT_INPUT:
        assert "无法读取" in result.stderr


# --------------------------------------------------------------------------------------------
# PDFs


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    pdf.new_page(595, 842)
    pdf.save(path)
    pdf.close()
    result = invoke("check", path)
    assert_rejected(result, EXIT_INPUT, "OCR", "共 2 页")


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    i = j = 0
    out = bytearray()
    for b in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(b ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def build_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF from object bodies (object n is ``objects[n-1]``, 1 is the catalog), with an xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\n" % (len(objects) + 1, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
A4_PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def encrypted_pdf(user: bytes = b"secret", owner: bytes = b"owner") -> bytes:
    """A one-page PDF encrypted with the standard security handler (V1/R2, RC4-40)."""
    file_id, perms = bytes(range(16)), -4
    o_entry = _rc4(hashlib.md5((owner + _PAD)[:32]).digest()[:5], (user + _PAD)[:32])
    key = hashlib.md5(
        (user + _PAD)[:32] + o_entry + (perms & 0xFFFFFFFF).to_bytes(4, "little") + file_id
    ).digest()[:5]
    u_entry = _rc4(key, _PAD)
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
        o_entry.hex().encode(),
        u_entry.hex().encode(),
        perms,
    )
    hex_id = file_id.hex().encode()
    return build_pdf(
        [CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", A4_PAGE, encrypt],
        b"/Encrypt 4 0 R /ID [<%s> <%s>] " % (hex_id, hex_id),
    )


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = write(tmp_path, "加密.pdf", encrypted_pdf())
    # It is a genuine encrypted PDF: PDFium opens it with the password.
    doc = pdfium.PdfDocument(str(path), password="secret")
    assert len(doc) == 1
    doc.close()
    result = invoke("check", path)
    assert_rejected(result, EXIT_INPUT, "PDF 已加密", "需要密码")


def test_encrypted_pdf_with_empty_user_password(tmp_path: Path) -> None:
    # Owner-password-only PDFs open without a password; this one has no text, so: OCR.
    result = invoke("check", write(tmp_path, "owner_only.pdf", encrypted_pdf(user=b"")))
    assert_rejected(result, EXIT_INPUT, "OCR")


def test_truncated_real_pdf(tmp_path: Path) -> None:
    require_samples()
    real = (SAMPLES / "上海市普陀区司法局2026年部门预算.pdf").read_bytes()
    result = invoke("check", write(tmp_path, "cut40.pdf", real[: int(len(real) * 0.4)]))
    assert result.exit_code in (EXIT_FINDINGS, EXIT_INPUT), result.stderr
    if result.exit_code == EXIT_INPUT:
        assert "PDF 文件损坏或不完整" in result.stderr


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + bytes((i * 131 + 7) % 256 for i in range(3000)),
        b"%PDF-1.4\n",
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n",
    ],
    ids=["garbage", "header-only", "no-xref-no-pages"],
)
def test_pdf_header_then_garbage(tmp_path: Path, data: bytes) -> None:
    result = invoke("check", write(tmp_path, "broken.pdf", data))
    assert_rejected(result, EXIT_INPUT, "损坏")


@pytest.mark.parametrize(
    "objects",
    [
        # The page tree claims 2 pages but has 1: PDFium opens the file, page 2 fails to load.
        [CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 2 >>", A4_PAGE],
        # The only "page" is a font dictionary.
        [CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", b"<< /Type /Font >>"],
    ],
    ids=["count-too-large", "kid-not-a-page"],
)
def test_pdf_with_broken_page_tree(tmp_path: Path, objects: list[bytes]) -> None:
    data = build_pdf(objects)
    with pdfium.PdfDocument(data) as doc:  # the document itself opens …
        assert len(doc) >= 1
    result = invoke("check", write(tmp_path, "pages.pdf", data))  # … a page does not
    assert_rejected(result, EXIT_INPUT, "PDF 文件损坏或不完整")


# --------------------------------------------------------------------------------------------
# profiles and catalogs (exit 3)


def test_unknown_profile() -> None:
    result = invoke("check", SEED000, "--profile", "no-such-profile")
    assert_rejected(result, EXIT_USAGE, "未找到配置「no-such-profile」", "default")


@pytest.mark.parametrize(
    ("yaml_text", "phrase"),
    [
        ("rules: [A001, off\n  : : x\n", "不是有效的 YAML"),
        ("- A001\n- A002\n", "顶层应为映射"),
        ("tolerance:\n  万元: 很多\n", "配置取值无效"),
        ("extends: {self}\n", "继承出现循环"),
    ],
    ids=["syntax", "top-level-list", "bad-value", "extends-loop"],
)
def test_invalid_profile_yaml(tmp_path: Path, yaml_text: str, phrase: str) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text(yaml_text.format(self=path), encoding="utf-8")
    result = invoke("check", SEED000, "--profile", path)
    assert_rejected(result, EXIT_USAGE, "错误", phrase)


@pytest.mark.parametrize(
    ("command", "content", "phrase"),
    [
        ("evaluate", b"projects:\n  a: {spent: .nan}\n", "“nan”不是数字"),
        ("evaluate", b"projects:\n  a: {spent: 1, indicators: [x]}\n", "indicators 须为"),
        ("evaluate", b"projects: [\n", "第 2 行第 1 列"),
        ("evaluate", "projects: {}\n".encode("gbk") + "# 说明\n".encode("gbk"), "不是 UTF-8"),
        ("evaluate", b"- a\n", "顶层应为映射"),
        ("monitor", b"months: true\nprojects: {}\n", "months 须为 1 到 12 的整数"),
        ("monitor", b"projects:\n  a: {spent: 1, indicators: 5}\n", "indicators 须为"),
    ],
    ids=["nan", "list-indicators", "syntax", "gbk", "top-level-list", "bool-months", "scalar"],
)
def test_invalid_perf_data(tmp_path: Path, command: str, content: bytes, phrase: str) -> None:
    path = write(tmp_path, "data.yaml", content)
    flag = "-a" if command == "evaluate" else "-p"
    result = invoke("perf", command, SEED000, flag, path)
    assert_rejected(result, EXIT_USAGE, "错误", phrase)


def test_missing_perf_data_file(tmp_path: Path) -> None:
    result = invoke("perf", "evaluate", SEED000, "-a", tmp_path / "none.yaml")
    assert_rejected(result, EXIT_INPUT, "文件不存在")


def test_catalog_without_code_and_name(tmp_path: Path) -> None:
    path = write(tmp_path, "目录.csv", "级次,说明\n201,一般公共服务支出\n")
    result = invoke("check", SEED000, "--catalog", path)
    assert_rejected(result, EXIT_USAGE, "科目编码（code）和科目名称（name）两列")


def test_catalog_in_gbk_with_chinese_headers_is_accepted(tmp_path: Path) -> None:
    """Excel saves CSV as GBK; the official catalog's headers are 科目编码/科目名称."""
    path = tmp_path / "目录.csv"
    path.write_bytes("科目编码,科目名称\n2010301,行政运行（测试）\n".encode("gbk"))
    result = invoke("check", SEED000, "--catalog", path)
    assert result.exit_code == EXIT_FINDINGS
    assert "分类科目目录为「行政运行（测试）」" in result.stdout


def test_catalog_with_invalid_row(tmp_path: Path) -> None:
    path = write(tmp_path, "目录.csv", "code,name\n201,一般公共服务支出\nX9,\n")
    result = invoke("check", SEED000, "--catalog", path)
    assert_rejected(result, EXIT_USAGE, "第3行", "科目编码「X9」")


def test_catalog_missing(tmp_path: Path) -> None:
    result = invoke("check", SEED000, "--catalog", tmp_path / "无.csv")
    assert_rejected(result, EXIT_USAGE, "无法读取目录文件")


# --------------------------------------------------------------------------------------------
# --fail-on, --format json, --output, several files


def _all_rules_profile(tmp_path: Path, severity: str) -> Path:
    rules = "\n".join(f"  {r.id}: {severity}" for r in all_rules())
    return write(tmp_path, f"all_{severity}.yaml", f"extends: default\nrules:\n{rules}\n")


def test_fail_on_levels(tmp_path: Path, seed_findings: tuple[int, dict[str, int]]) -> None:
    _, summary = seed_findings
    assert summary["error"] > 0
    assert summary["warning"] > 0
    assert summary["info"] > 0
    # The seed has errors: every threshold fails.
    for level in ("error", "warning", "info"):
        assert invoke("check", SEED000, "--fail-on", level).exit_code == EXIT_FINDINGS
    # Errors demoted to warnings: only --fail-on warning/info fail.
    warn = _all_rules_profile(tmp_path, "warning")
    _, s = findings_count(SEED000, "--profile", str(warn))
    assert s["error"] == 0
    assert s["warning"] > 0
    codes = {
        lvl: invoke("check", SEED000, "-p", warn, "--fail-on", lvl).exit_code
        for lvl in ("error", "warning", "info")
    }
    assert codes == {"error": EXIT_OK, "warning": EXIT_FINDINGS, "info": EXIT_FINDINGS}
    # Everything demoted to info: only --fail-on info fails.
    info = _all_rules_profile(tmp_path, "info")
    _, s = findings_count(SEED000, "--profile", str(info))
    assert s["error"] == 0
    assert s["warning"] == 0
    assert s["info"] > 0
    codes = {
        lvl: invoke("check", SEED000, "-p", info, "--fail-on", lvl).exit_code
        for lvl in ("error", "warning", "info")
    }
    assert codes == {"error": EXIT_OK, "warning": EXIT_OK, "info": EXIT_FINDINGS}


def test_json_output_for_unreadable_file(tmp_path: Path) -> None:
    bad = write(tmp_path, "empty.txt", b"")
    out = tmp_path / "out.json"
    result = invoke("check", bad, "--format", "json", "-o", out)
    assert result.exit_code == EXIT_INPUT
    assert "文件为空" in result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    (doc,) = data["documents"]
    assert doc["path"] == str(bad)
    assert doc["error"]["code"] == "empty-file"
    assert "文件为空" in doc["error"]["message"]
    assert "findings" not in doc


def test_output_directory_is_created(tmp_path: Path) -> None:
    out = tmp_path / "新建" / "a" / "b" / "report.json"
    result = invoke("check", SEED000, "-f", "json", "-o", out)
    assert result.exit_code == EXIT_FINDINGS
    (doc,) = json.loads(out.read_text(encoding="utf-8"))["documents"]
    assert doc["findings"]
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    "args",
    [
        ("check", SEED000),
        ("check", SEED000, "-f", "html"),
        ("export", SEED000),
        ("perf", "library", SEED000),
    ],
    ids=["check", "check-html", "export", "perf-library"],
)
def test_output_cannot_be_written(tmp_path: Path, args: tuple[str | Path, ...]) -> None:
    """A path whose folder is a file: a Chinese message, exit 3, nothing left behind."""
    blocker = write(tmp_path, "报告", "not a folder")
    result = invoke(*args, "-o", blocker / "report.out")
    assert result.exit_code == EXIT_USAGE, (result.exit_code, result.stderr)
    assert "无法写出文件（路径中有一段不是文件夹）" in result.stderr
    assert blocker.read_text() == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告"]


def test_several_files_one_bad_text(tmp_path: Path) -> None:
    bad = write(tmp_path, "scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    result = invoke("check", SEED000, bad)
    assert result.exit_code == EXIT_INPUT
    assert "PNG 图片" in result.stderr
    assert "重庆市綦江区政务服务管理办公室" in result.stdout
    assert "合计：错误" in result.stdout  # the good file's report is complete


def test_several_files_one_bad_json(tmp_path: Path) -> None:
    bad = tmp_path / "missing.txt"
    out = tmp_path / "r" / "all.json"
    result = invoke("check", bad, SEED000, "--format", "json", "--output", out)
    assert result.exit_code == EXIT_INPUT
    assert "文件不存在" in result.stderr
    first, second = json.loads(out.read_text(encoding="utf-8"))["documents"]
    assert first["error"]["code"] == "file-missing"
    assert second["path"] == str(SEED000)
    assert second["findings"]


def test_html_output_for_unreadable_file(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = invoke("check", write(tmp_path, "a.txt", POEM), "-f", "html", "-o", out)
    assert result.exit_code == EXIT_INPUT
    assert "不是预决算公开文件" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["show", "export"])
def test_show_and_export_reject_bad_input(tmp_path: Path, command: str) -> None:
    result = invoke(command, write(tmp_path, "a.txt", b"\x00\x01\x02binary"))
    assert_rejected(result, EXIT_INPUT, "错误", "含有二进制数据")


# --------------------------------------------------------------------------------------------
# property: mutated seeds raise nothing but YusuanError

_NOISE = st.sampled_from(list("0123456789\t,.，。、％%（）()-—：:;；| \n万元"))
_LINES = SEED_TEXT.split("\n")


@st.composite
def mutated_seed(draw: st.DrawFn) -> bytes:
    text = SEED_TEXT
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "duplicate", "replace", "truncate"]))
        n = len(text)
        if n == 0:
            break
        if op == "delete":
            a = draw(st.integers(0, n - 1))
            b = draw(st.integers(a, min(n, a + 4000)))
            text = text[:a] + text[b:]
        elif op == "duplicate":
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            times = draw(st.integers(1, 3))
            lines[i:i] = [lines[i]] * times
            text = "\n".join(lines)
        elif op == "replace":
            chars = list(text)
            for _ in range(draw(st.integers(1, 40))):
                chars[draw(st.integers(0, n - 1))] = draw(_NOISE)
            text = "".join(chars)
        else:
            text = text[: draw(st.integers(0, n))]
    data = text.encode("utf-8")
    if draw(st.booleans()):  # sometimes cut the bytes, possibly inside a character
        data = data[: draw(st.integers(0, len(data)))]
    return data


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_seed())
def test_mutated_seed_raises_only_yusuan_errors(data: bytes) -> None:
    try:
        pkg = load_bytes(data, "x.txt")
    except YusuanError as exc:
        message = exc.message
    else:
        check_package(pkg)
        return
    assert message  # a YusuanError always carries its Chinese message


def test_a_model_whose_figures_point_nowhere_is_checked(tmp_path: Path) -> None:
    """A model file whose figures' indices and links were edited (found by fuzzing: index 99,
    a parent after the figure) is read with the links it can keep; the rules never index past
    the list."""
    from yusuan.check import check_package
    from yusuan.model.serialize import to_data
    from yusuan.pipeline import load, load_bytes

    pkg = load_bytes(
        "某县民政局2025年部门预算\n2025年“三公”经费预算30万元，其中：公务接待费10万元，"
        "公务用车运行维护费20万元。2025年预算安排30万元。\n".encode(),
        "page.txt",
    )
    data = to_data(pkg)
    data["figures"][1]["index"] = 99
    data["figures"][1]["parent"] = 3
    data["figures"][2]["cause_of"] = -1
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"package": data}, ensure_ascii=False), encoding="utf-8")
    read = load(str(path))
    assert [f.index for f in read.figures] == list(range(len(read.figures)))
    assert read.figures[1].parent is None and read.figures[2].cause_of is None
    check_package(read)  # no IndexError
