"""Tables a web index flattened one cell a line, read as a stream of cells.

Local government sites are indexed with each ``<td>`` of a table on a line of its own, marked
in one of three ways: nothing (``项目`` / ``2024年预算数`` / … / ``合计`` / ``10.00`` …); each cell
ending in `` |``, an empty cell a ``|`` alone (``合 计 |`` / ``246 |`` / ``|``); or cells
separated by lines of ``|`` alone, a cell sometimes running over two lines (``一般公共`` /
``预算`` / ``|``). Letter-spaced labels (``预 算 数``) are closed up.

The stream's header is the labels before its first row of amounts. The width of a row is the
one that cuts the rest of the stream into rows of one shape — row labels (none; a name; a blank
column or a 序号 and a name), amounts, perhaps a column of words (增减原因, 备注) — and covers
the most of it. A header longer than the width is a header
of two rows run together: a merged cell over its sub-labels, such as 公务用车购置及运行费 over
小计 / 公务用车购置费 / 公务用车运行费, found by the vocabulary (the sub-labels are its parts,
or begin with its 小计). A table whose columns are the items and whose rows are years or
measures (the wide 三公 table: 合计, 因公出国（境）费 … across, 2015年 / 2016年 / 增减% down) is
turned so that its items are rows, its years columns.

Nothing is guessed: a stream that no width cuts cleanly, whose header cannot be matched to the
width, whose header is repeated (收入 and 支出 side by side), or whose header is a performance
table's (得分, 分值: read by :mod:`yusuan.recognize.selfeval`) is not a table here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from yusuan.lang import VOCABULARY
from yusuan.lang.vocabulary import is_title
from yusuan.money import DASHES
from yusuan.readers.raw import RawLine

_MARK = re.compile(r"[|｜](?:\s*[|｜])*")
_SPACED = re.compile(r"[\u4e00-\u9fff](?:\s+[\u4e00-\u9fff])+")
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?\s*[%％]?")
_SENTENCE = re.compile(r"[。；，]\S|[。；]$")
_TOTAL = re.compile(r"^(?:合计|总计|小计)$|合计$")
_SUBTOTAL = ("小计", "合计")
_UNIT = re.compile(r"单位\s*[:：]")
#: words of a column of amounts or percentages, never of the rows' names
_AMOUNT_WORDS = re.compile(r"预算|决算|执行|金额|数$|率|得分|权重|分值|\d{4}年.*数")
_PERFORMANCE = re.compile(r"得分|分值|权重|指标")
_PERCENT_LABEL = re.compile(r"率|%|％|占|比重|比例|幅|百分比|增减")
#: the widest row read, and the most row labels before its amounts (a blank column and a name)
_WIDEST = 12
#: the shapes of a row tried: name cells before the amounts (none; a name; a blank column or a
#: 序号 and a name), text cells after them (none; a 原因 or 备注)
_SHAPES = ((0, 0), (1, 0), (2, 0), (1, 1), (2, 1))
_SERIAL = re.compile(r"\d{1,3}")
_TEXT_LABEL = re.compile(r"原因|说明|备注")


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    line: RawLine
    kind: str  # "n" a number, "b" blank (or a dash), "l" a label


@dataclass(frozen=True, slots=True)
class Table:
    """A table read from a stream: its header (the name column's label first), its rows (name
    first, then one cell a column) and the line each row (the header first) comes from."""

    rows: list[list[str]]
    lines: list[RawLine]
    start: int  # the index of the table's first line among the lines given
    end: int  # the index after its last line


def _kind(text: str) -> str:
    if not text or text in DASHES:
        return "b"
    return "n" if _NUMBER.fullmatch(text) else "l"


def _cell(text: str, line: RawLine) -> Cell:
    t = text.strip()
    if _SPACED.fullmatch(t):
        t = "".join(t.split())  # 预 算 数
    return Cell(t, line, _kind(t))


def _short(line: RawLine) -> bool:
    text = line.text.strip()
    return len(line.filled) <= 1 and len(text) <= 40 and not _SENTENCE.search(text)


_ROW = re.compile(r"\D\s+[-+]?\d[\d,]*(?:\.\d+)?\s*[%％]?\s*[|｜]?$")


def one_cell_a_line(lines: Sequence[RawLine]) -> bool:
    """Every line one cell (no row of a label and its amounts split by spaces or tabs)."""
    return all(len(line.filled) <= 1 and not _ROW.search(line.text.strip()) for line in lines)


def region_end(lines: Sequence[RawLine], i: int) -> int:
    """The end of the run of one-cell short lines from ``i``."""
    j = i
    while j < len(lines) and _short(lines[j]):
        j += 1
    return j


def cells(region: Sequence[RawLine]) -> list[Cell]:
    """The cells of a run of one-cell lines, by the way its cells are marked."""
    texts = [line.text.strip() for line in region]
    marks = [bool(_MARK.fullmatch(t)) for t in texts]
    ended = sum(1 for t, m in zip(texts, marks, strict=True) if not m and t.endswith(("|", "｜")))
    if ended >= 2:  # 合 计 | … with | alone for an empty cell
        return _header_rows_joined(
            [
                _cell("" if m else t.rstrip("|｜ "), line)
                for line, t, m in zip(region, texts, marks, strict=True)
            ]
        )
    if sum(marks) >= 2:  # cells between lines of |
        out: list[Cell] = []
        pending: list[tuple[str, RawLine]] = []
        opened = False  # lines before the first | are lines of their own (a title)
        for line, t, m in zip(region, texts, marks, strict=True):
            if not m:
                pending.append((t, line))
                continue
            if pending:
                joined = [pending] if opened else [[p] for p in pending]
                out.extend(_cell("".join(p for p, _ in j), j[0][1]) for j in joined)
                pending = []
            opened = True
        out.extend(_cell(t, line) for t, line in pending)  # after the last |: cut off
        return out
    return [_cell(t, line) for line, t in zip(region, texts, strict=True)]


def _header_rows_joined(stream: list[Cell]) -> list[Cell]:
    """A header of two rows (a merged cell's sub-labels in the second) with the row end printed
    between them (``||``): the header's cells, without the row ends, before the first amount."""
    first = next((k for k, c in enumerate(stream) if c.kind == "n"), 0)
    ends = [
        k
        for k in range(1, first)
        if stream[k].kind == "b"
        and len(stream[k].line.text.strip()) >= 2  # || : a row's end, | alone an empty cell
        and stream[k - 1].kind == "l"
    ]
    if not ends:
        return stream
    drop = set(ends)
    return [c for k, c in enumerate(stream) if k not in drop]


def _fits(row: Sequence[Cell], labels: int, text: int) -> bool:
    """A row of ``labels`` name cells (a blank column or a 序号 before the name), amounts, and
    ``text`` cells of words at its end (增减原因, 备注)."""
    head, values, words = row[:labels], row[labels : len(row) - text], row[len(row) - text :]
    return (
        (not labels or head[-1].kind == "l")
        and all(c.kind != "n" for c in head[1:])
        and (labels < 2 or head[0].kind == "b" or bool(_SERIAL.fullmatch(head[0].text)))
        and all(c.kind != "l" for c in values)
        and any(c.kind == "n" for c in values)
        and all(c.kind != "n" for c in words)
    )


def _rows(stream: list[Cell], start: int, width: int, labels: int, text: int) -> int:
    """How many rows of ``width`` cells of one shape follow ``start``."""
    n = 0
    k = start
    while k + width <= len(stream) and _fits(stream[k : k + width], labels, text):
        n += 1
        k += width
    return n


def _name(head: Sequence[Cell]) -> str:
    """A row's name: its label cells (not a blank column or its 序号)."""
    return " ".join(c.text for c in head if c.kind == "l")


def _subject(label: str) -> str | None:
    return VOCABULARY.subject_of(label)


def _closed_up(header: list[Cell]) -> list[Cell]:
    """Two labels that are one split over two lines (公务 / 接待费): joined when neither names a
    subject alone and the two together do."""
    out: list[Cell] = []
    for c in header:
        if (
            out
            and out[-1].kind == "l"
            and c.kind == "l"
            and _subject(out[-1].text) is None
            and _subject(c.text) is None
            and _subject(out[-1].text + c.text) is not None
        ):
            out[-1] = Cell(out[-1].text + c.text, out[-1].line, "l")
        else:
            out.append(c)
    return out


def _parts_of(group: str, subs: list[str]) -> bool:
    """The sub-labels under a merged cell: its parts by the vocabulary (after its 小计, if it
    prints one)."""
    whole = _subject(group)
    named = [s for s in subs if s not in _SUBTOTAL]
    if whole is None or not named or _TOTAL.search(group):
        return False
    parts = [_subject(s) for s in named]
    return all(p is not None and VOCABULARY.subjects[p].parent == whole for p in parts)


def _two_rows(header: list[str], width: int, labels: int) -> list[str] | None:
    """The columns of a header of two rows run together (one merged cell in the first row),
    or None when no one reading fits. The first row holds at most the table's own 合计, before
    the merged cell; the second begins with the merged cell's 小计 where it prints one."""
    found: list[list[str]] = []
    for m in range(2, len(header) - labels):
        first, subs = header[: len(header) - m], header[len(header) - m :]
        totals = [k for k, x in enumerate(first) if x in _SUBTOTAL]
        for p in range(labels, len(first)):
            if (
                len(first) - 1 + m == width
                and len(totals) <= 1
                and all(k < p for k in totals)
                and _parts_of(first[p], subs)
            ):
                found.append([*first[:p], *(f"{first[p]}/{s}" for s in subs), *first[p + 1 :]])
    return found[0] if len(found) == 1 else None


def _header(header: Sequence[Cell], width: int, labels: int, text: int) -> list[str] | None:
    if (
        not header
        or any(c.kind == "n" or not _heading(c.text) for c in header)
        or (header[0].kind == "b" and labels < 2)
    ):
        return None
    texts = [c.text for c in _closed_up(list(header))]
    if len(texts) < labels:
        return None  # (labels joined into fewer cells than the rows' name columns)
    if any(_PERFORMANCE.search(x) for x in texts):
        return None  # a performance table: read by its own reader (recognize.selfeval)
    if labels and (_TOTAL.search(texts[labels - 1]) or _subject(texts[labels - 1])):
        return None  # 合计, 因公出国（境）费 head amounts, not the rows' names
    if text and not _TEXT_LABEL.search(texts[-1]):
        return None  # words at the rows' end under a label of amounts
    if len(texts) == width:
        return texts
    if labels and len(texts) == width - labels:  # no label over the names
        return [*([""] * labels), *texts]
    if len(texts) > width:
        return _two_rows(texts, width, labels)
    return None


def _heading(text: str) -> bool:
    """A cell that may head a column: short, not the table's title or its 单位 line."""
    return len(text) <= 24 and not _UNIT.search(text) and not is_title(text)


def _shaped(header: list[str], rows: list[list[Cell]], labels: int, text: int) -> bool:
    """Rows named where the header has name columns (under a label that is no amount's), a
    percentage only under a label of one, and never items both ways (a column of
    因公出国（境）费 and a row of 公务接待费 are one header misread)."""
    names = [_name(r[:labels]) for r in rows]
    if labels and (not all(names) or _AMOUNT_WORDS.search(header[labels - 1])):
        return False
    percent = [bool(_PERCENT_LABEL.search(x)) for x in header[labels : len(header) - text]]
    if any(
        c.text.endswith(("%", "％")) and not percent[k]
        for r in rows
        for k, c in enumerate(r[labels : len(r) - text])
    ):
        return False  # a percentage under an amount's label: the header is not this row's
    return _items(header[labels:]) < 2 or not any(_subject(n) for n in names)


def _two_sided(stream: list[Cell], start: int, h: int) -> bool:
    """The header cells before the header repeat it (收入 and 支出 side by side)."""
    before = stream[max(0, start - 2 * h) : start - h]
    return len(before) == h and [c.text for c in before] == [
        c.text for c in stream[start - h : start]
    ]


def _one_row_ends(stream: list[Cell], after: int) -> bool:
    """A table of one row (a wide 三公 table): the stream ends after it, or a label follows."""
    return after >= len(stream) or stream[after].kind == "l"


def find(lines: Sequence[RawLine], i: int) -> Table | None:
    """The first table flattened one cell a line in the run of short lines from ``i``, if any
    (each run of amounts tried in turn as the table's first row)."""
    end = region_end(lines, i)
    if end - i < 4:
        return None
    stream = cells(lines[i:end])
    for first, c in enumerate(stream):
        if c.kind == "n" and first and stream[first - 1].kind != "n":
            found = _at(stream, first)
            if found is not None:
                header, rows, labels, head = found
                grid, grid_lines = _table(header, rows, labels, head.line)
                region = list(lines[i:end])
                return Table(
                    grid,
                    grid_lines,
                    i + region.index(head.line),
                    i + region.index(rows[-1][-1].line) + 1,
                )
    return None


def _at(stream: list[Cell], first: int) -> tuple[list[str], list[list[Cell]], int, Cell] | None:
    """The header, rows, number of row labels and first header cell of the table whose first
    amount is ``stream[first]``: the width whose rows cover the most of the stream."""
    best: tuple[int, int, int, int, int, list[str]] | None = None
    # (covered, width, start, labels, h, header); a row of two name cells may begin with its
    # 序号, the stream's first number
    shapes = [(first - labels, labels, text) for labels, text in _SHAPES]
    shapes += [(first, 2, text) for text in (0, 1)]
    for start, labels, text in shapes:
        if start < 1:
            continue
        for width in range(max(labels + text + 1, 2), _WIDEST + 1):
            n = _rows(stream, start, width, labels, text)
            amounts = width - labels - text
            if n == 0 or (n == 1 and (amounts < 3 or not _one_row_ends(stream, start + width))):
                continue
            rows = [stream[k : k + width] for k in range(start, start + n * width, width)]
            for h in range(min(start, width + 2), width - labels - 1, -1):  # the longest first
                header = _header(stream[start - h : start], width, labels, text)
                if _two_sided(stream, start, h):
                    break  # 项目 行次 金额 项目 行次 金额: a summary of two sides, not read here
                if header is not None and _shaped(header, rows, labels, text):
                    cand = (n * width, width, start, labels, h, header)
                    if best is None or cand[:2] > best[:2]:
                        best = cand
                    break
    if best is None:
        return None
    covered, width, start, labels, h, header = best
    rows = [stream[k : k + width] for k in range(start, start + covered, width)]
    return header, rows, labels, stream[start - h]


def _items(labels: list[str]) -> int:
    return sum(
        1 for x in labels if _subject(x.split("/")[0]) is not None or _TOTAL.search(x.split("/")[0])
    )


def _table(
    header: list[str], rows: list[list[Cell]], labels: int, head: RawLine
) -> tuple[list[list[str]], list[RawLine]]:
    """Rows of cells as a grid's rows (header first), turned when the columns are the items."""
    names = [_name(r[:labels]) for r in rows]
    values = [[c.text for c in r[labels:]] for r in rows]
    columns = header[labels:]
    if _items(columns) < 2 or any(_subject(n) for n in names):
        label = next((x for x in header[:labels] if x), "项目")
        return (
            [[label, *columns], *([n, *v] for n, v in zip(names, values, strict=True))],
            [head, *(r[0].line for r in rows)],
        )
    out: list[list[str]] = [["项目", *(names if labels else ["金额"])]]
    out_lines = [head]
    totalled = ""  # a merged cell whose 小计 is a column: its other sub-columns are its 其中
    for c, label in enumerate(columns):
        whole, _, sub = label.partition("/")
        if sub in _SUBTOTAL:
            totalled, name = whole, whole
        elif sub and whole == totalled:
            name = f"其中：{sub}"
        else:
            totalled, name = "", sub or label
        if c == 0 and _TOTAL.search(name) and not name.startswith(("合计", "总计")):
            name = f"合计（{name.removesuffix('合计')}）"
        out.append([name, *(v[c] for v in values)])
        out_lines.append(rows[0][labels + c].line)
    return out, out_lines


__all__ = ["Cell", "Table", "cells", "find", "one_cell_a_line", "region_end"]
