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
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from yusuan.lang.selfeval import SELFEVAL_WORDS as W
from yusuan.lang.selfeval import label_key
from yusuan.lang.vocabulary import fold
from yusuan.model import Indicator, Source
from yusuan.model.selfeval import FundsRow, Printed, SelfEvaluation, SelfIndicator, Unplaced
from yusuan.readers.raw import RawDocument

_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?%?$")
_BLANK = {"—", "-", "--", "——", "/", "－", "一"}
_FILLER = re.compile(r"^(?:[.…·。]+|指标\d+|指标)$")
_POINTS = re.compile(r"^\((\d+(?:\.\d+)?)分\)$")
_POINTS_IN = re.compile(r"[（(](\d+(?:\.\d+)?)分[)）]")
_NAME_PREFIX = re.compile(r"^(?:指标\d+[:：]?|任务\d+[:：]|\d+(?:[、．]|\.(?!\d)))")
_GRADES = ("优", "良", "中", "差", "优秀", "良好", "合格", "不合格")
_METHOD_PAIR = re.compile(
    r"(产出|效益|效果|满意度|管理|决策|过程|绩效|预算资金执行率|预算执行率|执行率|预算执行)"
    r"(?:指标)?\s*(\d+(?:\.\d+)?)\s*分"
)
_METHOD_SIGN = ("分值", "设置", "统一", "权重")


@dataclass(slots=True)
class Cell:
    text: str
    line: int


def _cut(text: str) -> tuple[str, ...]:
    """A cell holding several labels run together, cut before each label (and a number run
    into a label after it)."""
    found = list(W.split_pattern.finditer(fold(text)))
    if not found:
        return (text,)
    hits = [m.start() for m in found]
    led = hits[0] == 0 and bool(re.match(r"[\u4e00-\u9fff]", text[found[0].end() :]))
    if len(hits) < 2 and not re.search(r"\d", text) and not led:
        return (text,)
    folded = fold(text)
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


def printed(text: str) -> Printed | None:
    """A number as printed (``86%``, ``8.62``, ``1,100``), or None."""
    t = fold(text).replace(",", "").removesuffix("分")
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


# ---------------------------------------------------------------------------- funds


def _is_value(text: str) -> bool:
    return fold(text) in _BLANK or printed(text) is not None or _fused(text)


def _fused(text: str) -> bool:
    return bool(re.fullmatch(r"[\d.]+%?[\d.]*", fold(text))) and printed(text) is None


_PART = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?$")


def _splits(digits: str, n: int) -> Iterator[list[str]]:
    if n == 1:
        if _PART.match(digits):
            yield [digits]
        return
    for i in range(1, len(digits)):
        head = digits[:i]
        if _PART.match(head):
            for rest in _splits(digits[i:], n - 1):
                yield [head, *rest]


def _dp(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _solve(token: str, cols: list[str]) -> list[Printed | None] | None:
    """Numbers run together (``202010100.00%10``) split into the header's columns: only when
    exactly one split agrees with the printed rate (执行数 ÷ 预算数 at its precision)."""
    if "rate" not in cols or "%" not in token:
        return None
    before, _, after = fold(token).partition("%")
    r = cols.index("rate")
    found: list[list[str]] = []
    for parts in _splits(before, r + 1):
        vals = dict(zip(cols[: r + 1], parts, strict=True))
        budget = vals.get("budget") or vals.get("budget_initial")
        executed = vals.get("executed")
        rate = parts[-1]
        if budget is None or executed is None or Decimal(budget) == 0:
            continue
        if "weight" in vals and not (
            0 < Decimal(vals["weight"]) <= 100 and _dp(vals["weight"]) <= 2
        ):
            continue
        if _dp(parts[-1]) > 2:
            continue
        places = len(rate.split(".")[1]) if "." in rate else 0
        if round_to(Decimal(executed) / Decimal(budget) * 100, places) == Decimal(rate):
            found.append(parts)
    tail = re.match(r"\d+(?:\.\d+)?", after)
    if len(found) > 1 and tail and "weight" in cols:  # the score a split implies, within a point
        w, score = cols.index("weight"), Decimal(tail.group(0))
        found = [
            p
            for p in found
            if abs(Decimal(p[w]) * min(Decimal(p[-1]) / 100, Decimal(1)) - score) <= 1
        ]
    if len(found) != 1:
        return None
    out: list[Printed | None] = [printed(p) for p in found[0][:-1]]
    out.append(printed(found[0][-1] + "%"))
    if r + 1 < len(cols):
        out.append(printed(tail.group(0)) if tail else None)
    return out


def _align(cols: list[str], values: list[str], sub: bool) -> dict[str, Printed | None] | None:
    """Values placed under the header's columns, or None when they cannot be placed."""
    if len(values) == 1 and _fused(values[0]):
        solved = _solve(values[0], cols)
        return dict(zip(cols, solved, strict=False)) if solved else None
    vals = [None if fold(v) in _BLANK else printed(v) for v in values]
    if len(vals) == len(cols):
        return dict(zip(cols, vals, strict=True))
    amounts = [c for c in cols if c in ("budget_initial", "budget", "executed")]
    if sub and len(vals) == len(amounts) and all(v is not None for v in vals):
        return dict(zip(amounts, vals, strict=True))
    pct = [i for i, v in enumerate(vals) if v is not None and v.percent]
    if len(pct) != 1 or "rate" not in cols:
        return None
    p, r = pct[0], cols.index("rate")
    before, after = cols[:r], cols[r + 1 :]
    if p == len(before) - 1 and "budget_initial" in before and "budget" in before:
        before = [c for c in before if c != "budget_initial"]  # 年初预算数 merged or blank
    if p != len(before) or len(vals) - p - 1 > len(after):
        return None
    return dict(zip([*before, "rate", *after], vals, strict=False))


def _funds_header(stream: Sequence[Cell], i: int) -> tuple[list[str], Printed | None]:
    cols: list[str] = []
    points: Printed | None = None
    for cell in reversed(stream[max(0, i - 16) : i]):
        if W.funds_row(cell.text) or W.level1_family(cell.text):
            break
        col = W.funds_column(cell.text)
        if col and col not in cols:
            cols.insert(0, col)
        if points is None and (m := _POINTS_IN.search(fold(cell.text))) and col != "weight":
            points = printed(m.group(1))
    if "budget" not in cols and "budget_initial" in cols:
        cols[cols.index("budget_initial")] = "budget"
    return cols, points


def _funds(
    stream: Sequence[Cell], path: str
) -> tuple[list[FundsRow], Printed | None, list[Unplaced], int]:
    rows: list[FundsRow] = []
    unaligned: list[Unplaced] = []
    start = next((i for i, c in enumerate(stream) if W.funds_row(c.text) == "total"), None)
    if start is None:
        return rows, None, unaligned, 0
    cols, points = _funds_header(stream, start)
    if not cols:
        return rows, points, unaligned, start
    i = start
    end = start
    while i < len(stream) and i <= start + 24:
        role = W.funds_row(stream[i].text)
        if role is None or (role == "total" and i != start):
            if i > start and not _is_value(stream[i].text) and rows and i > end + 1:
                break
            i += 1
            continue
        j = i + 1
        while j < len(stream) and _is_value(stream[j].text):
            j += 1
        values = [c.text for c in stream[i + 1 : j]]
        src = Source(file=path, line=stream[i].line, table="绩效自评表", row=stream[i].text)
        placed = _align(cols, values, role != "total") if values else {}
        if placed is None:
            unaligned.append(Unplaced(f"{stream[i].text} {' '.join(values)}", None, "", src))
        elif placed:
            rows.append(
                FundsRow(
                    role,
                    stream[i].text,
                    placed.get("budget_initial"),
                    placed.get("budget"),
                    placed.get("executed"),
                    placed.get("weight"),
                    placed.get("rate"),
                    placed.get("score"),
                    src,
                )
            )
        end = j
        i = j
    return rows, points, unaligned, end


# ---------------------------------------------------------------------------- the grid


def _grid_header(stream: Sequence[Cell]) -> tuple[int, list[str]] | None:
    third = next(
        (i for i, c in enumerate(stream) if label_key(c.text) in ("三级指标", "指标名称")), None
    )
    if third is None:
        return None
    after: list[str] = []
    j = third + 1
    while j < len(stream) and (col := W.grid_column(stream[j].text)):
        after.append(col)
        j += 1
    first = next(
        (
            i
            for i in range(third, max(-1, third - 4), -1)
            if label_key(stream[i].text) == "一级指标"
        ),
        third,
    )
    before: list[str] = []
    k = first - 1
    while k >= 0 and (col := W.grid_column(stream[k].text)):
        before.insert(0, col)
        k -= 1
    if before and "target" in before and "target" in after:
        t = before.index("target")
        cols = before[:t] + after + [c for c in before[t + 1 :] if c not in after]
    else:
        cols = after or before
    return (j, cols) if cols else None


def _level2(text: str) -> str | None:
    fam = W.level2_family(text)
    if fam:
        return fam
    k = label_key(text)
    for name, words in W.level2.items():
        if any(k.startswith(w) and len(k) - len(w) <= 2 and w.endswith("指标") for w in words):
            return name
    return None


def _is_total(text: str) -> bool:
    return label_key(text) in W.total


def _fits(col: str, text: str, row: dict[str, str]) -> bool:
    t = fold(text)
    num = printed(text) is not None
    if col == "property":
        return t in ("定性", "定量", "正向", "反向") or (
            (d := W.direction(t)) is not None and len(t) <= len(d[1]) + 1 and not num
        )
    if col == "unit":
        return (
            not re.search(r"\d", t)
            and len(t) <= 5
            and printed(row.get("target", "")) is not None
            and not t.startswith(tuple(W.met))
        )
    if col in ("weight", "score"):
        return num and not t.endswith("%")
    if col in ("target", "actual"):
        return (num or len(t) <= 16 or bool(re.search(r"\d", t))) and not _is_total(t)
    return True  # reason, method: any text


@dataclass(slots=True)
class _Grid:
    levels: list[tuple[str, str | None, Printed, Source]] = field(default_factory=list)
    rows: list[SelfIndicator] = field(default_factory=list)
    unaligned: list[Unplaced] = field(default_factory=list)
    total: Printed | None = None
    total_max: Printed | None = None
    grade: str | None = None
    grade_source: Source | None = None


def _named_like_level(stream: Sequence[Cell], i: int) -> bool:
    """An indicator named like a 二级 (服务对象满意度 under 服务对象满意度指标): in the name's
    place, right after its 二级, with a value after it."""
    after = stream[i + 1].text if i + 1 < len(stream) else ""
    return (
        i > 0
        and _level2(stream[i - 1].text) is not None
        and (printed(after) is not None or W.direction(after) is not None)
    )


_OTHER_LEVEL2 = re.compile(r"[\u4e00-\u9fff]{2,8}指标")


def _structural(text: str) -> bool:
    return bool(W.level1_family(text) or _level2(text) or _is_total(text))


def _read_grid(stream: Sequence[Cell], start: int, cols: list[str], path: str) -> _Grid:
    g = _Grid()
    level1, fam1, level2, fam2 = "", None, "", None
    required = [c for c in cols if c in ("target", "actual", "weight", "score")]
    i = start
    while i < len(stream):
        cell = stream[i]
        text = cell.text
        src = Source(file=path, line=cell.line, table="绩效指标")
        if fold(text) in _BLANK:
            i += 1
            continue
        if _is_total(text):
            i = _read_total(stream, i, g, src)
            break
        if (fam := W.level1_family(text)) is not None and not _level2(text):
            level1, fam1, level2, fam2 = text, fam, "", None
            seen = label_key(text) in {label for label, _, _, _ in g.levels}  # printed per row
            if not seen and (m := _POINTS_IN.search(fold(text))) and (p := printed(m.group(1))):
                g.levels.append((label_key(text), fam, p, src))
            i += 1
            continue
        if (fam := _level2(text)) is not None and not _named_like_level(stream, i):
            level2, fam2 = text, fam
            i += 1
            continue
        if i > 0 and stream[i - 1].text == level1 and _OTHER_LEVEL2.fullmatch(label_key(text)):
            level2, fam2 = (
                text,
                None,
            )  # a 二级 outside the vocabulary (可持续发展指标), in its place
            i += 1
            continue
        if _is_value(text):
            i += 1  # a stray value (an unlabelled column): not a row's name
            continue
        # a row: its name, then its values column by column
        row: dict[str, str] = {}
        j = i + 1
        for col in cols:
            if j >= len(stream):
                break
            nxt = stream[j].text
            if _structural(nxt) or (fold(nxt) in _BLANK and col in required):
                break
            if col in ("reason", "method"):
                after = stream[j + 1].text if j + 1 < len(stream) else ""
                if (printed(after) is not None or W.direction(after)) and printed(nxt) is None:
                    break  # the next row's name
            if _fits(col, nxt, row):
                row[col] = nxt
                j += 1
            elif col not in required:
                continue
            else:
                break
        if all(c in row for c in required):
            g.rows.append(_indicator(text, row, level1, fam1, level2, fam2, src, cols))
            i = j
        else:
            text = " ".join(c.text for c in stream[i:j])
            g.unaligned.append(Unplaced(text, fam1, level2, src.at(row=level1 or None)))
            i = max(j, i + 1)
            while i < len(stream) and _is_value(stream[i].text):
                i += 1  # the rest of a row that could not be placed
    return g


def _read_total(stream: Sequence[Cell], i: int, g: _Grid, src: Source) -> int:
    label = fold(stream[i].text)
    if (m := _POINTS_IN.search(label)) is not None:
        g.total_max = printed(m.group(1))
    nums: list[Printed] = []
    j = i + 1
    while j < len(stream) and j <= i + 6:
        t = fold(stream[j].text)
        if (p := printed(t)) is not None and not p.percent and p.value <= 200:
            nums.append(p)
        elif t in _GRADES:
            g.grade, g.grade_source = t, Source(file=src.file, line=stream[j].line, row="等级")
            break
        elif label_key(t) not in W.grade and t not in _BLANK:
            break
        j += 1
    if len(nums) >= 2:
        g.total_max, g.total = nums[0], nums[1]
    elif nums:
        g.total = nums[0]
    return j


def _indicator(
    name: str,
    row: dict[str, str],
    level1: str,
    fam1: str | None,
    level2: str,
    fam2: str | None,
    src: Source,
    cols: list[str],
) -> SelfIndicator:
    target = row.get("target", "")
    prop = row.get("prop", row.get("property", ""))
    d = W.direction(prop) or W.direction(target)
    clean = _NAME_PREFIX.sub("", fold(name))
    return SelfIndicator(
        level1=level1,
        level1_family=fam1,
        level2=level2,
        level2_family=fam2,
        name=clean or fold(name),
        target=target,
        direction=d[0] if d else None,
        actual=row.get("actual", ""),
        unit=row.get("unit", ""),
        prop=prop,
        weight=printed(row["weight"]) if "weight" in row else None,
        score=printed(row["score"]) if "score" in row else None,
        reason=row.get("reason", ""),
        source=src.at(row=clean or name),
        has_property_column="property" in cols,
    )


#: a 一级 family's name in the indicator framework (rules I0xx compare with the profile's)
_LEVEL1_NAMES = {"output": "产出指标", "outcome": "效益指标", "satisfaction": "满意度指标"}
_VALUE = re.compile(r"^(-?\d+(?:\.\d+)?)\s*(.*)$")
_DATE = re.compile(r"^\d{1,4}\s*年|^\d{1,2}\s*月")


def as_target(i: SelfIndicator) -> Indicator:
    """An indicator row as a target (:class:`Indicator`): the direction word taken off the
    指标值 (≥ 不低于 以上 …), the number and its unit split (``≥266米`` → ≥, 266, 米); a 指标值
    that is no number is 定性; a number with no direction printed has no operator ("")."""
    target = fold(i.target).replace(",", "")
    d = W.direction(target)
    rest = target[len(d[1]) :] if d and target.startswith(d[1]) else target
    rest = re.sub(r"(以上|以下|以内)$", "", rest)
    m = None if _DATE.match(rest) else _VALUE.match(rest)  # a date is no quantity
    prop = fold(i.prop)
    if prop == "定性" or (m is None and target):
        operator = "定性"
    elif i.direction in ("≥", "≤", "=", ">", "<"):
        operator = i.direction
    else:
        operator = ""
    value, unit = (m.group(1), m.group(2).strip()) if m else (target, "")
    return Indicator(
        level1=_LEVEL1_NAMES.get(i.level1_family or "", label_key(i.level1)),
        level2=label_key(i.level2),
        name=i.name,
        operator=operator,
        value=value,
        unit=fold(i.unit) or unit or None,
        weight=i.weight.value if i.weight else None,
        source=i.source,
        direction=prop if prop in ("正向", "反向") else None,
    )


# ---------------------------------------------------------------------------- the page


_ACTUAL = W.grid_words("actual")


def _kind(doc: RawDocument, stream: Sequence[Cell]) -> str | None:
    head = fold("".join(line.text for line in doc.lines[:40]))
    if any(w in head for w in W.titles["selfeval"]):
        return "自评表"
    if any(w in head for w in W.titles["targets"]):
        return "目标表"
    if any(w in head for w in W.titles["reports"]):
        return "自评报告"
    actual = _ACTUAL
    if any(label_key(c.text) in actual for c in stream):
        return "自评表"
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
        if _fused(cell.text):
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
        if after and label_key(after) not in W.header_fields and after not in _BLANK:
            return after
        return ""
    return ""


def read_selfevaluation(doc: RawDocument) -> SelfEvaluation | None:
    """The performance table a page holds, or None when it holds none."""
    stream = cells(doc)
    kind = _kind(doc, stream)
    if kind is None:
        return None
    funds, points, unaligned, end = _funds(stream, doc.path)
    more_rates: list[tuple[Printed, Source]] = []
    if not funds:  # a 行次/列次 grid, or each amount after its label
        from yusuan.recognize.selfeval_funds import keyed_funds, numbered_funds

        funds, more_rates = numbered_funds([(c.text, c.line) for c in stream], doc.path)
        keyed = None if funds else keyed_funds(doc, doc.path)
        funds = [keyed] if keyed else funds
        unaligned = [] if funds else unaligned
    header = _grid_header(stream)
    grid = _read_grid(stream, header[0], header[1], doc.path) if header else _Grid()
    if header is None:  # levels with points printed without a grid header (cells run together)
        for c in stream[end:]:
            fam = W.level1_family(c.text)
            m = _POINTS_IN.search(fold(c.text))
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
