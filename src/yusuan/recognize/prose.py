"""Prose → figures: every amount, change, growth rate, share and completion rate a narrative
states, with its subject, whatever the wording (:class:`~yusuan.model.prose.Figure`).

A sentence is cut into clauses at commas, colons, semicolons and 、; each clause is read for
the families of wording below, and a clause that names no subject of its own continues the
figure before it (``…3.46万元，完成预算100%，较上年增加2.4万元，增长0.24%``). Subjects are named
through the budget vocabulary (:mod:`yusuan.lang`), so 公务用车购置及运行(维护)费 is one thing.
A figure listed under another (``其中：``, or a part the vocabulary knows, such as 公务接待费 under
“三公”经费) records it as its ``parent`` (:mod:`yusuan.recognize.lists`).
The families of wording are in :mod:`yusuan.recognize.wording`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from yusuan.lang import VOCABULARY
from yusuan.model.narrative import Paragraph
from yusuan.model.prose import ADJUSTED_BASE, Figure
from yusuan.recognize import wording as w
from yusuan.recognize.lists import Lists
from yusuan.recognize.page import HEADING


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
    segment: int = 0  # the clause group (between ；) it was opened in


def _budgets(values: dict[str, object]) -> dict[str, Decimal]:
    found = values.get("budgets")
    return found if isinstance(found, dict) else {}


def _budget(values: dict[str, object], kinds: tuple[str, ...]) -> Decimal | None:
    budgets = _budgets(values)
    return next((budgets[k] for k in kinds if k in budgets), None)


class _Reader:
    def __init__(self, year: int | None, stage: str) -> None:
        self.year = year
        self.named_years: set[int] = set()  # a report's two years (2022年执行和2023年草案)
        self.section_year: int | None = None  # the one the heading above names
        self.paragraphs_read = 0
        self.stage = stage
        self.figures: list[Figure] = []
        self.lists = Lists()
        self.current: _Open | None = None
        self.other_base = False  # the clause before compared with another base (较预算数…)
        self.list_goes_on = False  # the paragraph before ended with ： (its list goes on)
        self.after_item = False  # the paragraph before was a numbered item
        self.named = ""  # the clause before named an item and gave no amount (…项目50个)
        self.next_ordinal: int | None = None  # a 其中：（一）… list's next item, as a paragraph
        self.enum_year: int | None = None  # the year a 、-list's first item named
        self.context_year: int | None = None  # a year a clause without amounts set for the rest
        self.context_measure = ""
        self.positions: list[int] = [0]  # offsets in the squeezed paragraph → in its text
        self.code: str | None = None  # the classification code the paragraph names
        self.segment = 0  # clause groups (between ；) read so far
        self.owner: tuple[int, int] | None = None  # (segment, figure) of the last change stated
        self.sentence_first = 0  # the index of the first figure of the sentence
        self.lead = ""  # a clause without numbers before a colon: what the next one is of
        self.prior_label = ""  # the label of an earlier year's amount taken as a prior
        self.sentence_no = 0  # sentences read so far
        self.said_in: list[int] = []  # the sentence each figure was stated in

    # -- figures ---------------------------------------------------------------------------
    def close(self) -> None:
        o = self.current
        self.current = None
        if o is None or not o.values:
            return
        v = o.values
        if w.kind_of_amount(str(v.get("prior_label", ""))) not in (
            "",
            w.kind_of_amount(str(v.get("base", ""))) or w.kind_of_amount(o.label) or "",
        ):
            v.pop("prior", None)  # 执行数X，预算数Y，较上年预算数减少Z: X is no prior of Z's base
            v.pop("prior_year", None)
        index = len(self.figures)
        changed = "change" in v or "growth" in v
        cause_of = None
        if changed and "amount" not in v and not v.get("base") and self.owner is not None:
            if self.owner[0] == o.segment:  # 主要是A减少x万元，B增加y万元
                cause_of = self.owner[1]
        elif (changed or "flat" in v) and v.get("base"):
            self.owner = (o.segment, index)
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
            index=index,
            flat=bool(v.get("flat", False)),
            section=o.para.section,
            reason=str(v.get("reason", "")),
            code=self.code,
            cause_of=cause_of,
            again_of=v.get("again_of"),  # type: ignore[arg-type]
        )
        self.figures.append(fig)
        self.said_in.append(self.sentence_no)

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
        self.lists.opening(self.figures, self.said_in, label)
        o = _Open(
            subject, label, para, offset, text, year, w.measure(label) or self.context_measure
        )
        o.parent = self.lists.parent(subject, label, self.figures)
        if o.parent is not None and self.context_year is None and not w.YEAR.search(label):
            above = self.figures[o.parent]  # 2021年度…合计支出20.12万元，其中：公务接待12.39万元
            o.year, o.measure = above.year, o.measure or above.measure
        o.segment = self.segment
        self.current = o
        return o

    def give_reason(self, reason: str, body: str) -> None:
        """The cause a sentence gives goes to the figure whose change it explains: the last one
        of the sentence that states a change, else the subject the words before it name, else
        the figure before it (a reason in a sentence of its own)."""
        if not reason:
            return
        o = self.current
        if o is not None and any(k in o.values for k in ("change", "growth", "flat")):
            o.values.setdefault("reason", reason)
            return
        for f in reversed(self.figures[self.sentence_first :]):
            if f.change is not None or f.growth is not None or f.flat:
                self._set_reason(f, reason)
                return
        key = VOCABULARY.subject_of(body)
        if o is not None and (key is None or key == o.subject):
            o.values.setdefault("reason", reason)
            return
        for f in reversed(self.figures):
            if (key is None or f.subject == key) and f.again_of is None:
                self._set_reason(f, reason)
                return

    def _set_reason(self, f: Figure, reason: str) -> None:
        if not f.reason:
            self.figures[f.index] = replace(f, reason=reason)

    # -- reading ---------------------------------------------------------------------------
    def paragraph(self, para: Paragraph) -> None:
        """The paragraph's sentences (the 其中 lists it goes on with: :mod:`.lists`)."""
        text, self.positions = w.squeezed(para.text)
        m = w.CODE.search(text)
        self.code = m.group(1) + m.group(2) + (m.group(3) or "") if m else None
        heading = bool(HEADING.match(text))
        self.paragraphs_read += 1
        if self.paragraphs_read <= 3:
            self.named_years |= w.title_years([text])
        if heading and (y := w.YEAR.search(text)) and int(y.group(1)) in self.named_years:
            self.section_year = int(y.group(1))  # 一、2022年预算执行情况: the section's amounts
        item = w.ITEM.match(text)
        self.lists.item = None
        expected, self.next_ordinal = self.next_ordinal, None
        if heading and (n := w.ordinal(text)) is not None and n == expected:
            # ……其中：（一）A…。 then （二）B…: items of that list, not headings
            heading, self.next_ordinal = False, n + 1
            self.lists.item_begins("(一)", self.figures)
        elif heading:
            self.lists.heading()
        elif item:
            if not self.list_goes_on and not self.after_item:
                # numbered paragraphs after a sentence that listed inline (…2605.37万元；其中补助地方
                # 1767.19万元。 then 1、…): a breakdown of their own, not that list's items
                self.lists.loose = True
            marker = "(" if item.group(0).strip()[0] in "(（" else "."
            self.lists.item_begins(marker, self.figures)
        elif w.LABELLED_ITEM.match(text) and self.lists.stack:
            self.lists.item_begins(":", self.figures)
        elif not self.list_goes_on:
            self.lists.loose = True
        before = ""
        for sm in w.SENTENCES.finditer(text):
            sentence = sm.group(0)
            if before and not before.rstrip().endswith(("：", ":")) and not w.ITEM.match(sentence):
                self.lists.loose = True  # a 其中 list ends with its sentence, unless items go on
            if not (self.current is not None and w.OPENS_WITH_BASE.match(sentence)):
                self.close()
            elif "change" not in self.current.values and "flat" not in self.current.values:
                self.current.text += sentence.strip()  # 45万元。比上年减少5万元，下降10%。
            else:
                self.close()
            self.sentence(para, sentence, sm.start())
            before = sentence
        self.close()
        self.list_goes_on = text.rstrip().endswith(("：", ":", "如下", "其中"))
        if w.FIRST_ORDINAL_ITEM.search(text):  # the next item after the ones printed inline
            self.next_ordinal = 1 + max(
                n for m in w.ORDINALS.finditer(text) if (n := w.ordinal(m.group(0)))
            )
        self.after_item = bool(item)
        if not self.list_goes_on:
            self.lists.pending = False
        else:  # its items are the paragraphs after it, however they are marked
            self.lists.said_item = None

    def sentence(self, para: Paragraph, sentence: str, start: int) -> None:
        self.context_year, self.context_measure, self.named = None, "", ""
        self.sentence_year: int | None = None  # the year the sentence's first amount names
        sentence, owners = w.lists_last(sentence.replace("收、支", "收支"))
        sentence = w.respectively(sentence)
        self.sentence_first = len(self.figures)
        self.sentence_no += 1
        self.segment += 1
        self.lead = ""
        printed = sentence  # (with its causes: the figures' text)
        reasons: list[tuple[int, str]] = []  # (where, the cause given there)
        stop = 0
        for m in w.REASON.finditer(sentence):
            if m.start() < stop:
                continue  # inside the reason before
            end = w.REASON_END.search(sentence, m.end())
            stop = end.start() if end else len(sentence)
            reasons.append((m.start(), sentence[m.end() : stop].strip(" ：:，,")))
            # the cause is not read for figures
            sentence = sentence[: m.start()] + " " * (stop - m.start()) + sentence[stop:]
        for cm in w.CLAUSE.finditer(sentence):
            while reasons and reasons[0][0] < cm.start():
                where, reason = reasons.pop(0)
                self.give_reason(reason, sentence[:where])
            if not cm.start() or sentence[cm.start() - 1] != "、":
                self.enum_year = None  # (a year read off an item is its 、-list's only)
            if cm.start() and sentence[cm.start() - 1] in "；;":
                self.segment += 1
                self.lists.clause_after_semicolon()
                if w.YEAR_FIRST.match(cm.group(0)):
                    self.lists.loose = True  # …；2024年应支付贴息资金…: a new total, not an item
            clause = cm.group(0)
            if not clause.strip():
                continue
            bracketed = clause.lstrip().startswith(w.BRACKETED)
            owner = owners.pop(0) if bracketed and owners else None
            if w.LIST_OPENER.fullmatch(clause):
                self.lists.said(self.sentence_no, owner, by_kind=bool(w.BY_KIND.match(clause)))
                continue
            if w.LIST_CLAUSE.match(clause) and (
                clause.lstrip()[0] == "其" or w.AMOUNT.search(clause)
            ):
                self.lists.said(self.sentence_no, owner)  # 其中A… / 包括A 5万元、B…
            self.clause(para, clause, start + cm.start(), printed)
            # 收入预算：年初预算数…: the words before a colon name what the next clause's amount is
            plain = "%" not in clause and not w.AMOUNT.search(clause)
            colon = sentence[cm.end() : cm.end() + 1] in ("：", ":")
            self.lead = clause.strip() if plain and colon else ""
        for where, reason in reasons:
            self.give_reason(reason, sentence[:where])

    def clause(self, para: Paragraph, clause: str, offset: int, sentence: str) -> None:
        work = clause
        found: dict[str, object] = {}
        money: dict[str, tuple[Decimal, Decimal]] = {}  # prior, change → (value, its unit)
        budgets: dict[str, tuple[Decimal, Decimal]] = {}

        first = len(clause)  # where the first wording read begins
        change_at: int | None = None  # where a change stated alone begins

        def take(m: re.Match[str]) -> None:
            nonlocal work, first
            work = work[: m.start()] + " " * (m.end() - m.start()) + work[m.end() :]
            first = min(first, m.start())

        if m := w.COMPLETION.search(work):
            if m.group(3) is not None:
                if m.group(1) is not None:
                    budgets[w.budget_kind(m.group(0))] = (Decimal(m.group(1)), w.factor(m.group(2)))
                found["completion"] = w.percent(m.group(3), 1, m.group(0))
            else:
                found["completion"] = w.percent(m.group(4), 1, m.group(0))
            take(m)
        versus = w.VERSUS_BUDGET.search(work)
        if versus is not None and versus.group(0).strip():
            if versus.group(1) is not None:
                kind = w.budget_kind(versus.group(0))
                budgets[kind] = (Decimal(versus.group(1)), w.factor(versus.group(2)))
            take(versus)
            if self._against_budget(versus, work, para, offset, clause):
                return
        current = self.current
        gap = w.BUDGET_GAP.search(work)
        if (
            gap
            and current is not None
            and isinstance(spent := current.values.get("amount"), Decimal)
        ):
            factor = current.values.get("factor")
            assert isinstance(factor, Decimal)
            more = Decimal(gap.group(2)) * w.factor(gap.group(3)) / factor
            up = gap.group(1) in w.GAP_UP  # 决算数大于预算数55.93万元: the budget is 决算 − 55.93
            budgets[w.budget_kind(gap.group(0))] = (spent - more if up else spent + more, factor)
            take(gap)
        if m := w.ADJUSTED.search(work):  # 由X调整为Y: X the amount before, Y read below
            money["prior"] = (Decimal(m.group(2)), w.factor(m.group(3)))
            since = w.ADJUSTED_FROM_YEAR.search(m.group(1) or "")
            found["base"] = since.group(0) if since else ADJUSTED_BASE  # (由2024年的X: that year)
            if since and (y := w.YEAR.match(since.group(0))):
                found["prior_year"] = int(y.group(1))
            take(m)
        if (m := w.ADJUSTMENT.search(work)) and not w.CHANGE.search(work):
            # 调增Z / 调减Z: the adjustment (比上年调减Z: a change on the year before)
            down = "减" in m.group(1) or "低" in m.group(1)
            money["change"] = (Decimal(m.group(2)) * (-1 if down else 1), w.factor(m.group(3)))
            found["change_text"] = m.group(0)
            if self.current is None or "prior_year" not in self.current.values:
                found.setdefault("base", ADJUSTED_BASE)  # (after 2024年预算数X: on that year)
            take(m)
        # a rate after a change on another base (the budget, another year's 预算数) is not this
        # figure's: 比2023年执行数增加3万元，比2023年预算数减少2万元，下降9.09%
        other_base, self.other_base = self.other_base, versus is not None
        o = self.current
        if m := w.CHANGE.search(work):
            base = m.group(1) + m.group(2).strip()
            known = str(o.values.get("base", "")) if o is not None else ""
            record = True
            compared = o is not None and (
                "change" in o.values or "flat" in o.values or known == ADJUSTED_BASE
            )
            if o is not None and compared and base != known:
                # (由X调整为Y，比上年增长20%: the rate is on last year, not on X — left out)
                if isinstance(o.values.get("again_of"), int) and not self._year_compared(o):
                    # 较年初预算数减少10.93万元，下降54.65%，较上年支出数减少0.71万元: after a
                    # comparison with the budget, the year's own comparison of the same amount
                    o = self._compared_again(o, para, offset, clause)
                else:
                    record = False
                    self.other_base = True  # a second comparison: left out, with its rate
                    take(m)
            if record:
                sign = w.sign(m.group(5))
                if m.group(3) is not None:
                    money["prior"] = (Decimal(m.group(3)), w.factor(m.group(4)))
                    if y := w.YEAR.search(m.group(1)):
                        found["prior_year"] = int(y.group(1))
                value, unit = m.group(6), m.group(7)
                if unit == "%":
                    found["growth"] = w.percent(value, sign, m.group(0))
                else:
                    money["change"] = (Decimal(value) * sign, w.factor(unit))
                    found["change_text"] = m.group(0)
                found["base"] = base
                take(m)
        elif m := w.FLAT.search(work):
            base = m.group(1) + m.group(2).strip()
            known = str(o.values.get("base", "")) if o is not None else ""
            if o is None or "change" not in o.values or base == known:
                found["flat"] = True
                found["base"] = base
            take(m)
        if "change" not in money and not self.other_base and (m := w.CHANGE_ALONE.search(work)):
            money["change"] = (Decimal(m.group(2)) * w.sign(m.group(1)), w.factor(m.group(3)))
            found["change_text"] = m.group(0)
            change_at = m.start()
            take(m)
        if "growth" not in found and not (
            (other_base or self.other_base) and "change" not in money
        ):
            if m := w.GROWTH.search(work):
                found["growth"] = w.percent(m.group(2), w.sign(m.group(1)), m.group(0))
                take(m)
            elif "change" in money and (m := w.PAREN_GROWTH.search(work)):
                sign = -1 if money["change"][0] < 0 else 1
                found["growth"] = w.percent(m.group(1), sign, m.group(0))
                take(m)
        elif self.other_base and (m := w.GROWTH.search(work)):
            take(m)
        if m := w.SHARE.search(work):
            found["share"] = w.percent(m.group(2), 1, m.group(0))
            found["share_of"] = m.group(1).strip()
            take(m)
        amount = w.AMOUNT.search(work)
        # (no amount: the words before the first wording read name it; those after a change are
        # no name — 同比减少0.11万元各部门单位严把监督检查关: a cause glued on)
        head = work[: amount.start()] if amount else work[:first]
        if amount is None and not found and not money and not budgets:
            m = w.YEAR.search(work)  # 2011年…预算中，A…，B…: the year and measure of the list
            if m and not w.BASE_BEFORE.search(work[: m.start()]):  # (与2022年度相比: a base)
                self.context_year = int(m.group(1))
                self.context_measure = w.measure(work)

            self.named = w.COUNTED.sub("", w.label(work.strip()))  # 敬老院建设项目50个，金额…
            return
        label = w.label(re.sub(r"\s+", " ", head).strip())
        if amount is not None and self._adjusted_to(o, label, amount):
            return
        if (
            amount is not None
            and o is not None
            and change_at is not None
            and label
            and "change" not in o.values
            and not work[:change_at].strip()
        ):
            # 585.53万元，同比减少144.92万元(公务用车购置费0万元…: the change opens the clause,
            # before the next item's name: the amount's before it
            value, unit = money.pop("change")
            o.values["change"] = self._in(o, value, unit)
            o.values["change_text"] = found.pop("change_text")
        if w.GENERIC_AMOUNT.fullmatch(label) and self.named:
            label = self.named + label  # …项目50个，金额1006万元: the item's amount
        elif not label and self.named and (bare := w.BASE_TAIL.sub("", self.named)) != self.named:
            label = bare  # 收支与2023年度相比，减少719.66万元: the change of 收支
        self.named = ""
        subject = VOCABULARY.names(label) if label else None
        if self.lead and subject is None and w.CONTINUES.match(label):
            label = w.label(self.lead) + "：" + label  # 收入预算：年初预算数
            subject = VOCABULARY.names(label)
        years = [int(y) for y in w.YEAR.findall(head)]
        year = years[-1] if years else None
        if year is not None and amount is not None and w.YEAR.match(label):
            self.enum_year = year  # 2021年的会议费…、培训费…: the items after 、 are of 2021
            # 2021年的三公经费…合计807.95万，其中：…、会议费121.61万元: the sentence is of 2021
            self.sentence_year = self.sentence_year or year
        earlier = year is not None and o is not None and o.year is not None and year < o.year
        compared = bool(w.COMPARED_AMOUNT.match(label))  # 与上年决算数50万元相比 / 上年决算50万元
        continues = o is not None and (
            compared
            or (subject is None and bool(w.CONTINUES.match(label)))
            or (
                subject is not None
                and subject == o.subject
                and (amount is None or "amount" not in o.values or earlier)
            )
        )
        if amount is not None:
            value = Decimal(amount.group(1))
            unit = w.factor(amount.group(2))
            measure = w.measure(label)
            if continues and o is not None:
                if compared or (year is not None and o.year is not None and year < o.year):
                    if "prior" not in o.values:
                        o.values["prior"] = self._in(o, value, unit)
                        if year is not None:
                            o.values.setdefault("prior_year", year)
                elif self.stage == "决算" and measure == "预算":
                    budgets.setdefault(w.budget_kind(label), (value, unit))
                elif "amount" not in o.values:
                    o.values["amount"] = self._in(o, value, unit)
                    o.values["amount_text"] = amount.group(0)
                    if o.measure == "" or (measure and measure != o.measure):
                        o.measure = measure or o.measure
                else:
                    continues = False
            if not continues:
                before = self._earlier_amount(o, subject, year)
                o = self.open(
                    subject or (before[3] if before else None),
                    label,
                    para,
                    offset + amount.start(),  # the line the amount is on
                    clause,
                    year
                    or self.context_year
                    or self.enum_year
                    or self.sentence_year
                    or self.section_year
                    or self.year,
                )
                o.values["factor"] = unit
                if self.stage == "决算" and w.measure(label) == "预算":
                    budgets.setdefault(w.budget_kind(label), (value, unit))
                else:
                    o.values["amount"] = value
                    o.values["amount_text"] = amount.group(0)
                if before is not None:
                    o.values["prior"] = self._in(o, before[0], before[1])
                    o.values["prior_year"] = before[2]
                    o.values["prior_label"] = self.prior_label
        elif not continues:
            o = self.open(
                subject,
                label,
                para,
                offset,
                clause,
                year or self.context_year or self.sentence_year or self.section_year or self.year,
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

    def _adjusted_to(self, o: _Open | None, label: str, amount: re.Match[str]) -> bool:
        """``年初预算…为369936万元，调增25831万元，调整后预算数为395767万元``: the amount after the
        adjustment is the figure's, the one it was adjusted from its prior."""
        if (
            o is None
            or not w.AFTER_ADJUSTMENT.match(label)
            or o.values.get("base") != ADJUSTED_BASE
            or "prior" in o.values
            or not isinstance(before := o.values.get("amount"), Decimal)
        ):
            return False
        o.values["prior"] = before
        o.values["amount"] = self._in(o, Decimal(amount.group(1)), w.factor(amount.group(2)))
        o.values["amount_text"] = amount.group(0)
        return True

    def _year_compared(self, o: _Open) -> bool:
        """The amount ``o`` compares again already has its year's comparison."""
        again = o.values.get("again_of")
        first = self.figures[again] if isinstance(again, int) else None
        return first is None or first.change is not None or first.growth is not None or first.flat

    def _compared_again(self, o: _Open, para: Paragraph, offset: int, clause: str) -> _Open:
        """A figure for one more comparison of an amount: the one ``o`` compares again, or
        ``o``'s own (closed by opening the new figure) — of its subject, without an amount."""
        again = o.values.get("again_of")
        factor = o.values.get("factor")
        n = self.open(o.subject, o.label, para, offset, clause, o.year)
        n.values["again_of"] = again if isinstance(again, int) else len(self.figures) - 1
        n.parent = o.parent
        n.measure = o.measure
        n.values["factor"] = factor if isinstance(factor, Decimal) else Decimal(10000)
        return n

    def _against_budget(
        self, versus: re.Match[str], rest: str, para: Paragraph, offset: int, clause: str
    ) -> bool:
        """``41万元，较上年减少19万元，下降31.67%，较年初预算数减少4万元，下降2.2%``: a change
        against the budget (after the figure's own, or its only one) is a comparison of its own
        — a figure of the same subject without an amount, whose rate is read with it (the
        budget is 41 + 4)."""
        o = self.current
        if o is None or versus.group(3) is None or w.AMOUNT.search(rest):
            return False
        words = versus.group(0)
        if "%" in words:  # 相比年初预算数6200万元下降62.1%: the rate on the budget it names
            if versus.group(1) is None:
                return False
            n = self._compared_again(o, para, offset, clause)
            n.values["prior"] = self._in(n, Decimal(versus.group(1)), w.factor(versus.group(2)))
            n.values["growth"] = w.percent(versus.group(4), w.sign(versus.group(3)), words)
            n.values["base"] = f"{w.budget_kind(words)}预算"
            return True
        n = self._compared_again(o, para, offset, clause)
        factor = n.values["factor"]
        assert isinstance(factor, Decimal)
        unit = w.AMOUNT.search(words)
        value = Decimal(versus.group(4)) * w.sign(versus.group(3))
        n.values["change"] = self._in(n, value, w.factor(unit.group(2)) if unit else factor)
        n.values["change_text"] = words
        n.values["base"] = f"{w.budget_kind(words)}预算"
        self.other_base = False  # the rate after it is this comparison's
        return True

    def _earlier_amount(
        self, o: _Open | None, subject: str | None, year: int | None
    ) -> tuple[Decimal, Decimal, int, str | None] | None:
        """2025年执行数为380万元，2026年预算安排392.77万元: a figure of an earlier year, in the
        same clause group, that stated only its amount is the prior of the one that follows. It
        is taken off the figures (amount, its unit, its year, its subject)."""
        if o is None or year is None or o.year is None or o.year >= year:
            return None
        if o.segment != self.segment or set(o.values) - {"amount", "amount_text", "factor"}:
            return None
        if subject is not None and o.subject is not None and subject != o.subject:
            return None
        amount, factor = o.values.get("amount"), o.values.get("factor")
        if not isinstance(amount, Decimal) or not isinstance(factor, Decimal):
            return None
        self.current = None
        self.prior_label = o.label
        return amount, factor, o.year, o.subject

    @staticmethod
    def _in(o: _Open, value: Decimal, unit: Decimal) -> Decimal:
        """A money value in the figure's unit (the unit of its first money value)."""
        factor = o.values.setdefault("factor", unit)
        assert isinstance(factor, Decimal)
        return value if factor == unit else value * unit / factor


def figures(paras: list[Paragraph], year: int | None, stage: str) -> tuple[Figure, ...]:
    """The figures the paragraphs state, in reading order."""
    r = _Reader(year, stage)
    for para in paras:
        r.paragraph(para)
    r.close()
    return tuple(r.figures)
