"""HTML: one self-contained, accessible, printable page (no external assets).

Tables use ``<th scope>`` headers, ``colspan``/``rowspan`` merges and ``aria-labelledby``
titles; the table of contents is a ``<nav>``. The same page, with ``for_print=True``, is what
the PDF writer typesets (A4, page numbers, wide tables on landscape pages).
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from yusuan.publish.compose import INDICATOR_HEADER
from yusuan.publish.document import Document, Grid, Paragraph, display_width

FONTS = (
    '"Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", "宋体", '
    '"Noto Sans CJK SC", "Microsoft YaHei", serif'
)

CSS = """
:root { color: #111; background: #fff; }
body { font-family: %(fonts)s; margin: 0 auto; max-width: 60rem; padding: 1.5rem;
       line-height: 1.8; font-size: 16px; }
h1 { text-align: center; font-size: 1.6rem; line-height: 1.4; margin: 1rem 0 1.5rem; }
h2 { font-size: 1.15rem; margin: 1.4rem 0 .4rem; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
p { margin: .3rem 0; text-indent: 2em; }
nav.toc { border: 1px solid #ccc; padding: .5rem 1rem; margin: 1rem 0 2rem; font-size: .9rem; }
nav.toc ol { margin: 0; padding-left: 1.5rem; columns: 2; }
nav.toc a { color: #0b4f9c; }
section.table { margin: 2rem 0; break-before: page; }
section.table h2 { text-align: center; font-size: 1.2rem; }
p.unit { text-align: right; text-indent: 0; font-size: .85rem; margin: 0 0 .2rem; }
p.preamble, p.note { text-indent: 0; font-size: .85rem; }
p.issuer { display: flex; justify-content: space-between; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%%; font-size: .8rem; line-height: 1.4;
        table-layout: fixed; }
th, td { border: 1px solid #333; padding: .2em .45em; vertical-align: top; }
table.sheet td.label, table.sheet td.head { white-space: nowrap; }
th { background: #f2f2f2; font-weight: bold; text-align: center; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.text { min-width: 12em; }
@media print {
  body { max-width: none; padding: 0; font-size: 12pt; }
  nav.toc, .no-print { display: none; }
  .scroll { overflow: visible; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
@page { size: A4; margin: 2cm 1.8cm;
        @bottom-center { content: "— " counter(page) " —"; font-size: 9pt; } }
@page wide { size: A4 landscape; margin: 1.6cm 1.5cm; }
section.wide { page: wide; }
"""


def render_html(doc: Document, *, for_print: bool = False) -> str:
    css = CSS % {"fonts": FONTS}
    parts = [
        "<!doctype html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="yusuan">',
        f"<title>{escape(doc.title)}</title>",
        *(f'<meta name="yusuan:{escape(k)}" content="{escape(v)}">' for k, v in doc.metadata),
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        "<main>",
    ]
    grids = doc.grids
    if grids and not for_print:
        parts.append('<nav class="toc" aria-label="目录"><ol>')
        parts.extend(
            f'<li><a href="#t{i}">{escape(g.title)}{_toc_suffix(g)}</a></li>'
            for i, g in enumerate(grids)
        )
        parts.append("</ol></nav>")
    index = 0
    for block in doc.blocks:
        if isinstance(block, Grid):
            parts.append(_grid(block, index))
            index += 1
        else:
            parts.append(_paragraph(block))
    parts.extend(["</main>", "</body>", "</html>"])
    return "\n".join(parts) + "\n"


def _toc_suffix(grid: Grid) -> str:
    """Project sheets share a title: the TOC names the project."""
    first = grid.rows[0] if grid.rows else ()
    if len(first) > 1 and first[0] == "项目名称" and isinstance(first[1], str):
        return f"（{escape(first[1])}）"
    return ""


def _paragraph(block: Paragraph) -> str:
    tag = {1: "h1", 2: "h2", 3: "h3"}.get(block.level, "p")
    return f"<{tag}>{escape(block.text)}</{tag}>"


#: the tables' font size (rem), and how many half-width characters of it a line of a table
#: holds on an A4 page, portrait and landscape (margins as in @page, padding counted)
TABLE_FONT = 0.8
PAGE_CHARS = {False: 96, True: 146}
SMALLEST_FONT = 0.5


def _needs(grid: Grid) -> list[int]:
    """How wide each column must be, in half-width characters: its widest body cell (an
    amount, a code, a name — on one line) or half its heading (a heading wraps onto two
    lines), plus two for the padding."""
    covered, anchors = grid.covered(), grid.anchors()
    out = [4] * grid.width
    for r, row in enumerate(grid.rows):
        for c, value in enumerate(row):
            m = anchors.get((r, c))
            if (r, c) in covered or (m is not None and m.right > m.left):
                continue
            width = min(display_width(grid.text(value)), 60)
            out[c] = max(out[c], -(-width // 2) if r < grid.header_rows else width)
    return [n + 2 for n in out]


def _font_size(chars: int, wide: bool) -> float:
    """The font size (rem) at which a table ``chars`` half-width characters wide fits its
    page: a table of 元 amounts (96,282,213.44) in twelve columns is set smaller, so its
    amounts stay inside their cells instead of running over the borders."""
    fits = PAGE_CHARS[wide] / max(chars, 1)
    return max(SMALLEST_FONT, round(min(TABLE_FONT, TABLE_FONT * fits), 2))


def _grid(grid: Grid, index: int) -> str:
    wide = " wide" if grid.wide else ""
    out = [
        f'<section class="table{wide}" id="t{index}">',
        f'<h2 id="t{index}-title">{escape(grid.title)}</h2>',
    ]
    out.extend(f'<p class="preamble">{escape(line)}</p>' for line in grid.preamble)
    if grid.unit_line and grid.issuer:
        out.append(
            f'<p class="unit issuer"><span>{escape(grid.issuer)}</span> '
            f"<span>{escape(grid.unit_line)}</span></p>"
        )
    elif grid.unit_line:
        out.append(f'<p class="unit">{escape(grid.unit_line)}</p>')
    sheet = bool(grid.text_columns)
    klass = ' class="sheet"' if sheet else ""
    chars = grid.column_chars()
    if not sheet and sum(chars) > PAGE_CHARS[grid.wide]:
        chars = _needs(grid)  # too wide with one-line headings: headings wrap, amounts do not
    size = _font_size(sum(chars), grid.wide)
    style = f' style="font-size:{size}rem"' if size < TABLE_FONT else ""
    out.append(f'<div class="scroll"><table{klass}{style} aria-labelledby="t{index}-title">')
    out.append(
        "<colgroup>"
        + "".join(f'<col style="width:{100 * n / sum(chars):.1f}%">' for n in chars)
        + "</colgroup>"
    )
    anchors = grid.anchors()
    covered = grid.covered()
    for r, values in enumerate(grid.rows):
        if r == 0 and grid.header_rows:
            out.append("<thead>")
        if r == grid.header_rows:
            out.append("<tbody>")
        cells = []
        for c, value in enumerate(values):
            if (r, c) in covered:
                continue
            span = ""
            m = anchors.get((r, c))
            if m is not None:
                if m.right > m.left:
                    span += f' colspan="{m.right - m.left + 1}"'
                if m.bottom > m.top:
                    span += f' rowspan="{m.bottom - m.top + 1}"'
            text = escape(grid.text(value))
            if r < grid.header_rows:
                scope = "colgroup" if m is not None and m.right > m.left else "col"
                cells.append(f'<th scope="{scope}"{span}>{text}</th>')
            elif isinstance(value, Decimal):
                cells.append(f'<td class="num"{span}>{text}</td>')
            elif sheet and value in INDICATOR_HEADER and r > 0 and grid.rows[r][0] == "绩效指标":
                cells.append(f'<td class="head"{span}>{text}</td>')
            elif (r, c) in grid.labels:
                cells.append(f'<td class="label"{span}>{text}</td>')
            elif c in grid.text_columns and m is not None:
                cells.append(f'<td class="text"{span}>{text}</td>')
            else:
                cells.append(f"<td{span}>{text}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
        if r == grid.header_rows - 1:
            out.append("</thead>")
    if grid.rows and len(grid.rows) > grid.header_rows:
        out.append("</tbody>")
    out.append("</table></div>")
    if grid.note:
        out.append(f'<p class="note">{escape(grid.note)}</p>')
    out.append("</section>")
    return "\n".join(out)
