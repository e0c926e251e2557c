"""收入总计 and 支出总计 stated in prose: the two sides of one balance (S011)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from yusuan.model import Figure
from yusuan.rules.context import Context
from yusuan.rules.figures import SOURCE, amount_text, as_unit, figures_of, half, money_unit
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import rule

#: …收入总计 / …支出总计, with what they are of before (财政拨款收入总计); a year before is no part
_SIDE = re.compile(r"^(?:\d{4}\s*年度?)?(.*?)(收入|支出)总计$")


@rule("S011", "收入总计与支出总计不等", category="narrative", severity="warning", source=SOURCE)
def check_balance(ctx: Context) -> Iterator[Finding]:
    """``收入总计7562.45万元，支出总计6632.48万元``: a budget or final account balances — 收入总计
    (本年收入 and what was carried in) equals 支出总计 (本年支出 and what is carried out), as the
    收支总表 prints them; of the same funds (财政拨款收入总计 with 财政拨款支出总计) and year. Pages
    often say 总计 of the year's own income and spending (more spent than received, the rest
    from 结转): a warning on the wording, unless the numbers are wrong."""
    figs = figures_of(ctx)
    sides: dict[tuple[str, int | None], dict[str, Figure]] = {}
    for f in figs.all:
        m = _SIDE.match(f.label.replace(" ", ""))
        if m is None or f.amount is None:
            continue
        sides.setdefault((m.group(1), figs.year_of(f)), {}).setdefault(m.group(2), f)
    for (of, _), pair in sides.items():
        income, spent = pair.get("收入"), pair.get("支出")
        if income is None or spent is None or income.amount is None:
            continue
        other = as_unit(spent.amount, spent, income)
        if other is None or other == income.amount:
            continue
        tail = abs(other - income.amount) <= half(income.amount) + half(other)
        yield ctx.finding(
            f"{of}收入总计{amount_text(income.amount, income)}与{of}支出总计"
            f"{amount_text(other, income)}不等：收支总表中两者相等（收入总计含上年结转，"
            f"支出总计含年末结转）；如指本年收入、本年支出，应写作“合计”，否则数字有误。",
            spent.source,
            stated=other,
            expected=income.amount,
            difference=other - income.amount,
            severity=Severity.INFO if tail else None,
            related=(income.source,),
            unit=money_unit(income),
        )
