"""A composed document as tab-separated text, the layout of the published text seeds: what the
layout tests compare with the seeds line for line (yusuan publishes no text format)."""

from __future__ import annotations

from yusuan.publish.document import Document, Grid


def render_text(doc: Document) -> str:
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Grid):
            out.extend(_grid(block))
        else:
            out.extend([block.text, ""])
    return "\n".join(out).rstrip("\n") + "\n"


def _grid(grid: Grid) -> list[str]:
    out = [grid.title, ""]
    for line in grid.preamble:
        out.extend([line, ""])
    if grid.unit_line:
        out.extend(["\t".join(t for t in (grid.issuer, grid.unit_line) if t), ""])
    out.extend("\t".join(grid.text(v) for v in row) for row in grid.rows)
    out.append("")
    if grid.note:
        out.extend([grid.note, ""])
    return out
