"""Rule names.registry and names.gazetteer: curated names and places found by dictionary look-up.

Pattern: the longest registry alias or gazetteer form at each position (a relative form such as 市教育局
is skipped after 区/县/各, where it names a lower body). Example: 市委教育工委、市教育局召开… gives two
GovernmentBody mentions resolved to the home city's bodies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache, lru_cache

from graph.core.model import INSTITUTION_TYPES, Mention, Relation
from graph.extract.context import Context
from graph.extract.forms import per_table
from graph.ingest.starts import char_class
from graph.knowledge import gazetteer
from graph.knowledge.registry import Entry
from graph.knowledge.words import mapping, pattern, words

RELATIVE_BLOCK = set("区县各镇乡街）)")
PLACE_STOP = set(words("places", "place_stop"))
STREET_TAILS = tuple(words("places", "street_tails"))
COMMON_TAILS = set(words("places", "common_tails"))
NOT_A_MENTION = re.compile(pattern("places", "not_a_mention"))
SHORT_BLOCK = {form: re.compile(regex) for form, regex in mapping("universities", "ambiguous_before").items()}
# by the head a name ends with: 某某大学城 is a place, not the university
HEAD_BLOCK = {head: re.compile(regex) for head, regex in mapping("names", "registry_not_before").items()}
MAX_LEN = 24


def recognise(ctx: Context) -> Iterator[Mention | Relation]:
    text, doc_id = ctx.doc.text, ctx.doc.meta.id
    # only the lengths of the forms starting with these two characters can match (a pure speed-up)
    own, listed = ctx.alias_parts
    county_abbr = ctx.home.county_abbr
    own_lengths = per_table(own, "names:lengths", _lengths_by_pair)
    shared = _shared_lengths(listed)
    listed_or_place = per_table(listed, "names:forms", _listed_or_place)
    # the lengths of the pairs the home's forms start with, merged with the shared ones (the rest: shared)
    home_at = per_table(
        own, f"names:home:{county_abbr}", lambda _: _home_lengths(own_lengths, shared, county_abbr)
    )
    heads = per_table(own, f"names:heads:{county_abbr}", lambda _: _heads(own_lengths, county_abbr))
    n = len(text)
    after = 0  # where the next mention may start (the end of the last one)
    for head in heads.finditer(text):  # the characters some form starts with
        i = head.start()
        if i < after:
            continue
        pair = text[i : i + 2]
        lengths = home_at.get(pair)
        at_home = lengths is not None  # else no form of the home's (nor its county abbreviation) starts here
        if lengths is None:
            lengths = shared.get(pair)
            if lengths is None:
                continue
        hit = None
        room = min(MAX_LEN, n - i)
        for length in lengths:
            if length > room:
                continue
            form = text[i : i + length]
            entry = own.get(form) if at_home else None
            if entry is None:
                entry = listed_or_place.get(form, _NOWHERE)
                if entry is _NOWHERE:
                    if form != county_abbr:
                        continue
                    entry = None
            if entry is not None:  # the alias index's entry (the home's forms before the list's)
                if form[0] in "市省教区" and i > 0 and text[i - 1] in RELATIVE_BLOCK:
                    continue
                if form in SHORT_BLOCK and SHORT_BLOCK[form].match(text, i + length):
                    continue  # 北大荒: not a university's short form
                if any(form.endswith(h) and b.match(text, i + length) for h, b in HEAD_BLOCK.items()):
                    continue  # 某某大学城: a place; 教育法律: no law
                if entry.label.endswith("委") and NOT_A_MENTION.match(text, i + length):
                    after = i + length
                    break  # 市委书记, 省委十届三次全会: a post or a session, not the body
                hit = Mention(
                    doc_id,
                    i,
                    i + length,
                    form,
                    entry.type,
                    "names.registry",
                    entry.label,
                    (("registry", entry.id),),
                )
                break
            if form not in PLACE_STOP:  # a gazetteer form or the home's county abbreviation
                place = ctx.place(form)
                if (
                    place is not None
                    and place.level == "county"
                    and form == place.short
                    and place.name[-1] == "区"
                ):
                    continue  # a district's short form (天山 in 天山英才) is read inside names only
                if place is not None and text.startswith(STREET_TAILS, i + length):
                    continue  # 黄山路, 北京街: a street named after a place
                if (
                    place is not None
                    and length == 3
                    and form[1:] in COMMON_TAILS
                    and _inside_word(ctx, i, place)
                ):
                    continue  # 新增城区学位, 衢江城区: 城区 a word, not 增城区 or 江城区
                if place is not None:
                    hit = Mention(
                        doc_id,
                        i,
                        i + length,
                        form,
                        "Place",
                        "names.gazetteer",
                        place.label,
                        (("adcode", place.adcode),)
                        + ((("alias", form),) if form not in (place.name, place.short) else ()),
                    )
                    break
        if hit is None:
            continue
        yield hit
        # places nested in a registry name (无锡 in 无锡学院) are places too
        if hit.rule == "names.registry" and hit.type not in INSTITUTION_TYPES:
            yield from _nested_places(ctx, hit)
        if hit.rule == "names.registry" and hit.type in INSTITUTION_TYPES:
            yield from _registry_parent(ctx, hit)
        after = hit.end


def _inside_word(ctx: Context, i: int, place: gazetteer.Place) -> bool:
    """Does the place name at `i` continue a word (a Chinese character before it other than 市/省) and lie
    outside the document's own province?"""
    before = ctx.doc.text[i - 1 : i]
    home = ctx.home_code or ""
    return (
        bool(before)
        and "\u4e00" <= before <= "\u9fff"
        and before not in "市省"
        and place.adcode[:2] != home[:2]
    )


def _lengths_by_pair(forms: Iterable[str]) -> dict[str, tuple[int, ...]]:
    """The lengths of the forms (two characters or more) by their first two characters, longest first."""
    out: dict[str, set[int]] = {}
    for form in forms:
        if len(form) >= 2:
            out.setdefault(form[:2], set()).add(len(form))
    return {pair: tuple(sorted(ns, reverse=True)) for pair, ns in out.items()}


_NOWHERE = Entry("", "", "")  # a form of no list and no gazetteer


def _listed_or_place(listed: Mapping[str, Entry]) -> dict[str, Entry | None]:
    """The national list's forms with their entries, and the gazetteer's other forms (None): one look-up
    for a substring that is neither, as most are."""
    out: dict[str, Entry | None] = dict.fromkeys(gazetteer.surface_index())
    out.update(listed)
    return out


def _shared_lengths(listed: Mapping[str, object]) -> dict[str, tuple[int, ...]]:
    """The lengths of the national list's and the gazetteer's forms by their first two characters,
    longest first (made once for the list's table)."""
    return per_table(listed, "names:shared", lambda t: _union(_lengths_by_pair(t), _place_lengths()))


def _home_lengths(
    own_lengths: dict[str, tuple[int, ...]], shared: Mapping[str, tuple[int, ...]], county_abbr: str | None
) -> dict[str, tuple[int, ...]]:
    """The lengths of every form the scan looks up (the alias index's, the gazetteer's and the home's
    county abbreviation) at the pairs the home's forms start with, longest first: only those pairs, merged
    with the `shared` lengths there (at any other pair the scan reads `shared`)."""
    extra = dict(own_lengths)
    if county_abbr:
        extra[county_abbr] = (*extra.get(county_abbr, ()), 2)
    return {pair: tuple(sorted({*shared.get(pair, ()), *ns}, reverse=True)) for pair, ns in extra.items()}


def _union(a: dict[str, tuple[int, ...]], b: dict[str, tuple[int, ...]]) -> dict[str, tuple[int, ...]]:
    out = dict(a)
    for pair, ns in b.items():
        out[pair] = tuple(sorted({*out.get(pair, ()), *ns}, reverse=True))
    return out


def _heads(own_lengths: dict[str, tuple[int, ...]], county_abbr: str | None) -> re.Pattern[str]:
    """Where a pair some form starts with may start: a character class of the first characters of every
    form (the gazetteer's and the national list's, and the few of the home's forms that class lacks),
    followed by one of their second characters (a lookahead): most characters of a text start no pair."""
    firsts, seconds = _shared_pair_chars()
    pairs = [*own_lengths, *([county_abbr] if county_abbr else [])]
    extra = frozenset(p[0] for p in pairs) - firsts
    extra_seconds = frozenset(p[1] for p in pairs if len(p) > 1) - seconds
    return _head_class(extra, extra_seconds)  # keyed by the few it adds, not the whole classes


@cache
def _shared_pair_chars() -> tuple[frozenset[str], frozenset[str]]:
    """The first and the second characters of the gazetteer's and the national list's forms."""
    from graph.knowledge.registry import alias_parts

    listed = alias_parts()[1]  # the national list's forms (the most of any home's: the same or a few less)
    forms = (*gazetteer.surface_index(), *listed)
    return frozenset(form[0] for form in forms), frozenset(form[1] for form in forms if len(form) > 1)


@lru_cache(maxsize=64)
def _head_class(extra: frozenset[str], extra_seconds: frozenset[str]) -> re.Pattern[str]:
    """The shared first characters and the `extra` ones, before a shared or `extra_seconds` second one."""
    firsts, seconds = _shared_pair_chars()
    return re.compile(f"{char_class(extra | firsts)}(?={char_class(extra_seconds | seconds)})")


@cache
def _place_lengths() -> dict[str, tuple[int, ...]]:
    return _lengths_by_pair(gazetteer.surface_index())


def _nested_places(ctx: Context, outer: Mention) -> Iterator[Mention]:
    """The place a curated name starts with (长三角 in 长三角区域一体化): a registry region, else the gazetteer."""
    text = ctx.doc.text
    found: tuple[int, str, str, tuple[str, str]] | None = None
    for length in range(min(8, outer.end - outer.start - 1), 1, -1):
        entry = ctx.aliases.get(text[outer.start : outer.start + length])
        if entry is not None and entry.type == "Place":
            found = (length, "names.registry", entry.label, ("registry", entry.id))
            break
    if found is None:
        for length in (3, 2):
            form = text[outer.start : outer.start + length]
            place = ctx.place(form) if form in gazetteer.surface_index() and form != outer.text else None
            if place is not None:
                found = (length, "names.gazetteer", place.label, ("adcode", place.adcode))
                break
    if found is not None:
        length, rule, label, attr = found
        form = text[outer.start : outer.start + length]
        yield Mention(outer.doc_id, outer.start, outer.start + length, form, "Place", rule, label, (attr,))


def _registry_parent(ctx: Context, hit: Mention) -> Iterator[Mention | Relation]:
    """The parent a curated composite name written in full starts with (乌鲁木齐市人民政府 in
    乌鲁木齐市人民政府教育督导委员会) is an entity of its own, and the name is partOf it."""
    entry = ctx.aliases.get(hit.text)
    parent_label = entry.parent if entry is not None and hit.text == entry.label else None
    parent = ctx.aliases.get(parent_label) if parent_label else None
    if parent is None or parent.label.startswith("中共"):
        return  # only a name written in full; a party committee's organs are named by their own names
    for form in (parent.label,):
        if len(form) >= 2 and hit.text.startswith(form) and len(form) < len(hit.text):
            pm = Mention(
                hit.doc_id,
                hit.start,
                hit.start + len(form),
                form,
                parent.type,
                "names.registry",
                parent.label,
                (("registry", parent.id),),
            )
            yield pm
            yield Relation(hit, "partOf", pm, "institution.composition", hit.start, hit.end)
            return
