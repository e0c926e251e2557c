"""Counts in a 三公 说明: 公务接待 批次/人次 and 因公出国 团组/人次 (standards §1.4)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from yusuan.model import Paragraph, Source
from yusuan.rules.context import Context
from yusuan.rules.final.text import (
    THREE_PUBLIC_NAMES,
    three_public_value,
)
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import rule

_RECEPTION = re.compile(
    r"(公务接待|接待外宾|外事接待|国内公务接待)\D{0,6}?(\d+)\s*批次?[、，,]?\s*(?:共|累计)?\s*(\d+)\s*人次"
)
_GROUPS = re.compile(
    r"(因公出国（境）|因公出国)?团组\s*(\d+)\s*个[、，,]?\s*(?:共|累计)?\s*(\d+)\s*人次?"
)


@dataclass(frozen=True, slots=True)
class _Count:
    what: str  # 公务接待 | 接待外宾 | 因公出国
    batches: int
    people: int
    source: Source


def _counts(paras: tuple[Paragraph, ...]) -> list[_Count]:
    out: list[_Count] = []
    for para in paras:
        for m in _RECEPTION.finditer(para.text):
            what = "接待外宾" if "外" in m.group(1) else "公务接待"
            out.append(
                _Count(what, int(m.group(2)), int(m.group(3)), para.at(m.start()).at(row=what))
            )
        for m in _GROUPS.finditer(para.text):
            out.append(
                _Count(
                    "因公出国",
                    int(m.group(2)),
                    int(m.group(3)),
                    para.at(m.start()).at(row="因公出国团组"),
                )
            )
    return out


@rule(
    "J008",
    "公务接待批次与人次",
    category="narrative",
    severity="error",
    source="[S:JS] 三公 说明: 国内公务接待 批次/人次, 因公出国 团组/人次 (standards §1.4)",
)
def check_reception_counts(ctx: Context) -> Iterator[Finding]:
    """Each 批次 (团组) has at least one person: 人次 ≥ 批次, and both are 0 or neither; 外宾 接待 is
    part of 公务接待; the counts are stated alike wherever repeated; and in a 决算 a 接待/出国 count
    and the 三公 决算表's 决算数 are both zero or both not (warning)."""
    counts = _counts(ctx.package.paragraphs)
    first: dict[str, _Count] = {}
    for c in counts:
        unit = "团组" if c.what == "因公出国" else "批次"
        if c.people < c.batches or (c.batches == 0) != (c.people == 0):
            yield ctx.finding(
                f"说明称{c.what}{c.batches}{unit}、{c.people}人次：每{unit}至少1人次，人次不应少于{unit}数，"
                f"且两者应同为0或同不为0。",
                c.source,
                stated=f"{c.batches}{unit}、{c.people}人次",
                expected=f"人次 ≥ {unit}数",
            )
        seen = first.setdefault(c.what, c)
        if seen is not c and (seen.batches, seen.people) != (c.batches, c.people):
            yield ctx.finding(
                f"说明前后所列{c.what}次数不一致：先写{seen.batches}{unit}、{seen.people}人次，后写"
                f"{c.batches}{unit}、{c.people}人次。",
                c.source,
                stated=f"{c.batches}{unit}、{c.people}人次",
                expected=f"{seen.batches}{unit}、{seen.people}人次",
                related=(seen.source,),
            )
    total, foreign = first.get("公务接待"), first.get("接待外宾")
    if (
        total is not None
        and foreign is not None
        and (foreign.batches > total.batches or foreign.people > total.people)
    ):
        yield ctx.finding(
            f"接待外宾{foreign.batches}批次、{foreign.people}人次，多于公务接待总数"
            f"{total.batches}批次、{total.people}人次。",
            foreign.source,
            stated=f"{foreign.batches}批次、{foreign.people}人次",
            expected=f"≤ {total.batches}批次、{total.people}人次",
            related=(total.source,),
        )
    for what, key in (("公务接待", "reception"), ("因公出国", "outbound")):
        stated_count = first.get(what)
        spent = three_public_value(ctx, key, "决算数")
        if stated_count is None or spent is None or (stated_count.batches == 0) == (spent == 0):
            continue
        name = THREE_PUBLIC_NAMES[key]
        unit = "团组" if what == "因公出国" else "批次"
        yield ctx.finding(
            f"说明称{what}{stated_count.batches}{unit}，而“三公”经费支出决算表{name}决算数为"
            f"{spent}万元，两者应同为0或同不为0。",
            stated_count.source,
            stated=f"{stated_count.batches}{unit}",
            expected=f"{name}{spent}万元",
            severity=Severity.WARNING,
        )
