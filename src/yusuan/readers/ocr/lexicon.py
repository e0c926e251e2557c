"""The standard labels of budget disclosures, to correct a doubtful OCR reading of one.

A header or field label that Tesseract reads with one character wrong (是否该心指标, 预东数)
loses its column, and with it the numbers below. Labels are a small closed set (standards.md
§1.2 and the 绩效目标表 layouts), so a doubtful cell one character away from exactly one of them
is that label. Free text is never corrected: only cells of three or more characters, read with
a confidence below the second-pass bar, that match one label but for one character (two in
labels of eight or more).
"""

from __future__ import annotations

from functools import cache

from yusuan.model.tables import COLUMN_LABELS, KIND_LABELS

_LABELS = """
项目 预算数 决算数 合计 总计 收入 支出 本年收入 本年支出 收入合计 支出合计 收入总计 支出总计
科目编码 科目名称 功能分类科目 经济分类科目 基本支出 项目支出 人员经费 日常公用经费 公用经费
一般公共预算资金 政府性基金预算资金 国有资本经营预算资金 财政专户管理资金 事业收入资金
上级补助收入资金 附属单位上缴收入资金 事业单位经营收入资金 其他收入资金 上年结转 结转下年
一般公共预算拨款 政府性基金预算拨款 国有资本经营收入 一般公共服务支出 社会保障和就业支出
卫生健康支出 住房保障支出 行政运行 一般行政管理事务 机关服务 事业运行
一级指标 二级指标 三级指标 指标权重 计量单位 度量单位 指标性质 指标值 是否核心指标 指标方向性
历史参考值 本年指标值 绩效指标 产出指标 效益指标 满意度指标 成本指标 数量指标 质量指标 时效指标
经济效益指标 社会效益指标 生态效益指标 可持续影响指标 服务对象满意度指标 经济成本指标
社会成本指标 生态环境成本指标 项目名称 业务主管部门 预算执行率权重 项目分类 当年预算 本级安排
上级补助 其他资金 财政资金 单位资金 社会投入资金 银行贷款 项目概述 立项依据 当年绩效目标
部门支出预算数 当年整体绩效目标 部门(单位)名称 一般性项目 编制单位 单位 万元 元
"""


#: project sheet fields printed with their unit: 当年预算（万元）
_IN_WAN = (
    "当年预算 本级安排 上级补助 其他资金 财政资金 单位资金 财政专户管理资金 社会投入资金 银行贷款"
)


@cache
def labels() -> frozenset[str]:
    """Every standard label (table titles, column labels and the words above)."""
    words = set(_LABELS.split())
    words.update(f"{w}（万元）" for w in _IN_WAN.split())
    words.update(KIND_LABELS.values())
    words.update(COLUMN_LABELS.values())
    return frozenset(w for w in words if len(w) >= 3)


@cache
def _by_length() -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = {}
    for w in sorted(labels()):
        out.setdefault(len(w), []).append(w)
    return {n: tuple(ws) for n, ws in out.items()}


def correct(text: str) -> str | None:
    """The one standard label ``text`` differs from by a single character (two in labels of
    eight or more: 当年预算（方郊）), else None."""
    if len(text) < 3 or text in labels():
        return None
    allowed = 2 if len(text) >= 8 else 1
    near = [
        w
        for w in _by_length().get(len(text), ())
        if sum(a != b for a, b in zip(w, text, strict=True)) <= allowed
    ]
    return near[0] if len(near) == 1 else None
