"""Checking documents on a Dask cluster (``dask.distributed``).

The client (this process) reads each document, sends it to the scheduler as a task of a few
documents (a large one is scattered to a worker first, not put in the task graph), and takes
results back as they finish: the same :class:`~yusuan.batch.work.DocResult` as the local
backend, written to the same outputs. Workers need nothing but yusuan installed (the same
version: checked before the first task) — the settings travel with the tasks, the bundled
profiles and catalogs come with the package — and Tesseract for scanned pages. A worker should
run one thread per process (``dask worker --nthreads 1 --nworkers auto``): checking is Python
code, held by the GIL. The scanned pages of a PDF are tasks of their own: the task reading the
PDF renders each page and hands it to the cluster (:data:`yusuan.readers.ocr.pages.PAGES`), leaving
its worker slot while it waits, so one long scan is read by many workers at once.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from typing import TYPE_CHECKING, Any, cast

from yusuan import __version__
from yusuan.batch.work import UNREADABLE, DocResult, Item, Settings, check_items
from yusuan.errors import ClusterError

if TYPE_CHECKING:
    from distributed import Client

#: the environment variable naming the scheduler when ``--scheduler`` is not given
ENV = "YUSUAN_DASK_SCHEDULER"
#: tasks queued per worker thread
QUEUED = 4
#: a task's documents larger than this (bytes) are scattered to a worker, not put in the graph
SCATTER = 1 << 20
#: seconds to wait for the scheduler, and for its first worker
CONNECT_TIMEOUT = 30


def address(given: str | None) -> str | None:
    """The scheduler: ``--scheduler``, else ``YUSUAN_DASK_SCHEDULER``, else None (local)."""
    return given or os.environ.get(ENV) or None


def version() -> str:
    """Runs on each worker: the yusuan it has."""
    return __version__


def connect(where: str | Any) -> Client:
    """A client of the scheduler at ``where`` (an address, or a cluster object such as a
    ``LocalCluster``), its workers checked: at least one, each with this yusuan version."""
    try:
        from distributed import Client as make
    except ImportError:
        raise ClusterError(
            detail="使用 Dask 集群需要安装 dask.distributed：pip install 'yusuan[cluster]'。"
        ) from None
    try:
        client: Any = cast(Any, make)(where, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(
            str(where),
            detail=f"无法连接 Dask 调度器（{type(exc).__name__}：{str(exc)[:120]}）。"
            "请确认调度器已启动（dask scheduler）且地址、端口正确。",
        ) from None
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        versions = client.run(version)
    except (OSError, TimeoutError) as exc:
        client.close()
        raise ClusterError(
            str(where),
            detail=f"调度器上没有可用的工作节点（{type(exc).__name__}）。请启动 dask worker。",
        ) from None
    except Exception as exc:  # a worker without yusuan fails to unpickle the function
        client.close()
        raise ClusterError(
            str(where),
            detail=f"工作节点无法运行 yusuan（{type(exc).__name__}：{str(exc)[:120]}）。"
            "请在每个工作节点上安装与本机相同版本的 yusuan。",
        ) from None
    wrong = sorted(w for w, v in versions.items() if v != __version__)
    if wrong:
        client.close()
        raise ClusterError(
            str(where),
            detail=f"工作节点的 yusuan 版本与本机（{__version__}）不同：{'、'.join(wrong[:5])}。",
        )
    return cast("Client", client)


class _PagesOnCluster(Executor):
    """On a worker: the cluster's executor for a PDF's scanned pages. While it is open the
    task has left its worker's thread pool (``worker_client``), so the worker reads pages too."""

    def __init__(self) -> None:
        from distributed import worker_client

        self._context = worker_client()
        client: Any = self._context.__enter__()
        self._pool: Any = client.get_executor(pure=False)
        self.slots = max(1, sum(client.nthreads().values()))

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = self._pool.submit(fn, *args, **kwargs)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        try:
            self._pool.shutdown(wait=wait and not cancel_futures)
        finally:
            self._context.__exit__(None, None, None)


def _pages_on_cluster() -> tuple[Executor, int]:
    pool = _PagesOnCluster()
    return pool, pool.slots


def check_on_worker(settings: Settings, items: list[Item]) -> list[DocResult]:
    """The task: :func:`~yusuan.batch.work.check_items` with scanned pages sent to the
    cluster as tasks of their own."""
    from yusuan.readers.ocr.pages import PAGES

    token = PAGES.set(_pages_on_cluster)
    try:
        return check_items(settings, items)
    finally:
        PAGES.reset(token)


def _failed(chunk: list[Item], exc: BaseException) -> list[DocResult]:
    message = (
        f"在 Dask 工作节点上审核失败（{type(exc).__name__}：{str(exc)[:120]}），"
        "可能是文件触发了解析库的缺陷或工作节点内存不足；已跳过该文件，其余文件照常审核。"
    )
    return [
        DocResult(i.order, i.path, i.digest, UNREADABLE, "worker-failed", f"{i.path}：{message}")
        for i in chunk
    ]


def run_dask(
    chunks: Iterable[list[Item]], settings: Settings, client: Client
) -> Iterator[DocResult]:
    """Results of the documents in ``chunks`` as they finish on the cluster's workers."""
    from distributed import as_completed

    cluster: Any = client
    shared = cluster.scatter(settings, broadcast=True, hash=False)
    threads = max(1, sum(cluster.nthreads().values()))
    run = uuid.uuid4().hex[:8]
    held: dict[str, list[Item]] = {}
    finished: Any = cast(Any, as_completed)(loop=cluster.loop)

    def submit(chunk: list[Item]) -> None:
        size = sum(len(i.data) for i in chunk)
        payload: Any = cluster.scatter(chunk, hash=False) if size > SCATTER else chunk
        key = f"yusuan-check-{run}-{chunk[0].order}-{len(chunk)}"
        held[key] = chunk
        finished.add(
            cluster.submit(check_on_worker, shared, payload, key=key, pure=False, retries=1)
        )

    def collect(future: Any) -> list[DocResult]:
        chunk = held.pop(future.key)
        try:
            results: list[DocResult] = future.result()
        except Exception as exc:  # the worker died (KilledWorker) or the task was lost
            if len(chunk) > 1:  # which document it was: each again on its own
                for item in chunk:
                    submit([item])
                return []
            results = _failed(chunk, exc)
        future.release()
        return results

    for chunk in chunks:
        submit(chunk)
        while finished.count() >= QUEUED * threads:
            yield from collect(next(finished))
    for future in finished:
        yield from collect(future)
