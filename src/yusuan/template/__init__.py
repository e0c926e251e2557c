"""The 预算填报 workbook: what finance staff fill in Excel or WPS, and how it becomes a package.

``spec`` declares the sheets and columns (one source for writing and reading), ``write`` makes
the workbook (dropdowns, protected headers, instructions, optionally pre-filled from last
year's package), ``read`` validates a filled workbook cell by cell (errors name ``sheet!cell``),
and ``build`` computes every table, total and the drafted 情况说明 from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from yusuan.said.draft import DraftInputs

TEMPLATE_MARK = "填报说明"


def is_template(data: bytes) -> bool:
    """A workbook made by ``yusuan template`` (its sheet names, read from the zip)."""
    import io
    import zipfile

    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z, z.open("xl/workbook.xml") as part:
            book = part.read(1 << 20).decode("utf-8", "replace")  # the sheet names come first
    except Exception:  # not a zip, no workbook, damaged: the readers say what is wrong
        return False
    return f'name="{TEMPLATE_MARK}"' in book and 'name="支出明细"' in book


def load_template(data: bytes, path: str) -> object:
    """A filled workbook → a :class:`~yusuan.model.BudgetPackage` (typed ``object`` here to keep
    this module import-light)."""
    from yusuan.template.build import build_package
    from yusuan.template.read import read_template

    return build_package(read_template(data, path))


def draft_inputs(path: object) -> DraftInputs:
    """The drafting inputs a filled workbook gives (上年数, reasons, procurement, vehicles)."""
    from pathlib import Path

    from yusuan.readers import file_bytes
    from yusuan.template.build import inputs_of
    from yusuan.template.read import read_template

    p = Path(str(path))
    return inputs_of(read_template(file_bytes(p), str(p)))
