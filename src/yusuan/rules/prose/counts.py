"""Counts stated in prose with the items they are made of: ``共有车辆5辆，其中：一般公务用车3辆，
执法执勤用车2辆`` (S010). Items of one unit (辆, 个, 人, 台（套）…) listed after 其中 up to the
clause's end add up to no more than the total; two or more that add up to less are noted, since a
其中 list may leave items out."""

from __future__ import annotations

import re
from collections.abc import Iterator

from yusuan.lang.numerals import count_of
from yusuan.rules.context import Context
from yusuan.rules.figures import SOURCE
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.registry import rule

_UNIT = r"(辆|人次|人|名|个|台（套）|台\(套\)|台|套|项|家|所|处|批次|批|团组|户|座)"
#: a count followed by its 其中 list (found from the number: a pattern that starts with the
#: label would be tried at every character of the text)
#: (a count may print thousands apart: 9,245人; its 其中 after a colon, a full stop or in brackets)
_N = r"(\d{1,3}(?:,\d{3})+|\d{1,7})"
_COUNT = re.compile(_N + r"\s*" + _UNIT + r"?\s*[，,。:：]?\s*[（(]?其中\s*[：:，,]?\s*([^。；;]+)")
#: …and the words before it that say what is counted
_LABEL = re.compile(r"([^，,。；;：:\d]{2,20}?)(?:共计|合计|总计|共有|共)?\s*$")
_PART = re.compile(r"([^，,、。；;：:\d]{2,20}?)\s*" + _N + r"\s*" + _UNIT + "?")
#: what a count of people is called when the number stands without 人 (编制人数42，其中：…)
_PEOPLE = re.compile(r"人数(?:小计|合计)?\s*$")
_NEW_TOTAL = re.compile(r"共|合计|总计|实有|总数")
_BRACKETS = re.compile(r"[(（][^()（）]*[)）]")
_CHANGE = re.compile(r"[比较]上年|同比|增加|减少|增长|下降")
#: people counted apart from the staff a total counts (编制, 在职, 教职工)
_RETIRED = re.compile(r"退休|离休|遗属")
#: what is counted apart from a total, not an item of it: 另有…, 本年度安排购置…, 新招收…
_APART = re.compile(r"^另|还有|此外|安排|拟|新增|新招|购置|转入|转出|调入|调出")
#: a 其中 after a full stop or in brackets (looser than ，其中: perhaps some of the total only)
_LOOSE_LEAD = re.compile(r"\s*(?:。|[（(])\s*其中|\s*[，,]?\s*[（(]其中")
#: the staff on the roll, not the posts a 编制 counts (编制人数197人，其中全额编制34人，实际在岗345人)
_ON_ROLL = re.compile(r"实际|实有|在岗")


@rule("S010", "其中所列数量之和与总数不符", category="narrative", severity="error", source=SOURCE)
def check_counted_parts(ctx: Context) -> Iterator[Finding]:
    """``车辆6辆，其中：一般公务用车3辆，执法执勤用车2辆``: 3 + 2 is not 6. More than the total is an
    error; less, with two or more items listed, a warning (the list may leave items out)."""
    for para in ctx.package.paragraphs:
        text = para.text
        if "其中" not in text:
            continue
        end = 0  # where the list before ended
        for m in _COUNT.finditer(text):
            if m.start() < end:
                continue
            head = _LABEL.search(text, max(end, m.start() - 40), m.start())
            if head is None:
                continue
            end = m.end()
            label = re.sub(
                r"^(?:截至[^，,]*[，,])?(?:共有|共计|共|合计|总计)", "", head.group(1).strip()
            )
            if _CHANGE.search(label):
                continue  # 实有职工50人，比上年同期减少4人，其中…: the 其中 is not of the change
            total, unit = _int(m.group(1)), m.group(2) or _people(label)
            if unit is None:
                continue
            parts = []
            retired: list[tuple[str, int]] = []  # 退休人员22人 after a staff total: counted apart?
            listing = m.group(3)
            colon = re.search(r"[:：]", text[m.start() : m.start(3)])
            if (
                colon
                and text[m.end() : m.end() + 1] in ("；", ";")
                and not re.search(r"[、，,]", listing)
            ):
                # 科室55个：其中临床科室21个；医技科室7个；…: a list of its own cut at ；
                # (not 行政编制74人，其中工勤编制3人；事业编制6人: a peer after the ；)
                stop = text.find("。", m.end())
                listing = text[m.start(3) : stop if stop >= 0 else len(text)]
                end = max(end, m.start(3) + len(listing))
            listing = _BRACKETS.sub("", listing)  # 局本级187人（在职139人、…）: its own parts
            skipped = False  # a number of no count among the items (专技6级1人): unread
            for p in _PART.finditer(listing):
                if (p.group(3) or _people(p.group(1))) is None:
                    skipped = True
                    continue  # a number of no count (年, an amount): not an item
                if (p.group(3) or "人") != unit or _NEW_TOTAL.search(p.group(1)):
                    break  # another kind of count, or a new total: the list has ended
                if _CHANGE.search(p.group(1)) or _APART.search(p.group(1)):
                    break  # 离休人员4人，比上年减少1人 / 另有代课教师50人 / 本年度安排购置车辆1辆
                if "编制" in label and _ON_ROLL.search(p.group(1)) and "编" not in p.group(1):
                    break  # the staff on the roll after the posts: another count
                item = p.group(1).strip(" ：:，,").removeprefix("其中").strip(" ：:，,")
                if retired or (_RETIRED.search(p.group(1)) and not _RETIRED.search(label)):
                    retired.append((item, _int(p.group(2))))
                    continue  # 退休职工28人 after the staff of a 在职 total: counted apart…
                parts.append((item, _int(p.group(2))))
            if retired and sum(n for _, n in parts + retired) == total:
                parts += retired  # …unless the total counts them (职工210人：在职184、…、退休22)
            parts = _outer(parts, loose=False)
            if sum(n for _, n in parts) != total:  # 在职人数49，行政在职人数19、…: a level in it
                nested = _outer(parts, loose=True)
                parts = nested if sum(n for _, n in nested) == total else parts
            listed = sum(n for _, n in parts)
            if not parts or listed == total or (listed < total and len(parts) < 2):
                continue
            if skipped or (listed < total and _cut(text, max(m.end(), end))):
                continue  # (…，其中行政编13个、全额事业编45个、差额: the page's text ends in the list)
            loose = _LOOSE_LEAD.match(text, m.end(2) if m.group(2) else m.end(1))
            if loose and (total - listed) * 50 > total:
                # 在校学生1200人。其中，新招收300人… / （其中：…）: some of them, perhaps; only a
                # shortfall small enough to be a slip (9,245人。其中：1,845人、7,399人) is asked about
                continue
            names = "、".join(f"{name}{n}{unit}" for name, n in parts)
            over = listed > total
            yield ctx.finding(
                f"「{label}」共{total}{unit}，其中所列{names}合计{listed}{unit}，"
                + ("超过总数。" if over else f"少{total - listed}{unit}，请核实是否漏列。"),
                para.at(head.start()).at(row=label),
                stated=str(total),
                expected=str(listed),
                difference=None,
                severity=None if over else Severity.WARNING,
            )


def _int(printed: str) -> int:
    return int(printed.replace(",", ""))


def _cut(text: str, end: int) -> bool:
    """The list runs to the end of the text, which ends in no full stop: a page cut short."""
    return not text[end:].strip() and not text.rstrip().endswith(("。", "；", ";", "）", ")", "！"))


def _people(label: str) -> str | None:
    """人 for a label counting people with its number standing alone (编制人数42), else None."""
    return "人" if _PEOPLE.search(label) else None


def _outer(parts: list[tuple[str, int]], loose: bool) -> list[tuple[str, int]]:
    """The items of the list itself: the items after a 小计 that add up to it are its parts
    (``在职人数小计11人，行政在职人数0人，…全部补助事业在职人数11人``), not the list's; with
    ``loose``, the items after any item that add up to it."""
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(parts):
        name, n = parts[i]
        out.append(parts[i])
        i += 1
        if not loose and "小计" not in name:
            continue
        acc, j = 0, i
        while j < len(parts) and acc < n:
            acc += parts[j][1]
            j += 1
        if acc == n and j > i:
            i = j
    return out


#: a count of bodies followed by their names: 内设机构8个，即办公室、…; 直属事业单位10个，分别是…
_NAMED = re.compile(
    r"(\d{1,2}|[一二三四五六七八九十两]{1,3})\s*(?:个|家|所)([^，,。；;：:\d（(]{0,10}?)\s*[，,]?\s*"
    r"[（(]?(?:即|分别是|分别为|具体是|具体为|包括)[:：]?\s*([^。；;：:]+)"
)


def _closing(names: str) -> int | None:
    """Where the bracket that opened before ``names`` closes (an aside's own brackets inside
    skipped: 16个内设机构(包括：办公室(行政审批科)、…)), None when it does not."""
    depth = 1
    for i, c in enumerate(names):
        depth += (c in "(（") - (c in ")）")
        if depth == 0:
            return i
    return None


#: names and then their count: 内设有A、B…和H等九个职能科室; 共设A、B…L13个内设机构
_NAMED_BEFORE = re.compile(
    r"(?:内设有?|共设有?|下设有?|设有)[:：]?\s*([^。；;：:，,\d]{2,}?(?:、[^。；;：:，,\d]+?)+?)"
    r"\s*(等?)\s*(\d{1,2}|[一二三四五六七八九十两]{1,3})\s*(?:个|家|所)"
    r"((?:(?!以及|和|及)[^，,。；;：:\d]){0,8})"
)
#: the sentence after a list naming more that the count holds: 另有四个派出法庭, 此外还有2个…
_MORE = re.compile(
    r"\s*(?:另有|另设|此外还有|还有)\s*(\d{1,2}|[一二三四五六七八九十两]{1,3})\s*(?:个|家|所)"
)


def _names(listed: str, n: int | None) -> list[str]:
    """The names of a list (A、B和C): cut at 、 and commas, and at a last 和/及 unless the names
    make the count without that cut (发展和改革局 is one name)."""
    names = [x.strip() for x in re.split(r"[、，,]", listed) if x.strip()]
    if names and len(names) != n:
        last = [x.strip() for x in re.split(r"和|及", names[-1])]
        if len(last) == 2 and all(last):
            names[-1:] = last
    return names


@rule("S012", "所列名称个数与总数不符", category="narrative", severity="warning", source=SOURCE)
def check_named_count(ctx: Context) -> Iterator[Finding]:
    """``直属事业单位10个，即A、B、…`` naming 9, ``内设A、B…和H等九个职能科室`` naming 8, or one
    name twice: the count and the names disagree."""
    for para in ctx.package.paragraphs:
        for printed, what, listed, start, end in _named_lists(para.text):
            n = count_of(printed)
            names = _names(_BRACKETS.sub("", listed), n)  # (组织宣传处(人事处、对外联络处): one)
            if (
                n is None
                or len(names) < 2
                or _cut(para.text, end)  # the page's text ends in the list
                or any(len(x) > 20 or re.search(r"\d", x) for x in names)
            ):
                continue  # (a number among them: no list of names)
            twice = sorted({x for x in names if names.count(x) > 1})
            more = _MORE.match(para.text, end + 1)  # 。另有四个派出法庭…: counted apart
            apart = (count_of(more.group(1)) or 0) if more else 0
            if n in (len(names), len(names) + apart) and not twice:
                continue
            before = re.search(r"([^\d，,。；;：:]{2,12})$", para.text[max(0, start - 12) : start])
            what = what or (before.group(1).strip() if before else "") or "单位"
            yield ctx.finding(
                f"称{what}{printed}个，所列名称{len(names)}个（{'、'.join(names)}）"
                + (f"，其中「{'、'.join(twice)}」重复" if twice else "")
                + "。",
                para.at(start),
                stated=str(n),
                expected=str(len(set(names))),
            )


def _named_lists(text: str) -> Iterator[tuple[str, str, str, int, int]]:
    """Each count with the names it lists: (the count as printed, what is counted, the names,
    where the claim starts, where the names end). The names after the count may be some only
    (…等, or cut at 、); before it, ``A、B和C三个科室`` names them all, and ``A、B…等16个股室``
    some (fewer than the count after 等)."""
    for m in _NAMED.finditer(text):
        names, end = m.group(3).rstrip(), m.end()
        if re.search(r"[（(]", text[m.end(2) : m.start(3)]):  # 16个内设机构(包括：A、B…)
            close = _closing(names)
            if close is None:
                continue  # (the page's text ends inside the brackets)
            names, end = names[:close], m.start(3) + close
        if not names.endswith(("等", "、", "，", ",")):
            yield m.group(1), m.group(2).strip(), names, m.start(), end
    for m in _NAMED_BEFORE.finditer(text):
        n = count_of(m.group(3))
        some = bool(m.group(2)) and (n or 0) > len(_names(_BRACKETS.sub("", m.group(1)), n))
        if not some:  # (A、B…F等16个股室: 等 before a count over the names: some of them)
            yield m.group(3), m.group(4).strip(), m.group(1), m.start(1), m.start(3)
