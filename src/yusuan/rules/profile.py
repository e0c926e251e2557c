"""Profiles: per region/year configuration of the rules, as data (YAML).

A profile enables or disables rules, overrides severities, sets tolerances, lists the required
tables and the indicator framework. Bundled profiles live in ``yusuan/profiles/*.yaml``; a
user may pass a path to their own file. ``extends`` names a base profile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from yusuan import bundled, yamlfile
from yusuan.errors import ProfileError

if TYPE_CHECKING:
    from importlib.abc import Traversable


@dataclass(frozen=True)
class Profile:
    """Resolved profile settings."""

    name: str
    disabled: frozenset[str] = frozenset()
    severity: dict[str, str] = field(default_factory=dict)
    tolerance_wan: Decimal = Decimal("0.01")
    tolerance_yuan: Decimal = Decimal("1")
    required_tables: tuple[str, ...] = ()
    required_final_tables: tuple[str, ...] = ()  # the 决算 set (the national 9-table template)
    framework: dict[str, tuple[str, ...]] = field(default_factory=dict)
    project_indicator_weight: Decimal = Decimal(90)
    execution_weight: Decimal = Decimal(10)
    department_weight: Decimal = Decimal(100)
    min_core_indicators: int = 0
    required_level1: tuple[str, ...] = ("产出指标", "效益指标", "满意度指标")
    #: the default split of a project's indicator weights by 一级 (I016; 成本 counts as 产出)
    level1_split: tuple[tuple[str, Decimal], ...] = (
        ("产出指标", Decimal(50)),
        ("效益指标", Decimal(30)),
        ("满意度指标", Decimal(10)),
    )
    #: J010: a 主要用于 text shorter than this is not compared (generic phrases repeat)
    copied_use_min_chars: int = 6
    #: J010: report a copied 主要用于 only between 项 of different 类, 款 or 项 (any two lines)
    copied_use_scope: str = "款"
    #: the scoring scheme of 绩效自评 (yusuan/schemes.yaml): 10号, 20+80, 部门整体 …; the checks of
    #: published tables and `perf evaluate` both use it
    scheme: str = "10号"
    #: the regions whose packages this profile is for, as their names begin (上海市, 重庆市):
    #: a platform serving several regions checks each package with its region's profile
    regions: tuple[str, ...] = ()


def _folder() -> Traversable:
    return bundled.files("yusuan") / "profiles"


def bundled_names() -> list[str]:
    """Names of the profiles shipped with yusuan."""
    return yamlfile.bundled_names(_folder())


@cache
def regional(configured: str, unit_name: str) -> str:
    """The profile a unit's package is checked with: ``configured`` unless the unit's name
    begins with a region that another bundled profile is for and ``configured`` is not (a
    上海市 department on a platform configured for 重庆市: Shanghai's required tables, not
    Chongqing's — as ``yusuan check --profile shanghai-2026`` would check its file)."""

    def matches(name: str) -> bool:
        return any(unit_name.startswith(r) for r in load_profile(name).regions)

    if not unit_name or matches(configured):
        return configured
    return next((n for n in bundled_names() if matches(n)), configured)


def _read(name_or_path: str) -> dict[str, Any]:
    return yamlfile.read_named(name_or_path, _folder(), "配置", "配置", ProfileError)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def load_profile(name_or_path: str = "default") -> Profile:
    """Load a bundled profile by name, or a YAML file by path (with ``extends``)."""
    data = yamlfile.with_extends(name_or_path, _read, _merge, "配置", ProfileError)
    from yusuan.model.tables import TableKind

    known = {k.value for k in TableKind}
    unknown = [
        t
        for key in ("required_tables", "required_final_tables")
        for t in data.get(key, ()) or ()
        if t not in known
    ]
    if unknown:
        raise ProfileError(
            name_or_path,
            detail=f"required_tables 中有未知的表：{'、'.join(map(str, unknown))}（可用：{'、'.join(sorted(known))}）",
        )
    from yusuan.rules.builtin import all_rules

    ids = {r.id for r in all_rules()}
    bad_rules = [k for k in (data.get("rules") or {}) if k not in ids]
    levels = (False, "off", "error", "warning", "info")
    bad_levels = [f"{k}: {v}" for k, v in (data.get("rules") or {}).items() if v not in levels]
    if bad_levels:
        raise ProfileError(
            name_or_path,
            detail=f"规则级别只能是 off、error、warning 或 info：{'、'.join(bad_levels)}",
        )
    if bad_rules:
        raise ProfileError(
            name_or_path,
            detail=f"rules 中有未知的规则编号：{'、'.join(map(str, bad_rules))}（运行 yusuan rules 查看全部规则）",
        )
    from yusuan.schemes import DEFAULT, names

    if str(data.get("scheme", DEFAULT)) not in names():
        raise ProfileError(
            name_or_path,
            detail=f"scheme 为未知的评分方案“{str(data.get('scheme'))[:40]}”（可用：{'、'.join(names())}）",
        )
    copied = data.get("copied_use", {}) or {}
    if not isinstance(copied, dict) or str(copied.get("scope", "款")) not in ("类", "款", "项"):
        raise ProfileError(
            name_or_path,
            detail="copied_use 应为 {min_chars: 整数, scope: 类/款/项}（scope：两行至少在哪一级不同才报告）。",
        )
    try:
        rules = data.get("rules", {}) or {}
        tol = data.get("tolerance", {}) or {}
        weights = data.get("weights", {}) or {}
        return Profile(
            name=str(data.get("name", name_or_path)),
            disabled=frozenset(k for k, v in rules.items() if v is False or v == "off"),
            severity={k: str(v) for k, v in rules.items() if v in ("error", "warning", "info")},
            tolerance_wan=Decimal(str(tol.get("万元", "0.01"))),
            tolerance_yuan=Decimal(str(tol.get("元", "1"))),
            required_tables=tuple(data.get("required_tables", ()) or ()),
            required_final_tables=tuple(data.get("required_final_tables", ()) or ()),
            framework={k: tuple(v) for k, v in (data.get("framework", {}) or {}).items()},
            project_indicator_weight=Decimal(str(weights.get("project_indicators", 90))),
            execution_weight=Decimal(str(weights.get("execution", 10))),
            department_weight=Decimal(str(weights.get("department", 100))),
            min_core_indicators=int(data.get("min_core_indicators", 0)),
            required_level1=tuple(
                data.get("required_level1", ("产出指标", "效益指标", "满意度指标"))
            ),
            level1_split=tuple(
                (str(k), Decimal(str(v)))
                for k, v in (
                    data.get("level1_split") or {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
                ).items()
            ),
            copied_use_min_chars=int(copied.get("min_chars", 6)),
            copied_use_scope=str(copied.get("scope", "款")),
            scheme=str(data.get("scheme", DEFAULT)),
            regions=tuple(str(r) for r in data.get("regions", ()) or ()),
        )
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise ProfileError(
            name_or_path,
            detail="配置取值无效：tolerance、weights 应为数字，min_core_indicators、copied_use.min_chars 应为整数。",
        ) from exc
