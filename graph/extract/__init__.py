"""Recognisers, each small and separately tested, and `extract`, which runs them over one document.

The registry below is the one list of recognisers: order is priority when two claim the same span.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from graph.core.model import INSTITUTION_TYPES, Document, Extraction, Figure, Mention, Relation
from graph.extract import (
    figures,
    initiatives,
    institutions,
    links,
    names,
    quoted,
    renames,
    structure,
    titles,
    zones,
)
from graph.extract.context import Context
from graph.knowledge.registry import Home

Recogniser = Callable[[Context], Iterable[Mention | Relation | Figure]]
Linker = Callable[[Context, list[Mention]], Iterable[Relation]]

RECOGNISERS: dict[str, Recogniser] = {
    "structure": structure.recognise,
    "names": names.recognise,
    "titles": titles.recognise,
    "institutions": institutions.recognise,
    "initiatives": initiatives.recognise,
    "quoted": quoted.recognise,
    "zones": zones.recognise,
    "figures": figures.recognise,
}
LINKERS: dict[str, Linker] = {
    "renames": renames.link,
    "scope": structure.link_scope,
    "issuers": links.link_issuers,
    "located": links.link_located,
    "home": links.link_home,
    "printed": links.link_printed,
    "beneficiary": links.link_beneficiary,
}


def home_of(doc: Document) -> Home:
    return Home(doc.meta.city, doc.meta.province, doc.meta.county)


def extract(doc: Document, home: Home | None = None) -> Extraction:
    """Run every recogniser and linker over one document: a pure function of the document."""
    ctx = Context(doc, home or home_of(doc))
    mentions: list[Mention] = []
    relations: list[Relation] = []
    figs: list[Figure] = []
    for recognise in RECOGNISERS.values():
        for item in recognise(ctx):
            if isinstance(item, Mention):
                mentions.append(item)
            elif isinstance(item, Relation):
                relations.append(item)
            else:
                figs.append(item)
    mentions = _drop_overlaps(list(_dedupe(mentions)))
    figs = _dedupe_figures(figs)
    for link in LINKERS.values():
        relations.extend(link(ctx, mentions))
    return Extraction(doc, tuple(mentions), tuple(_unique(relations)), tuple(figs))


def _dedupe(mentions: list[Mention]) -> Iterator[Mention]:
    """One mention per span and type family; the earlier recogniser wins."""
    from graph.core.model import type_family

    seen: set[tuple[int, int, str]] = set()
    for m in mentions:
        key = (m.start, m.end, type_family(m.type))
        if key in seen:
            continue
        seen.add(key)
        yield m


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Drop suffix-rule mentions inside a 《title》 or cutting through a curated name."""
    strong = [m for m in mentions if m.rule in ("title.book", "names.registry")]
    headings = [m for m in mentions if m.rule in ("structure.list", "structure.heading", "structure.section")]
    # a place inside the name of an institution (南京 in 南京某大学) is part of that name, not a mention of
    # the place; a campus's place is (宜兴 in 某大学宜兴校区)
    named = [m for m in mentions if m.type in INSTITUTION_TYPES and m.type != "Campus"]
    out = []
    for m in mentions:
        if m.rule == "names.gazetteer" and any(
            n.start <= m.start and m.end <= n.end and n.end - n.start > m.end - m.start for n in named
        ):
            continue
        if m.rule.startswith(("institution.", "initiative.", "quoted.")):
            inside = any(
                (s.rule == "title.book" and s.start <= m.start and m.end <= s.end)
                or (
                    s.rule == "names.registry"
                    and (
                        s.start < m.start < s.end < m.end
                        or m.start < s.start < m.end < s.end
                        or (s.start <= m.start and m.end <= s.end and (s.start, s.end) != (m.start, m.end))
                    )
                )
                for s in strong
            )
            if inside or any(h.start <= m.start and m.end <= h.end for h in headings):
                continue
        out.append(m)
    return out


def _dedupe_figures(figs: list[Figure]) -> list[Figure]:
    seen: set[tuple[int, int]] = set()
    out = []
    for f in sorted(figs, key=lambda f: (f.start, -f.end)):
        if any(s <= f.start < e for s, e in seen):
            continue
        seen.add((f.start, f.end))
        out.append(f)
    return out


def _unique(relations: list[Relation]) -> Iterator[Relation]:
    seen = set()
    for r in relations:
        key = (r.subject.name, r.subject.type, r.predicate, r.object.name, r.start)
        if key not in seen:
            seen.add(key)
            yield r
