"""Cross-document propagation: a name read in one document is a mention wherever else it is written."""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate

from graph.core.model import Extraction, Mention

PROPAGATED_TYPES = (
    "Program",
    "ActionPlan",
    "Event",
    "Platform",
    "University",
    "College",
    "Campus",
    "ResearchCenter",
)
PROPAGATED_RULES = ("initiative.", "quoted.", "institution.", "title.")


def propagate(extractions: list[Extraction]) -> list[Extraction]:
    """Rule resolve.propagate: a name read in one document (“新优质学校”, with quotes) is a mention
    wherever else it is written verbatim, quoted or not."""
    names: dict[str, str] = {}
    for x in extractions:
        for m in x.mentions:
            if m.type in PROPAGATED_TYPES and m.rule.startswith(PROPAGATED_RULES) and len(m.name) >= 4:
                names.setdefault(m.name, m.type)
    if not names:
        return extractions
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    out = []
    for x in extractions:
        taken = [
            (m.start, m.end) for m in x.mentions if m.type in PROPAGATED_TYPES or m.rule.startswith("names.")
        ]
        taken.sort()
        starts = [a for a, _ in taken]
        reach = list(accumulate((b for _, b in taken), max))  # reach[i]: the furthest end of taken[: i + 1]
        extra = []
        for hit in pattern.finditer(x.doc.text):
            s, e = hit.span()
            k = bisect_left(
                starts, e
            )  # the spans starting before the hit ends: one overlaps if it ends after s
            if k and reach[k - 1] > s:
                continue
            extra.append(
                Mention(
                    x.doc.meta.id, s, e, hit.group(), names[hit.group()], "resolve.propagate", hit.group()
                )
            )
        out.append(Extraction(x.doc, x.mentions + tuple(extra), x.relations, x.figures) if extra else x)
    return out
