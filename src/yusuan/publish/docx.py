"""DOCX: the full document — 情况说明, then every table with its title, unit line and merged
headers, then the performance target tables; Chinese fonts with fallbacks, page numbers in the
footer and a table of contents that Word/WPS fill in on opening.

The table of contents sits in a content control (``w:sdt``), so that reading the file back
(:mod:`yusuan.readers.office`) sees only the document's own paragraphs and tables.
"""

from __future__ import annotations

import io
from copy import deepcopy
from decimal import Decimal
from typing import Any

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from yusuan.publish.document import Document, Grid

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
TABLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"


def _font(run_or_style: object, east_asia: str, size: float, bold: bool = False) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = LATIN_FONT
    font.size = Pt(size)
    font.bold = bold
    element = run_or_style.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), east_asia)


def _field(paragraph: DocxParagraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, TOC…) whose result Word/WPS computes."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = placeholder
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, text, separate, shown, end):
        run._r.append(el)


def _toc(document: docx.document.Document) -> None:
    """目录 in a content control, updated by Word/WPS when the file is opened."""
    body = document.element.body
    sdt = OxmlElement("w:sdt")
    pr = OxmlElement("w:sdtPr")
    part = OxmlElement("w:docPartObj")
    gallery = OxmlElement("w:docPartGallery")
    gallery.set(qn("w:val"), "Table of Contents")
    part.append(gallery)
    pr.append(part)
    content = OxmlElement("w:sdtContent")
    sdt.extend([pr, content])
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run("目  录"), HEADING_FONT, 16, bold=True)
    entries = document.add_paragraph()
    _field(entries, 'TOC \\o "1-2" \\h \\z \\u', "（打开文件时更新目录）")
    breaker = document.add_paragraph()
    breaker.add_run().add_break(WD_BREAK.PAGE)
    for p in (heading, entries, breaker):
        content.append(p._p)
    body.insert(0, sdt)
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _styles(document: docx.document.Document) -> None:
    """Paragraph styles carry the fonts, so runs stay bare (fast to write, easy to restyle)."""

    styles = document.styles
    _font(styles["Normal"], BODY_FONT, 14)
    specs = (
        ("YS 标题", TITLE_FONT, 20, False, WD_ALIGN_PARAGRAPH.CENTER, "Heading 1"),
        ("YS 一级标题", HEADING_FONT, 14, True, None, "Heading 2"),
        ("YS 二级标题", "楷体_GB2312", 14, False, None, "Heading 3"),
        ("YS 表名", HEADING_FONT, 16, True, WD_ALIGN_PARAGRAPH.CENTER, "Heading 2"),
        ("YS 表注", TABLE_FONT, 10, False, None, "Normal"),
        ("YS 单位", TABLE_FONT, 10, False, WD_ALIGN_PARAGRAPH.RIGHT, "Normal"),
        ("YS 表头", TABLE_FONT, 9, True, WD_ALIGN_PARAGRAPH.CENTER, "Normal"),
        ("YS 表文", TABLE_FONT, 9, False, None, "Normal"),
        ("YS 金额", TABLE_FONT, 9, False, WD_ALIGN_PARAGRAPH.RIGHT, "Normal"),
    )
    for name, face, size, bold, align, base in specs:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        _font(style, face, size, bold)
        if align is not None:
            style.paragraph_format.alignment = align
        if base.startswith("Heading"):
            style.font.color.rgb = RGBColor(0, 0, 0)
        if name in ("YS 一级标题", "YS 二级标题"):
            style.paragraph_format.first_line_indent = Pt(28)
        if name == "YS 表名":
            style.paragraph_format.page_break_before = True
        if name.startswith(("YS 表头", "YS 表文", "YS 金额")):
            style.paragraph_format.space_after = Pt(0)
            style.paragraph_format.space_before = Pt(0)
    body = styles["Normal"].paragraph_format
    body.first_line_indent = Pt(28)
    body.line_spacing = Pt(28)
    for name in ("YS 表头", "YS 表文", "YS 金额", "YS 表注", "YS 单位", "YS 标题", "YS 表名"):
        styles[name].paragraph_format.first_line_indent = Pt(0)
        styles[name].paragraph_format.line_spacing = 1.0


def render_docx(doc: Document) -> bytes:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = PORTRAIT
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = Cm(2.5)
    _styles(document)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE", "1")
    ids: StyleIds = {}
    for block in doc.blocks:
        if isinstance(block, Grid):
            _grid(document, block, _orient(document, block.wide), ids)
        else:
            style = {1: "YS 标题", 2: "YS 一级标题", 3: "YS 二级标题"}.get(block.level, "Normal")
            _paragraph(document, block.text, style, ids)
    _toc(document)
    document.core_properties.title = doc.title
    document.core_properties.author = "yusuan"
    document.core_properties.comments = "；".join(f"{k}={v}" for k, v in doc.metadata)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


#: a document's paragraph styles → their ids (None: the default style), looked up once
StyleIds = dict[str, str | None]


def _paragraph(
    document: docx.document.Document, text: str, style: str, ids: StyleIds
) -> DocxParagraph:
    """``document.add_paragraph(text, style=style)`` with the style's id looked up once a
    document (``ids``): python-docx looks a style up by name, then goes through every style of
    the document for the default one, for each paragraph (a tenth of a DOCX's rendering)."""
    if style not in ids:
        part = document.part
        ids[style] = part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)  # type: ignore[no-untyped-call]
    paragraph = document.add_paragraph(text)
    paragraph._p.style = ids[style]
    return paragraph


PORTRAIT = (Cm(21.0), Cm(29.7))
MARGIN = Cm(2.2)


def _orient(document: docx.document.Document, landscape: bool) -> bool:
    """Start a landscape (wide tables) or portrait section when the orientation changes;
    True when a new section (and so a new page) was started."""
    current = document.sections[-1]
    if (current.orientation == WD_ORIENT.LANDSCAPE) == landscape:
        return False
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    return True


def _grid(document: docx.document.Document, grid: Grid, new_page: bool, ids: StyleIds) -> None:
    title = _paragraph(document, grid.title, "YS 表名", ids)
    if new_page:  # the section break already starts a page
        title.paragraph_format.page_break_before = False
    for line in grid.preamble:
        _paragraph(document, line, "YS 表注", ids)
    if grid.unit_line and grid.issuer:  # 编制部门 at the left, 单位 at the right margin
        issued = _paragraph(document, f"{grid.issuer}\t{grid.unit_line}", "YS 表注", ids)
        page = document.sections[-1]
        right = (page.page_width or PORTRAIT[0]) - 2 * MARGIN
        issued.paragraph_format.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)
    elif grid.unit_line:
        _paragraph(document, grid.unit_line, "YS 单位", ids)
    width = max(grid.width, 1)
    table = document.add_table(rows=len(grid.rows), cols=width)
    if "table:Table Grid" not in ids:  # (``table.style = "Table Grid"``, looked up once)
        part = document.part
        ids["table:Table Grid"] = part.get_style_id("Table Grid", WD_STYLE_TYPE.TABLE)  # type: ignore[no-untyped-call]
    table._tbl.tblStyle_val = ids["table:Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    section = document.sections[-1]
    usable = (section.page_width or PORTRAIT[0]) - 2 * MARGIN
    chars = grid.column_chars()
    widths = [int(usable * n / sum(chars)) for n in chars]
    for col, w in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        col.w = w
    cell_ids = {n: document.styles[n].style_id for n in ("YS 表头", "YS 表文", "YS 金额")}
    # a cell's paragraph style as python-docx writes it (<w:pPr><w:pStyle w:val=…/></w:pPr>),
    # copied into the cell's empty paragraph: its setter searches the paragraph's children
    styled = {n: _paragraph_properties(i) for n, i in cell_ids.items()}
    anchors = grid.anchors()
    covered = grid.covered()
    for r, (tr, values) in enumerate(zip(table._tbl.tr_lst, grid.rows, strict=True)):
        head = r < grid.header_rows
        if head:
            _repeat_header(tr)
        tcs = list(tr.tc_lst)
        for c, value in enumerate(values):
            tc = tcs[c]
            merge = anchors.get((r, c)) or covered.get((r, c))
            if merge is not None and c > merge.left:
                tr.remove(tc)  # part of a horizontal span: the anchor column's tc covers it
                continue
            span = 1 if merge is None else merge.right - merge.left + 1
            tc.width = sum(widths[c : c + span])
            p = tc.p_lst[0]
            style = "YS 表头" if head else "YS 金额" if isinstance(value, Decimal) else "YS 表文"
            _cell_style(p, cell_ids[style], styled[style])
            if merge is not None:
                if span > 1:
                    tc.grid_span = span
                if merge.bottom > merge.top:
                    tc.vMerge = "restart" if r == merge.top else "continue"
                if r > merge.top:
                    continue
            if value is not None and value != "":  # a 0.00 amount is printed
                p.add_r().text = grid.text(value)
    if grid.note:
        _paragraph(document, grid.note, "YS 表注", ids)


def _cell_style(p: Any, style_id: str, properties: object) -> None:
    """``p.style = style_id`` (by id: python-docx's lookup by name is slow per cell), for a
    new cell's empty paragraph by a copy of ``properties`` (:func:`_paragraph_properties`)."""
    if len(p):
        p.style = style_id
    else:
        p.append(deepcopy(properties))


def _paragraph_properties(style_id: str) -> object:
    """A paragraph's properties naming only its style."""
    properties = OxmlElement("w:pPr")
    style = OxmlElement("w:pStyle")
    style.set(qn("w:val"), style_id)
    properties.append(style)
    return properties


def _repeat_header(tr: object) -> None:
    trpr = tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)
