"""The indicator phrase of a figure (part of rule family figure.*): what its number measures, from the
words of its clause around it.

The measure is the words before the figure (after the figure before it in a list: 全区现有A1所、B2所) and
the words after it up to the next figure. Dropped from it: lead-ins (一是, 2023年, 1月份, 我市, 全区, 现有),
words of status and aspect (已, 将, 计划, 累计, 均, 保持), comparators (达到, 不低于, 以上) and notes in
brackets after the figure. So a planned and an achieved figure of one measure share one indicator:
计划新改扩建幼儿园22所 and 2023年我市共新改扩建幼儿园32所 both measure 新改扩建幼儿园.
- Two figures of a list part at the first 、 between them, else at the first 和/及 (建设5所A和3所B).
- A sub-count in brackets measures the outer count's measure, restricted: 专任教师8108人(民办563人) ->
  专任教师 8108, 民办专任教师 563; 小学322所(含187个教学点) -> 教学点 187.
- A change 由A提升至B: A and B both measure the words before 由 (优质园占比由去年的60%提升至70% -> 优质园占比),
  at two years (graph/extract/timing.py gives the from-value the year before).
- A count that sums examples (A、B等5个重大项目) measures the words after it (重大项目).
- A level that opens a list of counts is every item's: 全国级文明校园1所、消防安全示范校1所 -> 全国级消防安全示范校.
- 双师型教师占5.29% measures 双师型教师占比.
The phrase is bounded by the clause; only the fallback, a clause in which no measure is found, is cut
(at WHOLE_MAX characters).
"""

from __future__ import annotations

import re

from graph.core.keys import NOT_LEAD, drop_lead
from graph.extract.lexicon import LEAD_FORMS
from graph.extract.numbers import CN_CHARS
from graph.knowledge.words import pairs, pattern, words

DROP_END = tuple(words("figures", "drop_end")) + tuple(words("indicators", "phrase_end"))
POST_CMP = pairs("figures", "post_comparators")
INDICATOR_OPEN = re.compile(pattern("figures", "indicator_open"))
ASPECT = re.compile(pattern("indicators", "phrase_aspect"))
QUALIFIERS = set(words("indicators", "sub_qualifiers"))
SUB_OPEN = re.compile(pattern("indicators", "sub_open"))
LEVEL = re.compile(pattern("indicators", "list_level"))
CHANGE_FROM = re.compile(pattern("indicators", "change_from"))
CHANGE_BASE = re.compile(pattern("indicators", "change_base"))
CHANGE_TO = re.compile(pattern("indicators", "change_to"))
SUBJECT_VERB = re.compile(pattern("indicators", "subject_verbs"))
TIME_END = re.compile(pattern("indicators", "phrase_time_end"))
AFTER_NOT_MEASURE = re.compile(pattern("indicators", "phrase_after_not_measure"))
FRAME_CLOSE = re.compile(pattern("indicators", "phrase_frame_close"))
CONDITION = re.compile(pattern("indicators", "phrase_condition"))
UNITS = "|".join(map(re.escape, sorted(words("figures", "units"), key=len, reverse=True)))
CN_UNITS = "|".join(map(re.escape, words("figures", "cn_units")))
# a figure (with its comparator and its note in brackets): 5所, 3.3万余节, 两次, 173所(81所民办)
FIGURE = re.compile(
    rf"(?:\d+(?:\.\d+)?[万亿]?(?:多|余)?(?:{UNITS})|[{CN_CHARS}]{{1,6}}(?:{CN_UNITS}))"
    r"(?:以上|左右|以内|以下)?(?:[（(][^（()）]{0,30}[）)])?"
)
BARE_LIST = re.compile(
    r"(?:\d+(?:\.\d+)?[万亿]?[、和及])+$"
)  # 提高了7.9、17.6和|10个百分点, 新增学位4.68万和|7000个: values sharing one unit
TRAILING_FIGURE = re.compile(rf"\d+(?:\.\d+)?[万亿]?(?:多|余)?(?:{UNITS})?(?:以上|左右|以内|以下)?$")
WINDOW = 160  # characters read on either side of a figure; a measure is far shorter
LIST_MARK = re.compile(r"[、\s]")
CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


def phrase(text: str, clause: tuple[int, int], s: int, e: int, unit: str = "") -> str:
    """The indicator phrase of the figure text[s:e] in its clause."""
    cs, ce = clause
    if s - cs > WINDOW:  # a hostile clause of thousands of figures: read near the figure, from a list mark
        cut = s - WINDOW
        mark = LIST_MARK.search(text, cut, s)
        cs = mark.end() if mark else cut
    before, after = text[cs:s], _after(text[e : min(ce, e + WINDOW)])
    if FRAME_CLOSE.match(after) and "在" in before:  # 在考生数比去年减少|17101人|的情况下
        k = before.rfind("在")
        before, after = before[:k] + before[k + 1 :], ""
    k = max(before.rfind("("), before.rfind("（"))
    if k >= 0 and not re.search(r"[)）]", before[k:]):  # a sub-count in brackets
        outer = TRAILING_FIGURE.sub("", before[:k].rstrip())
        outer_measure = _measure(outer, "", unit) if outer else ""
        inner = SUB_OPEN.sub("", before[k + 1 :]).strip() + after
        if inner in QUALIFIERS and outer_measure:
            return inner + outer_measure
        return _measure(inner, "", unit) if inner else outer_measure or _whole(text, clause)
    out = _measure(before, after, unit)
    if out and not _untimed(out, keep=0):  # 这个比例2015年仅为70%，到2020年已经超过90%: the clause before's
        return _previous(text, cs, unit) or out
    return out or _whole(text, clause)


def _previous(text: str, cs: int, unit: str) -> str:
    """The measure of the last figure of the clause before (in the same sentence), or ""."""
    if cs < 2 or text[cs - 1] not in "，,":
        return ""
    ps = max(text.rfind(ch, 0, cs - 1) for ch in "，,。；;！？!?\n") + 1
    last = None
    for last in FIGURE.finditer(text, ps, cs - 1):  # noqa: B007 -- the last figure of that clause
        pass
    return _measure(text[ps : last.start()], "", unit) if last is not None else ""


def _part(between: str) -> re.Match[str] | None:
    """Where two figures of a list part: the first 、 between them, else the first 和/及."""
    return re.search("、", between) or re.search("以及|和|及", between)


def _after(after: str) -> str:
    """The words after a figure that belong to its measure: not a comparator, a note in brackets, the
    change to another value (提升至70%) or the next figure of a list."""
    for word, _ in POST_CMP:
        if after.startswith(word):
            after = after[len(word) :]
    after = re.split(r"[（()）]", after, maxsplit=1)[0]
    nxt = FIGURE.search(after) or re.search(r"\d", after)
    if nxt:
        mark = _part(after[: nxt.start()])
        after = after[: mark.start()] if mark else after[: nxt.start()]
        if CHANGE_TO.search("0" + after):  # 60%|提升至70%: the words of the change, not a measure
            after = ""
    return "" if AFTER_NOT_MEASURE.match(after) else after.lstrip("的")


def _measure(before: str, after: str, unit: str) -> str:
    before = BARE_LIST.sub("", before.strip())
    level = LEVEL.match(drop_lead(INDICATOR_OPEN.sub("", before)))  # 全区现有|全国级|文明校园1所、…
    last = None
    for last in FIGURE.finditer(before):  # noqa: B007 -- the last figure before this one
        pass
    mark = _part(before[last.end() :]) if last is not None else None
    if last is not None and mark:
        item = before[last.end() + mark.end() :]
        if item and not _untimed(item, keep=0) and last.start() > 0:
            return _measure(before[: last.start()], after, unit)  # 占比2022年底达到35%、2023年底达到45%
        before = item
    base = _changed(before)
    if base is not None:
        before = base
    cond = None
    for cond in CONDITION.finditer(before):  # noqa: B007 -- the last condition before the figure
        pass
    if cond is not None and len(before) - cond.end() >= 2:
        before = before[cond.end() :]  # 这6个项目竣工后可|新增学位
    before = INDICATOR_OPEN.sub("", before.strip()) or before
    before = _untimed(before.strip())
    # the longest lead word that leaves 2 characters of the measure (or none when the words after it
    # are the measure: 实现|3600余所|学校)
    keep = 0 if len(after) >= 2 else 2
    lead = (
        None
        if before.startswith(NOT_LEAD)
        else next(LEAD_FORMS.starting(before, 0, len(before) - keep), None)
    )
    if lead is not None:
        before = before[len(lead) :]
    if len(after) >= 3 and (before.endswith("等") or "、" in before):
        before = (
            ""  # A、B等5个重大项目: the count is of 重大项目, the list names examples (not of 行动 alone)
        )
    if not before.strip() and (verb := SUBJECT_VERB.search(after)):
        after = after[: verb.start()]  # 400名|初一新生|成为该校第一批新生: the noun, not the sentence
    out = (before + after).strip().replace("“", "").replace("”", "")
    out = drop_lead(CJK_SPACE.sub("", ASPECT.sub("", out)))
    if unit == "%" and out.endswith("占"):
        out += "比"
    if level and mark and not LEVEL.match(out):  # 全国级文明校园1所、消防安全示范校1所: both 全国级
        out = level.group() + out
    return out


def _changed(before: str) -> str | None:
    """The measure of a from-value or a to-value of a change: the words before 由 (or None)."""
    for m in reversed(list(CHANGE_FROM.finditer(before))):
        tail = before[m.end() :]
        if CHANGE_BASE.match(tail) or CHANGE_TO.search(tail):
            return before[: m.start()]
    return None


def _untimed(before: str, keep: int = 2) -> str:
    """The words before a figure without their ending comparators and the time that ends them
    (占比2019年底达到 -> 占比), unless fewer than `keep` characters would be left."""
    before = drop_end(before)
    timed = TIME_END.search(before)
    return drop_end(before[: timed.start()]) if timed and timed.start() >= keep else before


def drop_end(before: str) -> str:
    """The words before a figure without the comparators and status words that end them."""
    changed = True
    while changed and before.endswith(DROP_END):  # (a pass changes nothing when no word ends it)
        changed = False
        for w in DROP_END:
            if before.endswith(w):
                before, changed = before[: -len(w)], True
    return before


WHOLE_MAX = 40  # characters of a clause that stands for a figure whose measure is not found


def _whole(text: str, clause: tuple[int, int]) -> str:
    """The clause itself, when no measure is found, cut at WHOLE_MAX characters (a clause of bare counts
    is as long as its figures are many: every figure's label would be all of it)."""
    return CJK_SPACE.sub("", text[clause[0] : clause[1]].strip())[:WHOLE_MAX]
