"""Whose document is it? What a document says of itself — its unit, year and 预算/决算 —
against the account's unit and what the form said (#18).

A 綦江 filer uploading a Shanghai department's budget, a 2025 document filed as 2026, a 决算
filed as a 预算: the upload is kept (the reader may be wrong, the filer may have a reason) but
flagged, to the filer on the package page and to every reviewer in the queue and on the
package — one Chinese line per difference. Names are compared by their region (重庆市綦江区)
and the rest (政务服务管理办公室) separately, so 「綦江区政务服务管理办公室」 is the same unit
as 「重庆市綦江区政务服务管理办公室」.
"""

from __future__ import annotations

import re

from yusuan.model.package import DocumentInfo

#: one level of a region at the front of a name: 重庆市, 綦江区, 广西壮族自治区, 某某县 …
_LEVEL = re.compile(
    r"^[\u4e00-\u9fff]{1,7}?(?:自治区|特别行政区|自治州|自治县|省|市|区|县|州|盟|旗)"
)
_SPACES = re.compile(r"[\s\u3000]+")
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")  # （本级）, （汇总）


YEAR = "文件所列年度"


def _year_line(document: int, filed: int) -> str:
    return f"{YEAR}为 {document} 年，与填报年度 {filed} 年不一致。"


def split(name: str) -> tuple[str, str]:
    """A unit's name as (its region, the rest): 「重庆市綦江区」, 「政务服务管理办公室」."""
    rest = _BRACKETED.sub("", _SPACES.sub("", name))
    region = ""
    while (m := _LEVEL.match(rest)) and len(rest) > m.end():
        region, rest = region + m.group(0), rest[m.end() :]
    return region, rest


def same_unit(document: str, account: str) -> bool:
    """Whether a document's unit name names the account's unit (a name without a region is
    taken to be in the account's)."""
    if not document.strip():
        return True
    doc_region, doc_rest = split(document)
    acc_region, acc_rest = split(account)
    if doc_rest != acc_rest and doc_rest not in acc_rest and acc_rest not in doc_rest:
        return False
    if doc_region and acc_region:
        return doc_region.endswith(acc_region) or acc_region.endswith(doc_region)
    return True


def warnings(info: DocumentInfo, unit: str, year: int, stage: str | None) -> list[str]:
    """One line per difference between the document and the filing; empty when none."""
    out = []
    if info.unit_name and not same_unit(info.unit_name, unit):
        out.append(f"文件所列单位为「{info.unit_name}」，与填报单位「{unit}」不一致。")
    if info.year is not None and info.year != year:
        out.append(_year_line(info.year, year))
    if stage and info.stage != stage:
        out.append(f"文件为{info.stage}，与填报的{stage}不一致。")
    return out


def with_year(stored: str | None, info: DocumentInfo, year: int) -> str | None:
    """A package's stored warnings after its year was edited: the year's line redone."""
    lines = [line for line in (stored or "").splitlines() if not line.startswith(YEAR)]
    if info.year is not None and info.year != year:
        lines.append(_year_line(info.year, year))
    return joined(lines)


def joined(lines: list[str]) -> str | None:
    """As stored on the package (``identity_warning``): None when there is nothing to say."""
    return "\n".join(lines) or None
