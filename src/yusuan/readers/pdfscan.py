"""A cheap pre-scan of a PDF's streams, before PDFium sees the file: a decompression bomb
(a FlateDecode stream of zeros inflating to gigabytes) is refused here.

PDFium inflates a content stream whole when a page is loaded and has no limit of its own: a
41 MB file inflating to 40 GiB aborts the process. So every stream is found in the raw bytes
(``stream`` … ``endstream``, not trusting ``/Length``) and, when its ``/Filter`` expands
(FlateDecode, LZWDecode, RunLengthDecode, after an ASCIIHex/ASCII85 layer), inflated here in
chunks, counting the bytes and discarding them, against :attr:`Limits.stream_bytes` and
:attr:`Limits.streams_bytes`; an image's declared ``/Width`` × ``/Height`` (PDFium decodes an
image whole before scaling it to a page render) against :attr:`Limits.image_pixels`. Inflation runs at about 1 GB/s, so a bomb is refused in a
fraction of a second; a real PDF's streams cost a few milliseconds a megabyte. A FlateDecode
stream too short to reach a limit (Deflate inflates at most 1,032-fold) is not inflated unless
the total comes near its limit, so a budget PDF of fonts and pages under 250 KB each is scanned
without inflating anything, and a file is refused exactly when, and with the figures, it would
be if every stream were inflated. A stream that does not inflate (damaged) is left to PDFium,
which reads what it can.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Iterator

from yusuan import limits

_END = b"endstream"
_FILTERS = re.compile(
    rb"/(FlateDecode|Fl|LZWDecode|LZW|RunLengthDecode|RL|ASCIIHexDecode|AHx|ASCII85Decode|A85)\b"
)
_WIDTH = re.compile(rb"/Width\s+(\d{1,12})\b")
_HEIGHT = re.compile(rb"/Height\s+(\d{1,12})\b")
_CHUNK = 1 << 16  # compressed bytes fed at a time
_OUT = 1 << 22  # inflated bytes taken at a time
#: Deflate inflates to at most 1,032 times its size (a 258-byte match costs 2 bits at least)
_FLATE_MOST = 1032
_FLATE = ("FlateDecode", "Fl")


def _streams(data: bytes) -> Iterator[tuple[int, int]]:
    """Where each ``stream`` keyword (not ``endstream``) followed by an end of line is, and
    where the data after it starts: every one in the file, also inside another stream's data
    (``/Length`` is not trusted). ``bytes.find`` rather than a regular expression, which would
    step through every byte of the binary data after each keyword (a 3 MB font: 24 ms)."""
    find = data.find
    pos = 0
    while (at := find(b"stream", pos)) >= 0:
        pos = at + 1
        if data[max(0, at - 3) : at] == b"end":
            continue
        after = data[at + 6 : at + 8]
        if after == b"\r\n":
            pos = at + 8
        elif after[:1] in (b"\n", b"\r"):
            pos = at + 7
        else:
            continue
        yield at, pos


def check_streams(data: bytes, path: str) -> None:
    """Refuse (:class:`~yusuan.errors.LimitError`) a PDF whose streams inflate past the
    limits in force.

    A FlateDecode stream too short to reach a limit (it inflates to at most
    :data:`_FLATE_MOST` times its size) is not inflated, unless the total of the streams comes
    near its limit: then the short ones are inflated after all, so a file is refused, and with
    the same figures, exactly as when every stream is inflated."""
    lim = limits.current()
    total = 0  # what the streams inflated so far decode to
    deferred: list[memoryview] = []  # short Flate streams not inflated (yet) …
    most = 0  # … which decode to at most this many bytes together
    view = memoryview(data)
    for keyword, start in _streams(data):
        end = data.find(_END, start)
        end = len(data) if end < 0 else end
        head = data[max(0, keyword - 1024) : keyword]
        obj = head.rfind(b"obj")
        head = head[obj + 3 if obj >= 0 else 0 :]
        width, height = _WIDTH.search(head), _HEIGHT.search(head)
        if width and height:  # an image: PDFium decodes it whole, whatever the page's size
            pixels = int(width.group(1)) * int(height.group(1))
            if pixels > lim.image_pixels:
                raise limits.exceeded("image_pixels", pixels, path)
        filters = [f.decode() for f in _FILTERS.findall(head)]
        if not filters:
            continue
        raw = view[start:end]
        at_most = _FLATE_MOST * len(raw)
        if (
            filters[0] in _FLATE
            and at_most <= lim.stream_bytes
            and total + most + at_most <= lim.streams_bytes
        ):
            deferred.append(raw)
            most += at_most
            continue
        if deferred and total + most + lim.stream_bytes > lim.streams_bytes:
            total, deferred, most = total + _inflate_all(deferred, lim.stream_bytes), [], 0
        budget = min(lim.stream_bytes, lim.streams_bytes - total)
        size = _inflated(raw, filters, budget + 1)
        if size > lim.stream_bytes:
            raise limits.exceeded("stream_bytes", size, path)
        total += size
        if deferred and total + most > lim.streams_bytes:
            total, deferred, most = total + _inflate_all(deferred, lim.stream_bytes), [], 0
        if total > lim.streams_bytes:
            raise limits.exceeded("streams_bytes", total, path)


def _inflate_all(streams: list[memoryview], cap: int) -> int:
    """What deferred Flate streams decode to, together (each well under ``cap``)."""
    return sum(_flate(raw, cap) for raw in streams)


def _inflated(raw: memoryview, filters: list[str], cap: int) -> int:
    """How many bytes the stream decodes to (stopping past ``cap``); its stored size when
    no filter expands it; what was decoded before damage when it is damaged."""
    data: bytes | memoryview = raw
    for name in filters:
        if name in ("ASCIIHexDecode", "AHx"):
            data = _unhex(bytes(data))
        elif name in ("ASCII85Decode", "A85"):
            data = _un85(bytes(data))
        elif name in ("FlateDecode", "Fl"):
            return _flate(data, cap)
        elif name in ("LZWDecode", "LZW"):
            return _lzw(bytes(data), cap)
        else:
            return _run_length(bytes(data), cap)
    return len(data)


def _unhex(data: bytes) -> bytes:
    text = re.sub(rb"\s", b"", data.split(b">", 1)[0])
    try:
        return binascii.unhexlify(text + b"0" * (len(text) % 2))
    except (binascii.Error, ValueError):
        return b""


def _un85(data: bytes) -> bytes:
    try:
        return base64.a85decode(data.split(b"~>", 1)[0].strip(), ignorechars=b" \t\r\n")
    except ValueError:
        return b""


def _flate(data: bytes | memoryview, cap: int) -> int:
    d = zlib.decompressobj()
    view = memoryview(data)
    out = pos = 0
    try:
        while out <= cap and not d.eof:
            if d.unconsumed_tail:
                chunk: bytes | memoryview = d.unconsumed_tail
            else:
                chunk = view[pos : pos + _CHUNK]
                pos += _CHUNK
                if not chunk:
                    break
            out += len(d.decompress(chunk, _OUT))
    except zlib.error:
        pass  # damaged: PDFium reads what it can
    return out


def _lzw(data: bytes, cap: int) -> int:
    """LZW (early change) decoded length, counted from the code table's entry lengths."""
    lengths: list[int] = []
    width, bits, acc, prev, out = 9, 0, 0, -1, 0
    for byte in data:
        acc = (acc << 8) | byte
        bits += 8
        while bits >= width:
            bits -= width
            code = (acc >> bits) & ((1 << width) - 1)
            acc &= (1 << bits) - 1
            if code == 256:
                lengths, width, prev = [], 9, -1
                continue
            if code == 257:
                return out
            if code < 256:
                n = 1
            elif code - 258 < len(lengths):
                n = lengths[code - 258]
            elif prev >= 0:
                n = (1 if prev < 256 else lengths[prev - 258]) + 1
            else:
                return out  # damaged
            if prev >= 0 and len(lengths) < 4096 - 258:
                lengths.append((1 if prev < 256 else lengths[prev - 258]) + 1)
            prev = code
            out += n
            if out > cap:
                return out
            if len(lengths) + 258 + 1 >= (1 << width) and width < 12:
                width += 1
    return out


def _run_length(data: bytes, cap: int) -> int:
    out = i = 0
    size = len(data)
    if size * 128 <= cap:
        return size  # cannot reach the cap (128:1 at most): not worth counting
    while i < size and out <= cap:
        n = data[i]
        if n == 128:
            break
        if n < 128:
            out += n + 1
            i += n + 2
        else:
            out += 257 - n
            i += 2
    return out
