"""Map table header labels to column meanings, and data cells to columns.

Header labels vary by region and year ("总计" / "合计", "日常公用经费" / "公用经费",
"一般公共预算 财政拨款收入" wrapped in a cell…). Each label is normalised and matched to a
column key; group headers spanning several columns are recognised and dropped, and data cells
are assigned to the nearest column anchor (by column index for text, by x for PDF).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from yusuan.model.tables import TableKind
from yusuan.money import LABEL_UNIT
from yusuan.readers.raw import RawCell, RawLine

CODE = "code"
NAME = "name"
CODE_PART = "code_part"
LABEL_KEYS = {CODE, NAME, CODE_PART}


@lru_cache(maxsize=8192)
def normalize(label: str) -> str:
    """Remove whitespace and quotes; unify parentheses."""
    s = "".join(label.split())
    return s.translate(str.maketrans('()“”"', "（）   ")).replace(" ", "")


_AMOUNT_HEAD = re.compile(r"^(?:\d{4}年)?(?:本年)?(?:预算数|预算|金额|决算数)$")


@lru_cache(maxsize=8192)
def column_key(label: str, kind: TableKind) -> str | None:
    """The column key a header label denotes, or None for labels that are not columns. A money
    unit printed after the label (预算数（万元）) is the table's unit, not part of the name."""
    s = LABEL_UNIT.sub("", normalize(label))
    if not s:
        return None
    if s in {
        "科目编码",
        "功能分类科目编码",
        "编码",
        "经济分类科目编码",
        "部门预算经济分类科目编码",
        "部门预算经济分类科目",
        "项目编号",
        "功能分类科目",
        "经济分类科目",
    }:
        return CODE
    if s in {"科目名称", "功能分类科目名称", "经济分类科目名称", "项目", "项目名称"}:
        return NAME
    if s in {"类", "款", "项"}:
        return CODE_PART
    if kind in (
        TableKind.INCOME_EXPENDITURE_SUMMARY,
        TableKind.FISCAL_SUMMARY,
    ) and _AMOUNT_HEAD.match(s):
        return "amount"
    if s in {"合计", "总计"}:
        return "total"
    if s in {"本年收入合计", "本年支出合计"} and kind not in TWO_SIDED:
        return "total"  # 决算 收入决算表/支出决算表 (in the summary tables these are row labels)
    if kind is TableKind.GPB_BASIC_ECONOMIC and _AMOUNT_HEAD.match(s):
        return "amount"  # 决算: code/name/决算数 groups side by side
    if s == "小计":
        return "vehicle" if kind is TableKind.THREE_PUBLIC else "total"
    table: tuple[tuple[str, str], ...] = (
        ("基本支出", "basic"),
        ("项目支出", "project"),
        ("人员经费", "personnel"),
        ("公用经费", "public"),
        ("日常公用经费", "public"),
        ("上年结转", "carryover"),
        ("年初结转和结余", "carryover_begin"),
        ("年末结转和结余", "carryover_end"),
        ("本年收入", "income"),
        ("上缴上级支出", "remit"),
        ("经营支出", "operating_exp"),
        ("对附属单位补助支出", "subsidy"),
        ("事业收入", "business"),
        ("其他收入", "other"),
        ("公务用车购置及运行费", "vehicle"),
        ("公务用车购置及运行维护费", "vehicle"),
        ("公务用车购置费", "vehicle_purchase"),
        ("购置费", "vehicle_purchase"),
        ("公务用车运行费", "vehicle_operation"),
        ("公务用车运行维护费", "vehicle_operation"),
        ("运行费", "vehicle_operation"),
        ("运行维护费", "vehicle_operation"),
    )
    for name, key in table:
        if s == name:
            return key
    if "因公出国" in s:
        return "outbound"
    if "公务接待" in s:
        return "reception"
    if "机关运行经费" in s:
        return "admin_cost"
    if s.endswith(("支出", "预算数")):
        return None  # group headers such as 一般公共预算支出, “三公”经费预算数
    if s.startswith("一般公共预算"):
        return "gpb"
    if s.startswith("政府性基金"):
        return "gov_fund"
    if s.startswith("国有资本经营"):
        return "soe"
    if "财政专户" in s:
        return "special_account"
    if "经营收入" in s or s.startswith("事业单位经营"):
        return "operating"
    if "上级补助" in s:
        return "superior"
    if s.startswith("对附属单位"):
        return "subsidy" if s.endswith("支出") else None  # 对附属单位补助支出, wrapped or whole
    if "附属单位" in s:
        return "affiliated"
    if s in {"财政拨款收入", "财政拨款"} and kind is TableKind.INCOME_SUMMARY:
        return "fiscal"
    return None


@dataclass(frozen=True, slots=True)
class Anchor:
    """A column: its key, header label, horizontal extent and which side it is on."""

    key: str
    label: str
    x0: float
    x1: float
    side: str | None = None

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


TWO_SIDED = (TableKind.INCOME_EXPENDITURE_SUMMARY, TableKind.FISCAL_SUMMARY)
#: Tables that may print two column groups side by side (决算 基本支出表: 301/303 left, 302/310 right).
SIDE_BY_SIDE = (TableKind.GPB_BASIC_ECONOMIC,)


def _spans(line: RawLine, positional: bool) -> list[tuple[RawCell, float, float]]:
    """Header cells with the span they cover (text: over following blank cells)."""
    out: list[tuple[RawCell, float, float]] = []
    cells = line.cells
    for i, c in enumerate(cells):
        if not c.text:
            continue
        if positional:
            out.append((c, c.x0, c.x1))
            continue
        end = i + 1
        while end < len(cells) and not cells[end].text:
            end += 1
        out.append((c, c.x0, float(end)))
    return out


def _merge_stacked(
    header: list[RawLine], kind: TableKind
) -> list[list[tuple[RawCell, float, float]]]:
    """PDF only: join a label printed over several lines of one header cell
    (``事业单位`` / ``经营收入``, ``一般公共预`` / ``算财政拨款``, ``年初结转和`` / ``结余``).

    A fragment joins the stack above it (up to two header lines up) when their centres line up
    or their extents overlap, the upper piece is not the narrower one (a group label such as
    支出 centred over its columns is no fragment), and the pieces do not already name columns
    of their own. The
    joined label keeps the extent of its lowest piece, which is the narrowest, most specific one.
    """
    rows = [list(_spans(line, True)) for line in header]
    # a first character printed a little higher than the rest of its line: glue it back
    for i in range(len(rows) - 1):
        for ai, (a, ax0, ax1) in enumerate(rows[i]):
            for bi, (b, bx0, bx1) in enumerate(rows[i + 1]):
                if a.text and b.text and 0 <= bx0 - ax1 < 3 and len(a.text) <= 2:
                    rows[i + 1][bi] = (RawCell(a.text + b.text, ax0, bx1), ax0, bx1)
                    rows[i][ai] = (RawCell("", ax0, ax1), ax0, ax1)
    for i in range(1, len(rows)):
        for bi, (b, bx0, bx1) in enumerate(rows[i]):
            if not b.text:
                continue
            for j in (i - 1, i - 2):
                if j < 0:
                    continue
                match = next(
                    (
                        (ai, a)
                        for ai, (a, ax0, ax1) in enumerate(rows[j])
                        if a.text
                        and _stacked(ax0, ax1, bx0, bx1)
                        and ax1 - ax0 >= bx1 - bx0 - 2  # a wrap fills its upper line first
                        and _fragment(a.text, b.text, kind)
                    ),
                    None,
                )
                if match is not None:
                    ai, a = match
                    rows[i][bi] = (RawCell(a.text + b.text, bx0, bx1), bx0, bx1)
                    rows[j][ai] = (RawCell("", a.x0, a.x1), a.x0, a.x1)
                    break
    return [[t for t in r if t[0].text] for r in rows]


def _stacked(ax0: float, ax1: float, bx0: float, bx1: float) -> bool:
    centred = abs((ax0 + ax1) - (bx0 + bx1)) < 8
    overlap = min(ax1, bx1) - max(ax0, bx0)
    return centred or overlap >= 0.6 * min(ax1 - ax0, bx1 - bx0)


def _fragment(upper: str, lower: str, kind: TableKind) -> bool:
    """Two pieces of one label: at least one names no column alone, and the joined label does,
    or neither does."""
    alone = {column_key(upper, kind), column_key(lower, kind)} - {None}
    if len(alone) > 1:
        return False
    joined = column_key(upper + lower, kind)
    if alone:  # one piece names a column: the joined label must name the same one
        return joined in alone
    return True


MEASURES = {"预算数": "预算数", "决算数": "决算数"}


def build_anchors(header: list[RawLine], kind: TableKind, positional: bool) -> list[Anchor]:
    """Column anchors from the header lines (top to bottom)."""
    if kind is TableKind.THREE_PUBLIC:
        for i, line in enumerate(header):
            measures = [c for c in line.filled if normalize(c.text) in MEASURES]
            if len(measures) >= 4:  # 决算: each item has a 预算数 and a 决算数 column
                groups = build_anchors(header[:i] + header[i + 1 :], kind, positional)
                groups = [g for g in groups if g.key not in LABEL_KEYS]
                if not groups:
                    break
                return [
                    Anchor(
                        f"{min(groups, key=lambda g: abs(g.center - m.center)).key}|{normalize(m.text)}",
                        normalize(m.text),
                        m.x0,
                        m.x1 if positional else m.x0 + 1,
                    )
                    for m in measures
                ]
    rows = _merge_stacked(header, kind) if positional else [_spans(line, False) for line in header]
    leaves: list[tuple[int, Anchor]] = []
    for depth, row in enumerate(rows):
        for cell, x0, x1 in row:
            below = [
                c.center
                for later in rows[depth + 1 :]
                for c, _, _ in later
                if (x0 - 5 <= c.center <= x1 + 5 if positional else x0 <= c.x0 < x1)
            ]
            if len(below) >= 2:
                continue  # a group header spanning several columns
            key = column_key(cell.text, kind)
            if key is None:
                continue
            width = (cell.x0, cell.x1) if positional else (cell.x0, cell.x0 + 1)
            leaves.append((depth, Anchor(key, normalize(cell.text), *width)))
    anchors = [a for _, a in sorted(leaves, key=lambda t: t[1].x0)]
    if kind in TWO_SIDED or kind in SIDE_BY_SIDE:
        anchors = _assign_sides(anchors, {id(a): d for d, a in leaves})
    anchors = _dedupe(anchors, leaves)
    keys = {a.key for a in anchors}
    drop: set[str] = set()
    if {"personnel", "public"} <= keys:
        drop.add("basic")
    anchors = [a for a in anchors if a.key not in drop]
    if kind in TWO_SIDED:
        exp = {a.key for a in anchors if a.side == "expenditure"}
        if exp - LABEL_KEYS - {"amount"}:
            anchors = [a for a in anchors if not (a.side == "expenditure" and a.key == "amount")]
    return anchors


def _assign_sides(anchors: list[Anchor], depth: dict[int, int]) -> list[Anchor]:
    """Split two column groups printed side by side: the second group starts where its label
    column (项目 / 科目编码) repeats on the same header line, together with any 类/款 columns
    just before it. (A group label such as 经济分类科目 above 科目编码 is no repeat.)"""
    head = next((a for a in anchors if a.key in (NAME, CODE)), None)
    first = None if head is None else head.key
    level = None if head is None else depth.get(id(head))
    repeats = [i for i, a in enumerate(anchors) if a.key == first and depth.get(id(a)) == level]
    if first is None or len(repeats) < 2:
        return anchors
    start = repeats[1]
    while start > 0 and anchors[start - 1].key == CODE_PART:
        start -= 1
    boundary = anchors[start].x0
    return [
        Anchor(a.key, a.label, a.x0, a.x1, "income" if a.x0 < boundary else "expenditure")
        for a in anchors
    ]


def _dedupe(anchors: list[Anchor], leaves: list[tuple[int, Anchor]]) -> list[Anchor]:
    """Keep one anchor per (side, key): the deepest header line wins."""
    depth = {(a.key, a.label, a.x0): d for d, a in leaves}  # anchors may be copies (sides)
    best: dict[tuple[str | None, str], Anchor] = {}
    for a in anchors:
        k = (a.side, a.key)
        if a.key == CODE_PART:
            best[(a.side, f"{a.key}{a.x0}")] = a
            continue
        if k not in best or depth.get((a.key, a.label, a.x0), 0) > depth.get(
            (best[k].key, best[k].label, best[k].x0), 0
        ):
            best[k] = a
    return sorted(best.values(), key=lambda a: a.x0)


def side_boundary(anchors: list[Anchor]) -> float | None:
    """x where the expenditure side starts in a two-sided table."""
    exp = [a.x0 for a in anchors if a.side == "expenditure"]
    return min(exp) if exp else None
