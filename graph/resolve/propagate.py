"""Cross-document propagation: a name read in one document is a mention wherever else it is written."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
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
PREFIX = 4  # the shortest name propagated


def propagated_names(x: Extraction, names: dict[str, str]) -> None:
    """Add the names a document gives to the others (name -> type; the first document's type stays)."""
    for name, kind in names_given(x):
        names.setdefault(name, kind)


def names_given(x: Extraction) -> list[tuple[str, str]]:
    """The names a document gives to the others, each with its type, in order (`propagated_names` adds
    them; a pure function of the document, worked out where it is extracted)."""
    return [
        (m.name, m.type)
        for m in x.mentions
        if m.type in PROPAGATED_TYPES and m.rule.startswith(PROPAGATED_RULES) and len(m.name) >= PREFIX
    ]


def propagate(extractions: list[Extraction], names: dict[str, str] | None = None) -> list[Extraction]:
    """Rule resolve.propagate: a name read in one document (“新优质学校”, with quotes) is a mention
    wherever else it is written verbatim, quoted or not. `names`: `propagated_names` of every
    extraction, in order, when gathered as they came."""
    if names is None:
        names = {}
        for x in extractions:
            propagated_names(x, names)
    if not names:
        return extractions
    find = name_finder(names)
    out = []
    for x in extractions:
        taken = [
            (m.start, m.end) for m in x.mentions if m.type in PROPAGATED_TYPES or m.rule.startswith("names.")
        ]
        taken.sort()
        starts = [a for a, _ in taken]
        reach = list(accumulate((b for _, b in taken), max))  # reach[i]: the furthest end of taken[: i + 1]
        extra = []
        for s, name in find(x.doc.text):
            e = s + len(name)
            k = bisect_left(
                starts, e
            )  # the spans starting before the hit ends: one overlaps if it ends after s
            if k and reach[k - 1] > s:
                continue
            extra.append(Mention(x.doc.meta.id, s, e, name, names[name], "resolve.propagate", name))
        out.append(Extraction(x.doc, x.mentions + tuple(extra), x.relations, x.figures) if extra else x)
    return out


def name_finder(names: dict[str, str]) -> Callable[[str], Iterator[tuple[int, str]]]:
    """Leftmost, longest, non-overlapping occurrences of the names in a text, as a regex alternation of
    the names sorted longest first finds them, in time linear in the text whatever the number of names
    (an alternation of thousands of names is tried name by name at every position: a corpus of n
    documents made resolve O(n²)). Every name has at least PREFIX characters."""
    by_prefix: dict[str, list[str]] = {}
    for n in sorted(names, key=len, reverse=True):
        by_prefix.setdefault(n[:PREFIX], []).append(n)
    # where a name can start: its first three characters each in the set of the names' (a pure speed-up:
    # the first character alone is one of most positions of a text)
    firsts = re.compile(
        "["
        + "".join(sorted({re.escape(n[0]) for n in names}))
        + "](?="
        + "".join("[" + "".join(sorted({re.escape(n[k]) for n in names})) + "]" for k in (1, 2))
        + ")"
    )

    def find(text: str) -> Iterator[tuple[int, str]]:
        i = 0
        while True:
            hit = firsts.search(text, i)
            if hit is None:
                return
            i = hit.start()
            for n in by_prefix.get(text[i : i + PREFIX], ()):
                if text.startswith(n, i):
                    yield i, n
                    i += len(n)
                    break
            else:
                i += 1

    return find
