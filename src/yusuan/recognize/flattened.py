"""Tables flattened into text: one cell per line, or a row's cells run together on one line.

Government portals often publish a table as paragraphs: each cell its own line (``201`` /
``一般公共服务支出`` / ``1,283.02`` …), or a whole row on one line with no delimiter
(``201一般公共服务支出1,283.021,283.02``). Text pasted from such pages has the same shape.
:func:`rebuild` finds the tables by their titles, restores the header from one the standard
tables are printed with (:func:`yusuan.lang.printed.printed_headers`) or from labels that each
name a column, and cuts the lines after it into rows of the header's width. It is the first step of
recognition, for the formats whose lines are lines of text (text files, HTML); the readers
hand it the lines as they are (an HTML ``<p></p>`` or ``<br><br>`` is an empty line: a blank
cell).

Nothing is guessed. Amounts are split only where the split is forced (two decimals each); a
row whose cells cannot be placed in columns unambiguously (a blank cell left out, two labels
run together) keeps its code and name, and its amounts stay together in one cell marked
``RawCell.placed = False``, which recognition reports and never adds up.

Line numbers: a rebuilt row keeps the number of the source line it starts on (the header rows
that of the header's first line), so a finding points at the file's line. HTML has no file
lines: its lines are numbered in reading order, the order recognition sees them in (after
rebuilding, empty lines dropped).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from yusuan.lang.printed import printed_headers
from yusuan.model.tables import TableKind
from yusuan.money import DASHES, is_amount
from yusuan.readers.raw import RawCell, RawDocument, RawLine
from yusuan.recognize.columns import LABEL_KEYS, column_key
from yusuan.recognize.flattened_targets import rebuild_grids
from yusuan.recognize.titles import classify_title, is_note

#: Formats whose lines are lines of text, cells marked by a delimiter (a tab, ``|``) or not at
#: all: a table may be flattened into them. DOCX and XLSX tables have real cells, PDF cells
#: positions: they are left as they are.
TEXT_FORMATS = frozenset({"text", "html"})
#: Formats numbered in reading order (no file lines): renumbered after rebuilding.
_READING_ORDER = frozenset({"html"})

#: A rebuilt line: the source line it comes from (its number) and its cells.
Line = tuple[RawLine, list[str]]


class Unplaced(str):
    """Amounts of a row whose columns could not be determined (kept as printed)."""

    __slots__ = ()


CODE, LABEL, AMOUNT, BLANK = "code", "label", "amount", "blank"
_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")
_TWO_DECIMALS = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2}")
_PIECES = re.compile(r"[\d,.]+|[-－–]|—+|[^\d,.\s\-－—–]+|\s+")  # each - or － is a cell
#: a hyphen or dash before digits may be a minus sign, unless it follows other text (－ and —
#: mark blank cells; budget amounts are never negative)
_GLUED_DASH = re.compile(r"(?:^|\s)[-－—–]+\d|[-–]\d")
_UNSPLIT = re.compile(r"^(\d{3}(?:\d{2}){0,2})?\s*([^\d\s,.\-－—–][^\d]*?)\s*([\d,.\s\-－—–]+)$")
_UNIT = re.compile(r"单位\s*[:：]|编制(?:部门|单位)\s*[:：]")
_SENTENCE = re.compile(r"[。；]|，.*，")
_YEAR = re.compile(r"(\d{4})年")


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # CODE, LABEL, AMOUNT or BLANK
    text: str


def rebuild(doc: RawDocument) -> RawDocument:
    """The document with its flattened tables rebuilt and its empty lines dropped (text and
    HTML; other formats are returned as they are)."""
    if doc.format not in TEXT_FORMATS:
        return doc
    rebuilt = rebuild_grids(_rebuild(doc.lines))
    lines = [line for line in rebuilt if any(c.text for c in line.cells)]
    if doc.format in _READING_ORDER:
        lines = [
            line
            if line.number == n and line.y == n
            else RawLine(line.page, n, line.cells, float(n), line.height, line.sheet)
            for n, line in enumerate(lines, start=1)
        ]
    if len(lines) == len(doc.lines) and all(a is b for a, b in zip(lines, doc.lines, strict=True)):
        return doc
    return replace(doc, lines=tuple(lines))


def _rebuild(lines: Sequence[RawLine]) -> list[RawLine]:
    out: list[RawLine] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        kind = classify_title(line.cells[0].text) if len(line.cells) == 1 else None
        if isinstance(kind, TableKind):
            end = _region_end(lines, i)
            out.extend(_table(kind, lines[i:end]))
            i = end
    return out


def _region_end(lines: Sequence[RawLine], start: int) -> int:
    """The first line after a title that is no longer a flattened line of its table."""
    for j in range(start, len(lines)):
        cells = lines[j].cells
        if len(cells) != 1:
            return j
        text = cells[0].text.strip()
        if classify_title(text) is not None or is_note(text):
            return j
        if len("".join(text.split())) >= 12 and _SENTENCE.search(text):
            return j
    return len(lines)


def _table(kind: TableKind, region: Sequence[RawLine]) -> Sequence[RawLine]:
    """One table's lines after its title: unit lines, header, rows; unchanged if the header is
    not recognised or nothing needs rebuilding. (Every line of ``region`` has one cell.)"""
    texts = [line.cells[0].text for line in region]
    lead = 0
    while lead < len(texts) and (not texts[lead].strip() or _UNIT.search(texts[lead])):
        lead += 1
    found = _header(kind, texts[lead:])
    if found is None:
        return region
    header, used = found
    body = region[lead + used :]
    types = _column_types(header, kind)
    rows = _rows(body, types)
    if rows is None:
        return region
    head = [(region[lead], list(r)) for r in header]  # found: the header has a line
    return [*region[:lead], *(_line(source, cells) for source, cells in head + rows)]


def _line(source: RawLine, cells: list[str]) -> RawLine:
    """A rebuilt line, numbered (and placed) as its source line; each cell at its column
    index."""
    return RawLine(
        source.page,
        source.number,
        tuple(
            RawCell(c.strip(), float(i), float(i + 1), placed=not isinstance(c, Unplaced))
            for i, c in enumerate(cells)
        ),
        source.y,
        source.height,
        source.sheet,
    )


# ---------------------------------------------------------------- header


@lru_cache(maxsize=256)
def _pattern(header: tuple[tuple[str, ...], ...]) -> tuple[re.Pattern[str], int]:
    """A header's labels run together (``{year}`` any year) and that text's length (each
    layout's headers are few: remembered)."""
    parts = ["".join(c.split()) for row in header for c in row if c.strip()]
    pattern = "".join(re.escape(p).replace(r"\{year\}", r"\d{4}") for p in parts)
    return re.compile(pattern), sum(len(p.replace("{year}", "2026")) for p in parts)


def _header(kind: TableKind, texts: list[str]) -> tuple[list[list[str]], int] | None:
    """The header grid and the number of source lines it took: a standard table's header whose
    labels the first lines spell out, else one line of labels that each name a column."""
    for header in printed_headers(kind.value):
        pattern, length = _pattern(header)
        joined = ""
        for used, text in enumerate(texts, start=1):
            joined += "".join(text.split())
            if len(joined) >= length:
                if pattern.fullmatch(joined):
                    year = m.group(1) if (m := _YEAR.search(joined)) else "{year}"
                    return [[c.replace("{year}", year) for c in row] for row in header], used
                break
    labels: list[str] = []
    used = 0
    for text in texts:
        if not text.strip():
            used += 1
            continue
        words = text.split()
        if not all(column_key(w, kind) is not None for w in words):
            break
        labels.extend(words)
        used += 1
    keys = [column_key(w, kind) for w in labels]
    if len(labels) >= 3 and any(k in LABEL_KEYS for k in keys) and set(keys) - LABEL_KEYS:
        return [labels], used
    return None


def _column_types(header: list[list[str]], kind: TableKind) -> list[str]:
    """L (a label column: code, name, 项目) or A (amounts) for each column, by the lowest label
    printed in it."""
    width = max(len(r) for r in header)
    types = []
    for col in range(width):
        label = next(
            (r[col] for r in reversed(header) if col < len(r) and r[col].strip()),
            "",
        )
        types.append("L" if column_key(label, kind) in LABEL_KEYS else "A")
    return types


# ---------------------------------------------------------------- tokens


def tokens(text: str) -> list[Token] | None:
    """The cells of one line: a single cell, or a row run together. None when the line cannot
    be split unambiguously (amounts without two decimals glued together, digits glued to the
    text after them, a dash glued to digits)."""
    t = text.strip()
    if not t:
        return [Token(BLANK, "")]
    if t in DASHES:
        return [Token(BLANK, t)]
    if _CODE.fullmatch(t):
        return [Token(CODE, t)]
    if is_amount(t):
        return [Token(AMOUNT, t)]
    if _GLUED_DASH.search(t):
        return None
    pieces: list[str] = _PIECES.findall(t)
    out: list[Token] = []
    for i, piece in enumerate(pieces):
        if piece.isspace():
            continue
        glued_before = i > 0 and not pieces[i - 1].isspace()
        glued_after = (
            i + 1 < len(pieces) and not pieces[i + 1].isspace() and pieces[i + 1] not in DASHES
        )
        if piece[0].isdigit() or piece[0] in ",.":
            after = next((p for p in pieces[i + 1 :] if not p.isspace()), "")
            if not out and _CODE.fullmatch(piece) and after and not after[0].isdigit():
                out.append(Token(CODE, piece))  # 201一般公共服务支出…
                continue
            split = _amounts(piece, after_text=glued_before)
            if split is None or (glued_after and not _TWO_DECIMALS.fullmatch(split[-1].text)):
                return None  # digits glued to the text after them end where?
            out.extend(split)
        elif piece[0] in "-－—–":
            if piece not in DASHES:
                return None  # ——— : how many cells?
            out.append(Token(BLANK, piece))
        elif out and out[-1].kind == LABEL:
            gap = "" if glued_before else " "
            out[-1] = Token(LABEL, out[-1].text + gap + piece)  # a name with a space in it
        else:
            out.append(Token(LABEL, piece))
    if out and out[0].kind == CODE and (len(out) == 1 or out[1].kind != LABEL):
        return None
    return out


def _amounts(piece: str, after_text: bool) -> list[Token] | None:
    """A run of digits as amounts: one amount, or several with exactly two decimals each."""
    if piece.count(".") <= 1 and is_amount(piece) and ("." in piece or not after_text):
        return [Token(AMOUNT, piece)]
    found = _TWO_DECIMALS.findall(piece)
    if len(found) >= 2 and "".join(found) == piece:
        return [Token(AMOUNT, a) for a in found]
    return None


# ---------------------------------------------------------------- rows


def _rows(body: Sequence[RawLine], types: list[str]) -> list[Line] | None:
    """Rows of ``len(types)`` cells from the lines under the header, or None when the body is
    not flattened (nothing to do)."""
    labels = 0
    while labels < len(types) and types[labels] == "L":
        labels += 1
    classified = labels > 0 and "L" not in types[labels:]
    parsed = [(line, [line.cells[0].text], tokens(line.cells[0].text)) for line in body]
    out: list[Line] = []
    pending: list[tuple[RawLine, Token]] = []

    def flush() -> None:
        if pending:
            toks = [t for _, t in pending]
            out.extend((pending[0][0], row) for row in _place(toks, types, labels, classified))
            pending.clear()

    for i, (line, cells, toks) in enumerate(parsed):
        if toks is None:
            flush()
            out.append((line, _unsplit(cells[0], labels, len(types)) or cells))
        elif len(toks) > 1:
            flush()
            out.extend((line, row) for row in _place(toks, types, labels, classified))
        else:
            tok = toks[0]
            if tok.kind == CODE and not _names_next(parsed, i):
                tok = Token(AMOUNT, tok.text)  # digits not followed by a name: an amount
            if classified and _starts_row(tok, pending):
                flush()
            pending.append((line, tok))
    flush()
    flat = any(toks is not None and (len(toks) > 1 or toks[0].kind != LABEL) for *_, toks in parsed)
    return out if flat else None


def _unsplit(text: str, labels: int, width: int) -> list[str] | None:
    """A line that could not be split: its code and name, the rest kept as one unplaced cell
    (None when it does not even start with a code or a name)."""
    m = _UNSPLIT.match(text.strip())
    if m is None or not labels:
        return None
    code, name, rest = m.group(1) or "", m.group(2), m.group(3).strip()
    cells = [""] * labels
    cells[0] = code or name
    if code:
        cells[labels - 1] = name if labels > 1 else code + name
    return cells + [Unplaced(rest)] + [""] * max(0, width - labels - 1)


def _names_next(parsed: list[tuple[RawLine, list[str], list[Token] | None]], i: int) -> bool:
    after = parsed[i + 1][2] if i + 1 < len(parsed) else None
    return after is not None and len(after) == 1 and after[0].kind == LABEL


def _starts_row(tok: Token, pending: list[tuple[RawLine, Token]]) -> bool:
    if tok.kind not in (CODE, LABEL) or not pending:
        return False
    last = pending[-1][1].kind
    return last in (AMOUNT, BLANK) or (tok.kind == CODE and last in (CODE, LABEL))


def _place(toks: list[Token], types: list[str], labels: int, classified: bool) -> list[list[str]]:
    """The cells of one row (classified tables) or of the rows in a run of cells (other shapes,
    cut every ``len(types)`` cells)."""
    width = len(types)
    toks = [Token(AMOUNT, t.text) if t.kind == CODE and i else t for i, t in enumerate(toks)]
    if classified:
        head = _leading_labels(toks)
        values = toks[len(head) :]
        coded = bool(head) and head[0].kind == CODE
        used = int(coded) + int(len(head) > int(coded))  # label cells: code, name
        extra = len(values) - (width - labels)
        if (
            not (coded and len(head) == 1)  # a code with no name
            and used <= labels
            and 0 <= extra <= labels - used
            and all(v.kind == BLANK for v in values[:extra])
            and all(v.kind in (AMOUNT, BLANK) for v in values)
        ):
            return [_label_cells(head, labels) + [v.text for v in values[extra:]]]
        return [_unplaced(toks, labels, width)]
    if len(toks) % width == 0:
        rows = [toks[i : i + width] for i in range(0, len(toks), width)]
        if all(_fits(r, types) for r in rows):
            return [
                [
                    "" if t.kind == BLANK and ty == "L" else t.text
                    for t, ty in zip(r, types, strict=True)
                ]
                for r in rows
            ]  # a dash in a label column is no label
    return [_unplaced(toks, labels, width)]


def _leading_labels(toks: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in toks:
        if t.kind not in (CODE, LABEL) or (out and t.kind == CODE):
            break
        out.append(t)
    return out


def _label_cells(head: list[Token], labels: int) -> list[str]:
    cells = [""] * labels
    if head and head[0].kind == CODE:
        cells[0] = head[0].text
        rest = head[1:]
    else:
        rest = head
    if rest:
        at = labels - 1 if head[0].kind == CODE else 0
        cells[at] = "".join(t.text for t in rest)
    return cells


def _fits(row: list[Token], types: list[str]) -> bool:
    return any(t.kind != BLANK for t in row) and all(
        t.kind == BLANK or (t.kind in (CODE, LABEL)) == (ty == "L")
        for t, ty in zip(row, types, strict=True)
    )


def _unplaced(toks: list[Token], labels: int, width: int) -> list[str]:
    """A row that cannot be aligned: its code and name where they belong, its amounts kept
    together, unplaced."""
    head = _leading_labels(toks) if labels else []
    cells = _label_cells(head, labels) if labels else []
    rest = [t for t in toks[len(head) :] if t.text]
    names = [t.text for t in rest if t.kind == LABEL]
    amounts = [t.text for t in rest if t.kind != LABEL]
    if names:
        if labels:
            cells[labels - 1] = "".join(filter(None, [cells[labels - 1], *names]))
        else:
            cells.append("".join(names))
    cells.append(Unplaced(" ".join(amounts)) if amounts else "")
    return cells + [""] * max(0, width - len(cells))


__all__ = ["DASHES", "TEXT_FORMATS", "Token", "rebuild", "tokens"]
