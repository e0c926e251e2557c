"""Performance tables from anywhere: a 绩效自评表 or 绩效目标表 read from a page however its
grid was flattened — ``|``-separated rows whose merged cells shift values, one cell per line
(with `` |`` endings and ``||||`` padding), space-separated rows, cells run together.

The page becomes one stream of cells (:func:`cells`): lines split at ``|`` (or at spaces when a
line has none), cells run together cut at the tables' labels (``lang/selfeval.yaml``), labels
printed over two lines joined. The 资金 block is read under its header labels: values are placed
by the header, anchored on the one percentage (执行率); numbers run together are split only
when exactly one split agrees with the printed rate. Indicator rows are read from the 一级/二级
labels and the grid's header columns, each value checked against its column's kind. A row that
cannot be placed is listed in ``unaligned`` and left out.

One module a step: the stream of cells (:mod:`~yusuan.recognize.selfeval_cells`), the 资金 rows
under their header (:mod:`~yusuan.recognize.selfeval_fundrows`; other layouts' 资金 blocks in
:mod:`~yusuan.recognize.selfeval_funds`), the indicator grid
(:mod:`~yusuan.recognize.selfeval_grid`); this module reads the page: its kind, the stated
scoring method and bands, the rates, the blank fields, the project, all put together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from yusuan.lang.selfeval import SELFEVAL_WORDS as W
from yusuan.lang.selfeval import label_key
from yusuan.lang.vocabulary import fold
from yusuan.model import Source
from yusuan.model.selfeval import Printed, SelfEvaluation
from yusuan.readers.raw import RawDocument
from yusuan.recognize.selfeval_cells import BLANK, POINTS_IN, Cell, cells, fused, printed
from yusuan.recognize.selfeval_fundrows import read_funds
from yusuan.recognize.selfeval_grid import Grid, as_target, grid_header, read_grid

_METHOD_PAIR = re.compile(
    r"(产出|效益|效果|满意度|管理|决策|过程|绩效|预算资金执行率|预算执行率|执行率|预算执行)"
    r"(?:指标)?\s*(\d+(?:\.\d+)?)\s*分"
)
_METHOD_SIGN = ("分值", "设置", "统一", "权重")


_ACTUAL = W.grid_words("actual")
#: what the cell stream may leave out between two pieces of one cell (separators, colons,
#: fillers, numbers run in; whitespace too, and 指标, joined to a label when printed alone)
_BETWEEN = frozenset("|:：0123456789.…·。%指标")
#: every 实际值 label (``_ACTUAL``) without those characters ends in one of these
_ACTUAL_ENDS = ("实际值", "完成值")


def _titled(doc: RawDocument) -> str | None:
    """The kind the head of the page names in a title, if any."""
    head = fold("".join(line.text for line in doc.lines[:40]))
    if any(w in head for w in W.titles["selfeval"]):
        return "自评表"
    if any(w in head for w in W.titles["targets"]):
        return "目标表"
    if any(w in head for w in W.titles["reports"]):
        return "自评报告"
    return None


#: a page whose 资金 block is printed without the sheet's title over it (the page cut above it)
_FUNDS_BLOCK = ("资金总额", "执行数", "执行率")


def _may_name_actual(doc: RawDocument) -> bool:
    """False when no cell of the page's stream can be an 实际值 label: neither 实际值 nor
    完成值 is in the page's text once everything the stream may leave out between a cell's
    pieces is taken out (a page of prose or budget tables is passed over without its stream)."""
    text = "".join([line.text for line in doc.lines])
    if all(w in text for w in _FUNDS_BLOCK):
        return True
    at = text.find("值")
    while at >= 0:
        j, before = at, ""
        while j > 0 and len(before) < 2:
            j -= 1
            if (ch := text[j]) not in _BETWEEN and not ch.isspace():
                before = ch + before
        if before + "值" in _ACTUAL_ENDS:
            return True
        at = text.find("值", at + 1)
    return False


def _kind(titled: str | None, stream: Sequence[Cell]) -> str | None:
    if titled is not None:
        return titled
    actual = _ACTUAL
    if any(label_key(c.text) in actual for c in stream):
        return "自评表"
    cols = {W.funds_column(c.text) for c in stream}
    if {"executed", "rate"} <= cols and any(W.funds_row(c.text) == "total" for c in stream):
        return "自评表"  # its 资金 block, the title cut off above it
    return None


def _stated_method(
    doc: RawDocument, path: str
) -> tuple[tuple[tuple[str, Decimal], ...], Source | None]:
    for line in doc.lines:
        text = fold(line.text)
        for sentence in re.split(r"[。;；]", text):
            if not any(s in sentence for s in _METHOD_SIGN):
                continue
            pairs = [(m.group(1), Decimal(m.group(2))) for m in _METHOD_PAIR.finditer(sentence)]
            if len({p[0] for p in pairs}) >= 3:
                return tuple(pairs), Source(file=path, line=line.number, row="评分说明")
    return (), None


_BAND = re.compile(r"(?<![\d.])(\d{1,3})\s*%?\s*[-—–~～至到]\s*(\d{1,3})\s*%")
_BAND_SIGN = ("定性", "档", "区间")


def _stated_bands(
    doc: RawDocument, path: str
) -> tuple[tuple[tuple[Decimal, Decimal], ...], Source | None]:
    """The 定性 bands a page's scoring note states (``按照指标分值的100-80%(含80%)、80-50%
    (含50%)、50-0%来记分``): (low, high) shares from the top band down, when they run from
    100 % to 0 % without a gap."""
    for line in doc.lines:
        text = fold(line.text)
        for sentence in re.split(r"[。;；]", text):
            if not any(w in sentence for w in _BAND_SIGN):
                continue
            pairs = [(int(m.group(1)), int(m.group(2))) for m in _BAND.finditer(sentence)]
            if (
                len(pairs) >= 2
                and pairs[0][0] == 100
                and pairs[-1][1] == 0
                and all(a > b for a, b in pairs)
                and all(pairs[k][1] == pairs[k + 1][0] for k in range(len(pairs) - 1))
            ):
                bands = tuple((Decimal(b) / 100, Decimal(a) / 100) for a, b in pairs)
                return bands, Source(file=path, line=line.number, row="评分说明")
    return (), None


_RATE = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)%")
_FIELD = re.compile(r"([\u4e00-\u9fff()%]{2,12})[:：]\s*(?=$|[\u4e00-\u9fff()%]{2,12}[:：])")


def _rates(stream: Sequence[Cell], path: str) -> list[tuple[Printed, Source]]:
    """Every percentage printed in the 资金 block (from its first column label to the goals or
    the grid), with cells run together too."""
    start = next(
        (i for i, c in enumerate(stream) if label_key(c.text).startswith(("执行率", "预算执行率"))),
        None,
    )
    out: list[tuple[Printed, Source]] = []
    if start is None:
        return out
    for cell in stream[start + 1 : start + 30]:
        key = label_key(cell.text)
        if W.level1_family(key) or key in ("年度总体目标", "绩效指标", "一级指标", "二级指标"):
            break
        if fused(cell.text):
            continue  # numbers run together: read with the 资金 rows
        for m in _RATE.finditer(fold(cell.text)):
            if (p := printed(m.group(0))) is not None:
                out.append((p, Source(file=path, line=cell.line, table="资金", column="执行率")))
    return out


def _blank_fields(doc: RawDocument) -> list[tuple[str, Source]]:
    """Required header fields (项目名称, 预算执行率权重(%)) printed with nothing after them."""
    out: list[tuple[str, Source]] = []
    for line in doc.lines[:40]:
        for m in _FIELD.finditer(fold(line.text)):
            key = label_key(m.group(1))
            word = next((w for w in W.required_fields if key.endswith(label_key(w))), None)
            if word is not None and (word, line.number) not in {(w, s.line) for w, s in out}:
                out.append((word, Source(file=doc.path, line=line.number, row=word)))
    return out


def _project(stream: Sequence[Cell]) -> str:
    """The value of the 项目名称 field: after its colon in the same cell, else the next cell
    (not another field's label, not blank)."""
    for k, cell in enumerate(stream[:60]):
        text = fold(cell.text)
        word = next((w for w in W.project_field if text.startswith(w)), None)
        if word is None:
            continue
        rest = text[len(word) :].lstrip(":： ")
        if rest:  # up to the next field run into it (项目名称X主管部门及代码Y)
            cut = min((i for w in W.header_fields if (i := rest.find(w)) > 0), default=len(rest))
            return rest[:cut].split("|")[0].strip()
        after = fold(stream[k + 1].text).strip() if k + 1 < len(stream) else ""
        if after and label_key(after) not in W.header_fields and after not in BLANK:
            return after
        return ""
    return ""


def read_selfevaluation(doc: RawDocument) -> SelfEvaluation | None:
    """The performance table a page holds, or None when it holds none."""
    titled = _titled(doc)
    if titled is None and not _may_name_actual(doc):
        return None  # (what :func:`_kind` finds, without the page's cell stream)
    stream = cells(doc)
    kind = _kind(titled, stream)
    if kind is None:
        return None
    funds, points, unaligned, end = read_funds(stream, doc.path)
    more_rates: list[tuple[Printed, Source]] = []
    if not funds:  # a 行次/列次 grid, or each amount after its label
        from yusuan.recognize.selfeval_funds import keyed_funds, numbered_funds

        funds, more_rates = numbered_funds([(c.text, c.line) for c in stream], doc.path)
        keyed = None if funds else keyed_funds(doc, doc.path)
        funds = [keyed] if keyed else funds
        unaligned = [] if funds else unaligned
    header = grid_header(stream)
    grid = read_grid(stream, header[0], header[1], doc.path) if header else Grid()
    if header is None:  # levels with points printed without a grid header (cells run together)
        for c in stream[end:]:
            fam = W.level1_family(c.text)
            m = POINTS_IN.search(fold(c.text))
            if fam and m and (p := printed(m.group(1))):
                grid.levels.append((label_key(c.text), fam, p, Source(file=doc.path, line=c.line)))
    rates = _rates(stream, doc.path) + more_rates
    placed = funds or grid.rows or grid.levels or rates
    if not placed and not (grid.total is not None and grid.unaligned):
        return None  # a page naming a performance table (a list of contents), holding none
    method, method_src = _stated_method(doc, doc.path)
    bands, bands_src = _stated_bands(doc, doc.path)
    title = next(  # the cell that holds it when the title row was flattened with others
        (c.strip() for t in doc.lines[:12] for c in t.text.split("|") if "表" in c), ""
    )
    return SelfEvaluation(
        kind=kind,
        title=title,
        funds=tuple(funds),
        execution_points=points,
        levels=tuple(grid.levels),
        indicators=tuple(grid.rows),
        total=grid.total,
        total_max=grid.total_max,
        grade=grid.grade,
        grade_source=grid.grade_source,
        stated_method=method,
        method_source=method_src,
        unaligned=tuple(unaligned + grid.unaligned),
        source=Source(file=doc.path, table=title or "绩效表"),
        funds_rates=tuple(rates),
        blank_fields=tuple(_blank_fields(doc)),
        stated_bands=bands,
        bands_source=bands_src,
        targets=tuple(as_target(i) for i in grid.rows),
        project=_project(stream),
    )


__all__ = ["as_target", "cells", "read_selfevaluation"]
