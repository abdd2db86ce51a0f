"""Recognisers, each small and separately tested, and `extract`, which runs them over one document.

The registry below is the one list of recognisers: order is priority when two claim the same span.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence

from graph.core.model import INSTITUTION_TYPES, Document, Extraction, Figure, Mention, Relation
from graph.extract import (
    figures,
    initiatives,
    institutions,
    issuers,
    links,
    names,
    quoted,
    renames,
    scope,
    structure,
    titles,
    works,
    zones,
)
from graph.extract.context import Context
from graph.extract.lexicon import LIST_JOINERS
from graph.ingest import limits
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
    "scope": scope.link_scope,
    "issuers": issuers.link_issuers,
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
    mentions = _drop_overlaps(list(_dedupe(mentions)), relations)
    figs = _dedupe_figures(figs)
    # before the linkers: what a build writes grows with the mentions (~20 triples each)
    limits.check(
        doc.meta.source, "mentions", len(mentions) + len(figs), "what it names (entities and figures)"
    )
    for link in LINKERS.values():
        relations.extend(link(ctx, mentions))
    return Extraction(doc, tuple(mentions), tuple(_unique(_printed_parent(relations))), tuple(figs))


def _printed_parent(relations: list[Relation]) -> list[Relation]:
    """A section of a document a notice prints is partOf the printed document, not also of the notice."""
    printed = {id(r.subject) for r in relations if r.rule == "title.printed"}
    if not printed:
        return relations
    return [r for r in relations if not (r.rule == "structure.section" and id(r.subject) in printed)]


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


def _drop_overlaps(mentions: list[Mention], relations: Sequence[Relation] = ()) -> list[Mention]:
    """Drop suffix-rule mentions inside a 《title》 or cutting through a curated name, and a place read
    alone where an institution's location read the same characters as another place (朝阳 in 北京某中学
    朝阳校区 is 北京's 朝阳区, not the city 朝阳) or inside a school's campus it placed nowhere.

    Each test looks only at the spans that can meet the mention (sorted starts, bisect), so a document
    with many mentions costs O(n log n), not O(n^2)."""
    books = _Spans(m for m in mentions if m.rule == "title.book")
    registry = _Spans(m for m in mentions if m.rule == "names.registry")
    headings = _Spans(
        m for m in mentions if m.rule in ("structure.list", "structure.heading", "structure.section")
    )
    # a place inside the name of an institution (南京 in 南京某大学) is part of that name, not a mention of
    # the place; a campus's place is (宜兴 in 某大学宜兴校区)
    named = _Spans(m for m in mentions if m.type in INSTITUTION_TYPES and m.type != "Campus")
    schools: dict[int, int] = {}  # start -> the furthest end of a school named there
    for m in mentions:
        if m.type == "School":
            schools[m.start] = max(m.end, schools.get(m.start, 0))
    located = {
        (r.object.start, r.object.end): r.object.name
        for r in relations
        if r.rule == "institution.location" and r.predicate == "locatedIn"
    }
    # a school's campus its location rule placed nowhere (朝阳校区 of a school of 无锡): no place of that name
    unplaced = {
        (r.subject.start, r.subject.end)
        for r in relations
        if r.predicate == "partOf" and r.subject.type == "Campus" and r.object.type == "School"
    } - {(r.subject.start, r.subject.end) for r in relations if r.rule == "institution.location"}
    out = []
    for m in mentions:
        if m.rule == "names.gazetteer" and (
            located.get((m.start, m.end), m.name) != m.name
            or any(s <= m.start and m.end < e for s, e in unplaced)
        ):
            continue
        school_end = schools.get(m.start, 0) if m.rule == "initiative.program" else 0
        if school_end:  # 某路小学及某道小学改造项目: the works of the schools listed
            school_end = works.listed_schools_end(m, schools, school_end)
        if school_end and (works.school_works(m, school_end) or works.school_plans(m, school_end)):
            continue  # 腰十小学二期工程项目: the school's construction; 某中学计划扩建: the school plans
        if m.rule == "names.gazetteer" and named.contains(m.start, m.end, strictly=True):
            continue
        if m.rule == "names.gazetteer" and _joiner_across(m, named):
            continue  # 某中学和县职业中学: 和县 is the list's joiner and the name the boundaries chose (县职业中学)
        if m.rule.startswith(("institution.", "initiative.", "quoted.")) and (
            books.contains(m.start, m.end) or _cuts(registry, m) or headings.contains(m.start, m.end)
        ):
            continue
        out.append(m)
    return out


def _joiner_across(place: Mention, named: _Spans) -> bool:
    """Does a place opening with a list's joiner (和县) end inside an institution's name that starts right
    after the joiner (某中学和县职业中学: 县职业中学), with another name ending right before it?"""
    if place.text[:1] not in LIST_JOINERS:
        return False
    spans = named.meeting(place.start, place.end)
    return any(s == place.start + 1 and e > place.end for s, e in spans) and any(
        e == place.start for _, e in spans
    )


def _cuts(registry: _Spans, m: Mention) -> bool:
    """A curated name that crosses the mention, or holds it without being the same span."""
    for s, e in registry.meeting(m.start, m.end):
        if (
            s < m.start < e < m.end
            or m.start < s < m.end < e
            or (s <= m.start and m.end <= e and (s, e) != (m.start, m.end))
        ):
            return True
    return False


class _Spans:
    """Spans sorted by start, for containment (prefix maximum of ends) and overlap (a window as wide as
    the longest span) tests in O(log n)."""

    def __init__(self, mentions: Iterable[Mention]) -> None:
        self.spans = sorted((m.start, m.end) for m in mentions)
        self.starts = [s for s, _ in self.spans]
        self.reach: list[int] = []  # reach[i]: the largest end among spans[: i + 1]
        self.longest = 0
        top = -1
        for s, e in self.spans:
            top = max(top, e)
            self.reach.append(top)
            self.longest = max(self.longest, e - s)

    def contains(self, start: int, end: int, strictly: bool = False) -> bool:
        """Some span holds [start, end) (and, if `strictly`, is not that very span)."""
        if not strictly:
            k = bisect_right(self.starts, start)
            return k > 0 and self.reach[k - 1] >= end
        k = bisect_left(self.starts, start)
        if k > 0 and self.reach[k - 1] >= end:
            return True  # a span starting before
        j = bisect_right(self.starts, start)
        return j > k and self.spans[j - 1][1] > end  # one starting here and ending after

    def meeting(self, start: int, end: int) -> list[tuple[int, int]]:
        """Every span that could overlap or touch [start, end)."""
        lo = bisect_left(self.starts, start - self.longest)
        hi = bisect_right(self.starts, end)
        return self.spans[lo:hi]


def _dedupe_figures(figs: list[Figure]) -> list[Figure]:
    """One figure per place: a figure starting inside an earlier (or longer) one is dropped."""
    reach = -1  # every kept figure starts at or before the current one: only the furthest end matters
    out = []
    for f in sorted(figs, key=lambda f: (f.start, -f.end)):
        if f.start < reach:
            continue
        reach = max(reach, f.end)
        out.append(f)
    return out


def _unique(relations: list[Relation]) -> Iterator[Relation]:
    seen = set()
    for r in relations:
        key = (r.subject.name, r.subject.type, r.predicate, r.object.name, r.start)
        if key not in seen:
            seen.add(key)
            yield r
