"""The home of a document (the city and the county-level division it speaks for), inferred from its title
and text: the place its title opens with, a newspaper's dateline, the city it names most, the county it
calls 全县/我区, or the one district a news report is about."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from functools import cache

from graph.knowledge import gazetteer
from graph.knowledge.words import entry, pattern

SELF_COUNTY = re.compile(pattern("metadata", "self_county"))
CITY_SELF = re.compile(r"[全我本]市")
NEWS_DATELINE = re.compile(pattern("metadata", "news_dateline"), re.M)
# 天津路, 南京街: a street named after a city names no city
STREET_HEADS = str(entry("names", "street_heads"))


def places_at_start(title: str, home: str | None = None) -> list[gazetteer.Place]:
    """The places a title opens with (江苏省无锡市…, 沙依巴克区人民政府…); a name that several places
    bear (通州区) is read inside the home city (adcode) when one is given."""
    out = []
    pos = 0
    while pos < len(title):
        for length in (8, 7, 6, 5, 4, 3, 2):
            form = title[pos : pos + length]
            place = _find(form, home) if len(form) == length else None
            if place is not None and (place.level != "county" or form == place.name or form in place.former):
                out.append(place)
                pos += length
                break
        else:
            break
    return out


def _find(form: str, home: str | None) -> gazetteer.Place | None:
    """The place a form names, or the autonomous county or banner it names by its short form and level
    (民和县 for 民和回族土族自治县)."""
    place = gazetteer.find(form, home)
    if place is None and len(form) >= 3 and form[-1] in "县旗":
        place = _autonomous().get(form)
    return place


@cache
def _autonomous() -> dict[str, gazetteer.Place]:
    """Autonomous counties and banners by their short form and level (民和县, 鄂温克旗), where only one
    place bears that form."""
    found: dict[str, list[gazetteer.Place]] = {}
    for p in gazetteer.places():
        if p.level == "county" and len(p.short) >= 2 and p.name.endswith(("自治县", "自治旗")):
            found.setdefault(p.short + p.name[-1], []).append(p)
    index = gazetteer.surface_index()
    return {form: ps[0] for form, ps in found.items() if len(ps) == 1 and form not in index}


def infer_city(text: str, title: str = "") -> str | None:
    """The prefecture-level city a document speaks for: the city its title opens with, else the one it
    names most. The last text's answer is kept: a document's home asks it twice."""
    last = _LAST_CITY[0]  # one read: a (text, title, city) triple that no other thread changes
    if last[0] is text and last[1] == title:
        return last[2]
    city = _infer_city(text, title)
    _LAST_CITY[0] = (text, title, city)
    return city


_LAST_CITY: list[tuple[str | None, str, str | None]] = [(None, "", None)]


def _infer_city(text: str, title: str) -> str | None:
    for place in places_at_start(title):
        city = gazetteer.city_above(place)
        if city is not None:
            return city.name
    counts = cities_named(text, title)
    if counts and counts.most_common(1)[0][1] >= 2:
        return counts.most_common(1)[0][0]
    # else the city of the county-level division it names most by its full name (万州区 -> 重庆市)
    named = _counties_named(text)
    if named:
        place, n = named.most_common(1)[0]
        city = gazetteer.city_above(place) if n >= 2 else None
        if city is not None:
            return city.name
    return None


def cities_named(text: str, title: str = "") -> Counter[str]:
    """How often a text names each prefecture-level city (or municipality) by its short form, in the
    gazetteer's order: its occurrences in the text and the title, and 2 when a newspaper's dateline names
    it (本报济宁讯). Only the cities whose short form one pattern finds in them are counted."""
    counts: Counter[str] = Counter()
    dateline = NEWS_DATELINE.search(text[:600])
    # the place the dateline names sits in whichever alternative matched (本报X讯, X网讯, 新华社X…电)
    reporter = next((g for g in dateline.groups() if g), "") if dateline else ""
    cities, scan, partners = _city_forms()
    seen = {rank for s in (text, title, reporter) for form in scan.findall(s) for rank in partners[form]}
    for rank in sorted(seen):
        name, short = cities[rank]
        n = len(_short_form(short).findall(text)) if len(short) >= 2 else 0
        n += title.count(short) + (2 if reporter and short in reporter else 0)
        if n:
            counts[name] += n
    return counts


@cache
def _short_form(short: str) -> re.Pattern[str]:
    """A city's short form not followed by a street's head (天津路): compiled once per city."""
    return re.compile(re.escape(short) + f"(?![{STREET_HEADS}])")


@cache
def _city_forms() -> tuple[tuple[tuple[str, str], ...], re.Pattern[str], dict[str, tuple[int, ...]]]:
    """The prefecture-level cities (and municipalities) in gazetteer order as (name, short form), one
    pattern that finds their short forms, and for each short form the ranks of the cities whose short
    form may occur overlapping it (itself included). The pattern's matches do not overlap, so a short
    form it skips overlaps one it found: the cities a text can name are the partners of those found."""
    cities = tuple(
        (p.name, p.short)
        for p in gazetteer.places()
        if p.level == "city" or p.name in gazetteer.MUNICIPALITIES
    )
    forms = sorted({short for _, short in cities if short}, key=lambda f: (-len(f), f))
    scan = re.compile("|".join(map(re.escape, forms)))
    return cities, scan, _partners(forms, tuple(short for _, short in cities))


def _partners(forms: list[str], shorts: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    """For each form, the ranks of the (non-empty) `shorts` that can occur at a position inside an
    occurrence of it (from its start on): those that begin with a tail of the form, and those that a tail
    of the form begins with. Looked up by prefix, not by comparing every form with every short form."""
    starting: dict[str, list[int]] = {}  # a prefix -> the ranks of the short forms that begin with it
    exact: dict[str, list[int]] = {}
    for rank, short in enumerate(shorts):
        if short:
            exact.setdefault(short, []).append(rank)
            for k in range(1, len(short) + 1):
                starting.setdefault(short[:k], []).append(rank)
    out = {}
    for form in forms:
        found: set[int] = set()
        for d in range(len(form)):
            tail = form[d:]
            found.update(starting.get(tail, ()))
            for k in range(1, len(tail)):
                found.update(exact.get(tail[:k], ()))
        out[form] = tuple(sorted(found))
    return out


def _counties_named(text: str) -> Counter[gazetteer.Place]:
    """County-level divisions named by a full name that names no other division (in the order of the
    gazetteer's surface index). The last text's answer is kept: a document's home asks it twice."""
    last = _LAST_NAMED[0]  # one read: a (text, counts) pair that no other thread changes
    if last[0] is text:
        return Counter(last[1])
    out: Counter[gazetteer.Place] = Counter()
    table = _county_names()
    found = _forms_in(text, table, "区县旗市")
    for form in found:
        n = _own_count(text, form, found)
        if n:
            out[table[form][1]] += n
    _LAST_NAMED[0] = (text, Counter(out))
    return out


_LAST_NAMED: list[tuple[str | None, Counter[gazetteer.Place]]] = [(None, Counter())]


@cache
def _county_names() -> dict[str, tuple[int, gazetteer.Place]]:
    """Full names (3 characters or more, ending in 区/县/旗, or 市 for a county-level city) of exactly one
    county-level division, with their rank in the surface index."""
    out: dict[str, tuple[int, gazetteer.Place]] = {}
    for rank, (form, cands) in enumerate(gazetteer.surface_index().items()):
        if len(form) >= 3 and form[-1] in "区县旗市":
            full = [p for p in cands if p.level == "county" and not p.zone and p.name == form]
            if len(full) == 1:
                out[form] = (rank, full[0])
    last = len(gazetteer.surface_index())
    for k, (form, place) in enumerate(sorted(_autonomous().items())):  # 民和县: after the index's forms
        out.setdefault(form, (last + k, place))
    return out


@cache
def _forms_ending(suffix: str) -> dict[str, tuple[int, tuple[gazetteer.Place, ...]]]:
    """Surface forms of two characters or more ending in `suffix`, with their rank in the surface index."""
    return {
        form: (rank, cands)
        for rank, (form, cands) in enumerate(gazetteer.surface_index().items())
        if form.endswith(suffix) and len(form) >= 2
    }


def _forms_in(text: str, table: Mapping[str, tuple[int, object]], lasts: str) -> list[str]:
    """The forms of a table (each ending in one of `lasts`) that occur in the text, in their rank order:
    only the substrings ending at those characters are looked up, so the cost follows the text, not the
    table."""
    by_last = _lengths(table)
    found: set[str] = set()
    for last in set(lasts):
        lengths = by_last.get(last, ())
        end = text.find(last) if lengths else -1
        while end >= 0:
            for length in lengths:
                if length > end + 1:
                    break
                form = text[end + 1 - length : end + 1]
                if form in table:
                    found.add(form)
            end = text.find(last, end + 1)
    return sorted(found, key=lambda f: table[f][0])


def _own_count(text: str, form: str, found: list[str]) -> int:
    """How often a form occurs other than inside a longer form found in the same text (兴县 inside
    长兴县 names no 兴县)."""
    n = text.count(form)
    for longer in found:
        if len(longer) > len(form) and form in longer:
            n -= text.count(longer) * longer.count(form)
    return max(n, 0)


_LENGTHS: dict[int, tuple[Mapping[str, object], dict[str, tuple[int, ...]]]] = {}


def _lengths(table: Mapping[str, tuple[int, object]]) -> dict[str, tuple[int, ...]]:
    """The lengths (2 or more, shortest first) of a table's forms by their last character, once per table
    (the tables are cached for the process)."""
    hit = _LENGTHS.get(id(table))
    if hit is not None and hit[0] is table:
        return hit[1]
    if len(_LENGTHS) >= 64:
        _LENGTHS.clear()
    by_last: dict[str, set[int]] = {}
    for form in table:
        if len(form) >= 2:
            by_last.setdefault(form[-1], set()).add(len(form))
    lengths = {last: tuple(sorted(ns)) for last, ns in by_last.items()}
    _LENGTHS[id(table)] = (table, lengths)
    return lengths


def infer_county(text: str, title: str, city: str | None) -> str | None:
    """The county-level place (district, county, banner) a document speaks for: the one its title opens
    with (inside the city it names most when several bear that name), else the one division it names by
    its full name when it calls its own place 全县/我区/本旗, else the one a report is about."""
    hint = city or infer_city(text, title)
    home = gazetteer.city_of(hint) if hint else None
    for place in places_at_start(title, home.adcode if home is not None else None):
        if place.level == "county" and not place.zone:
            return place.name
    for place in _counties_named(text):  # a title opening with a county's short form (万州：…)
        if len(place.short) >= 2 and place.short != place.name and title.startswith(place.short):
            return place.name
    selves = Counter(m.group(1) for m in SELF_COUNTY.finditer(text))
    if not selves:
        return _dominant_county(text, title)
    suffix, n = selves.most_common(1)[0]
    if n < 2:  # one 本区(域) is no self-name: the report's own division, if any, decides
        return _dominant_county(text, title)
    home = gazetteer.city_of(city) if city else None
    code = home.adcode if home is not None else None
    counts: Counter[str] = Counter()
    table = _forms_ending(suffix)
    found = _forms_in(text, table, suffix)
    for form in found:
        n = _own_count(text, form, found)
        for p in table[form][1]:
            if n and p.level == "county" and not p.zone and (code is None or p.adcode[:4] == code[:4]):
                counts[p.name] += n
    if not counts:
        return None
    best = counts.most_common(2)
    if len(best) > 1 and best[0][1] == best[1][1]:
        return None
    return best[0][0]


def _dominant_county(text: str, title: str = "") -> str | None:
    """The county-level division a news report is about: named in full three times or more, twice as
    often as any other division and as the text calls its place 全市/我市/本市. A county-level city
    (寿光市) is named by its short form too, and its own 全市 is no rival: it must be named as often as
    the prefecture above it (在潍坊市各县市区中 names that prefecture as the field it ranks in), and a title
    naming the prefecture and not it (金华市教育局关于…的通知, held in 义乌市) keeps the prefecture's."""
    ranked = _counties_named(text).most_common(2)
    if not ranked:
        return None
    top, n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    rival = 2 * len(CITY_SELF.findall(text))
    if top.name.endswith("市") and len(top.short) >= 2 and top.short != top.name:
        n = text.count(top.short)
        above = gazetteer.city_above(top)
        rival = cities_named(text).get(above.name, 0) if above is not None else rival
        if above is not None and top.short not in title and (above.short or above.name) in title:
            return None
    return top.name if n >= 3 and n >= 2 * second and n >= rival else None
