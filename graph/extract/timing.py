"""Status and year of a figure, as the document means them (part of rule family figure.*).

Status: a clause marked as done (已, 去年) is achieved; a clause marked as future (将, 计划, 力争, 到2025年),
or one inside the scope of a future word earlier in its sentence (将 scopes over coordinated clauses),
is planned; a completion or standing-count cue (开工, 完工, 启用, 创成, 现有, 共有) is achieved; else the
headings over it (发展基础, 基本情况, 回顾 review the past; 计划, 安排 plan), the half of a mid-year
review, a governing year before or after the year reported on, and last the document's genre (a
review, report or news reports what was done; a work plan or 规划 what is to be done).

Year: a year in brackets after the figure (88.67%(2024年)); else the explicit year before it in its
clause, then in its sentence; else the year that opens an earlier sentence of its paragraph; else the
year of its heading (2013年工作回顾; a review of 十一五 reports on 2010); none in a section on the
standing state (基本情况) that names none; else the year reported on. Base years of comparisons
(比2015年) and starts of spans (2018年以来) are never the figure's year; 去年 dates only the number it
stands before; the from-value of a change (由47%提升至62%) is the year before the to-value's.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from graph.core.model import Document
from graph.extract import future as future_words
from graph.extract.headings import Heading, heads_over
from graph.extract.periods import PERIOD, PERIOD_SPAN, PERIODS, period_ends, period_spans
from graph.extract.positions import dates_in, last_before, last_word, places, scope_in, years_in
from graph.knowledge.words import pairs, pattern

FUTURE = re.compile(pattern("figures", "future"))
FUTURE_SCOPE = re.compile(pattern("figures", "future_scope"))
ALREADY = re.compile(pattern("figures", "already"))
PAST_SCOPE = re.compile(pattern("figures", "past_scope"))
DONE = re.compile(pattern("figures", "done"))
STANDING = re.compile(pattern("figures", "standing"))
REVIEW_GENRE = re.compile(pattern("figures", "review_genre"))
PLAN_GENRE = re.compile(pattern("figures", "plan_genre"))
PLAN_OPENING = re.compile(pattern("figures", "plan_opening"))
STANDING_HEAD = re.compile(pattern("figures", "standing_head"))
ACHIEVED_HEAD = re.compile(pattern("segments", "achieved_head"))
PLANNED_HEAD = re.compile(pattern("segments", "planned_head"))
BASE_BEFORE = re.compile(pattern("figures", "base_before"))
SPAN_AFTER = re.compile(pattern("figures", "span_after"))
FROM_BEFORE = re.compile(pattern("figures", "from_before"))
TO_WORD = re.compile(pattern("figures", "to_word"))
CHANGE = re.compile(pattern("figures", "change"))
CONTINUED = re.compile(pattern("figures", "continued_paragraph"))
QUOTED_TASK = re.compile(pattern("figures", "quoted_task"))
RELATIVE = [(w, int(n)) for w, n in pairs("figures", "relative_years")]
RELATIVE_WORDS = tuple(w for w, _ in RELATIVE)
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年(?![\d月])")
# a date that opens a sentence or a paragraph dates it (2022年9月5日，某园新建项目完工…)
OPENING_DATE = re.compile(r"(?:^|(?<=[\n。；;！？!?]))\s*((?:19|20)\d{2})年\d{1,2}月", re.M)
# a year and month in a figure's own clause dates it too (于2013年4月对全县56所民办园进行了检查)
CLAUSE_DATE = re.compile(r"((?:19|20)\d{2})年\d{1,2}月")
BRACKET_YEAR = re.compile(r"\s*[（(]((?:19|20)\d{2})年?(?:底|末)?[)）]")
SENTENCE_END = "。！？!?；;"


@dataclass(frozen=True)
class Scope:
    """What governs one figure: its document, clause, sentence and paragraph spans, and its headings."""

    doc: Document
    clause: tuple[int, int]
    start: int
    end: int


def genre(doc: Document) -> str:
    """review or plan: what the document as a whole reports."""
    return _genre(doc.meta.title, doc.text[:300], doc.meta.kind)


@lru_cache(maxsize=256)
def _genre(title: str, opening: str, kind: str) -> str:
    if REVIEW_GENRE.search(title):
        return "review"
    if PLAN_GENRE.search(title):
        return "plan"
    if REVIEW_GENRE.search(opening):
        return "review"
    if PLAN_OPENING.search(opening) or kind == "work plan":
        return "plan"
    return "review"


def _explicit_years(text: str, start: int, end: int, own: bool = False) -> list[int]:
    """Years written in text[start:end] that can date a figure: not base years, span starts or titles
    (with `own`, text[start:end] is the figure's clause up to it, where a date's year counts too)."""
    found = []
    dates = dates_in(OPENING_DATE, text, start, end) + (
        dates_in(CLAUSE_DATE, text, start, end) if own else []
    )
    opens, closes = places(text, "《"), places(text, "》")
    for f in sorted([*years_in(text, start, end), *dates], key=lambda f: f.year_at):
        before = text[max(start, f.at - 3) : f.at]
        if BASE_BEFORE.search(before) or SPAN_AFTER.match(text, f.stop):
            continue
        if FROM_BEFORE.search(before) and TO_WORD.search(text, f.stop, end):
            continue  # 从2021年的27%提升至55%: the from-value's year, not the to-value's
        if last_before(opens, start, f.at) > last_before(closes, start, f.at):
            continue
        found.append(f.year)
    return found


def _relative(text: str, doc: Document) -> int | None:
    """去年, 今年 … written in text, read against the year reported on."""
    if doc.meta.year is None:
        return None
    for word, delta in RELATIVE:
        if word in text:
            return doc.meta.year + delta
    return None


def _bounds(text: str, pos: int, stops: str) -> int:
    """Where the run of text before `pos` without any of `stops` starts (bisect in the stops' places)."""
    at = places(text, stops)
    k = bisect_left(at, pos)
    return at[k - 1] + 1 if k else 0


def _next_stop(text: str, pos: int, stops: str) -> int:
    """The first place at or after `pos` of one of `stops` (the end of the text when none is)."""
    at = places(text, stops)
    k = bisect_left(at, pos)
    return at[k] if k < len(at) else len(text)


_FROM = re.compile(r"[由从]$")


@lru_cache(maxsize=256)
def _clause_marks(text: str, start: int, end: int) -> tuple[bool, bool, bool, bool]:
    """Whether the clause text[start:end] holds ALREADY, FUTURE, STANDING, DONE: once per clause, not once
    per figure of it."""
    clause = text[start:end]
    return (
        bool(ALREADY.search(clause)),
        bool(FUTURE.search(clause)),
        bool(STANDING.search(clause)),
        bool(DONE.search(clause)),
    )


@lru_cache(maxsize=256)
def _standing_in(text: str, start: int, end: int) -> bool:
    return bool(STANDING.search(text, start, end))


def status(sc: Scope) -> str:
    doc, text = sc.doc, sc.doc.text
    sent_start = _bounds(text, sc.start, SENTENCE_END + "\n")
    already, future, standing, done = _clause_marks(text, *sc.clause)
    if text.rfind("“", sent_start, sc.start) > text.rfind("”", sent_start, sc.start) and QUOTED_TASK.match(
        text, sc.end
    ):
        return "planned"  # 超额完成“开工40所，推动完工50所”市办实事任务: the task's figures
    if already:
        return "achieved"
    if future and not future_words.not_planning(text, sc.clause, sc.start, sc.end, _in_review(sc)):
        return "planned"
    if scope_in(FUTURE_SCOPE, text, sent_start, sc.clause[0]):
        return "planned"
    if scope_in(PAST_SCOPE, text, sent_start, sc.clause[0]):
        return "achieved"
    over = heads_over(doc, sc.start)
    if standing or (done and genre(doc) == "review" and not any(PLANNED_HEAD.search(h.title) for h in over)):
        return (
            "achieved"  # in a plan, or under a review's part on plans, 建成 and 开工 name what is to be done
        )
    for h in over:
        if STANDING_HEAD.search(h.title) or ACHIEVED_HEAD.search(h.title):
            return "achieved"
        if PLANNED_HEAD.search(h.title):
            return "planned"
    seg = doc.segment_at(sc.start, "sentence")
    if seg is not None and seg.status:
        return seg.status
    explicit = _governing(sc)
    governing = explicit or _period_before(sc, "planned")  # “十三五”期间 in a 2021 text: done
    if (
        explicit is None
        and governing is not None
        and doc.meta.year is not None
        and governing <= doc.meta.year
    ):
        return "achieved"  # a period over by the writing (“十三五”期间 in a 2020 report on the next plan)
    if governing is not None and doc.meta.year is not None and governing != doc.meta.year:
        return "achieved" if governing < doc.meta.year else "planned"
    sentence_end = _next_stop(text, sc.clause[1], SENTENCE_END + "\n")
    if _standing_in(text, sent_start, sentence_end):
        return "achieved"
    return "achieved" if genre(doc) == "review" else "planned"


def _in_review(sc: Scope) -> bool:
    """The figure stands in a part reviewing the past (一、过去一年工作回顾, 一、2022年工作总结 in 2023)."""
    year = sc.doc.meta.year
    for h in heads_over(sc.doc, sc.start):
        if ACHIEVED_HEAD.search(h.title) or STANDING_HEAD.search(h.title):
            return True
        named: list[int | None] = [*_explicit_years(h.title, 0, len(h.title))] or [_relative(h.title, sc.doc)]
        if year is not None and named[-1] is not None:
            return named[-1] < year
    return False


def _governing(sc: Scope) -> int | None:
    """The explicit year of the figure's clause, sentence or paragraph (None when none is written); the
    last figure's is kept (its status and its year both ask)."""
    last = _LAST_GOVERNING[0]  # one read: a (scope, year) pair that no other thread changes
    if last[0] is sc:
        return last[1]
    found = _governing_of(sc)
    _LAST_GOVERNING[0] = (sc, found)
    return found


_LAST_GOVERNING: list[tuple[Scope | None, int | None]] = [(None, None)]


def _governing_of(sc: Scope) -> int | None:
    doc, text = sc.doc, sc.doc.text
    m = BRACKET_YEAR.match(text, sc.end)
    if m:
        return int(m.group(1))
    own = _explicit_years(text, sc.clause[0], sc.start, own=True)
    if own:
        return own[-1]
    # 去年 dates the number it stands before, not one after a change word (由去年的60%提升至70%)
    rel_at = max((last_word(text, w, sc.clause[0], sc.start) for w, _ in RELATIVE), default=-1)
    based = rel_at >= 0 and BASE_BEFORE.search(text, max(0, rel_at - 3), rel_at)  # 比去年减少17101人
    if rel_at >= 0 and not based and not re.search(r"[至到]", text[rel_at : sc.start]):
        return _relative(text[rel_at : sc.start], doc)
    sent_start = _bounds(text, sc.start, SENTENCE_END + "\n")
    earlier = _explicit_years(text, sent_start, sc.clause[0])
    ends = period_ends(text, sent_start, sc.start)  # 到“十四五”末，…: the period's last year
    if earlier or ends:
        return earlier[-1] if earlier else ends[-1]
    # the last sentence of the paragraph up to this one (or the paragraph's start) that opens with a
    # year or a relative year
    para_start = _bounds(text, sc.start, "\n")
    starts, openings = _dated_openings(text)
    k = bisect_right(starts, sent_start) - 1
    opening = openings[k] if k >= 0 and starts[k] > para_start else _opening(text, para_start)
    if opening is None:
        return None
    year, word = opening
    return year if word is None else _relative(word, doc)


@lru_cache(maxsize=64)
def _dated_openings(text: str) -> tuple[list[int], list[tuple[int | None, str | None]]]:
    """The starts of the sentences (after a sentence end) that open with a year or a relative year,
    with what they open with, listed once per text."""
    starts, openings = [], []
    for i in places(text, SENTENCE_END):
        opening = _opening(text, i + 1)
        if opening is not None:
            starts.append(i + 1)
            openings.append(opening)
    return starts, openings


def _opening(text: str, start: int) -> tuple[int | None, str | None] | None:
    """(year, None) for a sentence opening with a year (not the start of a span), (None, word) for one
    opening with a relative year (去年), else None."""
    lead = text[start : start + 12].lstrip()
    m = YEAR.match(lead) or OPENING_DATE.match(lead)
    if m and not SPAN_AFTER.match(lead, m.end()):
        return int(m.group(1)), None
    if not lead.startswith(RELATIVE_WORDS):
        return None  # (what the loop below finds for most sentences, at the cost of one call)
    for word, _ in RELATIVE:
        if lead.startswith(word):
            return None, word
    return None


def _heading_year(sc: Scope) -> tuple[int | None, bool]:
    """The year a heading over the figure names, and whether that heading is on the standing state."""
    standing = False
    review_at = -1  # the start of the outermost heading over the figure that reviews the past
    for h in heads_over(sc.doc, sc.start):
        years = _explicit_years(h.title, 0, len(h.title))
        if years:
            return years[-1], False
        p = PERIOD.search(h.title)
        if p:
            return PERIODS[p.group()], False
        relative = _relative(h.title, sc.doc)  # 二、今年的重点工作, 一、过去一年的工作
        if relative is None and not STANDING_HEAD.search(h.title):
            relative = _section_opening(sc.doc, h)
        if relative is not None:
            return relative, False
        standing = standing or bool(STANDING_HEAD.search(h.title))
        if STANDING_HEAD.search(h.title) or ACHIEVED_HEAD.search(h.title):
            review_at = h.start
    if review_at >= 0:  # 一、基础与条件 … “十三五”期间，…: the review reports on the period's last year
        starts, periods = period_spans(sc.doc.text)
        k = bisect_left(starts, sc.start)
        if k and starts[k - 1] >= review_at:
            return periods[k - 1], False
    return None, standing


SECTION_DATED = re.compile(r"\s*[^，,。；;\n]{2,8}[，,]")  # 2023年， 过去一年，: a phrase of time alone


def _section_opening(doc: Document, h: Heading) -> int | None:
    """The year the first paragraph under a heading on a line of its own opens with (一、珍视成绩 /
    2023年，县委、县政府…): it dates the section's paragraphs that name none."""
    text = doc.text
    end = text.find("\n", h.start)
    if end < 0 or end - h.start > len(h.title) + 6:
        return None  # an inline heading: its own paragraph's opening dates it
    opening = _opening(text, end + 1)
    if opening is None or not SECTION_DATED.match(text, end + 1):
        return None  # 2023年辖区共有学校46所: a count's date, not the section's
    year, word = opening
    return year if word is None else _relative(word, doc)


def _already(sc: Scope) -> bool:
    """已 in the figure's clause: done as of the writing, so in the year reported on."""
    return bool(ALREADY.search(sc.doc.text, sc.clause[0], sc.clause[1]))


def _period_before(sc: Scope, state: str) -> int | None:
    """A period named as a span earlier in the figure's paragraph (“十三五”期间，…新增学位1.37万个) dates
    the figure by its last year; a period not yet over does not date what was done."""
    text = sc.doc.text
    para = text.rfind("\n", 0, sc.start) + 1
    if para > 1 and CONTINUED.match(text, para):  # 其中，…: the paragraph goes on from the one before
        para = text.rfind("\n", 0, para - 1) + 1
    found = [m for m in PERIOD_SPAN.finditer(text, para, sc.start) if m.group(2) != "以来"]
    if not found:
        return None
    end = PERIODS[found[-1].group(1)]
    done = sc.doc.meta.year
    return None if state == "achieved" and done is not None and end > done else end


def _period_end(doc: Document, state: str) -> int | None:
    """A plan for a period (某县“十四五”教育事业发展规划) plans its figures for the period's last year."""
    p = PERIOD.search(doc.meta.title)
    return PERIODS[p.group()] if p and state == "planned" and PLAN_GENRE.search(doc.meta.title) else None


def year(sc: Scope, state: str) -> int | None:
    doc, text = sc.doc, sc.doc.text
    governing = _governing(sc)
    if governing is None:
        head_year, standing = _heading_year(sc)
        if head_year is not None or (head_year := _period_before(sc, state)) is not None:
            governing = head_year
        elif standing or (state == "achieved" and genre(doc) != "review" and not _already(sc)):
            return None  # a standing count, or a past figure in a plan: no year is reported on
        else:
            governing = _period_end(doc, state) or doc.meta.year
    before = text[sc.clause[0] : sc.start]
    from_value = _FROM.search(before) and CHANGE.match(text, sc.end)
    if governing is not None and from_value and not _explicit_years(text, sc.clause[0], sc.start):
        return governing - 1
    return governing
