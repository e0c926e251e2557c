"""The package workflow: statuses, transitions and what each status allows.

draft → submitted (填报员) → returned (with a reason) | approved (reviewer) → published
(财政局审核员/管理员); a submitted package nobody has decided on yet can be withdrawn (撤回) to
draft by its filer. While submitted it goes through the review chain's steps
(:mod:`yusuan.web.chain`). Only draft and returned packages can be edited or re-uploaded; a published
package never changes. Who may do what is :mod:`yusuan.web.authz`'s business; this module
knows only the states.
"""

from __future__ import annotations

from dataclasses import dataclass

from yusuan.web.errors import Conflict

STATUS_LABELS = {
    "draft": "草稿",
    "submitted": "已提交",
    "returned": "已退回",
    "approved": "已审核",
    "published": "已发布",
}
EDITABLE = frozenset({"draft", "returned"})
#: findings can be decided while a reviewer has the package
DECIDABLE = frozenset({"submitted"})


@dataclass(frozen=True, slots=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    needs_reason: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", "提交审核", frozenset({"draft", "returned"}), "submitted"),
        Transition("return", "退回修改", frozenset({"submitted"}), "returned", needs_reason=True),
        Transition("approve", "审核通过", frozenset({"submitted"}), "approved"),
        Transition("publish", "发布", frozenset({"approved"}), "published"),
        Transition("withdraw", "撤回", frozenset({"submitted"}), "draft"),
    )
}


def label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def transition(status: str, action: str) -> Transition:
    """The transition, or :class:`Conflict` if the status does not allow it."""
    t = TRANSITIONS[action]
    if status not in t.sources:
        raise Conflict(
            f"当前状态为「{label(status)}」，不能执行「{t.label}」。请刷新页面查看最新状态。"
        )
    return t


def check_editable(status: str) -> None:
    """:class:`Conflict` unless the package may be changed."""
    if status == "published":
        raise Conflict("已发布的预算公开文件不可修改。")
    if status not in EDITABLE:
        raise Conflict(f"当前状态为「{label(status)}」，只有草稿或已退回的文件可以修改。")


def check_decidable(status: str) -> None:
    if status not in DECIDABLE:
        raise Conflict(f"当前状态为「{label(status)}」，只有已提交待审核的文件可以处理审核发现。")
