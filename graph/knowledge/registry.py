"""The curated registry of canonical names (ontology/registry.yaml), instantiated for a home city."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from graph.core.errors import InputError
from graph.core.keys import digest
from graph.core.model import ENTITY_TYPES
from graph.core.paths import ontology_file
from graph.knowledge import gazetteer, placeids
from graph.knowledge.romanised import CITY_SUFFIXES, PROVINCE_SUFFIXES, romanise, strip_suffix
from graph.knowledge.templates import fill, filler
from graph.knowledge.words import words

REGISTRY_FILE = ontology_file("registry.yaml")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when it is there
ABBREVIATION_STOP = frozenset(words("places", "abbreviation_stop"))


@dataclass(frozen=True)
class Home:
    """Where a document is from: resolves 市教育局, 省政府 and other relative names."""

    city: str | None = None  # 无锡市
    province: str | None = None  # 江苏省
    county: str | None = None  # 沙依巴克区: the district, county or banner of a county-level document

    @property
    def city_code(self) -> str | None:
        p = gazetteer.city_of(self.city) if self.city else None
        return p.adcode if p else None

    @property
    def county_place(self) -> gazetteer.Place | None:
        return gazetteer.county_of(self.county, self.city_code) if self.county else None

    @property
    def county_abbr(self) -> str | None:
        """The common abbreviation of a long county-level name: its first character and its level (沙区)."""
        name = self.county
        if not name or len(name) < 4 or name[-1] not in "区县旗":
            return None
        abbr = name[0] + name[-1]
        return None if abbr in ABBREVIATION_STOP else abbr

    @property
    def place(self) -> gazetteer.Place | None:
        """The most specific place of the home: its county, else its city."""
        county = self.county_place
        if county is not None:
            return county
        return gazetteer.city_of(self.city) if self.city else None

    @property
    def scope(self) -> str:
        """The id part of the home's most specific division (wuxi, nanjing-gulou, jiangsu-province), as
        the registry's templated ids name it; "" for a document of no place (a national one)."""
        county = self.county_place
        if county is not None:
            return placeids.county_part(county)
        if self.city:
            return placeids.city_part(self.city)
        return placeids.province_part(self.province) + "-province" if self.province else ""


@dataclass(frozen=True)
class Entry:
    id: str
    label: str
    type: str
    label_en: str | None = None
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    located: str | None = None
    relative: tuple[str, ...] = ()  # forms that name it only relative to a home (市教育局)


@lru_cache(maxsize=4096)
def _romanise(name: str) -> str:
    return romanise(name)


@lru_cache(maxsize=4)
def _raw(path: str) -> tuple[dict, ...]:
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read the registry ({exc}); fix the YAML") from None
    items = data.get("entities") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InputError(f"{path}: the registry needs a top-level 'entities' list")
    for item in items:
        if not isinstance(item, dict) or not {"id", "label", "type"} <= item.keys():
            raise InputError(f"{path}: every registry entry needs id, label and type (at {item!r})")
        if item["type"] not in ENTITY_TYPES:
            raise InputError(
                f"{path}: unknown type {item['type']!r} for {item['label']}; use one of {ENTITY_TYPES}"
            )
    return tuple(items)


def registry_path() -> Path:
    return REGISTRY_FILE


@lru_cache(maxsize=4096)
def entries(home: Home = Home()) -> tuple[Entry, ...]:
    """Registry entries; templated ones only when the home city/province is known."""
    head, tail, _ = _parts(home)
    return head + tail


@lru_cache(maxsize=4096)
def _parts(home: Home) -> tuple[tuple[Entry, ...], tuple[Entry, ...], dict[str, Entry]]:
    """The registry's entries for a home, then the national list's (with their alias index): the list's
    part is the same for almost every home, so it is made once, not once per home."""
    city = home.city
    values = _values(home)
    shared = {
        level
        for level, name in (("city", city), ("county", values.get("county")))
        if name and placeids.shares_name(name)
    }
    out = []
    for item, fixed, parts in _templates(str(registry_path())):
        if fixed is not None:
            out.append(fixed)
            continue
        # a templated entry, filled for this home
        relative, leveled, item_id, id_levels, static, fillers = parts
        # the place part of the id is unique per division (placeids): 陕西 and 山西 are both Shanxi
        slug = item_id.replace("{city}", values.get("city_id", ""))
        slug = slug.replace("{prov}", values.get("prov", ""))
        slug = slug.replace("{county}", values.get("county_id", ""))
        item = dict(static)
        try:
            for key, fill_in in fillers:
                item[key] = fill_in(values)
        except KeyError:
            continue  # template needs a home we do not know
        item["id"] = slug
        relative += tuple(str(fill(a, values)) for a in leveled)
        if any(level in shared for level in id_levels):
            # 鼓楼区人民政府 names a body in each city with a 鼓楼区: its names are relative to the home too
            relative += (item["label"], *(a for a in item.get("aliases") or () if a not in relative))
        out.append(_entry(item, relative))
    curated = {form for e in out for form in (e.label, *e.aliases)}
    listed = _listed()
    for k, e in enumerate(out):  # a curated university keeps its id and gains the list's short forms
        if e.label not in listed:
            continue
        extra = tuple(a for a in listed[e.label].aliases if a not in curated)
        if extra:
            out[k] = replace(e, aliases=e.aliases + extra)
    tail, tail_index = _listed_less(frozenset(form for form in curated if form in listed))
    return tuple(out), tail, tail_index


def _values(home: Home) -> dict[str, str]:
    """What the registry's {placeholders} stand for in a home (none for what the home does not know)."""
    city, province = home.city, home.province
    values: dict[str, str] = {}
    if city:
        short_city = strip_suffix(city, CITY_SUFFIXES)
        values.update(
            city=city, cityshort=short_city, city_en=_romanise(short_city), city_id=placeids.city_part(city)
        )
    if province:
        short = strip_suffix(province, PROVINCE_SUFFIXES)
        values.update(
            province=province,
            provshort=short,
            province_en=_romanise(short),
            prov=placeids.province_part(province) + "-province",
        )
    county = home.county_place
    if county is not None:
        level = county.name[-1]
        values.update(
            county=county.name,
            countyshort=county.short,
            county_en=_romanise(county.short),
            county_id=placeids.county_part(county),
            lvl=level,
        )
        if home.county_abbr:
            values["countyabbr"] = home.county_abbr  # 沙依巴克区 -> 沙区
    return values


@lru_cache(maxsize=4)
def _items(path: str) -> tuple[tuple[dict, Entry | None], ...]:
    """The registry's items, each with its entry when it holds no placeholder (the same for every home)."""
    return tuple((item, None if _templated(item) else _entry(item)) for item in _raw(path))


@lru_cache(maxsize=4)
def _templates(path: str) -> tuple[tuple[dict, Entry | None, tuple[Any, ...]], ...]:
    """`_items`, each with what of it does not depend on the home: its aliases without a placeholder,
    those whose only placeholder is {lvl}, its id, the levels whose placeholder its id holds, its values
    without a placeholder, and a filler (graph.knowledge.templates) for each of the others."""
    out = []
    for item, fixed in _items(path):
        aliases = item.get("aliases") or ()
        relative = tuple(a for a in aliases if "{" not in a)
        # 区政府, 县教育局: a form made of the home's level alone names a different body in each county
        leveled = tuple(a for a in aliases if "{" in a and "{" not in a.replace("{lvl}", ""))
        item_id = str(item["id"])
        levels = tuple(level for level in ("city", "county") if f"{{{level}}}" in item_id)
        static = {k: v for k, v in item.items() if not _templated(v)}
        fillers = tuple((k, filler(v)) for k, v in item.items() if _templated(v))
        out.append((item, fixed, (relative, leveled, item_id, levels, static, fillers)))
    return tuple(out)


def _entry(item: dict, relative: tuple[str, ...] = ()) -> Entry:
    return Entry(
        id=str(item["id"]),
        label=item["label"],
        type=item["type"],
        label_en=item.get("en"),
        aliases=tuple(item.get("aliases") or ()),
        parent=item.get("parent"),
        located=item.get("located"),
        relative=relative,
    )


@lru_cache(maxsize=1)
def _listed() -> dict[str, Entry]:
    return {e.label: e for e in _university_entries()}


@lru_cache(maxsize=64)
def _listed_less(curated: frozenset[str]) -> tuple[tuple[Entry, ...], dict[str, Entry]]:
    """The national list less the institutions a curated entry names, and its alias index."""
    tail = tuple(e for e in _listed().values() if e.label not in curated)
    idx: dict[str, Entry] = {}
    for e in tail:
        for form in (e.label, *e.aliases):
            idx.setdefault(form, e)
    return tail, idx


@lru_cache(maxsize=1)
def _university_entries() -> tuple[Entry, ...]:
    """Every institution of the national list (universities.tsv) by its full name, with its short forms
    as aliases and its city as its place."""
    from graph.knowledge import universities

    shorts = universities.short_forms()
    out = []
    seen: set[str] = set()
    for u in universities.universities():
        slug = "cn-" + digest(u.name, 10)  # a stable id from the full name (romanising 2,779 names is slow)
        while slug in seen:
            slug += "x"
        seen.add(slug)
        place = gazetteer.by_code().get(u.code)
        located = place.label if place is not None else u.city
        out.append(Entry(slug, u.name, "University", None, shorts.get(u.name, ()), None, located))
    return tuple(out)


def _templated(value: object) -> bool:
    """Whether an entry (or any of its values) holds a {placeholder}."""
    if isinstance(value, str):
        return "{" in value
    if isinstance(value, dict):
        return any(_templated(k) or _templated(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_templated(v) for v in value)
    return False


@lru_cache(maxsize=4096)
def by_id(home: Home = Home()) -> dict[str, tuple[Entry, ...]]:
    """Entries by id, in file order (an id can repeat: 吉林市 and 吉林省 both give jilin-government)."""
    head, tail, _ = _parts(home)
    own = _grouped(head)
    listed = _listed_ids(tail)
    if own.keys().isdisjoint(listed):
        return {**own, **listed}
    out = dict(own)
    for k, v in listed.items():
        out[k] = out[k] + v if k in out else v
    return out


def with_id(home: Home, rid: str) -> tuple[Entry, ...]:
    """`by_id(home).get(rid, ())`, without merging the home's entries with the national list's."""
    own, listed = _own_ids(home).get(rid), _listed_ids(_parts(home)[1]).get(rid)
    if own is None:
        return listed or ()
    return own + listed if listed else own


@lru_cache(maxsize=4096)
def _own_ids(home: Home) -> dict[str, tuple[Entry, ...]]:
    return _grouped(_parts(home)[0])


def _grouped(items: tuple[Entry, ...]) -> dict[str, tuple[Entry, ...]]:
    idx: dict[str, list[Entry]] = {}
    for e in items:
        idx.setdefault(e.id, []).append(e)
    return {k: tuple(v) for k, v in idx.items()}


_LISTED_IDS: dict[int, tuple[tuple[Entry, ...], dict[str, tuple[Entry, ...]]]] = {}


def _listed_ids(tail: tuple[Entry, ...]) -> dict[str, tuple[Entry, ...]]:
    """The national list's part of `by_id` (thousands of entries, the same tuple for almost every home):
    grouped once per tuple (kept while `_listed_less` keeps it), not once per home."""
    hit = _LISTED_IDS.get(id(tail))
    if hit is not None and hit[0] is tail:
        return hit[1]
    if len(_LISTED_IDS) >= 64:
        _LISTED_IDS.clear()
    grouped = _grouped(tail)
    _LISTED_IDS[id(tail)] = (tail, grouped)
    return grouped


@lru_cache(maxsize=4096)
def alias_index(home: Home = Home()) -> dict[str, Entry]:
    """Surface form (label or alias) -> entry; a form of a templated entry wins for its home.

    The first entry (in the order of `entries`) with a form has it: the registry's forms, then those of
    the national list that the registry does not have (see `alias_parts`)."""
    own, listed = alias_parts(home)
    idx = dict(own)
    idx.update(listed)  # an update keeps the registry's forms in their places
    for form in own.keys() & listed.keys():
        idx[form] = own[form]  # and the registry's entry where both have a form
    return idx


def alias_entry(home: Home, form: str) -> Entry | None:
    """`alias_index(home).get(form)`, without merging the home's forms with the national list's."""
    own, listed = alias_parts(home)
    entry = own.get(form)
    return entry if entry is not None else listed.get(form)


@lru_cache(maxsize=4096)
def alias_parts(home: Home = Home()) -> tuple[dict[str, Entry], dict[str, Entry]]:
    """The alias index in two parts: the registry's forms for this home (a few hundred), and the national
    list's (thousands; one dict shared by almost every home), which gives way to the first where both
    have a form. Indexes derived from the alias index can so be made once for the list's part."""
    head, _, tail_index = _parts(home)
    county = home.county_place
    if county is not None and county.name.endswith("市"):
        # a county-level city's own bodies are its 市教育局, 市委, 市政府 (灯塔市 under 辽阳市): its entries first
        head = tuple(sorted(head, key=lambda e: county.name not in e.label))
    own: dict[str, Entry] = {}
    for e in head:
        for form in (e.label, *e.aliases):
            own.setdefault(form, e)
    return own, tail_index
