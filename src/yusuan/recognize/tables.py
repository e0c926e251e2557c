"""Build a :class:`~yusuan.model.tables.Table` from the lines of one table block."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from yusuan.model.provenance import Source
from yusuan.model.tables import Cell, Row, Table, TableKind
from yusuan.money import Unit, is_amount, parse_amount
from yusuan.readers.raw import RawCell, RawLine
from yusuan.recognize.columns import (
    CODE,
    CODE_PART,
    NAME,
    TWO_SIDED,
    Anchor,
    build_anchors,
    column_key,
    nearest,
    normalize,
    side_boundary,
)
from yusuan.recognize.titles import is_note

_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_CODE_HEAD = re.compile(r"^\d{3}$")
_CODE_TAIL = re.compile(r"^\d{2}$")
_UNIT_LINE = re.compile(r"单位\s*[:：]\s*(万元|元)")
_ISSUER = re.compile(r"编制(?:部门|单位)\s*[:：]\s*(.+?)(?:\s+单位\s*[:：].*)?$")
_HEADER_WORDS = {"类", "款", "项", "无", "数"}


@dataclass
class TableBlock:
    """Lines of one table, from its title to the next block."""

    kind: TableKind
    title: RawLine
    lines: list[RawLine] = field(default_factory=list)


@dataclass
class _Candidate:
    line: RawLine
    side: str | None
    labels: list[RawCell]
    values: list[tuple[Anchor, RawCell]]
    wrapped: list[tuple[float, str]] = field(
        default_factory=list
    )  # (y, text) of wrapped name parts


def _is_data_line(line: RawLine) -> bool:
    filled = line.filled
    if not filled:
        return False
    if any(is_amount(c.text) for c in filled):
        return True
    first = normalize(filled[0].text)
    if first in {"合计", "总计"}:
        return len(filled) == 1
    return bool(_CODE.match(first))


def _is_header_like(line: RawLine, kind: TableKind, keys: frozenset[str]) -> bool:
    """A repeated header line on a continuation page: only this table's header words."""
    filled = line.filled
    if not filled or any(is_amount(c.text) for c in filled):
        return False
    if len(filled) == 1:
        t = normalize(filled[0].text)
        return t in _HEADER_WORDS or column_key(t, kind) in (CODE, NAME, CODE_PART)
    return all(
        column_key(c.text, kind) in keys
        or normalize(c.text) in _HEADER_WORDS
        or normalize(c.text).endswith(("支出", "预算数", "收入预算", "支出预算"))
        for c in filled
    )


def parse_table(
    block: TableBlock, path: str, default_unit: Unit, positional: bool
) -> tuple[Table, str | None]:
    """Parse a table block. Returns the table and the issuer (编制部门) if printed."""
    title = "".join(block.title.compact.split())
    unit = Unit.parse(m.group(1)) if (m := _UNIT_LINE.search(block.title.text)) else None
    issuer: str | None = None
    header: list[RawLine] = []
    body: list[RawLine] = []
    notes: list[str] = []
    started = False
    for line in block.lines:
        text = line.text
        if m := _UNIT_LINE.search(text):
            unit = Unit.parse(m.group(1)) or unit
            if i := _ISSUER.search(text):
                issuer = i.group(1).strip()
            if len(line.filled) <= 2 or i:
                continue
        if is_note(text) or (notes and not _is_data_line(line)):
            notes.append(line.compact)
            continue
        if not started and not _is_data_line(line):
            header.append(line)
            continue
        started = True
        body.append(line)
    unit = unit or default_unit
    # the first part of a wrapped name above the first data row is not a header line
    while positional and header and body and _is_name_fragment(header[-1], body[0], block.kind):
        body.insert(0, header.pop())
    anchors = build_anchors(header, block.kind, positional)
    header_texts = {h.compact for h in header}
    header_keys = frozenset(a.key for a in anchors) | {CODE, NAME, CODE_PART}
    source = Source(file=path, page=block.title.page, line=block.title.number, table=title)
    candidates: list[_Candidate] = []
    for line in body:
        if line.compact in header_texts or _is_header_like(line, block.kind, header_keys):
            continue
        if normalize(line.text) == "无":
            continue
        candidates.extend(_split_line(line, anchors, block.kind, positional))
    if positional and block.kind not in TWO_SIDED:  # summary-table labels do not wrap
        candidates = _merge_wrapped(candidates)
    group_name = _group_row_name(header)
    rows = tuple(
        r
        for c in candidates
        if (r := _make_row(c, title, path, block.kind, group_name)) is not None
    )
    columns = tuple(dict.fromkeys(a.key for a in anchors if a.key not in (CODE, NAME, CODE_PART)))
    note = "".join(notes) or None
    headers = tuple({a.key: a.label for a in anchors if a.key in columns}.items())
    return Table(block.kind, title, unit, columns, rows, source, note, headers), issuer


def _is_name_fragment(line: RawLine, first_row: RawLine, kind: TableKind) -> bool:
    close = abs(line.y - first_row.y) <= 1.7 * (line.height or 10.0)
    return close and all(
        column_key(c.text, kind) is None and normalize(c.text) not in _HEADER_WORDS
        for c in line.filled
    )


def _group_row_name(header: list[RawLine]) -> str:
    for line in header:
        for c in line.filled:
            if re.fullmatch(r"\d{4}年预算数", normalize(c.text)):
                return normalize(c.text)
    return "预算数"


def _split_line(
    line: RawLine, anchors: list[Anchor], kind: TableKind, positional: bool
) -> list[_Candidate]:
    filled = line.filled
    if kind not in TWO_SIDED and not any(a.side for a in anchors):
        return [_candidate(line, None, list(filled), anchors, positional)]
    boundary = side_boundary(anchors)
    if boundary is None:
        return [_candidate(line, None, list(filled), anchors, positional)]
    if positional:
        income = _income_cells(filled, anchors, boundary)
    else:
        income = [c for c in filled if c.x0 < boundary]
    expense = [c for c in filled if c not in income]
    out = []
    for side, cells in (("income", income), ("expenditure", expense)):
        side_anchors = [a for a in anchors if a.side == side]
        if cells:
            out.append(_candidate(line, side, cells, side_anchors, positional))
    return out


def _income_cells(
    filled: tuple[RawCell, ...], anchors: list[Anchor], boundary: float
) -> list[RawCell]:
    """Cells of the first (income / left) group of a PDF row: each cell goes to the side of the
    header anchor nearest to its centre (labels and numbers are aligned differently from their
    headers, so a single x boundary misplaces some of them)."""
    sided = [a for a in anchors if a.side]
    if not sided:
        return [c for c in filled if c.x0 < boundary]
    first = sided[0].side
    return [c for c in filled if min(sided, key=lambda a: abs(a.center - c.center)).side == first]


def _candidate(
    line: RawLine, side: str | None, cells: list[RawCell], anchors: list[Anchor], positional: bool
) -> _Candidate:
    labels: list[RawCell] = []
    values: list[tuple[Anchor, RawCell]] = []
    for c in cells:
        if not is_amount(c.text) and _looks_numeric(c.text):
            a = nearest(anchors, c, positional)
            if a is not None:
                values.append((a, c))  # kept as an unreadable amount, never guessed
                continue
        if is_amount(c.text) and not (_is_code_cell(c, anchors, positional)):
            a = nearest(anchors, c, positional)
            if a is not None:
                values.append((a, c))
                continue
        labels.append(c)
    return _Candidate(line, side, labels, values)


_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、])")
_NUMERICISH = re.compile(r"^[\d,.，．xX\s-]+$")


@lru_cache(maxsize=8192)
def _looks_numeric(text: str) -> bool:
    """Digits with stray characters (``1,2x3.02``, ``12..5``): meant as an amount, unreadable."""
    t = text.strip()
    return bool(_NUMERICISH.match(t)) and sum(ch.isdigit() for ch in t) >= 2 and not _CODE.match(t)


def _is_code_cell(cell: RawCell, anchors: list[Anchor], positional: bool) -> bool:
    """Digits in the code columns are codes, not amounts."""
    t = cell.text.strip()
    if not (_CODE.match(t) or _CODE_TAIL.match(t)):
        return False
    code_anchors = [a for a in anchors if a.key in (CODE, CODE_PART)]
    value_anchors = [a for a in anchors if a.key not in (CODE, NAME, CODE_PART)]
    if not code_anchors:
        return False
    if not value_anchors:
        return True
    first_value = min(a.x0 for a in value_anchors)
    return (
        cell.x1 <= first_value - (0 if not positional else 2)
        if positional
        else cell.x0 < first_value
    )


def _merge_wrapped(cands: list[_Candidate]) -> list[_Candidate]:
    """Join label-only fragments of wrapped cells into the nearest row (PDF)."""
    out: list[_Candidate] = []
    fragments: list[_Candidate] = []
    for c in cands:
        if (
            not c.values
            and not _code_of(c.labels)
            and c.labels
            and not _ENUMERATOR.match(c.labels[0].text)
        ):
            fragments.append(c)
        else:
            out.append(c)
    for f in fragments:
        h = f.line.height or 10.0
        best = min(
            (o for o in out if o.side == f.side and o.line.page == f.line.page),
            key=lambda o: abs(o.line.y - f.line.y),
            default=None,
        )
        if best is not None and abs(best.line.y - f.line.y) <= 1.7 * h:
            best.wrapped.append((f.line.y, "".join(x.text for x in f.labels)))
            continue
        out.append(f)
    out.sort(key=lambda c: (c.line.page, -c.line.y, c.side != "income"))
    return out


def _code_of(labels: list[RawCell]) -> str | None:
    texts = [c.text.strip() for c in labels]
    if texts and _CODE.match(texts[0]):
        code = texts[0]
        if _CODE_HEAD.match(code):
            for t in texts[1:3]:
                if _CODE_TAIL.match(t):
                    code += t
                else:
                    break
        return code
    return None


def _make_row(c: _Candidate, table: str, path: str, kind: TableKind, group_name: str) -> Row | None:
    code = _code_of(c.labels)
    texts = [x.text.strip() for x in c.labels]
    if code:
        used = 1 + (len(code) - 3) // 2 if len(texts[0]) == 3 else 1
        texts = texts[used:]
    if c.wrapped:
        pieces = sorted([(c.line.y, "".join(texts)), *c.wrapped], key=lambda p: -p[0])
        texts = [t for _, t in pieces]
    name = "".join("".join(texts).split())
    if not name and not code:
        if not c.values:
            return None
        name = group_name if kind is TableKind.THREE_PUBLIC else ""
    src = Source(file=path, page=c.line.page, line=c.line.number, table=table, row=name or code)
    cells: dict[str, Cell] = {}
    for anchor, cell in c.values:
        if anchor.key in cells:
            continue
        try:
            value: Decimal | None = parse_amount(cell.text)
        except ValueError:
            value = None  # unreadable: reported by rule A011, never guessed
        cells[anchor.key] = Cell(value, cell.text, src.at(column=anchor.label))
    side = c.side if kind in TWO_SIDED else None  # side-by-side groups are one list of rows
    return Row(name, code, side, tuple(cells.items()), src)
