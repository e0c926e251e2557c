"""类（款）项 lines of a 决算 说明: their 科目 paths, what each was 主要用于, and that each exists.

``一般公共服务支出（类）人大事务（款）行政运行（项）`` must be a path of the tables; the
住房公积金 line ``主要用于：事业单位医疗保险支出`` is the 事业单位医疗 line's text pasted one
line too far.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from yusuan.model import BudgetPackage, Row, Source, TableKind
from yusuan.money import number
from yusuan.rules.context import Context
from yusuan.rules.final.text import (
    HEADING,
    NUM,
)
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import rule
from yusuan.said import quantities as q

_PATH = re.compile(r"((?:[^（）\d、，。：；\s“”]|（[^（）类款项]{1,4}）)+?)（(类|款|项)）")
_LEVEL = {"类": 1, "款": 2, "项": 3}


@rule(
    "J003",
    "说明中的科目层级名称",
    category="narrative",
    severity="warning",
    source="[D] standards §4: 类/款/项 names as in the tables and the catalog",
    applies_to=("决算",),
)
def check_subject_paths(ctx: Context) -> Iterator[Finding]:
    """A narrative path ``一般公共服务支出（类）社会工作事务（款）行政运行（项）`` uses the names the
    table gives to that 项 and its parents."""
    table = ctx.table(TableKind.GPB_EXPENDITURE) or ctx.table(TableKind.EXPENDITURE_SUMMARY)
    if table is None:
        return
    coded = table.coded()
    for para in ctx.package.paragraphs:
        parts = [
            (m.group(1).lstrip("0123456789、.．"), _LEVEL[m.group(2)])
            for m in _PATH.finditer(para.text)
        ]
        if len(parts) < 3 or [lvl for _, lvl in parts[:3]] != [1, 2, 3]:
            continue
        (cls, _), (kuan, _), (xiang, _) = parts[:3]
        leaf = _find_leaf(coded, cls, kuan, xiang)
        if leaf is None or leaf.code is None:
            continue
        for stated, code in ((cls, leaf.code[:3]), (kuan, leaf.code[:5])):
            row = table.by_code(code)
            if row is not None and row.name != stated:
                yield ctx.finding(
                    f"说明中{xiang}（项）的上级科目写作「{stated}」，表中{code}为「{row.name}」。",
                    para.source.at(row=f"{cls}/{kuan}/{xiang}"),
                    stated=stated,
                    expected=row.name,
                )


def _find_leaf(rows: tuple[Row, ...], cls: str, kuan: str, xiang: str) -> Row | None:
    """The 项 named ``xiang`` whose 类 or 款 name matches the text (the other may be wrong)."""
    names = {r.code: r.name for r in rows if r.code}
    candidates = [r for r in rows if r.level == 3 and r.name == xiang and r.code]
    for r in candidates:
        assert r.code is not None
        if names.get(r.code[:3]) == cls or names.get(r.code[:5]) == kuan:
            return r
    return candidates[0] if len(candidates) == 1 else None


# --- 项 lines: 主要用于 and 决算 amount -----------------------------------------------------------

#: a 科目 name is at most a few dozen characters: bounded, so that a long run of text without
#: （类） is not scanned to its end from every position (quadratic: 20,000 一 took 19 s)
_ITEM_PATH = re.compile(
    r"((?:[^（）\d、，。：；\s“”]|（[^（）类款项]{1,4}）){1,60}?)（(类|款|项)）"
)
_USE = re.compile(r"主要用于[:：]\s*([^。]+)")
_SPENT = re.compile(r"支出决算(?:数)?为?\s*" + NUM + r"\s*万元")
_PLACEHOLDER = re.compile(r"^[XＸx×]+$|XX")


@dataclass(frozen=True, slots=True)
class _Item:
    """A ``类（类）款（款）项（项）`` line of the narrative with what follows it up to the next."""

    path: tuple[str, str, str]  # 类, 款, 项 as written
    use: str  # the 主要用于 text ("" if none)
    use_source: Source | None
    spent: Decimal | None  # 支出决算为…万元
    source: Source


@dataclass(slots=True)
class _ItemBuilder:
    path: tuple[str, str, str]
    source: Source
    use: str = ""
    use_source: Source | None = None
    spent: Decimal | None = None

    def freeze(self) -> _Item:
        return _Item(self.path, self.use, self.use_source, self.spent, self.source)


def _items(pkg: BudgetPackage) -> Iterator[_Item]:
    """Each 项 line; its 主要用于 text and 决算 amount may sit in the paragraphs after it (a PDF
    line ending in ``（项）。`` ends a paragraph)."""
    current: _ItemBuilder | None = None
    for para in pkg.paragraphs:
        parts = (
            [
                (m.group(1).lstrip("0123456789、.．"), m.group(2), m.start(), m.end())
                for m in _ITEM_PATH.finditer(para.text)
            ]
            if "（项）" in para.text or "（款）" in para.text or "（类）" in para.text
            else []
        )
        offset = 0
        if len(parts) >= 3 and [lvl for _, lvl, _, _ in parts[:3]] == ["类", "款", "项"]:
            if current is not None:
                yield current.freeze()
            path = (parts[0][0], parts[1][0], parts[2][0])
            current = _ItemBuilder(path, para.at(parts[0][2]).at(row="/".join(path)))
            offset = parts[2][3]
        elif parts or HEADING.match(para.text):
            if current is not None:
                yield current.freeze()
            current = None
        if current is None:
            continue
        if not current.use and (m := _USE.search(para.text, offset)) is not None:
            current.use = "".join(m.group(1).split())
            current.use_source = para.at(m.start()).at(row=current.path[2])
        if current.spent is None and (m := _SPENT.search(para.text, offset)) is not None:
            current.spent = number(m.group(1))
    if current is not None:
        yield current.freeze()


_WIDTH = str.maketrans("()", "（）")


def _norm(name: str) -> str:
    """A 科目 name compared without spaces and with full-width parentheses."""
    return "".join(name.split()).translate(_WIDTH)


@rule(
    "J010",
    "不同科目照抄“主要用于”说明",
    category="narrative",
    severity="warning",
    source="[D] standards §2.4 N-3 (text specific to its item); scope and length set by the profile",
)
def check_copied_uses(ctx: Context) -> Iterator[Finding]:
    """The ``主要用于：…`` text of a 项 is the same, word for word, as that of a 项 in another 款
    (profile ``copied_use``: ``scope`` 类/款/项 — how far apart the two lines must be — and
    ``min_chars``): ``住房公积金（项）。主要用于：事业单位医疗保险支出`` was copied from the line above."""
    depth = {"类": 1, "款": 2, "项": 3}[ctx.profile.copied_use_scope]
    seen: dict[str, _Item] = {}
    for item in _items(ctx.package):
        if len(item.use) < ctx.profile.copied_use_min_chars or _PLACEHOLDER.search(item.use):
            continue
        first = seen.setdefault(item.use, item)
        if (
            first is item
            or first.path[:depth] == item.path[:depth]
            or _norm(first.path[2]) == _norm(item.path[2])  # 行政运行 of two 款: same spending
        ):
            continue
        yield ctx.finding(
            f"{'/'.join(item.path)}（项）的“主要用于”说明与{'/'.join(first.path)}（项）一字不差："
            f"“{item.use[:40]}”，请核实是否照抄。",
            item.use_source or item.source,
            stated=item.use,
            expected=f"{item.path[2]}自身的用途",
            related=(first.use_source or first.source,),
        )


# --- 说明中的项级科目不存在 --------------------------------------------------------------------------


@rule(
    "J011",
    "说明中的项级科目在表中不存在",
    category="narrative",
    severity="warning",
    source="[D] standards §4 and R-PUB-2 [S:143]: 说明 by 项 as in the 支出决算表 and the catalog",
    applies_to=("决算",),
)
def check_item_exists(ctx: Context) -> Iterator[Finding]:
    """A ``类（类）款（款）项（项）`` line of the narrative names a 项 of the 一般公共预算财政拨款支出
    决算表. When the table has no 项 of that name: if one 项 of the same 类 has the line's 决算
    amount, the line misnames it (warning, the table's name given); else a warning when the catalog
    knows the name under that 类 (the table omits the 项), and info when it does not (unknown —
    check the official catalog; not invalid)."""
    table = ctx.table(TableKind.GPB_EXPENDITURE) or ctx.table(TableKind.EXPENDITURE_SUMMARY)
    if table is None or not any(r.has_values for r in table.coded()):
        return
    rows = [r for r in table.coded() if r.code]
    items = {_norm(r.name) for r in rows if r.level == 3}
    classes = {_norm(r.name): r.code for r in rows if r.level == 1}
    catalog = ctx.catalogs.functional.names
    for item in _items(ctx.package):
        cls, kuan, xiang = item.path
        if _norm(xiang) in items or _PLACEHOLDER.search(xiang):
            continue
        cls_code = classes.get(_norm(cls)) or next(
            (c for c, n in catalog.items() if len(c) == 3 and n == cls), None
        )
        same = [
            r
            for r in rows
            if r.level == 3
            and r.code is not None
            and (cls_code is None or r.code.startswith(cls_code))
            and item.spent is not None
            and q.to_wan(table, r.value("total")) == item.spent
        ]
        if len(same) == 1 and same[0].code is not None:
            row = same[0]
            yield ctx.finding(
                f"说明中的{cls}/{kuan}/{xiang}（项）在「{table.title}」中没有；表中决算数同为"
                f"{item.spent}万元的项级科目是{row.code}「{row.name}」。",
                item.source,
                stated=xiang,
                expected=row.name,
                related=(row.source,),
            )
            continue
        known = [
            c
            for c, n in catalog.items()
            if len(c) == 7
            and _norm(n) == _norm(xiang)
            and (cls_code is None or c.startswith(cls_code))
        ]
        if known:
            yield ctx.finding(
                f"说明列有{cls}/{kuan}/{xiang}（项），但「{table.title}」中没有这一项级科目"
                f"（分类科目中为{'、'.join(known)}）。",
                item.source,
                stated=xiang,
                expected="表中的项级科目",
            )
        else:
            yield ctx.finding(
                f"说明列有{cls}/{kuan}/{xiang}（项），「{table.title}」和内置分类科目目录中都没有这一"
                "名称，请对照当年政府收支分类科目核实。",
                item.source,
                stated=xiang,
                expected="表中的项级科目",
                severity=Severity.INFO,
            )
