"""A live server (uvicorn on 127.0.0.1, in a thread) for tests that need real parallel
requests and real client disconnects, and an API token to talk to it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import FastAPI
from sqlalchemy import select

from yusuan.web import store
from yusuan.web.db import User


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """The app served until the block ends; yields its base address."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", workers=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "the live server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def token_for(app: FastAPI, username: str) -> str:
    """A new API token of a user."""
    with app.state.sessions() as session:
        user = session.scalar(select(User).where(User.username == username))
        assert user is not None
        return store.create_token(session, user, "测试")[1]
