"""Every write, each with its audit row in the same transaction.

A function here changes the database, appends an :class:`~yusuan.web.db.AuditLog` row with
the object's state before and after, and commits — or rolls everything back. Package
changes check the version the user saw (optimistic locking): a stale one is a
:class:`~yusuan.web.errors.Conflict`. One module per kind of record: :mod:`.writes` (the
transaction and its audit row), :mod:`.accounts` (units, users, sessions, tokens),
:mod:`.packages` (a package's model and files), :mod:`.steps` (the workflow, publication),
:mod:`.decisions` (decisions on findings, replies).
"""

from __future__ import annotations

from yusuan.web.store.accounts import (
    create_token,
    create_unit,
    create_user,
    end_session,
    end_sessions,
    record_login,
    rehash_password,
    revoke_token,
    set_disabled,
    set_password,
)
from yusuan.web.store.decisions import decide, decide_many, reply
from yusuan.web.store.packages import (
    create_correction,
    create_package,
    discard,
    edit_cells,
    edit_package,
    replace_model,
    set_model,
)
from yusuan.web.store.steps import (
    current_version,
    forward,
    transition,
    withdrawable,
)
from yusuan.web.store.writes import check_version

__all__ = [
    "check_version",
    "create_correction",
    "create_package",
    "create_token",
    "create_unit",
    "create_user",
    "current_version",
    "decide",
    "decide_many",
    "discard",
    "edit_cells",
    "edit_package",
    "end_session",
    "end_sessions",
    "forward",
    "record_login",
    "rehash_password",
    "replace_model",
    "reply",
    "revoke_token",
    "set_disabled",
    "set_model",
    "set_password",
    "transition",
    "withdrawable",
]
