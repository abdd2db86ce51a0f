"""Typed hand-offs between stages: frozen dataclasses, no I/O."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from itertools import pairwise
from typing import Any, NamedTuple, TypeVar

# Entity types of the core vocabulary (local names of ek: classes).
INSTITUTION_TYPES = (
    "University",
    "College",
    "Campus",
    "School",
    "GovernmentBody",
    "ResearchCenter",
    "Platform",
)
INITIATIVE_TYPES = ("ActionPlan", "Program", "Task")
ENTITY_TYPES = (
    *INSTITUTION_TYPES,
    *INITIATIVE_TYPES,
    "PolicyDocument",
    "Goal",
    "Place",
    "Event",
    "Sector",
    "Indicator",
)
RELATIONS = ("partOf", "supports", "targets", "locatedIn", "renamedTo", "issuedBy", "sector")

DOCUMENT_KINDS = ("work plan", "conference report", "mid-year review", "news report")


def type_family(type_name: str) -> str:
    """The family a type belongs to; types of one family may describe the same entity."""
    if type_name in INSTITUTION_TYPES:
        return "institution"
    if type_name in ("ActionPlan", "PolicyDocument"):
        return "document"
    if type_name in ("Program", "Event"):
        return "program"
    return type_name.lower()


@dataclass(frozen=True)
class DocMeta:
    """What the catalog (or inference from the text) says about one input document."""

    id: str
    source: str
    title: str
    date: str | None = None
    year: int | None = None
    kind: str = "work plan"
    issuers: tuple[str, ...] = ()
    city: str | None = None
    province: str | None = None
    inferred: tuple[str, ...] = ()  # which fields were inferred from the text
    county: str | None = None  # the county-level place (district, county, banner) it speaks for


@dataclass(frozen=True)
class Segment:
    """A structural unit of a normalised document; offsets index Document.text."""

    kind: str  # title | section | item | enumeration | paragraph | sentence
    start: int
    end: int
    title: str = ""
    number: int | None = None
    parent: int | None = None  # index of the enclosing segment in Document.segments
    status: str | None = None  # planned | achieved, when the structure decides it


@dataclass(frozen=True)
class Document:
    """A read and normalised document with a map back to the original file's characters."""

    meta: DocMeta
    raw: str
    text: str
    offsets: tuple[int, ...]  # offsets[i] = index in raw of text[i]
    segments: tuple[Segment, ...] = ()

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised [start, end) to the original file's [start, end)."""
        if end <= start:
            raise ValueError(f"empty span {start}-{end}")
        return self.offsets[start], self.offsets[end - 1] + 1

    def quote(self, start: int, end: int) -> str:
        s, e = self.original_span(start, end)
        return self.raw[s:e]

    def segment_at(self, pos: int, kind: str) -> Segment | None:
        """The innermost segment of a kind that contains a normalised position."""
        if kind not in self._segment_index:
            return None
        index = self._segment_index[kind]
        if index is not None:  # segments of the kind follow one another without overlapping: bisect
            starts, segs = index
            k = bisect_right(starts, pos) - 1
            return segs[k] if k >= 0 and pos < segs[k].end else None
        found = None
        for seg in self.segments:
            if seg.kind == kind and seg.start <= pos < seg.end:
                found = seg
        return found

    @cached_property
    def _segment_index(self) -> dict[str, tuple[list[int], list[Segment]] | None]:
        """Per kind, the starts and segments when they are in order and disjoint (else None: scan)."""
        by_kind: dict[str, list[Segment]] = {}
        for seg in self.segments:
            by_kind.setdefault(seg.kind, []).append(seg)
        index: dict[str, tuple[list[int], list[Segment]] | None] = {}
        for kind, segs in by_kind.items():
            disjoint = all(a.end <= b.start and a.start < b.start for a, b in pairwise(segs))
            index[kind] = ([s.start for s in segs], segs) if disjoint else None
        return index


@dataclass(frozen=True)
class Mention:
    """A span of a document that names something. `label` is the name as it should be resolved."""

    doc_id: str
    start: int
    end: int
    text: str
    type: str
    rule: str
    label: str = ""
    attrs: tuple[tuple[str, str], ...] = ()

    @property
    def name(self) -> str:
        return self.label or self.text

    def attr(self, key: str) -> str | None:
        for k, v in self.attrs:
            if k == key:
                return v
        return None


@dataclass(frozen=True)
class Relation:
    """A relation between two mentions, with the span that states it."""

    subject: Mention
    predicate: str
    object: Mention
    rule: str
    start: int
    end: int


@dataclass(frozen=True)
class Figure:
    """A quantitative figure read from a sentence."""

    doc_id: str
    start: int
    end: int
    value: Decimal
    unit: str
    comparator: str
    indicator: str
    status: str
    year: int | None
    rule: str
    subject: Mention | None = None
    clause: tuple[int, int] | None = None  # the clause it was read from: the quote of its evidence


@dataclass(frozen=True)
class Extraction:
    """Everything the recognisers found in one document."""

    doc: Document
    mentions: tuple[Mention, ...] = ()
    relations: tuple[Relation, ...] = ()
    figures: tuple[Figure, ...] = ()
    # what the worker that extracted it worked out of it ahead for the main process (graph.inputs.Ahead):
    # a cache of pure functions of the document, no part of its value. Not an argument: only `with_ahead`
    # sets it, and a copy made by dataclasses.replace (other mentions, say) starts without it, so that no
    # changed extraction carries what was worked out of the one it was copied from
    ahead: Any = field(default=None, init=False, compare=False, repr=False)

    def with_ahead(self, ahead: Any) -> Extraction:
        """The same extraction, carrying `ahead`."""
        x = Extraction(self.doc, self.mentions, self.relations, self.figures)
        object.__setattr__(x, "ahead", ahead)  # frozen: set once, on the new value
        return x


class Evidence(NamedTuple):
    """Where a fact was read: document, normalised span and the rule that read it. A named tuple (a
    build makes hundreds of thousands): its hash, equality among Evidence and repr are a frozen
    dataclass's of the same fields, and it sorts as `graph.resolve.identity.ev_key`."""

    doc_id: str
    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class Entity:
    """One real-world thing, merged across mentions and documents."""

    key: str  # stable IRI local part, e.g. "university/jiangnan-university"
    type: str
    label: str
    aliases: tuple[str, ...] = ()
    label_en: str | None = None
    curated: bool = False
    start_year: int | None = None
    end_year: int | None = None
    evidence: tuple[Evidence, ...] = ()
    sectors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    subject: str  # entity key
    predicate: str
    object: str  # entity key
    evidence: tuple[Evidence, ...] = ()
    curated: bool = False


@dataclass(frozen=True)
class TargetFact:
    key: str
    value: Decimal
    unit: str
    comparator: str
    indicator: str
    indicator_key: str
    status: str
    year: int | None
    evidence: tuple[Evidence, ...] = ()
    owners: tuple[str, ...] = ()  # entity keys of what ek:targets it
    # per evidence (in its order), the owners its document gives the figure: a quote is evidence only
    # for the ek:targets statements of its own document (empty: every owner, as before this field)
    evidence_owners: tuple[tuple[str, ...], ...] = ()
    sectors: tuple[str, ...] = ()
    place: str = ""  # the jurisdiction whose measure the indicator is (graph.resolve.targets.jurisdiction)
    indicator_label: str = ""  # the indicator's one label in its place (its shortest phrasing)


@dataclass(frozen=True)
class Corpus:
    """The resolved corpus: the input of build."""

    documents: tuple[Document, ...]
    entities: tuple[Entity, ...]
    links: tuple[Link, ...]
    targets: tuple[TargetFact, ...] = ()
    doc_entity: dict[str, str] = field(default_factory=dict)  # doc id -> entity key of the document


_T = TypeVar("_T")


def evolve(obj: _T, **changes: Any) -> _T:
    """`dataclasses.replace(obj, **changes)` of a Figure, Mention, Entity, Link or TargetFact, without its
    `__init__` (none has a `__post_init__`; a build replaces tens of thousands): the fields copied, the
    changed ones set. Not for a Document (its cached index would be copied too)."""
    new = object.__new__(type(obj))
    fields = new.__dict__
    fields.update(obj.__dict__)
    for name, value in changes.items():
        if name not in fields:
            raise TypeError(f"{type(obj).__name__} has no field {name!r}")
        fields[name] = value
    return new
