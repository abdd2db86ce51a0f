"""Figures stated respectively (part of rule family figure.*): the values after 分别 (依次) go, in order,
with the measures named before it, else with the figures before them in the sentence (as many).

- 小学、初中入学率分别达到100%和99.8% -> 小学入学率 100 %, 初中入学率 99.8 % (coordinates of one length
  share the last one's head).
- 学前三年毛入园率达95.7%、…、高等教育毛入学率达45.3%，较2005年分别提高了7.9、17.6和10个百分点 ->
  学前三年毛入园率较2005年提高 7.9 个百分点, … (the values before the last share its unit).
Values that share a unit and cannot be given a measure this way are not figures: three values of one
indicator in one year would make its trend wrong.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace

from graph.core.keys import drop_lead
from graph.core.model import Figure
from graph.extract.indicator import BARE_LIST, INDICATOR_OPEN, drop_end
from graph.knowledge.words import pattern

RESPECTIVELY = re.compile(pattern("figures", "respectively"))
VALUE = re.compile(r"\d+(?:\.\d+)?[万亿]?")
PARTS = re.compile(r"、|和|及|与")
SENTENCE_END = "。；;！？!?\n"


def bare_values(text: str, clause: tuple[int, int], s: int) -> list[tuple[int, int]]:
    """The values just before a figure at s that share its unit (7.9、17.6和|10个百分点), when its clause
    states them respectively."""
    start = max(clause[0], s - 160)  # a few values, not a clause of thousands
    m = BARE_LIST.search(text, start, s)  # the run of values that ends at the figure
    if m is None or not RESPECTIVELY.search(text, start, m.start()):
        return []
    return [(v.start(), v.end()) for v in VALUE.finditer(text, m.start(), m.end())]


def assign(text: str, figs: list[Figure], bare: set[int]) -> list[Figure]:
    """The figures with the measures of respective statements; values in `bare` (starts) that found none
    are dropped."""
    figs = sorted(figs, key=_start)
    starts = [f.start for f in figs]
    out = list(figs)
    given: set[int] = set()
    groups: dict[tuple[int, int] | None, list[int]] = {}
    for i, f in enumerate(figs):
        groups.setdefault(f.clause, []).append(i)
    for clause, members in groups.items():
        if clause is None:
            continue
        first = figs[members[0]]
        r = None
        for r in RESPECTIVELY.finditer(text, clause[0], first.start):  # noqa: B007 -- the last one
            pass
        if r is None or len(members) < 2:
            continue
        names = _named(text[clause[0] : r.start()], text[r.end() : first.start], len(members))
        if names is None:
            lo = max(0, clause[0] - 1000)  # the sentence's start - 1 (a sentence is far shorter)
            k = max(lo - 1, *(text.rfind(c, lo, clause[0]) for c in SENTENCE_END))
            owners = [
                f
                for f in figs[bisect_right(starts, k) : bisect_left(starts, clause[0])]
                if f.end <= clause[0]
            ]
            if len(owners) != len(members):  # one figure before for each value, or no reading
                continue
            own = figs[members[-1]].indicator
            names = [o.indicator + own for o in owners]
        for i, name in zip(members, names, strict=True):
            out[i] = replace(out[i], indicator=name)
            given.add(i)
    return [f for i, f in enumerate(out) if i in given or f.start not in bare]


def _named(subject: str, verb: str, n: int) -> list[str] | None:
    """The n measures named before 分别 (小学、初中入学率 -> 小学入学率, 初中入学率), or None."""
    subject = drop_lead(INDICATOR_OPEN.sub("", subject.strip()))
    if re.search(r"\d", subject):
        return None
    parts = [p for p in PARTS.split(subject) if p]
    if len(parts) != n or any(len(p) < 2 for p in parts):
        return None
    lengths = {len(p) for p in parts[:-1]}
    if len(lengths) == 1 and len(parts[-1]) > min(lengths) + 1:  # 小学、初中入学率: one head shared
        head = parts[-1][min(lengths) :]
        parts = [p + head for p in parts[:-1]] + parts[-1:]
    rest = drop_end(verb.strip())
    return [p + rest for p in parts]


def _start(f: Figure) -> int:
    return f.start
