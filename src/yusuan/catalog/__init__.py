"""Classification catalogs (支出功能分类, 部门预算支出经济分类).

The bundled catalogs are partial (built from real documents); a code that is not in the
catalog is *unknown*, not invalid. Users load the official yearly catalog from a CSV file.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from yusuan.bundled import files as bundled_files
from yusuan.errors import CatalogError, YusuanError


@dataclass(frozen=True)
class Catalog:
    """Code → name for one classification."""

    names: dict[str, str]
    source: str

    def name(self, code: str) -> str | None:
        return self.names.get(code)


_CODE_HEADERS = ("code", "科目编码", "编码", "代码")
_NAME_HEADERS = ("name", "科目名称", "名称")


def _parse(text: str, source: str) -> Catalog:
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip() for f in reader.fieldnames or []]
    code_col = next((f for f in _CODE_HEADERS if f in fields), None)
    name_col = next((f for f in _NAME_HEADERS if f in fields), None)
    if code_col is None or name_col is None:
        raise CatalogError(
            source, detail="目录文件须为 CSV，且含有科目编码（code）和科目名称（name）两列。"
        )
    reader.fieldnames = fields
    names: dict[str, str] = {}
    for i, row in enumerate(reader, start=2):
        code = (row.get(code_col) or "").strip()
        name = (row.get(name_col) or "").strip()
        if not code.isdigit() or not name:
            raise CatalogError(
                source, where=f"第{i}行", detail=f"科目编码「{code}」或名称为空/无效。"
            )
        names[code] = name
    return Catalog(names, source)


#: Bundled files per kind. 经济 holds the 部门 (30x) and 政府 (50x) 经济分类 alike, as
#: :meth:`Catalogs.with_file` does for a user's catalog.
_BUNDLED = {
    "functional": ("functional.csv",),
    "economic": ("economic_dept.csv", "economic_gov.csv"),
}


@lru_cache(maxsize=8)
def bundled(kind: str) -> Catalog:
    """A bundled catalog: ``functional`` or ``economic``."""
    names: dict[str, str] = {}
    for file in _BUNDLED[kind]:
        text = (bundled_files("yusuan") / "catalog" / "data" / file).read_text(encoding="utf-8")
        names.update(_parse(text, f"内置{file}").names)
    return Catalog(names, f"内置{'、'.join(_BUNDLED[kind])}")


def load_catalog(path: str | Path) -> Catalog:
    """Load an official catalog CSV (columns code,name or 科目编码,科目名称; UTF-8 or GBK)."""
    from yusuan.readers.text import decode

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CatalogError(str(path), detail="无法读取目录文件（文件不存在或无权限）。") from exc
    try:
        text = decode(data, str(path))  # UTF-8, UTF-16 or GBK/GB18030 (Excel's default)
    except YusuanError as exc:
        raise CatalogError(str(path), detail="目录文件不是文本 CSV，或文字编码无法识别。") from exc
    return _parse(text, str(path))


@dataclass(frozen=True)
class Catalogs:
    functional: Catalog
    economic: Catalog

    @classmethod
    def default(cls) -> Catalogs:
        return cls(bundled("functional"), bundled("economic"))

    def with_file(self, path: str | Path) -> Catalogs:
        """Overlay a user catalog: codes starting with 3 or 5 are 经济, the others 功能."""
        extra = load_catalog(path)
        func = dict(self.functional.names)
        eco = dict(self.economic.names)
        for code, name in extra.names.items():
            (eco if code.startswith(("3", "5")) else func)[code] = name
        return Catalogs(Catalog(func, extra.source), Catalog(eco, extra.source))
