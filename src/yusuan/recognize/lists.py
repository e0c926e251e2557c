"""其中 lists in prose: which total a figure is listed under.

A list opens where a sentence says 其中 (其中包括, 具体如下 …) after the figure it is of — when
the sentence before stated that figure (按项目类型分为三类。其中：货物类… lists no total of this
page). It goes on through numbered items and past a paragraph that ends with ：; past any other
sentence or paragraph only with an item of the kind listed last (工资福利支出…。\\n商品和服务支出…).
An item the vocabulary puts under the total, or elsewhere (项目支出…其中：工资福利支出), stays in
the list; a peer of the total or a higher item ends it (…；项目支出…). A figure listed nowhere
may still be a part the vocabulary knows of the last figure of its parent subject (公务接待费 of
“三公”经费).
"""

from __future__ import annotations

import re

from yusuan.lang import VOCABULARY
from yusuan.model.prose import Figure


class Lists:
    """The 其中 lists open while a page is read."""

    def __init__(self) -> None:
        self.stack: list[int] = []  # figures a list is of, innermost last
        self.pending = False  # a clause said 其中 / 如下 with nothing after it yet
        self.since = 0  # the sentence that said it
        self.loose = False  # past a sentence or paragraph: goes on only with a like item
        self.waiting = False  # its total was restated before its first item
        self.item: str | None = None  # the marker of the numbered item being read (1. or (1))
        self.said_item: str | None = None  # … when the pending 其中 was said
        self.said_owner: str | None = None  # the amount a pending list in brackets followed
        self.by_kind = False  # the pending list said how it breaks a total down (分…看)
        self.bracketed: set[int] = set()  # the figures whose lists were printed in brackets
        self.by_kinds: set[int] = set()  # … broken down by kind (分项目看：…), up to a ；
        self.semicolon = False  # the list was made loose by a ；, not by its sentence's end
        self.opened_in: dict[int, str] = {}  # a list's figure → the item marker it opened under

    def item_begins(self, marker: str, figures: list[Figure]) -> None:
        """A paragraph opens a numbered item: a list opened inside the item before it, with its
        marker, ends with that item once it holds an item (``2.事业收入…，其中：…。`` then
        ``3.其他收入…``: 其他收入 is the outer list's)."""
        self.item = marker
        while (
            self.stack
            and self.opened_in.get(self.stack[-1]) == marker
            and any(f.parent == self.stack[-1] for f in figures)
        ):
            self.stack.pop()

    def said(self, sentence: int, owner: str | None = None, by_kind: bool = False) -> None:
        """A clause said 其中 (or 如下 …) in this sentence; ``owner``: the list was printed in
        brackets after that amount, and is read after its clause
        (:func:`~yusuan.recognize.wording.lists_last`); ``by_kind``: it said how the list
        breaks a total down (分支出级次看), perhaps not the last one stated."""
        self.pending, self.since, self.said_item = True, sentence, self.item
        self.said_owner = owner
        self.by_kind = by_kind

    def clause_after_semicolon(self) -> None:
        """A clause after a ；: a list that was in brackets goes on only with a like item
        (``…下降7.9%；其中：老边区本级…；站前区…`` — 站前区 is the outer list's)."""
        if self.stack and (self.stack[-1] in self.bracketed or self.stack[-1] in self.by_kinds):
            self.loose = True  # (分项目看：税收…，非税…；上级转移支付…: the breakdown is over)
            self.semicolon = True  # (…unless a like item follows)

    def heading(self) -> None:
        self.stack.clear()
        self.pending = self.waiting = False
        self.said_item = self.said_owner = None

    def opening(self, figures: list[Figure], said_in: list[int], label: str = "") -> None:
        """A figure (of ``label``) is about to be opened: the list a 其中 said before it is of the
        last figure, if the sentence before stated it (a second comparison's list is of the
        first); a breakdown by kind (分支出级次看，旗本级公共财政预算支出…) is of the last total
        that names what its first item does (全旗公共财政预算支出…, not 兑付上级专项资金 after it)."""
        if self.said_owner == "?":  # brackets after no amount: a list of no figure read
            self.pending, self.said_owner = False, None
        if self.pending and figures and said_in[-1] >= self.since - 1:
            last = figures[-1]
            if self.by_kind:
                last = next(
                    (
                        f
                        for f in reversed(figures[-8:])
                        if f.parent is None and _alike(f.label, label)
                    ),
                    last,
                )
                if any(f.parent == last.index for f in figures):
                    self.pending = False  # its 其中 listed already: a second partition, not read
                    return
            if _BOUND.match(last.label) and len(figures) > 1:
                last = figures[-2]  # …，控制在限额X以内。其中：… lists the amount bounded
            if self.said_owner:  # the figure whose amount the brackets followed
                last = next(
                    (
                        f
                        for f, said in zip(reversed(figures), reversed(said_in), strict=True)
                        if said == self.since and f.amount_text == self.said_owner
                    ),
                    last,
                )
            self.stack.append(last.again_of if last.again_of is not None else last.index)
            if self.said_item is not None:
                self.opened_in[self.stack[-1]] = self.said_item
            if self.said_owner is not None:
                self.bracketed.add(self.stack[-1])
            if self.by_kind:
                self.by_kinds.add(self.stack[-1])
            self.loose = False
        self.pending = False

    def parent(self, subject: str | None, label: str, figures: list[Figure]) -> int | None:
        """The total the figure of ``subject`` is listed under (lists it ends are closed). The
        list's total restated before its first item (与上年相比，…支出增加25万元) is no item of
        it, and the list waits for its items past it."""
        if _BOUND.match(label):
            self.stack.clear()  # …，控制在限额X之内: the list is over; the bound is the total's
            return None
        listing = self.stack[-1] if self.stack else None
        if (
            listing is not None
            and _same(figures[listing], subject, label)
            and not any(f.parent == listing for f in figures)
        ):
            self.waiting = True
            return None
        if self.loose and self.stack:
            self.loose = False
            semicolon, self.semicolon = self.semicolon, False
            listing = self.stack[-1]
            last = next((f for f in reversed(figures) if f.parent == listing), None)
            waited, self.waiting = self.waiting and last is None, False
            if (
                waited
                or (subject and last and last.subject and peer(subject, last.subject))
                or (
                    semicolon
                    and last is not None
                    and listing in self.by_kinds
                    and _alike(last.label, label)
                )
            ):
                pass  # a like item: the list goes on (…旗本级…支出完成…；苏木镇…支出完成…)
            elif (
                (listing in self.bracketed or listing in self.by_kinds)
                and len(self.stack) > 1
                and self.stack[-2] != listing
            ):
                self.stack.pop()  # …(A…，B…)；C…: the brackets' list is over, the outer goes on
            else:
                self.stack.clear()
        while self.stack:
            top = figures[self.stack[-1]] if self.stack[-1] < len(figures) else None
            if top is None:
                self.stack.pop()
                continue
            if subject is None or top.subject is None or descends(subject, top.subject):
                return top.index
            if not (peer(subject, top.subject) or descends(top.subject, subject)):
                return top.index  # 项目支出…其中：工资福利支出 (the vocabulary has it elsewhere)
            self.stack.pop()  # a peer or a higher item ends the list (…；项目支出…)
        if subject is not None and (above := VOCABULARY.subjects[subject].parent):
            for f in reversed(figures):  # a part the vocabulary knows: 公务接待费 of 三公
                if f.subject == above and f.again_of is None:
                    return f.index
        return None


_YEAR = re.compile(r"\d{4}\s*年度?|\s")
#: a clause that bounds the amount before it, not an item of its list: 控制在…限额X之内,
#: 不超过…X, 低于…X
_BOUND = re.compile(
    r"^(?:均|总体)?(?:控制在|不超过|未超过|不高于|低于|在)(?=.*(?:限额|上限|控制数))"
)


def _alike(total: str, item: str) -> bool:
    """The item's label names what the total's does: four characters in a row of the one are
    in the other (旗本级公共财政预算支出 and 全旗公共财政预算支出累计完成)."""
    return any(item[i : i + 4] in total for i in range(len(item) - 3))


def _same(total: Figure, subject: str | None, label: str) -> bool:
    """A figure of the total's own subject (or, neither known to the vocabulary, its label)."""
    if subject is not None or total.subject is not None:
        return subject == total.subject
    return bool(label) and _YEAR.sub("", label) == _YEAR.sub("", total.label)


def peer(a: str, b: str) -> bool:
    """Two subjects at the same place in the vocabulary (基本支出 and 项目支出; 公务接待费 and
    因公出国（境）费)."""
    sa, sb = VOCABULARY.subjects.get(a), VOCABULARY.subjects.get(b)
    return sa is not None and sb is not None and sa.parent == sb.parent


def descends(subject: str, ancestor: str) -> bool:
    """``subject`` is under ``ancestor`` in the vocabulary, or one of its listed parts."""
    return ancestor in VOCABULARY.ancestors(subject) or any(
        d.total == ancestor and subject in d.parts for d in VOCABULARY.decompositions
    )
