"""Performance tables as pages: checked text, a table flattened three ways, a 自评表 sheet."""

from __future__ import annotations

from yusuan.check import CheckResult, check_package
from yusuan.pipeline import load_bytes
from yusuan.rules.findings import Finding


def run(text: str) -> CheckResult:
    return check_package(load_bytes(text.encode("utf-8"), "page.txt"))


def of(result: CheckResult, rule: str) -> list[Finding]:
    return [f for f in result.findings if f.rule == rule]


def pipes(table: list[list[str]]) -> str:
    return "\n".join("| " + " | ".join(r) + " |" for r in table)


def one_per_line(table: list[list[str]]) -> str:
    out: list[str] = []
    for r in table:
        out += [x for c in r for x in (c, "|")] + ["||||"]
    return "\n".join(out)


def spaced(table: list[list[str]]) -> str:
    return "\n".join(" ".join(r) for r in table)


FLATTENINGS = [pipes, one_per_line, spaced]


# The published demo package's project 窗口工作人员专项经费 (50011021T000000047837, 108.84万元),
# its 2026 self-evaluation written in the 10号 layout, `|` rows:
# - 97.96 / 108.84 = 90.00 % → 90 %, 10 × 0.9000 = 9.00: right;
# - 审批件数 ≥800000件, 600000 done, scored its full 20 (10号: 20 × 600000/800000 = 15) → E005;
# - 服务对象满意度 printed ≥95% where the approved target is ≥98%;
# - 业务熟练、办事效率 (20 points) left out;
# - 总分 89 for 9 + 10 + 10 + 10 + 10 + 20 + 10 = 79 → E006.
SHEET = """2026年度项目支出绩效自评表
| 项目名称 | 50011021T000000047837-窗口工作人员专项经费 | 主管部门 | 重庆市綦江区政务服务管理办公室 |
| 项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
| 年度资金总额 | 108.84 | 108.84 | 97.96 | 10 | 90% | 9 |
| 其中:本年财政拨款 | 108.84 | 108.84 | 97.96 | — | 90% | — |
| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
| 产出指标 | 时效指标 | 及时办结率 | ≥60% | 75% | 10 | 10 | |
| 效益指标 | 社会效益指标 | 审批周期 | ≤5天 | 4天 | 10 | 10 | |
| 产出指标 | 质量指标 | 请假天数、迟到早退次数等 | ≤5次/年 | 3次/年 | 10 | 10 | |
| 产出指标 | 数量指标 | 投诉次数 | ≤2次/年 | 1次/年 | 10 | 10 | |
| 产出指标 | 数量指标 | 审批件数 | ≥800000件 | 600000件 | 20 | 20 | |
| 满意度指标 | 服务对象满意度指标 | 服务对象满意度 | ≥95% | 96% | 10 | 10 | |
| 总分 | 100 | 89 | 良 |
"""
