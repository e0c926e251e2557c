"""Compiled patterns kept between runs (:mod:`yusuan.patterncache`) are the patterns ``re``
makes, survive a damaged file, and one text of each pattern is made in every process."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from yusuan import patterncache
from yusuan.recognize import wording

from .test_fastre import _yusuan_patterns

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "tests" / "fixtures" / "wild" / "003.txt"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("YUSUAN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(patterncache, "_known", {})
    monkeypatch.setattr(patterncache, "_used", set())
    monkeypatch.setattr(patterncache, "_added", False)
    assert patterncache.install()
    re.purge()
    try:
        yield tmp_path
    finally:
        patterncache.uninstall()
        re.purge()


def _fresh(pattern: str, flags: int = 0) -> re.Pattern[str]:
    re.purge()
    return re.compile(pattern, flags)


def test_every_pattern_of_yusuan_made_from_the_cache_equals_the_compiled_one(cache: Path) -> None:
    patterns = _yusuan_patterns()
    assert len(patterns) > 200
    for p in patterns:
        _fresh(p.pattern, p.flags)  # compiled and kept
    patterncache.save()
    patterncache._known.clear()
    patterncache._load()  # what the next run starts from
    assert len(patterncache._known) >= len(patterns)
    for p in patterns:
        cached = _fresh(p.pattern, p.flags)
        patterncache.uninstall()
        original = _fresh(p.pattern, p.flags)
        patterncache.install()
        assert cached == original, p.pattern  # pattern, flags and code
        assert (cached.groups, cached.groupindex) == (original.groups, original.groupindex)


def test_named_groups_and_inline_flags_come_back(cache: Path) -> None:
    text = "比上年增加12.5万元"
    pattern = r"(?i)比(?P<base>上年)(?P<dir>增加|减少)(\d+(?:\.\d+)?)万元"
    first = _fresh(pattern).match(text)
    patterncache.save()
    patterncache._known.clear()
    patterncache._load()
    second = _fresh(pattern)
    assert second.flags & re.IGNORECASE
    m = second.match(text)
    assert first is not None and m is not None
    assert m.groupdict() == first.groupdict() == {"base": "上年", "dir": "增加"}
    assert m.group(3) == "12.5"


def test_a_damaged_or_foreign_file_is_ignored(cache: Path) -> None:
    target = patterncache.path()
    target.write_bytes(b"not marshal at all")
    patterncache._load()
    assert patterncache._known == {}
    target.write_bytes(marshal.dumps((("other", 1, 4, 1), {("a", 0): (0, [1], 0, {}, ())})))
    patterncache._load()
    assert patterncache._known == {}
    # an entry whose code the engine refuses is compiled afresh, not trusted
    patterncache._known[("ab+", 0)] = (0, [999, 999], 0, {}, ())
    assert _fresh("ab+").fullmatch("abbb")


def test_nothing_written_when_nothing_was_added_or_the_folder_is_not_writable(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    patterncache.save()
    assert not patterncache.path().exists()
    _fresh("x+y")
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv("YUSUAN_CACHE_DIR", str(blocked / "cache"))  # a file where a folder goes
    patterncache.save()  # no exception: a cache is only a shortcut
    assert patterncache._added


def test_past_the_limit_only_what_this_run_used_is_kept(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(patterncache, "LIMIT", 3)
    for i in range(5):
        patterncache._known[(f"old{i}", 0)] = (0, [], 0, {}, ())
    _fresh("used+")
    patterncache.save()
    patterncache._known.clear()
    patterncache._load()
    assert set(patterncache._known) == {("used+", 0)}


def test_the_direction_words_make_one_pattern_text_in_every_process() -> None:
    probe = "import yusuan.recognize.wording as w; print(w.CHANGE_ALONE.pattern)"
    texts = {
        subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in (1, 2, 3)
    }
    assert texts == {wording.CHANGE_ALONE.pattern + "\n"}


def test_the_command_line_fills_the_cache_once(tmp_path: Path) -> None:
    env = {**os.environ, "YUSUAN_CACHE_DIR": str(tmp_path)}
    command = [sys.executable, "-m", "yusuan", "check", str(PAGE)]
    first = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    (written,) = tmp_path.glob("patterns-*.marshal")
    stamp = written.stat().st_mtime_ns
    second = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert second.stdout == first.stdout and second.returncode == first.returncode
    assert written.stat().st_mtime_ns == stamp  # nothing new: not written again
