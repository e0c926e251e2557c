"""What the audit log says of a change, in words a reader can check: the cells an amount edit
changed (table, row, column, old → new), the finding a decision is about (rule, place,
message), and the administrator's view of the log, filtered by package, user and action."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from yusuan.model.tables import Table
from yusuan.rules.findings import Finding
from yusuan.web.chain import STEP_LABELS
from yusuan.web.db import AuditLog
from yusuan.web.review import DECISION_LABELS
from yusuan.web.workflow import label

AUDIT_LABELS = {
    "package.create": "上传",
    "package.replace": "重新上传",
    "package.edit": "修改信息",
    "package.submit": "提交审核",
    "package.return": "退回修改",
    "package.approve": "审核通过",
    "package.publish": "发布",
    "package.decide": "处理审核发现",
    "package.edit_cells": "在线修改金额",
    "package.correct": "发起更正",
    "package.discard": "删除草稿",
    "package.supersede": "由新发布的版本替代",
    "package.forward": "审核通过，转下一环节",
    "package.withdraw": "撤回",
    "decision.create": "审核处理",
    "reply.create": "回复审核发现",
    "unit.create": "新建单位",
    "user.create": "新建用户",
    "user.login": "登录",
    "user.logout": "退出",
    "user.logout_all": "退出所有设备",
    "user.password_change": "修改密码",
    "user.password_reset": "重置密码",
    "user.disable": "停用用户",
    "user.enable": "启用用户",
    "user.rehash": "更新密码哈希",
    "token.create": "创建接口令牌",
    "token.revoke": "撤销接口令牌",
}

#: the cells one audit row lists at most (an edit touches a few; a pasted table a few hundred)
MAX_CHANGES = 1000


def cell_changes(old: Table, new: Table) -> list[dict[str, Any]]:
    """Every cell whose amount differs between two versions of one table (same rows and
    columns: the editor changes amounts only), as JSON-ready dicts."""
    out: list[dict[str, Any]] = []
    for i, (before, after) in enumerate(zip(old.rows, new.rows, strict=True)):
        for key in old.columns:
            was, now = before.get(key), after.get(key)
            if was == now:
                continue
            out.append(
                {
                    "table": old.title,
                    "row": i + 1,
                    "row_name": before.name,
                    "code": before.code or "",
                    "column": old.label(key),
                    "old": None if was is None else format(was, "f"),
                    "new": None if now is None else format(now, "f"),
                    "unit": old.unit,
                }
            )
            if len(out) >= MAX_CHANGES:
                return out
    return out


def describe(f: Finding) -> dict[str, str]:
    """A finding as a decision's audit entry names it."""
    return {"rule": f.rule, "location": f.location.describe(), "message": f.message[:500]}


# --- the administrator's view ---------------------------------------------------------------

#: the package's own rows and the rows of objects that belong to it
PACKAGE_TYPES = ("decisions", "finding_replies")
PAGE = 200


@dataclass(frozen=True, slots=True)
class Entry:
    row: AuditLog
    before: dict[str, Any]
    after: dict[str, Any]

    @property
    def package_id(self) -> int | None:
        if self.row.object_type == "packages":
            return self.row.object_id
        value = self.after.get("package_id") or self.before.get("package_id")
        return value if isinstance(value, int) else None

    @property
    def summary(self) -> str:
        """What the row changed, in a line: cells, a decision, a reason, a status."""
        a, b = self.after, self.before
        parts: list[str] = []
        if b.get("status") and a.get("status") and b["status"] != a["status"]:
            parts.append(f"状态 {label(b['status'])} → {label(a['status'])}")
        decision = a.get("decision")
        if isinstance(decision, dict):
            said = DECISION_LABELS.get(str(decision.get("decision")), "")
            parts.append(
                f"{decision.get('rule', '')} {decision.get('location', '')}：{said}"
                + (f"（{decision['reason']}）" if decision.get("reason") else "")
            )
        elif self.row.object_type == "decisions" and isinstance(decision, str):
            parts.append(
                f"{DECISION_LABELS.get(decision, decision)}（发现 {a.get('finding_key', '')}）"
            )
        for c in a.get("changes") or ():
            where = f"{c.get('table', '')} 第{c.get('row', '')}行「{c.get('row_name', '')}」{c.get('column', '')}"
            parts.append(
                f"{where}：{c.get('old') or '空'} → {c.get('new') or '空'} {c.get('unit', '')}"
            )
        if a.get("step"):
            step = STEP_LABELS.get(str(a["step"]), str(a["step"]))
            after = STEP_LABELS.get(str(a.get("next")), "")
            parts.append(f"环节 {step}" + (f" → {after}" if after else ""))
        if a.get("reason") and not isinstance(decision, dict):
            parts.append(f"理由：{a['reason']}")
        if self.row.object_type == "finding_replies" and a.get("text"):
            parts.append(f"回复：{a['text']}")
        return "；".join(parts)


def _load(text: str | None) -> dict[str, Any]:
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def entries(
    session: Session,
    package_id: int | None = None,
    user_id: int | None = None,
    action: str = "",
    before_id: int | None = None,
    limit: int = PAGE,
) -> list[Entry]:
    """The newest audit rows first, filtered; ``before_id`` pages further back."""
    query = select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)
    if package_id is not None:
        # the package's rows, and its decisions' and replies' (their JSON names the package)
        like = f'%"package_id": {package_id},%'
        query = query.where(
            or_(
                (AuditLog.object_type == "packages") & (AuditLog.object_id == package_id),
                AuditLog.object_type.in_(PACKAGE_TYPES) & AuditLog.after_json.like(like),
            )
        )
    if user_id is not None:
        query = query.where(AuditLog.user_id == user_id)
    if action:
        query = query.where(AuditLog.action == action)
    if before_id is not None:
        query = query.where(AuditLog.id < before_id)
    return [Entry(r, _load(r.before_json), _load(r.after_json)) for r in session.scalars(query)]


def actions(session: Session) -> list[str]:
    """Every action the log holds (the filter's choices)."""
    return sorted(str(a) for a in session.scalars(select(AuditLog.action).distinct()))
