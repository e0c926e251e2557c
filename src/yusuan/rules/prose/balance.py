"""收入总计 and 支出总计 stated in prose: the two sides of one balance (S011), and what is left
when they are set against each other (收支相抵，结转结余X: S014)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from yusuan.model import Figure
from yusuan.rules.context import Context
from yusuan.rules.figures import (
    SOURCE,
    amount_text,
    as_unit,
    figures_of,
    gap_finding,
    half,
    money_unit,
    name,
)
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import rule

#: …收入总计 / …支出总计, with what they are of before (财政拨款收入总计); a year before is no part
_SIDE = re.compile(r"^(?:\d{4}\s*年度?)?(.*?)(收入|支出)总计$")


@rule("S011", "收入总计与支出总计不等", category="narrative", severity="warning", source=SOURCE)
def check_balance(ctx: Context) -> Iterator[Finding]:
    """``收入总计7562.45万元，支出总计6632.48万元``: a budget or final account balances — 收入总计
    (本年收入 and what was carried in) equals 支出总计 (本年支出 and what is carried out), as the
    收支总表 prints them; of the same funds (财政拨款收入总计 with 财政拨款支出总计) and year. Pages
    often say 总计 of the year's own income and spending (more spent than received, the rest
    from 结转): a warning on the wording, unless the numbers are wrong."""
    figs = figures_of(ctx)
    sides: dict[tuple[str, int | None], dict[str, Figure]] = {}
    for f in figs.all:
        m = _SIDE.match(f.label.replace(" ", ""))
        if m is None or f.amount is None:
            continue
        sides.setdefault((m.group(1), figs.year_of(f)), {}).setdefault(m.group(2), f)
    for (of, _), pair in sides.items():
        income, spent = pair.get("收入"), pair.get("支出")
        if income is None or spent is None or income.amount is None:
            continue
        other = as_unit(spent.amount, spent, income)
        if other is None or other == income.amount:
            continue
        tail = abs(other - income.amount) <= half(income.amount) + half(other)
        yield ctx.finding(
            f"{of}收入总计{amount_text(income.amount, income)}与{of}支出总计"
            f"{amount_text(other, income)}不等：收支总表中两者相等（收入总计含上年结转，"
            f"支出总计含年末结转）；如指本年收入、本年支出，应写作“合计”，否则数字有误。",
            spent.source,
            stated=other,
            expected=income.amount,
            difference=other - income.amount,
            severity=Severity.INFO if tail else None,
            related=(income.source,),
            unit=money_unit(income),
        )


#: the whole a government had, and what it spent (总收入/收入合计/总财力 …, 总支出/支出合计 …)
_INCOME = re.compile(r"总收入|收入总计|收入合计|收入总量|总财力|可用财力")
_SPENT = re.compile(r"总支出|支出总计|支出合计|支出总量")
#: what is left: 结转结余, 年终结余, 结转下年, 赤字 (spent more than it had)
_LEFT = re.compile(r"(结转结余|结余|结转下年(?:支出)?|结转|赤字)$")


@rule("S014", "收支相抵结余不符", category="narrative", severity="error", source=SOURCE)
def check_what_is_left(ctx: Context) -> Iterator[Finding]:
    """``总财力332057万元。总支出312497万元…。收支相抵，年终结转结余19570万元``: what is left is
    the whole had less the whole spent, both stated in the sentences just before (19560 here);
    so is a fund's ``收支结余`` after its income and spending (社会保险基金收入X，…支出Y。收支结余Z).
    A gap within the rounding of the printed amounts is 尾差."""
    figs = figures_of(ctx)
    for f in figs.all:
        if f.amount is None or not (m := _LEFT.search(f.label)):
            continue
        if "收支相抵" in f.text:
            income, spent = _before(figs.all, f, _INCOME), _before(figs.all, f, _SPENT)
        elif _BOTH_LEFT.search(f.label):  # 社保基金收入X，支出Y。收支结余Z
            income, spent = _pair_before(figs.all, f)
        else:
            continue
        if income is None or spent is None:
            continue
        wholes = {income.index, spent.index}
        after = [  # amounts said after a whole in its sentence, or after both before the balance
            g
            for g in figs.all[min(wholes) + 1 : f.index]
            if g.amount is not None
            and g.index not in wholes
            and not _under(figs.all, g, wholes)
            and (
                g.index > max(wholes)
                or any(g.text == figs.all[w].text and g.index > w for w in wholes)
            )
        ]
        if after:
            continue  # other amounts set against them (…支出合计680万元，上解支出20万元；加上年结转…)
        had, out = as_unit(income.amount, income, f), as_unit(spent.amount, spent, f)
        if had is None or out is None:
            continue
        left = out - had if m.group(1) == "赤字" else had - out
        if left == f.amount:
            continue
        sides = [as_unit(half(g.amount or Decimal(0)), g, f) for g in (income, spent)]
        yield gap_finding(
            ctx,
            f"收支相抵：{name(income)}{amount_text(had, f)}，{name(spent)}{amount_text(out, f)}，"
            f"{m.group(1)}应为{amount_text(left, f)}，说明称{amount_text(f.amount, f)}",
            f.source,
            stated=f.amount,
            expected=left,
            slack=half(f.amount) + sum((x for x in sides if x is not None), Decimal(0)),
            related=(income.source, spent.source),
            unit=money_unit(f),
        )


#: what is left named as the two sides' difference: 收支结余, 当年收支结余
_BOTH_LEFT = re.compile(r"收支结余$")
_YEARS = re.compile(r"\d{4}\s*年度?|本年|当年|全年")


def _pair_before(figs: tuple[Figure, ...], f: Figure) -> tuple[Figure | None, Figure | None]:
    """The income and the spending of one fund stated just before ``f`` (in its sentence or
    the one before), listed under no other total: ``社会保险基金收入22.39亿元…；社会保险基金支出
    19.85亿元…``. The fund each names (one may name none: ``…收入10亿元，支出9亿元``) is one, and the
    one the 结余 names if it names any (全县社会保险基金当年收支结余)."""
    near = [
        g for g in figs[max(0, f.index - 6) : f.index] if g.amount is not None and g.parent is None
    ]
    income = next((g for g in reversed(near) if g.label.endswith("收入")), None)
    spent = next((g for g in reversed(near) if g.label.endswith("支出")), None)
    if income is None or spent is None:
        return None, None
    of = {_fund(income.label, "收入"), _fund(spent.label, "支出")} - {""}
    own = _fund(f.label, "收支结余")
    if len(of) > 1 or (own and of and own not in of):
        return None, None
    return income, spent


def _fund(label: str, side: str) -> str:
    """What fund a label names before its side's word: 2023年社会保险基金收入 → 社会保险基金."""
    return _YEARS.sub("", label.removesuffix(side)).strip()


def _under(figs: tuple[Figure, ...], g: Figure, wholes: set[int]) -> bool:
    """``g`` is listed (at any depth) under one of ``wholes`` (其中: its parts)."""
    p = g.parent
    while p is not None:
        if p in wholes:
            return True
        p = figs[p].parent
    return False


def _before(figs: tuple[Figure, ...], f: Figure, words: re.Pattern[str]) -> Figure | None:
    """The nearest whole named by ``words`` in the six sentences before ``f`` (or its own),
    after any other balance's 收支相抵."""
    sentences: list[str] = []
    for g in reversed(figs[: f.index]):
        if g.text not in sentences:
            sentences.append(g.text)
            if len(sentences) > 6:
                return None
        if "收支相抵" in g.text and g.text != f.text:
            return None  # another balance's: this one states none of its wholes
        if g.amount is not None and words.search(g.label):
            return g
    return None


#: the parts of a year's balance said in one sentence, by role
_ROLES = (
    ("opening", re.compile(r"(?:上年|年初)结[转余](?:和结余)?(?:资金)?$|上年结余$")),
    (
        "closing",
        re.compile(r"(?:年末|年终|期末)结[转余](?:和结余)?(?:资金)?$|结转下年(?:使用)?$|滚存结余$"),
    ),
    ("made_up", re.compile(r"弥补收支差额$")),
    ("shared_out", re.compile(r"结余分配$")),
    ("income", re.compile(r"收入(?:合计)?$")),
    ("spent", re.compile(r"支出(?:合计)?$")),
)


@rule("S015", "年末结转结余与收支不符", category="narrative", severity="error", source=SOURCE)
def check_year_end(ctx: Context) -> Iterator[Finding]:
    """``上年结转和结余98.45万元，本年收入1095.76万元，支出1193.35万元，…年末结转和结余5862.89万元``
    (and ``收入1237万元，安排支出1169万元，结转下年使用58万元``): what is carried into the next year is
    what was carried in, plus the year's income, less its spending (plus 用事业基金弥补收支差额,
    less 结余分配) — every amount of the sentence one of these, each once."""
    figs = figures_of(ctx)
    sentences: dict[str, list[Figure]] = {}
    for f in figs.all:
        sentences.setdefault(f.text, []).append(f)
    for group in sentences.values():
        roles: dict[str, Figure] = {}
        for f in group:
            if f.amount is None:
                continue
            role = next((r for r, p in _ROLES if p.search(f.label.replace(" ", ""))), None)
            if role is None or role in roles:
                roles = {}
                break  # an amount of no part, or a part twice: not this sentence
            roles[role] = f
        if not {"income", "spent", "closing"} <= roles.keys():
            continue
        if "opening" not in roles and (opening := _opening_before(figs.all, group[0])):
            roles["opening"] = opening  # 年初结转和结余200万元。 said in the sentence before
        closing = roles["closing"]
        parts = {r: as_unit(f.amount, f, closing) for r, f in roles.items()}
        if any(v is None for v in parts.values()):
            continue
        want = (
            (parts.get("opening") or Decimal(0))
            + (parts["income"] or Decimal(0))
            - (parts["spent"] or Decimal(0))
            + (parts.get("made_up") or Decimal(0))
            - (parts.get("shared_out") or Decimal(0))
        )
        assert closing.amount is not None
        if want == closing.amount:
            continue
        shown = "，".join(
            f"{name(f)}{amount_text(f.amount, f)}" for f in group if f.amount is not None
        )
        yield gap_finding(
            ctx,
            f"{shown}：{name(closing)}应为{amount_text(want, closing)}，说明称"
            f"{amount_text(closing.amount, closing)}",
            closing.source,
            stated=closing.amount,
            expected=want,
            slack=sum((half(f.amount) for f in roles.values() if f.amount is not None), Decimal(0)),
            related=tuple(f.source for f in roles.values() if f is not closing),
            unit=money_unit(closing),
        )


def _opening_before(figs: tuple[Figure, ...], first: Figure) -> Figure | None:
    """What was carried in, stated in one of the two sentences before ``first``'s."""
    opening = _ROLES[0][1]
    sentences: list[str] = []
    for g in reversed(figs[: first.index]):
        if g.text not in sentences:
            sentences.append(g.text)
            if len(sentences) > 2:
                return None
        if g.amount is not None and opening.search(g.label.replace(" ", "")):
            return g
    return None
