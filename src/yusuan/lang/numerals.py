"""Counts as pages print them: ``12``, ``十二``, ``二十``, ``两``."""

from __future__ import annotations

_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def count_of(text: str) -> int | None:
    """The number a count is printed as (Arabic digits, or Chinese up to 九十九), else None."""
    if text.isdigit():
        return int(text)
    if text in _DIGITS:
        return _DIGITS[text]
    tens, ten, units = text.partition("十")
    if not ten or (tens and tens not in _DIGITS) or (units and units not in _DIGITS):
        return None
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0)
