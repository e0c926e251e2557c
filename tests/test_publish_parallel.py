"""Publishing renders the PDF in a forked process while the other formats are made: the caller
gets the child's bytes or its exception, the same as without the child."""

from __future__ import annotations

import hashlib
import os
import signal
from pathlib import Path

import pytest

from tests.conftest import SEED000, require_pdf_publishing
from yusuan.errors import OutputError
from yusuan.pipeline import load
from yusuan.publish import parallel, publish
from yusuan.rules.profile import load_profile

forking = pytest.mark.skipif(not parallel.can_fork(), reason="forking is Linux-only")


@forking
def test_a_job_runs_in_a_child_and_its_value_comes_back() -> None:
    job = parallel.Started(lambda: (os.getpid(), "预算" * 100_000))  # past a pipe's buffer
    pid, text = job.result()
    assert pid != os.getpid() and text == "预算" * 100_000


@forking
def test_the_childs_exception_is_raised_in_the_caller() -> None:
    def broken() -> bytes:
        raise OutputError("PDF", detail="排版失败")

    job = parallel.Started(broken)
    with pytest.raises(OutputError, match="排版失败") as caught:
        job.result()
    assert caught.value.exit_code == OutputError.exit_code


@forking
def test_a_child_that_dies_without_an_answer_is_run_again_here() -> None:
    parent = os.getpid()

    def dies_in_the_child() -> int:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return os.getpid()

    assert parallel.Started(dies_in_the_child).result() == parent


def test_where_forking_is_not_safe_the_job_runs_when_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    ran: list[int] = []

    def work() -> int:
        ran.append(os.getpid())
        return len(ran)

    job = parallel.Started(work)
    assert ran == []
    assert job.result() == 1 and ran == [os.getpid()]


@forking
def test_a_child_not_waited_for_is_stopped() -> None:
    job = parallel.Started(lambda: signal.pause())
    pid = job.pid
    job.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no such child any more


def _published(tmp_path: Path, name: str) -> dict[str, str]:
    out = tmp_path / name
    result = publish(
        load(SEED000), out, profile=load_profile("chongqing-2026"), force_reason="测试"
    )
    return {o.format: hashlib.sha256(o.path.read_bytes()).hexdigest() for o in result.outputs}


@forking
def test_the_pdf_made_in_a_child_is_the_pdf_made_in_turn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_pdf_publishing()
    children: list[int] = []
    started = parallel.Started.__init__

    def counted(self: parallel.Started[bytes], job: object) -> None:
        started(self, job)  # type: ignore[arg-type]
        children.append(self.pid)

    monkeypatch.setattr(parallel.Started, "__init__", counted)
    forked = _published(tmp_path, "并行")
    assert len(children) == 1 and children[0] > 0
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    in_turn = _published(tmp_path, "依次")
    assert list(forked) == ["docx", "xlsx", "html", "pdf"]
    assert forked["pdf"] == in_turn["pdf"] and forked["html"] == in_turn["html"]
