"""China's universities and colleges from the vendored table universities.tsv.

The table comes from py92's cn_schools.csv (see SOURCES.md; regenerate it with
tools/refresh_knowledge.py), with province and city written out in full (山东 -> 山东省, 青岛 -> 青岛市).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

TABLE = Path(__file__).with_name("universities.tsv")
COLUMNS = (
    "name",
    "province",
    "city",
    "code",
    "level",
    "ownership",
    "project_985",
    "project_211",
    "double_first_class",
)


@dataclass(frozen=True, slots=True)
class University:
    name: str  # full name as in the Ministry of Education's list, e.g. 中国石油大学（北京）
    province: str  # full name of the province the list files it under, e.g. 山东省
    city: str  # full name of its city (北京市, 青岛市), or a county-level place (昆山市, 石河子市)
    code: str  # division code of ``city``: a key into divisions.tsv
    level: str  # 本科 | 专科
    ownership: str  # 公办 | 民办 | 中外合作办学 | 中外合作办学及内地与港澳合作办学 | ...
    project_985: bool | None  # None where the source leaves it blank
    project_211: bool | None
    double_first_class: bool | None  # 双一流

    @property
    def public(self) -> bool:
        return self.ownership == "公办"

    @property
    def undergraduate(self) -> bool:
        return self.level == "本科"


_FLAG: dict[str, bool | None] = {"1": True, "0": False, "": None}


def _parse(text: str) -> tuple[University, ...]:
    lines = text.splitlines()
    if tuple(lines[0].split("\t")) != COLUMNS:
        raise ValueError(f"{TABLE.name}: unexpected header {lines[0]!r}")
    out = []
    for n, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(COLUMNS):
            raise ValueError(f"{TABLE.name}:{n}: malformed row {line!r}")
        name, province, city, code, level, ownership, p985, p211, dfc = cells
        try:
            flags = _FLAG[p985], _FLAG[p211], _FLAG[dfc]
        except KeyError:
            raise ValueError(f"{TABLE.name}:{n}: malformed flag in {line!r}") from None
        out.append(University(name, province, city, code, level, ownership, *flags))
    return tuple(out)


@cache
def universities() -> tuple[University, ...]:
    """Every institution, sorted by name."""
    return _parse(TABLE.read_text(encoding="utf-8"))


@cache
def university_index() -> Mapping[str, University]:
    """Full name -> institution (read-only); names are unique in the table."""
    return MappingProxyType({u.name: u for u in universities()})


@cache
def short_forms() -> Mapping[str, tuple[str, ...]]:
    """Full name -> its short forms: the curated ones (lexicon/universities.yaml) and those made by rule
    (吉林师范大学 -> 吉林师大) where no other institution of the list would share them."""
    from graph.knowledge.words import entry

    names = university_index()
    out: dict[str, set[str]] = {}
    for short, full in (entry("universities", "short_forms") or {}).items():
        if full in names and short != full:
            out.setdefault(full, set()).add(short)
    made: dict[str, list[str]] = {}
    for u in universities():
        for long_end, short_end in entry("universities", "made"):
            if u.name.endswith(long_end) and len(u.name) > len(long_end) + 1:
                made.setdefault(u.name[: -len(long_end)] + short_end, []).append(u.name)
    for short, fulls in made.items():
        if len(fulls) == 1 and short not in names:
            out.setdefault(fulls[0], set()).add(short)
    return MappingProxyType({k: tuple(sorted(v)) for k, v in sorted(out.items())})
