"""The YAML files computed values are written to: actuals for ``yusuan perf evaluate`` (with
each value's evidence) and monitoring data for ``yusuan perf monitor`` (to date and the
full-year forecast)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from yusuan.perf.metrics.spec import Result


def actuals_yaml(
    bound: dict[tuple[str, str], Result],
    base: dict[str, Any] | None,
    spent: dict[str, Any],
    period: tuple[dt.date, dt.date] | None,
) -> str:
    """An actuals file for ``yusuan perf evaluate``: the bound values over ``base`` (a manual
    actuals mapping), with the evidence of each computed value."""
    import yaml

    data: dict[str, Any] = dict(base or {})
    projects: dict[str, Any] = {k: dict(v) for k, v in (data.get("projects") or {}).items()}
    department: dict[str, Any] = dict(data.get("department") or {})
    evidence: dict[str, Any] = {}
    for (owner, name), r in bound.items():
        value: Any = (
            int(r.value)
            if r.value == r.value.to_integral_value() and r.unit != "%"
            else float(r.value)
        )
        if owner == "整体":
            department[name] = value
        else:
            entry = projects.setdefault(owner, {})
            entry.setdefault("indicators", {})
            entry["indicators"] = {**entry["indicators"], name: value}
            if owner in spent and "spent" not in entry:
                entry["spent"] = spent[owner]
        evidence[f"{owner}/{name}"] = {
            "口径": r.metric.name,
            "数据集": r.metric.dataset,
            "查询": r.query,
            "参数": [str(p) for p in r.params],
            "数据行数": r.rows,
            "符合条件行数": r.in_period,
            **({"达标行数": r.numerator} if r.numerator is not None else {}),
        }
    data["projects"] = projects
    if department:
        data["department"] = department
    data["evidence"] = evidence
    head = "# 实际完成值（yusuan perf metrics 由业务数据计算"
    if period is not None:
        head += f"，期间 {period[0]} 至 {period[1]}"
    return head + "）\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)


def _plain(x: Decimal, unit: str) -> int | float:
    """A value for YAML: whole counts as integers, the rest as (short, exact-looking) decimals."""
    return int(x) if x == x.to_integral_value() and unit != "%" else float(x)


def forecast(result: Result, months: int) -> Decimal:
    """The full-year forecast of a value measured over the first ``months`` months: counts and
    sums grow in proportion (× 12 / months), rates, means and percentiles stay as measured."""
    if result.metric.kind in ("count", "sum"):
        places = Decimal(1) if result.metric.kind == "count" else Decimal("0.01")
        from decimal import ROUND_HALF_UP

        return (result.value * 12 / months).quantize(places, rounding=ROUND_HALF_UP)
    return result.value


def progress_yaml(
    bound: dict[tuple[str, str], Result], base: dict[str, Any] | None, months: int
) -> str:
    """A monitoring file for ``yusuan perf monitor``: each bound project indicator's value to date
    and its full-year forecast, over ``base`` (spending to date, manual progress)."""
    import yaml

    data: dict[str, Any] = dict(base or {})
    data["months"] = months
    projects: dict[str, Any] = {k: dict(v) for k, v in (data.get("projects") or {}).items()}
    for (owner, name), r in bound.items():
        if owner == "整体":
            continue
        entry = projects.setdefault(owner, {})
        indicators = dict(entry.get("indicators") or {})
        indicators[name] = {
            "to_date": _plain(r.value, r.unit),
            "forecast": _plain(forecast(r, months), r.unit),
        }
        entry["indicators"] = indicators
    data["projects"] = projects
    head = f"# 监控数据（yusuan perf metrics 由业务数据计算，1-{months}月）\n"
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)
