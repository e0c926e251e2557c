"""An OCR'd cell (:class:`OcrCell`) and its text as printed (:func:`clean_text`): the stray
marks read around a cell dropped, 一 read as a dash put back, an amount's separators right, and
Chinese punctuation full width. Used by the first reading (:mod:`ocr`) and the second
(:mod:`.refine`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from yusuan.money import is_amount

#: a number whose thousands separators OCR read as full stops: 1.421.74
_SEPARATORS = re.compile(r"^-?\d{1,3}(?:[.,，]\d{3})+[.,]\d{1,2}$")
STRAY = "\"'‘’。，,.·:：;；|"


#: what a short table ruling, or the dashes of a dashed one, (taller than the line's text) is
#: read as
BARS = frozenset("|｜[]；;。:：")
#: （ and ） as Tesseract's Chinese model reads them: 〈室)
_BRACKETS = str.maketrans("〈〉", "（）")
#: a dash OCR read for 一 at the start of Chinese text (-般公共预算资金)
_DASH_FOR_ONE = re.compile(r"^[-—_－]+(?=[\u4e00-\u9fff])")


def clean_text(text: str) -> str:
    """An OCR'd cell without the stray marks read around it (”合计, 1,421.74。), 一 read as a
    dash put back, and an amount's separators right (1.421.74 → 1,421.74)."""
    if any(ch.isdigit() for ch in text):
        core = text.strip(STRAY + "“”")
        if _SEPARATORS.match(core):
            core = core[:-3].replace(".", ",").replace("，", ",") + "." + core[-2:]
        if core and is_amount(core):
            return core
    core = text.lstrip(STRAY).rstrip("|")  # text keeps its end: a sentence's 。
    if core.startswith("”") or (core.startswith("“") and "”" not in core):
        core = core[1:]
    core = _BAR_FOR_ONE.sub("1", _DASH_FOR_ONE.sub("一", core).translate(_BRACKETS))
    return _full_width(core) or text


#: a 1 read as ] or | inside Chinese text: 公务接待费]万元, 车辆]辆
_BAR_FOR_ONE = re.compile(r"(?<=[\u4e00-\u9fff\d])[\]|](?=[\d万元辆个人次台%．.])")


_HALF = re.compile(r"(?<=[\u4e00-\u9fff）”])([:;,])|([:;,])(?=[\u4e00-\u9fff（“])")
_TO_FULL = {":": "：", ";": "；", ",": "，"}


def _full_width(text: str) -> str:
    """Chinese text's punctuation as printed: Tesseract reads （）：；， as ( ) : ; ,."""
    if not chinese(text):
        return text
    text = text.replace("(", "（").replace(")", "）")
    return _HALF.sub(lambda m: _TO_FULL[m.group(0)], text)


@dataclass(slots=True)
class OcrCell:
    """A cell as OCR read it, in pixels; ``conf`` 0–100 (the lowest of its words)."""

    text: str
    left: int
    right: int
    top: int
    bottom: int
    size: float  # the median height of the line's words
    conf: float
    digits: float | None = None  # the lowest confidence of its words with digits


def chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
