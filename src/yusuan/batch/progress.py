"""The progress bar: documents done of all, errors and unreadable files so far, time left.

Shown on standard error when it is a terminal and there is more than one document; nothing
otherwise (a pipe, a log file, CI). What the run prints meanwhile (reports, unreadable files)
appears above the bar.
"""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


class Bar(AbstractContextManager["Bar"]):
    """``with Bar(total) as bar: … bar.advance(errors, unreadable)``; silent when not shown."""

    def __init__(self, total: int, console: Console, *, show: bool | None = None) -> None:
        if show is None:
            show = total > 1 and console.is_terminal
        self.progress: Progress | None = None
        self._task: TaskID | None = None
        if show:
            self.progress = Progress(
                TextColumn("审核"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[status]}"),
                TextColumn("已用"),
                TimeElapsedColumn(),
                TextColumn("剩余"),
                TimeRemainingColumn(),
                console=console,
                redirect_stdout=sys.stdout.isatty(),
                redirect_stderr=True,
                transient=False,
            )
            self._task = self.progress.add_task("审核", total=total, status="")

    def __enter__(self) -> Bar:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.progress is not None:
            self.progress.stop()

    def advance(self, errors: int, unreadable: int) -> None:
        if self.progress is None or self._task is None:
            return
        status = f"错误 {errors}" + (f" · 无法读取 {unreadable}" if unreadable else "")
        self.progress.update(self._task, advance=1, status=status)
