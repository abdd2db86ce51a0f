"""RDF from the resolved corpus: entities, relations, targets, document metadata and provenance.

Every fact read from a text has an ek:Mention with the document, the character offsets into the
original file, the quote and the rule that read it. Facts from the registry or gazetteer carry
ek:curated true.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib import namespace as _ns
from rdflib.term import Node

from graph.core import namespaces as _ek
from graph.core.keys import digest
from graph.core.model import Corpus, Document, Entity, Evidence, Link, TargetFact
from graph.core.namespaces import EKID, PREFIXES
from graph.knowledge.sectors import SECTORS


class _Terms:
    """A namespace whose terms are looked up once (DefinedNamespace.__getattr__ costs ~2 µs a call,
    and a build makes millions)."""

    def __init__(self, ns: Any) -> None:
        self._ns = ns
        self._items: dict[str, URIRef] = {}

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._ns, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        term = self._items.get(name)
        if term is None:
            term = self._items[name] = self._ns[name]
        return term


EK: Any = _Terms(_ek.EK)
DCTERMS: Any = _Terms(_ns.DCTERMS)
PROV: Any = _Terms(_ns.PROV)
RDF: Any = _Terms(_ns.RDF)
RDFS: Any = _Terms(_ns.RDFS)
SKOS: Any = _Terms(_ns.SKOS)
XSD: Any = _Terms(_ns.XSD)


@lru_cache(maxsize=65536)
def _integer(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


@lru_cache(maxsize=4096)
def _plain(text: str) -> Literal:
    return Literal(text)


@lru_cache(maxsize=2)
def _boolean(value: bool) -> Literal:
    return Literal(value)


DOC_GRAPH = "https://w3id.org/edukg/graph/"
SHARED_GRAPH = URIRef(DOC_GRAPH + "shared")


def iri(key: str) -> URIRef:
    return URIRef(str(EKID) + key)


def _bind(g: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, str(ns), override=True)
    return g


Triple = tuple[Node, Node, Node]


class _Triples(dict[Triple, None]):
    """A set of triples that keeps insertion order, so every later step sees them in one order."""

    def add(self, t: Triple) -> None:
        self[t] = None


class _Writer:
    """Adds triples to the named graph of the document they come from (or the shared graph).

    The graphs are plain sets of triples while writing (an rdflib store costs ~10x more per triple);
    `build` turns them into a Dataset, `build_triples` hands the union on as it is.
    """

    def __init__(self, corpus: Corpus) -> None:
        self.docs = {d.meta.id: d for d in corpus.documents}
        self.shared = _Triples()
        self.graphs: dict[str, _Triples] = {}
        self.doc_entity = dict(corpus.doc_entity)
        self._doc_iris: dict[str, URIRef] = {}

    def doc_iri(self, doc: Document) -> URIRef:
        node = self._doc_iris.get(doc.meta.id)
        if node is None:
            node = iri(self.doc_entity.get(doc.meta.id, f"document/{doc.meta.id}"))
            self._doc_iris[doc.meta.id] = node
        return node

    def graph(self, doc_id: str | None) -> _Triples:
        if doc_id is None:
            return self.shared
        if doc_id not in self.graphs:
            self.graphs[doc_id] = _Triples()
        return self.graphs[doc_id]

    def mention(
        self, ev: Evidence, target: URIRef, statement: tuple[URIRef, URIRef, URIRef] | None = None
    ) -> None:
        doc = self.docs[ev.doc_id]
        start, end = doc.original_span(ev.start, ev.end)
        local = f"mention/{ev.doc_id}/{start}-{end}"
        if statement is not None:
            local += "/" + digest("|".join(statement), 8)
        node = iri(local)
        g = self.graph(ev.doc_id)
        g.add((node, RDF.type, EK.Mention))
        g.add((node, PROV.wasDerivedFrom, self.doc_iri(doc)))
        g.add((node, EK.start, _integer(start)))
        g.add((node, EK.end, _integer(end)))
        g.add((node, EK.quote, Literal(doc.raw[start:end])))
        g.add((node, EK.rule, _plain(ev.rule)))
        g.add((node, EK.evidenceFor, target))
        if statement is not None:
            g.add((node, RDF.type, RDF.Statement))
            g.add((node, RDF.subject, statement[0]))
            g.add((node, RDF.predicate, statement[1]))
            g.add((node, RDF.object, statement[2]))


def _write(corpus: Corpus) -> _Writer:
    w = _Writer(corpus)
    for doc in corpus.documents:
        _document(w, doc, corpus)
    for e in corpus.entities:
        _entity(w, e)
    for lk in corpus.links:
        _link(w, lk)
    for t in corpus.targets:
        _target(w, t)
    _sector_scheme(w)
    return w


def build(corpus: Corpus) -> Dataset:
    """The corpus as an RDF dataset: one named graph per document and one shared graph."""
    w = _write(corpus)
    ds = Dataset()
    for name, triples in [(SHARED_GRAPH, w.shared)] + [
        (URIRef(DOC_GRAPH + d), ts) for d, ts in w.graphs.items()
    ]:
        _fill(ds.graph(name), triples)
    for ctx in ds.graphs():
        _bind(ctx)
    _bind(ds)
    return ds


def build_triples(corpus: Corpus) -> dict[Triple, None]:
    """The union of all named graphs as an ordered set of triples (dict keys), without an rdflib
    store: the fast path of a build."""
    w = _write(corpus)
    out: dict[Triple, None] = dict(w.shared)
    for ts in w.graphs.values():
        out.update(ts)
    return out


def to_graph(triples: Iterable[Triple]) -> Graph:
    """A read-only rdflib Graph of distinct triples (graph.store.frozen_graph: indexed in one pass)."""
    from graph.store import frozen_graph

    return _bind(frozen_graph(triples))


def _fill(g: Graph, triples: Iterable[Triple]) -> Graph:
    store = g.store
    for t in triples:
        store.add(t, g, quoted=False)
    return g


def _document(w: _Writer, doc: Document, corpus: Corpus) -> None:
    g = w.graph(doc.meta.id)
    node = w.doc_iri(doc)
    m = doc.meta
    g.add((node, DCTERMS.identifier, Literal(m.id)))
    g.add((node, DCTERMS.title, Literal(m.title, lang="zh")))
    g.add((node, DCTERMS.source, Literal(m.source)))
    g.add((node, EK.documentKind, Literal(m.kind)))
    if m.date:
        g.add((node, DCTERMS.date, Literal(m.date, datatype=XSD.date)))
    if m.year:
        g.add((node, EK.year, Literal(m.year, datatype=XSD.gYear)))
    if m.city:
        g.add((node, DCTERMS.spatial, Literal(m.city, lang="zh")))


def _entity(w: _Writer, e: Entity) -> None:
    node = iri(e.key)
    docs = sorted({ev.doc_id for ev in e.evidence})
    label, curated = Literal(e.label, lang="zh"), _boolean(e.curated)
    for g in [w.graph(d) for d in docs] or [w.shared]:
        g.add((node, RDF.type, EK[e.type]))
        g.add((node, RDFS.label, label))
        g.add((node, SKOS.prefLabel, label))
        g.add((node, EK.curated, curated))
    shared = w.graph(docs[0]) if docs else w.shared
    if e.label_en:
        shared.add((node, RDFS.label, Literal(e.label_en, lang="en")))
    for a in e.aliases:
        shared.add((node, SKOS.altLabel, Literal(a, lang="zh")))
    if e.start_year:
        shared.add((node, EK.startYear, Literal(e.start_year, datatype=XSD.gYear)))
    if e.end_year:
        shared.add((node, EK.endYear, Literal(e.end_year, datatype=XSD.gYear)))
    for d in docs:
        doc = w.docs[d]
        w.graph(d).add((node, EK.mentionedIn, w.doc_iri(doc)))
    for sector in e.sectors:
        shared.add((node, EK.sector, sector_iri(sector)))
    for ev in e.evidence:
        w.mention(ev, node)


def _link(w: _Writer, lk: Link) -> None:
    s, p, o = iri(lk.subject), EK[lk.predicate], iri(lk.object)
    for ev in lk.evidence:
        w.graph(ev.doc_id).add((s, p, o))
        w.mention(ev, s, (s, p, o))
    if not lk.evidence:
        w.shared.add((s, p, o))


def _target(w: _Writer, t: TargetFact) -> None:
    node = iri(t.key)
    ind = iri(t.indicator_key)
    for ev in t.evidence:
        g = w.graph(ev.doc_id)
        g.add((node, RDF.type, EK.Target))
        g.add((node, RDFS.label, Literal(f"{t.indicator} {_fmt(t.value)}{t.unit}", lang="zh")))
        g.add((node, EK.value, Literal(t.value, datatype=XSD.decimal)))
        g.add((node, EK.unit, Literal(t.unit)))
        g.add((node, EK.comparator, Literal(t.comparator)))
        g.add((node, EK.status, Literal(t.status)))
        g.add((node, EK.indicator, ind))
        if t.year:
            g.add((node, EK.year, Literal(t.year, datatype=XSD.gYear)))
        g.add((ind, RDF.type, EK.Indicator))
        g.add((ind, RDFS.label, Literal(t.indicator, lang="zh")))
        g.add((node, EK.mentionedIn, w.doc_iri(w.docs[ev.doc_id])))
        for owner in t.owners:
            g.add((iri(owner), EK.targets, node))
        for sector in t.sectors:
            g.add((node, EK.sector, sector_iri(sector)))
        w.mention(ev, node)


SCHEME = iri("sector")


def sector_iri(sector_id: str) -> URIRef:
    return iri(f"sector/{sector_id}")


def _sector_scheme(w: _Writer) -> None:
    """The SKOS concept scheme of education sectors (curated)."""
    g = w.shared
    g.add((SCHEME, RDF.type, SKOS.ConceptScheme))
    g.add((SCHEME, RDFS.label, Literal("教育领域", lang="zh")))
    g.add((SCHEME, RDFS.label, Literal("Education sectors", lang="en")))
    for s in SECTORS:
        node = sector_iri(s.id)
        g.add((node, RDF.type, EK.Sector))
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, SCHEME))
        g.add((node, SKOS.notation, Literal(s.id)))
        for lang, text in (("zh", s.zh), ("en", s.en)):
            g.add((node, RDFS.label, Literal(text, lang=lang)))
            g.add((node, SKOS.prefLabel, Literal(text, lang=lang)))
        g.add((node, EK.curated, Literal(True)))


def _fmt(v: Decimal) -> str:
    return format(v.normalize(), "f")


def union(ds: Dataset) -> Graph:
    """All named graphs as one graph (the default export)."""
    g = _bind(Graph())
    for ctx in ds.graphs():
        for t in ctx:
            g.add(t)
    return g
