"""Year-end actuals for self-evaluation, from a small YAML file.

```yaml
projects:
  政务服务中心房屋租金:          # the project's name as printed
    budget: 346.16               # 全年预算数 (default: the sheet's 当年预算)
    spent: 340.00                # 全年执行数
    indicators:
      单位面积租用成本: 30
      满意度: {value: 96, reason: 窗口排队时间较长, measures: 增设自助终端}
      故障修复平均等待时长: {applicable: false}
      业务熟练、办事效率: 达成        # a 定性 tier
```
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from yusuan.errors import DataFileError
from yusuan.money import MAX_DIGITS, parse_amount
from yusuan.perf.monitoring import Progress
from yusuan.perf.scoring import Actual
from yusuan.schemes import tier_names
from yusuan.yamlfile import read_mapping


@dataclass(frozen=True)
class ProjectActuals:
    budget: Decimal | None
    spent: Decimal
    indicators: dict[str, Actual]


def _number(value: Any, where: str, path: str) -> Decimal:
    number: Decimal | None = None
    try:
        if isinstance(value, str):
            number = parse_amount(value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        pass
    if number is None or not number.is_finite():
        raise DataFileError(path, where=where, detail=f"“{value}”不是数字。")
    if number and number.adjusted() >= MAX_DIGITS:  # scoring rounds it: 28 digits at most
        raise DataFileError(path, where=where, detail=f"“{str(value)[:30]}”数值过大。")
    return number


def _mapping(value: Any, where: str, path: str) -> dict[Any, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise DataFileError(path, where=where, detail="indicators 须为 指标名称 → 值 的映射。")
    return value


def _actual(value: Any, where: str, path: str) -> Actual:
    if isinstance(value, dict):
        if value.get("applicable") is False:
            return Actual(applicable=False)
        tier = value.get("tier")
        share = value.get("share")
        number = value.get("value")
        return Actual(
            value=None if number is None else _number(number, where, path),
            tier=str(tier) if tier is not None else None,
            share=None if share is None else _number(share, where, path),
            reason=str(value.get("reason", "")),
            measures=str(value.get("measures", "")),
        )
    if isinstance(value, str) and value in tier_names():
        return Actual(tier=value)
    return Actual(value=_number(value, where, path))


def parse_actuals(
    data: dict[str, Any], name: str
) -> tuple[dict[str, ProjectActuals], dict[str, Actual]]:
    """The projects' and 部门整体's actuals of a parsed file; errors name ``name``."""
    projects = data.get("projects")
    if not isinstance(projects, dict):
        raise DataFileError(
            name, detail="实际完成值文件须有 projects: 项目名称 → 执行数与指标完成值。"
        )
    out: dict[str, ProjectActuals] = {}
    for project, entry in projects.items():
        if not isinstance(entry, dict) or "spent" not in entry:
            raise DataFileError(
                name, where=f"项目「{project}」", detail="须给出 spent（全年执行数）。"
            )
        indicators = _mapping(entry.get("indicators"), f"项目「{project}」", name)
        out[str(project)] = ProjectActuals(
            budget=None
            if entry.get("budget") is None
            else _number(entry["budget"], f"项目「{project}」budget", name),
            spent=_number(entry["spent"], f"项目「{project}」spent", name),
            indicators={
                str(k): _actual(v, f"项目「{project}」指标「{k}」", name)
                for k, v in indicators.items()
            },
        )
    entries = _mapping(data.get("department"), "department", name)
    department = {str(k): _actual(v, f"整体指标「{k}」", name) for k, v in entries.items()}
    return out, department


def load_actuals(path: str | Path) -> dict[str, ProjectActuals]:
    """Read an actuals file; errors name the file and the entry (exit code 3)."""
    return parse_actuals(read_mapping(path, "实际完成值", DataFileError), str(path))[0]


def load_department(path: str | Path) -> dict[str, Actual]:
    """The ``department:`` entry of an actuals file: 整体 indicator → actual (may be empty)."""
    return parse_actuals(read_mapping(path, "实际完成值", DataFileError), str(path))[1]


@dataclass(frozen=True)
class ProjectProgress:
    budget: Decimal | None
    spent: Decimal  # 1-7月执行数
    indicators: dict[str, Progress]


def load_progress(path: str | Path) -> tuple[int, dict[str, ProjectProgress]]:
    """Read monitoring data (see :func:`parse_progress`)."""
    return parse_progress(read_mapping(path, "监控数据", DataFileError), str(path))


def parse_progress(data: dict[str, Any], name: str) -> tuple[int, dict[str, ProjectProgress]]:
    """Monitoring data: ``months`` (default 7) and, per project, ``spent`` and per indicator
    ``to_date``, ``forecast`` (or a 定性 ``tier``), ``category``, ``reason``, ``likelihood``."""
    projects = data.get("projects")
    if not isinstance(projects, dict):
        raise DataFileError(name, detail="监控数据文件须有 projects: 项目名称 → 执行数与指标进度。")
    months = data.get("months", 7)
    if type(months) is not int or not 1 <= months <= 12:
        raise DataFileError(name, detail=f"months 须为 1 到 12 的整数，实为“{months}”。")
    out: dict[str, ProjectProgress] = {}
    for project, entry in projects.items():
        if not isinstance(entry, dict) or "spent" not in entry:
            raise DataFileError(
                name, where=f"项目「{project}」", detail="须给出 spent（截至监控月份的执行数）。"
            )
        indicators: dict[str, Progress] = {}
        for key, value in _mapping(entry.get("indicators"), f"项目「{project}」", name).items():
            where = f"项目「{project}」指标「{key}」"
            if not isinstance(value, dict):
                value = (
                    {"tier": value}
                    if isinstance(value, str) and value in tier_names()
                    else {"forecast": value}
                )
            indicators[str(key)] = Progress(
                to_date=None
                if value.get("to_date") is None
                else _number(value["to_date"], where, name),
                forecast=None
                if value.get("forecast") is None
                else _number(value["forecast"], where, name),
                tier=None if value.get("tier") is None else str(value["tier"]),
                category=None if value.get("category") is None else str(value["category"]),
                reason=str(value.get("reason", "")),
                likelihood=None if value.get("likelihood") is None else str(value["likelihood"]),
            )
        out[str(project)] = ProjectProgress(
            budget=None
            if entry.get("budget") is None
            else _number(entry["budget"], f"项目「{project}」budget", name),
            spent=_number(entry["spent"], f"项目「{project}」spent", name),
            indicators=indicators,
        )
    return months, out
