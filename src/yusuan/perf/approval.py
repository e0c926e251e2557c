"""Freezing the approved targets: once 绩效目标 are approved (批复), later edits go through a
recorded adjustment (调整), never silently.

``yusuan perf freeze`` writes the approved set (every sheet's indicators with their targets) to a
JSON record; ``yusuan perf check --approved`` reports every difference that no adjustment covers;
``yusuan perf adjust`` records an adjustment — who, when, why, and each change before and after —
and makes the adjusted set the approved one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from yusuan.errors import DataFileError
from yusuan.model import BudgetPackage, Indicator

FIELDS = ("level1", "level2", "operator", "value", "unit", "weight", "core")
LABELS = {
    "level1": "一级指标",
    "level2": "二级指标",
    "operator": "指标性质",
    "value": "指标值",
    "unit": "计量单位",
    "weight": "指标权重",
    "core": "是否核心指标",
}


def _indicator(ind: Indicator) -> dict[str, Any]:
    return {
        "level1": ind.level1,
        "level2": ind.level2,
        "operator": ind.operator,
        "value": ind.value,
        "unit": ind.unit,
        "weight": None if ind.weight is None else str(ind.weight.normalize()),
        "core": ind.core,
    }


def _keyed(indicators: tuple[Indicator, ...]) -> dict[str, dict[str, Any]]:
    """Indicator name → target; a name used again is keyed 名称（第2个）…"""
    out: dict[str, dict[str, Any]] = {}
    seen: dict[str, int] = {}
    for i in indicators:
        seen[i.name] = seen.get(i.name, 0) + 1
        key = i.name if seen[i.name] == 1 else f"{i.name}（第{seen[i.name]}个）"
        out[key] = _indicator(i)
    return out


def targets(pkg: BudgetPackage) -> dict[str, dict[str, dict[str, Any]]]:
    """Sheet (整体 or 项目「…」) → indicator (name, numbered when repeated) → its target fields."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    if pkg.department_performance is not None:
        out["部门整体"] = _keyed(pkg.department_performance.indicators)
    seen: dict[str, int] = {}
    for p in pkg.projects:
        seen[p.name] = seen.get(p.name, 0) + 1
        sheet = f"项目「{p.name}」" + ("" if seen[p.name] == 1 else f"（第{seen[p.name]}个）")
        out[sheet] = _keyed(p.indicators)
    return out


@dataclass(frozen=True)
class Change:
    sheet: str
    indicator: str
    field: str  # a key of LABELS, or "added" / "removed"
    before: Any
    after: Any

    def describe(self) -> str:
        if self.field == "added":
            return f"{self.sheet}新增指标「{self.indicator}」"
        if self.field == "removed":
            return f"{self.sheet}删除了指标「{self.indicator}」"
        if self.field == "sheet-added":
            return f"新增了{self.sheet}"
        if self.field == "sheet-removed":
            return f"删除了{self.sheet}"
        return (
            f"{self.sheet}指标「{self.indicator}」的{LABELS[self.field]}由“{_show(self.before)}”"
            f"改为“{_show(self.after)}”"
        )


def _show(value: Any) -> str:
    if value is None:
        return "（空）"
    if value is True:
        return "是"
    if value is False:
        return "否"
    return str(value)


def diff(approved: dict[str, Any], current: dict[str, Any]) -> list[Change]:
    """What changed from the approved targets to the current ones."""
    out: list[Change] = []
    for sheet in approved.keys() - current.keys():
        out.append(Change(sheet, "", "sheet-removed", approved[sheet], None))
    for sheet in current.keys() - approved.keys():
        out.append(Change(sheet, "", "sheet-added", None, current[sheet]))
    for sheet in approved.keys() & current.keys():
        before, after = approved[sheet], current[sheet]
        for name in before.keys() - after.keys():
            out.append(Change(sheet, name, "removed", before[name], None))
        for name in after.keys() - before.keys():
            out.append(Change(sheet, name, "added", None, after[name]))
        for name in before.keys() & after.keys():
            for f in FIELDS:
                if before[name].get(f) != after[name].get(f):
                    out.append(Change(sheet, name, f, before[name].get(f), after[name].get(f)))
    return sorted(out, key=lambda c: (c.sheet, c.indicator, c.field))


def freeze(pkg: BudgetPackage, source: str, by: str = "") -> dict[str, Any]:
    """The approval record of a package's targets."""
    return {
        "yusuan": "approved-targets",
        "unit": pkg.info.unit_name,
        "year": pkg.info.year,
        "source": source,
        "approved_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "approved_by": by,
        "targets": targets(pkg),
        "adjustments": [],
    }


def read(path: str | Path) -> dict[str, Any]:
    name = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(name, detail="批复记录文件不存在。") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataFileError(name, detail=f"不是有效的批复记录（{exc}）。") from None
    if not isinstance(data, dict) or data.get("yusuan") != "approved-targets":
        raise DataFileError(name, detail="不是 yusuan perf freeze 写出的批复记录。")
    sheets = data.get("targets")
    if not isinstance(sheets, dict) or not all(
        isinstance(v, dict) and all(isinstance(t, dict) for t in v.values())
        for v in sheets.values()
    ):
        raise DataFileError(name, detail="批复记录缺少或损坏了 targets（各表的批复指标）。")
    if not isinstance(data.get("adjustments", []), list):
        raise DataFileError(name, detail="批复记录的 adjustments 应为列表。")
    return data


def adjust(
    record: dict[str, Any], pkg: BudgetPackage, reason: str, by: str, source: str
) -> tuple[dict[str, Any], list[Change]]:
    """The record with an adjustment appended (each change before and after) and the current
    targets as the approved set."""
    current = targets(pkg)
    changes = diff(record["targets"], current)
    entry = {
        "at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "by": by,
        "reason": reason,
        "source": source,
        "changes": [
            {
                "sheet": c.sheet,
                "indicator": c.indicator,
                "field": c.field,
                "before": c.before,
                "after": c.after,
            }
            for c in changes
        ],
    }
    updated = {**record, "targets": current, "adjustments": [*record.get("adjustments", []), entry]}
    return updated, changes
