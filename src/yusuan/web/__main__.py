"""``python -m yusuan.web``: the demo on http://127.0.0.1:8000 — a fresh SQLite database in a
temporary folder, the demo data, and the demo accounts printed."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path


def main() -> None:
    import uvicorn

    from yusuan.web.app import create_app
    from yusuan.web.seed import seed_demo
    from yusuan.web.settings import Settings

    folder = Path(tempfile.mkdtemp(prefix="yusuan-web-"))
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    app = create_app(settings=Settings(database_url=url))
    with app.state.sessions() as session:
        demo = seed_demo(session, other_region=True)
    print("预算公开平台演示：http://127.0.0.1:8000/  （公开平台 /public，接口说明 /openapi.json）")
    print(f"数据库：{url}（每次启动新建，按 Ctrl+C 退出后删除）")
    print("演示账号（密码每次启动随机生成）：")
    for a in demo.accounts:
        print(f"  {a.role:<8} 用户名 {a.username:<17} 密码 {a.password}   单位 {a.unit}")
    try:
        uvicorn.run(app, host="127.0.0.1", port=8000)
    finally:
        app.state.engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
