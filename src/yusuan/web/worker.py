"""``python -m yusuan.web worker``: a job worker process for deployments — it takes queued jobs
(uploads and files to read, publications, 自评表 checks) from the database and runs each in a
capped worker process of its own, ``--slots`` at once, until SIGTERM or Ctrl+C (then the jobs
it is running are finished first; a worker killed outright leaves its jobs to be taken again
by another once their heartbeat is stale).

Several worker processes, on this machine or others, share one PostgreSQL database: each
claims the next job with ``SELECT … FOR UPDATE SKIP LOCKED`` (:func:`queue.claim`), so no job
is taken twice. The web servers are then told not to run jobs themselves
(``YUSUAN_IN_PROCESS_JOBS=0``). Finished jobs older than ``YUSUAN_JOB_KEEP_DAYS`` are pruned at
start and about once an hour.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from dataclasses import replace
from types import FrameType

from sqlalchemy.exc import SQLAlchemyError

from yusuan.web.db import make_engine, make_sessionmaker, migrate
from yusuan.web.jobs import Runner
from yusuan.web.settings import Settings

log = logging.getLogger("yusuan.web")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m yusuan.web worker",
        description="后台任务进程：从数据库领取排队的任务（读取上传文件、发布、核对绩效自评表）并执行。",
    )
    parser.add_argument(
        "--database-url", help="数据库地址（默认取环境变量 YUSUAN_DATABASE_URL）", default=None
    )
    parser.add_argument(
        "--slots", type=int, default=None, help="同时执行的任务数（默认 YUSUAN_PARSE_SLOTS）"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        settings = Settings.from_env(args.database_url)
    except ValueError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    if args.slots is not None:
        if args.slots < 1:
            print("错误：--slots 应为不小于 1 的整数。", file=sys.stderr)
            return 2
        settings = replace(settings, parse_slots=args.slots)
    settings = replace(settings, in_process_jobs=True)
    engine = make_engine(settings.database_url)
    try:
        migrate(engine)
    except SQLAlchemyError as exc:
        print(f"错误：无法连接或升级数据库（{type(exc).__name__}）。", file=sys.stderr)
        return 3
    runner = Runner(make_sessionmaker(engine), settings)
    stop = threading.Event()

    def stopping(signum: int, _: FrameType | None) -> None:
        log.info("收到信号 %s：完成正在执行的任务后退出", signum)
        stop.set()

    signal.signal(signal.SIGTERM, stopping)
    signal.signal(signal.SIGINT, stopping)
    log.info(
        "任务进程 %s 已启动：数据库 %s，同时执行 %s 个任务",
        runner.worker,
        engine.url.render_as_string(hide_password=True),
        runner.slots,
    )
    try:
        runner.serve(stop)
    finally:
        engine.dispose()
    log.info("任务进程 %s 已退出", runner.worker)
    return 0
