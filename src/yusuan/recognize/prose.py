"""Prose → figures: every amount, change, growth rate, share and completion rate a narrative
states, with its subject, whatever the wording (:class:`~yusuan.model.prose.Figure`).

A sentence is cut into clauses at commas, colons, semicolons and 、; each clause is read for
the families of wording below, and a clause that names no subject of its own continues the
figure before it (``…3.46万元，完成预算100%，较上年增加2.4万元，增长0.24%``). Subjects are named
through the budget vocabulary (:mod:`yusuan.lang`), so 公务用车购置及运行(维护)费 is one thing.
A figure listed under another (``其中：``, or a part the vocabulary knows, such as 公务接待费 under
“三公”经费) records it as its ``parent``.

Families of wording (each a pattern below):

* completion — 完成(全年/年初)预算(5.3万元)的38.1%, 预算完成率为…%;
* change with its base — 比/较/与 上年(决算数)/2024年(的2190万元) 增加/减少/增/减… X万元 或 X%;
* change alone — 对比减少4.35万元, 增加0万元; growth — 增长/下降/增幅/减幅/减少率 X%, (65.37%);
* unchanged — 与上年持平, 与上年预算数相比无变化;
* share — 占(总支出的)X%;
* amount — X元/万元/亿元 (a 预算 amount in a 决算 page is the budget it is measured against; an
  amount of an earlier year the prior).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.lang import VOCABULARY
from yusuan.lang.vocabulary import is_title
from yusuan.model.narrative import Paragraph
from yusuan.model.prose import Figure, Percent
from yusuan.recognize.page import HEADING

_NUM = r"(\d+(?:\.\d+)?)"
_UNIT = r"(亿元|万元|千元|元)"
#: direction words of a change (the vocabulary's, longest first; 增幅/减幅 name rates, not changes)
_DIR = (
    "("
    + "|".join(
        sorted(
            {
                w
                for w in (*VOCABULARY.up, *VOCABULARY.down)
                if "幅" not in w and not w.endswith("了")
            },
            key=len,
            reverse=True,
        )
    )
    + ")"
)
_SENTENCES = re.compile(r"[^。！？!?]+[。！？!?]?")
_CLAUSE = re.compile(r"[^,，:：;；、]+")
_COMPLETION = re.compile(
    r"完成(?:了)?(?:全年|年初|年度|调整后?的?|当年)?(?:预算|计划)(?:数)?"
    + rf"(?:{_NUM}{_UNIT})?(?:的)?{_NUM}\s*%"
    + rf"|(?:预算)?(?:完成率|执行率)(?:为|达到?)?{_NUM}\s*%"
)
_CHANGE = re.compile(
    r"(?:比|较|与|同|对比)\s*(上年度?|上一年度?|去年|同期|\d{4}\s*年度?)"
    + r"([^\d,，:：;；。%]{0,14}?)"
    + rf"(?:的?[(（]?{_NUM}{_UNIT}[)）]?)?(?:相比|对比|比较)?[,，]?\s*{_DIR[:-1]}|加)了?\s*{_NUM}\s*({_UNIT[1:-1]}|%)"
)
#: a 决算 compared with its budget (较预算数1237万元减少103万元，下降8%): the budget is kept,
#: the change and its rate are not a change on the year before
_VERSUS_BUDGET = re.compile(
    r"(?:比|较|与|同|对比)\s*(?:年初|全年|调整后?的?)?预算(?:数)?"
    + rf"(?:的?{_NUM}{_UNIT})?(?:相比|对比)?[,，]?\s*(?:{_DIR}了?\s*{_NUM}\s*(?:{_UNIT[1:-1]}|%)|无增减|持平)?"
)
_CHANGE_ALONE = re.compile(rf"(?:对比|同比|相比|比上年|较上年)?{_DIR}了?\s*{_NUM}\s*{_UNIT}")
_GROWTH = re.compile(
    r"(增长率|下降率|减少率|增加率|增幅|减幅|降幅|增长|下降|上升|降低|增加|减少|提高|增|减)"
    + rf"(?:了|为|率为|幅度为)?\s*{_NUM}\s*%"
)
_PAREN_GROWTH = re.compile(rf"[(（]\s*{_NUM}\s*%\s*[)）]")
_FLAT = re.compile(
    r"(?:与|和|比|较|同)\s*(上年度?|上一年度?|去年|\d{4}\s*年度?)[^\d,，。;；()（）]{0,14}?"
    r"(?:相比)?(?:基本)?(持平|无变化|没有变化|未发生变化)"
)
_SHARE = re.compile(rf"占(?:比)?([^\d,，:：;；。%]{{0,16}}?)(?:的)?(?:比例|比重)?(?:为)?{_NUM}\s*%")
_AMOUNT = re.compile(rf"(?<![\d.]){_NUM}\s*{_UNIT}")
_YEAR = re.compile(r"(\d{4})\s*年")
_LEAD = re.compile(
    r"^(?:其中|另外|此外|具体|主要|包括|分别为?)*\s*"
    r"(?:[(（]?[一二三四五六七八九十\d]+[)）、.．]\s*)*"
)
#: the amount of the year compared with, on its own: 与上年决算数50万元相比 / 上年决算50万元 /
#: 比上年（50万元）
_BASE_BEFORE = re.compile(r"(?:与|和|比|较|同|对比)\s*$")
_COMPARED_AMOUNT = re.compile(
    r"^(?:(?:比|较|与|同|对比)\s*[(（]?(?:上年|去年|上一年度?|同期|\d{4}\s*年)"
    r"|(?:上年|去年|上一年度?)(?!结转|结余|末))"
)
#: a numbered item: 1. 2、 （1） (2)
_ITEM = re.compile(r"^\s*(?:\d{1,2}\s*[.．、](?!\d)|[(（]\d{1,2}[)）])")
#: a list in brackets inside a sentence (A 2066万元（其中：B…，C…），减少12万元): read after it,
#: so that what follows the brackets is A's again
_INNER_LIST = re.compile(r"[(（]其中[:：]?([^()（）]*)[)）]")
#: a label that names no new subject: the figure before goes on (支出决算为…, 2015年预算…)
_CONTINUES = re.compile(
    r"^(?:其中)?(?:\d{4}\s*年度?)?(?:全年|年初|实际|当年|本年)?(?:支出|收入)?"
    r"(?:预算|决算|执行|安排)?(?:数|金额|资金)?(?:为|是|共|达|了)?[\s\d.%]*$"
)
#: 预算 inside the name of a fund or a law, not the budget measure
_FUND_WORDS = re.compile(
    r"一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算|部门预算|预算单位|预算法"
)

_GROWTH_DOWN = {"下降率", "减少率", "减幅", "降幅", "下降", "降低", "减少", "减"}


@dataclass
class _Open:
    """A figure being read (mutable until the sentence ends)."""

    subject: str | None
    label: str
    para: Paragraph
    offset: int
    text: str
    year: int | None
    measure: str
    values: dict[str, object] = field(default_factory=dict)
    parent: int | None = None


def _percent(value: str, sign: int, text: str) -> Percent:
    places = len(value.split(".")[1]) if "." in value else 0
    v = Decimal(value)
    return Percent(-v if sign < 0 else v, places, text)


def _sign(word: str) -> int:
    d = VOCABULARY.direction(word)
    if d is None:
        d = -1 if word in _GROWTH_DOWN or word.startswith(("减", "下", "降")) else 1
    return d


def _factor(unit: str) -> Decimal:
    return VOCABULARY.unit_factor(unit) or Decimal(10000)


def _measure(label: str) -> str:
    """预算 or 决算, from the words just before the number (a heading run into the sentence
    names its section, not this amount)."""
    label = _FUND_WORDS.sub("", label)[-10:]
    if "决算" in label:
        return "决算"
    if "预算" in label or "计划" in label or "安排" in label:
        return "预算"
    return ""


#: what is left out before reading: thousands separators, spaces beside a number (PDF text
#: prints ``为 0 万元``, ``的 95.89%``)
_SQUEEZE = re.compile(r"(?<=\d),(?=\d{3}(?!\d))|(?<=\S)[ \t]+(?=\d)|(?<=[\d%])[ \t]+(?=\S)")


def _squeezed(text: str) -> tuple[str, list[int]]:
    """The text with :data:`_SQUEEZE` left out, and for each of its characters its offset in
    the text as printed."""
    kept: list[str] = []
    positions: list[int] = []
    last = 0
    for m in _SQUEEZE.finditer(text):
        kept.append(text[last : m.start()])
        positions.extend(range(last, m.start()))
        last = m.end()
    kept.append(text[last:])
    positions.extend(range(last, len(text)))
    return "".join(kept), positions or [0]


def _budget_kind(text: str) -> str:
    """年初 or 全年 (调整后) budget, or "" when the words do not say."""
    if "年初" in text:
        return "年初"
    return "全年" if "全年" in text or "调整" in text else ""


def _budgets(values: dict[str, object]) -> dict[str, Decimal]:
    found = values.get("budgets")
    return found if isinstance(found, dict) else {}


def _budget(values: dict[str, object], kinds: tuple[str, ...]) -> Decimal | None:
    budgets = _budgets(values)
    return next((budgets[k] for k in kinds if k in budgets), None)


_TITLE_END = re.compile(
    r"(?:部门|单位|区级|县级|市级|本级)(?:预算|决算)|说明|情况|公开|统计表|明细表"
)


def _without_title(text: str) -> str:
    """A page title run into the sentence after it (``某局2025年度部门决算2025年度收入合计``):
    the longest leading title is left out."""
    cut = 0
    for m in _TITLE_END.finditer(text):
        rest = text[m.end() :].strip()
        if rest and not _CONTINUES.match(_LEAD.sub("", rest)) and is_title(text[: m.end()]):
            cut = m.end()
    return text[cut:]


def _label(text: str) -> str:
    text = _LEAD.sub("", _without_title(text.strip()))
    text = text.strip(" :：,，、为是。！？!?")
    # 收入、支出总计各增加… / 均为…: each of the totals named has the amount (the last one named
    # is the one a later amount is looked up by); 均增加… alone: the ones just named
    if text.endswith(("各", "均")):
        return text[:-1].split("、")[-1]
    return text


class _Reader:
    def __init__(self, year: int | None, stage: str) -> None:
        self.year = year
        self.stage = stage
        self.figures: list[Figure] = []
        self.stack: list[int] = []  # figures a 其中 list opened, innermost last
        self.current: _Open | None = None
        self.pending_list = False  # the clause before said 其中 / 如下 with nothing after it
        self.other_base = False  # the clause before compared with another base (较预算数…)
        self.list_goes_on = False  # the paragraph before ended with ： (its list goes on)
        self.context_year: int | None = None  # a year a clause without amounts set for the rest
        self.context_measure = ""
        self.positions: list[int] = [0]  # offsets in the squeezed paragraph → in its text

    # -- figures ---------------------------------------------------------------------------
    def close(self) -> None:
        o = self.current
        self.current = None
        if o is None or not o.values:
            return
        v = o.values
        fig = Figure(
            subject=o.subject,
            label=o.label,
            source=o.para.at(self.positions[min(o.offset, len(self.positions) - 1)]),
            text=o.text,
            factor=v.get("factor", Decimal(10000)),  # type: ignore[arg-type]
            year=o.year,
            measure=o.measure,
            amount=v.get("amount"),  # type: ignore[arg-type]
            amount_text=str(v.get("amount_text", "")),
            prior=v.get("prior"),  # type: ignore[arg-type]
            prior_year=v.get("prior_year"),  # type: ignore[arg-type]
            change=v.get("change"),  # type: ignore[arg-type]
            change_text=str(v.get("change_text", "")),
            growth=v.get("growth"),  # type: ignore[arg-type]
            share=v.get("share"),  # type: ignore[arg-type]
            share_of=str(v.get("share_of", "")),
            budget=_budget(v, ("全年", "", "年初")),
            budget_initial=_budget(v, ("年初",)) if len(_budgets(v)) > 1 else None,
            completion=v.get("completion"),  # type: ignore[arg-type]
            base=str(v.get("base", "")),
            parent=o.parent,
            index=len(self.figures),
            flat=bool(v.get("flat", False)),
        )
        self.figures.append(fig)

    def _parent_for(self, subject: str | None) -> int | None:
        """The open 其中 list this subject belongs to (lists it is not part of are closed)."""
        while self.stack:
            top = self.figures[self.stack[-1]] if self.stack[-1] < len(self.figures) else None
            if top is None:
                self.stack.pop()
                continue
            if subject is None or top.subject is None:
                return top.index
            if _descends(subject, top.subject):
                return top.index
            self.stack.pop()
        if subject is not None and (parent := VOCABULARY.subjects[subject].parent):
            for f in reversed(self.figures):  # a part the vocabulary knows: 公务接待费 of 三公
                if f.subject == parent:
                    return f.index
        return None

    def open(
        self,
        subject: str | None,
        label: str,
        para: Paragraph,
        offset: int,
        text: str,
        year: int | None,
    ) -> _Open:
        self.close()
        if self.pending_list and self.figures:
            self.stack.append(self.figures[-1].index)
            self.pending_list = False
        o = _Open(subject, label, para, offset, text, year, _measure(label) or self.context_measure)
        o.parent = self._parent_for(subject)
        self.current = o
        return o

    # -- reading ---------------------------------------------------------------------------
    def paragraph(self, para: Paragraph) -> None:
        """A 其中 list goes on into the next paragraphs only after a paragraph that ends with ：
        (or 如下, 其中) and through numbered items (1. 2. （1）); any other paragraph closes it."""
        text, self.positions = _squeezed(para.text)
        heading = bool(HEADING.match(text))
        if heading or not (self.list_goes_on or _ITEM.match(text)):
            self.stack.clear()
        if heading:
            self.pending_list = False
        for sm in _SENTENCES.finditer(text):
            sentence = sm.group(0)
            self.sentence(para, sentence, sm.start())
            self.close()
        self.list_goes_on = text.rstrip().endswith(("：", ":", "如下", "其中"))
        if not self.list_goes_on:
            self.pending_list = False

    def sentence(self, para: Paragraph, sentence: str, start: int) -> None:
        self.context_year, self.context_measure = None, ""
        sentence = _INNER_LIST.sub("", sentence) + "".join(
            f"；其中：{m.group(1)}" for m in _INNER_LIST.finditer(sentence)
        )
        for cm in _CLAUSE.finditer(sentence):
            clause = cm.group(0)
            if clause.strip() in ("其中", "其中包括", "具体情况如下", "具体如下", "主要包括"):
                self.pending_list = True
                continue
            if clause.lstrip().startswith("其中"):
                self.pending_list = True
            self.clause(para, clause, start + cm.start(), sentence)

    def clause(self, para: Paragraph, clause: str, offset: int, sentence: str) -> None:
        work = clause
        found: dict[str, object] = {}
        money: dict[str, tuple[Decimal, Decimal]] = {}  # prior, change → (value, its unit)
        budgets: dict[str, tuple[Decimal, Decimal]] = {}

        def take(m: re.Match[str]) -> None:
            nonlocal work
            work = work[: m.start()] + " " * (m.end() - m.start()) + work[m.end() :]

        if m := _COMPLETION.search(work):
            if m.group(3) is not None:
                if m.group(1) is not None:
                    budgets[_budget_kind(m.group(0))] = (Decimal(m.group(1)), _factor(m.group(2)))
                found["completion"] = _percent(m.group(3), 1, m.group(0))
            else:
                found["completion"] = _percent(m.group(4), 1, m.group(0))
            take(m)
        versus = _VERSUS_BUDGET.search(work)
        if versus is not None and versus.group(0).strip():
            if versus.group(1) is not None:
                kind = _budget_kind(versus.group(0))
                budgets[kind] = (Decimal(versus.group(1)), _factor(versus.group(2)))
            take(versus)
        # a rate after a change on another base (the budget, another year's 预算数) is not this
        # figure's: 比2023年执行数增加3万元，比2023年预算数减少2万元，下降9.09%
        other_base, self.other_base = self.other_base, versus is not None
        o = self.current
        if m := _CHANGE.search(work):
            base = m.group(1) + m.group(2).strip()
            known = str(o.values.get("base", "")) if o is not None else ""
            if o is not None and ("change" in o.values or "flat" in o.values) and base != known:
                self.other_base = True  # a second comparison: left out, with its rate
                take(m)
            else:
                sign = _sign(m.group(5))
                if m.group(3) is not None:
                    money["prior"] = (Decimal(m.group(3)), _factor(m.group(4)))
                    if y := _YEAR.search(m.group(1)):
                        found["prior_year"] = int(y.group(1))
                value, unit = m.group(6), m.group(7)
                if unit == "%":
                    found["growth"] = _percent(value, sign, m.group(0))
                else:
                    money["change"] = (Decimal(value) * sign, _factor(unit))
                    found["change_text"] = m.group(0)
                found["base"] = base
                take(m)
        elif m := _FLAT.search(work):
            base = m.group(1) or ""
            known = str(o.values.get("base", "")) if o is not None else ""
            if o is None or "change" not in o.values or base == known:
                found["flat"] = True
                found["base"] = base
            take(m)
        if "change" not in money and not self.other_base and (m := _CHANGE_ALONE.search(work)):
            money["change"] = (Decimal(m.group(2)) * _sign(m.group(1)), _factor(m.group(3)))
            found["change_text"] = m.group(0)
            take(m)
        if "growth" not in found and not (
            (other_base or self.other_base) and "change" not in money
        ):
            if m := _GROWTH.search(work):
                found["growth"] = _percent(m.group(2), _sign(m.group(1)), m.group(0))
                take(m)
            elif "change" in money and (m := _PAREN_GROWTH.search(work)):
                sign = -1 if money["change"][0] < 0 else 1
                found["growth"] = _percent(m.group(1), sign, m.group(0))
                take(m)
        elif self.other_base and (m := _GROWTH.search(work)):
            take(m)
        if m := _SHARE.search(work):
            found["share"] = _percent(m.group(2), 1, m.group(0))
            found["share_of"] = m.group(1).strip()
            take(m)
        amount = _AMOUNT.search(work)
        head = work[: amount.start()] if amount else work
        if amount is None and not found and not money and not budgets:
            m = _YEAR.search(work)  # 2011年…预算中，A…，B…: the year and measure of the list
            if m and not _BASE_BEFORE.search(work[: m.start()]):  # (与2022年度相比: a base)
                self.context_year = int(m.group(1))
                self.context_measure = _measure(work)
            return
        label = _label(re.sub(r"\s+", " ", head).strip())
        subject = VOCABULARY.names(label) if label else None
        years = [int(y) for y in _YEAR.findall(head)]
        year = years[-1] if years else None
        earlier = year is not None and o is not None and o.year is not None and year < o.year
        compared = bool(_COMPARED_AMOUNT.match(label))  # 与上年决算数50万元相比 / 上年决算50万元
        continues = o is not None and (
            compared
            or (subject is None and bool(_CONTINUES.match(label)))
            or (
                subject is not None
                and subject == o.subject
                and (amount is None or "amount" not in o.values or earlier)
            )
        )
        if amount is not None:
            value = Decimal(amount.group(1))
            unit = _factor(amount.group(2))
            measure = _measure(label)
            if continues and o is not None:
                if compared or (year is not None and o.year is not None and year < o.year):
                    if "prior" not in o.values:
                        o.values["prior"] = self._in(o, value, unit)
                        if year is not None:
                            o.values.setdefault("prior_year", year)
                elif self.stage == "决算" and measure == "预算":
                    budgets.setdefault(_budget_kind(label), (value, unit))
                elif "amount" not in o.values:
                    o.values["amount"] = self._in(o, value, unit)
                    o.values["amount_text"] = amount.group(0)
                    if o.measure == "" or (measure and measure != o.measure):
                        o.measure = measure or o.measure
                else:
                    continues = False
            if not continues:
                o = self.open(
                    subject,
                    label,
                    para,
                    offset + amount.start(),  # the line the amount is on
                    clause,
                    year or self.context_year or self.year,
                )
                o.values["factor"] = unit
                if self.stage == "决算" and _measure(label) == "预算":
                    budgets.setdefault(_budget_kind(label), (value, unit))
                else:
                    o.values["amount"] = value
                    o.values["amount_text"] = amount.group(0)
        elif not continues:
            o = self.open(
                subject, label, para, offset, clause, year or self.context_year or self.year
            )
        assert o is not None
        for k, (value, unit) in money.items():
            if k not in o.values:
                o.values[k] = self._in(o, value, unit)
        if budgets:
            kept = o.values.setdefault("budgets", {})
            assert isinstance(kept, dict)
            for kind, (value, unit) in budgets.items():
                kept.setdefault(kind, self._in(o, value, unit))
        for k, v in found.items():
            if k not in o.values:
                o.values[k] = v
        if o.text != sentence and len(o.text) < len(sentence):
            o.text = sentence.strip()

    @staticmethod
    def _in(o: _Open, value: Decimal, unit: Decimal) -> Decimal:
        """A money value in the figure's unit (the unit of its first money value)."""
        factor = o.values.setdefault("factor", unit)
        assert isinstance(factor, Decimal)
        return value if factor == unit else value * unit / factor


def _descends(subject: str, ancestor: str) -> bool:
    seen = 0
    key: str | None = subject
    while key is not None and seen < 8:
        s = VOCABULARY.subjects.get(key)
        key = s.parent if s else None
        if key == ancestor:
            return True
        seen += 1
    return any(d.total == ancestor and subject in d.parts for d in VOCABULARY.decompositions)


def figures(paras: list[Paragraph], year: int | None, stage: str) -> tuple[Figure, ...]:
    """The figures the paragraphs state, in reading order."""
    r = _Reader(year, stage)
    for para in paras:
        r.paragraph(para)
    r.close()
    return tuple(r.figures)
