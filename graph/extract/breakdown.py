"""A breakdown's figures share the status and year of the figure they break down (part of rule family
figure.*): 全县已建成幼儿园12所，其中公办园8所 -> 8 achieved, as 12; 全县现有学校56所。其中，小学30所，初中20所 ->
30 and 20 standing counts, as 56. A figure after 其中 whose own clause has no cue of status and no year
takes them from the last figure before 其中 in its unit (else the last one), when that one stands close before it (in the same sentence, or
the sentence before in the same paragraph).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from graph.core.model import Figure
from graph.knowledge.words import pattern

CUES = re.compile(
    "|".join(f"(?:{pattern('figures', key)})" for key in ("already", "future", "standing", "done"))
)
YEAR = re.compile(r"(?:19|20)\d{2}年")
OPENS = "其中"
REACH = 80  # characters between the figure broken down and 其中: a breakdown follows it closely
STOPS = re.compile(r"[。；;！？!?\n]")


def inherit(text: str, figs: list[Figure]) -> list[Figure]:
    out = sorted(figs, key=lambda f: (f.start, f.end))
    starts = [f.start for f in out]
    longest = max((f.end - f.start for f in out), default=0)
    for i, f in enumerate(out):
        if f.rule == "figure.table" or f.clause is None:
            continue
        at = text.rfind(OPENS, max(0, f.start - REACH), f.start)
        if at < 0 or STOPS.search(text, at, f.start):
            continue  # no 其中 in the figure's sentence
        # the figures ending at most REACH before 其中 start at most REACH + longest before it: a window of
        # figures, not every one before, so a long text of breakdowns takes linear time, not quadratic
        lo = bisect_left(starts, at - REACH - longest, 0, i)
        before = [g for g in out[lo:i] if g.end <= at and at - g.end <= REACH and g.rule != "figure.table"]
        # the figure broken down: the last before 其中 in the same unit (31所学校投入使用，新增学位3.4万个。
        # 其中，13所幼儿园新增学位4830个: 13所 of the 31, 4830个 of the 3.4万), else the last
        parent = next((g for g in reversed(before) if g.unit == f.unit), before[-1] if before else None)
        if parent is None or at - parent.end > REACH or "\n" in text[parent.end : at]:
            continue
        if len(STOPS.findall(text, parent.end, at)) > 1:
            continue  # the parent is more than a sentence before
        own = text[max(f.clause[0], at + len(OPENS)) : f.clause[1]]
        if CUES.search(own) or YEAR.search(own):
            continue
        if (f.status, f.year) != (parent.status, parent.year):
            out[i] = replace(f, status=parent.status, year=parent.year)
    return out
