"""What a published package must carry: every number, every indicator, every sentence.

:func:`digest` reduces a package to its content (no provenance, no layout); publishing reads
each written file back and compares digests (:func:`differences`), so a file that would not
read back as the same package is never delivered.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from yusuan.model import BudgetPackage, TableKind
from yusuan.model.projects import Indicator


def _amount(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.normalize()


def _prose(text: str | None) -> str | None:
    """Free text without its spaces: how a sentence wraps or is spaced (第 335 号) is layout,
    not content, in Chinese prose."""
    return None if text is None else "".join(text.split())


def _derived(row: Any, key: str) -> bool:
    """财政拨款收入 next to 一般公共预算/政府性基金/国有资本经营 is their sum: not content of its own."""
    return key == "fiscal" and any(row.cell(k) is not None for k in ("gpb", "gov_fund", "soe"))


def _indicator(ind: Indicator) -> dict[str, Any]:
    return {
        "一级指标": ind.level1,
        "二级指标": ind.level2,
        "三级指标": ind.name,
        "指标性质": ind.operator,
        "指标值": ind.value,
        "计量单位": ind.unit or None,
        "指标权重": _amount(ind.weight),
        "是否核心指标": ind.core,
    }


def digest(pkg: BudgetPackage) -> dict[str, Any]:
    """The package's content as nested plain values (dicts with Chinese keys, lists)."""
    tables = [
        {
            "表": t.kind.label,
            "单位": t.unit.value,
            "备注": t.note or None,
            "行": [
                {
                    # a 三公 row is named by its header (2026年预算数), which is layout
                    "名称": None if t.kind is TableKind.THREE_PUBLIC else r.name,
                    "编码": r.code,
                    "栏": r.side,
                    **{
                        k: _amount(c.value)
                        for k, c in r.cells
                        if c.value is not None and not _derived(r, k)
                    },
                }
                # each side of a summary table in its order, 合计 first (how the sides interleave
                # and whether 合计 is printed first or last are layout)
                for r in sorted(t.rows, key=lambda r: (r.side != "income", not r.is_total))
                if r.has_values or (r.name and t.kind is not TableKind.THREE_PUBLIC)
            ],
        }
        for t in pkg.tables
    ]
    projects = [
        {
            "项目": p.name,
            "编码": p.code,
            "当年预算": _amount(p.budget),
            "资金来源": {k: _amount(v) for k, v in p.sources if v is not None},
            "项目分类": p.category or None,
            "预算执行率权重": _amount(p.execution_weight),
            "业务主管部门": p.supervisor or None,
            "项目概述": _prose(p.overview),
            "立项依据": _prose(p.basis) or None,
            "当年绩效目标": _prose(p.goal),
            "实施周期": _prose(p.period),
            "其他说明": {k: _prose(v) for k, v in p.details},
            "绩效指标": [_indicator(i) for i in p.indicators],
        }
        for p in pkg.projects
    ]
    dept = pkg.department_performance
    return {
        "单位": {"名称": pkg.info.unit_name, "年度": pkg.info.year, "阶段": pkg.info.stage},
        "情况说明": [_prose(p.text) for p in pkg.paragraphs],
        "表格": tables,
        "部门整体绩效目标": None
        if dept is None
        else {
            "部门(单位)名称": dept.unit_name,
            "部门支出预算数": _amount(dept.budget),
            "当年整体绩效目标": _prose(dept.goal),
            "绩效指标": [_indicator(i) for i in dept.indicators],
        },
        "项目": projects,
    }


def differences(expected: BudgetPackage, actual: BudgetPackage, limit: int = 5) -> list[str]:
    """Where ``actual`` differs from ``expected``, in Chinese, most specific place first:
    ``项目[2].绩效指标[3].三级指标：应为 …，读回 …`` (empty when the content is the same)."""
    out: list[str] = []
    _walk(digest(expected), digest(actual), "", out, limit)
    return out


def _walk(a: Any, b: Any, path: str, out: list[str], limit: int) -> None:
    if len(out) >= limit or a == b:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in dict.fromkeys([*a, *b]):
            _walk(a.get(key), b.get(key), f"{path}.{key}" if path else str(key), out, limit)
        return
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}：应有 {len(a)} 项，读回 {len(b)} 项")
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            _walk(x, y, f"{path}[{i + 1}]", out, limit)
        return
    out.append(f"{path}：应为 {_short(a)}，读回 {_short(b)}")


def _short(value: Any) -> str:
    text = str(value) if isinstance(value, (str, Decimal)) else repr(value)
    return text if len(text) <= 80 else text[:77] + "…"
