"""A performance table's page as one stream of cells (:func:`cells`), however its grid was
flattened: lines split at ``|`` (or at spaces when a line has none), cells run together cut at
the tables' labels (``lang/selfeval.yaml``), labels printed over two lines joined; and the
numbers in them as printed (:func:`printed`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from yusuan.lang.selfeval import SELFEVAL_WORDS as W
from yusuan.lang.selfeval import label_key
from yusuan.lang.vocabulary import fold
from yusuan.model.selfeval import Printed
from yusuan.readers.raw import RawDocument

_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?%?$")
#: what a blank cell is printed as
BLANK = {"—", "-", "--", "——", "/", "－", "一"}
_FILLER = re.compile(r"^(?:[.…·。]+|指标\d+|指标)$")
_POINTS = re.compile(r"^\((\d+(?:\.\d+)?)分\)$")
#: the points a label states: 产出指标（50分）
POINTS_IN = re.compile(r"[（(](\d+(?:\.\d+)?)分[)）]")


@dataclass(slots=True)
class Cell:
    text: str
    line: int


def _cut(text: str) -> tuple[str, ...]:
    """A cell holding several labels run together, cut before each label (and a number run
    into a label after it)."""
    folded = fold(text)
    found = [m for m in W.split_pattern.finditer(folded) if not _bracketed(folded, m.start())]
    if not found:
        return (text,)
    hits = [m.start() for m in found]
    led = hits[0] == 0 and bool(re.match(r"[\u4e00-\u9fff]", text[found[0].end() :]))
    if len(hits) < 2 and not re.search(r"\d", text) and not led:
        return (text,)
    cuts = sorted({0, *hits})
    pieces = [folded[a:b] for a, b in zip(cuts, [*cuts[1:], len(folded)], strict=True)]
    out: list[str] = []
    for piece in pieces:
        m = W.split_pattern.match(piece)
        rest = piece[m.end() :] if m else ""
        if m and (pts := re.match(r"\(\d+(?:\.\d+)?分\)", rest)) and rest[pts.end() :]:
            out += [piece[: m.end() + pts.end()], *_numbers_first(rest[pts.end() :])]
        elif m and rest.lstrip(":：") and re.match(r"[\d≥≤≧≦>=<\u4e00-\u9fff]", rest.lstrip(":：")):
            out += [piece[: m.end()], *_numbers_first(rest.lstrip(":："))]
        elif piece:
            out += _numbers_first(piece)
    return tuple(out)


def _bracketed(text: str, at: int) -> bool:
    """Whether ``at`` is inside brackets: ``得分(20分*执行率)`` names how the score is computed, the
    label in it is no cell of its own."""
    before = text[:at]
    return before.count("(") > before.count(")")


def _numbers_first(piece: str) -> list[str]:
    """``202010100.00%10其中:`` → the numbers, then the text run into them."""
    m = re.match(r"[\d.%]+(?=[\u4e00-\u9fff])", piece)
    return [m.group(0), piece[m.end() :]] if m else [piece]


@lru_cache(maxsize=1 << 14)
def _known(text: str) -> bool:
    k = label_key(text)
    return k in W.labels or W.funds_row(k) is not None or k in ("一级指标", "二级指标", "三级指标")


@lru_cache(maxsize=1 << 14)
def _pieces(part: str) -> tuple[str, ...]:
    """The cells a part of a line (stripped) gives: none for a filler, else the part cut at
    the labels run together in it (:func:`_cut`), without blanks. Remembered."""
    if not part or _FILLER.match(part):
        return ()
    return tuple(p for piece in _cut(part) if (p := piece.strip()))


def cells(doc: RawDocument) -> list[Cell]:
    """The page as one stream of cells."""
    out: list[Cell] = []
    known, pieces, points = _known, _pieces, _POINTS.match
    for line in doc.lines:
        text = line.text.strip()
        for part in text.split("|") if "|" in text else text.split():
            part = part.strip()
            if part == "指标":  # 经济效益 / 指标 printed over two lines; else a filler
                if out and known(out[-1].text + "指标"):
                    out[-1].text += "指标"
                continue
            for piece in pieces(part):
                if out:
                    last = out[-1]
                    if points(piece):  # (20分) printed under its label
                        last.text += piece
                        continue
                    if len(last.text) <= 4 and not known(last.text) and known(last.text + piece):
                        last.text += piece  # 年初 / 预算数
                        continue
                    if piece == "指标" and (
                        known(last.text + "指标") or fold(last.text) in ("一级", "二级", "三级")
                    ):
                        last.text += "指标"
                        continue
                out.append(Cell(piece, line.number))
    return out


#: an amount's unit printed in its cell (``3359.62万``, ``50万元``): the column says the unit
_MONEY_TAIL = re.compile(r"(?<=\d)(?:万元|万|元)$")


def printed(text: str) -> Printed | None:
    """A number as printed (``86%``, ``8.62``, ``1,100``), or None."""
    t = _MONEY_TAIL.sub("", fold(text).replace(",", "").removesuffix("分"))  # 3359.62万
    if not _NUMBER.match(t):
        return None
    pct = t.endswith("%")
    num = t.rstrip("%")
    try:
        value = Decimal(num)
    except InvalidOperation:
        return None
    places = len(num.split(".")[1]) if "." in num else 0
    return Printed(value, places, pct, text.strip())


def number_in(text: str) -> Decimal | None:
    m = re.search(r"\d+(?:\.\d+)?", fold(text).replace(",", ""))
    return Decimal(m.group(0)) if m else None


def round_to(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def is_value(text: str) -> bool:
    return fold(text) in BLANK or printed(text) is not None or fused(text)


def fused(text: str) -> bool:
    """Numbers run together (``202010100.00%10``), not an item's number (``1.``)."""
    t = fold(text)
    return bool(re.fullmatch(r"[\d.]+%?[\d.]*", t)) and printed(text) is None and not _ITEM.match(t)


_ITEM = re.compile(r"\d{1,2}\.$")
