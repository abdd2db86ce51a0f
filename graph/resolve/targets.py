"""Targets and indicators: one Target per figure across documents, owned by its task or initiative."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from decimal import Decimal

from graph.core.keys import digest, indicator_key
from graph.core.model import Evidence, Extraction, Figure, Mention, TargetFact
from graph.knowledge.sectors import SECTORS, sectors_of
from graph.resolve.identity import ev_key


def targets_of(extractions: list[Extraction], key_of) -> list[TargetFact]:
    # per target: the first figure's fact, and the evidence, owners and sectors of all its figures, made
    # into sorted tuples once at the end (merging them one figure at a time costs O(n^2 log n))
    merged: dict[str, tuple[TargetFact, set[Evidence], set[str], set[str], int]] = {}
    for x in extractions:
        # sorted by start (stable: the list order among equal starts), searched by bisect
        tasks = sorted((m for m in x.mentions if m.type == "Task"), key=_start)
        inits = sorted((m for m in x.mentions if m.type in ("Program", "ActionPlan")), key=_start)
        in_sentence: dict[tuple[int, int], tuple[str, ...]] = {}  # the sectors of each sentence, once
        for f in x.figures:
            owners = _owners(x, f, tasks, inits, key_of)
            sentence = x.doc.segment_at(f.start, "sentence")
            item = x.doc.segment_at(f.start, "item") or x.doc.segment_at(f.start, "enumeration")
            sent_text = x.doc.text[sentence.start : sentence.end] if sentence else ""
            if sentence is not None and (sentence.start, sentence.end) not in in_sentence:
                in_sentence[sentence.start, sentence.end] = sectors_of(sent_text)
            sectors = _context_sectors(
                f.indicator,
                sent_text,
                in_sentence.get((sentence.start, sentence.end), ()) if sentence else (),
                item.title if item else "",
            )
            ikey = indicator_key(f.indicator)
            key = "target/" + digest(f"{ikey}|{_num(f.value)}|{f.unit}|{f.year}|{f.status}")
            qs, qe = f.clause or (f.start, f.end)
            ev = Evidence(f.doc_id, qs, qe, f.rule)
            if key in merged:
                first, evs, owned, sects, n = merged[key]
                evs.add(ev)
                owned.update(owners)
                sects.update(sectors)
                merged[key] = (first, evs, owned, sects, n + 1)
            else:
                first = TargetFact(
                    key,
                    f.value,
                    f.unit,
                    f.comparator,
                    f.indicator,
                    "indicator/" + digest(ikey),
                    f.status,
                    f.year,
                    (ev,),
                    (),
                    sectors,
                )
                merged[key] = (first, {ev}, set(owners), set(sectors), 1)
    facts = [
        replace(
            first,
            evidence=tuple(sorted(evs, key=ev_key)),
            owners=tuple(sorted(owned)),
            sectors=first.sectors if n == 1 else tuple(sorted(sects)),  # one figure: in scheme order
        )
        for first, evs, owned, sects, n in merged.values()
    ]
    return _merge_undated(facts)


def _context_sectors(
    indicator: str, sentence: str, of_sentence: tuple[str, ...], title: str
) -> tuple[str, ...]:
    """sectors_of(indicator + sentence + title), with the sectors of the sentence computed once per
    sentence: a keyword is inside the sentence (`of_sentence`), or in the indicator or title, or across
    their joins, which only the ends of the sentence can take part in."""
    if len(sentence) <= 2 * SPAN:
        return sectors_of(indicator + sentence + title)
    joined = indicator + sentence[:SPAN] + "\x00" + sentence[-SPAN:] + title
    found = set(sectors_of(joined)) | set(of_sentence)
    return tuple(s.id for s in SECTORS if s.id in found)


SPAN = max((len(k) for s in SECTORS for k in s.keywords), default=1)  # the longest keyword


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
        out[match.key] = TargetFact(
            m.key,
            m.value,
            m.unit,
            m.comparator,
            m.indicator,
            m.indicator_key,
            m.status,
            m.year,
            tuple(sorted(set(m.evidence) | set(t.evidence), key=ev_key)),
            tuple(sorted(set(m.owners) | set(t.owners))),
            tuple(sorted(set(m.sectors) | set(t.sectors))),
        )
        del out[t.key]
    return list(out.values())


def _owners(x: Extraction, f: Figure, tasks: list[Mention], inits: list[Mention], key_of) -> list[str]:
    owners = []
    item = x.doc.segment_at(f.start, "item") or x.doc.segment_at(f.start, "enumeration")
    if item is not None:
        owners += [key_of(t) for t in _starting_in(tasks, item.start, item.end)]
    sentence = x.doc.segment_at(f.start, "sentence")
    if sentence is not None:
        before = _starting_in(inits, sentence.start, f.start)
        if before:
            owners.append(key_of(max(before, key=lambda m: m.start)))
    if not owners:
        doc = next(m for m in x.mentions if m.rule == "structure.document")
        owners.append(key_of(doc))
    return owners


def _start(m: Mention) -> int:
    return m.start


def _starting_in(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """The mentions (sorted by start) that start in [start, end)."""
    return mentions[bisect_left(mentions, start, key=_start) : bisect_left(mentions, end, key=_start)]


def _num(v: Decimal) -> str:
    return format(v.normalize(), "f")
