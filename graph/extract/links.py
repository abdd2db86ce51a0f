"""Linkers: relations read from the mentions of a document and the words around them.

- the issuers (link.issuer, link.speaker, link.source) are in graph/extract/issuers.py.
- link.county-town: a school whose name writes a town after its county (宜阳县城关镇第二小学) is located in the
  town, and the town is partOf the county.
- link.list: in a list of schools whose first names a county-level place or a town, or right after a county
  (涧西区新建…), and none names another,
  a school named without a place is located there (涧西区天津路小学、景华路小学 -> 景华路小学 in 涧西区).
- link.located: a program or zone whose name starts with a place is located there (苏锡常都市圈职业教育
  高质量发展样板 -> 苏锡常都市圈); a designation the home city wins or builds (示范区, 实验区, 示范城市,
  设区市, 高地) in a sentence with 获选/创建/授予/列入/获批 is located in the home city.
- link.beneficiary: a program or plan whose name contains a university (无锡市与某大学合作共建项目,
  某学院“十四五”发展规划) supports that university.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import lru_cache

from graph.core.model import INSTITUTION_TYPES, Mention, Relation
from graph.extract.context import Context
from graph.extract.forms import Forms, order, typed
from graph.extract.locations import own_place
from graph.extract.zones import TOWN_HEADS, kind_not_town, zone_at
from graph.knowledge import gazetteer
from graph.knowledge.words import pattern

HOLDER_SUFFIX = re.compile(r"(?:城市|设区市|示范市)$")
ZONE_SUFFIX = re.compile(pattern("links", "zone_suffix"))
WIN_VERB = re.compile(pattern("links", "win_verb"))
HELD_IN = re.compile(pattern("links", "held_in"))
PLACE_HEADING = re.compile(
    r"(?m)^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、])?\s*"
    r"([\u4e00-\u9fff]{2,8}?(?:省|市|区|县|旗|新区))\s*(?:[:：]|$)"
    # a list by place: 龙岩(3所)：龙岩一中、上杭一中 (the place's short form, a bracketed count, a colon)
    + r"|^\s*"
    + pattern("names", "group_line")
)
HEADING = re.compile(r"(?m)^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）])")
CONTAINS = re.compile(pattern("links", "contains"))
COUNTY_TAILS = ("县", "区", "市", "旗")
LIST_JOIN = re.compile(r"、|和|及|与|以及")
PLACE_LIST_GAP = re.compile(pattern("links", "place_list_gap"))
ABBREVIATED_SCHOOL = re.compile(pattern("links", "abbreviated_school"))
# an empty line, or one with spaces at either end: (?m)^\s|\s$ written to open with the space, so a search
# skips in C from one space to the next instead of trying every character
UNTIDY = re.compile(r"(?m)\s(?:(?<=^\s)|$)")


def link_home(ctx: Context, mentions: list[Mention]) -> Iterator[Relation]:
    """A school or college a document names without a place in its name is located in the document's own
    place (its county, else its city); a meeting 在X召开 is held in X, one named with a city or county
    (某区2025年春季学期开学工作会) there, one of 全市/全区 in the document's place."""
    home = ctx.home.place
    text = ctx.doc.text
    headings = _place_headings(ctx)
    places = _list_places(ctx, mentions)
    for m in mentions:
        entry = ctx.aliases.get(m.text) if m.rule == "names.registry" else None
        if entry is not None and entry.type == "University" and entry.located and entry.id.startswith("cn-"):
            # the place in its name (江苏理工学院 -> 江苏); the national list's city is not a place the text
            # gives (locatedIn is what the document says, not what a table knows)
            named = own_place(ctx, entry.label)
            if named is not None:
                rule = "institution.location"
                yield Relation(m, "locatedIn", ctx.place_mention(m, named, rule), rule, m.start, m.end)
            continue
        heading = next((p for s0, e0, p in headings if s0 <= m.start < e0), None)
        if m.type in ("School", "College"):
            yield from _county_town(ctx, m)
        if m.type in ("School", "College") and own_place(ctx, m.name) is None:
            yield from _town_of(ctx, m, heading)
            listed = places.get(id(m))
            if listed is not None and zone_at(ctx, m.name) is None and not _curated(ctx, m):
                yield Relation(m, "locatedIn", listed, "link.list", m.start, m.end)
                continue
        if m.type in ("School", "College") and heading is not None and own_place(ctx, m.name) is None:
            if zone_at(ctx, m.name) is None:
                yield Relation(
                    m,
                    "locatedIn",
                    ctx.place_mention(m, heading, "link.heading"),
                    "link.heading",
                    m.start,
                    m.end,
                )
            continue
        if m.type in ("School", "College") and home is not None and own_place(ctx, m.name) is None:
            if _curated(ctx, m):
                continue  # a curated institution has its own place
            if zone_at(ctx, m.name) is not None:
                continue
            yield Relation(
                m, "locatedIn", ctx.place_mention(m, home, "link.home"), "link.home", m.start, m.end
            )
        elif m.type == "Event":
            held = HELD_IN.match(text, m.end)
            place = ctx.place(held.group(1)) if held else None
            named = ctx.place_at_start(
                m.name
            )  # 某区2025年春季学期开学工作会: a meeting of the place it names
            if place is None and named is not None and named.level in ("city", "county"):
                place = named
            if place is None and home is not None and re.search(r"全[市区县旗]", m.name):
                place = home
            if place is not None:
                yield Relation(
                    m, "locatedIn", ctx.place_mention(m, place, "link.home"), "link.home", m.start, m.end
                )


def _curated(ctx: Context, m: Mention) -> bool:
    return m.rule == "names.registry" and bool(ctx.aliases.get(m.text) or ctx.aliases.get(m.name))


def _item_place(ctx: Context, m: Mention) -> tuple[str, Mention] | None:
    """The place a school's name opens with, as (its name, a mention at its own characters): a division
    (涧西区天津路小学, 泉州市培元中学) or a town (宋庄镇中心小学)."""
    place = own_place(ctx, m.name)
    if place is not None:
        if not m.name.startswith(place.name):
            return None  # a short form (铁西 in 铁西香港开为幼儿园) can be a word of the name, not its place
        return place.name, ctx.place_mention(m, place, "link.list")
    town = zone_at(ctx, m.name)
    if town is None or not town.endswith(TOWN_HEADS) or kind_not_town(town, m.name[len(town) :]):
        return None
    k = m.text.find(town)
    if k < 0:
        return None
    s = m.start + k
    return town, Mention(m.doc_id, s, s + len(town), town, "Place", "link.list", town)


def _list_places(ctx: Context, mentions: list[Mention]) -> dict[int, Mention]:
    """Schools listed one after another (甲小学、乙小学和丙中学) whose first names a county-level place or a
    town and none names another (涧西区天津路小学、景华路小学; 平度市、莱西市 are two): each school of the
    list named without a place is in that place (link.list). Keyed by id() of the school's mention."""
    text = ctx.doc.text
    schools = sorted(
        (m for m in mentions if m.type in ("School", "College")), key=lambda m: (m.start, -m.end)
    )
    runs: list[list[Mention]] = []
    for m in schools:
        if runs and m.start < runs[-1][-1].end:
            continue  # a name inside the one before
        if runs and LIST_JOIN.fullmatch(text, runs[-1][-1].end, m.start):
            runs[-1].append(m)
        else:
            runs.append([m])
    counties = sorted(
        (m.end, k, m) for k, m in enumerate(mentions) if m.type == "Place" and _level(m) == "county"
    )
    ends = [e for e, _, _ in counties]
    out: dict[int, Mention] = {}
    for run in runs:
        placed = [(m, _item_place(ctx, m)) for m in run]
        # a county named right before the list (涧西区新建天津路小学、景华路小学), else its first item's place
        k = bisect_right(ends, run[0].start) - 1
        before = counties[k][2] if k >= 0 else None
        if before is not None and PLACE_LIST_GAP.fullmatch(text, before.end, run[0].start):
            head: tuple[str, Mention] | None = (
                before.name,
                ctx.place_mention(before, _place(before), "link.list"),
            )
            items = placed
        else:
            head, items = placed[0][1], placed[1:]
            if len(run) < 2 or head is None or (head[1].attr("adcode") and _level(head[1]) != "county"):
                continue
        if head is None or any(p is not None and p[0] != head[0] for _, p in items):
            continue
        if any(p is None and ABBREVIATED_SCHOOL.fullmatch(m.text) for m, p in items):
            continue  # 南安一中: a place's short form and an ordinal, a place of its own the text names
        for m, p in items:
            if p is None:
                out[id(m)] = head[1]
    return out


def _place(m: Mention) -> gazetteer.Place:
    return gazetteer.by_code()[m.attr("adcode") or ""]


def _level(m: Mention) -> str | None:
    code = m.attr("adcode")
    place = gazetteer.by_code().get(code) if code else None
    return place.level if place is not None and not place.zone else None


def _county_town(ctx: Context, m: Mention) -> Iterator[Relation]:
    """A town written after the county in a school's name (宜阳县城关镇第二小学): the school is located in the
    town, the most specific place the text gives, and the town is partOf the county (link.county-town)."""
    county = own_place(ctx, m.name)
    if county is None or county.level != "county":
        return
    length = next((n for n in (4, 3, 2) if ctx.place(m.name[:n]) is county), 0)
    if length and m.name[length : length + 1] in COUNTY_TAILS:
        length += 1  # 天祝县 for 天祝藏族自治县: the short form and a level word
    town = zone_at(ctx, m.name[length:])
    if not length or town is None or not town.endswith(TOWN_HEADS):
        return
    if kind_not_town(town, m.name[length + len(town) :]) or m.text.find(town) < 0:
        return
    s = m.start + m.text.find(town)
    rule = "link.county-town"
    place = Mention(m.doc_id, s, s + len(town), town, "Place", rule, town)
    yield Relation(m, "locatedIn", place, rule, m.start, m.end)
    yield Relation(place, "partOf", ctx.place_mention(m, county, rule), rule, s, place.end)


def _town_of(ctx: Context, m: Mention, heading: gazetteer.Place | None) -> Iterator[Relation]:
    """A town a school's name starts with (某某镇中心小学) is partOf the county-level place heading the text
    it stands in (（三）某某县), else the document's own county (link.town)."""
    town = zone_at(ctx, m.name)
    county = heading if heading is not None and heading.level == "county" else ctx.home.county_place
    if town is None or county is None or not town.endswith(TOWN_HEADS) or m.text.find(town) < 0:
        return
    if kind_not_town(town, m.name[len(town) :]):
        return  # 农村乡镇幼儿园, 美丽乡村学校: a kind of school, no town
    s = m.start + m.text.find(town)
    place = Mention(m.doc_id, s, s + len(town), town, "Place", "link.town", town)
    yield Relation(place, "partOf", ctx.place_mention(place, county, "link.town"), "link.town", s, place.end)


def _place_headings(ctx: Context) -> list[tuple[int, int, gazetteer.Place]]:
    """Headings that name a place (（三）崂山区 / 二、平度市：): the text under each, up to the next heading,
    is about that place; a list by place (龙岩(3所)：龙岩一中、上杭一中) is about it to its line's end."""
    text = ctx.doc.text
    marks = [
        (h.start(), h.group(1) or h.group(2), h.group(2) is not None) for h in PLACE_HEADING.finditer(text)
    ]
    out = []
    for k, (start, form, group) in enumerate(marks):
        place = ctx.place(form)
        if place is None or place.level == "province":
            continue
        nxt = next((h.start() for h in HEADING.finditer(text, start + 1)), len(text))
        end = marks[k + 1][0] if k + 1 < len(marks) else nxt
        if group:  # a list by place (龙岩(3所)：…) holds its own line only
            line_end = text.find("\n", start)
            end = min(end, len(text) if line_end < 0 else line_end)
        out.append((start, end, place))
    return out


def link_printed(ctx: Context, mentions: list[Mention]) -> Iterator[Relation]:
    """In a notice that prints a document which then follows under its own title line, the sections after
    that line are partOf the printed document; the items a named document 包含 are partOf it."""
    text = ctx.doc.text
    printed = [m for m in mentions if m.rule == "title.book" and m.type in ("PolicyDocument", "ActionPlan")]
    for p in printed:
        line = _title_line(text, p.text)
        if line is None or line[0] <= p.start:
            continue
        for g in mentions:
            if g.type == "Goal" and g.rule == "structure.section" and g.start > line[1]:
                yield Relation(g, "partOf", p, "title.printed", g.start, g.end)
        break
    parts: list[tuple[int, int, Mention]] | None = None  # (start, index, mention) of what can be a part
    starts: list[int] = []
    for d in (m for m in mentions if m.rule == "title.unquoted"):
        sentence = ctx.doc.segment_at(d.start, "sentence")
        if sentence is None or not CONTAINS.match(text, d.end):
            continue
        if parts is None:
            kinds = ("Program", "ActionPlan", "Event")
            parts = sorted((m.start, k, m) for k, m in enumerate(mentions) if m.type in kinds)
            starts = [s for s, _, _ in parts]
        inside = parts[bisect_right(starts, d.end) : bisect_left(starts, sentence.end)]
        for _, _, m in sorted(inside, key=lambda part: part[1]):  # in the order of the mentions
            yield Relation(m, "partOf", d, "title.contains", m.start, m.end)


def _title_line(text: str, title: str) -> tuple[int, int] | None:
    """The span of the first line that is the title alone (spaces around it allowed). In a text whose
    lines are tidy (none empty, none with spaces at either end: what graph.ingest makes) it is looked up
    in the text's lines, listed once, instead of a search of the whole text per title."""
    lines = _tidy_lines(text)
    if lines is not None and title and "\n" not in title and title == title.strip():
        start = lines.get(title)
        return None if start is None else (start, start + len(title))
    m = re.search(r"(?m)^\s*" + re.escape(title) + r"\s*$", text)
    return (m.start(), m.end()) if m else None


@lru_cache(maxsize=8)
def _tidy_lines(text: str) -> dict[str, int] | None:
    """Each line of a tidy text and where it first starts; None for a text that is not tidy."""
    if UNTIDY.search(text):
        return None
    out: dict[str, int] = {}
    pos = 0
    for line in text.split("\n"):
        out.setdefault(line, pos)
        pos += len(line) + 1
    return out


def link_located(ctx: Context, mentions: list[Mention]) -> Iterator[Relation]:
    places = [m for m in mentions if m.type == "Place"]
    # the first place mention starting at a place, and the first with a text (a name starts with it)
    at: dict[int, int] = {}
    written: dict[str, int] = {}
    for k, p in enumerate(places):
        at.setdefault(p.start, k)
        written.setdefault(p.text, k)
    home = ctx.home.city
    city_place = ctx.place(home) if home else None
    for m in mentions:
        if m.type not in ("Program", "ActionPlan") or not ZONE_SUFFIX.search(m.name):
            continue
        holder = HOLDER_SUFFIX.search(m.name) is not None  # a title held by a city: its place is the holder
        prefix = None
        if not holder:
            # the first place mention that starts where the name does or whose text starts the name
            firsts = [at.get(m.start, len(places))]
            firsts += [written[m.name[:n]] for n in range(len(m.name) + 1) if m.name[:n] in written]
            prefix = places[min(firsts)] if min(firsts) < len(places) else None
        if prefix is None and not holder:
            # the first in the alias index's order of the places' forms that start the name
            starts = list(typed(ctx.alias_parts, ("Place",), shortest=2).starting(m.name, 0))
            if starts:
                entry = ctx.aliases[min(starts, key=order(ctx.alias_parts))]
                prefix = Mention(m.doc_id, m.start, m.end, m.text, "Place", "link.located", entry.label)
        if prefix is None and not holder:
            place = ctx.place_at_start(m.name)
            if place is not None:
                prefix = ctx.place_mention(m, place, "link.located")
        if prefix is not None:
            yield Relation(m, "locatedIn", prefix, "link.located", m.start, m.end)
            continue
        sentence = ctx.doc.segment_at(m.start, "sentence")
        # a title held by a city (示范城市, 设区市) is the home city's; another designation (示范区, 优质均衡
        # 发展县) is won by the document's own place: its county in a county's document
        home_place = city_place if holder else (ctx.home.place or city_place)
        if home_place is None or sentence is None:
            continue
        before = ctx.doc.text[sentence.start : m.start]
        if WIN_VERB.search(before) and not re.search(r"全国|全省|各地", m.name[:2]):
            target = ctx.place_mention(m, home_place, "link.located")
            yield Relation(m, "locatedIn", target, "link.located", m.start, m.end)


def link_beneficiary(ctx: Context, mentions: list[Mention]) -> Iterator[Relation]:
    """A program or plan whose name holds the name of a university or college (the longest; the first
    in code-point order of equally long ones) supports it; so does a plan's owner."""
    known = typed(ctx.alias_parts, ("University", "College"), shortest=4)
    named = Forms(m.name for m in mentions if m.type in ("University", "College") and m.name not in known)
    for m in mentions:
        if m.type not in ("Program", "ActionPlan"):
            continue
        owner = m.attr("owner")
        name = m.name
        hits = {form for forms in (known, named) for _, form in forms.within(name) if form != name}
        if owner:
            hits.add(owner)
        for n in sorted(hits, key=lambda h: (-len(h), h))[:1]:
            entry = ctx.aliases.get(n)
            label = entry.label if entry else n
            target = Mention(
                m.doc_id,
                m.start,
                m.end,
                m.text,
                entry.type if entry else "University",
                "link.beneficiary",
                label,
            )
            yield Relation(m, "supports", target, "link.beneficiary", m.start, m.end)


__all__ = [
    "INSTITUTION_TYPES",
    "link_beneficiary",
    "link_home",
    "link_located",
    "link_printed",
]
