"""Budget language: the words that name budget things and the noise of published pages.

One place below readers, recognition, rules, the template and publishing:

* :mod:`yusuan.lang.vocabulary` — subjects (三公 items, 基本支出 and its parts, …) with their
  variant spellings, how they add up, direction words, money units, placeholders and the signs
  of a budget page, as data (``vocabulary.yaml``);
* :mod:`yusuan.lang.normalize` — a page's text made readable: traditional characters, pinyin
  debris, numbers split by a space, full-width digits, page chrome.
"""

from yusuan.lang.normalize import normalize_text
from yusuan.lang.vocabulary import VOCABULARY, Subject, Vocabulary

__all__ = ["VOCABULARY", "Subject", "Vocabulary", "normalize_text"]
