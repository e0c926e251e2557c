"""Scores written in prose (rule E015): a 自评报告 that walks its scoring table in words —
``一、投入(14分)`` / ``(一)项目立项(8分)`` / ``(1)项目立项(2分)…自评得2分`` — gives each item its
分值 in brackets after its name and its score as ``自评得M分``. A score above the item's 分值,
and the 分值 of an item's sub-items adding up to more than its own, are found here; the
outline is read from the numbering (一、 above (一) above (1) / 1.)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.model.narrative import Paragraph
from yusuan.model.provenance import Source
from yusuan.rules.context import Context
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import rule
from yusuan.rules.selfeval import SOURCE, fmt

#: a numbered item with its 分值: 一、投入(14分) / (一)项目立项(8分) / (1)项目立项(2分) / 1.…(2分)
_ITEM = re.compile(
    r"(?P<num>[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]"
    r"|[(（]\d{1,2}[)）]|(?<![\d.])\d{1,2}[.．、](?!\d))"
    r"\s*(?P<name>[^()（）。；;，,：:\d]{2,24}?)\s*[(（](?P<pts>\d{1,3}(?:\.\d+)?)分[)）]?"
)
#: the score an item was given: 自评得3分, 得分为3分
_SCORE = re.compile(r"(?:自评得分?|得分为?|评分为?)\s*[:：]?\s*(\d{1,3}(?:\.\d+)?)\s*分")


def _level(num: str) -> int:
    if num.endswith("、") and not num[0].isdigit():
        return 1
    if num[0] in "(（":
        return 2 if not num[1].isdigit() else 3
    return 3


@dataclass
class _Item:
    name: str
    points: Decimal
    level: int
    source: Source
    scores: list[Decimal] = field(default_factory=list)
    children: list[_Item] = field(default_factory=list)


def _outline(paragraphs: tuple[Paragraph, ...]) -> list[_Item]:
    """The scored items of the text in order, each with the scores said before the next one
    and its sub-items (by numbering level)."""
    items: list[_Item] = []
    stack: list[_Item] = []
    for para in paragraphs:
        text = para.text
        marks = list(_ITEM.finditer(text))
        cuts = [m.start() for m in marks] + [len(text)]
        current = items[-1] if items else None
        if current is not None:  # scores before this paragraph's first item are the last one's
            current.scores += [Decimal(s) for s in _SCORE.findall(text[: cuts[0]])]
        for m, end in zip(marks, cuts[1:], strict=True):
            item = _Item(
                m.group("name").strip(),
                Decimal(m.group("pts")),
                _level(m.group("num")),
                para.at(m.start()),
                [Decimal(s) for s in _SCORE.findall(text[m.end() : end])],
            )
            while stack and stack[-1].level >= item.level:
                stack.pop()
            if stack:
                stack[-1].children.append(item)
            stack.append(item)
            items.append(item)
    return items


@rule("E015", "文字自评：得分与分值", category="indicators", severity="error", source=SOURCE)
def check_scored_prose(ctx: Context) -> Iterator[Finding]:
    """``(2)项目预算规范性(3分)…自评得3分…自评得3分``: the item's scores add up to more than its
    分值; ``(一)项目立项(8分)`` over sub-items of 2 + 3 + 3 + 3 分: more than the heading gives."""
    items = _outline(ctx.package.paragraphs)
    if len(items) < 3 or not any(i.scores for i in items):
        return  # (a text that is no scored walk-through: a heading with points or two)
    for item in items:
        given = sum(item.scores, Decimal(0))
        if item.scores and not item.children and given > item.points:
            said = "＋".join(fmt(s) for s in item.scores)
            yield ctx.finding(
                f"「{item.name}」分值{fmt(item.points)}分，自评得分{said}"
                + (f"={fmt(given)}" if len(item.scores) > 1 else "")
                + "分，超过分值。",
                item.source,
                stated=given,
                expected=item.points,
                difference=given - item.points,
            )
        if item.children:
            parts = sum((c.points for c in item.children), Decimal(0))
            if parts > item.points:
                yield ctx.finding(
                    f"「{item.name}」分值{fmt(item.points)}分，其下各项分值"
                    + "＋".join(fmt(c.points) for c in item.children)
                    + f"={fmt(parts)}分，超过上级分值。",
                    item.source,
                    stated=parts,
                    expected=item.points,
                    difference=parts - item.points,
                    severity=Severity.WARNING,
                )
