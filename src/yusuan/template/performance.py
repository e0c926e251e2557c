"""The 绩效目标 of a filled 预算填报 workbook: projects with their indicators, and the indicators
of the department as a whole."""

from __future__ import annotations

from decimal import Decimal

from yusuan.model import Source
from yusuan.model.projects import Indicator, Project
from yusuan.template.read import Row as InputRow
from yusuan.template.read import TemplateData

ZERO = Decimal(0)


class Performance:
    """Projects and indicators; what cannot be built is added to ``problems``."""

    def __init__(self, data: TemplateData, problems: list[str]) -> None:
        self.data = data
        self.problems = problems
        self.file = data.path

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}：{message}")

    def indicator(self, r: InputRow, table: str) -> Indicator:
        weight = r.values.get("指标权重")
        core = r.text("是否核心指标")
        return Indicator(
            level1=r.text("一级指标"),
            level2=r.text("二级指标"),
            name=r.text("三级指标"),
            operator=r.text("指标性质"),
            value=r.text("指标值"),
            unit=r.text("计量单位") or None,
            weight=weight if isinstance(weight, Decimal) else None,
            source=Source(file=self.file, table=table, row=r.text("三级指标"), cell=r.where),
            core=None if not core else core == "是",
        )

    def projects(self) -> tuple[Project, ...]:
        rows = self.data.tables["项目"]
        by_name: dict[str, list[Indicator]] = {}
        for r in rows:
            if r.text("项目名称") in by_name:
                self.fail(
                    r.cells["项目名称"],
                    f"项目名称「{r.text('项目名称')}」重复（指标按项目名称对应，名称须唯一）",
                )
            by_name[r.text("项目名称")] = []
        for r in self.data.tables["项目指标"]:
            name = r.text("项目名称")
            if name not in by_name:
                self.fail(r.cells["项目名称"], f"项目「{name}」不在「项目」表中")
                continue
            by_name[name].append(self.indicator(r, f"项目「{name}」"))
        out = []
        for r in rows:
            name = r.text("项目名称")
            own, superior = r.values.get("本级安排"), r.values.get("上级补助")
            parts = [x for x in (own, superior) if isinstance(x, Decimal)]
            weight = r.values.get("预算执行率权重")
            src = Source(file=self.file, table=f"项目「{name}」", cell=r.where)
            out.append(
                Project(
                    code=r.text("项目编码") or None,
                    name=name,
                    budget=sum(parts, ZERO) if parts else None,
                    source=src,
                    budget_text=f"{sum(parts, ZERO):,.2f}" if parts else "",
                    sources=(
                        ("本级安排", own if isinstance(own, Decimal) else None),
                        ("上级补助", superior if isinstance(superior, Decimal) else None),
                    ),
                    category=r.text("项目分类") or None,
                    execution_weight=weight if isinstance(weight, Decimal) else None,
                    supervisor=r.text("业务主管部门") or None,
                    overview=r.text("项目概述"),
                    basis=r.text("立项依据") or None,
                    goal=r.text("当年绩效目标"),
                    indicators=tuple(by_name[name]),
                )
            )
        return tuple(out)
