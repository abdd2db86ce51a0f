"""Education sectors: a SKOS concept scheme, and the keyword rules that give things an ek:sector.

Rule sector.keywords: a task, initiative, goal or target belongs to every sector whose keywords occur in
its label (for targets: the indicator and the sentence it was read from). Example: 推进建设5所中等职业
教育领航学校 -> 职业教育. The rules are pinned by tests/test_sectors.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graph.knowledge.words import entry


@dataclass(frozen=True)
class Sector:
    id: str
    zh: str
    en: str
    keywords: tuple[str, ...]


SECTORS: tuple[Sector, ...] = tuple(
    Sector(str(s["id"]), str(s["zh"]), str(s["en"]), tuple(str(k) for k in s["keywords"]))
    for s in entry("sectors", "sectors")
)
BY_ID = {s.id: s for s in SECTORS}


# one alternation of each sector's keywords: a search finds one where any keyword occurs (3x faster than
# testing the keywords one by one; a build tests every target's sentence and every task's label)
_FINDERS = tuple(
    (s.id, re.compile("|".join(re.escape(k) for k in s.keywords))) for s in SECTORS if s.keywords
)


@lru_cache(maxsize=1 << 14)
def sectors_of(text: str) -> tuple[str, ...]:
    """Ids of the sectors whose keywords occur in a text, in scheme order (kept: a corpus asks again for
    half of its texts, the labels of entities and figures that recur)."""
    return tuple(sid for sid, finder in _FINDERS if finder.search(text))


# the longest keyword: an occurrence that a span's edges cut lies within this many characters less one
KEY_MAX = max((len(k) for s in SECTORS for k in s.keywords), default=1)


@lru_cache(maxsize=256)
def _span_sectors(text: str, start: int, end: int) -> frozenset[str]:
    return frozenset(sectors_of(text[start:end]))


def sectors_in(head: str, text: str, start: int, end: int, tail: str = "") -> tuple[str, ...]:
    """sectors_of(head + text[start:end] + tail), the span searched once however many times it is asked
    (every figure of a sentence asks with its own head): a keyword is in the span, or within KEY_MAX - 1
    characters of one of its edges, with the head or the tail."""
    k = KEY_MAX - 1
    if end - start <= 2 * k:
        return sectors_of(head + text[start:end] + tail)
    found = _span_sectors(text, start, end).union(
        sectors_of(head + text[start : start + k]), sectors_of(text[end - k : end] + tail)
    )
    return tuple(sid for sid, _ in _FINDERS if sid in found)
