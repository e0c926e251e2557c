"""Running ``yusuan`` in-process and asserting how it refuses bad input."""

from __future__ import annotations

import traceback
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from yusuan.cli import app


def invoke(*args: str | Path) -> Result:
    """Run ``yusuan`` in-process; fail with the traceback if anything but SystemExit escaped."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        pytest.fail(f"yusuan {' '.join(map(str, args))} crashed:\n{tb}")
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr
    return result


def assert_rejected(result: Result, code: int, *phrases: str) -> None:
    """Exit code as documented, the Chinese phrases on stderr, nothing on stdout."""
    assert result.exit_code == code, (result.exit_code, result.stdout[-500:], result.stderr)
    for phrase in phrases:
        assert phrase in result.stderr, (phrase, result.stderr)
    assert result.stdout.strip() == "", result.stdout[:500]
