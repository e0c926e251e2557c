"""Compiled patterns and parsed data files kept between runs (:mod:`yusuan.warmcache`): the
patterns are those ``re`` makes, the data what the parser gives; a damaged file is ignored; one
text of each pattern is made in every process."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from yusuan import warmcache
from yusuan.recognize import wording

from .test_fastre import _yusuan_patterns

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "tests" / "fixtures" / "wild" / "003.txt"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("YUSUAN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(warmcache, "_known", {})
    monkeypatch.setattr(warmcache, "_used", set())
    monkeypatch.setattr(warmcache, "_added", False)
    monkeypatch.setattr(warmcache, "_data", {})
    monkeypatch.setattr(warmcache, "_data_used", set())
    assert warmcache.install()
    re.purge()
    try:
        yield tmp_path
    finally:
        warmcache.uninstall()
        re.purge()


def _fresh(pattern: str, flags: int = 0) -> re.Pattern[str]:
    re.purge()
    return re.compile(pattern, flags)


def test_every_pattern_of_yusuan_made_from_the_cache_equals_the_compiled_one(cache: Path) -> None:
    patterns = _yusuan_patterns()
    assert len(patterns) > 200
    for p in patterns:
        _fresh(p.pattern, p.flags)  # compiled and kept
    warmcache.save()
    warmcache._known.clear()
    warmcache._load()  # what the next run starts from
    assert len(warmcache._known) >= len(patterns)
    for p in patterns:
        cached = _fresh(p.pattern, p.flags)
        warmcache.uninstall()
        original = _fresh(p.pattern, p.flags)
        warmcache.install()
        assert cached == original, p.pattern  # pattern, flags and code
        assert (cached.groups, cached.groupindex) == (original.groups, original.groupindex)


def test_named_groups_and_inline_flags_come_back(cache: Path) -> None:
    text = "比上年增加12.5万元"
    pattern = r"(?i)比(?P<base>上年)(?P<dir>增加|减少)(\d+(?:\.\d+)?)万元"
    first = _fresh(pattern).match(text)
    warmcache.save()
    warmcache._known.clear()
    warmcache._load()
    second = _fresh(pattern)
    assert second.flags & re.IGNORECASE
    m = second.match(text)
    assert first is not None and m is not None
    assert m.groupdict() == first.groupdict() == {"base": "上年", "dir": "增加"}
    assert m.group(3) == "12.5"


def test_a_damaged_or_foreign_file_is_ignored(cache: Path) -> None:
    target = warmcache.path()
    target.write_bytes(b"not marshal at all")
    warmcache._load()
    assert warmcache._known == {}
    target.write_bytes(marshal.dumps((("other", 1, 4, 1), {("a", 0): (0, [1], 0, {}, ())}, {})))
    warmcache._load()
    assert warmcache._known == {}
    # an entry whose code the engine refuses is compiled afresh, not trusted
    warmcache._known[("ab+", 0)] = (0, [999, 999], 0, {}, ())
    assert _fresh("ab+").fullmatch("abbb")


def test_nothing_written_when_nothing_was_added_or_the_folder_is_not_writable(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warmcache.save()
    assert not warmcache.path().exists()
    _fresh("x+y")
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv("YUSUAN_CACHE_DIR", str(blocked / "cache"))  # a file where a folder goes
    warmcache.save()  # no exception: a cache is only a shortcut
    assert warmcache._added


def test_past_the_limit_only_what_this_run_used_is_kept(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(warmcache, "LIMIT", 3)
    for i in range(5):
        warmcache._known[(f"old{i}", 0)] = (0, [], 0, {}, ())
    _fresh("used+")
    warmcache.save()
    warmcache._known.clear()
    warmcache._load()
    assert set(warmcache._known) == {("used+", 0)}


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
    (written,) = tmp_path.glob("warm-*.marshal")
    stamp = written.stat().st_mtime_ns
    second = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert second.stdout == first.stdout and second.returncode == first.returncode
    assert written.stat().st_mtime_ns == stamp  # nothing new: not written again


def test_a_data_file_is_parsed_once_and_handed_out_afresh(cache: Path) -> None:
    calls: list[str] = []

    def parse(text: str) -> object:
        calls.append(text)
        return {"词": ["增加", "减少"], "n": 3}

    first = warmcache.parsed("a: 1", parse)
    warmcache.save()
    warmcache._data.clear()
    warmcache._load()  # the next run
    second = warmcache.parsed("a: 1", parse)
    assert calls == ["a: 1"] and first == second and first is not second
    second["n"] = 4  # a caller changing what it got changes nothing for the next
    assert warmcache.parsed("a: 1", parse)["n"] == 3
    warmcache.parsed("a: 2", parse)  # another text: parsed
    assert calls == ["a: 1", "a: 2"]


def test_content_marshal_cannot_keep_is_parsed_each_time(cache: Path) -> None:
    import datetime

    calls: list[int] = []

    def parse(text: str) -> object:
        calls.append(1)
        return {"日期": datetime.date(2026, 1, 1)}

    warmcache.parsed("d: 2026-01-01", parse)
    warmcache.parsed("d: 2026-01-01", parse)
    assert len(calls) == 2
    warmcache.uninstall()
    warmcache.parsed("d: 2026-01-01", parse)  # not installed (the platform, tests): parsed
    assert len(calls) == 3


def test_a_warm_command_line_does_not_load_pyyaml(tmp_path: Path) -> None:
    env = {**os.environ, "YUSUAN_CACHE_DIR": str(tmp_path)}
    command = [sys.executable, "-X", "importtime", "-m", "yusuan", "check", str(PAGE)]
    subprocess.run(command, capture_output=True, env=env, check=False)  # fills the cache
    warm = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    modules = {x.rpartition("|")[2].strip() for x in warm.stderr.splitlines() if "|" in x}
    assert "yusuan.check" in modules and "yaml" not in modules
