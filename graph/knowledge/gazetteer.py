"""Places of China from a maintained gazetteer: the administrative-division table shipped by cpca.

The table is read from the package's data file (not by importing cpca, which loads pandas): every
province, prefecture and county with its adcode, so parents and short forms come from the data.
"""

from __future__ import annotations

import csv
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.core.errors import EduKGError
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

    @property
    def label(self) -> str:
        """The canonical label: the short form for provinces and cities, the full name below."""
        return self.short if self.level in ("province", "city") else self.name


def _data_file() -> Path:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise EduKGError("the gazetteer package cpca is not installed; run: pip install -e .")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


def _short(name: str, level: str) -> str:
    for suffix in ETHNIC_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    if level == "province" and name.endswith("省"):
        return name[:-1]
    if level in ("province", "city") and name.endswith("市") and len(name) >= 3:
        return name[:-1]
    # county-level cities (宜兴市 -> 宜兴); districts and counties keep their suffix
    if level == "county" and name.endswith("市") and len(name) >= 3:
        return name[:-1]
    return name


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    out: list[Place] = []
    with _data_file().open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["adcode"][:6]
            name = row["name"].strip()
            if not name or name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                continue
            if code.endswith("0000"):
                level, parent = "province", None
            elif code.endswith("00"):
                level, parent = "city", code[:2] + "0000"
            else:
                level = "county"
                parent = code[:4] + "00"
            out.append(Place(code, name, _short(name, level), level, parent))
    codes = {p.adcode for p in out}
    # counties directly under a province (直辖县级) or a municipality's districts point to the province
    fixed = []
    for p in out:
        if p.parent and p.parent not in codes:
            p = Place(p.adcode, p.name, p.short, p.level, p.parent[:2] + "0000")
        if p.level == "province" and p.name in MUNICIPALITIES:
            p = Place(p.adcode, p.name, p.short, "province", None)
        fixed.append(p)
    return tuple(sorted(fixed, key=lambda p: p.adcode))


@lru_cache(maxsize=1)
def by_code() -> dict[str, Place]:
    return {p.adcode: p for p in places()}


@lru_cache(maxsize=1)
def surface_index() -> dict[str, tuple[Place, ...]]:
    """Every surface form (official name, and short form for provinces, cities and county-level
    cities) to the places it may name."""
    idx: dict[str, list[Place]] = {}
    for p in places():
        forms = {p.name}
        if len(p.short) >= 2:
            forms.add(p.short)
        for form in forms:
            idx.setdefault(form, []).append(p)
    return {k: tuple(v) for k, v in idx.items()}


def find(name: str, home: str | None = None) -> Place | None:
    """The place a surface form names, preferring one inside the home city or province (adcode)."""
    cands = surface_index().get(name, ())
    # a county's short form (宜兴 for 宜兴市) counts only near home: elsewhere it is too often a word
    cands = tuple(
        c for c in cands if c.label == name or c.level != "county" or (home and c.adcode[:4] == home[:4])
    )
    if not cands:
        return None
    if len(cands) == 1:
        return cands[0]
    # prefer higher levels (江苏 the province over a county of that name), then the home area
    if home:
        inside = [c for c in cands if c.adcode.startswith(home[:4]) or c.adcode.startswith(home[:2])]
        if inside:
            return sorted(inside, key=lambda c: (c.level != "province", c.level != "city", c.adcode))[0]
    top = [c for c in cands if c.level in ("province", "city")]
    if len(top) == 1:
        return top[0]
    return None


def city_of(name: str) -> Place | None:
    """A prefecture-level city by name or short form."""
    for p in surface_index().get(name, ()):
        if p.level == "city" or (p.level == "province" and p.name in MUNICIPALITIES):
            return p
    return None


def province_of(place: Place) -> Place | None:
    p: Place | None = place
    while p is not None and p.level != "province":
        p = by_code().get(p.parent) if p.parent else None
    return p
