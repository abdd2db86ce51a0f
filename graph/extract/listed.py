"""Rule initiative.listed: an item of a list of named initiatives is one of them.

A list whose items are mostly named programs or plans, closed by a summary of what they are
(实施了学前教育三年行动计划、义务教育全面改薄、能力提升工程、特殊教育提升计划等一系列惠民惠教工程), names an
initiative in every item: the items without a suffix of their own (义务教育全面改薄) are Programs too.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from graph.core.model import Mention
from graph.extract.context import Context
from graph.extract.lexicon import ETC, clean_label, is_generic_initiative, trim_lead
from graph.knowledge.words import pattern

LIST_CLOSE = re.compile(pattern("initiatives", "list_close"))
PARTICLE_CUT = re.compile(pattern("initiatives", "particle_cut"))
CLAUSE_STOP = "，,。；;：:！？!?\n"
KINDS = ("Program", "ActionPlan")


def listed(ctx: Context, named: list[Mention]) -> Iterator[Mention]:
    """Programs for the unsuffixed items of each list closed by a summary (LIST_CLOSE) whose items are at
    least half `named` programs or plans (the module's rule)."""
    text, doc_id = ctx.doc.text, ctx.doc.meta.id
    spans = sorted((m.start, m.end) for m in named if m.type in KINDS)
    if len(spans) < 2:
        return
    starts = [s for s, _ in spans]
    for close in LIST_CLOSE.finditer(text):
        end = close.start()
        begin = end
        while begin > 0 and text[begin - 1] not in CLAUSE_STOP and end - begin < 200:
            begin -= 1
        particle = PARTICLE_CUT.match(text, begin, end)
        begin = particle.end() if particle else begin
        begin += trim_lead(text[begin:end], min_rest=4)[1]
        items: list[tuple[int, int]] = []
        pos = begin
        for part in text[begin:end].split("、"):
            items.append((pos, pos + len(part)))
            pos += len(part) + 1
        if (
            items
        ):  # the first item starts where a name ending it starts (已争取到某工程、…: the clause before)
            s0, e0 = items[0]
            lo, hi = bisect_right(starts, s0), bisect_left(starts, e0)  # the spans starting inside it
            inner = [a for a, b in spans[lo:hi] if b in (e0, e0 - 1)]
            if inner:
                items[0] = (min(inner), e0)
        known = [(s, e) for s, e in items if _named_at(spans, starts, s, e)]
        if len(items) < 3 or len(known) < 2 or 2 * len(known) < len(items):
            continue
        for s, e in items:
            label = clean_label(text[s:e])
            if (s, e) in known or not 3 <= len(label) <= 14 or re.search(r"[\d和与及（）()]", label):
                continue
            if ETC.search(label) or is_generic_initiative(label):
                continue
            yield Mention(doc_id, s, e, text[s:e], "Program", "initiative.listed", label)


def _named_at(spans: list[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    """A named initiative is written as the whole item (its quotes aside)."""
    k = bisect_left(starts, s)
    return any(spans[j][1] in (e, e - 1) for j in range(k, min(k + 2, len(spans))) if spans[j][0] <= s + 1)
