"""Targets and indicators: one Target per figure across documents, owned by its task or initiative.

An indicator is one measure in one place: the jurisdiction of the document that states it
(`jurisdiction`), its phrasings merged (graph.core.keys.indicator_key) and its unit. A trend is one
place's series, so planned and achieved values of one indicator and year meet in it, and two places
never share one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from decimal import Decimal
from functools import lru_cache

from graph.core.keys import digest, drop_lead, indicator_key
from graph.core.model import DocMeta, Evidence, Extraction, Figure, Mention, TargetFact, evolve
from graph.knowledge.sectors import sectors_in, sectors_of
from graph.knowledge.words import pattern
from graph.resolve.identity import ev_key


def jurisdiction(meta: DocMeta) -> str:
    """The place whose measures a document states: its most specific home place (the one place to change
    when home places get finer: district, county, city, province)."""
    for level in ("district", "county", "city", "province"):
        value = getattr(meta, level, None)
        if value:
            return str(value)
    return ""


LEAD = re.compile(pattern("indicators", "indicator_lead"))
PLACE_SUFFIX = re.compile(pattern("indicators", "place_suffix"))


def local_phrase(phrase: str, place: str) -> str:
    """An indicator phrase without its place's own name and the future words after it (the indicator is
    already that place's): 盐城市普惠性幼儿园覆盖率 -> 普惠性幼儿园覆盖率; 镇江将新建中小学 -> 新建中小学."""
    if place:
        for form in (place, PLACE_SUFFIX.sub("", place)):
            if len(form) >= 2 and phrase.startswith(form) and len(phrase) > len(form) + 1:
                phrase = phrase[len(form) :]
                break
    rest = drop_lead(LEAD.sub("", phrase))
    return rest if len(rest) >= 2 else phrase


@lru_cache(maxsize=1 << 14)
def _localised(phrase: str, place: str) -> tuple[str, str]:
    """A figure's indicator phrase made local to its place, and its indicator key (a corpus's figures
    repeat their phrasings)."""
    local = local_phrase(phrase, place)
    return local, indicator_key(local)


# where a figure is: the span of its item (or enumeration), the start of its sentence (None: in none)
Where = tuple[tuple[int, int] | None, int | None]
# figure (local phrase), indicator, key, evidence, sectors, where it is
Prepared = tuple[Figure, str, str, Evidence, tuple[str, ...], Where]
# a figure's local phrase, then Prepared's indicator, key, evidence, sectors and where it is: what a
# worker process sends back (graph.inputs.Ahead), smaller than the figure made again
Parts = tuple[str, str, str, Evidence, tuple[str, ...], Where]


def prepare(x: Extraction) -> list[Prepared]:
    """What a document's figures give before the corpus is resolved (a pure function of the document,
    computed as each document arrives): each figure with its indicator phrase made local, its indicator
    key, its target key, its evidence, its sectors and the segments its owners are found in."""
    return prepared(x.figures, prepare_parts(x))


def prepared(figures: tuple[Figure, ...], parts: list[Parts]) -> list[Prepared]:
    """`prepare` of a document of these figures, from its `prepare_parts`."""
    return [
        (f if local == f.indicator else evolve(f, indicator=local), ikey, key, ev, sectors, where)
        for f, (local, ikey, key, ev, sectors, where) in zip(figures, parts, strict=True)
    ]


def prepare_parts(x: Extraction) -> list[Parts]:
    """`prepare`'s figures given by their local phrase alone."""
    place = jurisdiction(x.doc.meta)
    out: list[Parts] = []
    for f in x.figures:
        sentence = x.doc.segment_at(f.start, "sentence")
        item = x.doc.segment_at(f.start, "item") or x.doc.segment_at(f.start, "enumeration")
        title = item.title if item else ""
        if sentence:  # sectors_of(indicator + sentence + title), the sentence searched once
            sectors = sectors_in(f.indicator, x.doc.text, sentence.start, sentence.end, title)
        else:
            sectors = sectors_of(f.indicator + title)
        local, phrase_key = _localised(f.indicator, place)
        ikey = f"{place}|{phrase_key}|{f.unit}"
        key = "target/" + digest(f"{ikey}|{_num(f.value)}|{f.year}|{f.status}")
        qs, qe = f.clause or (f.start, f.end)
        where = ((item.start, item.end) if item else None, sentence.start if sentence else None)
        out.append((local, ikey, key, Evidence(f.doc_id, qs, qe, f.rule), sectors, where))
    return out


def targets_of(
    extractions: list[Extraction], key_of, prepared: list[list[Prepared]] | None = None
) -> list[TargetFact]:
    """One Target per figure across documents (`prepared`: `prepare` of each extraction, when done)."""
    # per target: the first figure's fact, and the evidence (each with the owners its document gives the
    # figure) and sectors of all its figures, made into sorted tuples once at the end
    first: dict[str, TargetFact] = {}
    owned: dict[str, dict[Evidence, set[str]]] = {}
    sectored: dict[str, set[str]] = {}
    for i, x in enumerate(extractions):
        place = jurisdiction(x.doc.meta)
        # sorted by start (stable: the list order among equal starts), searched by bisect
        tasks = _by_start([m for m in x.mentions if m.type == "Task"])
        inits = _by_start([m for m in x.mentions if m.type in ("Program", "ActionPlan")])
        for f, ikey, key, ev, sectors, where in prepare(x) if prepared is None else prepared[i]:
            owners = _owners(x, f, where, tasks, inits, key_of)
            if key not in first:
                first[key] = TargetFact(
                    key=key,
                    value=f.value,
                    unit=f.unit,
                    comparator=f.comparator,
                    indicator=f.indicator,
                    indicator_key="indicator/" + digest(ikey),
                    status=f.status,
                    year=f.year,
                    place=place,
                )
                owned[key], sectored[key] = {}, set()
            owned[key].setdefault(ev, set()).update(owners)
            sectored[key].update(sectors)
    merged = [_with_evidence(first[k], owned[k], sectored[k]) for k in first]
    return _labelled(_merge_undated(merged))


def _with_evidence(t: TargetFact, owned: dict[Evidence, set[str]], sectors: set[str]) -> TargetFact:
    """The target with its evidence sorted, each with its own owners, and the union of the owners."""
    evidence = tuple(sorted(owned, key=ev_key))
    return evolve(
        t,
        evidence=evidence,
        owners=tuple(sorted(set().union(*owned.values()))),
        evidence_owners=tuple(tuple(sorted(owned[e])) for e in evidence),
        sectors=tuple(sorted(sectors)),
    )


def _owned(t: TargetFact) -> dict[Evidence, set[str]]:
    """A target's evidence with the owners each gives it (every owner, for a target made without them)."""
    per = t.evidence_owners or tuple(t.owners for _ in t.evidence)
    return {e: set(o) for e, o in zip(t.evidence, per, strict=True)}


def _labelled(targets: list[TargetFact]) -> list[TargetFact]:
    """Each indicator gets one label: its shortest phrasing (then the first in code-point order)."""
    best: dict[str, str] = {}
    for t in targets:
        cur = best.get(t.indicator_key)
        if cur is None or (len(t.indicator), t.indicator) < (len(cur), cur):
            best[t.indicator_key] = t.indicator
    return [evolve(t, indicator_label=best[t.indicator_key]) for t in targets]


def _merge_undated(targets: list[TargetFact]) -> list[TargetFact]:
    """A figure reported without a year is the same target as an identical dated one (one Target, two
    mentions)."""
    dated: dict[tuple, TargetFact] = {}
    for t in targets:
        if t.year is not None:
            dated.setdefault((t.indicator_key, t.value, t.unit, t.status), t)
    out: dict[str, TargetFact] = {t.key: t for t in targets}
    for t in targets:
        match = dated.get((t.indicator_key, t.value, t.unit, t.status)) if t.year is None else None
        if match is None or match.key not in out:
            continue
        m = out[match.key]
        owned = _owned(m)
        for e, o in _owned(t).items():
            owned.setdefault(e, set()).update(o)
        out[match.key] = _with_evidence(m, owned, set(m.sectors) | set(t.sectors))
        del out[t.key]
    return list(out.values())


def _owners(x: Extraction, f: Figure, where: Where, tasks: ByStart, inits: ByStart, key_of) -> list[str]:
    """The keys of what owns a figure: the tasks of its item, else the last initiative its sentence
    names before it, else its document. `where`: its item's span and its sentence's start (`prepare`)."""
    owners = []
    item, sentence = where
    if item is not None:
        owners += [key_of(t) for t in _starting_in(tasks, item[0], item[1])]
    if sentence is not None:
        before = _starting_in(inits, sentence, f.start)
        if before:
            owners.append(key_of(max(before, key=lambda m: m.start)))
    if not owners:
        doc = next(m for m in x.mentions if m.rule == "structure.document")
        owners.append(key_of(doc))
    return owners


def _start(m: Mention) -> int:
    return m.start


ByStart = tuple[list[Mention], list[int]]  # mentions sorted by start (stable), and their starts


def _by_start(mentions: list[Mention]) -> ByStart:
    mentions.sort(key=_start)
    return mentions, [m.start for m in mentions]


def _starting_in(mentions: ByStart, start: int, end: int) -> list[Mention]:
    """The mentions (sorted by start) that start in [start, end)."""
    ms, starts = mentions
    return ms[bisect_left(starts, start) : bisect_left(starts, end)]


def _num(v: Decimal) -> str:
    return format(v.normalize(), "f")
