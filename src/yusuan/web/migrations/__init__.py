"""Alembic migrations of the web database (applied by :func:`yusuan.web.db.migrate`)."""
