"""Build a :class:`~yusuan.model.tables.Table` from the lines of one table block."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from yusuan.model.provenance import Source
from yusuan.model.tables import Cell, Row, Table, TableKind
from yusuan.money import DASHES, Unit, is_amount, label_unit, parse_amount
from yusuan.readers.raw import RawCell, RawLine
from yusuan.recognize.columns import (
    CODE,
    CODE_PART,
    LABEL_KEYS,
    NAME,
    TWO_SIDED,
    Anchor,
    build_anchors,
    column_key,
    normalize,
    side_boundary,
)
from yusuan.recognize.titles import is_note

_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_CODE_HEAD = re.compile(r"^\d{3}$")
#: a code printed with spaces (``301 2`` for 30102, ``201 03 01``): one code, its parts padded
_SPLIT_CODE = re.compile(r"^(\d{3})\s+(\d{1,2})(?:\s+(\d{1,2}))?$")
_CODE_TAIL = re.compile(r"^\d{2}$")
_UNIT_LINE = re.compile(r"单位\s*[:：]\s*(万元|元)")
_ISSUER = re.compile(r"编制(?:部门|单位)\s*[:：]\s*(.+?)(?:\s+单位\s*[:：].*)?$")
#: A piece of a row printed on another line (wrapped name, code, amounts) lies within this many
#: line heights of the row it belongs to; real rows are further apart.
WRAP_DISTANCE = 1.7
_CODE_HEADS = {"类", "款", "项"}
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


def _is_data_line(line: RawLine, kind: TableKind) -> bool:
    filled = line.filled
    if not filled:
        return False
    if any(is_amount(c.text) for c in filled):
        return True
    if kind in TWO_SIDED and _ENUMERATOR.match(filled[0].text):
        return True  # a label row of an empty summary table (一、一般公共预算财政拨款收入)
    first = normalize(filled[0].text)
    if first in {"合计", "总计"}:
        return len(filled) == 1
    return bool(_CODE.match(joined_code(first)))


def _is_header_like(line: RawLine, kind: TableKind, keys: frozenset[str]) -> bool:
    """A repeated header line on a continuation page: only this table's header words."""
    filled = line.filled
    if not filled or any(is_amount(c.text) for c in filled):
        return False
    if len(filled) == 1:
        t = normalize(filled[0].text)
        return t in _HEADER_WORDS - _CODE_HEADS or column_key(t, kind) in (CODE, NAME)
    if kind in TWO_SIDED and not any(column_key(c.text, kind) == NAME for c in filled):
        return False  # a repeated summary-table header always has its 项目 column
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
        if is_note(text) or (notes and not _is_data_line(line, block.kind)):
            notes.append(line.compact)
            continue
        if not started and not _is_data_line(line, block.kind):
            header.append(line)
            continue
        started = True
        body.append(line)
    # the first part of a wrapped name above the first data row is not a header line
    while positional and header and body and _is_name_fragment(header[-1], body[0], block.kind):
        body.insert(0, header.pop())
    anchors = build_anchors(header, block.kind, positional)
    if positional:
        body = _join_split_lines(body)
    header_texts = {h.compact for h in header}
    header_keys = frozenset(a.key for a in anchors) | {CODE, NAME, CODE_PART}
    source = Source(file=path, page=block.title.page, line=block.title.number, table=title)
    candidates: list[_Candidate] = []
    for line in body:
        if (len(line.compact) > 2 and line.compact in header_texts) or _is_header_like(
            line, block.kind, header_keys
        ):
            continue
        if normalize(line.text) == "无" or all(
            set(c.text) <= {"…", ".", "．"} for c in line.filled
        ):
            continue  # "无" and "……" placeholder lines (templates) are not rows
        candidates.extend(_split_line(line, anchors, block.kind, positional))
    if positional:
        candidates = _merge_wrapped(candidates, short_only=block.kind in TWO_SIDED)
    group_name = _group_row_name(header)
    rows = tuple(
        r
        for c in candidates
        if (r := _make_row(c, title, path, block.kind, group_name)) is not None
    )
    measures = list(dict.fromkeys(a.key.partition("|")[2] for a in anchors if "|" in a.key))
    if measures:
        rows = _by_measure(rows, measures, source)
    if not rows and any(h.filled and normalize(h.filled[0].text) == "合计" for h in header):
        rows = (
            Row("合计", None, None, (), source.at(row="合计")),
        )  # 合计 printed inside the header
    columns = tuple(
        dict.fromkeys(a.key.split("|")[0] for a in anchors if a.key not in (CODE, NAME, CODE_PART))
    )
    note = "".join(notes) or None
    headers = tuple({a.key: a.label for a in anchors if a.key in columns}.items())
    # no 单位 line: the unit printed after the amount columns' labels (总计（万元）), the same
    # labels rule C005 reads (单价（元） is not an amount column), else the document's
    unit = unit or label_unit(label for _, label in headers) or default_unit
    return Table(block.kind, title, unit, columns, rows, source, note, headers), issuer


def _column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _by_measure(rows: tuple[Row, ...], measures: list[str], table: Source) -> tuple[Row, ...]:
    """决算 三公: the printed line with a 预算数 and a 决算数 per item becomes one row per measure
    (an empty table still has its two rows, with no values)."""
    out: list[Row] = []
    for r in rows or (Row("", None, None, (), table),):
        by: dict[str, dict[str, Cell]] = {m: {} for m in measures}
        for key, cell in r.cells:
            base, _, measure = key.partition("|")
            by.setdefault(measure, {})[base] = cell
        for measure, cells in by.items():
            out.append(Row(measure, None, None, tuple(cells.items()), r.source.at(row=measure)))
    return tuple(out)


def _join_split_lines(lines: list[RawLine]) -> list[RawLine]:
    """Join visual lines closer than a line height: one table row printed on staggered
    baselines (codes a little above names, amounts a little below). Cells that overlap
    horizontally are one cell whose text continues downwards."""
    out: list[RawLine] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.page == line.page
            and 0 < prev.y - line.y < 0.85 * max(prev.height, line.height)
        ):
            out[-1] = _union(prev, line)
        else:
            out.append(line)
    return out


def _min_conf(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else min(a, b)


def _union(upper: RawLine, lower: RawLine) -> RawLine:
    cells = sorted(upper.filled, key=lambda c: c.x0)
    for c in lower.filled:
        for i, u in enumerate(cells):
            if min(u.x1, c.x1) - max(u.x0, c.x0) > 0 and not (
                is_amount(u.text) or is_amount(c.text)
            ):
                cells[i] = RawCell(
                    u.text + c.text, min(u.x0, c.x0), max(u.x1, c.x1), _min_conf(u.conf, c.conf)
                )
                break
        else:
            cells.append(c)
    cells.sort(key=lambda c: c.x0)
    return RawLine(
        upper.page,
        upper.number,
        tuple(cells),
        (upper.y + lower.y) / 2,
        max(upper.height, lower.height),
    )


def _is_name_fragment(line: RawLine, first_row: RawLine, kind: TableKind) -> bool:
    close = abs(line.y - first_row.y) <= WRAP_DISTANCE * (line.height or 10.0)
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
    labels = [a for a in sided if a.key in (CODE, NAME, CODE_PART)] or sided
    values = [a for a in sided if a.key not in (CODE, NAME, CODE_PART)] or sided
    out = []
    for c in filled:
        t = c.text.strip()
        pool = values if is_amount(t) and not (_CODE.match(t) or _CODE_TAIL.match(t)) else labels
        if min(pool, key=lambda a: abs(a.center - c.center)).side == first:
            out.append(c)
    return out


def _candidate(
    line: RawLine, side: str | None, cells: list[RawCell], anchors: list[Anchor], positional: bool
) -> _Candidate:
    labels: list[RawCell] = []
    values: list[tuple[Anchor, RawCell]] = []
    columns = _ValueColumns(anchors, positional)
    for c in cells:
        text = c.text
        if not c.placed:  # a flattened row's amounts whose columns are unknown
            first = columns.first
            if first is not None:
                values.append((first, c))  # kept as printed, reported, never added up
                continue
        if text.strip() in DASHES:
            a = columns.nearest(c)
            if a is not None and (positional or a.x0 == c.x0):
                values.append((a, c))  # － / — in an amount column: zero
                continue
        amount = is_amount(text)
        if not amount and _looks_numeric(text):
            a = columns.nearest(c)
            if a is not None:
                values.append((a, c))  # kept as an unreadable amount, never guessed
                continue
        if amount and not columns.is_code(c):
            a = columns.nearest(c)
            if a is not None:
                values.append((a, c))
                continue
        labels.append(c)
    if (
        sum(1 for c in labels if c.text.strip() in _CODE_HEADS) >= 2
    ):  # 类 款 项 printed on the 合计 line
        labels = [c for c in labels if c.text.strip() not in _CODE_HEADS]
    return _Candidate(line, side, labels, values)


class _ValueColumns:
    """A row's value columns, gathered once for all its cells (not again for each cell)."""

    __slots__ = ("centers", "code_anchors", "first", "first_value", "positional", "values")

    def __init__(self, anchors: list[Anchor], positional: bool) -> None:
        self.positional = positional
        self.values = [a for a in anchors if a.key not in LABEL_KEYS]
        self.centers = [(a, a.center) for a in self.values]
        self.first = self.values[0] if self.values else None
        self.code_anchors = any(a.key in (CODE, CODE_PART) for a in anchors)
        self.first_value = min(a.x0 for a in self.values) if self.values else None

    def nearest(self, cell: RawCell) -> Anchor | None:
        """The value column a data cell belongs to: the one it starts at (text files), else the
        first of those whose centre is closest to the cell's."""
        if not self.values:
            return None
        if not self.positional:
            x0 = cell.x0
            for a in self.values:
                if a.x0 == x0:
                    return a
        center = cell.center
        best, _ = self.centers[0]
        gap = abs(self.centers[0][1] - center)
        for a, c in self.centers[1:]:
            if (d := abs(c - center)) < gap:
                best, gap = a, d
        return best

    def is_code(self, cell: RawCell) -> bool:
        """Digits in the code columns are codes, not amounts."""
        t = joined_code(cell.text)
        if not (_CODE.match(t) or _CODE_TAIL.match(t)):
            return False
        if not self.code_anchors:
            return False
        if self.first_value is None:
            return True
        if self.positional:
            return cell.x1 <= self.first_value - 2
        return cell.x0 < self.first_value


_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、])")
_NUMERICISH = re.compile(r"^[\d,.，．xX\s-]+$")


def joined_code(text: str) -> str:
    """A classification code as one string: ``301 2`` → ``30102`` (a code split by a space)."""
    t = text.strip()
    if m := _SPLIT_CODE.match(t):
        return m.group(1) + "".join(p.zfill(2) for p in m.groups()[1:] if p)
    return t


@lru_cache(maxsize=8192)
def _looks_numeric(text: str) -> bool:
    """Digits with stray characters (``1,2x3.02``, ``12..5``): meant as an amount, unreadable."""
    t = text.strip()
    return (
        bool(_NUMERICISH.match(t))
        and sum(ch.isdigit() for ch in t) >= 2
        and not _CODE.match(joined_code(t))
    )


def _merge_wrapped(cands: list[_Candidate], short_only: bool = False) -> list[_Candidate]:
    """Join the pieces of one table row that the PDF printed on separate visual lines (PDF):
    wrapped name text (label-only pieces), a code printed apart from its name, and amounts
    printed on a slightly different baseline (value-only pieces)."""
    out: list[_Candidate] = []
    pieces: list[tuple[str, _Candidate]] = []
    for c in cands:
        text = "".join(x.text for x in c.labels)
        code = _code_of(c.labels)
        if c.values and not c.labels:
            pieces.append(("values", c))
        elif code and not c.values and text == code:
            pieces.append(("code", c))
        elif (
            c.labels
            and not c.values
            and not code
            and not _ENUMERATOR.match(text)
            and not text.endswith(("合计", "总计"))
            and (
                not short_only
                or len(text) <= 3  # summary-table labels wrap only a last char or two
            )
        ):
            pieces.append(("text", c))
        else:
            out.append(c)
    for what, f in pieces:
        h = f.line.height or 10.0
        near = [o for o in out if o.side == f.side and o.line.page == f.line.page]
        if what == "values":
            keys = {a.key for a, _ in f.values}
            near = [o for o in near if not keys & {a.key for a, _ in o.values}]
        elif what == "code":
            near = [o for o in near if not _code_of(o.labels)]
        best = min(near, key=lambda o: abs(o.line.y - f.line.y), default=None)
        if best is None or abs(best.line.y - f.line.y) > WRAP_DISTANCE * h:
            out.append(f)
        elif what == "values":
            best.values.extend(f.values)
        elif what == "code":
            best.labels[:0] = f.labels
        else:
            best.wrapped.append((f.line.y, "".join(x.text for x in f.labels)))
    out.sort(key=lambda c: (c.line.page, -c.line.y, c.side != "income"))
    return out


def _code_of(labels: list[RawCell]) -> str | None:
    texts = [joined_code(c.text) for c in labels]
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
        if all(cell.text.strip() in DASHES for _, cell in c.values):
            return None  # nothing, or only dashes (a blank side of a two-sided row)
        name = group_name if kind is TableKind.THREE_PUBLIC else ""
    read = [x.conf for x in c.labels if x.conf is not None]
    # OCR: how sure the reading of the row's code and name is (K001 on a misreading)
    confidence = round(min(read), 2) if read else None
    address = None
    if c.line.sheet is not None and c.line.filled:  # XLSX: the whole row, sheet!A12:F12
        first = _column_letter(int(min(x.x0 for x in c.line.filled)))
        last = _column_letter(int(max(x.x0 for x in c.line.filled)))
        address = f"{c.line.sheet}!{first}{c.line.number}:{last}{c.line.number}"
    page, number, sheet = c.line.page, c.line.number, c.line.sheet
    src = Source(path, page, number, table, name or code, None, address, confidence)
    cells: dict[str, Cell] = {}
    for anchor, cell in c.values:
        if anchor.key in cells:  # two amounts under one column (a header column not found)
            held = cells[anchor.key]
            if cell.text.strip() not in DASHES:
                text = f"{held.text} {cell.text.strip()}"  # kept, reported (A011), never summed
                cells[anchor.key] = Cell(None, text, held.source)
            continue
        try:
            value: Decimal | None = parse_amount(cell.text) if cell.placed else None
        except ValueError:
            value = None  # unreadable: reported by rule A011, never guessed
        if cell.text.strip() in DASHES:
            value = Decimal(0)
        where = Source(
            path,
            page,
            number,
            table,
            src.row,
            anchor.label,
            # XLSX: sheet!C12
            src.cell if sheet is None else f"{sheet}!{_column_letter(int(cell.x0))}{number}",
            # OCR: how sure the reading of this number is
            src.confidence if cell.conf is None else round(cell.conf, 2),
        )
        cells[anchor.key] = Cell(value, cell.text, where)
    side = c.side if kind in TWO_SIDED else None  # side-by-side groups are one list of rows
    return Row(name, code, side, tuple(cells.items()), src)
