"""The budget tables of a filled 预算填报 workbook: every subtotal and total computed from the
leaf rows (项 of 功能分类, 款 of 经济分类), so the tables agree by construction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

from yusuan.catalog import Catalog, Catalogs
from yusuan.model import Source, TableKind
from yusuan.model.tables import Cell, Row, Table
from yusuan.money import Unit
from yusuan.template.read import Row as InputRow
from yusuan.template.read import TemplateData
from yusuan.template.spec import FUND_KEYS, FUNDS
from yusuan.template.units import ADJUSTED

#: the tables built from each sheet (for the rounding note)
_FROM_SHEET = {
    "支出明细": {
        TableKind.INCOME_EXPENDITURE_SUMMARY,
        TableKind.INCOME_SUMMARY,
        TableKind.EXPENDITURE_SUMMARY,
        TableKind.FISCAL_SUMMARY,
        TableKind.GPB_EXPENDITURE,
        TableKind.GOV_FUND_EXPENDITURE,
        TableKind.SOE_EXPENDITURE,
    },
    "基本支出经济分类": {TableKind.GPB_BASIC_ECONOMIC},
    "三公经费": {TableKind.THREE_PUBLIC},
    "政府采购": {TableKind.PROCUREMENT},
}


def _with_fiscal(rows: tuple[Row, ...]) -> tuple[Row, ...]:
    """部门收入总表 rows with 财政拨款收入 (一般公共预算 + 政府性基金 + 国有资本经营) as well, for the
    layouts that print it as one column."""
    from dataclasses import replace

    out = []
    for r in rows:
        fiscal = sum((r.value(k) for k in ("gpb", "gov_fund", "soe")), Decimal(0))
        cell = _cell(fiscal, r.source.at(column="fiscal"))
        cells = r.cells[:1] + ((("fiscal", cell),) if cell is not None else ()) + r.cells[1:]
        out.append(replace(r, cells=cells))
    return tuple(out)


def noted(table: Table, adjusted: set[str]) -> Table:
    """A table whose parts were adjusted by largest remainder carries the 尾差 note."""
    from dataclasses import replace

    if not table.empty and any(table.kind in _FROM_SHEET[s] for s in adjusted):
        return replace(table, note=f"{table.note}{ADJUSTED}" if table.note else ADJUSTED)
    return table


ZERO = Decimal(0)
#: 部门收支总表 income lines, in the seed's words
INCOME_LINES = {
    "一般公共预算": "一般公共预算资金",
    "政府性基金预算": "政府性基金预算资金",
    "国有资本经营预算": "国有资本经营预算资金",
    "财政专户管理资金": "财政专户管理资金",
    "事业收入": "事业收入资金",
    "上级补助收入": "上级补助收入资金",
    "附属单位上缴收入": "附属单位上缴收入资金",
    "事业单位经营收入": "事业单位经营收入资金",
    "其他收入": "其他收入资金",
}
FISCAL = ("一般公共预算", "政府性基金预算", "国有资本经营预算")


def _cell(value: Decimal | None, src: Source) -> Cell | None:
    if value is None or value == 0:
        return None
    return Cell(value, f"{value:,.2f}", src)


def _row(
    name: str, code: str | None, side: str | None, values: Mapping[str, Decimal | None], src: Source
) -> Row:
    cells = tuple(
        (k, c) for k, v in values.items() if (c := _cell(v, src.at(column=k))) is not None
    )
    return Row(name, code, side, cells, src.at(row=name))


class Tables:
    """The tables of a filled workbook; what cannot be built is added to ``problems`` (the
    sheet and cell, and what to do), reported all at once by the caller."""

    def __init__(self, data: TemplateData, catalogs: Catalogs, problems: list[str]) -> None:
        self.data = data
        self.catalogs = catalogs
        self.problems = problems
        self.file = data.path

    def src(self, table: str, cell: str | None = None) -> Source:
        return Source(file=self.file, table=table, cell=cell)

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}：{message}")

    # --- 功能分类 ---------------------------------------------------------------
    def spending(self) -> tuple[list[tuple[str, str, Decimal, Decimal, InputRow]], dict[str, str]]:
        names: dict[str, str] = {}
        lines: list[tuple[str, str, Decimal, Decimal, InputRow]] = []
        seen: dict[tuple[str, str], str] = {}
        for r in self.data.tables["支出明细"]:
            code = r.text("科目编码")
            if r.text("科目名称"):
                names.setdefault(code, r.text("科目名称"))
            if len(code) != 7:
                if r.values.get("基本支出") or r.values.get("项目支出"):
                    self.fail(
                        r.cells["基本支出"], f"金额只填在“项”（7位编码）上，{code} 的合计由系统计算"
                    )
                continue
            fund = r.text("资金来源") or "一般公共预算"
            if (code, fund) in seen:
                self.fail(r.where, f"科目 {code}（{fund}）与 {seen[(code, fund)]} 重复")
                continue
            seen[(code, fund)] = r.where
            lines.append((code, fund, r.amount("基本支出"), r.amount("项目支出"), r))
        for code, _, _, _, r in lines:
            self.name_parents(code, (3, 5, 7), names, self.catalogs.functional, r, "支出明细")
        if not lines and not self.problems:
            self.fail(
                "支出明细!A3",
                "没有填写任何支出：请按功能分类填到“项”（7位编码）并填写基本支出或项目支出",
            )
        return lines, names

    def name_parents(
        self,
        code: str,
        lengths: tuple[int, ...],
        names: dict[str, str],
        catalog: Catalog,
        r: InputRow,
        sheet: str,
    ) -> None:
        """Names of a code and its parents: from the sheet, else the catalog, else a problem
        at the row's code cell."""
        for part in (code[:n] for n in lengths):
            if part in names:
                continue
            if known := catalog.name(part):
                names[part] = known
            else:
                self.fail(
                    r.cells["科目编码"],
                    f"科目 {part} 的名称未知（目录中没有）：请在「{sheet}」中加一行 {part} 并填写科目名称",
                )

    def classified(
        self,
        lines: Iterable[tuple[str, str, Decimal, Decimal, InputRow]],
        names: dict[str, str],
        table: str,
        columns: dict[str, str] | None = None,
    ) -> tuple[Row, ...]:
        """合计 first, then 类, 款, 项 rows in code order; amounts summed from the 项 lines.
        ``columns`` maps a fund to a column key (部门收入总表); else basic/project columns."""
        sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        cells: dict[str, str] = {}
        for code, fund, basic, project, r in lines:
            for part in (code[:3], code[:5], code, ""):
                target = sums[part]
                target["total"] += basic + project
                if columns is None:
                    target["basic"] += basic
                    target["project"] += project
                else:
                    target[columns[fund]] += basic + project
            cells.setdefault(code, r.where)
        keys = (
            ["total", "basic", "project"]
            if columns is None
            else ["total", *dict.fromkeys(columns.values())]
        )
        src = self.src(table)
        rows = [_row("合计", None, None, {k: sums[""].get(k) for k in keys}, src)] if sums else []
        for code in sorted(c for c in sums if c):
            where = src if code not in cells else self.src(table, cells[code])
            rows.append(
                _row(names.get(code, code), code, None, {k: sums[code].get(k) for k in keys}, where)
            )
        return tuple(rows)

    # --- tables ------------------------------------------------------------------
    def tables(self, year: int | None) -> tuple[Table, ...]:
        lines, names = self.spending()
        wan = Unit.WAN

        def table(
            kind: TableKind,
            rows: tuple[Row, ...],
            columns: tuple[str, ...],
            note: str | None = None,
        ) -> Table:
            return Table(kind, kind.label, wan, columns, rows, self.src(kind.label), note)

        def by_fund(fund: str) -> list[tuple[str, str, Decimal, Decimal, InputRow]]:
            return [line for line in lines if line[1] == fund]

        def empty(kind: TableKind, what: str) -> Table:
            row = Row("合计", None, None, (), self.src(kind.label).at(row="合计"))
            return table(
                kind, (row,), ("total", "basic", "project"), f"备注：本部门无{what}，故此表无数据。"
            )

        out: list[Table] = []
        fund_totals = {f: sum((b + p for _, g, b, p, _ in lines if g == f), ZERO) for f in FUNDS}
        total = sum(fund_totals.values(), ZERO)
        classes = [
            (c, names[c], sum((b + p for code, _, b, p, _ in lines if code[:3] == c), ZERO))
            for c in sorted({code[:3] for code, *_ in lines})
        ]
        src = self.src("部门收支总表")
        income = [_row("合计", None, "income", {"amount": total}, src)]
        income += [
            _row(INCOME_LINES[f], None, "income", {"amount": fund_totals[f]}, src) for f in FUNDS
        ]
        spend = [_row("合计", None, "expenditure", {"amount": total}, src)]
        spend += [_row(name, None, "expenditure", {"amount": v}, src) for _, name, v in classes]
        out.append(table(TableKind.INCOME_EXPENDITURE_SUMMARY, tuple(income + spend), ("amount",)))
        out.append(
            table(
                TableKind.INCOME_SUMMARY,
                _with_fiscal(self.classified(lines, names, "部门收入总表", FUND_KEYS)),
                ("total", "fiscal", *FUND_KEYS.values()),
            )
        )
        out.append(
            table(
                TableKind.EXPENDITURE_SUMMARY,
                self.classified(lines, names, "部门支出总表"),
                ("total", "basic", "project"),
            )
        )
        out.append(self.fiscal(lines, fund_totals, names))
        gpb = self.classified(by_fund("一般公共预算"), names, "一般公共预算财政拨款支出预算表")
        out.append(table(TableKind.GPB_EXPENDITURE, gpb, ("total", "basic", "project")))
        out.append(self.economic())
        out.append(self.three_public(year))
        for kind, fund, what in (
            (TableKind.GOV_FUND_EXPENDITURE, "政府性基金预算", "政府性基金收支"),
            (TableKind.SOE_EXPENDITURE, "国有资本经营预算", "国有资本经营预算收支"),
        ):
            rows = self.classified(by_fund(fund), names, kind.label)
            out.append(
                table(kind, rows, ("total", "basic", "project")) if rows else empty(kind, what)
            )
        out.append(self.procurement())
        return tuple(out)

    def fiscal(
        self,
        lines: list[tuple[str, str, Decimal, Decimal, InputRow]],
        funds: dict[str, Decimal],
        names: dict[str, str],
    ) -> Table:
        kind = TableKind.FISCAL_SUMMARY
        src = self.src(kind.label)
        fiscal_total = sum((funds[f] for f in FISCAL), ZERO)
        keys = {"一般公共预算": "gpb", "政府性基金预算": "gov_fund", "国有资本经营预算": "soe"}
        income = [_row("一、本年收入", None, "income", {"amount": fiscal_total}, src)]
        income += [_row(INCOME_LINES[f], None, "income", {"amount": funds[f]}, src) for f in FISCAL]
        income += [
            _row(n, None, "income", {}, src)
            for n in ("二、上年结转", "一般公共预算拨款", "政府性基金预算拨款", "国有资本经营收入")
        ]
        income.append(_row("收入合计", None, "income", {"amount": fiscal_total}, src))
        per_class: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        for code, fund, basic, project, _ in lines:
            if fund in keys:
                per_class[code[:3]]["total"] += basic + project
                per_class[code[:3]][keys[fund]] += basic + project
        total = {"total": fiscal_total, **{keys[f]: funds[f] for f in FISCAL}}
        spend = [_row("一、本年支出", None, "expenditure", total, src)]
        spend += [
            _row(names.get(c, c), None, "expenditure", dict(v), src)
            for c, v in sorted(per_class.items())
        ]
        spend.append(_row("二、结转下年", None, "expenditure", {}, src))
        spend.append(_row("支出合计", None, "expenditure", total, src))
        return Table(
            kind,
            kind.label,
            Unit.WAN,
            ("amount", "total", "gpb", "gov_fund", "soe"),
            tuple(income + spend),
            src,
        )

    def economic(self) -> Table:
        kind = TableKind.GPB_BASIC_ECONOMIC
        names: dict[str, str] = {}
        sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        where: dict[str, str] = {}
        for r in self.data.tables["基本支出经济分类"]:
            code = r.text("科目编码")
            if r.text("科目名称"):
                names.setdefault(code, r.text("科目名称"))
            if len(code) != 5:
                if r.values.get("人员经费") or r.values.get("公用经费"):
                    self.fail(r.where, f"金额只填在“款”（5位编码）上，{code} 的合计由系统计算")
                continue
            if code in where:
                self.fail(r.where, f"科目 {code} 与 {where[code]} 重复")
                continue
            where[code] = r.where
            for part in (code[:3], code, ""):
                sums[part]["personnel"] += r.amount("人员经费")
                sums[part]["public"] += r.amount("公用经费")
                sums[part]["total"] += r.amount("人员经费") + r.amount("公用经费")
            self.name_parents(code, (3, 5), names, self.catalogs.economic, r, "基本支出经济分类")
        src = self.src(kind.label)
        keys = ("total", "personnel", "public")
        rows = [_row("合计", None, None, {k: sums[""].get(k) for k in keys}, src)] if sums else []
        for code in sorted(c for c in sums if c):
            at = self.src(kind.label, where[code]) if code in where else src
            rows.append(
                _row(names.get(code, code), code, None, {k: sums[code].get(k) for k in keys}, at)
            )
        return Table(kind, kind.label, Unit.WAN, keys, tuple(rows), src)

    def three_public(self, year: int | None) -> Table:
        kind = TableKind.THREE_PUBLIC
        form = self.data.forms["三公经费"]

        def v(label: str) -> Decimal:
            x = form.get(label)
            return x if isinstance(x, Decimal) else ZERO

        outbound, purchase = v("因公出国（境）费"), v("公务用车购置费")
        operation, reception = v("公务用车运行维护费"), v("公务接待费")
        values = {
            "total": outbound + purchase + operation + reception,
            "outbound": outbound,
            "vehicle": purchase + operation,
            "vehicle_purchase": purchase,
            "vehicle_operation": operation,
            "reception": reception,
        }
        src = self.src(kind.label)
        name = f"{year}年预算数" if year else "预算数"
        return Table(
            kind,
            kind.label,
            Unit.WAN,
            tuple(values),
            (_row(name, None, None, dict(values), src),),
            src,
        )

    def procurement(self) -> Table:
        kind = TableKind.PROCUREMENT
        src = self.src(kind.label)
        items = self.data.tables["政府采购"]
        total = sum((r.amount("金额") for r in items), ZERO)
        rows = [_row("合计", None, None, {"total": total, "gpb": total}, src)]
        for r in items:
            at = self.src(kind.label, r.where)
            rows.append(
                _row(
                    r.text("项目名称"),
                    r.text("项目编号") or None,
                    None,
                    {"total": r.amount("金额"), "gpb": r.amount("金额")},
                    at,
                )
            )
        note = None if items else "备注：本部门无政府采购预算，故此表无数据。"
        return Table(kind, kind.label, Unit.WAN, ("total", "gpb"), tuple(rows), src, note)
