"""Places of China from maintained tables: jionlp's current divisions (divisions.tsv) at every level,
with the names cpca's older table gives the same division code as former names (海门市 -> 海门区).

Every province, prefecture and county-level division (and the functional zones with a statistical code,
by their full name) with its code, so parents and short forms come from the data, not from Python.
"""

from __future__ import annotations

import csv
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.knowledge import divisions
from graph.knowledge.words import words

ETHNIC_SUFFIXES = tuple(words("gazetteer", "ethnic_suffixes"))
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


@dataclass(frozen=True)
class Place:
    adcode: str
    name: str  # official name, e.g. 无锡市
    short: str  # short form, e.g. 无锡 (same as name when no safe short form exists)
    level: str  # province | city | county
    parent: str | None  # adcode of the parent
    former: tuple[str, ...] = ()  # former names of the same division (海门市 for 海门区)
    zone: bool = False  # a functional zone (开发区, 新区) rather than a legal division

    @property
    def label(self) -> str:
        """The canonical label: the short form for provinces and cities, the full name below."""
        return self.short if self.level in ("province", "city") else self.name


def _cpca_file() -> Path | None:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    return path if path.exists() else None


@lru_cache(maxsize=1)
def _former_names() -> dict[str, tuple[str, ...]]:
    """Division code -> names an older table (cpca's) gives that code and the current table does not."""
    path = _cpca_file()
    if path is None:
        return {}
    out: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code, name = row["adcode"][:6], row["name"].strip()
            if name and not code.endswith("00"):
                out.setdefault(code, []).append(name)
    return {k: tuple(sorted(set(v))) for k, v in out.items()}


def _short(d: divisions.Division) -> str:
    name = d.name
    for suffix in ETHNIC_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    if d.zone:
        return name  # 经开区, 高新区: the short forms of zones are generic
    if d.level == "province" and name.endswith("省"):
        return name[:-1]
    if name.endswith("市") and len(name) >= 3:
        return name[:-1]  # cities and county-level cities (宜兴市 -> 宜兴)
    if d.level == "county" and len(d.short) >= 2 and d.short != name and len(name) >= 3:
        return d.short  # 余庆县 -> 余庆, 铁西区 -> 铁西 (成县 keeps its name); read only near home
    if d.level == "city" and d.short and len(d.short) >= 2 and not name.endswith(("区", "县")):
        return d.short  # 自治州, 地区, 盟: jionlp's short form
    return name


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    rows = [d for d in divisions.divisions() if d.code[:2] != "71"]
    city_code = {(d.province, d.name): d.code for d in rows if d.level == "city"}
    prov_code = {d.name: d.code for d in rows if d.level == "province"}
    former = _former_names()
    out: dict[str, Place] = {}
    for d in rows:
        if d.level == "province":
            parent = None
        elif d.level == "city":
            parent = prov_code.get(d.province)
        else:
            parent = city_code.get((d.province, d.city)) if d.city else prov_code.get(d.province)
        old = tuple(n for n in former.get(d.code, ()) if n != d.name) if d.level == "county" else ()
        if d.code in out:  # a code jionlp gives twice: keep the first
            continue
        out[d.code] = Place(d.code, d.name, _short(d), d.level, parent, old, d.zone)
    return tuple(sorted(out.values(), key=lambda p: p.adcode))


@lru_cache(maxsize=1)
def by_code() -> dict[str, Place]:
    return {p.adcode: p for p in places()}


@lru_cache(maxsize=1)
def surface_index() -> dict[str, tuple[Place, ...]]:
    """Every surface form (official name, former names, and the short form of provinces, cities and
    county-level places) to the places it may name."""
    idx: dict[str, list[Place]] = {}
    for p in places():
        forms = {p.name, *p.former}
        if len(p.short) >= 2:
            forms.add(p.short)
        if p.level == "county" and p.name.endswith("区") and len(p.short) >= 2 and not p.zone:
            forms.add(p.short + "市")  # 江都市: many districts were county-level cities (read near home only)
        for form in sorted(forms):
            idx.setdefault(form, []).append(p)
    return {k: tuple(v) for k, v in idx.items()}


@lru_cache(maxsize=1 << 16)
def find(name: str, home: str | None = None) -> Place | None:
    """The place a surface form names, preferring one inside the home city or province (adcode); each
    answer is kept (the recognisers ask the same forms of every document of a home)."""
    cands = surface_index().get(name, ())
    # a county's short form (宜兴 for 宜兴市) counts only near home: elsewhere it is too often a word
    cands = tuple(
        c for c in cands if c.name == name or name in c.former or c.level != "county" or _near(c, home)
    )
    if not cands:
        return None
    if len(cands) == 1:
        return cands[0]
    # prefer higher levels (江苏 the province over a county of that name), then the home area
    if home:
        inside = [c for c in cands if c.adcode.startswith(home[:4])] or [
            c for c in cands if c.adcode.startswith(home[:2])
        ]
        if inside:
            return sorted(inside, key=lambda c: (c.level != "province", c.level != "city", c.adcode))[0]
    top = [c for c in cands if c.level in ("province", "city")]
    if len(top) == 1:
        return top[0]
    return None


def _near(place: Place, home: str | None) -> bool:
    """Inside the home city (or the home municipality, whose districts share its first two digits)."""
    if not home:
        return False
    if home.endswith("0000"):
        return place.adcode[:2] == home[:2]
    return place.adcode[:4] == home[:4]


def city_of(name: str) -> Place | None:
    """A prefecture-level city by name or short form."""
    for p in surface_index().get(name, ()):
        if p.level == "city" or (p.level == "province" and p.name in MUNICIPALITIES):
            return p
    return None


def county_of(name: str, city: str | None = None) -> Place | None:
    """A county-level division by full name (沙依巴克区), inside a city (adcode) when given."""
    cands = [
        p
        for p in surface_index().get(name, ())
        if p.level == "county" and (p.name == name or name in p.former)
    ]
    if city:  # a municipality's districts (110112) share only its first two digits (110000)
        cands = [p for p in cands if _near(p, city)] or cands
    return cands[0] if len(cands) == 1 else None


def province_of(place: Place) -> Place | None:
    p: Place | None = place
    while p is not None and p.level != "province":
        p = by_code().get(p.parent) if p.parent else None
    return p


def city_above(place: Place) -> Place | None:
    """The prefecture-level city (or municipality) a county-level place belongs to."""
    p: Place | None = place
    while (
        p is not None
        and p.level not in ("city",)
        and not (p.level == "province" and p.name in MUNICIPALITIES)
    ):
        p = by_code().get(p.parent) if p.parent else None
    return p
