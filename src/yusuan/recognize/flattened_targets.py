"""The indicator grid of a 绩效目标表 flattened one cell per line (a portal page's paragraphs,
text pasted from one).

The header is the run of lines that each name an indicator column (一级指标 / 二级指标 /
三级指标 / 指标权重 …; a 绩效指标 row label before it is left out); a row starts at a 一级指标
value (产出指标, 效益指标, 满意度指标, 成本指标) and has one line per column, a blank cell an
empty line or a dash. A grid is rebuilt only when every cell fits its column (:func:`_fits`: a
weight is a number, 是否核心指标 是 or 否, a 一级指标 only in the level columns, no title or label
inside a row); a row that does not — a blank cell left out, so that the row runs into the next
one or past the grid's end — leaves the grid as it was printed. Nothing is guessed: the sheet
then has no indicators, and C004 reports it.
"""

from __future__ import annotations

from collections.abc import Sequence

from yusuan.money import DASHES, is_amount
from yusuan.readers.raw import RawCell, RawLine
from yusuan.recognize.projects import INDICATOR_COLUMNS, LEVEL1
from yusuan.recognize.titles import classify_title

_ROW_LABEL = "绩效指标"  # the grid's row label, printed before the header (rowspan)


def _text(line: RawLine) -> str | None:
    """The line's text when it is one cell (a flattened cell; a dash, a blank one), else
    None."""
    if len(line.cells) != 1:
        return None
    text = "".join(line.cells[0].text.split())
    return "" if text in DASHES else text


def _full_width(text: str) -> str:
    return text.replace("(", "（").replace(")", "）")


#: indicator column labels (parentheses full width) → their keys
_KEYS = {_full_width(label): key for label, key in INDICATOR_COLUMNS.items()}


def _column(text: str | None) -> bool:
    return text is not None and _full_width(text) in _KEYS


def rebuild_grids(lines: Sequence[RawLine]) -> list[RawLine]:
    """The lines with every flattened indicator grid rebuilt into a header line and one line
    per indicator (cells at their column's index)."""
    out: list[RawLine] = []
    i = 0
    while i < len(lines):
        grid = _grid(lines, i) if _text(lines[i]) == "一级指标" else None
        if grid is None:
            out.append(lines[i])
            i += 1
            continue
        rebuilt, i = grid
        if out and _text(out[-1]) == _ROW_LABEL:
            out.pop()
        out.extend(rebuilt)
    return out


def _grid(lines: Sequence[RawLine], start: int) -> tuple[list[RawLine], int] | None:
    """The grid whose header starts at ``start``: its rebuilt lines and the index after it."""
    end = start
    while end < len(lines) and _column(_text(lines[end])):
        end += 1
    header = [_text(line) or "" for line in lines[start:end]]
    if not {"一级指标", "二级指标", "三级指标"} <= set(header):
        return None
    width = len(header)
    # a 二级指标 may repeat its 一级指标's name (满意度指标 / 满意度指标); no other column may
    levels = {header.index("一级指标"), header.index("二级指标")}
    keys = [_KEYS[_full_width(h)] for h in header]
    rows: list[tuple[RawLine, list[str]]] = []
    i = end
    while True:
        while i < len(lines) and _text(lines[i]) == "":
            i += 1  # the blank 绩效指标 cell before a row, or the grid's end
        if i >= len(lines) or _text(lines[i]) not in LEVEL1:
            break
        cells = [(_text(line), line) for line in lines[i : i + width]]
        if len(cells) < width or any(t is None for t, _ in cells):
            return None  # the grid ends inside a row
        if not _fits([t or "" for t, _ in cells], keys, levels):
            return None  # a blank cell left out: the row runs into the next one, or on
        rows.append((lines[i], [t or "" for t, _ in cells]))
        i += width
    if not rows:
        return None
    rebuilt = [_line(lines[start], header)] + [_line(src, cells) for src, cells in rows]
    return rebuilt, i


def _fits(cells: list[str], keys: list[str], levels: set[int]) -> bool:
    """Each cell can be in its column: no 一级指标 outside the two level columns, a weight a
    number (or blank), 是否核心指标 是/否 (or blank), and no table title or column label."""
    for k, (text, key) in enumerate(zip(cells, keys, strict=True)):
        if k not in levels and text in LEVEL1:
            return False
        if key in ("weight", "weight_current") and text and not is_amount(text):
            return False
        if key == "core" and text not in ("", "是", "否"):
            return False
        if classify_title(text) is not None or _column(text):
            return False
    return True


def _line(source: RawLine, cells: list[str]) -> RawLine:
    """A rebuilt line, numbered as its first source line, each cell at its column's index."""
    return RawLine(
        source.page,
        source.number,
        tuple(RawCell(c.strip(), float(k), float(k + 1)) for k, c in enumerate(cells)),
        source.y,
        source.height,
        source.sheet,
    )
