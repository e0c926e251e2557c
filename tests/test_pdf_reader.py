"""The PDF reader's fast paths give the answers of the plain ones: small characters find their
line by bisection as by comparing with every band, the stream pre-scan finds every stream
keyword and refuses the same files with the same figures when it defers short streams."""

from __future__ import annotations

import re
import zlib
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import hostile
from yusuan import limits
from yusuan.errors import LimitError
from yusuan.readers import pdf, pdfscan
from yusuan.readers.pdf import _Bands, _Char, _group_lines, _nearest_linear

SAMPLE = Path(__file__).parent.parent / "examples" / "上海市普陀区司法局2026年部门预算.pdf"
MiB = 1 << 20
TOTAL = limits.NAMES["streams_bytes"]

coordinate = st.floats(min_value=-50, max_value=900, allow_nan=False) | st.sampled_from(
    [0.0, 1.5, 3.0, 4.5, 10.0, 12.0]
)
height = st.floats(min_value=-2, max_value=14, allow_nan=False) | st.sampled_from(
    [0.0, 1.5, 3.0, 5.0, 10.5]
)


@settings(max_examples=300, deadline=None)
@given(
    bands=st.lists(st.tuples(coordinate, height), max_size=30),
    ys=st.lists(coordinate, min_size=1, max_size=30),
)
def test_bisection_finds_the_band_a_full_comparison_finds(
    bands: list[tuple[float, float]], ys: list[float]
) -> None:
    spans = [(lo, lo + h) for lo, h in bands]
    fast, full = _Bands(spans).nearest, _nearest_linear(spans)
    for yc in ys:
        (best, distance), (want, want_distance) = fast(yc), full(yc)
        if want_distance <= pdf._REACH:
            assert (best, distance) == (want, want_distance)
        else:  # too far from every band: a line of its own either way
            assert best < 0 or distance > pdf._REACH
        spans.append((yc, yc + 1.0))  # a small character starting a line of its own


def _char(y0: float, y1: float, x: float = 0.0) -> _Char:
    return _Char("，", x, x + 2, y0, y1, False, (y0 + y1) / 2, y1 - y0)


def test_small_punctuation_joins_the_nearest_line_else_starts_its_own() -> None:
    upper = [_char(700, 712, x) for x in (0, 12, 24)]  # a line of full-height characters
    lower = [_char(680, 692, x) for x in (0, 12)]
    comma = _char(699.5, 702)  # at the upper line's baseline
    stray = _char(600, 602)  # far from both
    lines = _group_lines([*upper, *lower, comma, stray])
    assert [len(line) for line in lines] == [4, 2, 1]
    assert comma in lines[0] and stray in lines[2]


def test_boxes_that_are_not_numbers_are_grouped_as_before() -> None:
    nan = float("nan")
    chars = [_char(700, 712), _char(nan, nan), _char(699.5, 702), _char(float("inf"), 3)]
    lines = _group_lines(chars)
    assert sum(len(line) for line in lines) == 4
    assert chars[2] in lines[0]


def _regex_streams(data: bytes) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(rb"(?<!end)stream(?:\r\n|\n|\r)", data)]


def test_stream_keywords_are_found_as_the_regular_expression_finds_them() -> None:
    made = (
        b"stream\nA endstream\r\nstream\r\nB stream\rC streamX stream"
        b" upstream\n endstream\n xstream\r\n"
    )
    for data in (made, SAMPLE.read_bytes(), hostile.pdf_bomb(8 * MiB)):
        assert list(pdfscan._streams(data)) == _regex_streams(data)
    assert len(_regex_streams(made)) == 5


def _flate_pdf(parts: int, each: int) -> bytes:
    """A PDF with ``parts`` FlateDecode streams of ``each`` zero bytes (content streams of
    one page)."""
    zeros = hostile.zeros_deflate(each)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ["
        + b" ".join(b"%d 0 R" % (4 + i) for i in range(parts))
        + b"] >>",
    ]
    objects += [
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(zeros) + zeros + b"\nendstream"
        for _ in range(parts)
    ]
    return hostile.pdf(objects)


def _refusal(data: bytes, lim: limits.Limits) -> LimitError | None:
    with limits.applied(lim):
        try:
            pdfscan.check_streams(data, "x.pdf")
        except LimitError as exc:
            return exc
    return None


def test_short_streams_over_the_total_are_refused_with_the_total_inflated() -> None:
    data = _flate_pdf(parts=6, each=MiB)
    # each stream could not reach the one-stream limit: all six would be deferred, yet their
    # total (6 MiB) is over the limit of all streams (4 MiB)
    lim = replace(limits.current(), stream_bytes=512 * MiB, streams_bytes=4 * MiB)
    exc = _refusal(data, lim)
    assert exc is not None and f"：{TOTAL} " in exc.message
    assert " 5 MB " in exc.message  # the fifth stream takes the total past 4 MiB, as before
    assert _refusal(data, replace(lim, streams_bytes=6 * MiB)) is None


def test_a_long_stream_after_deferred_ones_is_counted_on_the_exact_total() -> None:
    short = hostile.zeros_deflate(MiB)
    long = zlib.compress(bytes(range(256)) * 4096, 0)  # 1 MiB, stored: cannot be deferred
    objects = [b"<< /Length 1 /Filter /FlateDecode >>\nstream\n" + short + b"\nendstream"] * 3
    objects.append(b"<< /Length 1 /Filter /FlateDecode >>\nstream\n" + long + b"\nendstream")
    data = hostile.pdf([b"<< /Type /Catalog >>", *objects])
    lim = replace(limits.current(), stream_bytes=2 * MiB, streams_bytes=4 * MiB - 1)
    exc = _refusal(data, lim)
    assert exc is not None and f"：{TOTAL} " in exc.message and " 4 MB " in exc.message
    assert _refusal(data, replace(lim, streams_bytes=4 * MiB)) is None


def test_a_real_pdf_is_not_inflated_yet_refused_just_under_its_inflated_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = SAMPLE.read_bytes()
    view = memoryview(data)
    inflated = [
        pdfscan._flate(view[start : data.find(b"endstream", start)], 1 << 30)
        for _, start in pdfscan._streams(data)
    ]
    total = sum(inflated)
    assert len(inflated) > 20 and total > 900_000  # fonts and pages

    def counted(raw: memoryview, cap: int) -> int:
        calls.append(len(raw))
        return flate(raw, cap)

    calls: list[int] = []
    flate = pdfscan._flate
    monkeypatch.setattr(pdfscan, "_flate", counted)
    assert _refusal(data, limits.current()) is None
    assert calls == []  # under the default limits every stream is too short to matter
    assert _refusal(data, replace(limits.current(), streams_bytes=total)) is None
    exc = _refusal(data, replace(limits.current(), streams_bytes=total - 1))
    assert exc is not None and f"：{TOTAL} " in exc.message
    assert len(calls) == 2 * len(inflated)  # near the limit, all inflated after all


def test_characters_come_with_pdfiums_boxes_their_centre_and_height() -> None:
    document = pdfium.PdfDocument(SAMPLE.read_bytes())
    try:
        textpage = document[0].get_textpage()
        chars = pdf._page_chars(textpage)
        box = textpage.get_charbox(0)  # left, bottom, right, top
        textpage.close()
    finally:
        document.close()
    assert chars and "".join(c.ch for c in chars[:4]) == "上海市普"
    first = chars[0]
    assert (first.x0, first.y0, first.x1, first.y1) == box
    assert all(c.yc == (c.y0 + c.y1) / 2 and c.h == c.y1 - c.y0 for c in chars)


def _failure(open_document: object, data: bytes) -> str:
    try:
        open_document(data).close()  # type: ignore[operator]
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return "opened"


def test_pdfium_bound_directly_fails_with_pypdfium2s_words() -> None:
    """The text reader's own binding (yusuan.readers.pdfium): the same message as pypdfium2's
    for a file PDFium cannot open, and the same pages (an encrypted PDF: test_bad_input)."""
    from yusuan.readers import pdfium as direct

    good = SAMPLE.read_bytes()
    for data in (b"%PDF-1.7\n garbage", good[: len(good) // 3], b"not a pdf"):
        ours, theirs = _failure(direct.Document, data), _failure(pdfium.PdfDocument, data)
        assert ours.split(": ", 1)[1] == theirs.split(": ", 1)[1]
        assert "Failed to load document (PDFium: " in ours
    ours_doc, theirs_doc = direct.Document(good), pdfium.PdfDocument(good)
    try:
        assert len(ours_doc) == len(theirs_doc) == 23
        for i in (0, 22):
            a, b = ours_doc[i], theirs_doc[i]
            assert (a.get_width(), a.get_height()) == (b.get_width(), b.get_height())
            ta, tb = a.get_textpage(), b.get_textpage()
            chars = pdf._page_chars(ta)
            assert len(chars) > 20 and chars == pdf._page_chars(tb)  # (the same calls)
            for x in (ta, tb, a, b):
                x.close()
        with pytest.raises(direct.PdfiumError, match="Failed to load page"):
            ours_doc[23]
    finally:
        ours_doc.close()
        theirs_doc.close()
