"""Compiling regular expressions with wide character ranges without a loop over each character.

Python's regular-expression compiler (``re._compiler._optimize_charset``, the same in 3.11,
3.12 and 3.13) builds a set's bitmap by setting one byte per character of each range in a Python
loop: ``[\\u4e00-\\u9fff]`` is 20,992 steps, about a millisecond. yusuan's patterns hold Chinese
ranges by the hundred, so 38 of the 41 ms the check path spends compiling its 233 patterns at
start-up went into that loop (issue #16). :func:`install` replaces the function with one that
fills each range with one slice assignment and is otherwise the standard library's own code,
line for line; the compiled patterns are the same (``tests/test_fastre.py`` compiles every
pattern yusuan uses both ways and compares the code). Sets compiled case-insensitively go to the
original unchanged. Installed by the command line only (:func:`yusuan.cli.main`), on the
interpreter versions whose function it was compared with.
"""

from __future__ import annotations

import sys
from re import _compiler as _c  # type: ignore[attr-defined]
from typing import Any

#: the versions whose ``_optimize_charset`` this module's copy was compared with
VERSIONS = ((3, 11), (3, 12), (3, 13))

ORIGINAL = _c._optimize_charset


def _optimize_charset(
    charset: list[tuple[Any, Any]],
    iscased: Any = None,
    fixup: Any = None,
    fixes: Any = None,
) -> tuple[list[tuple[Any, Any]], bool]:
    """``re._compiler._optimize_charset``, each range set with one slice assignment."""
    if fixup is not None:
        return ORIGINAL(charset, iscased, fixup, fixes)  # type: ignore[no-any-return]
    literal, range_, negate = _c.LITERAL, _c.RANGE, _c.NEGATE
    out: list[tuple[Any, Any]] = []
    tail: list[tuple[Any, Any]] = []
    charmap = bytearray(256)
    for op, av in charset:
        while True:
            try:
                if op is literal:
                    charmap[av] = 1
                elif op is range_:
                    lo, hi = av
                    top = min(hi + 1, len(charmap))
                    if top > lo:
                        charmap[lo:top] = b"\x01" * (top - lo)
                    if hi >= len(charmap):
                        raise IndexError  # as the original's loop raises past the map's end
                elif op is negate:
                    out.append((op, av))
                else:
                    tail.append((op, av))
            except IndexError:
                if len(charmap) == 256:  # characters beyond Latin-1: the map grows to the BMP
                    charmap += b"\0" * 0xFF00
                    continue
                tail.append((op, av))  # beyond the BMP (its BMP part is set already)
            break
    return _compressed(charset, out, tail, charmap)


def _compressed(
    charset: list[tuple[Any, Any]],
    out: list[tuple[Any, Any]],
    tail: list[tuple[Any, Any]],
    charmap: bytearray,
) -> tuple[list[tuple[Any, Any]], bool]:
    """The standard library's compression of the map, unchanged (``hascased`` is False: sets
    compiled without case folding only)."""
    runs: list[tuple[int, int]] | None = []
    q = 0
    while True:
        p = charmap.find(1, q)
        if p < 0:
            break
        assert runs is not None
        if len(runs) >= 2:
            runs = None
            break
        q = charmap.find(0, p)
        if q < 0:
            runs.append((p, len(charmap)))
            break
        runs.append((p, q))
    if runs is not None:
        for p, q in runs:
            if q - p == 1:
                out.append((_c.LITERAL, p))
            else:
                out.append((_c.RANGE, (p, q - 1)))
        out += tail
        if len(out) < len(charset):
            return out, False
        return charset, False
    if len(charmap) == 256:
        out.append((_c.CHARSET, _c._mk_bitmap(charmap)))
        out += tail
        return out, False
    frozen = bytes(charmap)
    comps: dict[bytes, int] = {}
    mapping = bytearray(256)
    block = 0
    data = bytearray()
    for i in range(0, 65536, 256):
        chunk = frozen[i : i + 256]
        if chunk in comps:
            mapping[i // 256] = comps[chunk]
        else:
            mapping[i // 256] = comps[chunk] = block
            block += 1
            data += chunk
    words = _c._mk_bitmap(data)
    words[0:0] = [block, *_c._bytes_to_codes(mapping)]
    out.append((_c.BIGCHARSET, words))
    out += tail
    return out, False


def install() -> bool:
    """Use the faster function for the rest of the process (True), on a known version."""
    if sys.version_info[:2] not in VERSIONS:
        return False
    _c._optimize_charset = _optimize_charset
    return True


def uninstall() -> None:
    _c._optimize_charset = ORIGINAL
