"""Rule zone.suffix: named parks, campuses of a city and development zones are places.

Rule zone.town: a town or township named right after its county-level place (平度市南村镇, 某某县某某镇 for
an autonomous county), after a word of location (地处某某镇) or in a list of towns (南村镇、蓼兰镇) is a place, partOf that place (or the home county).

Rule zone.listed: a county-level name the tables do not hold (a district since merged, 维扬区) listed among
county-level places of one city (广陵区、邗江区、维扬区和江都市) is a place too, partOf that city.

Rule zone.placed: a new area or development zone named by a local proper name right after a place
(某市某某新区) or a word of location (位于某某新区) is a place, partOf that place (or the home city).

Rule zone.local: a new area or development zone named by a local proper name at the start of a clause
(太白湖新区渔皇小学…) is a place, partOf the home city.

Pattern: a place name followed by a zone head (职教园, 大学城, 科技园, 产业园, 高新区, 开发区, 新区, 园区),
e.g. 推动某市职教园院校组建联盟 -> Place 某市职教园, locatedIn 某市.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.core.model import Mention, Relation
from graph.extract.context import Context
from graph.extract.lexicon import is_generic
from graph.ingest import starts
from graph.knowledge import gazetteer
from graph.knowledge.words import entry, pattern, words

ZONE = re.compile(pattern("zones", "zone"))
LOCAL_ZONE = re.compile(pattern("zones", "local_zone"), re.M)
NOT_NAME = re.compile(pattern("institutions", "local_stop"))
SCHOOL_STEM = re.compile(pattern("zones", "school_stem"))
TOWN = re.compile(pattern("zones", "town"))
SCHOOL_ENDS = tuple(words("institutions", "school_suffixes"))
TOWN_IN_NAME = re.compile(pattern("zones", "town_in_name"))
TOWN_GENERIC = tuple(words("zones", "town_generic"))
TOWN_HEADS = tuple(str(h) for h in entry("zones", "town_in_name")["alternatives"])  # 镇, 乡, 街道, 苏木
TOWN_KIND_AFTER = str(entry("zones", "town_kind_after"))
COUNTY_LIST = re.compile(pattern("zones", "county_list"))
LOCATED_AFTER = tuple(words("zones", "located_after"))
ZONE_KINDS = tuple(words("zones", "zone_kinds"))
ZONE_HEAD = re.compile(
    "(" + "|".join(sorted(words("zones", "local_zone_heads"), key=len, reverse=True)) + ")(?![区路])"
)
# between the items of such a list: 、, or 和 及 与 after an item's county-level head (区, 县, 市)
ITEM_BREAK = re.compile(r"、|(?<=[区县市])[和及与]")


def recognise(ctx: Context) -> Iterator[Mention | Relation]:
    text, doc_id = ctx.doc.text, ctx.doc.meta.id
    for m in ZONE.finditer(text):
        for length in (5, 4, 3, 2):
            start = m.start() - length
            if start < 0:
                continue
            form = text[start : m.start()]
            place = ctx.place(form)
            if place is None:
                continue
            label = form + m.group(1)
            if label in ctx.aliases or text.endswith(SCHOOL_ENDS, 0, start):
                break  # 某实验幼儿园惠济园区: a school's campus named by its place, no zone
            zone = Mention(doc_id, start, m.end(), label, "Place", "zone.suffix", label)
            yield zone
            where = Mention(
                doc_id,
                start,
                m.start(),
                form,
                "Place",
                "zone.suffix",
                place.label,
                (("adcode", place.adcode),),
            )
            yield Relation(zone, "locatedIn", where, "zone.suffix", start, m.end())
            break
    yield from local_zones(ctx)
    yield from placed_zones(ctx)
    yield from towns(ctx)
    yield from listed_counties(ctx)


def listed_counties(ctx: Context) -> Iterator[Mention | Relation]:
    """A county-level name the tables do not hold, listed among names of one city's county-level places
    (广陵区、邗江区、维扬区和江都市: 维扬区), is a Place partOf that city."""
    text, doc_id = ctx.doc.text, ctx.doc.meta.id
    for m in starts.finditer(COUNTY_LIST, text):  # only around its 区、 县和 市及
        items: list[tuple[int, int]] = []
        pos = m.start()
        for part in ITEM_BREAK.split(m.group()):  # 和 inside a name (和平区, 和县) is no break
            if part:
                items.append((pos, pos + len(part)))
            pos += len(part) + 1
        known = [ctx.place(text[s:e]) for s, e in items]
        parents = {p.parent for p in known if p is not None and p.level == "county"}
        if len(parents) != 1 or sum(p is not None for p in known) < 2:
            continue
        city = gazetteer.by_code().get(parents.pop() or "")
        for (s, e), place in list(zip(items, known, strict=True))[1:]:
            name = text[s:e]
            if place is not None or city is None or name in ctx.aliases or NOT_NAME.search(name):
                continue
            county = Mention(doc_id, s, e, name, "Place", "zone.listed", name)
            yield county
            where = ctx.place_mention(county, city, "zone.listed")
            yield Relation(county, "partOf", where, "zone.listed", s, e)


def towns(ctx: Context) -> Iterator[Mention | Relation]:
    text, doc_id = ctx.doc.text, ctx.doc.meta.id
    for m in starts.finditer(TOWN, text):  # only before its 镇, 乡, 街道
        start, head = m.start(), m.group(2)
        for k in range(1, len(m.group(1)) - 1):  # 平度市南村镇: the match began inside the county's name
            if any(_county_before(ctx, text, start + k, n) for n in (3, 4, 5)) or text.endswith(
                LOCATED_AFTER, 0, start + k
            ):
                start += k
                break
        name = text[start : m.end()]
        own = name[: -len(head)]
        if any(name.endswith(g) for g in TOWN_GENERIC) or NOT_NAME.search(own) or is_generic(own):
            continue  # 相关街道办事处: a class of offices
        county = next((p for n in (5, 4, 3) if (p := _county_before(ctx, text, start, n)) is not None), None)
        listed = (start > 0 and text[start - 1] == "、") or text[m.end() : m.end() + 1] in ("、", "等")
        if county is None and not listed and not text.endswith(LOCATED_AFTER, 0, start):
            continue  # 原址地处某某镇: a word of location places a town too
        if ctx.place(name[: -len(head)]) is not None or name in ctx.aliases:
            continue  # a place's own short form or a curated name
        town = Mention(doc_id, start, m.end(), name, "Place", "zone.town", name)
        yield town
        parent = county or ctx.home.county_place
        if parent is not None:
            where = ctx.place_mention(town, parent, "zone.town")
            yield Relation(town, "partOf", where, "zone.town", town.start, town.end)


def _county_before(ctx: Context, text: str, end: int, length: int) -> gazetteer.Place | None:
    """The county-level place written in full right before a position, or as its short form and its level
    (天祝县 for 天祝藏族自治县)."""
    form = text[max(0, end - length) : end]
    place = ctx.place(form) if len(form) == length else None
    if place is not None and place.level == "county" and form in (place.name, *place.former):
        return place
    short = ctx.place(form[:-1]) if len(form) == length and form[-1:] in ("县", "旗") else None
    if (
        short is not None
        and short.level == "county"
        and form[:-1] == short.short
        and short.name[-1] == form[-1]
    ):
        return short
    return None


def local_zones(ctx: Context) -> Iterator[Mention | Relation]:
    from graph.extract.lexicon import LEAD_WORDS, is_generic

    text, doc_id = ctx.doc.text, ctx.doc.meta.id
    city = ctx.place(ctx.home.city) if ctx.home.city else None
    for m in starts.finditer(LOCAL_ZONE, text):  # only before its 新区, 开发区…
        part = m.group(1)
        if (
            ctx.place(part) is not None
            or is_generic(part)
            or part + m.group(2) in ctx.aliases
            or any(w in part for w in LEAD_WORDS if len(w) >= 2)
            or NOT_NAME.search(part)
            or SCHOOL_STEM.search(part)
        ):
            continue  # a place's zone is zone.suffix's; a generic one (国家级高新区) is none; 某一中新区分校
        label = part + m.group(2)
        zone = Mention(doc_id, m.start(1), m.end(2), label, "Place", "zone.local", label)
        yield zone
        if city is not None:
            where = ctx.place_mention(zone, city, "zone.local")
            yield Relation(zone, "partOf", where, "zone.local", zone.start, zone.end)


def placed_zones(ctx: Context) -> Iterator[Mention | Relation]:
    """A zone named by a local proper name right after a place (眉山某某新区, 黄陂区某某开发区) or a word of
    location (位于某某新区) is a Place, partOf that place (or the home city)."""
    from graph.extract.lexicon import is_generic

    text, doc_id = ctx.doc.text, ctx.doc.meta.id
    for m in ZONE_HEAD.finditer(text):
        h = m.start()
        found: tuple[int, gazetteer.Place | None] | None = next(
            (
                (n, p)
                for n in (2, 3, 4)
                for k in (5, 4, 3, 2)
                if (p := _place_before(ctx, text, h - n, k)) and len(_core(text[h - n : h])) >= 2
            ),
            None,
        )
        if found is None:
            found = next(((n, None) for n in (2, 3, 4) if text.endswith(LOCATED_AFTER, 0, h - n)), None)
        if found is None:
            continue
        n, where_place = found
        part = text[h - n : h]
        if len(_core(part)) < 2 or ctx.place(_core(part)) is not None:
            continue  # 某市经济开发区: a kind of zone, not its name
        label = part + m.group(1)
        if ctx.place(part) is not None or is_generic(part) or label in ctx.aliases or NOT_NAME.search(part):
            continue
        if SCHOOL_STEM.search(part):
            continue  # 某市十一中新区分校: a school's campus
        if not all("\u4e00" <= ch <= "\u9fff" for ch in part):
            continue
        zone = Mention(doc_id, h - n, m.end(), label, "Place", "zone.placed", label)
        yield zone
        parent = where_place or (ctx.place(ctx.home.city) if ctx.home.city else None)
        if parent is not None:
            where = ctx.place_mention(zone, parent, "zone.placed")
            yield Relation(zone, "partOf", where, "zone.placed", zone.start, zone.end)


def _core(part: str) -> str:
    """A zone's name without the words of its kind (临港经济 -> 临港)."""
    return next((part[: -len(w)] for w in ZONE_KINDS if part.endswith(w)), part)


def _place_before(ctx: Context, text: str, end: int, length: int) -> gazetteer.Place | None:
    form = text[max(0, end - length) : end]
    return ctx.place(form) if len(form) == length and end - length >= 0 else None


def zone_at(ctx: Context, name: str) -> str | None:
    """The local zone a name starts with (太白湖新区 in 太白湖新区渔皇小学)."""
    m = LOCAL_ZONE.match(name)
    if m and not SCHOOL_STEM.search(m.group(1)):
        return m.group(1) + m.group(2)
    t = TOWN_IN_NAME.match(name)
    return t.group(1) if t and not t.group(1).startswith(TOWN_GENERIC) else None


def kind_not_town(zone: str, after: str) -> bool:
    """Does a zone word at the start of a school's name (`after`: the rest of the name) name a kind of
    school rather than a place: a generic stem (农村乡镇幼儿园) or a town word going on (美丽乡村学校)?"""
    head = next((h for h in TOWN_HEADS if zone.endswith(h)), zone[-1:])
    return is_generic(zone[: -len(head)]) or after[:1] in TOWN_KIND_AFTER
