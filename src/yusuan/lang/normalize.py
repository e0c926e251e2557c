"""The noise of published pages, taken out before a page is read.

Web pages and their mirrors carry noise that has nothing to do with the budget: traditional
characters (單位:萬元), pinyin debris left by a "show pinyin" mirror (``經(jīng)費``), numbers split
by a space (``35. 3``), a space before a unit (``502.4 萬元``, ``2.82 %``), letter-spaced PDF text (``预 算 情 况``), full-width digits and page chrome (索引号, 发布时间,
浏览量, ``{{ pvCount }}``…). Each family is one small function; :func:`normalize_text` applies
them to one line, :func:`is_chrome` tells a line of page chrome.
"""

from __future__ import annotations

import re
from functools import lru_cache

_CJK = r"\u3400-\u9fff"
_PINYIN = re.compile(rf"(?:(?<=[{_CJK}])|^)[(（](?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{{1,6}})[)）]")
_TONE = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")
_TONED = re.compile(rf"(?<=[{_CJK}])[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]")
#: ``35. 3万元``: a decimal split by a space (a list number ``1. 2025年…`` is not one)
_SPLIT_DECIMAL = re.compile(
    r"(?<=\d)\.\s+(?=\d{1,6}\s*(?:%|％|万元|亿元|元)|\d{1,6}\s*[,，。;；)）])"
)
_SPACE_UNIT = re.compile(r"(?<=\d)\s+(?=%|％|万元|亿元|元)")
_LETTER_SPACED = re.compile(rf"(?<=[{_CJK}\d]) (?=[{_CJK}\d])")
_FULL_DIGITS = str.maketrans("０１２３４５６７８９％", "0123456789%")
_TEMPLATE = re.compile(r"\{\{[^{}]*\}\}")
#: digits right after a character lost in a wrong decoding (U+FFFD, or an ASCII ``?`` after a
#: non-ASCII character: ``一般公共服務支С?8639萬元`` was 48639): the number lost its first digits
_DAMAGED_NUMBER = re.compile(r"(?:\ufffd|(?<=[^\x00-\x7f])\?)\d+(?:[.,]\d+)*")
_CHROME = re.compile(
    r"^(?:索引号|发布时间|发布日期|发布机构|信息来源|来源[:：]|文号|浏览量|浏览次数|点击数|访问量|"
    r"今天是|当前位置|您当前的位置|公开目录|公开方式|公开时限|生成日期|【字体|字号[:：]|打印本页|关闭窗口|"
    r"分享到|扫一扫|网站支持|无障碍|适老化|网站地图|设为首页|加入收藏|登录|注册)"
)
#: a few characters only the traditional script writes: a line holding them is converted
_TRADITIONAL_HINT = re.compile("[經費單萬與說參職這個務國會計劃條總區縣鄉鎮財價實際發決預]")


@lru_cache(maxsize=1)
def _t2s() -> object:
    import opencc  # the official OpenCC binding; 8 ms to load, so only when a page needs it

    return opencc.OpenCC("t2s")


#: every character one of the families acts on (simplified script aside): a text without any is
#: left as it is by :func:`normalize_text`
_TOUCHED = re.compile(
    r"[０１２３４５６７８９％(\s{?\ufffd亿" + _TRADITIONAL_HINT.pattern[1:-1] + "]"
)


def untouched(texts: list[str]) -> bool:
    """True when :func:`normalize_text` (on a page not in traditional script) leaves every one
    of ``texts`` as it is: none holds a character any family acts on. One search for a line's
    cells instead of the families for each cell."""
    return not _TOUCHED.search("\x00".join(texts))


def is_traditional(texts: list[str]) -> bool:
    """A page written in traditional characters (decided once for the page: a short cell such
    as 增減金額 has no hint character of its own)."""
    return sum(len(_TRADITIONAL_HINT.findall(t)) for t in texts[:200]) >= 3


def simplified(text: str, force: bool = False) -> str:
    """Traditional characters as simplified (單位:萬元 → 单位:万元); a simplified text as is.
    ``force``: the page is traditional (:func:`is_traditional`), convert even a line with no
    hint character."""
    if not force and not _TRADITIONAL_HINT.search(text):
        return text
    return str(_t2s().convert(text))  # type: ignore[attr-defined]


def without_pinyin(text: str) -> str:
    """``經(jīng)費`` → ``經費``: pinyin a mirror printed after each character (at a line's start
    when the line was wrapped after the character; there only a tone-marked group). A toneless
    group (``(de)``) goes only on a text that has tone-marked ones, so ``里程（km）`` stays."""
    if "(" not in text and "（" not in text:
        return text
    toned = len(_TONED.findall(text))

    def drop(m: re.Match[str]) -> str:
        if m.start() == 0:  # a line wrapped after the character: its pinyin opens the next
            return "" if _TONE.search(m.group(0)) else m.group(0)
        return "" if toned >= 2 or _TONE.search(m.group(0)) else m.group(0)

    return _PINYIN.sub(drop, text)


def joined_numbers(text: str) -> str:
    """``35. 3万元`` → ``35.3万元``; ``502.4 万元`` → ``502.4万元``; ``2.82 %`` → ``2.82%``."""
    text = _SPLIT_DECIMAL.sub(".", text)
    return _SPACE_UNIT.sub("", text)


def letter_spaced(text: str) -> str:
    """A line printed with a space between every character (``预 算 情 况 说 明``) joined; a
    row of cells separated by spaces (``合计 5 6 1``, ``项目 上年 本年``) is not one."""
    tokens = text.split()
    singles = sum(1 for t in tokens if len(t) == 1)
    if len(tokens) >= 5 and singles * 10 >= len(tokens) * 9:
        return _LETTER_SPACED.sub("", text)
    return text


def damaged_numbers(text: str) -> str:
    """A number whose first digits were lost in a wrong decoding becomes one U+FFFD: read as
    printed it would be a wrong amount (no finding is better than a false one)."""
    return _DAMAGED_NUMBER.sub("\ufffd", text) if "?" in text or "\ufffd" in text else text


#: a number of 亿 written with 万 inside, as news does (3万4993.1亿元 is 34993.1亿元)
_WAN_YI = re.compile(r"(?<![\d.])(\d{1,4})万(\d{1,4}(?:\.\d+)?)(?=\s*亿)")


def wan_yi(text: str) -> str:
    """``3万4993.1亿元`` → ``34993.1亿元``, ``1万301.5亿元`` → ``10301.5亿元``."""

    def whole(m: re.Match[str]) -> str:
        head, tail = m.group(1), m.group(2)
        digits, _, decimals = tail.partition(".")
        return head + digits.zfill(4) + ("." + decimals if decimals else "")

    return _WAN_YI.sub(whole, text) if "亿" in text else text


def normalize_text(text: str, traditional: bool = False) -> str:
    """One line of a page with its noise taken out (the families above, in order);
    ``traditional``: the page is written in traditional characters."""
    if not text:
        return text
    if traditional or not text.isascii():  # ASCII: no full-width digit, hanzi or pinyin
        text = text.translate(_FULL_DIGITS)
        text = simplified(text, traditional)
        text = without_pinyin(text)
        text = damaged_numbers(text)
        text = wan_yi(text)
    words = text.split()
    if len(words) != 1 or len(words[0]) != len(text):  # no white space: nothing to join
        text = letter_spaced(text)
        text = joined_numbers(text)
    return _TEMPLATE.sub("", text) if "{{" in text else text


def is_chrome(text: str) -> bool:
    """A line of page chrome (索引号、发布时间、浏览量…), not of the document."""
    t = text.strip().lstrip("|｜ ").strip()
    return bool(_CHROME.match(t)) and len(t) < 160 and "。" not in t
