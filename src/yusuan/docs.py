"""Documentation generated from code: the rules reference (docs/rules.md)."""

from __future__ import annotations

from yusuan.errors import ALL_ERRORS
from yusuan.rules.builtin import all_rules
from yusuan.rules.registry import CATEGORIES


def rules_markdown() -> str:
    """The rules reference, generated from the registry."""
    rules = all_rules()
    lines = [
        "# 审核规则参考 / Rules reference",
        "",
        "本页由 `yusuan rules --format markdown` 根据规则注册表自动生成，请勿手工编辑。",
        "Generated from the rule registry by `yusuan rules --format markdown`; do not edit by hand.",
        "",
        f"共 {len(rules)} 条规则。级别可在配置文件（profile）中按地区、年度调整或关闭。",
        "",
        "| 编号 | 规则 | 类别 | 默认级别 | 依据 |",
        "|---|---|---|---|---|",
    ]
    for r in rules:
        lines.append(
            f"| {r.id} | {r.title} | {CATEGORIES[r.category]} | {r.severity.label} | {r.source} |"
        )
    lines.append("")
    for cat, label in CATEGORIES.items():
        members = [r for r in rules if r.category == cat]
        if not members:
            continue
        lines += [f"## {label}（{cat}）", ""]
        for r in members:
            lines += [
                f"### {r.id} {r.title}",
                "",
                r.doc,
                "",
                f"- 默认级别：{r.severity.label}（{r.severity.value}）",
                f"- 依据：{r.source}",
                "",
            ]
    lines += ["## 输入错误（退出码 2/3/4）", "", "| 代码 | 名称 | 提示 |", "|---|---|---|"]
    for e in ALL_ERRORS:
        lines.append(f"| {e.code} | {e.title} | {e.template} |")
    return "\n".join(lines) + "\n"
