"""Property-based fuzzing of ``yusuan check`` over real documents (issue #19).

The corpus is real: the example and fixture documents (text, PDF pages), and the project's own
published outputs of them (DOCX, XLSX, HTML, the exported JSON model). Each case mutates one
document — bytes flipped, cut, inserted, duplicated or deleted; a DOCX/XLSX zip member's XML
mutated and the package zipped again; text given over-long numbers, surrogates, control
characters, formulas — and runs what ``yusuan check -f json`` runs in-process: read →
recognize → rules → JSON report, encoded as UTF-8. The property: a case either succeeds or
raises a :class:`~yusuan.errors.YusuanError` (a Chinese message with its exit code), never
any other exception, and finishes within :data:`CASE_SECONDS`.

Documents are cut to a page or a few dozen lines, so a case costs milliseconds: the CI run
(``pytest``) makes :data:`CI_CASES` cases, derandomized (the same cases every run); ``make
fuzz`` makes ``YUSUAN_FUZZ_CASES`` (default 100,000) new random ones. OCR is off while fuzzing
(``ocr_pages=0``: a scan is refused with its LimitError), since one page of OCR takes seconds.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import cache
from pathlib import Path
from types import FrameType
from typing import cast

import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DOCS, FIXTURES, ROOT
from yusuan import limits
from yusuan.check import check_package
from yusuan.errors import YusuanError
from yusuan.model.serialize import to_data
from yusuan.pipeline import load_bytes
from yusuan.report import jsonout
from yusuan.rules.profile import load_profile

#: cases per CI run, over all formats (make fuzz: YUSUAN_FUZZ_CASES)
CI_CASES = 2_000
CASES = int(os.environ.get("YUSUAN_FUZZ_CASES", CI_CASES))
#: a case running longer than this is a hang
CASE_SECONDS = 20.0
#: the share of the cases each kind of document gets
SHARES = {"text": 0.3, "html": 0.1, "pdf": 0.2, "docx": 0.15, "xlsx": 0.15, "json": 0.1}
LIMITS = replace(limits.DEFAULT, ocr_pages=0)
PROFILE = load_profile("chongqing-2026")


def _settings(kind: str) -> settings:
    return settings(
        max_examples=max(1, round(CASES * SHARES[kind])),
        deadline=None,  # a shared machine's timing is no property; CASE_SECONDS is the bound
        derandomize=CASES == CI_CASES,
        database=None,
        print_blob=True,
        suppress_health_check=list(HealthCheck),
    )


# ---------------------------------------------------------------------------------------------
# the corpus: real documents, cut small


def _texts() -> list[Path]:
    return [
        DOCS / "qijiang_2026_budget.txt",
        DOCS / "changshou_targets.txt",
        ROOT / "examples" / "綦江区政务办2026年部门预算（更正稿）.txt",
        ROOT / "examples" / "长寿区政务办绩效目标表.txt",
    ]


@cache
def text_corpus() -> tuple[bytes, ...]:
    """Windows of 60 lines (every 30) of the text documents, plus the smallest whole one."""
    out = [(DOCS / "changshou_targets.txt").read_bytes()]
    for path in _texts():
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for start in range(0, len(lines), 30):
            out.append("".join(lines[start : start + 60]).encode("utf-8"))
    return tuple(out)


@cache
def pdf_corpus() -> tuple[bytes, ...]:
    """Single pages of the real PDFs (the example disclosure, the seed printed to PDF)."""
    out = []
    for path in (
        ROOT / "examples" / "上海市普陀区司法局2026年部门预算.pdf",
        FIXTURES / "scanned" / "seed000-text.pdf",
    ):
        src = pdfium.PdfDocument(path.read_bytes())
        for i in range(0, len(src), 2):
            page = pdfium.PdfDocument.new()
            page.import_pages(src, [i])
            buf = io.BytesIO()
            page.save(buf)
            out.append(buf.getvalue())
        src.close()
    return tuple(out)


@cache
def published_corpus(fmt: str) -> tuple[bytes, ...]:
    """The project's own published outputs of the small documents (``fmt``: docx, xlsx,
    html, json: the exported model, template: the filled 预算填报 workbook)."""
    from yusuan.publish import render
    from yusuan.publish.layout import load_layout

    layout = load_layout("chongqing-2026")
    out = []
    for data in (text_corpus()[0], *text_corpus()[1:6]):
        try:
            pkg = load_bytes(data, "seed.txt")
        except YusuanError:
            continue
        if fmt == "json":
            model = {"yusuan": "fuzz", "package": to_data(pkg)}
            out.append(json.dumps(model, ensure_ascii=False).encode("utf-8"))
        elif fmt == "template":  # the 预算填报 workbook, filled from the package
            from yusuan.template.prefill import prefill
            from yusuan.template.write import write_template

            out.append(write_template(prefill(pkg, next_year=False)))
        else:
            out.append(render(pkg, layout, fmt))
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# mutations

#: bytes a mutation may insert: what broke documents in the mutated-documents run
TOKENS = (
    b"1" * 29,
    b"9" * 16 + b".99",
    b"1" * 400,
    b"-0.00",
    b"1e999999",
    b"\xed\xa0\x80",  # a surrogate in (invalid) UTF-8
    b"\x00",
    b"\r",
    b"\t" * 40,
    b"\x1b[31m",
    b"=SUM(A1)",
    b"\xef\xbb\xbf",
    b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>",
    b"&#xD800;",
    b"_xD800_",
    b'colspan="999"',
    b'rowspan="999"',
    b"<table><tr><td>",
    b"</td></tr></table>",
    b"%PDF-1.7",
    b"stream\n",
    b"endstream",
    b"/FlateDecode",
    b"obj",
    b"<< /Type /Page /MediaBox [0 0 99999 99999] >>",
    b'<dimension ref="A1:XFD1048576"/>',
    b'<row r="1048576">',
    b'<c r="XFD1" t="s"><v>999999</v></c>',
    b't="n"><v>1e400</v>',
    b'w:gridSpan w:val="9999"',
    "合计".encode(),
    "万元".encode(),
    "单位：元".encode(),
    "一般公共预算财政拨款支出表".encode(),
)


def _byte_ops(draw: st.DrawFn, data: bytes) -> bytes:
    size = len(data)
    pos = draw(st.integers(0, size))
    op = draw(st.sampled_from(("flip", "cut", "insert", "token", "duplicate", "delete")))
    if op == "flip" and size:
        i = min(pos, size - 1)
        return data[:i] + bytes([data[i] ^ draw(st.integers(1, 255))]) + data[i + 1 :]
    if op == "cut":
        return data[:pos]
    if op == "insert":
        return data[:pos] + draw(st.binary(min_size=1, max_size=64)) + data[pos:]
    if op == "token":
        return data[:pos] + draw(st.sampled_from(TOKENS)) + data[pos:]
    start = draw(st.integers(0, size))
    length = draw(st.integers(1, 4096))
    if op == "duplicate":
        return data[:pos] + data[start : start + length] * draw(st.integers(1, 8)) + data[pos:]
    return data[:start] + data[start + length :]  # delete


_CONTROL = "".join(map(chr, range(32))) + "\x7f\u200b\u2028\ufeff\u3000"


def _text_ops(draw: st.DrawFn, text: str, xml: bool = False) -> str:
    """One text mutation; in XML (``xml``) usually inside a text node, so the part still
    parses and the reader, not the XML parser, meets the mutation."""
    pos = draw(st.integers(0, len(text)))
    if xml and draw(st.integers(0, 3)) and (node := text.find(">", pos)) >= 0:
        pos = node + 1
    op = draw(
        st.sampled_from(
            ("number", "number", "long-line", "surrogate", "control", "lines", "swap", "token")
        )
    )
    if op == "token":
        token = draw(st.sampled_from(TOKENS)).decode("utf-8", "surrogateescape")
        return text[:pos] + token + text[pos:]
    if op == "number":
        digits = draw(st.text("0123456789,.", min_size=16, max_size=80))
        return text[:pos] + "1" + digits + text[pos:]
    if op == "long-line":
        return text[:pos] + draw(st.sampled_from(("\t", "一", "1,", "|"))) * 5000 + text[pos:]
    if op == "surrogate":
        return text[:pos] + chr(draw(st.integers(0xD800, 0xDC7F))) + text[pos:]
    if op == "control":
        return text[:pos] + draw(st.text(_CONTROL, min_size=1, max_size=8)) + text[pos:]
    lines = text.split("\n")
    i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    if op == "lines":
        lines[i:i] = lines[j : j + draw(st.integers(1, 20))]
    else:
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


#: a corpus, built when the first case draws from it (not when tests are collected)
Corpus = Callable[[], tuple[bytes, ...]]


def _encode(text: str) -> bytes:
    """Text back to bytes: bytes kept by surrogateescape as they were, a surrogate a mutation
    inserted as its (invalid) UTF-8 bytes."""
    parts = _INSERTED.split(text)
    return b"".join(
        p.encode("utf-8", "surrogatepass" if i % 2 else "surrogateescape")
        for i, p in enumerate(parts)
    )


#: the surrogates a mutation inserts: never those surrogateescape uses for raw bytes (DC80–DCFF)
_INSERTED = re.compile("([\ud800-\udc7f])")


@st.composite
def mutated_text(draw: st.DrawFn, corpus: Corpus) -> bytes:
    data = draw(st.sampled_from(corpus()))
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            data = _byte_ops(draw, data)
        else:
            data = _encode(_text_ops(draw, data.decode("utf-8", "surrogateescape")))
    return data


@st.composite
def mutated_bytes(draw: st.DrawFn, corpus: Corpus) -> bytes:
    data = draw(st.sampled_from(corpus()))
    for _ in range(draw(st.integers(1, 4))):
        data = _byte_ops(draw, data)
    return data


@st.composite
def mutated_zip(draw: st.DrawFn, corpus: Corpus) -> bytes:
    """A DOCX/XLSX with one or more members mutated (bytes or text), dropped or stored
    uncompressed, zipped again — or, now and then, the zip's own bytes mutated."""
    data = draw(st.sampled_from(corpus()))
    if draw(st.integers(0, 4)) == 0:
        return draw(mutated_bytes(lambda: (data,)))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    names = sorted(members)
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(names))
        op = draw(st.sampled_from(("bytes", "text", "text", "drop")))
        if op == "drop":
            members.pop(name, None)
        elif name in members and op == "bytes":
            members[name] = _byte_ops(draw, members[name])
        elif name in members:
            text = members[name].decode("utf-8", "surrogateescape")
            members[name] = _encode(_text_ops(draw, text, xml=name.endswith((".xml", ".rels"))))
    out = io.BytesIO()
    stored = draw(st.booleans())
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as z:
        for name, body in members.items():
            z.writestr(name, body)
    return out.getvalue()


def _leaves(node: object, path: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _leaves(value, (*path, i))
    else:
        yield path


def _nested(depth: int) -> object:
    value: object = None
    for _ in range(depth):
        value = [value]
    return value


#: what a model's value may become
_VALUES = st.one_of(
    st.text(_CONTROL + "0123456789,.-=一万元（）", max_size=30),
    st.text("0123456789", min_size=16, max_size=60),
    st.sampled_from(("\ud800", "1e999", "NaN", "-0", "", "=SUM(A1)", "\u0000")),
    st.integers(-(10**40), 10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
    st.booleans(),
    st.just([]),
    st.just({}),
    st.integers(1, 100).map(_nested),  # past MAX_DEPTH (64) too
)


@st.composite
def mutated_model(draw: st.DrawFn, corpus: Corpus) -> bytes:
    """An exported JSON model with values replaced (types, long numbers, surrogates, NaN,
    nesting) — still JSON, so the model's reader meets them — or its text mutated."""
    data = draw(st.sampled_from(corpus()))
    if draw(st.integers(0, 3)) == 0:
        return draw(mutated_text(lambda: (data,)))
    model = json.loads(data)
    paths = list(_leaves(model))
    for _ in range(draw(st.integers(1, 6))):
        path = draw(st.sampled_from(paths))
        node = model
        for key in path[:-1]:
            node = node[key]
        if path:
            node[path[-1]] = draw(_VALUES)
    return json.dumps(model).encode("ascii")  # a surrogate escaped (\\ud800), as tools write it


# ---------------------------------------------------------------------------------------------
# the property


class Hang(Exception):
    """A case ran past CASE_SECONDS."""


@contextmanager
def _bounded(seconds: float) -> Iterator[None]:
    def stop(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"a case ran over {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_case(data: bytes, name: str) -> None:
    """What ``yusuan check -f json`` does, in-process: a YusuanError is a fine outcome."""
    with limits.applied(LIMITS), _bounded(CASE_SECONDS):
        try:
            result = check_package(load_bytes(data, name), PROFILE)
        except YusuanError as exc:
            exc.message.encode("utf-8")  # the message itself can be printed
            return
        jsonout.render([result]).encode("utf-8")


def _case(kind: str, strategy: st.SearchStrategy[bytes], name: str) -> Callable[[], None]:
    @pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl on a mutated workbook
    @_settings(kind)
    @given(strategy)
    def test(data: bytes) -> None:
        check_case(data, name)

    return cast(Callable[[], None], test)


test_fuzz_text = _case("text", mutated_text(text_corpus), "fuzz.txt")
test_fuzz_html = _case("html", mutated_text(lambda: published_corpus("html")), "fuzz.html")
test_fuzz_pdf = _case("pdf", mutated_bytes(pdf_corpus), "fuzz.pdf")
test_fuzz_docx = _case("docx", mutated_zip(lambda: published_corpus("docx")), "fuzz.docx")
test_fuzz_xlsx = _case(
    "xlsx",
    mutated_zip(lambda: published_corpus("xlsx") + published_corpus("template")),
    "fuzz.xlsx",
)
test_fuzz_json = _case("json", mutated_model(lambda: published_corpus("json")), "fuzz.json")


def test_corpus_is_real_and_readable() -> None:
    # every unmutated corpus document reads and checks: the fuzz starts from working files
    corpora = {
        "fuzz.txt": text_corpus()[:3],
        "fuzz.pdf": pdf_corpus()[:3],
        "fuzz.docx": published_corpus("docx")[:1],
        "fuzz.xlsx": published_corpus("xlsx")[:1] + published_corpus("template")[:1],
        "fuzz.html": published_corpus("html")[:1],
        "fuzz.json": published_corpus("json")[:1],
    }
    for name, corpus in corpora.items():
        assert corpus, name
        for data in corpus:
            check_case(data, name)


@pytest.mark.parametrize("seconds", [0.2])
def test_a_hang_is_caught(seconds: float) -> None:
    import time

    with pytest.raises(Hang), _bounded(seconds):
        time.sleep(5)
