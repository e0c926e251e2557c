"""The sheets of the 预算填报 workbook and their columns."""

from __future__ import annotations

from dataclasses import dataclass

FUNDS = (
    "一般公共预算",
    "政府性基金预算",
    "国有资本经营预算",
    "财政专户管理资金",
    "事业收入",
    "上级补助收入",
    "附属单位上缴收入",
    "事业单位经营收入",
    "其他收入",
)
#: fund → the column key of the 部门收入总表
FUND_KEYS = {
    "一般公共预算": "gpb",
    "政府性基金预算": "gov_fund",
    "国有资本经营预算": "soe",
    "财政专户管理资金": "special_account",
    "事业收入": "business",
    "上级补助收入": "superior",
    "附属单位上缴收入": "affiliated",
    "事业单位经营收入": "operating",
    "其他收入": "other",
}
PROCUREMENT_KINDS = ("货物", "工程", "服务")
OPERATORS = ("≥", "≤", "=", "定性")
YES_NO = ("是", "否")
UNITS = ("万元", "元")
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    kind: str = "text"  # text | amount | int | decimal
    choices: str | None = None  # a list name in the 目录 sheet, or None
    width: float = 14
    required: bool = False


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    hint: str
    columns: tuple[Column, ...] = ()  # a table sheet: header on row 2, data from row 3
    fields: tuple[Column, ...] = ()  # a form sheet: label in A, value in B, from row 2

    @property
    def table(self) -> bool:
        return bool(self.columns)


UNIT = Sheet(
    "单位信息",
    "单位的基本信息；职能职责每条一行（在单元格内按 Alt+Enter 换行）。金额单位：万元（默认）或元——填元时由系统换算为万元，合计按最大余数法保持一致。",
    fields=(
        Column("单位名称", required=True, width=40),
        Column("单位编码"),
        Column("预算年度", "int", required=True),
        Column("金额单位", choices="金额单位"),
        Column("地区"),
        Column("公开联系人"),
        Column("联系电话"),
        Column("职能职责", width=80),
        Column("单位构成", width=80),
        Column("部门整体绩效目标", width=80),
    ),
)
SPENDING = Sheet(
    "支出明细",
    "按支出功能分类填到“项”（7位编码）；类、款合计由系统计算。目录中没有的科目请同时填写名称。金额单位：万元。",
    columns=(
        Column("科目编码", choices="功能分类", width=12, required=True),
        Column("科目名称", width=36),
        Column("资金来源", choices="资金来源", width=18),
        Column("基本支出", "amount"),
        Column("项目支出", "amount"),
    ),
)
ECONOMIC = Sheet(
    "基本支出经济分类",
    "一般公共预算基本支出按部门预算支出经济分类填到“款”（5位编码）。金额单位：万元。",
    columns=(
        Column("科目编码", choices="经济分类", width=12, required=True),
        Column("科目名称", width=30),
        Column("人员经费", "amount"),
        Column("公用经费", "amount"),
    ),
)
THREE_PUBLIC = Sheet(
    "三公经费",
    "一般公共预算财政拨款安排的“三公”经费。金额单位：万元。",
    fields=(
        Column("因公出国（境）费", "amount"),
        Column("公务用车购置费", "amount"),
        Column("公务用车运行维护费", "amount"),
        Column("公务接待费", "amount"),
    ),
)
PROCUREMENT = Sheet(
    "政府采购",
    "政府采购预算，每个采购项目一行。金额单位：万元。",
    columns=(
        Column("项目编号", width=24),
        Column("项目名称", width=36, required=True),
        Column("采购类型", choices="采购类型", width=10, required=True),
        Column("金额", "amount", required=True),
    ),
)
ASSETS = Sheet(
    "资产",
    "截至上年12月底的车辆数和本年安排购置的车辆数（辆）。",
    fields=(
        Column("车辆", "int"),
        Column("一般公务用车", "int"),
        Column("执勤执法用车", "int"),
        Column("购置车辆", "int"),
        Column("购置一般公务用车", "int"),
        Column("购置执勤执法用车", "int"),
    ),
)
PROJECTS = Sheet(
    "项目",
    "每个项目一行；当年预算 = 本级安排 + 上级补助，由系统计算。金额单位：万元。",
    columns=(
        Column("项目编码", width=26),
        Column("项目名称", width=30, required=True),
        Column("项目分类", width=12),
        Column("业务主管部门", width=24),
        Column("预算执行率权重", "decimal", width=10),
        Column("本级安排", "amount"),
        Column("上级补助", "amount"),
        Column("项目概述", width=50),
        Column("立项依据", width=30),
        Column("当年绩效目标", width=40),
    ),
)
_INDICATOR = (
    Column("一级指标", choices="一级指标", width=12, required=True),
    Column("二级指标", choices="二级指标", width=18, required=True),
    Column("三级指标", width=24, required=True),
    Column("指标权重", "decimal", width=9),
    Column("计量单位", width=9),
    Column("指标性质", choices="指标性质", width=9, required=True),
    Column("指标值", width=12, required=True),
    Column("是否核心指标", choices="是否", width=10),
)
PROJECT_INDICATORS = Sheet(
    "项目指标",
    "项目支出绩效指标；“项目名称”须与「项目」表一致。",
    columns=(Column("项目名称", choices="项目", width=30, required=True), *_INDICATOR),
)
DEPARTMENT_INDICATORS = Sheet("整体指标", "部门（单位）整体绩效指标。", columns=_INDICATOR)
CHANGES = Sheet(
    "增减说明",
    "上年数与增减原因，用于起草情况说明（比上年增加/减少……，主要原因是……）。金额单位：万元。",
    columns=(
        Column("项目", choices="增减项目", width=22, required=True),
        Column("上年数", "amount"),
        Column("增减原因", width=60),
    ),
)
SHEETS = (
    UNIT,
    SPENDING,
    ECONOMIC,
    THREE_PUBLIC,
    PROCUREMENT,
    ASSETS,
    PROJECTS,
    PROJECT_INDICATORS,
    DEPARTMENT_INDICATORS,
    CHANGES,
)
LISTS_SHEET = "目录"
FIRST_ROW = 3  # data rows of table sheets start here (row 1: hint, row 2: header)
DATA_ROWS = 300  # rows prepared (validated, unlocked) on each table sheet
