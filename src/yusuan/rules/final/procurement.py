"""政府采购 in a 决算 说明: the amounts awarded to 中小企业 within the 政府采购 total (R-PUB-5)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from yusuan.model import Paragraph, Source
from yusuan.money import Unit, number
from yusuan.rules.context import Context
from yusuan.rules.final.text import (
    NUM,
)
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import rule

_PROC_TOTAL = re.compile(r"政府采购(?:支出)?(?:总额|金额)[^。\d]{0,16}?为?\s*" + NUM + r"\s*万元")
_SME_AWARD = re.compile(r"授予中小企业合同(?:金额)?\s*(?:为|共)?\s*" + NUM + r"\s*万元")
#: Shanghai wording: the SME awards in the reserved projects and in the other projects.
_SME_RESERVED = re.compile(
    r"面向中小企业预留的?政府采购项目中[，,]?\s*由中小企业供应商中标或成交的?[，,]?\s*"
    r"(?:采购|合同)金额\s*(?:为)?\s*" + NUM + r"\s*万元"
)
_SME_OTHER = re.compile(
    r"其他政府采购项目中[，,]?\s*由中小企业供应商中标或成交的?[，,]?\s*"
    r"(?:采购|合同)金额\s*(?:为)?\s*" + NUM + r"\s*万元"
)


@rule(
    "J009",
    "中小企业合同金额与占比",
    category="narrative",
    severity="error",
    source="[S:143] R-PUB-5: 政府采购 with 授予中小企业合同金额 and its share (standards §1.4)",
)
def check_sme_share(ctx: Context) -> Iterator[Finding]:
    """The amount awarded to 中小企业 (stated, or the awards in reserved and in other projects
    added up) is part of the 政府采购 total (its share, ``占政府采购支出总额的Y%``, is S005's)."""
    paras = [p for p in ctx.package.paragraphs if "采购" in p.text]
    total_at = _first(paras, _PROC_TOTAL)
    if total_at is None:
        return
    total, total_src = number(total_at[0].group(1)), total_at[1]
    sme_at = _first(paras, _SME_AWARD)
    if sme_at is not None:
        sme, src, how = (
            number(sme_at[0].group(1)),
            sme_at[1],
            f"授予中小企业合同金额{sme_at[0].group(1)}万元",
        )
    else:
        reserved, other = _first(paras, _SME_RESERVED), _first(paras, _SME_OTHER)
        if reserved is None or other is None:
            return
        a, b = number(reserved[0].group(1)), number(other[0].group(1))
        sme, src = a + b, reserved[1]
        how = f"预留项目中由中小企业中标或成交{a}万元、其他项目中由中小企业中标或成交{b}万元，合计{sme}万元"
    if sme <= total:
        return
    tail = sme - total <= ctx.tolerance(Unit.WAN)
    yield ctx.finding(
        f"{how}，超过政府采购总额{total}万元" + ("（尾差）。" if tail else "。"),
        src.at(row="中小企业合同金额"),
        stated=sme,
        expected=f"≤ {total}",
        difference=sme - total,
        severity=Severity.INFO if tail else None,
        related=(total_src,),
    )


def _all(
    paras: list[Paragraph], pattern: re.Pattern[str]
) -> Iterator[tuple[re.Match[str], Source]]:
    for p in paras:
        for m in pattern.finditer(p.text):
            yield m, p.at(m.start())


def _first(paras: list[Paragraph], pattern: re.Pattern[str]) -> tuple[re.Match[str], Source] | None:
    return next(_all(paras, pattern), None)
