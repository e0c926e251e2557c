"""Narrative recognition: paragraphs, and the statements (amounts, changes, reasons) in them.

Example: ``公务接待费1万元，比2025年减少1万元，主要原因是…`` gives a statement with subject
``公务接待费``, amount 1 (万元), change ``减少 1`` against 2025 and the reason text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.lang import VOCABULARY
from yusuan.model.narrative import Change, Paragraph, Statement
from yusuan.model.provenance import Source
from yusuan.money import Unit, number
from yusuan.readers.raw import RawLine
from yusuan.recognize.wrap import reaches_right_edge, right_edges

_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
_NUM = r"(\d[\d,]*(?:\.\d+)?)"
_MONEY = re.compile(r"(?<![\d.,A-Za-z])" + _NUM + r"\s*(万元|元|万)(?![/／每件次])")
_CHANGE = re.compile(
    r"(?:比|较)\s*(上年度?|\d{4}\s*年度?)([^，。；、]{0,12}?)(增加|减少|增长|下降|上升|降低)了?\s*"
    + _NUM
    + r"\s*(万元|元|万|%|％)"
)
_FLAT = re.compile(r"(?:与|和|比|较)\s*(上年度?|\d{4}\s*年度?)([^，。；]{0,12}?)持平")
_PART = re.compile(
    r"^(?:主要是|主要为|其中[:：]?)?([^，。；]*?)(增加|减少|增长|下降)了?\s*"
    + _NUM
    + r"\s*(万元|元|万|%|％)"
)
_REASON = re.compile(r"主要原因是[:：]?(.+)$")
_CODE = re.compile(r"[（(](\d{3})类[）)].*?[（(](\d{2})款[）)](?:.*?[（(](\d{2})项[）)])?")
_YEAR = re.compile(r"(\d{4})年")
_ITEM = re.compile(r"^\d{1,2}[、.．](?!\d)\s*")
_CLEAN_SUBJECT = re.compile(
    r"^(?:其中[:：]?|主要是|主要为|[（(][一二三四五六七八九十]+[）)]|\d+[、.．])+"
)

_SENTENCES = re.compile(r"(?<=[。；;])")
_CLAUSES = re.compile(r"[，；;。]|,(?!\d{3})")
_LIST = re.compile(r"[、：:]")
_UP = {"增加", "增长", "上升"}


@dataclass
class _Builder:
    subject: str
    amount: Decimal | None
    unit: Unit
    source: Source
    text: str
    section: str
    change: Change | None = None
    prior: Decimal | None = None
    reason: str | None = None
    code: str | None = None
    parts: list[_Builder] = field(default_factory=list)
    restated: list[tuple[Decimal, Source]] = field(default_factory=list)

    def freeze(self) -> Statement:
        return Statement(
            subject=self.subject,
            amount=self.amount,
            unit=self.unit,
            source=self.source,
            text=self.text,
            section=self.section,
            change=self.change,
            prior=self.prior,
            restated=tuple(self.restated),
            reason=self.reason,
            code=self.code,
            parts=tuple(p.freeze() for p in self.parts),
        )


def paragraphs(lines: list[RawLine], path: str, positional: bool = False) -> list[Paragraph]:
    """Join wrapped lines into paragraphs and track section headings."""
    out: list[Paragraph] = []
    buf: list[RawLine] = []
    section = ""

    def flush() -> None:
        if buf:
            starts: list[tuple[int, int, int]] = []
            offset = 0
            for x in buf:
                starts.append((offset, x.page, x.number))
                offset += len(x.text)
            text = "".join(x.text for x in buf)
            lead = len(text) - len(text.lstrip())
            starts = [(max(0, o - lead), p, n) for o, p, n in starts]
            confs = [x.confidence for x in buf if x.confidence is not None]
            src = Source(
                file=path,
                page=buf[0].page,
                line=buf[0].number,
                confidence=min(confs) if confs else None,  # OCR: its least sure number
            )
            out.append(Paragraph(text.strip(), section, src, tuple(starts)))
            buf.clear()

    right = right_edges(lines) if positional else {}
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        starts_new = bool(_HEADING.match(text) or _ITEM.match(text))
        if (
            starts_new
            or not buf
            or (
                buf[-1].text.rstrip().endswith(("。", "：", ":", "；"))
                and not _wrapped_after_colon(buf[-1], right)
            )
            or _is_heading_line(buf[-1].text)
        ):
            flush()
            if _HEADING.match(text):
                section = text[:30] if _HEADING.match(text) and len(text) <= 30 else section
        buf.append(line)
    flush()
    return out


def _wrapped_after_colon(line: RawLine, right: dict[int, float]) -> bool:
    """A PDF line that ends with ：/； because the sentence wrapped there: it runs to the right
    edge of the text column, so the paragraph goes on (a paragraph's last line stops short)."""
    if line.text.rstrip().endswith("。"):
        return False
    return len(line.cells) == 1 and reaches_right_edge(line, right)


def _is_heading_line(text: str) -> bool:
    t = text.strip()
    return bool(_HEADING.match(t)) and len(t) <= 20 and not t.endswith("。")


def _unit(word: str) -> Unit:
    return Unit.YUAN if word == "元" else Unit.WAN


def _subject(text: str) -> str:
    s = _CLEAN_SUBJECT.sub("", text.strip())
    s = re.sub(r"\d{4}\s*年度?", "", s).replace(" ", "")
    return s.strip("：:，, 为").removesuffix("为").removesuffix("数为")


def statements(paras: list[Paragraph], year: int | None) -> list[Statement]:
    """Extract amount statements from paragraphs."""
    out: list[_Builder] = []
    current: _Builder | None = None
    for para in paras:
        if _HEADING.match(para.text) or _ITEM.match(para.text):
            current = None  # a new item or section; a plain paragraph continues the last item
        code = None
        if m := _CODE.search(para.text):
            code = m.group(1) + m.group(2) + (m.group(3) or "")
        cursor = 0
        for sentence in _SENTENCES.split(para.text):
            if not sentence.strip():
                continue
            reason = m.group(1).strip("。；") if (m := _REASON.search(sentence)) else None
            body = sentence[: m.start()] if m else sentence
            last_change_owner: _Builder | None = None
            for clause in _clauses(body):
                if not clause.strip():
                    continue
                pos = para.text.find(clause, cursor)
                if pos >= 0:
                    cursor = pos + len(clause)
                src = para.at(max(pos, 0))
                current, owner = _clause(
                    clause, para, src, year, current, code, out, last_change_owner
                )
                if owner is not None:
                    last_change_owner = owner
            if reason and current is not None:
                target = last_change_owner or _owner(body, current, out)
                if target is not None:
                    target.reason = reason
    return [b.freeze() for b in out]


def _owner(body: str, current: _Builder, out: list[_Builder]) -> _Builder | None:
    """Whose reason a sentence gives: the statement before it, unless the sentence names another
    subject (``“三公”经费支出决算减少主要原因是…`` after the items' clauses) — then the last
    statement of that subject, or none."""
    key = VOCABULARY.subject_of(body)
    if key is None or key == VOCABULARY.subject_of(current.subject):
        return current
    return next((b for b in reversed(out) if VOCABULARY.subject_of(b.subject) == key), None)


def _clauses(body: str) -> list[str]:
    """Split a sentence into clauses; a clause listing several amounts is split on 、 and ：."""
    out: list[str] = []
    for clause in _CLAUSES.split(body):
        if len(_MONEY.findall(clause)) > 1:
            out.extend(_LIST.split(clause))
        else:
            out.append(clause)
    return out


def _clause(
    clause: str,
    para: Paragraph,
    src: Source,
    year: int | None,
    current: _Builder | None,
    code: str | None,
    out: list[_Builder],
    change_owner: _Builder | None,
) -> tuple[_Builder | None, _Builder | None]:
    change: Change | None = None
    rest = clause
    if m := _CHANGE.search(clause):
        base = None if m.group(1).startswith("上年") else int(m.group(1)[:4])
        direction = "增加" if m.group(3) in _UP else "减少"
        value = number(m.group(4))
        pct = m.group(5) in ("%", "％")
        change = Change(
            direction, None if pct else value, value if pct else None, base, m.group(1) + m.group(2)
        )
        rest = clause[: m.start()] + clause[m.end() :]
    elif m := _FLAT.search(clause):
        base = None if m.group(1).startswith("上年") else int(m.group(1)[:4])
        change = Change("持平", Decimal(0), None, base, m.group(1) + m.group(2))
        rest = clause[: m.start()] + clause[m.end() :]
    money = _MONEY.search(rest)
    part = _PART.match(clause.strip()) if change is None else None
    if part is not None and change_owner is not None and change_owner.change is not None:
        direction = "增加" if part.group(2) in _UP else "减少"
        value = number(part.group(3))
        pct = part.group(4) in ("%", "％")
        p = _Builder(_subject(part.group(1)), None, _unit(part.group(4)), src, clause, para.section)
        p.change = Change(direction, None if pct else value, value if pct else None, None, "")
        change_owner.parts.append(p)
        return current, None
    if money is None and change is None:
        return current, None
    if money is not None:
        subject = _subject(rest[: money.start()])
        amount = number(money.group(1))
        unit = _unit(money.group(2))
        years = [int(y) for y in _YEAR.findall(rest[: money.start()])]
        if (
            current is not None
            and years
            and year is not None
            and years[-1] < year
            and change is None
        ):
            current.prior = amount  # "2025年当年预算执行数为1690.69万元"
            return current, None
        if (
            current is not None
            and years
            and year is not None
            and years[-1] == year
            and not subject.replace("预算安排", "").strip()
        ):
            current.restated.append((amount, src))  # "2026年预算安排1672.67万元"
            return current, None
        if not subject and current is not None:
            if change is not None:
                current.change = change
                return current, current
            return current, None
        b = _Builder(subject, amount, unit, src, clause, para.section, change=change, code=code)
        out.append(b)
        return b, (b if change else None)
    # a change with no amount of its own: "收入比2025年减少5.94万元" or "，比2025年减少1万元"
    subject = _subject(rest)
    if (not subject or subject == "") and current is not None:
        current.change = change
        return current, current
    b = _Builder(subject, None, Unit.WAN, src, clause, para.section, change=change, code=code)
    out.append(b)
    return b, b
