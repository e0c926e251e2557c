"""审核意见: a package's findings with each one's decision, reason, reviewer, step, time and the
filer's replies, exported as XLSX or DOCX — Chinese headings, amounts in 万元 with 千分位.

Amounts of a finding in 元 are converted to 万元 exactly (÷ 10,000) and shown rounded half-up
to two decimals; amounts whose unit is unknown (not money, or a rule that does not say) are
written as the rule gave them."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from yusuan.money import Unit, convert
from yusuan.publish.xlsx import put
from yusuan.web.chain import STEP_LABELS
from yusuan.web.db import Package, Reply
from yusuan.web.review import DECISION_LABELS, Review, Reviewed
from yusuan.web.templating import money, when
from yusuan.web.workflow import label

HEADINGS = (
    "序号",
    "级别",
    "规则",
    "位置",
    "问题",
    "所列（万元）",
    "应为（万元）",
    "差额（万元）",
    "处理",
    "理由",
    "审核人",
    "审核环节",
    "处理时间",
    "填报单位回复",
)
WIDTHS = (6, 6, 8, 28, 48, 14, 14, 14, 10, 28, 12, 10, 17, 40)


def wan(value: Decimal | str | None, unit: Unit | None, sign: bool = False) -> str:
    """An amount in 万元 with 千分位 (no unit: the column heading says it); text as it is."""
    if value is None:
        return ""
    if not isinstance(value, Decimal):
        return str(value)
    if unit is None:
        return str(value)  # not known to be money: as the rule gave it
    return money(convert(value, unit, Unit.WAN), sign=sign)


@dataclass(frozen=True, slots=True)
class Opinions:
    title: str
    unit: str
    status: str
    rows: tuple[tuple[str, ...], ...]


def opinions(
    package: Package,
    unit_name: str,
    checked: Review,
    replies: Sequence[Reply],
    usernames: dict[int, str],
) -> Opinions:
    thread: dict[str, list[Reply]] = {}
    for m in replies:
        thread.setdefault(m.finding_key, []).append(m)
    rows = []
    for n, r in enumerate(checked.findings, 1):
        rows.append(_row(n, r, thread.get(r.key, []), usernames))
    return Opinions(package.title, unit_name, label(package.status), tuple(rows))


def _row(n: int, r: Reviewed, thread: list[Reply], usernames: dict[int, str]) -> tuple[str, ...]:
    f, d = r.finding, r.decision
    said = "\n".join(f"{usernames.get(m.user_id, '')}（{when(m.at)}）：{m.text}" for m in thread)
    return (
        str(n),
        f.severity.label,
        f.rule,
        f.location.describe(),
        f.message,
        wan(f.stated, r.unit),
        wan(f.expected, r.unit),
        wan(f.difference, r.unit, sign=True),
        DECISION_LABELS.get(d.decision, d.decision) if d else "未处理",
        (d.reason or "") if d else "",
        usernames.get(d.user_id, "") if d else "",
        STEP_LABELS.get(d.stage or "", d.stage or "") if d else "",
        when(d.at) if d else "",
        said,
    )


def _heading(o: Opinions, now: datetime) -> tuple[str, str]:
    named = o.title if o.title.startswith(o.unit) else f"{o.unit} {o.title}"
    return (
        f"{named} 审核意见",
        f"状态：{o.status}　共 {len(o.rows)} 条审核发现　导出时间：{when(now)}　金额单位：万元",
    )


def to_xlsx(o: Opinions, now: datetime) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "审核意见"
    title, sub = _heading(o, now)
    sheet.append([title])
    sheet.append([sub])
    sheet.append(list(HEADINGS))
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for r, row in enumerate(o.rows, 4):
        for c, text in enumerate(row, 1):
            put(sheet, r, c, text)  # text cells, never formulas: amounts as finance staff read them
    for i, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    for line in sheet.iter_rows(min_row=4):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.column in (6, 7, 8):
                cell.alignment = Alignment(horizontal="right", vertical="top")
    sheet.freeze_panes = "A4"
    # printed: landscape, one page wide, the headings on every page
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
    sheet.print_title_rows = "3:3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_docx(o: Opinions, now: datetime) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    from yusuan.publish.docx import TABLE_FONT, _font

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    _font(document.styles["Normal"], TABLE_FONT, 9)
    title, sub = _heading(o, now)
    document.add_heading(title, level=1)
    document.add_paragraph(sub)
    table = document.add_table(rows=1, cols=len(HEADINGS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADINGS, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in o.rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.text = text
            if i in (5, 6, 7):
                cell.paragraphs[0].alignment = 2  # right
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
