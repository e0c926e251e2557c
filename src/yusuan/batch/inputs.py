"""Which documents a command line names: files, folders (recursively) and glob patterns.

A file named on the command line is taken whatever its name; in a folder, only files with the
suffixes yusuan reads are taken (hidden files and folders skipped), in name order. A pattern
(``'文件/**/*.pdf'``, quoted so that the shell leaves it alone) is expanded here. The same
file named twice is checked once. A path that does not exist and a pattern that matches
nothing are reported like an unreadable file: the run goes on with the others.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from yusuan.errors import FileMissingError, YusuanError

#: the suffixes taken from a folder (a file named on its own is taken whatever its suffix)
SUFFIXES = frozenset(
    {".txt", ".pdf", ".docx", ".xlsx", ".html", ".htm", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
)
_MAGIC = frozenset("*?[")


#: where a folder or pattern named nothing to read
EMPTY_FOLDER = "文件夹中没有可读取的文件（.txt、.pdf、.docx、.xlsx、.html、扫描图片）"
NO_MATCH = "没有与此匹配的文件"


def _is_pattern(text: str) -> bool:
    return any(c in _MAGIC for c in text) and not Path(text).exists()


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES:
                yield Path(root, name)


def discover(args: Iterable[str | Path]) -> Iterator[Path | YusuanError]:
    """The documents the arguments name, in order; a problem in place of a missing one."""
    seen: set[Path] = set()

    def once(path: Path) -> Iterator[Path]:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            yield path

    for arg in args:
        text = str(arg)
        path = Path(text)
        if path.is_dir():
            found = False
            for p in _walk(path):
                found = True
                yield from once(p)
            if not found:
                yield FileMissingError(text, where=EMPTY_FOLDER)
        elif _is_pattern(text):
            matches = sorted(glob.glob(text, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            for m in matches:  # a pattern naming folders takes the documents inside them
                if Path(m).is_dir():
                    files.extend(_walk(Path(m)))
            if not files:
                yield FileMissingError(text, where=NO_MATCH)
            for p in files:
                yield from once(p)
        elif path.is_file():
            yield from once(path)
        else:
            yield FileMissingError(text)
