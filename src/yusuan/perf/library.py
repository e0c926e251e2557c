"""An indicator library (指标库) built from published target sheets: each reusable indicator once,
normalised, with its level, unit, direction and the targets seen for it.

Names are normalised (quotes and spaces removed, full-width brackets unified) and indicators
are de-duplicated by (name, unit). The direction is derived from the operator: ≥ 正向, ≤ 反向,
= 等于, 定性 定性. A library built from the seeds ships with yusuan
(``yusuan/perf/data/indicator_library.yaml``) and is rebuilt with ``yusuan perf library``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import yaml

from yusuan import yamlfile
from yusuan.model import BudgetPackage, Indicator

DIRECTION = {"≥": "正向", "≤": "反向", "=": "等于", "定性": "定性"}
_QUOTES = re.compile(r"[“”\"'‘’\s]")


def normalize_name(name: str) -> str:
    """``“一件事一次办”`` → ``一件事一次办``; ``(`` → ``（``."""
    return _QUOTES.sub("", name).replace("(", "（").replace(")", "）")


@dataclass
class Entry:
    name: str
    level1: str
    level2: str
    unit: str | None
    direction: str
    targets: list[str] = field(default_factory=list)  # "≥800000（项目「…」）"
    variants: set[str] = field(default_factory=set)  # other 一级/二级 placements seen
    definition: str | None = None  # what it means (指标定义)
    measurement: str | None = None  # how it is measured from data (口径)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "name": self.name,
            "level1": self.level1,
            "level2": self.level2,
            "unit": self.unit,
            "direction": self.direction,
            "targets": self.targets,
        }
        if self.variants:
            out["other_placements"] = sorted(self.variants)
        if self.definition:
            out["definition"] = self.definition
        if self.measurement:
            out["measurement"] = self.measurement
        return out


def definitions() -> dict[str, str]:
    """The bundled 指标定义 (normalised name → meaning and formula)."""
    from importlib import resources

    text = (resources.files("yusuan") / "perf" / "data" / "indicator_definitions.yaml").read_text(
        encoding="utf-8"
    )
    return {normalize_name(str(k)): str(v) for k, v in (yamlfile.load(text) or {}).items()}


def build(
    sources: Iterable[tuple[BudgetPackage, str]], measurements: dict[str, str] | None = None
) -> list[Entry]:
    """Entries from every indicator of every project sheet and 整体 sheet of the packages, with
    their definitions (bundled) and measurements (from a metrics spec: name → 口径)."""
    meanings = definitions()
    measured = {normalize_name(k): v for k, v in (measurements or {}).items()}
    entries: dict[tuple[str, str | None], Entry] = {}
    for pkg, label in sources:
        sheets: list[tuple[str, tuple[Indicator, ...]]] = [
            (f"项目「{p.name}」", p.indicators) for p in pkg.projects
        ]
        if pkg.department_performance is not None:
            sheets.append(("部门整体", pkg.department_performance.indicators))
        for where, indicators in sheets:
            for ind in indicators:
                name = normalize_name(ind.name)
                unit = ind.unit.strip() if ind.unit else None
                key = (name, unit)
                entry = entries.get(key)
                if entry is None:
                    entry = entries[key] = Entry(
                        name,
                        ind.level1,
                        ind.level2,
                        unit,
                        DIRECTION.get(ind.operator, ind.operator),
                        definition=meanings.get(name),
                        measurement=measured.get(name),
                    )
                elif (ind.level1, ind.level2) != (entry.level1, entry.level2):
                    entry.variants.add(f"{ind.level1}/{ind.level2}")
                entry.targets.append(f"{ind.operator}{ind.value}（{label}：{where}）")
    return sorted(entries.values(), key=lambda e: (e.level1, e.level2, e.name))


def to_yaml(entries: list[Entry], sources: list[str]) -> str:
    head = "# 指标库 — built by `yusuan perf library` from: " + "、".join(sources) + "\n"
    body = yaml.safe_dump(
        {"indicators": [e.as_dict() for e in entries]},
        allow_unicode=True,
        sort_keys=False,
        width=120,
    )
    return head + body
