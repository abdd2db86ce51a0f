"""The place part of the ids of templated registry entries ({prov}, {city}, {county}): one per division.

A division's romanised short name (Wuxi) is its id part where no other division shares it. Romanisations
collide (陕西 and 山西 are both Shanxi; 宜春 and 伊春 Yichun; 无锡 the city and 巫溪 the county Wuxi) and
county-level names repeat across cities (鼓楼区 in four cities), so the rule, driven by divisions.tsv
alone (the same for every corpus), is:

- ids of provinces ({prov}) and of cities and counties ({city}, {county}: one id space, as their
  templates share it) are separate spaces (the provinces' ids end in -province);
- within a space, divisions whose romanised names are equal form a group; the one division of the
  group's highest level (a city over counties) keeps the plain name, if there is exactly one;
- every other member is qualified by its parent's id part (nanjing-gulou, jiangxi-yichun, chongqing-wuxi):
  the parent is the one a reader would name to tell them apart;
- a division without a parent (a province), or still not unique, is qualified by its code (shanxi-610000).

So unambiguous places keep the ids they had, and an id part never names two divisions.
"""

from __future__ import annotations

from functools import cache

from graph.knowledge import gazetteer
from graph.knowledge.romanised import CITY_SUFFIXES, PROVINCE_SUFFIXES, romanise, strip_suffix

_RANK = {"province": 0, "city": 1, "county": 2}  # a municipality stands at a city's place in the local space


def province_base(name: str) -> str:
    """The plain id part of a province (full name 江苏省 -> jiangsu)."""
    return romanise(strip_suffix(name, PROVINCE_SUFFIXES)).lower()


def city_base(name: str) -> str:
    """The plain id part of a city or municipality (full name 无锡市 -> wuxi)."""
    return romanise(strip_suffix(name, CITY_SUFFIXES)).lower()


def county_base(short: str) -> str:
    """The plain id part of a county-level division (its short form 江阴 -> jiangyin)."""
    return romanise(short).lower()


def _local(p: gazetteer.Place) -> bool:
    return p.level in ("city", "county") or (p.level == "province" and p.name in gazetteer.MUNICIPALITIES)


def _base(p: gazetteer.Place, local: bool) -> str:
    if not local:
        return province_base(p.name)
    return county_base(p.short) if p.level == "county" else city_base(p.name)


def _assign(members: list[gazetteer.Place], local: bool, qualify: dict[str, str]) -> dict[str, str]:
    """Id parts of one space: plain where unambiguous, else qualified (see the module's rule)."""
    groups: dict[str, list[gazetteer.Place]] = {}
    for p in members:
        groups.setdefault(_base(p, local), []).append(p)
    out: dict[str, str] = {}
    for base, group in groups.items():
        top = min(_RANK[p.level] for p in group)
        keeper = [p for p in group if _RANK[p.level] == top]
        for p in group:
            if len(group) == 1 or (len(keeper) == 1 and p is keeper[0]):
                out[p.adcode] = base
            elif p.parent and p.parent in qualify:
                out[p.adcode] = f"{qualify[p.parent]}-{base}"
            else:
                out[p.adcode] = f"{base}-{p.adcode}"
    seen: dict[str, int] = {}
    for part in out.values():
        seen[part] = seen.get(part, 0) + 1
    for code, part in out.items():  # two of one parent that still read alike: by code
        if seen[part] > 1:
            out[code] = f"{_base(gazetteer.by_code()[code], local)}-{code}"
    return out


@cache
def _provinces() -> dict[str, str]:
    return _assign([p for p in gazetteer.places() if p.level == "province"], False, {})


@cache
def _locals() -> dict[str, str]:
    """Cities and municipalities first (qualified by their province), then counties (by their city,
    municipality or province)."""
    places = [p for p in gazetteer.places() if _local(p)]
    prov_parts = _provinces()
    tops = _assign([p for p in places if p.level != "county"], True, prov_parts)
    qualify = {**prov_parts, **tops}  # a municipality's local part wins over its province part
    counties = _assign([p for p in places if p.level == "county"], True, qualify)
    # a county whose plain name a city or municipality holds is qualified too (无锡 the city keeps wuxi)
    taken = set(tops.values())
    for code, part in counties.items():
        if part in taken:
            p = gazetteer.by_code()[code]
            counties[code] = f"{qualify[p.parent]}-{part}" if p.parent in qualify else f"{part}-{code}"
    return {**tops, **counties}


@cache
def _name_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for p in gazetteer.places():
        if _local(p):
            counts[p.name] = counts.get(p.name, 0) + 1
    return counts


def shares_name(name: str) -> bool:
    """Whether two cities or county-level divisions have this full name (鼓楼区: four cities have one): the
    names of a home's bodies that hold it (鼓楼区人民政府) then name a different body in each."""
    return _name_counts().get(name, 0) > 1


def table() -> dict[tuple[str, str], str]:
    """Every division's id part by (space, code): space "province" for {prov}, "local" for {city} and
    {county}."""
    return {
        **{("province", c): v for c, v in _provinces().items()},
        **{("local", c): v for c, v in _locals().items()},
    }


def province_part(name: str) -> str:
    """The id part of a home province by full name; the plain romanisation for a name not in the table."""
    for p in gazetteer.surface_index().get(name, ()):
        if p.level == "province" and p.name == name:
            return _provinces().get(p.adcode, province_base(name))
    return province_base(name)  # not in the table: as it was


def city_part(name: str) -> str:
    """The id part of a home city (or municipality) by name."""
    p = gazetteer.city_of(name)
    part = _locals().get(p.adcode) if p is not None else None
    # an unqualified part is the name's own romanisation, as it was (the home may give a former name)
    return part if part is not None and p is not None and part != _base(p, True) else city_base(name)


def county_part(place: gazetteer.Place) -> str:
    """The id part of a home county-level division."""
    return _locals().get(place.adcode, county_base(place.short))
