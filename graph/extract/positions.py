"""Positions in a text, found once per text and bisected: a figure's range asks for the breaks, words,
years and scope words in it without searching it again (a sentence of thousands of figures would make
every search quadratic)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from graph.ingest.starts import finditer


@lru_cache(maxsize=64)
def places(text: str, chars: str) -> list[int]:
    """The places of the characters in the text, listed once per text: a figure's sentence and paragraph
    are then found by bisect, not by scanning back (quadratic in a long paragraph)."""
    return [m.start() for m in re.finditer(f"[{re.escape(chars)}]", text)]


def last_before(places: list[int], lo: int, hi: int) -> int:
    """The last of the places in [lo, hi), or -1 (as str.rfind)."""
    k = bisect_left(places, hi) - 1
    return places[k] if k >= 0 and places[k] >= lo else -1


@lru_cache(maxsize=256)
def word_places(text: str, word: str) -> list[int]:
    """Every place the word starts in the text (overlapping ones too)."""
    out, i = [], text.find(word)
    while i >= 0:
        out.append(i)
        i = text.find(word, i + 1)
    return out


def last_word(text: str, word: str, lo: int, hi: int) -> int:
    """text.rfind(word, lo, hi), by bisect in the word's places (found once per text)."""
    return last_before(word_places(text, word), lo, hi - len(word) + 1)


# YEAR without its lookahead, which a search that ends at `end` does not apply there (2024年 right before
# a figure at `end` is a year; inside the text, 2024年10月 is a date): the years of a text are found once
# and each range bisected, not searched again (quadratic in a sentence of thousands of figures)
YEAR_AT = re.compile(r"(?<!\d)((?:19|20)\d{2})年")
NOT_AFTER_YEAR = re.compile(r"[\d月]")


@dataclass(frozen=True)
class Found:
    """A year found in a range, as a match of YEAR or OPENING_DATE searched there would give it."""

    at: int  # the match's start
    stop: int  # its end
    year_at: int  # where the year's digits start
    year: int


@lru_cache(maxsize=64)
def year_marks(text: str) -> tuple[list[int], list[Found]]:
    found = [Found(m.start(), m.end(), m.start(1), int(m.group(1))) for m in finditer(YEAR_AT, text)]
    return [f.at for f in found], found


def years_in(text: str, start: int, end: int) -> list[Found]:
    """YEAR.finditer(text, start, end), from the text's years (found once) by bisect."""
    starts, found = year_marks(text)
    out = []
    for i in range(bisect_left(starts, start), len(starts)):
        f = found[i]
        if f.stop > end:
            break
        if f.stop == end or not NOT_AFTER_YEAR.match(text, f.stop):
            out.append(f)
    return out


@lru_cache(maxsize=64)
def scope_marks(pattern: re.Pattern[str], text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of a scope pattern's matches in the text (FUTURE_SCOPE, PAST_SCOPE: words after a
    break or at the text's start, none across a sentence break)."""
    found = finditer(pattern, text)
    return [m.start() for m in found], [m.end() for m in found]


def scope_in(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> bool:
    """pattern.search(text, lo, hi) for a scope pattern and `lo` a sentence's start, by bisect in the
    text's matches (found once per text): the first match from `lo` on ends first."""
    starts, ends = scope_marks(pattern, text)
    k = bisect_left(starts, lo)
    return k < len(starts) and ends[k] <= hi


@lru_cache(maxsize=64)
def date_marks(pattern: re.Pattern[str], text: str) -> tuple[list[int], list[Found]]:
    """An opening-date pattern's matches in the whole text (by where their year starts)."""
    found = [Found(m.start(), m.end(), m.start(1), int(m.group(1))) for m in finditer(pattern, text)]
    return [f.year_at for f in found], found


def dates_in(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[Found]:
    """pattern.finditer(text, start, end) for an opening-date pattern (`(?:^|(?<=[breaks]))\\s*YEAR年M月`,
    re.M, '\\n' among the breaks): from its matches in the whole text, by bisect. A match of the whole text
    that starts before `start` in its leading blanks is found from the first newline among them at or
    after `start` (where a search from `start` can begin one), or not at all."""
    year_ats, found = date_marks(pattern, text)
    out = []
    for i in range(bisect_left(year_ats, start), len(found)):
        f = found[i]
        if f.stop > end:
            break
        if f.at < start:
            q = next((q for q in range(start, f.year_at + 1) if q > 0 and text[q - 1] == "\n"), None)
            if q is None:
                continue
            f = Found(q, f.stop, f.year_at, f.year)
        out.append(f)
    return out
