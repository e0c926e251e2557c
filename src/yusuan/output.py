"""Writing output files so that a failure never leaves one half-written."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

from yusuan.errors import OutputError

_REASONS = {
    errno.ENOENT: "文件夹不存在",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EEXIST: "路径中有一段不是文件夹",  # mkdir over an existing file
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "只读文件系统",
    errno.ENOSPC: "磁盘空间不足",
}


def os_reason(exc: OSError) -> str:
    """A Chinese reason for an OS failure to write (missing folder, no permission, disk full)."""
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def write_atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Let ``write`` fill a temporary file next to ``path``, then move it into place.

    The file gets the usual permissions (0666 minus the umask). Any OS failure — a missing
    or read-only folder, a full disk — is an :class:`OutputError` naming the path.
    """
    import tempfile  # (when writing: ≈ 3 ms of a check that prints its report)

    tmp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
        tmp = Path(name)
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)  # mkstemp creates 0600
        tmp.replace(path)
    except OSError as exc:
        raise OutputError(str(path), detail=os_reason(exc)) from exc
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str) -> None:
    """:func:`write_atomic` for UTF-8 text."""
    # a lone surrogate (which nothing should let through) becomes ?, not a crash
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8", errors="replace"))
