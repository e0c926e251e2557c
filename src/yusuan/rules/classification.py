"""Classification codes and names against the catalog (standards §4)."""

from __future__ import annotations

from collections.abc import Iterator

from yusuan.model import TableKind
from yusuan.rules.context import Context
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import rule


def _norm(name: str) -> str:
    return "".join(name.split()).replace("(", "（").replace(")", "）")


@rule(
    "K001",
    "科目编码与名称",
    category="classification",
    severity="warning",
    source="[S:BLR] 功能分类到项、经济分类到款; names per the yearly 政府收支分类科目",
)
def check_codes(ctx: Context) -> Iterator[Finding]:
    """Each code's name matches the catalog; a code missing from the catalog is unknown (info),
    not invalid — load the official catalog with ``--catalog``."""
    reported: set[tuple[str, str]] = set()
    for t in ctx.package.tables:
        if not t.kind.classified:
            continue
        catalog = (
            ctx.catalogs.economic
            if t.kind is TableKind.GPB_BASIC_ECONOMIC
            else ctx.catalogs.functional
        )
        for r in t.coded():
            if r.code is None or (r.code, r.name) in reported:
                continue
            reported.add((r.code, r.name))
            expected = catalog.name(r.code)
            if expected is None:
                yield ctx.finding(
                    f"科目编码{r.code}「{r.name}」不在已加载的分类科目目录中，无法核对名称。",
                    r.source,
                    stated=r.code,
                    severity=Severity.INFO,
                )
            elif _norm(expected) != _norm(r.name):
                yield ctx.finding(
                    f"科目{r.code}的名称为「{r.name}」，分类科目目录为「{expected}」。",
                    r.source,
                    stated=r.name,
                    expected=expected,
                )


#: 功能分类 项 ↔ 经济分类 款 that carry the same contribution (standards §2.3 X-8).
FUNCTION_ECONOMIC = {
    "2080505": "30108",
    "2080506": "30109",
    "2101101": "30110",
    "2101102": "30110",
    "2101103": "30111",
    "2210201": "30113",
}


@rule(
    "K002",
    "功能分类与经济分类对应",
    category="classification",
    severity="warning",
    source="[D] standards §2.3 X-8",
)
def check_function_economic(ctx: Context) -> Iterator[Finding]:
    """Contributions in 基本支出 sit in matching codes: e.g. 2101103 公务员医疗补助 ↔ 30111 公务员医疗补助缴费."""
    func = ctx.table(TableKind.GPB_EXPENDITURE) or ctx.table(TableKind.EXPENDITURE_SUMMARY)
    eco = ctx.table(TableKind.GPB_BASIC_ECONOMIC)
    if func is None or eco is None:
        return
    for fcode, ecode in FUNCTION_ECONOMIC.items():
        frow = func.by_code(fcode)
        if frow is None or frow.value("basic") == 0:
            continue
        erow = eco.by_code(ecode)
        key = "total" if "total" in eco.columns else "amount"  # 决算: one 决算数 column
        evalue = erow.value(key) if erow is not None else None
        if evalue is None or evalue < frow.value("basic"):
            same = [
                r
                for r in eco.coded()
                if r.code and len(r.code) == 5 and r.value("total") == frow.value("basic")
            ]
            hint = f"；金额相同的是{same[0].code} {same[0].name}" if same else ""
            ename = ctx.catalogs.economic.name(ecode) or ecode
            yield ctx.finding(
                f"功能分类{fcode} {frow.name}（基本支出{frow.value('basic')}{func.unit.value}）应对应经济分类{ecode} {ename}，"
                f"但基本支出表中{ecode}为{f'{evalue}{eco.unit.value}' if evalue is not None else '空'}{hint}。",
                frow.source,
                stated=str(evalue) if evalue is not None else None,
                expected=frow.value("basic"),
                related=(same[0].source,) if same else (),
            )
