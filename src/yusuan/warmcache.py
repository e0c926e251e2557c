"""What every run of the command line would work out the same, kept between runs as Python
keeps bytecode: compiled regular expressions and parsed data files.

Each ``yusuan check`` compiles some 250 patterns at start-up: parsing them and generating their
code is Python code in the standard library (``re._parser``, ``re._compiler``), a sixth of the
CPU a 23-page PDF costs end to end (issue #16). The result of that work is plain data — the
code (a list of integers), the flags and the groups — which ``_sre.compile`` turns into a
pattern in microseconds. :func:`install` makes ``re`` look each pattern up in a file kept from
the previous run and only compile the ones it lacks. The patterns made are equal to the ones
``re`` makes (``==`` compares the pattern, the flags and the code; ``tests/test_warmcache.py``).
Likewise the YAML files yusuan reads on every run (vocabulary, profile, layouts): their parsed
content is kept under the text's checksum (:func:`parsed`), which spares importing PyYAML.
:func:`save` writes the file again when something was added.

The file is a cache: named after the interpreter version and the regular-expression engine's
``MAGIC``, written atomically, and ignored when unreadable, of another version or not
writable. It lives in ``$YUSUAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/yusuan``, else
``~/.cache/yusuan``. Installed by the command line only, on the versions whose ``compile`` this
module's copy was compared with; elsewhere :func:`parsed` parses.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import marshal
import os
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from re import _compiler as _c  # type: ignore[attr-defined]
from re import _parser as _p  # type: ignore[attr-defined]
from typing import Any

#: the versions whose ``re._compiler.compile`` :func:`_compile` was compared with
VERSIONS = ((3, 11), (3, 12), (3, 13))
#: what the file is only valid for
STAMP = (sys.implementation.cache_tag, _sre.MAGIC, _sre.CODESIZE, 2)

ORIGINAL = _c.compile

#: (pattern, flags) -> (flags, code, groups, groupindex, indexgroup), as ``_sre.compile`` takes
Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
_known: dict[tuple[str, int], Entry] = {}
_used: set[tuple[str, int]] = set()
#: (length, CRC-32) of a data file's text -> its parsed content, marshalled
_data: dict[tuple[int, int], bytes] = {}
_data_used: set[tuple[int, int]] = set()
#: the longest text whose parsed content is kept (yusuan's own files are a few KB; a user's
#: data file of megabytes is parsed each run rather than copied into the cache)
LONGEST = 256 * 1024
_added = False
_installed = False
#: past this many patterns (data files) a save keeps only the ones this run used: patterns built
#: from what a document says, or a profile edited between runs, must not grow the file for ever
LIMIT = 4000
DATA_LIMIT = 100


def directory() -> Path:
    """Where the cache lives (see the module's text)."""
    explicit = os.environ.get("YUSUAN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "yusuan"


def path() -> Path:
    return directory() / f"warm-{STAMP[0]}-{STAMP[1]}.marshal"


def _compile(p: Any, flags: int = 0) -> Any:
    """``re._compiler.compile``, the parsed and generated code of a str pattern kept."""
    if not isinstance(p, str) or flags & _c.SRE_FLAG_DEBUG:
        return ORIGINAL(p, flags)
    global _added
    key = (p, flags)
    _used.add(key)
    entry = _known.get(key)
    if entry is not None:
        try:
            return _sre.compile(p, *entry)
        except Exception:  # a damaged entry: compiled afresh below
            del _known[key]
    parsed = _p.parse(p, flags)
    code = _c._code(parsed, flags)
    groupindex = parsed.state.groupdict
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    entry = (
        int(flags | parsed.state.flags),
        [int(op) for op in code],  # opcodes are int subclasses, which marshal does not take
        parsed.state.groups - 1,
        dict(groupindex),
        tuple(indexgroup),
    )
    _known[key] = entry
    _added = True
    return _sre.compile(p, *entry)


def parsed(text: str, parse: Callable[[str], Any]) -> Any:
    """``parse(text)``, or what it gave for the same text on an earlier run (a fresh copy each
    time: the caller may change it). Content marshal cannot keep (a date) is parsed each run."""
    if not _installed or len(text) > LONGEST:
        return parse(text)
    global _added
    raw = text.encode("utf-8", "surrogatepass")
    key = (len(raw), zlib.crc32(raw))
    _data_used.add(key)
    kept = _data.get(key)
    if kept is not None:
        try:
            return marshal.loads(kept)
        except Exception:  # damaged: parsed afresh
            del _data[key]
    value = parse(text)
    try:
        _data[key] = marshal.dumps(value)
        _added = True
    except ValueError:
        pass
    return value


def _load() -> None:
    try:
        stamp, patterns, data = marshal.loads(path().read_bytes())
    except Exception:  # missing, unreadable, damaged: a cache is only ever a shortcut
        return
    if tuple(stamp) == STAMP and isinstance(patterns, dict) and isinstance(data, dict):
        _known.update(patterns)
        _data.update(data)


def install() -> bool:
    """Compile and parse through the cache for the rest of the process (True), on a known
    version."""
    global _installed
    if sys.version_info[:2] not in VERSIONS:
        return False
    _load()
    _c.compile = _compile
    _installed = True
    return True


def uninstall() -> None:
    global _installed
    _c.compile = ORIGINAL
    _installed = False


def save() -> None:
    """Write the cache when something was added to it (atomically; nothing when it cannot)."""
    global _added
    if not _added:
        return
    if len(_known) > LIMIT:
        for key in set(_known) - _used:
            del _known[key]
    if len(_data) > DATA_LIMIT:
        for data_key in set(_data) - _data_used:
            del _data[data_key]
    target = path()
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(marshal.dumps((STAMP, _known, _data)))
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except (OSError, ValueError):
        return
    _added = False
