"""``python -m yusuan.web [--host H] [--port P]``: the demo on http://127.0.0.1:8000 — a fresh
SQLite database in a temporary folder, the demo data, and the demo accounts printed.

``python -m yusuan.web worker [--database-url URL] [--slots N]``: a job worker process for a
deployment (:mod:`yusuan.web.worker`)."""

from __future__ import annotations

import argparse
import shutil
import socket
import sys
import tempfile
from pathlib import Path


def _port_free(host: str, port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["worker"]:
        from yusuan.web.worker import main as worker

        return worker(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m yusuan.web", description="预算公开平台演示")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if not _port_free(args.host, args.port):
        print(
            f"错误：端口 {args.port} 已被占用（可能已有一个演示在运行）。"
            f"请先关闭它，或用 --port 指定其他端口。",
            file=sys.stderr,
        )
        return 2

    import uvicorn

    from yusuan.web.app import create_app
    from yusuan.web.seed import seed_demo
    from yusuan.web.settings import Settings

    folder = Path(tempfile.mkdtemp(prefix="yusuan-web-"))
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    app = create_app(settings=Settings(database_url=url))
    with app.state.sessions() as session:
        demo = seed_demo(session, other_region=True)
    base = f"http://{args.host}:{args.port}"
    print(
        f"预算公开平台演示：{base}/  （公开平台 /public，统计 /public/stats，接口说明 /openapi.json）"
    )
    print(f"数据库：{url}（每次启动新建，按 Ctrl+C 退出后删除）")
    print("演示账号（密码每次启动随机生成）：")
    for a in demo.accounts:
        print(f"  {a.role:<8} 用户名 {a.username:<17} 密码 {a.password}   单位 {a.unit}")
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    finally:
        app.state.engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
