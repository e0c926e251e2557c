"""The rule registry: each rule is a small function with metadata.

```python
@rule("A001", "类 = Σ款，款 = Σ项", category="arithmetic", severity="error",
      source="[D] standards §2.2 C-HIER")
def check_hierarchy(ctx: Context) -> Iterator[Finding]:
    ...
```
Rules yield findings through ``ctx.finding(...)`` / ``ctx.compare(...)``, which apply the
profile's severity override and the rounding tolerance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from yusuan.rules.findings import Finding, Severity

if TYPE_CHECKING:
    from yusuan.rules.context import Context

CATEGORIES = {
    "completeness": "完整性",
    "arithmetic": "表内计算",
    "cross-table": "表间一致",
    "narrative": "说明与表格",
    "projects": "项目测算",
    "indicators": "绩效指标",
    "classification": "分类科目",
}

RuleFunc = Callable[["Context"], Iterator[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """Metadata and function of one rule."""

    id: str
    title: str
    category: str
    severity: Severity
    source: str
    func: RuleFunc
    doc: str
    applies_to: tuple[str, ...] = ("预算", "决算")
    whole: bool = False  # needs the whole package: not run on a part of one (a section, a table)


REGISTRY: dict[str, Rule] = {}


def rule(
    rule_id: str,
    title: str,
    *,
    category: str,
    severity: str,
    source: str,
    applies_to: tuple[str, ...] = ("预算", "决算"),
    whole: bool = False,
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category}")

    def decorate(func: RuleFunc) -> RuleFunc:
        if rule_id in REGISTRY:
            raise ValueError(f"duplicate rule id {rule_id}")
        REGISTRY[rule_id] = Rule(
            rule_id,
            title,
            category,
            Severity(severity),
            source,
            func,
            (func.__doc__ or "").strip(),
            applies_to,
            whole,
        )
        return func

    return decorate


def registered() -> list[Rule]:
    """The rules registered so far, by id (all built-in ones: :func:`yusuan.rules.builtin.all_rules`)."""
    return [REGISTRY[k] for k in sorted(REGISTRY)]
