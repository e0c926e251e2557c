"""Draft the 情况说明 from the numbers.

Every amount comes from the package's tables; year-over-year phrases (比2025年增加/减少/持平)
are computed against last year's amounts, which come from last year's package (``--previous``)
or, when re-drafting a published document, from the prior amounts its own sentences state. The
user supplies what numbers cannot: reasons (主要原因是…), what spending is for, the procurement
split and the vehicle counts. Any sentence may be overridden; the checker then verifies it
like any other narrative.

The sentence shapes are those of the Chongqing disclosures (seed 000); the glossary
(专业性名词解释) is given by the caller (a publishing layout's, or the budget language's).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from yusuan.model import BudgetPackage, Figure, Paragraph, Source, TableKind
from yusuan.model.tables import strip_marker
from yusuan.said import quantities as q

#: Subjects with a year-over-year comparison, in the words the narrative uses.
INCOME = "收入"
EXPENDITURE = "支出"
GPB = "一般公共预算财政拨款"
BASIC = "基本支出"
PROJECT = "项目支出"
THREE_PUBLIC = "“三公”经费"
OUTBOUND = "因公出国（境）费用"
RECEPTION = "公务接待费"
VEHICLE_OPERATION = "公务用车运行维护费"
VEHICLE_PURCHASE = "公务用车购置费"
ADMIN_COST = "机关运行经费"
SUBJECTS = (
    INCOME,
    EXPENDITURE,
    GPB,
    BASIC,
    PROJECT,
    THREE_PUBLIC,
    OUTBOUND,
    RECEPTION,
    VEHICLE_OPERATION,
    VEHICLE_PURCHASE,
    ADMIN_COST,
)
#: Income lines of the 收支总表 as the 收入预算 sentence names them.
INCOME_LINES = (
    ("一般公共预算拨款", ("一般公共预算资金", "一般公共预算拨款", "一般公共预算拨款收入")),
    ("政府性基金预算拨款", ("政府性基金预算资金", "政府性基金预算拨款")),
    ("国有资本经营预算拨款", ("国有资本经营预算资金", "国有资本经营预算拨款")),
    ("财政专户管理资金", ("财政专户管理资金",)),
    ("事业收入", ("事业收入资金", "事业收入")),
    ("事业单位经营收入", ("事业单位经营收入资金", "事业单位经营收入")),
    ("其他收入", ("其他收入资金", "其他收入")),
)


@dataclass(frozen=True)
class DraftInputs:
    """What the numbers cannot say: last year's amounts, reasons, and a few facts."""

    previous: dict[str, Decimal] = field(default_factory=dict)  # subject → last year, 万元
    reasons: dict[str, str] = field(default_factory=dict)  # subject → 主要原因是…
    procurement: dict[str, Decimal] = field(
        default_factory=dict
    )  # 货物/工程/服务 (+ 一般公共预算…)
    vehicles: dict[str, int] = field(
        default_factory=dict
    )  # 车辆, 一般公务用车, 执勤执法用车, 购置…
    overrides: dict[str, str] = field(default_factory=dict)  # section heading → its text


def wan(value: Decimal) -> str:
    """An amount as the narrative prints it: ``1,421.74``, ``84.9``, ``0``."""
    text = f"{value:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def amounts(pkg: BudgetPackage) -> dict[str, Decimal]:
    """The package's amounts of the compared subjects, in 万元 (for use as next year's previous)."""
    out: dict[str, Decimal] = {}

    def put(subject: str, found: q.Quantity | None) -> None:
        if found is not None:
            out[subject] = found.value

    put(INCOME, q.income_total(pkg))
    put(EXPENDITURE, q.expenditure_total(pkg))
    put(GPB, q.column_total(pkg, "total", (TableKind.GPB_EXPENDITURE,)))
    put(BASIC, q.column_total(pkg, "basic", (TableKind.GPB_EXPENDITURE,)))
    put(PROJECT, q.column_total(pkg, "project", (TableKind.GPB_EXPENDITURE,)))
    put(THREE_PUBLIC, q.three_public(pkg, "total"))
    put(OUTBOUND, q.three_public(pkg, "outbound"))
    put(RECEPTION, q.three_public(pkg, "reception"))
    put(VEHICLE_OPERATION, q.three_public(pkg, "vehicle_operation"))
    put(VEHICLE_PURCHASE, q.three_public(pkg, "vehicle_purchase"))
    put(ADMIN_COST, q.admin_cost(pkg))
    return out


_YEARS = re.compile(r"\d{4}\s*年度?")
_TEN_THOUSAND = Decimal(10000)


def _subject_of(fig: Figure) -> str | None:
    s = strip_marker(_YEARS.sub("", fig.label)).replace("“", "").replace("”", "")
    s = s.replace(" ", "").strip("：:，, 为").removesuffix("为")
    for subject, words in (
        (THREE_PUBLIC, ("三公经费",)),
        (OUTBOUND, ("因公出国",)),
        (RECEPTION, ("公务接待费",)),
        (VEHICLE_OPERATION, ("公务用车运行维护费", "公务用车运行费")),
        (VEHICLE_PURCHASE, ("公务用车购置费",)),
        (ADMIN_COST, ("运行经费", "机关运行经费")),
        (BASIC, ("基本支出",)),
        (PROJECT, ("项目支出",)),
    ):
        if any(s.startswith(w) or s.endswith(w) for w in words):
            return subject
    if "一般公共预算财政拨款支出" in s:
        return GPB
    if s in ("收入", "收入预算") or (fig.section.startswith("二") and "收入" in s and "年初" in s):
        return INCOME
    if s in ("支出", "支出预算") or (fig.section.startswith("二") and "支出" in s and "年初" in s):
        return EXPENDITURE
    return None


def inputs_from_narrative(pkg: BudgetPackage) -> DraftInputs:
    """Last year's amounts and the reasons, as a published document's own sentences state them
    (for re-drafting it from its numbers)."""
    previous: dict[str, Decimal] = {}
    reasons: dict[str, str] = {}
    now = amounts(pkg)
    for fig in pkg.figures:
        subject = _subject_of(fig)
        if subject is None or fig.factor != _TEN_THOUSAND:
            continue  # (amounts in 万元 only)
        signed = Decimal(0) if fig.flat else fig.change
        current = fig.amount if fig.amount is not None else now.get(subject)
        if current is not None and signed is not None and subject not in previous:
            previous[subject] = current - signed
        if fig.reason and subject not in reasons:
            reasons[subject] = fig.reason
    return DraftInputs(previous=previous, reasons=reasons, vehicles=_vehicle_counts(pkg))


_VEHICLE_KINDS = re.compile(r"一般公务用车(\d+)辆[、，]\s*执勤执法用车(\d+)辆")


def _vehicle_counts(pkg: BudgetPackage) -> dict[str, int]:
    """车辆 counts as the 国有资产占有使用情况 paragraph states them."""
    out = {name: n for name, n, _ in pkg.vehicles}
    for p in pkg.paragraphs:
        if "共有车辆" not in p.text:
            continue
        held, _, bought = p.text.partition("购置")
        if m := _VEHICLE_KINDS.search(held):
            out["一般公务用车"], out["执勤执法用车"] = int(m.group(1)), int(m.group(2))
        if m := _VEHICLE_KINDS.search(bought):
            out["购置一般公务用车"], out["购置执勤执法用车"] = int(m.group(1)), int(m.group(2))
    return out


class _Writer:
    def __init__(self, pkg: BudgetPackage, inputs: DraftInputs) -> None:
        self.pkg = pkg
        self.inputs = inputs
        self.year = pkg.info.year or 0
        self.now = amounts(pkg)

    def change(self, subject: str, value: Decimal | None = None, reason: bool = True) -> str:
        """``，比2025年减少5.94万元，主要原因是…`` or ``，与上年持平`` ('' without last year)."""
        current = self.now.get(subject, Decimal(0)) if value is None else value
        before = self.inputs.previous.get(subject)
        if before is None:
            return ""
        diff = current - before
        if diff == 0:
            text = "，与上年持平"
        else:
            word = "增加" if diff > 0 else "减少"
            text = f"，比{self.year - 1}年{word}{wan(abs(diff))}万元"
        why = self.inputs.reasons.get(subject)
        if reason and why and diff != 0:
            text += f"，主要原因是{why}"
        return text

    def delta(self, subject: str) -> Decimal | None:
        before = self.inputs.previous.get(subject)
        now = self.now.get(subject)
        return None if before is None or now is None else now - before

    def moves(self, subjects: Iterable[tuple[str, str]]) -> str:
        """``基本支出减少169.5万元，项目支出增加163.56万元`` for the subjects that changed."""
        parts = []
        for label, subject in subjects:
            d = self.delta(subject)
            if d:
                parts.append(f"{label}{'增加' if d > 0 else '减少'}{wan(abs(d))}万元")
        return "，".join(parts)


def _income(w: _Writer) -> str:
    total = w.now.get(INCOME, Decimal(0))
    lines = []
    for label, names in INCOME_LINES:
        found = q.income_source(w.pkg, names)
        lines.append(f"{label}{wan(found.value if found else Decimal(0))}万元")
    text = f"（一）收入预算：{w.year}年年初预算数{wan(total)}万元，其中：{'，'.join(lines)}。"
    if (d := w.delta(INCOME)) is not None:
        if d == 0:
            return text + "收入与上年持平。"
        text += f"收入比{w.year - 1}年{'增加' if d > 0 else '减少'}{wan(abs(d))}万元"
        why = w.inputs.reasons.get(INCOME) or w.moves([("一般公共预算经费拨款", GPB)])
        text += f"，主要是{why}。" if why else "。"
    return text


def _function_classes(pkg: BudgetPackage) -> list[tuple[str, Decimal]]:
    for kind in (TableKind.EXPENDITURE_SUMMARY, TableKind.GPB_EXPENDITURE):
        t = pkg.table(kind)
        if t is not None and t.coded():
            return [(r.name, q.to_wan(t, r.value("total"))) for r in t.coded() if r.level == 1]
    return []


def _expenditure(w: _Writer) -> str:
    total = w.now.get(EXPENDITURE, Decimal(0))
    classes = "，".join(f"{name}{wan(v)}万元" for name, v in _function_classes(w.pkg))
    text = f"（二）支出预算：{w.year}年年初预算数{wan(total)}万元"
    text += f"，其中：{classes}。" if classes else "。"
    if (d := w.delta(EXPENDITURE)) is not None:
        if d == 0:
            return text + "支出预算与上年持平。"
        text += f"支出预算比{w.year - 1}年{'增加' if d > 0 else '减少'}{wan(abs(d))}万元"
        why = w.inputs.reasons.get(EXPENDITURE) or w.moves(
            [("基本支出", BASIC), ("项目支出", PROJECT)]
        )
        text += f"，主要是{why}。" if why else "。"
    return text


def _fiscal(w: _Writer) -> list[str]:
    gpb = w.now.get(GPB, Decimal(0))
    income = q.income_source(w.pkg, ("一般公共预算资金", "一般公共预算拨款"))
    first = (
        f"{w.year}年一般公共预算财政拨款收入{wan(income.value if income else gpb)}万元，"
        f"一般公共预算财政拨款支出{wan(gpb)}万元{w.change(GPB, reason=False)}。"
    )
    first += (
        f"其中：基本支出{wan(w.now.get(BASIC, Decimal(0)))}万元{w.change(BASIC)}；"
        f"项目支出{wan(w.now.get(PROJECT, Decimal(0)))}万元{w.change(PROJECT)}。"
    )
    fund = w.pkg.table(TableKind.GOV_FUND_EXPENDITURE)
    fund_total = q.column_total(w.pkg, "total", (TableKind.GOV_FUND_EXPENDITURE,))
    if fund is None or fund.empty or fund_total is None or not fund_total.value:
        second = f"{w.year}年无使用政府性基金预算拨款安排的支出。"
    else:
        second = f"{w.year}年政府性基金预算拨款支出{wan(fund_total.value)}万元。"
    return [first, second]


def _three_public(w: _Writer) -> str:
    total = w.now.get(THREE_PUBLIC, Decimal(0))
    items = [
        f"{label}{wan(w.now.get(subject, Decimal(0)))}万元{w.change(subject)}"
        for label, subject in (
            ("因公出国（境）费用", OUTBOUND),
            ("公务接待费", RECEPTION),
            ("公务用车运行维护费", VEHICLE_OPERATION),
            ("公务用车购置费", VEHICLE_PURCHASE),
        )
    ]
    return (
        f"{w.year}年“三公”经费预算{wan(total)}万元{w.change(THREE_PUBLIC)}。"
        f"其中：{'；'.join(items)}。"
    )


def _admin_uses(pkg: BudgetPackage, count: int = 8) -> str:
    """The largest items of 302 商品和服务支出, largest first (ties by code)."""
    t = pkg.table(TableKind.GPB_BASIC_ECONOMIC)
    if t is None:
        return ""
    items = [
        (r.value("public") or r.value("total"), r.code or "", r.name)
        for r in t.coded()
        if r.code and r.code.startswith("302") and r.level == 2
    ]
    items = [i for i in items if i[0] > 0]
    items.sort(key=lambda i: (-i[0], i[1]))
    return "、".join(name for _, _, name in items[:count])


def _admin_cost(w: _Writer) -> str:
    value = w.now.get(ADMIN_COST, Decimal(0))
    text = f"（一）机关运行经费。{w.year}年一般公共预算财政拨款运行经费{wan(value)}万元{w.change(ADMIN_COST)}"
    uses = _admin_uses(w.pkg)
    if uses and "主要用于" not in w.inputs.reasons.get(ADMIN_COST, ""):
        text += f"，主要用于{uses}等"
    return text + "。"


def _procurement(w: _Writer) -> str:
    found = q.procurement_total(w.pkg)
    total = found.value if found else Decimal(0)
    split = w.inputs.procurement
    kinds = ("货物", "工程", "服务")
    if total == 0:
        parts = "、".join(f"政府采购{k}预算0万元" for k in kinds)
        return (
            f"（二）政府采购情况。所属各预算单位政府采购预算总额0万元：{parts}；"
            f"其中一般公共预算拨款政府采购0万元：{parts}。"
        )
    text = f"（二）政府采购情况。所属各预算单位政府采购预算总额{wan(total)}万元"
    if any(k in split for k in kinds):
        text += "：" + "、".join(
            f"政府采购{k}预算{wan(split.get(k, Decimal(0)))}万元" for k in kinds
        )
    return text + "。"


def _performance(w: _Writer) -> str:
    project = w.now.get(PROJECT, Decimal(0))
    return (
        f"（三）绩效目标设置情况。{w.year}年项目支出均实行了绩效目标管理，"
        f"涉及一般公共预算财政拨款{wan(project)}万元。"
    )


def _vehicles(w: _Writer) -> str:
    counts = {name: n for name, n, _ in w.pkg.vehicles} | w.inputs.vehicles
    if "车辆" not in counts:
        return ""
    text = f"（四）国有资产占有使用情况。截至{w.year - 1}年12月底，所属各预算单位共有车辆{counts['车辆']}辆"
    if "一般公务用车" in counts and "执勤执法用车" in counts:
        text += (
            f"，其中一般公务用车{counts['一般公务用车']}辆、执勤执法用车{counts['执勤执法用车']}辆"
        )
    text += "。"
    if "购置车辆" in counts:
        text += f"{w.year}年一般公共预算安排购置车辆{counts['购置车辆']}辆"
        if "购置一般公务用车" in counts and "购置执勤执法用车" in counts:
            text += (
                f"，其中一般公务用车{counts['购置一般公务用车']}辆、"
                f"执勤执法用车{counts['购置执勤执法用车']}辆"
            )
        text += "。"
    return text


def _kept(pkg: BudgetPackage, start: str, stop: str | None) -> list[str]:
    """The package's own paragraphs of a section (basic information, glossary): those after the
    heading starting with ``start`` and before the one starting with ``stop``."""
    out: list[str] = []
    inside = False
    for p in pkg.paragraphs:
        if p.text.startswith(start):
            inside = True
            continue
        if stop is not None and p.text.startswith(stop):
            inside = False
        if inside:
            out.append(p.text)
    return out


def draft(
    pkg: BudgetPackage, glossary: Sequence[str] = (), inputs: DraftInputs | None = None
) -> BudgetPackage:
    """The package with its 情况说明 drafted from its numbers (figures re-read, so the checker
    verifies the drafted text like any other); ``glossary`` is the 专业性名词解释 when the
    package has none of its own (a publishing layout's, or :func:`yusuan.lang.printed.glossary`)."""
    from yusuan.errors import DataFileError
    from yusuan.recognize.prose import figures

    if pkg.info.year is None:
        raise DataFileError(pkg.info.path, detail="文件中没有预算年度，无法起草情况说明。")
    if not pkg.tables:
        raise DataFileError(pkg.info.path, detail="文件中没有预算表格，无法由数字起草情况说明。")
    inputs = inputs or DraftInputs()
    w = _Writer(pkg, inputs)
    year = f"{pkg.info.year}年" if pkg.info.year else ""
    title = f"{pkg.info.unit_name or ''} {year}{pkg.info.scope}{pkg.info.stage}情况说明".strip()
    sections: list[tuple[str, list[str]]] = [
        ("一、单位基本情况", _kept(pkg, "一、", "二、")),
        ("二、部门收支总体情况", [_income(w), _expenditure(w)]),
        ("三、部门预算情况说明", _fiscal(w)),
        ("四、“三公”经费情况说明", [_three_public(w)]),
        (
            "五、其他重要事项的情况说明",
            [t for t in (_admin_cost(w), _procurement(w), _performance(w), _vehicles(w)) if t],
        ),
        ("六、专业性名词解释", _kept(pkg, "六、", None) or list(glossary)),
    ]
    texts: list[tuple[str, str]] = [(title, "")]
    for heading, body in sections:
        body = [inputs.overrides.get(heading, "")] if heading in inputs.overrides else body
        texts.append((heading, heading))
        texts.extend((t, heading) for t in body if t)
    if pkg.info.contact and not any(pkg.info.contact in t for t, _ in texts):
        texts.append((pkg.info.contact, "六、专业性名词解释"))
    src = Source(file=pkg.info.path)
    paras = [Paragraph(text, section, src) for text, section in texts]
    return replace(
        pkg,
        paragraphs=tuple(paras),
        figures=figures(paras, pkg.info.year, pkg.info.stage),
    )


def read_inputs(path: str, base: DraftInputs | None = None) -> DraftInputs:
    """Drafting inputs from a YAML file (``reasons``, ``previous``, ``procurement``, ``vehicles``,
    ``overrides``), over ``base``. Unknown subjects and non-numbers are errors naming the key."""
    from decimal import InvalidOperation

    from yusuan.errors import DataFileError
    from yusuan.yamlfile import read_mapping

    data = read_mapping(path, "说明起草", DataFileError)
    base = base or DraftInputs()
    known = {"reasons", "previous", "procurement", "vehicles", "overrides"}
    if unknown := sorted(set(data) - known):
        raise DataFileError(
            path, detail=f"未知的项：{'、'.join(unknown)}（可用：{'、'.join(sorted(known))}）"
        )

    def mapping(key: str) -> dict[str, object]:
        value = data.get(key) or {}
        if not isinstance(value, dict):
            raise DataFileError(path, where=key, detail=f"{key} 应为“名称: 值”的映射。")
        return {str(k): v for k, v in value.items()}

    def number(key: str, name: str, value: object) -> Decimal:
        try:
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise InvalidOperation
            result = Decimal(repr(value) if isinstance(value, float) else str(value))
            if not result.is_finite() or abs(result) > Decimal("1e12"):
                raise InvalidOperation
            return result
        except ArithmeticError:  # InvalidOperation, Overflow
            raise DataFileError(
                path, where=f"{key}.{name}", detail=f"应为数字，实为 {value!r}。"
            ) from None

    def count(name: str, value: object) -> int:
        n = number("vehicles", name, value)
        if n != n.to_integral_value() or n < 0:
            raise DataFileError(
                path, where=f"vehicles.{name}", detail=f"车辆数应为非负整数，实为 {value!r}。"
            )
        return int(n)

    for key in ("reasons", "previous"):
        if bad := sorted(set(mapping(key)) - set(SUBJECTS)):
            raise DataFileError(
                path,
                where=key,
                detail=f"未知的项目：{'、'.join(bad)}（可用：{'、'.join(SUBJECTS)}）",
            )
    previous = base.previous | {k: number("previous", k, v) for k, v in mapping("previous").items()}
    vehicle_names = (
        "车辆",
        "一般公务用车",
        "执勤执法用车",
        "购置车辆",
        "购置一般公务用车",
        "购置执勤执法用车",
    )
    if bad := sorted(set(mapping("vehicles")) - set(vehicle_names)):
        raise DataFileError(
            path,
            where="vehicles",
            detail=f"未知的项目：{'、'.join(bad)}（可用：{'、'.join(vehicle_names)}）",
        )
    vehicles = base.vehicles | {k: count(k, v) for k, v in mapping("vehicles").items()}
    if bad_texts := [k for k, v in mapping("overrides").items() if not isinstance(v, str)]:
        raise DataFileError(path, where=f"overrides.{bad_texts[0]}", detail="改写的段落应为文字。")
    return DraftInputs(
        previous=previous,
        reasons=base.reasons | {k: str(v) for k, v in mapping("reasons").items()},
        procurement=base.procurement
        | {k: number("procurement", k, v) for k, v in mapping("procurement").items()},
        vehicles=vehicles,
        overrides=base.overrides | {k: str(v) for k, v in mapping("overrides").items()},
    )
