"""The families of wording a figure is read from: one pattern each, and the small readers of
one match (a percentage as printed, a direction word's sign, a unit's factor, a label).

Families of wording (each a pattern below):

* completion — 完成(全年/年初)预算(5.3万元)的38.1%, 预算完成率为…%;
* change with its base — 比/较/与 上年(决算数)/2024年(的2190万元) 增加/减少/增/减… X万元 或 X%;
* change alone — 对比减少4.35万元, 增加0万元; growth — 增长/下降/增幅/减幅/减少率 X%, (65.37%);
* unchanged — 与上年持平, 与上年预算数相比无变化;
* share — 占(总支出的)X%;
* amount — X元/万元/亿元 (a 预算 amount in a 决算 page is the budget it is measured against; an
  amount of an earlier year the prior).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from yusuan.lang import VOCABULARY
from yusuan.lang.vocabulary import is_title, longest_first
from yusuan.model.prose import Percent

NUM = r"(\d+(?:\.\d+)?)"
#: (a bare 万 or 亿 is money when no word follows it: 补助35万(附件1), not 3万人)
UNIT = r"(万万元|亿元|万元|千元|元|万(?![\u4e00-\u9fff])|亿(?![\u4e00-\u9fff]))"
#: direction words of a change (the vocabulary's, longest first; 增幅/减幅 name rates, not changes)
DIR = (
    "("
    + "|".join(
        longest_first(
            w for w in (*VOCABULARY.up, *VOCABULARY.down) if "幅" not in w and not w.endswith("了")
        )
    )
    + ")"
)
#: the cause a sentence gives for a change, up to the end of its clause group (；/。): the text
#: is kept as the figure's reason and not read for figures
REASON = re.compile(r"(?:主要|其)?原因(?:主要)?(?:是|为|系|在于)[:：]?|主要(?:是|系)由于|主要由于")
REASON_END = re.compile(r"[；;。！？!?]")
#: the classification code a paragraph names: （201类）（03款）（01项）
CODE = re.compile(r"[（(](\d{3})类[）)].*?[（(](\d{2})款[）)](?:.*?[（(](\d{2})项[）)])?")
#: a clause listing the causes of the change before it: 主要是A减少x万元 / 其中：B增加y万元
CAUSES = re.compile(r"^\s*(?:主要是|主要为|主要系|其中[:：]?)")
SENTENCES = re.compile(r"[^。！？!?]+[。！？!?]?")
CLAUSE = re.compile(r"[^,，:：;；、]+")
COMPLETION = re.compile(
    r"(?:完成(?:了)?(?:全年|年初|年度|调整后?的?|当年)?|为(?:全年|年初|年度|调整后?的?|当年)?"
    r"|占(?:全年|年初|年度|年|调整后?的?|当年)?)(?:预算|计划)(?:数)?"
    + rf"(?:{NUM}{UNIT})?(?:的)?{NUM}\s*%"
    + rf"|(?:预算)?(?:完成率|执行率|执行比例)(?:为|达到?)?{NUM}\s*%"
)
CHANGE = re.compile(
    r"(?:比|较|与|同|对比)\s*(上年度?|上一年度?|去年|同期|\d{4}\s*年度?)"
    + r"([^\d,，:：;；。%]{0,14}?)"
    + rf"(?:的?[(（]?{NUM}{UNIT}[)）]?)?(?:相比|对比|比较)?[,，]?\s*{DIR[:-1]}|加)了?\s*{NUM}\s*({UNIT[1:-1]}|%)"
)
#: a 决算 compared with its budget (较预算数1237万元减少103万元，下降8%): the budget is kept,
#: the change and its rate are not a change on the year before
VERSUS_BUDGET = re.compile(
    r"(?:比|较|与|同|对比|相比)\s*(?:年初|全年|调整后?的?)?预算(?:数)?"
    + rf"(?:的?{NUM}{UNIT})?(?:相比|对比)?[,，]?\s*(?:{DIR}了?\s*{NUM}\s*(?:{UNIT[1:-1]}|%)|无增减|持平)?"
)
#: ``决算数大于预算数55.93万元``: the 决算 against its budget, by an amount (the budget follows)
BUDGET_GAP = re.compile(
    r"决算数?(大于|小于|高于|低于|超过|超出|少于|多于)(?:年初|全年|调整后?的?)?预算数?\s*"
    + rf"{NUM}\s*{UNIT}"
)
GAP_UP = ("大于", "高于", "超过", "超出", "多于")
#: a budget adjusted (预算调整方案): ``由397959万元调整为409959万元`` / ``从第一次预算调整的137.58亿元调至
#: 141.91亿元`` — the amount before (the figure's prior; the amount after follows); ``调增12000万元``
#: / ``调减3万元`` the adjustment (its change); ``调整后预算数为395767万元`` after ``年初预算…，调增…``
#: the amount the first one became
ADJUSTED = re.compile(
    rf"(?:由|从)([^,，:：;；。]{{0,16}}?的)?\s*{NUM}\s*{UNIT}\s*"
    r"(?:调整|调增|调减|调|变更)(?:为|到|至)(?:\s*\d{4}\s*年度?的?)?"
)
#: the year an amount moved from is named (由2024年的30万元调整为…, 从上年的…): a change on
#: that year, not a budget adjusted
ADJUSTED_FROM_YEAR = re.compile(r"\d{4}\s*年|上年|去年|上一年")
ADJUSTMENT = re.compile(rf"(调增|调减|调整增加|调整减少|调高|调低)了?\s*{NUM}\s*{UNIT}")
AFTER_ADJUSTMENT = re.compile(r"^调整后(?:的)?(?:预算)?(?:数|总额|金额)?(?:为|是|达)?$")
CHANGE_ALONE = re.compile(rf"(?:对比|同比|相比|比上年|较上年)?{DIR}了?\s*{NUM}\s*{UNIT}")
GROWTH = re.compile(
    r"(增长率|下降率|减少率|增加率|增幅|减幅|降幅|增长|下降|上升|降低|增加|减少|提高|增|减)"
    + rf"(?:了|为|率为|幅度为)?\s*{NUM}\s*%"
)
PAREN_GROWTH = re.compile(rf"[(（]\s*{NUM}\s*%\s*[)）]")
FLAT = re.compile(
    r"(?:与|和|比|较|同)\s*(上年度?|上一年度?|去年|\d{4}\s*年度?)([^\d,，。;；()（）]{0,14}?)"
    r"(?:相比)?(?:基本)?(持平|无变化|没有变化|未发生变化)"
)
SHARE = re.compile(
    rf"(?<!各)占(?:比)?([^\d,，:：;；。%]{{0,16}}?)(?:的)?(?:比例|比重)?(?:为|达到?|是)?{NUM}\s*%"
)  # (各占50%的比例: the weights of two factors, no share)
AMOUNT = re.compile(rf"(?<![\d.A-Za-z]){NUM}\s*{UNIT}")
YEAR = re.compile(r"(\d{4})\s*年")
#: a report on one year's execution and the next year's budget: 2022年预算执行情况和2023年预算草案
TWO_YEARS = re.compile(
    r"(\d{4})\s*年\s*(?:财政)?预算执行情况\s*(?:和|及|与)\s*(\d{4})\s*年\s*(?:财政)?预算"
)


def title_years(texts: Iterable[str]) -> set[int]:
    """The two years a report on one year's execution and the next year's budget names in its
    first paragraphs (its title), if it is one."""
    return {int(y) for text in texts for m in TWO_YEARS.finditer(text) for y in m.groups()}


LEAD = re.compile(
    r"^(?:其中\u2060?|另外|此外|具体|主要|包括|分别为?)*\s*"
    r"(?:[(（]?[一二三四五六七八九十\d]+[)）、.．]\s*)*"
)
#: the amount of the year compared with, on its own: 与上年决算数50万元相比 / 上年决算50万元 /
#: 比上年（50万元）
BASE_BEFORE = re.compile(r"(?:与|和|比|较|同|对比)\s*$")
#: a sentence that opens with its base and names nothing (``比上年减少5万元，下降10%``,
#: ``与上年持平``): it goes on with the figure of the sentence before
OPENS_WITH_BASE = re.compile(
    r"^\s*(?:(?:与|和|比|较|同|对比)\s*(?:上年度?|上一年度?|去年|同期)(?:相比|比较)?\s*[，,]?\s*"
    r"(?:增加|减少|增长|下降|上升|降低|持平|无变化|一致|基本持平|相同)|同比(?:增加|减少|增长|下降))"
)
COMPARED_AMOUNT = re.compile(
    r"^(?:(?:比|较|与|同|对比)\s*[(（]?(?:上年|去年|上一年度?|同期|\d{4}\s*年)"
    r"|(?:上年|去年|上一年度?)(?!结转|结余|末))"
)
#: a numbered item: 1. 2、 （1） (2)
ITEM = re.compile(r"^\s*(?:\d{1,2}\s*[.．、](?!\d)|[(（]\d{1,2}[)）])")
#: a 其中 list whose first item is numbered （一）, the next ones perhaps paragraphs of their own
FIRST_ORDINAL_ITEM = re.compile(r"其中[:：]?\s*[(（]一[)）]")
_ORDINAL = re.compile(r"^\s*[(（]([一二三四五六七八九十]+)[)）]")
#: every （一）-style marker of a text
ORDINALS = re.compile(r"[(（][一二三四五六七八九十]+[)）]")
_CN_DIGITS = "一二三四五六七八九"


def ordinal(text: str) -> int | None:
    """The number of a （二）-style marker a text opens with (up to 十九), or None."""
    m = _ORDINAL.match(text)
    if m is None:
        return None
    word = m.group(1)
    if word == "十":
        return 10
    if word.startswith("十"):
        return (
            10 + _CN_DIGITS.index(word[1]) + 1
            if word[1:] in _CN_DIGITS and len(word) == 2
            else None
        )
    return _CN_DIGITS.index(word) + 1 if len(word) == 1 and word in _CN_DIGITS else None


#: a label that names no item, only that an amount follows (…项目50个，金额1006万元)
GENERIC_AMOUNT = re.compile(r"(?:总)?(?:金额|资金|资金额|投资|补助资金)(?:为|是|共|达)?")
#: the base a name is compared with, said after it (收支与2023年度相比)
BASE_TAIL = re.compile(
    r"(?:与|和|比|较|同)\s*(?:\d{4}\s*年度?|上年度?|去年|上年同期)(?:相比|比较)?$"
)
#: a count at a name's end (敬老院建设项目50个)
COUNTED = re.compile(r"\s*\d+\s*(?:个|项|所|处|座|户|人|家|辆)$")
#: a clause that opens with a year (after a ；, a new statement rather than a list's item),
#: or with what the money is used for (…其中：中央资金…，省级资金…；用于直发直补资金…: the same
#: total split another way)
YEAR_FIRST = re.compile(r"\s*(?:\d{4}\s*年|用于|按用途|分别用于|主要用于)")
#: an item named by a label and a colon, a paragraph each (``事业收入：2016年事业收入预算…``,
#: ``公共预算拨款：…``): the label names a kind of money
LABELLED_ITEM = re.compile(
    r"^\s*[\u4e00-\u9fff]{0,8}(?:收入|支出|拨款|经费|资金|结转|结余)\s*[:：]"
)
#: a list that says how it breaks a total down: 分支出级次看, 按税种分
_BY_KIND = r"分[^，,。：:；;]{1,8}看|按[^，,。：:；;]{1,6}分"
BY_KIND = re.compile(rf"\s*(?:{_BY_KIND})")
#: a clause that only opens a list of the figure before (其中：…, 主要用于以下方面：…; not
#: 主要用于： before a purpose in words)
LIST_OPENER = re.compile(
    r"\s*(?:其中\u2060?(?:包括)?|具体(?:情况)?如下|主要包括|主要(?:包括|用于)(?:以下|如下)(?:几个)?(?:方面|项目)?"
    r"|(?:项目|资金|具体)?分别(?:为|是)|主要项目(?:有|包括|为)?"
    rf"|{_BY_KIND})"
    r"[:：]?\s*"
)
#: a clause that opens a list with its first item: 其中A 5万元 / 包括A 5万元 (包括 only before an
#: amount: 包括办公费、印刷费等 names what a figure covers)
LIST_CLAUSE = re.compile(r"\s*(?:其中|包括)")
#: a list in brackets inside a sentence (A 2066万元（其中：B…，C…），减少12万元), or brackets
#: naming two amounts or more right after an amount (854万（A400万元，B295万元，C159万元）): read
#: after it, so that what follows the brackets is A's again
_IN_BRACKETS = r"[^()（）]"
_AMOUNT_IN = rf"{_IN_BRACKETS}*?\d[\d.,]*\s*[万亿]?元"
INNER_LIST = re.compile(
    rf"[(（]其中[:：]?({_IN_BRACKETS}*)[)）]"
    rf"|(?<=[\d万亿元])[(（]((?:{_AMOUNT_IN}{_IN_BRACKETS}*?[，,；;、]){{1,}}{_AMOUNT_IN}{_IN_BRACKETS}*)[)）]"
)


_INNER_END = re.compile(r"[；;]")
#: what makes brackets of amounts no list of parts: budgets, prior years, changes
_NO_PARTS = re.compile(r"预算|决算|上年|年初|调整|执行|增加|减少|增长|下降|比|同期")
#: a number that is no rate: an amount printed without its unit (执行数1032849.44)
_BARE_NUMBER = re.compile(r"\d(?![\d.]*\s*[%％])")
#: how :func:`lists_last` opens a list it moved out of its brackets (其中 and a word joiner)
BRACKETED = "其中\u2060"


def _segments(sentence: str) -> list[str]:
    """The sentence cut after each ； outside brackets."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(sentence):
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        elif ch in "；;" and depth == 0:
            out.append(sentence[start : i + 1])
            start = i + 1
    if start < len(sentence):
        out.append(sentence[start:])
    return out


def lists_last(sentence: str) -> tuple[str, list[str]]:
    """Each list in brackets read after the clause it is in (up to the next ；), as a 其中 of
    the figure before it: ``A 7634.75万元（其中：B…，C…），比年初预算增加…；D…`` → ``A…，比年初预算增加…
    ；其中：B…，C…；D…`` (the 其中 marked :data:`BRACKETED`); and for each list moved, the amount
    its brackets followed (``7634.75万元``, ``800万元，占80%（…）``), whose figure it is of (``?``
    when a number no rate comes between: ``执行数1032849.44（含…）`` printed without its unit)."""
    if "(" not in sentence and "（" not in sentence:
        return sentence, []
    out, owners = [], []
    for seg in _segments(sentence):
        body, end = (seg[:-1], seg[-1]) if seg[-1] in "；;。！？!?" else (seg, "")
        # (brackets of a budget or a change beside an amount: 5万元（年初预算8万元，调整预算6万元）)
        found = [
            m for m in INNER_LIST.finditer(body) if m.group(1) or not _NO_PARTS.search(m.group(2))
        ]
        for m in found:  # (a number after the last amount, not a rate: of no figure, "?")
            before = list(AMOUNT.finditer(body, 0, m.start()))
            between = body[before[-1].end() : m.start()] if before else ""
            right = before and not _BARE_NUMBER.search(between)
            owners.append(before[-1].group(0) if right else "?")
        # (its items may be cut by ；: inside the brackets, not the clause's end)
        lists = [_INNER_END.sub("，", m.group(1) or m.group(2)) for m in found]
        for m in reversed(found):
            body = body[: m.start()] + body[m.end() :]
        out.append(body + "".join(f"；{BRACKETED}：{x}" for x in lists) + end)
    return "".join(out), owners


#: ``公务接待费、公务用车运行维护费分别为10万元、25万元``: items and values listed in the same
#: order (see :func:`respectively`)
_VALUE = rf"{NUM}\s*(?:{UNIT[1:-1]}|%)"
_VERB = r"(为|是|达到?|增加了?|减少了?|增长了?|下降了?|上升了?|降低了?|占)"
#: (a comma between them too: 分别为8607.0亿元,15004.3亿元和9455.6亿元)
_VALUES = rf"({_VALUE}(?:\s*[、和及，,]\s*{_VALUE})+)"
_BETWEEN_VALUES = re.compile(r"\s*[、和及，,]\s*")
RESPECTIVELY = re.compile(
    r"([^，,。；;：:（）()]{0,80}?)(?:分别|各(?=为|是|达|增|减|下|上|降|占))"
    + _VERB
    + r"?\s*"
    + _VALUES
)
#: the same items' next values, with no 分别 of their own (…各增加A、B，增长x%、y%)
#: (…分别为A、B和C，占全市政府采购规模比例为x%、y%和z%: the base named before the values)
_MORE = re.compile(
    r"\s*[，,]\s*(?:分别)?(占[^，,。；;:：\d%]{0,24}?(?:比例|比重|的)(?:为|是)?|"
    + _VERB[1:]
    + r"\s*"
    + _VALUES
)


_ONLY_BASE = re.compile(
    r"^(?:(?:比|较|与|同|对比)\s*(?:上年度?|上一年度?|去年|同期|\d{4}\s*年度?)(?:相比|比较)?|同比)$"
)


def respectively(sentence: str) -> str:
    """``A、B分别为X、Y`` (or ``各为``) → ``A为X，B为Y`` (and 分别增加/减少/占…): each item with its
    own value, when as many items as values are listed; a second 分别 with no items of its own,
    or a list of values right after it, is of the same items (``A、B分别减少2万元、3万元，分别下降10%、20%`` → ``A减少2万元，下降10%；B减少
    3万元，下降20%``). Otherwise the sentence as it is."""
    if "分别" not in sentence and "各" not in sentence:
        return sentence
    out: list[str] = []
    pos = 0
    spread: list[list[str]] = []  # the items of the last 分别 rewritten, each with its values
    for m in RESPECTIVELY.finditer(sentence):
        if m.start() < pos:
            continue  # read already as the values of the items before (…，分别下降10%和20%)
        head = m.group(1).strip()
        base = head if _ONLY_BASE.match(head) else ""  # 比上年分别增加…: of the same items
        items = [i for i in re.split(r"\s*、\s*", "" if base else head) if i]
        if len(items) == 1:
            items = [i for i in re.split(r"\s*和\s*", items[0]) if i]
        values = [v for v in _BETWEEN_VALUES.split(m.group(3)) if v]
        verb = m.group(2) or "为"
        if not items and spread and len(values) == len(spread):
            for said, v in zip(spread, values, strict=True):
                said.append(f"{base}{verb}{v}")
            out.append(sentence[pos : m.start()].rstrip("，, "))
            pos = m.end()
            continue
        if len(items) < 2 or len(items) != len(values):
            continue
        _flush(out, spread)
        out.append(sentence[pos : m.start()])
        spread = [[f"{i}{verb}{v}"] for i, v in zip(_shared_tail(items), values, strict=True)]
        pos = m.end()
        while (more := _MORE.match(sentence, pos)) is not None:
            values = [v for v in _BETWEEN_VALUES.split(more.group(2)) if v]
            if len(values) != len(spread):
                break
            for said, v in zip(spread, values, strict=True):
                said.append(f"{more.group(1)}{v}")
            pos = more.end()
    _flush(out, spread)
    return "".join(out) + sentence[pos:]


def _shared_tail(items: list[str]) -> list[str]:
    """``收入、支出总计`` → 收入总计, 支出总计: items of two characters before a longer last one
    take its tail (the words after its first two characters)."""
    last = items[-1]
    size = len(items[0])
    if size > 2 or len(last) <= size or any(len(i) != size for i in items[:-1]):
        return items  # 公务接待费、公务用车运行维护费: whole names
    tail = last[size:]
    return [*(i + tail for i in items[:-1]), last]


def _flush(out: list[str], spread: list[list[str]]) -> None:
    if spread:
        out.append("；".join("，".join(said) for said in spread))
        spread.clear()


#: a label that names no new subject: the figure before goes on (支出决算为…, 2015年预算…)
CONTINUES = re.compile(
    r"^(?:同比|(?:比|较)(?:上年|去年|同期))$"  # 同比增长14.6%，增收4376万元: the base alone
    r"|^(?:其中)?(?:\d{4}\s*年度?)?(?:全年|年初|实际|当年|本年|调整后的?)?(?:支出|收入)?"
    r"(?:预算|决算|执行|安排){0,2}(?:数|金额|资金)?(?:为|是|共|达|了)?[\s\d.%]*$"
)
#: 预算 inside the name of a fund or a law, not the budget measure
FUND_WORDS = re.compile(
    r"一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算|部门预算|预算单位|预算法"
    r"|(?:安排|补充|调入|动用)?预算稳定调节基金"  # (安排…基金: an item spent, not a plan)
)

GROWTH_DOWN = {"下降率", "减少率", "减幅", "降幅", "下降", "降低", "减少", "减"}


def percent(value: str, sign: int, text: str) -> Percent:
    places = len(value.split(".")[1]) if "." in value else 0
    v = Decimal(value)
    return Percent(-v if sign < 0 else v, places, text)


def sign(word: str) -> int:
    d = VOCABULARY.direction(word)
    if d is None:
        d = -1 if word in GROWTH_DOWN or word.startswith(("减", "下", "降")) else 1
    return d


def factor(unit: str) -> Decimal:
    return VOCABULARY.unit_factor(unit) or Decimal(10000)


def kind_of_amount(words: str) -> str:
    """What kind of amount words name: 执行 (执行数, 决算, 实际支出) or 预算 (预算数, 安排); ""
    when they say neither."""
    if any(k in words for k in ("执行", "决算", "实际")):
        return "执行"
    return "预算" if "预算" in words or "安排" in words else ""


def measure(label: str) -> str:
    """预算 or 决算, from the words just before the number (a heading run into the sentence
    names its section, not this amount)."""
    label = FUND_WORDS.sub("", label)[-10:]
    if "决算" in label:
        return "决算"
    if "预算" in label or "计划" in label or "安排" in label:
        return "预算"
    return ""


#: what is left out before reading: thousands separators, spaces beside a number (PDF text
#: prints ``为 0 万元``, ``的 95.89%``)
#: (and the brackets of a template's direction word left in: 较上年(减少)16.23万元, (减)幅23%)
SQUEEZE = re.compile(
    r"(?<=\d),(?=\d{3}(?!\d))|(?<=\S)[ \t]+(?=\d)|(?<=[\d%])[ \t]+(?=\S)"
    r"|[(（](?=(?:增加|减少|增长|下降|[增减])[)）])"
    r"|(?<=[(（](?:增加|减少|增长|下降))[)）]|(?<=[(（][增减])[)）]"
)


def squeezed(text: str) -> tuple[str, list[int]]:
    """The text with :data:`SQUEEZE` left out, and for each of its characters its offset in
    the text as printed."""
    kept: list[str] = []
    positions: list[int] = []
    last = 0
    for m in SQUEEZE.finditer(text):
        kept.append(text[last : m.start()])
        positions.extend(range(last, m.start()))
        last = m.end()
    kept.append(text[last:])
    positions.extend(range(last, len(text)))
    return "".join(kept), positions or [0]


def budget_kind(text: str) -> str:
    """年初 or 全年 (调整后) budget, or "" when the words do not say."""
    if "年初" in text:
        return "年初"
    return "全年" if "全年" in text or "调整" in text else ""


TITLE_END = re.compile(
    r"(?:部门|单位|区级|县级|市级|本级)(?:预算|决算)|说明|情况|公开|统计表|明细表|的报告"
)


def without_title(text: str) -> str:
    """A page title run into the sentence after it (``某局2025年度部门决算2025年度收入合计``):
    the longest leading title is left out."""
    cut = 0
    for m in TITLE_END.finditer(text):
        rest = text[m.end() :].strip()
        if rest and not CONTINUES.match(LEAD.sub("", rest)) and is_title(text[: m.end()]):
            cut = m.end()
    return text[cut:]


#: what a long name is called for short, and the words after it: ``…公务接待费（简称“三公”经费）
#: 支出合计`` is the 三公 total
_SHORT_NAME = re.compile(r"^.*[(（]简称([^()（）]+)[)）]")


def label(text: str) -> str:
    text = _SHORT_NAME.sub(r"\1", text)
    text = LEAD.sub("", without_title(text.strip()))
    text = text.strip(" :：,，、为是。！？!?")
    # 收入、支出总计各增加… / 均为…: each of the totals named has the amount (the last one named
    # is the one a later amount is looked up by); 均增加… alone: the ones just named
    if text.endswith(("各", "均")):
        return text[:-1].split("、")[-1]
    return text
