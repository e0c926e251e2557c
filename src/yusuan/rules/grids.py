"""Generic arithmetic on tables no standard kind names (:class:`~yusuan.model.Grid`): items
add up to their total, the change is current − prior, the rate is change ÷ prior, a share is
the row's amount ÷ the 合计's, a completion rate the 决算 ÷ the 预算 — each at the precision
printed, a gap within the printed rounding being 尾差 (info)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

from yusuan.lang import VOCABULARY
from yusuan.model import Grid, GridRow, Percent, Source
from yusuan.model.grid import PERCENT_ROLES
from yusuan.rules.context import TAIL_NOTE, Context
from yusuan.rules.figures import HUNDRED, pct, ratio_range, verdict
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import rule

_SOURCE = "[D] standards §2.2 C-HIER; issue #13 (tables no layout knows, by their header words)"


def _half(grid: Grid, col: int) -> Decimal:
    """Half a unit of the column's last printed digit: a column printing 0.01 prints its whole
    numbers to 0.01 too (15 in a column of 15.50 is 15.00)."""
    places = max(
        (
            -int(exp)
            for r in grid.rows
            if (v := r.values[col]) is not None and isinstance(exp := v.as_tuple().exponent, int)
        ),
        default=0,
    )
    return Decimal(5).scaleb(-max(places, 0) - 1)


@rule("G001", "表内分项之和与合计不符", category="arithmetic", severity="error", source=_SOURCE)
def check_grid_totals(ctx: Context) -> Iterator[Finding]:
    """A row's items (1. 2. 3. under 合计; 其中 (1) (2) under their item) add up to it, in every
    amount column; a blank item is 0. A 其中 list may name only some of its total: then only a
    sum above the total is wrong, unless the vocabulary knows the list is the whole of it."""
    for grid in ctx.package.grids:
        partial = [_some_of(grid, i) for i in range(len(grid.rows))]
        for index, row in enumerate(grid.rows):
            kids = [r for r in grid.rows if r.parent == index]
            if not kids:
                continue
            for col, column in enumerate(grid.columns):
                if column.role in (*PERCENT_ROLES, "text") or row.values[col] is None:
                    continue
                parts = [k.values[col] for k in kids]
                if all(p is None for p in parts):
                    continue
                stated = row.values[col]
                assert stated is not None
                total = sum((p for p in parts if p is not None), Decimal(0))
                if total == stated or (partial[index] and total < stated):
                    continue  # 其中 lists some of a total: only more than the whole is wrong
                slack = _half(grid, col) * (1 + sum(1 for p in parts if p))
                tail = abs(total - stated) <= slack
                names = "、".join(k.name for k in kids)
                # unmarked rows: the levels are guessed, unless the vocabulary knows them whole
                unsure = not all(k.marked for k in kids) and not _whole(row, kids)
                note = "（行未标层级，分项按位置推定，请核对）" if unsure and not tail else ""
                yield ctx.finding(
                    f"「{grid.title}」「{row.name}」的{column.label}为{stated}，其分项{names}之和为"
                    f"{total}{note}" + (TAIL_NOTE if tail else "。"),
                    row.source.at(table=grid.title, column=column.label),
                    stated=stated,
                    expected=total,
                    difference=stated - total,
                    severity=Severity.INFO if tail else Severity.WARNING if unsure else None,
                    related=tuple(k.source for k in kids),
                )


def _whole(row: GridRow, kids: list[GridRow]) -> bool:
    """The vocabulary knows ``kids`` to be the whole of ``row`` (因公出国（境）费, 公务用车购置及运行费
    and 公务接待费 of the 三公 合计): their level is no guess."""
    parts = [VOCABULARY.subject_of(k.name) for k in kids]
    key = VOCABULARY.names(row.name) or VOCABULARY.subject_of(row.name)
    if key is None and row.total:
        parents = {VOCABULARY.subjects[p].parent for p in parts if p is not None}
        key = parents.pop() if len(parents) == 1 else None
    return key is not None and None not in parts and VOCABULARY.complete(key, parts)


def _some_of(grid: Grid, index: int) -> bool:
    """The rows under ``index`` are a 其中 list that need not be all of it: introduced by 其中 and
    not, by the vocabulary, the whole of their total (公务用车购置费 and 运行费 are)."""
    kids = [r for r in grid.rows if r.parent == index]
    if not kids or not any(k.name.lstrip().startswith("其中") for k in kids):
        return False
    key = VOCABULARY.names(grid.rows[index].name) or VOCABULARY.subject_of(grid.rows[index].name)
    return not VOCABULARY.complete(key, [VOCABULARY.subject_of(k.name) for k in kids])


@rule("G002", "增减额与两年数不符", category="arithmetic", severity="error", source=_SOURCE)
def check_grid_changes(ctx: Context) -> Iterator[Finding]:
    """The 增减 column is the later year's amount less the earlier one's. With several earlier
    columns (2022年决算数, 2023年预算数) it may be on any of them: it is wrong only if it fits none,
    and is then reported against the nearest."""
    for grid in ctx.package.grids:
        priors, c, d = grid.columns_of("prior")[::-1], grid.column("current"), grid.column("change")
        if not priors or c is None or d is None:
            continue
        for row in grid.rows:
            current, change = row.values[c], row.values[d]
            bases = [(q, v) for q in priors if (v := row.values[q]) is not None]
            if not bases or current is None or change is None:
                continue
            if any(current - v == change for _, v in bases):
                continue
            p, prior = bases[0]
            expected = current - prior
            tail = abs(expected - change) <= _half(grid, p) + _half(grid, c) + _half(grid, d)
            yield ctx.finding(
                f"「{grid.title}」「{row.name}」{grid.columns[c].label}{current}减"
                f"{grid.columns[p].label}{prior}应为{expected}，表列{change}"
                + (TAIL_NOTE if tail else "。"),
                row.source.at(table=grid.title, column=grid.columns[d].label),
                stated=change,
                expected=expected,
                difference=change - expected,
                severity=Severity.INFO if tail else None,
            )


@rule(
    "G003", "增减幅度与增减额、上年数不符", category="arithmetic", severity="error", source=_SOURCE
)
def check_grid_rates(ctx: Context) -> Iterator[Finding]:
    """The 增减幅度 column is the change ÷ the earlier year's amount, in % at the decimals
    printed; with an earlier amount of 0 there is no rate."""
    for grid in ctx.package.grids:
        priors, d, r = grid.columns_of("prior")[::-1], grid.column("change"), grid.column("rate")
        if not priors or r is None:
            continue
        c = grid.column("current")
        for row in grid.rows:
            problems = [_rate_problem(grid, row, q, c, d, r) for q in priors]
            first = problems[0] if problems else None
            if first is not None and all(problems):
                yield ctx.finding(
                    first.message,
                    first.location,
                    stated=first.stated,
                    expected=first.expected,
                    difference=first.difference,
                    severity=first.severity,
                )


class _Problem(NamedTuple):
    message: str
    location: Source
    stated: str | None
    expected: str
    difference: Decimal | None = None
    severity: Severity | None = None


def _rate_problem(
    grid: Grid, row: GridRow, p: int, c: int | None, d: int | None, r: int
) -> _Problem | None:
    """What is wrong with a row's rate against the base in column ``p`` (message, location and
    the finding's values), or None when it is right or cannot be told."""
    prior, rate = row.values[p], row.values[r]
    current = row.values[c] if c is not None else None
    # the rate of the two years' amounts (a wrong 增减 column is G002's), else of 增减
    change = current - prior if current is not None and prior is not None else None
    if change is None and d is not None:
        change = row.values[d]
    if prior is None or rate is None or change is None or prior <= 0:
        return None
    where = row.source.at(table=grid.title, column=grid.columns[r].label)
    if rate and change and (rate < 0) != (change < 0):
        return _Problem(
            f"「{grid.title}」「{row.name}」增减{change}，增减幅度却为{row.cells[r]}：符号相反。",
            where,
            row.cells[r],
            pct(change / prior * HUNDRED),
        )
    text = row.cells[r] or ""
    places = len(text.rstrip("%％ ").split(".")[1]) if "." in text else 0
    exact = change / prior * HUNDRED
    judged = verdict(Percent(rate, places, text), exact, ratio_range(abs(change), prior))
    if judged is None or ((rate < 0) != (exact < 0) and rate != 0 and judged[0]):
        return None
    tail, note = judged
    return _Problem(
        f"「{grid.title}」「{row.name}」增减{change}÷{grid.columns[p].label}{prior}应为"
        f"{pct(exact, places)}，表列{text}" + (note if tail else "。"),
        where,
        text,
        pct(exact),
        (abs(rate) - abs(exact)).quantize(Decimal("0.01")),
        Severity.INFO if tail else None,
    )


def _judge(row: GridRow, col: int, num: Decimal, den: Decimal) -> tuple[str, bool] | None:
    """The printed percentage of ``col`` against num ÷ den × 100: None when it is that one
    rounded, else the computed one as printed (at its decimals) and whether the gap is 尾差."""
    text = row.cells[col] or ""
    stated = row.values[col]
    if stated is None or den <= 0:
        return None
    places = len(text.rstrip("%％ ").split(".")[1]) if "." in text else 0
    exact = num / den * HUNDRED
    judged = verdict(Percent(stated, places, text), exact, ratio_range(num, den))
    return None if judged is None else (pct(exact, places), judged[0])


def _amount_column(grid: Grid, col: int) -> int | None:
    """The amounts a share column is of: this year's, else the nearest amount column before it."""
    current = grid.column("current")
    if current is not None:
        return current
    for i in range(col - 1, -1, -1):
        if grid.columns[i].role in ("amount", "prior"):
            return i
    return None


@rule("G004", "占比与金额、合计不符", category="arithmetic", severity="error", source=_SOURCE)
def check_grid_shares(ctx: Context) -> Iterator[Finding]:
    """The 占比 column is the row's amount ÷ the 合计 row's (or, for a 其中 row, its parent's
    when the table states shares within a group), in % at the decimals printed."""
    for grid in ctx.package.grids:
        total = next((r for r in grid.rows if r.total), None)
        for col, column in enumerate(grid.columns):
            amounts = _amount_column(grid, col) if column.role == "share" else None
            if total is None or amounts is None or total.values[amounts] is None:
                continue
            whole = total.values[amounts]
            assert whole is not None
            for row in grid.rows:
                part = row.values[amounts]
                if part is None or part < 0:
                    continue
                judged = _judge(row, col, part, whole)
                parent = grid.rows[row.parent] if row.parent is not None else None
                if judged is None or (
                    parent is not None
                    and (of := parent.values[amounts]) is not None
                    and _judge(row, col, part, of) is None
                ):
                    continue
                expected, tail = judged
                yield _percent_finding(
                    ctx,
                    grid,
                    row,
                    col,
                    f"{grid.columns[amounts].label}{part}÷合计{whole}应占{expected}",
                    expected,
                    tail,
                )


_BUDGET = ("预算",)
_SPENT = ("决算", "执行", "实际", "支出数", "完成数")


def _budget_and_spent(grid: Grid) -> tuple[int, int] | None:
    """The one 预算 column and the one 决算/执行 column a completion rate is computed from."""
    budget = [
        i
        for i, c in enumerate(grid.columns)
        if c.role not in (*PERCENT_ROLES, "text", "change")
        and any(w in c.label for w in _BUDGET)
        and not any(w in c.label for w in _SPENT)
    ]
    spent = [
        i
        for i, c in enumerate(grid.columns)
        if c.role not in (*PERCENT_ROLES, "text", "change") and any(w in c.label for w in _SPENT)
    ]
    return (budget[0], spent[0]) if len(budget) == 1 and len(spent) == 1 else None


@rule("G005", "完成率与预算数、决算数不符", category="arithmetic", severity="error", source=_SOURCE)
def check_grid_completion(ctx: Context) -> Iterator[Finding]:
    """The 完成率 (执行率) column is the 决算 (执行数) ÷ the 预算数 of its row, in %; on a budget
    of 0 there is no rate (a 0 written there is wording, not arithmetic, and is left alone)."""
    for grid in ctx.package.grids:
        col = grid.column("completion")
        pair = _budget_and_spent(grid)
        if col is None or pair is None:
            continue
        b, a = pair
        for row in grid.rows:
            budget, spent = row.values[b], row.values[a]
            if budget is None or spent is None or budget <= 0:
                continue
            judged = _judge(row, col, spent, budget)
            if judged is None:
                continue
            expected, tail = judged
            yield _percent_finding(
                ctx,
                grid,
                row,
                col,
                f"{grid.columns[a].label}{spent}÷{grid.columns[b].label}{budget}应为{expected}",
                expected,
                tail,
            )


def _percent_finding(
    ctx: Context, grid: Grid, row: GridRow, col: int, computed: str, expected: str, tail: bool
) -> Finding:
    text = row.cells[col] or ""
    stated = row.values[col] or Decimal(0)
    return ctx.finding(
        f"「{grid.title}」「{row.name}」{computed}，表列{text}" + (TAIL_NOTE if tail else "。"),
        row.source.at(table=grid.title, column=grid.columns[col].label),
        stated=text,
        expected=expected,
        difference=(stated - Decimal(expected.rstrip("%"))).quantize(Decimal("0.01")),
        severity=Severity.INFO if tail else None,
    )


@rule("G006", "不同项目照抄同一增减原因", category="narrative", severity="warning", source=_SOURCE)
def check_grid_copied_reasons(ctx: Context) -> Iterator[Finding]:
    """A 增减原因 (说明) column giving two rows the same reason word for word — the more so when
    one rose and the other fell — was probably copied from the row above."""
    for grid in ctx.package.grids:
        for col, column in enumerate(grid.columns):
            if column.role != "text":
                continue
            seen: dict[str, GridRow] = {}
            for row in grid.rows:
                text = "".join((row.cells[col] or "").split())
                if len(text) < 12 or VOCABULARY.says_unchanged(text):
                    continue
                first = seen.setdefault(text, row)
                if first is row or first.name == row.name:
                    continue
                yield ctx.finding(
                    f"「{grid.title}」「{row.name}」的{column.label}与「{first.name}」一字不差："
                    f"“{text[:40]}”，请核实是否照抄。",
                    row.source.at(table=grid.title, column=column.label),
                    stated=text[:40],
                    related=(first.source,),
                )


#: a column that is its row's total: 合计, 总计, 小计 (a year's 合计 is a dated amount, not this)
_TOTAL_COLUMN = re.compile(r"^(?:合计|总计|小计|合计数|总额)$")


@rule("G007", "行内合计与各栏之和不符", category="arithmetic", severity="error", source=_SOURCE)
def check_grid_row_totals(ctx: Context) -> Iterator[Finding]:
    """A 合计 column is the sum of the row's other amount columns (基本支出 + 项目支出, or the funds
    it is made of), when every other column is an undated amount; a blank cell is 0."""
    for grid in ctx.package.grids:
        total_cols = [i for i, c in enumerate(grid.columns) if _TOTAL_COLUMN.match(c.label)]
        if len(total_cols) != 1 or total_cols[0] != 0:
            continue  # the total first, as 合计 | 基本支出 | 项目支出 prints it
        parts = [i for i, c in enumerate(grid.columns) if i != 0 and c.role != "text"]
        if len(parts) < 2 or any(grid.columns[i].role != "amount" for i in parts):
            continue
        for row in grid.rows:
            stated = row.values[0]
            values = [row.values[i] for i in parts]
            if stated is None or all(v is None for v in values):
                continue
            listed = sum((v for v in values if v is not None), Decimal(0))
            if listed == stated:
                continue
            slack = _half(grid, 0) * (1 + sum(1 for v in values if v))
            tail = abs(listed - stated) <= slack
            names = "、".join(grid.columns[i].label for i in parts)
            yield ctx.finding(
                f"「{grid.title}」「{row.name}」的{grid.columns[0].label}为{stated}，{names}之和为"
                f"{listed}" + (TAIL_NOTE if tail else "。"),
                row.source.at(table=grid.title, column=grid.columns[0].label),
                stated=stated,
                expected=listed,
                difference=stated - listed,
                severity=Severity.INFO if tail else None,
            )
