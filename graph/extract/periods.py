"""Five-year plan periods in a text (part of rule family figure.*, for graph/extract/timing.py): a period
named as a span (“十三五”期间, 十二五以来) and a period's end (到“十四五”末) date figures by the period's last year;
a period that is the base of a comparison (较“十二五”末提高) dates none.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.knowledge.words import mapping, pattern

# five-year plan periods and their last year: a review of 十一五 reports on 2010
PERIODS: dict[str, int] = {str(k): int(v) for k, v in mapping("figures", "periods").items()}
PERIOD = re.compile("|".join(sorted(map(re.escape, PERIODS), key=len, reverse=True)))
PERIOD_SPAN = re.compile(rf"({PERIOD.pattern})[”\"]?(期间|时期|以来)")
PERIOD_END = re.compile(rf"({PERIOD.pattern})[”\"]?(?:期末|末期|末)")
BASE_BEFORE = re.compile(pattern("figures", "base_before"))


@lru_cache(maxsize=64)
def period_spans(text: str) -> tuple[list[int], list[int]]:
    """The places of the periods a text names as spans (“十三五”期间, 十二五以来) and their last years, listed
    once per text (a figure finds the last one before it by bisect)."""
    found = [(m.start(), PERIODS[m.group(1)]) for m in PERIOD_SPAN.finditer(text)]
    return [p for p, _ in found], [y for _, y in found]


def period_ends(text: str, start: int, end: int) -> list[int]:
    """The last years of the periods whose end text[start:end] names (到“十四五”末, “十四五”期末), not those a
    comparison is made with (较“十二五”末提高)."""
    return [
        PERIODS[m.group(1)]
        for m in PERIOD_END.finditer(text, start, end)
        if not BASE_BEFORE.search(text[max(0, m.start() - 4) : m.start()].rstrip('“"'))
    ]
