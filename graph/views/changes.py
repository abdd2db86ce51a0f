"""What changed in a place between two years: targets and indicators new, changed in value, or dropped.

For each indicator of the place (ek:jurisdiction) and each status (planned targets with planned,
achieved results with achieved), the values stated for the first year are compared with those stated
for the second: present only in the second year is new, only in the first is dropped, in both with
other values is changed. Every answer carries the quotes it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from graph.core.errors import EduKGError
from graph.core.namespaces import EK
from graph.views.trend import STATUSES, Point, series_of


@dataclass(frozen=True)
class Change:
    kind: str  # new | changed | dropped
    place: str
    indicator: str
    unit: str
    status: str
    before: tuple[Point, ...]
    after: tuple[Point, ...]


def places(g: Graph) -> list[str]:
    return sorted({str(p) for p in g.objects(None, EK.jurisdiction)})


def changes(g: Graph, place: str, first: int, second: int) -> list[Change]:
    """The changes of `place` from year `first` to year `second`, by indicator and status."""
    known = places(g)
    if place not in known:
        matches = [p for p in known if p.startswith(place)]
        if len(matches) != 1:
            raise EduKGError(
                f"no single place matches {place!r}; places with indicators: {'、'.join(known) or 'none'}"
            )
        place = matches[0]
    out: list[Change] = []
    inds = [
        ind
        for ind in sorted(g.subjects(EK.jurisdiction, None), key=str)
        if isinstance(ind, URIRef)
        and (ind, RDF.type, EK.Indicator) in g
        and str(g.value(ind, EK.jurisdiction)) == place
    ]
    all_series = [series_of(g, ind) for ind in inds]
    # a status the place reports nothing of in the second year (no review of it yet) drops nothing
    reported = {p.status for s in all_series for p in s.points if p.year == second}
    for s in all_series:
        for status in STATUSES:
            before = tuple(p for p in s.of(status) if p.year == first)
            after = tuple(p for p in s.of(status) if p.year == second)
            if not before and not after:
                continue
            if not before:
                kind = "new"
            elif not after:
                if status not in reported:
                    continue
                kind = "dropped"
            elif {(p.comparator, p.value) for p in before} != {(p.comparator, p.value) for p in after}:
                kind = "changed"
            else:
                continue
            out.append(Change(kind, place, s.label, s.unit, status, before, after))
    order = {"new": 0, "changed": 1, "dropped": 2}
    return sorted(out, key=lambda c: (order[c.kind], c.status, c.indicator, c.unit))


def render(found: list[Change], first: int, second: int) -> str:
    if not found:
        return f"no target or indicator changed between {first} and {second}\n"
    out = [f"{'change':8} {'status':9} indicator: {first} -> {second}   quotes"]
    for c in found:
        a = "/".join(sorted({f"{_v(p)}{p.unit}" for p in c.before})) or "-"
        b = "/".join(sorted({f"{_v(p)}{p.unit}" for p in c.after})) or "-"
        quotes = " | ".join(f"[{p.doc}] {p.quote}" for p in (*c.before, *c.after))
        out.append(f"{c.kind:8} {c.status:9} {c.indicator}: {a} -> {b}   {quotes}")
    return "\n".join(out) + "\n"


def _v(p: Point) -> str:
    return f"{p.comparator if p.comparator not in ('=', '') else ''}{p.value}"
