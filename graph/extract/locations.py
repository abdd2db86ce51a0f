"""Where an institution is, from its name: institution.location (the place, zone or town its own name part
starts with; a college is where its university is, an attached school not by that alone)."""

from __future__ import annotations

import re

from graph.core.model import Mention, Relation
from graph.extract.context import Context
from graph.extract.zones import zone_at
from graph.knowledge import gazetteer
from graph.knowledge.words import pattern, words

TOPONYM_TAILS = set(words("institutions", "toponym_tails"))
ATTACHMENT = re.compile(pattern("institutions", "attachment"))


def location_of(ctx: Context, m: Mention, parent: Mention | None) -> Relation | None:
    """An institution whose own name part starts with a place is located there."""
    name = m.name
    own = name
    if parent is not None:
        for form in (parent.name, parent.text):
            if form and name.startswith(form):
                own = name[len(form) :]
                break
    elif (
        m.type == "ResearchCenter"
    ):  # 某大学某市产业研究院: where its own part says, not where its university is
        university = next(
            (name[:n] for n in range(len(name) - 3, 1, -1) if _is_university(ctx, name[:n])), ""
        )
        rest = name[len(university) :]
        if university and any(ctx.place(rest[:n]) is not None for n in (4, 3, 2)):
            own = rest
    # a campus is where its own name says
    if parent is not None and own != name:
        entry = ctx.aliases.get(parent.text) or ctx.aliases.get(parent.name)
        # 某大学黄埔实验学校, 哈尔滨工业大学(深圳)实验学校: where it says
        own = _after_attachment(ctx, own) if m.type == "School" else own  # 某大学附属长治学校: in 长治
        # …, and a college whose own part opens with a place (某职业学院濉溪专业学院, 某大学泰州科技学院) is there
        named = m.type in ("School", "College") and own_place(ctx, own.lstrip("(（")) is not None
        # a college is where its university is; an attached school is not in the home's province (many are
        # built elsewhere: 厦门大学附属实验中学 is in 漳州, 哈尔滨工业大学(深圳)实验学校 in 深圳): the text's place
        # or the home decides; but one of a university of another province (华东师范大学第二附属中学 in a
        # document of 无锡) is where its university is, not in the home
        if entry is not None and entry.located and m.type in ("College", "School") and not named:
            place = ctx.place(entry.located)
            home = ctx.home_code
            if place is not None and (m.type == "College" or home is None or place.adcode[:2] != home[:2]):
                pm = ctx.place_mention(m, place, "institution.location")
                return Relation(m, "locatedIn", pm, "institution.location", m.start, m.end)
    # a university's campus may be in another city (南京理工大学江阴校区 in 江阴): only a school's is held to its city
    if m.type == "Campus" and parent is not None and parent.type == "School" and own != name:
        city = _other_city(ctx, parent)
        if city is not None:  # 北京市某中学朝阳校区 in a document of 无锡: 北京's 朝阳区, or nowhere
            return _campus_in(ctx, m, own, city)
    zone = zone_at(ctx, own)
    if zone is not None:
        k = m.text.find(zone)
        s, e, text = (m.start + k, m.start + k + len(zone), zone) if k >= 0 else (m.start, m.end, m.text)
        pm = Mention(m.doc_id, s, e, text, "Place", "institution.location", zone)
        return Relation(m, "locatedIn", pm, "institution.location", m.start, m.end)
    fallback = [name[:n] for n in (4, 3, 2)] if own != name and m.type == "College" else []
    candidates = [own[:n] for n in (4, 3, 2)] + fallback
    for form in candidates:
        place = ctx.place(form)
        if place is not None:
            tail = name[name.find(form) + len(form) : name.find(form) + len(form) + 1]
            if tail in TOPONYM_TAILS:
                return None  # 镇江路小学: a street named after a place, not a school in it
            if _local_word(m, place, form) or _campus_word(ctx, m, parent, place, own, form):
                return None  # 海南小学 of a county: a local name, not a school of the province
            place = (
                _inner_place(ctx, place, own[own.find(form) + len(form) :]) if own.startswith(form) else place
            )
            pm = ctx.place_mention(m, place, "institution.location")
            return Relation(m, "locatedIn", pm, "institution.location", m.start, m.end)
    return None


def _other_city(ctx: Context, parent: Mention) -> gazetteer.Place | None:
    """The city (or municipality) a school's name opens with, when it is not the home's."""
    place = own_place(ctx, parent.name)
    city = gazetteer.city_above(place) if place is not None else None
    home = ctx.home_code
    if city is None or home is None:
        return None
    span = 2 if city.level == "province" or home.endswith("0000") else 4
    return None if city.adcode[:span] == home[:span] else city


def _campus_in(ctx: Context, m: Mention, own: str, city: gazetteer.Place) -> Relation | None:
    """A campus of a school of another city named after a place (朝阳校区): the county of that name in the
    school's own city, never the home's or an unrelated place of that name."""
    span = 2 if city.level == "province" else 4
    for n in (4, 3, 2):
        place = gazetteer.find(own[:n], city.adcode)
        if place is not None and place.adcode[:span] == city.adcode[:span] and place.level == "county":
            if own[n : n + 1] in TOPONYM_TAILS:
                return None
            pm = ctx.place_mention(m, place, "institution.location")
            return Relation(m, "locatedIn", pm, "institution.location", m.start, m.end)
    return None


def _inner_place(ctx: Context, place: gazetteer.Place, rest: str) -> gazetteer.Place:
    """The most specific of the places a name starts with: 某市某区某小学 is in 某区 (written in full, and
    under the city the name starts with), not only in 某市; 某省某市某中学 in 某市."""
    if place.level == "county":
        return place
    for n in (5, 4, 3):
        inner = ctx.place(rest[:n])
        if (
            inner is not None
            and inner.level in ("county", "city")
            and rest[:n] == inner.name
            and inner.parent == place.adcode
            and rest[n : n + 1] not in TOPONYM_TAILS
        ):
            return _inner_place(ctx, inner, rest[n:])  # 四川省成都市某中学: in 成都 (and its county if named)
    return place


def own_place(ctx: Context, name: str) -> gazetteer.Place | None:
    """The place a name starts with, unless it is part of a local toponym (镇江路小学, 山东头配套学校)."""
    for length in (4, 3, 2):
        place = ctx.place(name[:length])
        if place is not None:
            return None if name[length : length + 1] in TOPONYM_TAILS else place
    return None


def _is_university(ctx: Context, form: str) -> bool:
    entry = ctx.aliases.get(form)
    return entry is not None and entry.type == "University"


def _local_word(m: Mention, place: gazetteer.Place, form: str) -> bool:
    """A school named by a province's short form alone (海南小学, not 海南省…): a school of a province is
    named with its level, so the form is a local word."""
    return (
        m.type == "School"
        and place.level == "province"
        and form == place.short
        and place.name not in gazetteer.MUNICIPALITIES
    )


def _campus_word(
    ctx: Context, m: Mention, parent: Mention | None, place: gazetteer.Place, own: str, form: str
) -> bool:
    """A school's campus whose own part opens with a county's two-character name of another city (西区分校 of
    a school in 成都: 西区 is a county of 攀枝花), or another city's short form (朝阳校区 of a school of 无锡: 朝阳
    is a city of 辽宁), names a part of the school's town, not that place (a university's campus may be in
    another city: 江南大学宜兴校区)."""
    home = ctx.home_code
    return (
        m.type == "Campus"
        and parent is not None
        and parent.type == "School"
        and own.startswith(form)
        and home is not None
        and (
            (len(form) == 2 and place.level == "county" and place.parent != home)
            or (place.level == "city" and form == place.short and place.adcode[:4] != home[:4])
        )
    )


def _after_attachment(ctx: Context, own: str) -> str:
    """A school's own part after its attachment word (附属, 第二附属) when a place follows it (某大学附属长治学校:
    长治学校, in 长治; 某大学第二附属中学 stays as it is)."""
    m = ATTACHMENT.match(own)
    return own[m.end() :] if m and own_place(ctx, own[m.end() :]) is not None else own
