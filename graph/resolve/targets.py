"""Targets and indicators: one Target per figure across documents, owned by its task or initiative."""

from __future__ import annotations

from bisect import bisect_left
from decimal import Decimal

from graph.core.keys import digest, indicator_key
from graph.core.model import Evidence, Extraction, Figure, Mention, TargetFact
from graph.knowledge.sectors import sectors_of
from graph.resolve.identity import ev_key


def targets_of(extractions: list[Extraction], key_of) -> list[TargetFact]:
    merged: dict[str, TargetFact] = {}
    for x in extractions:
        # sorted by start (stable: the list order among equal starts), searched by bisect
        tasks = sorted((m for m in x.mentions if m.type == "Task"), key=_start)
        inits = sorted((m for m in x.mentions if m.type in ("Program", "ActionPlan")), key=_start)
        for f in x.figures:
            owners = _owners(x, f, tasks, inits, key_of)
            sentence = x.doc.segment_at(f.start, "sentence")
            item = x.doc.segment_at(f.start, "item") or x.doc.segment_at(f.start, "enumeration")
            context = f.indicator + (x.doc.text[sentence.start : sentence.end] if sentence else "")
            context += item.title if item else ""
            sectors = sectors_of(context)
            ikey = indicator_key(f.indicator)
            key = "target/" + digest(f"{ikey}|{_num(f.value)}|{f.unit}|{f.year}|{f.status}")
            qs, qe = f.clause or (f.start, f.end)
            ev = Evidence(f.doc_id, qs, qe, f.rule)
            if key in merged:
                old = merged[key]
                merged[key] = TargetFact(
                    old.key,
                    old.value,
                    old.unit,
                    old.comparator,
                    old.indicator,
                    old.indicator_key,
                    old.status,
                    old.year,
                    tuple(sorted(set(old.evidence) | {ev}, key=ev_key)),
                    tuple(sorted(set(old.owners) | set(owners))),
                    tuple(sorted(set(old.sectors) | set(sectors))),
                )
            else:
                merged[key] = TargetFact(
                    key,
                    f.value,
                    f.unit,
                    f.comparator,
                    f.indicator,
                    "indicator/" + digest(ikey),
                    f.status,
                    f.year,
                    (ev,),
                    tuple(sorted(set(owners))),
                    sectors,
                )
    return _merge_undated(list(merged.values()))


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
