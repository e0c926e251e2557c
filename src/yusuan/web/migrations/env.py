"""Alembic environment: run with a connection handed over in ``config.attributes``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from yusuan.web.db import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("未配置数据库地址（sqlalchemy.url）。")
    with create_engine(url).begin() as conn:
        _run(conn)


if context.is_offline_mode():
    raise RuntimeError("不支持离线（生成 SQL）迁移模式。")
run_migrations_online()
