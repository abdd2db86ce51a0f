"""China's administrative divisions (province, city, county) from the vendored table divisions.tsv.

The table comes from jionlp's china_location data (see SOURCES.md; regenerate it with
tools/refresh_knowledge.py). Names repeat across the country (朝阳区 is in 北京市 and 长春市, 鼓楼区 in four
cities) and so do short forms, so both indexes map to every division that carries the name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Literal, cast

Level = Literal["province", "city", "county"]

TABLE = Path(__file__).with_name("divisions.tsv")
COLUMNS = ("code", "name", "short", "level", "province", "city", "zone")
_LEVELS = ("province", "city", "county")


@dataclass(frozen=True, slots=True)
class Division:
    code: str  # 6-digit division code, e.g. 320684; not unique for Hong Kong's and Macau's districts
    name: str  # full name, e.g. 海门区
    # jionlp's short forms: ("海门",), ("克州", "克孜勒苏"); equal to the name where jionlp keeps it (成县)
    shorts: tuple[str, ...]
    level: Level
    province: str  # full name of the province; a province's own name for a province
    city: str  # full name of the prefecture-level parent; "" for provinces, cities and counties under a province
    zone: bool  # a functional zone (经济技术开发区, 高新区 ...) with a statistical code, not a legal division

    @property
    def short(self) -> str:
        """The first short form (the one jionlp lists first)."""
        return self.shorts[0] if self.shorts else self.name

    @property
    def parent(self) -> str:
        """Full name of the division directly above: the city, else the province ("" for a province)."""
        if self.level == "province":
            return ""
        return self.city or self.province


def _parse(text: str) -> tuple[Division, ...]:
    lines = text.splitlines()
    if tuple(lines[0].split("\t")) != COLUMNS:
        raise ValueError(f"{TABLE.name}: unexpected header {lines[0]!r}")
    out = []
    for n, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(COLUMNS) or cells[3] not in _LEVELS:
            raise ValueError(f"{TABLE.name}:{n}: malformed row {line!r}")
        code, name, short, level, province, city, zone = cells
        shorts = tuple(short.split("|")) if short else ()
        out.append(Division(code, name, shorts, cast(Level, level), province, city, zone == "1"))
    return tuple(out)


@cache
def divisions() -> tuple[Division, ...]:
    """Every province, city and county, sorted by code."""
    return _parse(TABLE.read_text(encoding="utf-8"))


def _index(pairs: list[tuple[str, Division]]) -> Mapping[str, tuple[Division, ...]]:
    grouped: defaultdict[str, list[Division]] = defaultdict(list)
    for key, d in pairs:
        grouped[key].append(d)
    return MappingProxyType({k: tuple(v) for k, v in grouped.items()})


@cache
def by_name() -> Mapping[str, tuple[Division, ...]]:
    """Full name -> the divisions with that name (read-only), e.g. 海门区 -> (南通市's 海门区,)."""
    return _index([(d.name, d) for d in divisions()])


@cache
def by_short() -> Mapping[str, tuple[Division, ...]]:
    """Short form -> the divisions with that short form (read-only), e.g. 南通 -> (南通市,).

    Ambiguous short forms keep every division: 吉林 -> (吉林省,); 鼓楼 -> four districts; the generic shorts
    of functional zones (经开区, 高新区) map to dozens of them.
    """
    return _index([(s, d) for d in divisions() for s in d.shorts])


def lookup(name: str, *, province: str | None = None, city: str | None = None) -> tuple[Division, ...]:
    """The divisions with full name or short form ``name``, optionally only those in a province or city
    (given by full name), full-name matches first."""
    found = by_name().get(name, ()) + tuple(d for d in by_short().get(name, ()) if d.name != name)
    return tuple(
        d for d in found if (province is None or d.province == province) and (city is None or d.city == city)
    )
