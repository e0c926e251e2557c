"""The indicator grid of a performance table: its header columns (指标值, 实际完成值, 分值, 得分,
偏差原因…), rows read from the 一级/二级 labels with each value checked against its column's
kind, the 总分 and grade row; a row that cannot be placed is kept unplaced. :func:`as_target`
gives a row as a target for the indicator-quality rules."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from yusuan.lang.selfeval import SELFEVAL_WORDS as W
from yusuan.lang.selfeval import label_key
from yusuan.lang.vocabulary import fold
from yusuan.model import Indicator, Source
from yusuan.model.selfeval import Printed, SelfIndicator, Unplaced
from yusuan.recognize.selfeval_cells import BLANK, POINTS_IN, Cell, is_value, printed

_NAME_PREFIX = re.compile(r"^(?:指标\d+[:：]?|任务\d+[:：]|\d+(?:[、．]|\.(?!\d)))")
_GRADES = ("优", "良", "中", "差", "优秀", "良好", "合格", "不合格")


#: the end of a header label split off as a cell of its own (指标值 | 及单位)
_HEADER_TAIL = re.compile(r"[及和与][\u4e00-\u9fff]{1,3}")


def grid_header(stream: Sequence[Cell]) -> tuple[int, list[str]] | None:
    third = next(
        (i for i, c in enumerate(stream) if label_key(c.text) in ("三级指标", "指标名称")), None
    )
    if third is None:
        return None
    after: list[str] = []
    j = third + 1
    while j < len(stream):
        if _HEADER_TAIL.fullmatch(label_key(stream[j].text)) and after:
            j += 1  # the rest of the label before it (指标值 | 及单位)
            continue
        if not (col := W.grid_column(stream[j].text)):
            break
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
class Grid:
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


def read_grid(stream: Sequence[Cell], start: int, cols: list[str], path: str) -> Grid:
    g = Grid()
    level1, fam1, level2, fam2 = "", None, "", None
    inferred = False  # the 一级 is the one a 二级 implies (none printed in its place)
    required = [c for c in cols if c in ("target", "actual", "weight", "score")]
    # a header naming the 一级指标: cells before the first 一级 are the merged cells of other
    # columns (单位名称, 项目名称, 预算数 printed once for a project's rows), not indicators
    leveled = any(label_key(c.text) == "一级指标" for c in stream[max(0, start - 16) : start])
    i = start
    while i < len(stream):
        cell = stream[i]
        text = cell.text
        src = Source(file=path, line=cell.line, table="绩效指标")
        if fold(text) in BLANK:
            i += 1
            continue
        if _is_total(text):
            i = _read_total(stream, i, g, src)
            break
        if label_key(text).startswith(W.footer_fields):
            break  # 财政部门审核意见, 填表人: the sheet's foot
        if (fam := W.level1_family(text)) is not None and not _level2(text):
            level1, fam1, level2, fam2, inferred = text, fam, "", None, False
            seen = label_key(text) in {label for label, _, _, _ in g.levels}  # printed per row
            if not seen and (m := POINTS_IN.search(fold(text))) and (p := printed(m.group(1))):
                g.levels.append((label_key(text), fam, p, src))
            i += 1
            continue
        if (fam := _level2(text)) is not None and not _named_like_level(stream, i):
            level2, fam2 = text, fam
            if (not level1 or inferred) and fam in _LEVEL1_NAMES and fam != fam1:
                # its 一级 cells printed apart (一级 / 指标, (50分)): the 二级's own 一级
                level1, fam1, inferred = _LEVEL1_NAMES[fam], fam, True
            if (
                fam == "satisfaction"
                and fam1 == "outcome"
                and not label_key(text).startswith("社会公众")
            ):
                level1, fam1 = "满意度指标", fam  # its 一级 left out (a merged cell lost)
            i += 1
            continue
        if label_key(text) == "序号" and g.rows:
            break  # the header of another table below the indicators
        if i > 0 and stream[i - 1].text == level1 and _OTHER_LEVEL2.fullmatch(label_key(text)):
            level2, fam2 = (
                text,
                None,
            )  # a 二级 outside the vocabulary (可持续发展指标), in its place
            i += 1
            continue
        if is_value(text) or (leveled and not level1):
            i += 1  # a stray value (an unlabelled column), a merged cell: not a row's name
            continue
        # a row: its name, then its values column by column
        row: dict[str, str] = {}
        j = i + 1
        for col in cols:
            if j >= len(stream):
                break
            nxt = stream[j].text
            if _structural(nxt) or (fold(nxt) in BLANK and col in required):
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
            while i < len(stream) and is_value(stream[i].text):
                i += 1  # the rest of a row that could not be placed
    return g


def _read_total(stream: Sequence[Cell], i: int, g: Grid, src: Source) -> int:
    label = fold(stream[i].text)
    if (m := POINTS_IN.search(label)) is not None:
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
        elif label_key(t) not in W.grade and t not in BLANK:
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
    rest = re.sub(r"(?:及|或)?(以上|以下|以内)$", "", rest)
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
