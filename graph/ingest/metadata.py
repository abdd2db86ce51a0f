"""Document metadata inferred from the text: title, date, year, home place (city and county).

Published documents open with page furniture (来源, 发布日期, 浏览次数, datelines, bylines, 第08版,
时间/地点 of a press conference) that is not their title; a notice that prints a document (关于印发…的通知)
is titled by its own first line, and a text whose first line is a salutation is titled by the document it
prints. The year is the title's, else the dateline's, else the first year of the text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from graph.core.model import DocMeta
from graph.ingest.homes import NEWS_DATELINE, infer_city, infer_county
from graph.knowledge import gazetteer
from graph.knowledge.words import entry as lexicon_entry
from graph.knowledge.words import pattern

META_LINE = re.compile(pattern("metadata", "meta_line"))
DATELINE = re.compile(pattern("metadata", "dateline"))
PAGE_LINE = re.compile(pattern("metadata", "page_line"))
CAPTION = re.compile(pattern("metadata", "caption"))
SUBTITLE = re.compile(pattern("metadata", "subtitle"))
PRINTED = re.compile(pattern("metadata", "printed"))
SELF_PLAN = re.compile(pattern("metadata", "self_plan"))
ISSUER_LINE = re.compile(pattern("metadata", "issuer_line"))
DOC_NUMBER = re.compile(str(lexicon_entry("metadata", "doc_number")))
TITLE_MARK = re.compile(str(lexicon_entry("metadata", "title_mark")))
TARGET_YEAR = re.compile(pattern("metadata", "target_year"))
NOT_DATED_BEFORE = re.compile(pattern("metadata", "not_dated_before"))
LOOKING_BACK = re.compile(pattern("metadata", "looking_back"))
SPAN_START = re.compile(pattern("figures", "span_after"))
FURNITURE = re.compile(pattern("segments", "furniture"))
TERMINAL = "。；;！？!?"
SECTION_HEAD = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、])"
)
CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
HEAD_LINES = 8
OPENING_YEAR = re.compile(r"((?:19|20)\d{2}) ?年度?[，,]")


# the five kinds of furniture line in one pattern (a line is furniture when one of them matches at its start)
ANY_FURNITURE = re.compile(
    "|".join(f"(?:{r.pattern})" for r in (FURNITURE, META_LINE, DATELINE, PAGE_LINE, CAPTION))
)


SHORT_LINE = 200  # the answers for lines up to this long are kept by the thousand, for longer ones four


def is_furniture(line: str) -> bool:
    """A header line that is page metadata, not text: 来源:…, a dateline, 第08版, 字体大小, a caption (…↓)."""
    return _furniture(line) if len(line) <= SHORT_LINE else _furniture_long(line)


def _is_furniture(line: str) -> bool:
    line = line.strip()
    return not line or ANY_FURNITURE.match(line) is not None


# a line is asked again by several readers (a long one by each body named on it: some patterns read it
# to its end); a cache of long lines holds their text, so only the last few are kept
_furniture = lru_cache(maxsize=1 << 12)(_is_furniture)
_furniture_long = lru_cache(maxsize=4)(_is_furniture)


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def _title_like(line: str) -> bool:
    headline = (
        len(line) >= 10 and line[-1] in "!！" and not re.search("[，,。；;]", line)
    )  # 某项目签约仪式隆重举行!
    return (
        4 <= len(line) <= 64
        and (line[-1] not in TERMINAL + ":：,，、" or headline)
        and "。" not in line
        and not SECTION_HEAD.match(line)
        and not SUBTITLE.match(line)
    )


def _clean_title(line: str) -> str:
    return TITLE_MARK.sub("", re.sub(r"^[—\-－\s]+", "", line)).strip()


def infer_title(text: str) -> str:
    """The title: the first title-like line of the head (after page furniture and a lede paragraph),
    else the document a notice prints, else the first words of the text."""
    return _title(text)[0]


def _self_plan(text: str, place: str | None) -> str | None:
    """An untitled plan that calls itself 本规划 in its opening and names its period (“十四五”时期…制定本规划)
    is its place's education development plan for that period."""
    opening = re.split(r"\n", text.strip(), maxsplit=1)[0][:400]
    period = re.search(r"(十[一二三四五六七八九十]五)", opening)
    if not place or not period or not SELF_PLAN.search(opening) or "教育" not in opening:
        return None
    return str(lexicon_entry("metadata", "self_plan_title")).format(place=place, period=period.group(1))


def _title(text: str) -> tuple[str, bool]:
    """The title and whether the text states it (False: made from the first words)."""
    lines = _lines(text)
    raw = [ln.strip() for ln in text.split("\n")][: HEAD_LINES * 4]
    # content lines of the head with whether the next raw line continues them (no blank line between)
    content: list[tuple[str, bool]] = []
    for k, ln in enumerate(raw):
        if ln and not is_furniture(ln) and not (k < HEAD_LINES and DOC_NUMBER.match(ln)):
            nxt = raw[k + 1] if k + 1 < len(raw) else ""
            content.append((ln, bool(nxt) and not is_furniture(nxt)))
    issuers = 0  # 市委教育工委  市教育局 / 关于印发…的通知; the issuers may stand on a line each
    while issuers < min(4, len(content) - 1) and ISSUER_LINE.match(content[issuers][0]):
        issuers += 1
    if issuers and _title_like(content[issuers][0]):
        content = content[issuers:]
    for k, (ln, joined) in enumerate(content[:4]):
        if SECTION_HEAD.match(ln) or (ln[-1] in ":：" and k > 0) or (joined and re.search("[，,；]", ln)):
            break  # the body has begun (a section, a salutation, or a hard-wrapped paragraph)
        if _title_like(_clean_title(ln)):
            title = _clean_title(ln)
            nxt = content[k + 1][0] if joined and k + 1 < len(content) else ""
            if nxt and _title_like(nxt) and len(title) + len(nxt) <= 64 and not SUBTITLE.match(nxt):
                title += " " + _clean_title(nxt)  # a title and its subtitle on adjacent lines
            return title, True
    m = PRINTED.search(text[:800])
    if m:
        return next(g for g in m.groups() if g), True
    first = content[0][0] if content else (lines[0] if lines else "untitled")
    if content and content[0][1]:  # a hard-wrapped paragraph: its lines up to the next blank line
        k = raw.index(first)
        while k + 1 < len(raw) and raw[k + 1] and not is_furniture(raw[k + 1]):
            k += 1
            first += raw[k]
    lead = NEWS_DATELINE.match(first)
    if lead and len(first) > lead.end() + 4:
        first = re.sub(r"^\d{1,2}月\d{1,2}日[,，]?", "", first[lead.end() :])  # 本报讯(记者 …)4月27日,
    return re.split(r"[。；;！？!?]", first)[0][:40], False


def _cn_year(s: str) -> int:
    return int("".join(str(CN_DIGIT[c]) for c in s))


def _cn_small(s: str) -> int:
    if s == "十":
        return 10
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (CN_DIGIT.get(tens, 1) if tens else 1) * 10 + (CN_DIGIT.get(ones, 0) if ones else 0)
    return CN_DIGIT.get(s, 0)


DATES = (
    (re.compile(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})"), int, int),
    (re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日"), int, int),
    (
        re.compile(
            r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
        ),
        _cn_year,
        _cn_small,
    ),
)


def _date_in(line: str, dated_only: bool = False) -> str | None:
    """The first full date of the line (with dated_only, not one planned or bounding a span:
    计划于2020年9月1日, 截至2023年6月30日)."""
    found = []
    for regex, year, small in DATES:
        for m in regex.finditer(line):
            if dated_only and NOT_DATED_BEFORE.search(line, max(0, m.start() - 6), m.start()):
                continue
            y, mo, d = year(m.group(1)), small(m.group(2)), small(m.group(3))
            if 1 <= mo <= 12 and 1 <= d <= 31:
                found.append((m.start(), f"{y}-{mo:02d}-{d:02d}"))
                break
    return min(found)[1] if found else None


def infer_date(text: str) -> str | None:
    """The dateline: a date in the page furniture of the head, else the date a notice is signed on
    (a line of its own), else the first full date of the text."""
    lines = _lines(text)
    for k, ln in enumerate(lines[:HEAD_LINES]):
        if is_furniture(ln):
            date = _date_in(ln)
            if date:
                return _signed_before(lines[k + 1 :], date) or date
    for ln in lines[:40]:
        if DATELINE.match(ln) or (len(ln) <= 20 and _date_in(ln)):
            date = _date_in(ln)
            if date:
                return date
    return _date_in(text, dated_only=True)


def _signed_before(lines: list[str], posted: str) -> str | None:
    """The date a text is signed or dated on (a line of its own below the page's header), when it is
    earlier than the page's date: a reposting site's 时间:2021-08-31 over a text signed in 2013."""
    for ln in lines:
        date = _date_in(ln) if DATELINE.match(ln) else None
        if date and date[:4] < posted[:4]:
            return date
    return None


def infer_year(title: str, date: str | None, text: str) -> int | None:
    m = re.search(r"((?:19|20)\d{2}) ?年", title)  # 2010 年: a PDF's text layer spaces numbers
    if m:
        return int(m.group(1))
    if date:
        # a body that opens on a year two or more before the page's date (2013年，县教育局… under
        # 时间:2021-08-31) was reposted: it reports on its opening year, unless its opening paragraph looks
        # back over the years since (2019年，某县被确定为…。五年来，…: a retrospective of the page's year)
        body = [ln for ln in _lines(text)[1 : HEAD_LINES + 2] if not is_furniture(ln)]
        opening = OPENING_YEAR.match(body[0]) if body else None
        if opening and int(opening.group(1)) <= int(date[:4]) - 2 and not LOOKING_BACK.search(body[0]):
            return int(opening.group(1))
        return int(date[:4])
    # the first year the text's opening names, unless it is one the text aims at (到2020年) or a period's
    # (2021-2025年): a news report that opens on its targets was not written in their year
    head = text[:400]
    aimed = [m.span() for m in TARGET_YEAR.finditer(head)]
    # not the start of a span (自2009年以来, 2018年起): a report looks back from a later year
    years = [
        m
        for m in re.finditer(r"((?:19|20)\d{2}) ?年", head)
        if not SPAN_START.match(head, m.end())
        and not re.search("[自从]$", head[max(0, m.start() - 1) : m.start()])
    ]
    for m in years:
        if not any(a <= m.start() < b for a, b in aimed):
            return int(m.group(1))
    return int(years[0].group(1)) if years else None  # only years aimed at: the first, as before


def infer_kind(title: str, text: str, stated: bool = True) -> str:
    """The kind of document from its title and opening (`stated`: the title is written in the text, not
    made from its first words)."""
    head = title + text[:600]
    # 上半年…总结 in the title (上半年工作状况总结); in the body only as 工作总结 (上半年，各校认真总结经验: no review)
    if re.search(r"上半年.{0,10}(?:完成情况|工作总结)|下半年工作(?:计划|安排)", text) or re.search(
        r"上半年.{0,10}总结", title
    ):
        return "mid-year review"
    if re.search(r"工作要点|工作计划|行动计划|实施方案|发展规划|规划纲要", title):
        return "work plan"
    if re.search(r"会议|大会|讲话|工作会|座谈会|推进会", title):
        return "conference report"
    if stated and re.search(r"总结|工作报告", title):
        return "news report"  # a summary that names a meeting in its opening (经县人民代表大会审议) is none
    if re.search(r"会议|大会|讲话", head):
        return "conference report"
    return "news report"


def infer(path: Path, text: str, entry: dict, doc_id: str) -> DocMeta:
    """Catalog metadata (`entry`), with whatever it does not say inferred from the text."""
    inferred: list[str] = []
    title = entry.get("title")
    stated = True
    if not title:
        title, stated = _title(text)
        inferred.append("title")
    date = str(entry["date"]) if entry.get("date") else None
    if date is None:
        date = infer_date(text)
        if date:
            inferred.append("date")
    year = entry.get("year")
    if year is None:
        year = infer_year(str(title), date, text)
        inferred.append("year")
    kind = entry.get("kind") or infer_kind(str(title), text, stated)
    if not entry.get("kind"):
        inferred.append("kind")
    county = entry.get("county")
    city = entry.get("city")
    if not city:
        county = county or infer_county(text, str(title), None)
        place = gazetteer.county_of(county) if county else None
        above = gazetteer.city_above(place) if place else None
        city = above.name if above else infer_city(text, str(title))
        if city:
            inferred.append("city")
    elif not county:
        county = infer_county(text, str(title), str(city))
    if not stated:
        title = _self_plan(text, county or city) or title
    if county and "county" not in inferred and not entry.get("county"):
        inferred.append("county")
    province = entry.get("province")
    if not province and city:
        place = gazetteer.city_of(str(city))
        prov = gazetteer.province_of(place) if place else None
        province = prov.name if prov else None
    issuers = entry.get("issuer") or []
    if isinstance(issuers, str):
        issuers = [issuers]
    return DocMeta(
        id=doc_id,
        source=path.name,
        title=str(title),
        date=date,
        year=int(year) if year else None,
        kind=kind,
        issuers=tuple(str(i) for i in issuers),
        city=str(city) if city else None,
        province=province,
        inferred=tuple(inferred),
        county=str(county) if county else None,
    )


def with_home(meta: DocMeta, city: str | None) -> DocMeta:
    return replace(meta, city=city)
