"""Tables no layout knows, rebuilt by the meaning of their header words (:class:`Grid`).

Web pages flatten tables into ``|``-separated rows (``合计 | 2911.47 | 2706.86 | -204.61 |
-7.03% |``), with empty cells as ``||||`` and two header rows whose second fills the merged cell
of the first (``比上年增、减情况 | |`` over ``增、减金额 | 增、减幅度``). A run of such rows with a
header row of budget column words (预算数, 决算数, 上年, 本年, 增减, 幅度, 原因 …) becomes a grid:
columns get roles from their words, rows a hierarchy from their markers (合计; 1. 2.; 其中 (1)
(2)). Rows are kept as printed; nothing is moved between columns.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from yusuan.lang import VOCABULARY
from yusuan.lang.vocabulary import is_title
from yusuan.model.grid import PERCENT_ROLES, Grid, GridColumn, GridRow
from yusuan.model.provenance import Source
from yusuan.money import DASHES, parse_amount
from yusuan.readers.raw import RawLine
from yusuan.recognize import cellstream, two_sided

_HEADER_WORDS = re.compile(
    r"预算数|决算数|预算|决算|上年|本年|当年|增减|增、减|变动|幅度|增长率|金额|原因|项目|科目|合计数|\d{4}年"
)
_TOTAL = re.compile(r"^(?:合计|总计|小计|共计)")
#: a row's marker, by family: 一、 （一） 1. (1) — ranked by the order a table first uses them
_MARKERS = (
    ("cn", re.compile(r"^[一二三四五六七八九十]+\s*、")),
    ("cnp", re.compile(r"^[(（]\s*[一二三四五六七八九十]+\s*[)）]")),
    ("num", re.compile(r"^\d+\s*[.、．](?!\d)")),
    ("nump", re.compile(r"^[(（]\s*\d+\s*[)）]")),
)
_WHICH = re.compile(r"^其中\s*[:：]?\s*")
_YEAR = re.compile(r"(\d{4})\s*年")
_UNIT = re.compile(r"单位\s*[:：]\s*(亿元|万元|千元|元)")
_NUMERIC = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?\s*%?$")


def _cells(line: RawLine) -> list[str]:
    """A row's cells: ``|``-separated text, or the reader's cells."""
    text = line.text.strip()
    if text.count("|") >= 1 and len(line.filled) <= 1:
        parts = [p.strip() for p in text.split("|")]
        if text.startswith("|"):
            parts = parts[1:]
        if text.endswith("|"):
            parts = parts[:-1]
        return parts
    return [c.text.strip() for c in line.cells]


def _is_row(line: RawLine) -> bool:
    return line.text.count("|") >= 2 or len(line.filled) >= 3


#: the labels of a 决算-style grid's numbering: 行次 over the row numbers, 列次 before the columns'
_NUMBERING = ("行次", "栏次", "列次")


def _numeric(cell: str) -> bool:
    return bool(_NUMERIC.match(cell.replace(" ", ""))) or cell.strip() in DASHES


def _is_header(cells: list[str]) -> bool:
    words = sum(1 for c in cells if c and _HEADER_WORDS.search(c) and not _numeric(c))
    numbers = sum(1 for c in cells if c and _numeric(c))
    return words >= 2 and numbers == 0


#: a first column of 科目 codes (科目编码, 功能分类科目编码, 编码)
_CODE_HEADER = re.compile(r"编码|代码|科目号")


def _join_code(cells: list[str]) -> list[str]:
    """A row of ``code | name | amounts…`` as ``code name | amounts…`` (a 合计 row has no code)."""
    if len(cells) < 2:
        return cells
    code, name = cells[0].replace(" ", ""), cells[1].strip()
    return [f"{code} {name}".strip(), *cells[2:]]


def _total_last(rows: list[GridRow]) -> list[GridRow]:
    """A 合计 printed below its items (the last row, nothing under it): the top rows above it are
    its items."""
    last = len(rows) - 1
    if (
        last < 2
        or not rows[last].total
        or _marker(rows[last].name) != "total"
        or any(r.parent == last for r in rows)
    ):
        return rows
    return [
        replace(r, parent=last, total=False) if r.parent is None and i < last else r
        for i, r in enumerate(rows)
    ]


def _roles(labels: list[str]) -> list[str]:
    roles: list[str] = []
    years: list[int | None] = []
    for label in labels:
        y = _YEAR.search(label)
        years.append(int(y.group(1)) if y else None)
        if re.search(r"原因|说明|备注|^(?:行次|栏次)$", label):
            roles.append("text")
        elif re.search(r"占|比重|构成|结构", label):
            roles.append("share")
        elif re.search(r"完成|执行率|进度", label):
            roles.append("completion")
        elif re.search(r"增减|增长|增幅|减幅|幅度|变动|同比|比上年", label) and re.search(
            r"率|%|％|幅|百分比", label
        ):
            roles.append("rate")
        elif re.search(r"率|%|％|百分比", label):
            roles.append("percent")  # a percentage of what, the header does not say
        elif re.search(r"增减|增、减|变动|差额|增加|减少|比上年", label):
            roles.append("change")
        elif "上年" in label:
            roles.append("prior")
        elif re.search(r"本年|当年", label):
            roles.append("current")
        else:
            roles.append("amount")
    dated = [d for d, r in zip(years, roles, strict=True) if d is not None and r == "amount"]
    if len(set(dated)) >= 2:  # the latest year is this year's; every earlier one may be a base
        for i, (d, r) in enumerate(zip(years, roles, strict=True)):
            if r == "amount" and d is not None:
                roles[i] = "current" if d == max(dated) else "prior"
    if "prior" in roles and "current" not in roles and roles.count("amount") == 1:
        roles[roles.index("amount")] = "current"
    return roles


def _merge_header(top: list[str], sub: list[str]) -> list[str]:
    """A second header row fills the merged cell of the first: the first labelled cell followed
    by blanks enough for the sub-labels."""
    subs = [s for s in sub if s]
    out = list(top) + [""] * max(0, len(subs) - 1)
    for i, label in enumerate(out):
        if label and all(not x for x in out[i + 1 : i + len(subs)]) and i + len(subs) <= len(out):
            if i + 1 < len(out) and len(subs) > 1 and out[i + 1]:
                continue
            for j, s in enumerate(subs):
                out[i + j] = f"{label}/{s}"
            return out
    return top


def _marker(name: str) -> str:
    """The family of a row's marker: total, cn, cnp, num, nump, which (其中 alone) or ""."""
    if _TOTAL.match(name):
        return "total"
    bare = _WHICH.sub("", name)
    for family, pattern in _MARKERS:
        if pattern.match(bare):
            return family
    return "which" if bare != name else ""


class _Levels:
    """Rows' levels: 合计 at 0; marker families ranked by first use (一、 over 1. where 一、 comes
    first); 其中 one below the row before; an unmarked row after a 其中 row stays in its list
    when the vocabulary makes it a part of the list's parent, else it is a top item."""

    def __init__(self) -> None:
        self.ranks: dict[str, int] = {}
        self.last = 0  # the level of the row before
        self.which: tuple[int, str | None] | None = None  # an open 其中 list: level, parent subject

    def of(self, name: str, parent_subject: str | None) -> int:
        family = _marker(name)
        if family == "total":
            self.which = None
            return 0
        if family == "which":
            level = self.last + 1 if self.which is None else self.which[0]
            self.which = (level, parent_subject if self.which is None else self.which[1])
            return level
        if family == "":
            subject = VOCABULARY.subject_of(name)
            if self.which and subject and self.which[1] and _part_of(subject, self.which[1]):
                return self.which[0]
            self.which = None
            return 1
        if family != "nump":  # (1) (2) go on inside an open 其中 list; 一、 1. close it
            self.which = None
        return self.ranks.setdefault(family, len(self.ranks) + 1)


def _part_of(subject: str, whole: str) -> bool:
    parent = VOCABULARY.subjects[subject].parent if subject in VOCABULARY.subjects else None
    return parent == whole


def _value(cell: str | None, rate: bool) -> Decimal | None:
    if cell is None or not cell.strip():
        return None
    text = cell.replace(" ", "").rstrip("%％") if rate else cell
    try:
        return parse_amount(text)
    except ValueError:
        return None


def grids(lines: list[RawLine], path: str) -> tuple[list[Grid], set[int]]:
    """The grids among narrative lines, and the ids of the lines they consumed. Three ways of
    flattening are read: ``|``-separated (or cell-split) rows, rows separated by spaces under a
    header of column words, and one cell a line (:mod:`yusuan.recognize.cellstream`)."""
    found: list[Grid] = []
    used: set[int] = set()
    streams_from = 0  # the runs of one-cell lines before it hold no table
    i = 0
    while i < len(lines):
        run = _pipe_run(lines, i) or _spaced_run(lines, i)
        start = i
        stream = None
        if run is None and i >= streams_from:
            if (summary := two_sided.find(lines, i)) is not None:
                sides, after = summary
                for side in sides:  # 收入 and 支出, each with its 本年…合计
                    if (
                        grid := _grid(lines, i, side.rows, side.lines, path, narrow=True)
                    ) is not None:
                        found.append(grid[0])
                used.update(id(x) for x in lines[i:after])
                i = after
                continue
            stream = cellstream.find(lines, i)
            if stream is None:
                streams_from = cellstream.region_end(lines, i)
            else:
                run = stream.rows, stream.lines, stream.end
                start = stream.start
        if run is None:
            i += 1
            continue
        rows, row_lines, end = run
        grid = _grid(lines, start, rows, row_lines, path, narrow=stream is not None)
        if grid is not None:
            table, consumed = grid
            found.append(table)
            if stream is not None:  # every line of the table, its value cells too
                consumed = lines[stream.start : stream.end]
            used.update(id(x) for x in consumed)
            end = min(end, lines.index(consumed[-1]) + 1)  # the next table may start there
        i = max(end, i + 1)
    return found, used


_Run = tuple[list[list[str]], list[RawLine], int]


def _pipe_run(lines: list[RawLine], i: int) -> _Run | None:
    if not _is_row(lines[i]):
        return None
    j = i
    while j < len(lines) and (_is_row(lines[j]) or "|" in lines[j].text):
        j += 1
    return [_cells(x) for x in lines[i:j]], lines[i:j], j


def _spaced_run(lines: list[RawLine], i: int) -> _Run | None:
    """``项目 2023年预算数 2024年预算数 增减`` then ``合计 18.15 22.15 4``: a header of column words
    split by spaces, and rows of a label and numbers."""
    header = lines[i].text.split()
    if len(header) < 3 or not _is_header(header) or len(lines[i].filled) > 1:
        return None
    rows, row_lines = [header], [lines[i]]
    j = i + 1
    while j < len(lines):
        tokens = lines[j].text.split()
        if len(tokens) < 2 or _numeric(tokens[0]) or not all(_numeric(t) for t in tokens[1:]):
            break
        rows.append(tokens)
        row_lines.append(lines[j])
        j += 1
    return (rows, row_lines, j) if len(rows) >= 2 else None


def _named_list(rows: list[list[str]]) -> int | None:
    """A list of two columns (支出 | 预算数, then 合计 | 6.18, 因公出国(境)费 | 0.66 …) whose
    header names one column only: its header row, when two rows or more after it name what the
    vocabulary knows beside an amount."""
    if not rows or len(rows[0]) != 2 or any(_numeric(c) for c in rows[0] if c):
        return None
    named = sum(
        1
        for r in rows[1:]
        if len(r) == 2 and _numeric(r[1]) and VOCABULARY.subject_of(r[0]) is not None
    )
    return 0 if named >= 2 else None


def _grid(
    lines: list[RawLine],
    start: int,
    rows: list[list[str]],
    row_lines: list[RawLine],
    path: str,
    narrow: bool = False,
) -> tuple[Grid, list[RawLine]] | None:
    """A grid from rows of cells (the header among the first); ``narrow``: a single amount
    column is a table too (its shape proven by the stream it was cut from)."""
    h = next((k for k, r in enumerate(rows) if _is_header(r)), None)
    if h is None:
        h = _named_list(rows)
    if h is None:
        return None
    header = rows[h]
    first_data = h + 1
    sub = rows[first_data] if first_data < len(rows) else []
    if not any(_numeric(c) for c in sub if c) and any(_HEADER_WORDS.search(c) for c in sub if c):
        header = _merge_header(header, rows[first_data])
        first_data += 1
    labels = list(header)
    half = len(labels) // 2
    if half >= 2 and labels[:half] == labels[half : 2 * half]:
        return None  # 项目 行次 金额 项目 行次 金额: 收入 and 支出 side by side, not one list
    if labels and labels[0].strip() in _NUMBERING:  # 行次 heads the row numbers, not the names
        labels.insert(0, "")
    while labels and not labels[-1]:
        labels.pop()
    # 科目编码 | 科目名称 | …: the code and the name make the row's name, the code its level
    coded = (
        len(labels) >= 4
        and bool(_CODE_HEADER.search(labels[0]))
        and not _CODE_HEADER.search(labels[1])
    )
    if coded:
        rows = [r[:1] + r[2:] if k < first_data else _join_code(r) for k, r in enumerate(rows)]
        labels = labels[:1] + labels[2:]
    # one column of amounts: a table when its shape is proven (cut from a stream) or its rows
    # name what the vocabulary knows (合计 | 6.18, 因公出国(境)费 | 0.66 …)
    narrow = narrow or sum(1 for r in rows[first_data:] if r and VOCABULARY.subject_of(r[0])) >= 2
    if len(labels) < (2 if narrow else 3):
        return None
    value_labels = labels[1:]
    roles = _roles(value_labels)
    if not any(r in ("prior", "current", "amount", "change") for r in roles):
        return None
    title = ""
    unit = "万元"
    before = lines[max(0, start - 3) : start] + row_lines[:h]
    for line in before:
        text = line.text.replace("|", " ").strip()
        if m := _UNIT.search(text):
            unit = m.group(1)
        elif ("表" in text or "情况" in text) and len(text) <= 80:
            title = text
    out_rows: list[GridRow] = []
    consumed = list(row_lines[:first_data])
    stack: list[tuple[int, int]] = []  # (level, row index)
    levels = _Levels()
    for k in range(first_data, len(rows)):
        cells = rows[k]
        name = cells[0] if cells else ""
        rest = cells[1 : 1 + len(value_labels)]
        rest += [""] * (len(value_labels) - len(rest))
        if _is_header(cells) or _UNIT.search(" ".join(cells)) or (is_title(name) and not any(rest)):
            break  # the next table begins
        if name.strip() in _NUMBERING:
            consumed.append(row_lines[k])  # 列次 0 1 2 …: the columns' numbers
            continue
        if not name or len(name) > 40 or (not any(rest) and len(cells) <= 1):
            if len(name) > 40:
                break
            continue
        above = VOCABULARY.subject_of(out_rows[-1].name) if out_rows else None
        code = name.split(" ", 1)[0] if coded and name[:1].isdigit() else ""
        level = len(code) if code else levels.of(name, above)
        if code:  # the nearest row above whose code this one's begins with, else the 合计
            while stack and not (
                stack[-1][0] == 0 or code.startswith(out_rows[stack[-1][1]].name.split(" ")[0])
            ):
                stack.pop()
        levels.last = level
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        values = tuple(
            None if roles[n] == "text" else _value(c, roles[n] in PERCENT_ROLES)
            for n, c in enumerate(rest)
        )
        line = row_lines[k]
        out_rows.append(
            GridRow(
                name=name,
                cells=tuple(c or None for c in rest),
                values=values,
                source=Source(file=path, page=line.page or None, line=line.number, row=name),
                parent=parent,
                total=level == 0,
                marked=_marker(name) != "" or bool(code),
            )
        )
        stack.append((level, len(out_rows) - 1))
        consumed.append(line)
    if not out_rows:
        return None
    out_rows = _total_last(out_rows)
    columns = tuple(GridColumn(lbl, role) for lbl, role in zip(value_labels, roles, strict=True))
    src = row_lines[0]
    grid = Grid(
        title=title or f"表格（{'、'.join(labels[:4])}）",
        unit=unit,
        columns=columns,
        rows=tuple(out_rows),
        source=Source(file=path, page=src.page or None, line=src.number, table=title or None),
    )
    return grid, consumed
