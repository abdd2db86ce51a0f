"""Pinyin of place names (潮州 -> Chaozhou): the English part of the ids and labels of templated registry
entries.

romanised.tsv holds pypinyin's reading of every name a home can give (each division's name, its short
forms, its name less 市, 省 or 自治区), made by `python -m tools.refresh_romanised` with the installed
pypinyin. Reading the table costs a few milliseconds; importing pypinyin (its phrase dictionary) costs
~0.15 s, which every build paid before its worker processes started. A name the table lacks is read by
pypinyin itself, as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

from graph.knowledge import divisions, gazetteer

TABLE = Path(__file__).with_name("romanised.tsv")
HEADER = "name\tpinyin"
CITY_SUFFIXES = ("市",)
PROVINCE_SUFFIXES = ("省", "市", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区")


def romanise(name: str) -> str:
    """The name in pinyin, syllables joined and title-cased (乌鲁木齐 -> Wulumuqi)."""
    known = _table().get(name)
    return known if known is not None else read_aloud(name)


def read_aloud(name: str) -> str:
    """pypinyin's reading of a name: what the table holds for the names it lists."""
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(name)).title()


def strip_suffix(name: str, suffixes: tuple[str, ...]) -> str:
    """The name less the first of the suffixes it ends with, if two characters or more are left."""
    for s in suffixes:
        if name.endswith(s) and len(name) > len(s) + 1:
            return name[: -len(s)]
    return name


def names() -> Iterator[str]:
    """Every name the table covers, once each, in the order of divisions.tsv, then the gazetteer's short
    forms it adds."""
    seen: set[str] = set()
    forms = [
        form
        for d in divisions.divisions()
        for form in (
            d.name,
            *d.shorts,
            strip_suffix(d.name, CITY_SUFFIXES),
            strip_suffix(d.name, PROVINCE_SUFFIXES),
        )
    ]
    for form in (*forms, *(p.short for p in gazetteer.places())):
        if form and form not in seen:
            seen.add(form)
            yield form


@cache
def _table() -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        with TABLE.open(encoding="utf-8") as fh:
            if fh.readline().rstrip("\n") != HEADER:
                return out  # not a table this module wrote: read every name with pypinyin
            for line in fh:
                name, _, pinyin = line.rstrip("\n").partition("\t")
                out[name] = pinyin
    except OSError:
        return {}
    return out
