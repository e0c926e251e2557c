"""The faster charset compiler (:mod:`yusuan.fastre`) compiles every pattern as Python does."""

from __future__ import annotations

import importlib
import pkgutil
import random
import re
import subprocess
import sys
from re import _compiler, _parser  # type: ignore[attr-defined]

import pytest

import yusuan
from yusuan import fastre


def _code(pattern: str, flags: int, optimize: object) -> list[int]:
    saved = _compiler._optimize_charset
    _compiler._optimize_charset = optimize
    try:
        parsed = _parser.parse(pattern, flags)
        return list(_compiler._code(parsed, flags))
    finally:
        _compiler._optimize_charset = saved


def _yusuan_patterns() -> list[re.Pattern[str]]:
    found: dict[tuple[str, int], re.Pattern[str]] = {}
    for info in pkgutil.walk_packages(yusuan.__path__, "yusuan."):
        if ".web" in info.name or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found[(value.pattern, value.flags)] = value
    return list(found.values())


def test_every_pattern_of_yusuan_compiles_to_the_same_code() -> None:
    patterns = _yusuan_patterns()
    assert len(patterns) > 200
    wide = 0
    for p in patterns:
        assert _code(p.pattern, p.flags, fastre._optimize_charset) == _code(
            p.pattern, p.flags, fastre.ORIGINAL
        ), p.pattern
        wide += "\\u4e00" in p.pattern
    assert wide > 10  # the patterns the change is for are among them


@pytest.mark.parametrize("seed", range(5))
def test_random_sets_compile_to_the_same_code(seed: int) -> None:
    rnd = random.Random(seed)
    edges = [0, 1, 0x7F, 0xFF, 0x100, 0x3000, 0x4E00, 0x9FFF, 0xFFFF, 0x10000, 0x10FFFF]
    for _ in range(300):
        parts = []
        for _ in range(rnd.randint(1, 5)):
            lo = rnd.choice(edges) if rnd.random() < 0.5 else rnd.randint(0, 0x10FFFF)
            hi = min(0x10FFFF, lo + rnd.choice([0, 1, 5, 300, 70000]))
            lo_c, hi_c = re.escape(chr(lo)), re.escape(chr(hi))
            parts.append(lo_c if lo == hi else f"{lo_c}-{hi_c}")
        if rnd.random() < 0.3:
            parts.append(rnd.choice(["\\d", "\\s", "\\w", "a", "%"]))
        body = "".join(parts)
        for pattern in (f"[{body}]", f"[^{body}]+x"):
            for flags in (re.UNICODE, re.UNICODE | re.IGNORECASE):
                assert _code(pattern, flags, fastre._optimize_charset) == _code(
                    pattern, flags, fastre.ORIGINAL
                ), pattern


def test_installed_by_the_command_line_only() -> None:
    probe = (
        "import re._compiler as c, yusuan.check; a = c._optimize_charset.__module__;"
        "import yusuan.fastre as f; f.install(); print(a, c._optimize_charset.__module__)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["re._compiler", "yusuan.fastre"]
