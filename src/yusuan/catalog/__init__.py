"""Classification catalogs (支出功能分类, 部门预算支出经济分类).

The bundled catalogs are partial (built from real documents); a code that is not in the
catalog is *unknown*, not invalid. Users load the official yearly catalog from a CSV file.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from yusuan.errors import CatalogError


@dataclass(frozen=True)
class Catalog:
    """Code → name for one classification."""

    names: dict[str, str]
    source: str

    def name(self, code: str) -> str | None:
        return self.names.get(code)


def _parse(text: str, source: str) -> Catalog:
    reader = csv.DictReader(io.StringIO(text))
    if (
        reader.fieldnames is None
        or "code" not in reader.fieldnames
        or "name" not in reader.fieldnames
    ):
        raise CatalogError(source, detail="目录文件须为 CSV，且含有 code 和 name 两列。")
    names: dict[str, str] = {}
    for i, row in enumerate(reader, start=2):
        code = (row.get("code") or "").strip()
        name = (row.get("name") or "").strip()
        if not code.isdigit() or not name:
            raise CatalogError(
                source, where=f"第{i}行", detail=f"科目编码「{code}」或名称为空/无效。"
            )
        names[code] = name
    return Catalog(names, source)


@lru_cache(maxsize=8)
def bundled(kind: str) -> Catalog:
    """A bundled catalog: ``functional`` or ``economic``."""
    file = {"functional": "functional.csv", "economic": "economic_dept.csv"}[kind]
    text = (resources.files("yusuan") / "catalog" / "data" / file).read_text(encoding="utf-8")
    return _parse(text, f"内置{file}")


def load_catalog(path: str | Path) -> Catalog:
    """Load an official catalog CSV (``code,name`` columns)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(str(path), detail=f"无法读取目录文件：{exc}") from exc
    return _parse(text, str(path))


@dataclass(frozen=True)
class Catalogs:
    functional: Catalog
    economic: Catalog

    @classmethod
    def default(cls) -> Catalogs:
        return cls(bundled("functional"), bundled("economic"))

    def with_file(self, path: str | Path) -> Catalogs:
        """Overlay a user catalog: 7/5/3-digit codes starting with 2 are 功能, with 3 经济."""
        extra = load_catalog(path)
        func = dict(self.functional.names)
        eco = dict(self.economic.names)
        for code, name in extra.names.items():
            (eco if code.startswith(("3", "5")) else func)[code] = name
        return Catalogs(Catalog(func, extra.source), Catalog(eco, extra.source))
