"""Seed 000's actuals and January–July progress, as files a user writes."""

from __future__ import annotations

#: year-end actuals of one seed 000 project (also uploaded by tests/test_web_performance.py)
SEED000_ACTUALS = """projects:
  政务服务中心房屋租金:
    spent: 346.16
    indicators:
      单位面积租用成本: {value: 30, reason: 合同单价为30元, measures: 调整目标}
      租用面积: 11538.59
      满意度: 96
      设施服务人口: 800000
      故障修复平均等待时长: {applicable: false}
"""


#: January–July progress of one seed 000 project (also uploaded by tests/test_web_performance.py)
SEED000_PROGRESS = """months: 7
projects:
  “渝快办+邮政”服务，上门揽件、办件结果寄达等服务经费:
    spent: 4.00
    indicators:
      审批件数: {to_date: 300000, forecast: 480000, category: 其他, reason: 线上办理分流}
      及时寄达率: {to_date: 96, forecast: 96}
      服务对象满意度: 98
      投诉次数: {to_date: 1, forecast: 2}
      寄达件数: {to_date: 6000, forecast: 11000}
"""
