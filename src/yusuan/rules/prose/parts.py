"""Parts and shares stated in prose: the items a total lists add up to it and their changes to
its change (S004); a share is the part ÷ the total it is listed under (S005).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from yusuan.lang import VOCABULARY
from yusuan.lang.numerals import count_of
from yusuan.lang.vocabulary import fold
from yusuan.model import Figure
from yusuan.money import digits
from yusuan.recognize.wording import BRACKETED
from yusuan.rules.context import Context
from yusuan.rules.figures import (
    HUNDRED,
    SOURCE,
    Figures,
    amount_text,
    as_unit,
    figures_of,
    gap_finding,
    half,
    money_unit,
    name,
    pct,
    ratio_range,
    signed_sum,
    verdict,
)
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.prose.units import unit_slip
from yusuan.rules.registry import rule


@rule("S004", "分项之和与总额不符", category="narrative", severity="error", source=SOURCE)
def check_parts(ctx: Context) -> Iterator[Finding]:
    """A total and the parts the prose lists for it (``基本支出911.7万元，其中：人员经费489.18万元…
    公用经费46.89万元``; “三公”经费 = 因公出国 + 公务用车 + 公务接待): the parts add up to the total,
    and their changes to its change. Parts are those the budget vocabulary knows (when every one
    is stated), or a 其中 list whose shares make 100 % (an item listed without a share being 0);
    a list that may be cut short, or whose items may belong to another total, is not checked."""
    figs = figures_of(ctx)
    for t in figs.all:
        if (t.subject is None and t.amount is None) or t.again_of is not None:
            continue  # (a second comparison of a total: its parts are compared with the first)
        if unit_slip(figs, t) is not None:
            continue  # one amount's unit is the slip: W006's
        listed, whole = _known_parts(figs, t)
        if listed and whole:
            yield from _compare_parts(ctx, t, listed, complete=True)
            continue
        if len(listed) >= 2 and not ctx.package.tables:
            # some of the parts the vocabulary knows add up to no more than the total (with
            # tables, a mistyped part is N001's, against its table)
            yield from _compare_parts(ctx, t, listed, complete=False)
            continue
        items = [k for k in figs.children(t) if not _restated_share(k, t, figs)]
        kids = [k for k in items if k.amount is not None and figs.same(k, t)]
        if len(kids) < 2 or t.amount is None:
            continue
        if len(kids) < len(items) or _MASKED.search(t.text):
            continue  # an item stated as a change (调减2.66万元), of another measure (安排…), or not shown
        shares = [k.share.value for k in kids if k.share is not None]
        by_shares = len(shares) == len(kids) and abs(sum(shares) - HUNDRED) <= Decimal("0.1")
        if _split(t, kids):  # 基本支出 and 项目支出, 一般债务 and 专项债务, 本级 and 区级 …
            yield from _compare_parts(ctx, t, kids, complete=True)
            continue
        if not by_shares and (_sources(t, kids) or _whole(t, kids)):  # 收入…，其中：…，其他收入…
            yield from _income_parts(ctx, t, kids)
            continue
        # whole: the shares make 100 % and any item without a share is 0 (上缴上级支出0万元), or
        # the sentence says how many kinds it holds
        whole = bool(shares) and all(k.share is not None or k.amount == 0 for k in kids)
        if (whole and abs(sum(shares) - HUNDRED) <= Decimal("0.1")) or _counted(t, kids):
            yield from _compare_parts(ctx, t, kids, complete=True)
        elif t.parent is None and not listed and _plain(t, kids):
            # a list of a total of its own is never more than the total (parts the
            # vocabulary knows are judged above: with tables, a mistyped one is N001's)
            yield from _compare_parts(ctx, t, kids, complete=False)


def _restated_share(k: Figure, t: Figure, figs: Figures) -> bool:
    """A share of an item already listed, said again without its amount (…，其中税收收入77864万元，
    …，税收占地方一般公共预算收入的比重为71.1%): no item of its own."""
    return (
        k.amount is None
        and k.change is None
        and k.share is not None
        and any(
            g.amount is not None and g.label.startswith(k.label)
            for g in figs.children(t)
            if g.index < k.index
        )
    )


def _known_parts(figs: Figures, t: Figure) -> tuple[list[Figure], bool]:
    """The parts of ``t`` the vocabulary knows listed after it, and whether every required one
    is (a part may be listed as its own parts: 公务用车购置费 and 运行费 for 公务用车购置及运行费;
    one listed only in part — 运行费 without 购置费 — counts as its listed parts)."""
    some: list[Figure] = []
    if t.subject is None:
        return some, False
    for d in VOCABULARY.decompositions:
        if d.total != t.subject:
            continue
        subs = {p: VOCABULARY.subjects[p].parts for p in d.parts if p in VOCABULARY.subjects}
        wanted = set(d.parts) | {sp for parts in subs.values() for sp in parts}
        found: dict[str, Figure] = {}
        nxt = next(  # (not its own comparison with the budget: 比年初预算增加…)
            (
                g.index
                for g in figs.all[t.index + 1 :]
                if g.subject == t.subject and g.amount is not None
            ),
            len(figs.all),
        )
        for g in figs.all[t.index + 1 : nxt]:
            if (
                g.subject in wanted
                and g.subject not in found
                and figs.same(g, t)
                and (
                    g.parent in (None, t.index)
                    or figs.all[g.parent].subject in wanted | {t.subject}
                )
            ):
                found[g.subject] = g
        listed: list[Figure] = []
        whole = True
        for p in d.parts:
            if p in found:
                listed.append(found[p])
            elif subs.get(p) and all(sp in found for sp in subs[p]):
                listed.extend(found[sp] for sp in subs[p])
            else:
                listed.extend(found[sp] for sp in subs.get(p, ()) if sp in found)
                whole = whole and p in d.optional
        if listed and whole:
            return listed, True
        if len(listed) > len(some):
            some = listed
    return some, False


def _compare_parts(
    ctx: Context, t: Figure, parts: list[Figure], complete: bool
) -> Iterator[Finding]:
    figs = figures_of(ctx)
    names = "、".join(name(p) for p in parts)
    total = figs.amount(t)
    amounts = [as_unit(p.amount, p, t) for p in parts]
    if total is not None and all(a is not None for a in amounts):
        s = sum((a for a in amounts if a is not None), Decimal(0))
        slack = half(total) + sum((half(a) for a in amounts if a is not None), Decimal(0))
        gap = s - total
        limit = slack if complete else min(slack, _unit(total))
        if gap and not complete and _whole_before_last(amounts, total, half(total), parts):
            return  # all the items but one make the total: that one is no part
        if gap and not complete and _sibling_whole(figs, t, s, limit):
            return  # the list is of another amount of the sentence before (…45.66亿元，未分配0.32亿元。其中：…)
        if gap and (complete or gap > limit):
            listing = " + ".join(digits(a) for a in amounts if a is not None)
            shown = amount_text(gap, t)
            differs = f"相差{shown}" if complete else f"超过总额{shown}（所列并非全部分项）"
            yield gap_finding(
                ctx,
                f"「{name(t)}」{amount_text(total, t)}，所列分项{names}合计"
                f"{listing} = {amount_text(s, t)}，{differs}",
                t.source,
                stated=total,
                expected=s,
                slack=limit,
                related=tuple(p.source for p in parts),
                unit=money_unit(t),
            )
    changes = [_change_of(figs, p, t) for p in parts]
    if t.change is not None and complete and all(c is not None for c in changes):
        s = sum((c for c in changes if c is not None), Decimal(0))
        slack = half(t.change) + sum((half(c) for c in changes if c is not None), Decimal(0))
        if s != t.change:
            yield gap_finding(
                ctx,
                f"「{name(t)}」增减{amount_text(t.change, t)}，所列分项{names}的增减合计"
                f"{signed_sum([c for c in changes if c is not None])} = {amount_text(s, t)}，"
                f"相差{amount_text(t.change - s, t)}",
                t.source,
                stated=t.change,
                expected=s,
                slack=slack,
                related=tuple(p.source for p in parts),
                unit=money_unit(t),
            )


def _unit(total: Decimal) -> Decimal:
    """One unit of a total's last printed digit: a list over its total by more is over it
    however its many items were rounded (21 + 8 + 5 + 4 + 145 万元 is not 180)."""
    return 2 * half(total) if total else Decimal(1)


def _sibling_whole(figs: Figures, t: Figure, listed: Decimal, slack: Decimal) -> bool:
    """Another amount of ``t``'s sentence that the list adds up to: the list is of that one."""
    for g in figs.all:
        other = as_unit(g.amount, g, t) if g.amount is not None else None
        if g is not t and g.text == t.text and other is not None and abs(other - listed) <= slack:
            return True
    return False


def _whole_before_last(
    amounts: list[Decimal | None], total: Decimal, slack: Decimal, parts: list[Figure]
) -> bool:
    """All the items but one add up to the total: that one is no part of it (``财政收入29612万元，
    其中，国税11765万元；地税14796万元；财政3051万元；实现地方一般预算收入19401万元`` — another
    aggregate; ``一类债务余额555558万元，本年新增债券161485万元；二类…`` — a flow among stocks)."""
    given = [a for a in amounts if a is not None]
    whole = sum(given, Decimal(0))
    odd = [  # (never the list's catch-all 其他…: a part by its name)
        a for a, p in zip(amounts, parts, strict=True) if a is not None and not _catch_all(p)
    ]
    if len(given) >= 3 and any(abs(whole - a - total) <= slack for a in odd):
        return True
    # or the first items make the total and the rest split it again (一般债务…，专项债务…；政府
    # 债券…，非政府债券形式…): a second partition
    return any(
        abs(sum(given[:k], Decimal(0)) - total) <= slack
        and abs(sum(given[k:], Decimal(0)) - total) <= slack
        for k in range(2, len(given) - 1)
    )


def _change_of(figs: Figures, p: Figure, t: Figure) -> Decimal | None:
    """A part's change in ``t``'s unit: as stated, 0 when 持平, else the sum of its own parts'
    changes (公务用车购置费 持平 and 运行维护费 减少2万元 for 公务用车购置及运行费)."""
    if p.change is not None:
        return as_unit(p.change, p, t)
    if p.flat:
        return Decimal(0)
    own, whole = _known_parts(figs, p)
    if not own or not whole:
        return None
    changes = [_change_of(figs, q, t) for q in own]
    if any(c is None for c in changes):
        return None
    return sum((c for c in changes if c is not None), Decimal(0))


@rule("S005", "占比与金额不符", category="narrative", severity="error", source=SOURCE)
def check_shares(ctx: Context) -> Iterator[Finding]:
    """``公务接待费7.94万元，占66.39%``: a share is the part ÷ the total it is listed under; the
    shares of one total add up to no more than 100 % (each item counted once: a 决算 states
    them twice). A share that repeats the completion rate is named; one that fits the total's
    own total (占支出合计 of a part of 基本支出) is not reported."""
    figs = figures_of(ctx)
    by_total: dict[int, dict[str, Figure]] = {}
    by_name: dict[tuple[str, int | None], dict[str, Figure]] = {}  # shares of a total not stated
    for f in figs.all:
        # (…，税收收入占地方财政收入67.19%: its amount stated before, under its own name — not
        # another's amount of the subject: 中央本级…因公出国费15.39亿元 then 部门…出国费占83.2%)
        amount = (
            f.amount
            if f.amount is not None
            else figs.said_before(f)
            if f.subject
            else figs.amount(f)
        )
        if f.share is None or amount is None:
            continue
        t = figs.total(f)
        listed = t is not None and _names(f.share_of, t)  # one of a list of the total's parts
        if not listed:
            t = _named_before(figs, f)
            if t is None and f.subject and f.parent is None and _named(f.share_of):
                key = (fold(f.share_of), figs.year_of(f))
                by_name.setdefault(key, {}).setdefault(f.subject, f)
        if t is None or t.amount is None or t.amount <= 0 or not _names(f.share_of, t):
            continue
        if unit_slip(figs, t) is not None:
            continue  # the total or a part in the wrong unit: W006's
        if listed:
            by_total.setdefault(t.index, {}).setdefault(f.subject or name(f), f)
        part = as_unit(amount, f, t)
        assert part is not None
        exact = part / t.amount * HUNDRED
        judged = verdict(f.share, exact, ratio_range(part, t.amount))
        if judged is None or _share_of_above(figs, f, t):
            continue
        slip = ""
        if f.completion is not None and f.completion.value == f.share.value:
            slip = "（重复了完成预算的百分比）"
        tail, note = judged[0] and not slip, judged[1]
        yield ctx.finding(
            f"「{name(f)}」{amount_text(amount, f)}占「{name(t)}」"
            f"{amount_text(t.amount, t)}的比例应为{pct(exact, f.share.places)}，说明称"
            f"{f.share.text}{slip}" + (note if tail else "。"),
            f.source,
            stated=pct(f.share.value, f.share.places),
            expected=pct(exact),
            difference=(f.share.value - exact).quantize(Decimal("0.01")),
            severity=Severity.INFO if tail else None,
            related=(t.source,),
        )
    groups = [(name(figs.all[i]), list(items.values())) for i, items in by_total.items()]
    groups += [
        (named[0], list(items.values()))
        for named, items in by_name.items()
        if len(items) > 1 and _apart(list(items))
    ]
    for whole, parts in groups:
        total = sum((p.share.value for p in parts if p.share is not None), Decimal(0))
        slack = sum((half(p.share.value) for p in parts if p.share is not None), Decimal(0))
        if total > HUNDRED + slack:
            yield ctx.finding(
                f"「{whole}」各分项占比合计{pct(total)}，超过100%："
                + "、".join(f"{name(p)}{p.share.text}" for p in parts if p.share is not None)
                + "。",
                parts[0].source,
                stated=pct(total),
                expected="100%",
                difference=total - HUNDRED,
            )


#: the 决算 sentence J001 reads: 年初预算为…万元 … 决算为…万元，完成年初预算的…%


def _share_of_above(figs: Figures, f: Figure, t: Figure) -> bool:
    """The share is right as a share of the total above ``t`` (nested 其中 lists whose shares
    are all of the grand total)."""
    above = figs.total(t)
    if above is None or above.amount is None or above.amount <= 0 or f.share is None:
        return False
    part = as_unit(f.amount, f, above)
    return part is not None and verdict(f.share, part / above.amount * HUNDRED, None) is None


def _named(base: str) -> bool:
    """A share's base that names a total (占一般公共预算支出的…), not 占比 / 占总额."""
    base = _bare(base)
    return bool(base) and base not in _UNNAMED


def _apart(subjects: list[str]) -> bool:
    """Items no one of which the vocabulary puts under another (基本支出, 项目支出)."""
    return not any(set(VOCABULARY.ancestors(a)) & set(subjects) for a in subjects)


def _named_before(figs: Figures, f: Figure) -> Figure | None:
    """The total a share names (占支出预算总额的66.67%) when it is not the one the part is listed
    under: the nearest figure before it of that name, for the same year and measure (else the
    first after it the vocabulary knows)."""
    base = _bare(f.share_of)
    if not base or base in _UNNAMED:
        return None

    def named(g: Figure) -> bool:
        return g.amount is not None and g.share is None and figs.same(f, g) and _names(base, g)

    before = next((g for g in reversed(figs.all[: f.index]) if named(g)), None)
    if before is not None:
        # two totals of that name with more words (盟本级…收入, 旗级…收入) before the share of a
        # third (全盟…收入) that is not stated: which one it is cannot be told
        near = [g for g in figs.all[max(0, f.index - 8) : f.index] if named(g)]
        if len({g.amount for g in near}) > 1 and not any(
            _core(g.label) == _core(base) for g in near
        ):
            return None
        return before
    # a share stated before its base (占基本支出预算6.45% … 六、基本支出1133753.33元): the
    # first figure of that name after it
    return next((g for g in figs.all[f.index + 1 :] if named(g) and g.subject), None)


_UNNAMED = ("总", "总额", "总计", "合计", "比")
_THIS_YEAR = re.compile(r"^(?:本年度?|全年|当年|本)")


def _bare(base: str) -> str:
    """A share's base without 本年/全年 (占本年收入 → 收入)."""
    return _THIS_YEAR.sub("", base)


def _names(base: str, total: Figure) -> bool:
    """A share's named base (占「…」的) is the total's subject or label, or names none."""
    base = _bare(base)
    if not base or base in _UNNAMED:
        return True
    key = VOCABULARY.subject_of(base)
    if key is not None and total.subject is not None:
        return key == total.subject  # (a total the vocabulary does not know is named by its label)
    if total.label and (fold(base) in fold(total.label) or fold(total.label) in fold(base)):
        return True
    return bool(_core(base)) and _core(base) == _core(total.label)  # 总支出 = 本年支出合计


_DATED = re.compile(r"\d{4}\s*年")
#: a label that is no plain item of a list: a total, a sum or a change of its own
_NOT_ITEM = re.compile(
    r"合计|总计|小计|^共|共计|共有|累计|总额|同比|增加|减少|增长|下降|差值|差额|差异|调减|调增|调整"
)


def _plain(t: Figure, kids: list[Figure]) -> bool:
    """Items of one list, each once, none a total or a change (a table read as sentences
    repeats its column names: 差值, 差值…), none of the other flow (收入…；全年实际支出…: the
    next total, not an item), none opening with a year unless all do (…，2021年度中央下达资金…
    after 中央财政资金 and 县财政配套资金 is a statement of its own)."""
    labels = [fold(k.label) for k in kids]
    other = {"收入": "支出", "支出": "收入"}
    flows = [other[w] for w in other if w in fold(t.label)]
    dated = {bool(_DATED.match(x)) for x in labels}
    both = any("收入" in x for x in labels) and any("支出" in x for x in labels)
    return (
        len(dated) == 1  # one item opening with a year among others: a new statement
        and not both  # an income and a spending are no parts of one total
        and len(set(labels)) == len(labels)
        and not any(_NOT_ITEM.search(x) for x in labels)
        and not any(f in x for f in flows for x in labels)
    )


#: an amount a page does not show (``点击查看>> 万元``, ``**万元``)
_MASKED = re.compile(r"(?:点击查看>*|\*{2,}|[(（]略[)）]|[X×]{2,})\s*万?元")

#: a list said to hold so many kinds: 二类支出, 两类, 3个项目, 涉及项目10个
_KINDS = re.compile(
    r"([两二三四五六七八九十]|\d{1,2})\s*(?:类|种|个项目|项)|项目(?:共)?\s*(\d{1,2})\s*个"
)


def _counted(t: Figure, kids: list[Figure]) -> bool:
    """The sentence of ``t`` says how many kinds its list holds, and it lists that many
    (``主要有部门预算项目支出、专项预算支出二类支出，项目资金总预算为2455.5万元，其中…``)."""
    head = t.text[: t.text.find(t.amount_text)] if t.amount_text else ""
    found = [m.group(1) or m.group(2) for m in _KINDS.finditer(head)]
    if len(found) != 1:
        return False
    return count_of(found[0]) == len(kids)


#: what a 其中 list of spending (本年支出合计，一般公共预算支出，财政拨款支出…) holds when it is
#: whole: 基本支出 and 项目支出, nothing else
_SPENDING = frozenset({"basic", "project"})


#: two-way splits a page names in full: the total's words, and a pattern with one group for
#: each of the two kinds. A debt (限额, 余额) is 一般债务 and 专项债务 (bonds issued may hold
#: 再融资债券 besides: not whole); revenue is 税收收入 and 非税收入; a region's money is its own
#: level's (本级) and its lower levels' (区级, 乡镇, 苏木镇及开发区 …)
_LEAD_IN = r"^(?:其中|包括|含)?[:：]?"
_SPLITS = (
    (re.compile(r"债务"), re.compile(_LEAD_IN + r"(?:(一般)|(专项))债务")),
    (re.compile(r"收入"), re.compile(_LEAD_IN + r"(?:\d{4}年)?(?:(税收)|(非税))(?:收入|完成|$)")),
    (
        re.compile(r"收入|支出"),
        re.compile(
            _LEAD_IN + r"(?:[市县区旗州省盟]?(本级)(?!项目)"
            r"|(区级|县区级|区县级|乡镇|苏木镇|街道|下级))"  # (县级 alone: a city's districts besides)
        ),
    ),
)


def _split(t: Figure, kids: list[Figure]) -> bool:
    """``kids`` are the whole of ``t``: the spending's 基本支出 and 项目支出, or one of the two-way
    splits above (``债务余额4.79亿元，其中一般债务3.76亿元，专项债务1.03亿元``), each kind once."""
    if len(kids) != 2:
        return False
    if _core(t.label).endswith("支出") and {k.subject for k in kids} == _SPENDING:
        return True
    for total, kinds in _SPLITS:
        found = {m.lastindex for k in kids if (m := kinds.match(fold(k.label).strip()))}
        if total.search(fold(t.label)) and found == {1, 2}:
            return True
    return False


#: an item of a list of income by source: 财政拨款（收入）, 事业收入, 其他收入, 上年结转 …
_SOURCE = re.compile(r"(?:收入|拨款|结转|结余)$")


def _sources(t: Figure, kids: list[Figure]) -> bool:
    """``kids`` list the income ``t`` by source (收入预算…，其中：财政拨款…，事业收入…): a total
    of its own (a list under one of its items may be read as the next item's)."""
    return (
        t.parent is None
        and _core(t.label).endswith("收入")
        and all(_SOURCE.search(_core(k.label)) for k in kids)
    )


def _more_after(last: Figure) -> bool:
    """Numbers after the list's last amount read, in its sentence (…，其他支出10。: an item
    printed without its unit, not read), or a sentence cut before its end (the page's text ends
    in the list: …；上级补助收入2017928.05万元；地)."""
    at = last.text.find(last.amount_text) if last.amount_text else -1
    rest = last.text[at + len(last.amount_text) :] if at >= 0 else ""
    return bool(re.search(r"\d", rest)) or not last.text.rstrip().endswith(_ENDS)


_ENDS = ("。", "；", ";", "！", "!", "？", "?", "）", ")")


#: a government's whole: 总收入, 收入总计, 支出总量, 总财力 (its 其中 names every part)
_GRAND = re.compile(r"总收入|总支出|收入总计|支出总计|收入总量|支出总量|总财力")


def _whole(t: Figure, kids: list[Figure]) -> bool:
    """A list said to be whole by its form: the whole of a government's money listed part by
    part (``总支出为312497万元，其中：一般公共预算支出…，上解支出…``), or an amount's make-up in
    brackets right after it (``预拨资金3608万元（中央资金2855万元、省级资金753万元）``, also of an
    item of another list); items plain."""
    if not _plain(t, kids):
        return False
    at = t.text.find(BRACKETED)  # (the brackets' list read after its clause)
    bracketed = at >= 0 and all(
        k.text == t.text and k.text.find(k.amount_text, at) > at for k in kids
    )
    return bracketed or (t.parent is None and bool(_GRAND.search(fold(t.label))))


def _income_parts(ctx: Context, t: Figure, kids: list[Figure]) -> Iterator[Finding]:
    """Income by source, or a government's whole: more than the total is an error; less, when
    the list closes with its catch-all 其他收入 or is of a whole, a warning (上年结转 may be
    counted apart)."""
    figs = figures_of(ctx)
    total = figs.amount(t)
    amounts = [as_unit(k.amount, k, t) for k in kids]
    if total is None or any(a is None for a in amounts):
        return
    listed = sum((a for a in amounts if a is not None), Decimal(0))
    slack = half(total) + sum((half(a) for a in amounts if a is not None), Decimal(0))
    if listed - total > min(slack, _unit(total)):
        yield from _compare_parts(ctx, t, kids, complete=False)
    elif (
        total - listed > slack
        and (_catch_all(kids[-1]) or _whole(t, kids))
        and not _more_after(kids[-1])
    ):
        yield ctx.finding(
            f"「{name(t)}」{amount_text(total, t)}，其中所列"
            + "、".join(
                f"{name(k)}{amount_text(a, t)}"
                for k, a in zip(kids, amounts, strict=True)
                if a is not None
            )
            + f"合计{amount_text(listed, t)}，少{amount_text(total - listed, t)}，请核实是否漏列。",
            t.source,
            stated=total,
            expected=listed,
            difference=total - listed,
            severity=Severity.WARNING,
            related=tuple(k.source for k in kids),
        )


def _catch_all(k: Figure) -> bool:
    """其他收入 (the list's catch-all), also when the label names the unit before it
    (``2016年某大学其他收入预算``)."""
    core = _core(k.label)
    return core.startswith("其他") or core.endswith("其他收入")


_TOTAL_WORDS = re.compile(r"\d{4}\s*年度?|本年|全年|年度|决算|预算|数|合计|总计|总额|总")


def _core(label: str) -> str:
    """What a total is of, without the words that make it a total: 总支出, 支出总额 and
    本年支出合计 are all 支出."""
    return _TOTAL_WORDS.sub("", fold(label))
