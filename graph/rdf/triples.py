"""RDF from the resolved corpus: entities, relations, targets, document metadata and provenance.

Every fact read from a text has an ek:Mention with the document, the character offsets into the
original file, the quote and the rule that read it. Facts from the registry or gazetteer carry
ek:curated true.

Terms are their N3 strings (graph.rdf.terms): the build's one construction of the graph. The facts about
entities, targets, indicators, documents and sectors are gathered in one table by subject; the mentions
(most of the graph) are kept as requests by document, and each document's ek:Mention nodes are made
when the writer reaches them, so they are never all held at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from graph.core.iris import ID_BASE, ONTOLOGY_IRI
from graph.core.keys import digest
from graph.core.model import Corpus, Document, Entity, Evidence, Link, TargetFact
from graph.knowledge.rules import rule
from graph.knowledge.sectors import SECTORS
from graph.rdf.terms import RDF_TYPE, XSD_NS, integer, lang, plain, to_rdflib, typed, uri
from graph.rdf.terms import boolean as _boolean

DOC_GRAPH = "https://w3id.org/edukg/graph/"
ID = ID_BASE
MENTIONS = uri(ID + "mention/")[:-1]  # every mention node's key starts so


class _Names:
    """Keys of a namespace's terms: EK.quote -> '<https://w3id.org/edukg/ontology#quote>'."""

    def __init__(self, ns: str) -> None:
        self._ns = ns

    def __getattr__(self, name: str) -> str:
        key = uri(self._ns + name)
        setattr(self, name, key)
        return key

    def __getitem__(self, name: str) -> str:
        return uri(self._ns + name)


EK: Any = _Names(ONTOLOGY_IRI)
DCTERMS: Any = _Names("http://purl.org/dc/terms/")
PROV: Any = _Names("http://www.w3.org/ns/prov#")
RDF: Any = _Names("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS: Any = _Names("http://www.w3.org/2000/01/rdf-schema#")
SKOS: Any = _Names("http://www.w3.org/2004/02/skos/core#")
XSD_DATE, XSD_GYEAR, XSD_DECIMAL = XSD_NS + "date", XSD_NS + "gYear", XSD_NS + "decimal"

Triple = tuple[str, str, str]
Preds = dict[str, dict[str, None]]  # predicate -> objects (an ordered set)
Request = tuple[Evidence, str, "tuple[str, str, str] | None"]


def add_mention(preds: Preds, start: int, end: int, req: Request, derived: str, raw: str) -> None:
    """Add to a mention node's predicates what one request says: the span [start, end) of the original
    text `raw` of the document `derived`, and the statement it is evidence for, if any."""
    ev, target, statement = req
    triples = [
        (RDF_TYPE, EK.Mention),
        (PROV.wasDerivedFrom, derived),
        (EK.start, integer(start)),
        (EK.end, integer(end)),
        (EK.quote, plain(raw[start:end])),
        (EK.rule, plain(rule(ev.rule))),
        (EK.evidenceFor, target),
    ]
    if statement is not None:
        triples += [
            (RDF_TYPE, RDF.Statement),
            (RDF.subject, statement[0]),
            (RDF.predicate, statement[1]),
            (RDF.object, statement[2]),
        ]
    put_pairs(preds, triples)


def put_pairs(preds: Preds, pairs: list[tuple[str, str]]) -> None:
    """Each (predicate, object) pair added to a subject's predicates, in order (objects an ordered set)."""
    for p, o in pairs:
        objs = preds.get(p)
        if objs is None:
            preds[p] = {o: None}
        else:
            objs[o] = None


def iri(key: str) -> str:
    """`uri(ID + key)`, in one step (a build makes one for every entity, link and target)."""
    return f"<{ID}{key}>"


class Built:
    """The graph of a build: `subjects` (subject -> predicate -> objects) for everything but the
    mentions, and per document the mentions to make (evidence, what it is evidence for, the reified
    statement). `statements()` gives every subject with its predicates, sorted as the Turtle is."""

    def __init__(self, corpus: Corpus) -> None:
        self.docs = {d.meta.id: d for d in corpus.documents}
        self.subjects: dict[str, Preds] = {}
        self.requests: dict[str, list[Request]] = {}
        self.doc_entity = dict(corpus.doc_entity)
        self._doc_iris: dict[str, str] = {}
        # by document, the spans whose text statements the store loaded early (graph.rdf.render), and
        # what of them the graph turns out not to hold, to be taken out of the store
        self.early: dict[str, set[tuple[int, int, str]]] = {}
        self.unloaded: list[str] = []

    def add(self, s: str, p: str, o: str) -> None:
        preds = self.subjects.get(s)
        if preds is None:
            preds = self.subjects[s] = {}
        objs = preds.get(p)
        if objs is None:
            preds[p] = {o: None}
        else:
            objs[o] = None

    def put(self, s: str, pairs: list[tuple[str, str]]) -> None:
        """`add(s, p, o)` of each (p, o) pair, in order."""
        preds = self.subjects.get(s)
        if preds is None:
            preds = self.subjects[s] = {}
        put_pairs(preds, pairs)

    def doc_node(self, doc_id: str) -> str:
        """`doc_iri` of a document of the corpus by its id."""
        node = self._doc_iris.get(doc_id)
        return node if node is not None else self.doc_iri(self.docs[doc_id])

    def doc_iri(self, doc: Document) -> str:
        node = self._doc_iris.get(doc.meta.id)
        if node is None:
            node = iri(self.doc_entity.get(doc.meta.id, f"document/{doc.meta.id}"))
            self._doc_iris[doc.meta.id] = node
        return node

    def mention(self, ev: Evidence, target: str, statement: tuple[str, str, str] | None = None) -> None:
        self.mentions((ev,), target, statement)

    def mentions(
        self, evidence: Iterable[Evidence], target: str, statement: tuple[str, str, str] | None = None
    ) -> None:
        """`mention(ev, target, statement)` of each evidence, in order (the list of its document looked
        up once for a run of evidence of one document: an entity's is sorted by document)."""
        requests, last, reqs = self.requests, None, None
        for ev in evidence:
            if ev.doc_id != last:
                last = ev.doc_id
                reqs = requests.get(last)
                if reqs is None:
                    reqs = requests[last] = []
            reqs.append((ev, target, statement))  # type: ignore[union-attr]

    def mentions_of(self, doc_id: str) -> dict[str, Preds]:
        """The ek:Mention nodes of one document (each with its predicates)."""
        doc = self.docs[doc_id]
        derived = self.doc_iri(doc)
        nodes: dict[str, Preds] = {}
        prefix = f"{ID}mention/{doc_id}/"
        for ev, target, statement in self.requests.get(doc_id, ()):
            start, end = doc.original_span(ev.start, ev.end)
            local = f"{prefix}{start}-{end}"
            if statement is not None:
                local += "/" + digest("|".join(k[1:-1] for k in statement), 8)
            node = uri(local)
            preds = nodes.get(node)
            if preds is None:
                preds = nodes[node] = {}
            add_mention(preds, start, end, (ev, target, statement), derived, doc.raw)
        return nodes

    def statements(self) -> Iterator[tuple[str, Preds]]:
        """Every subject with its predicates, in the Turtle's order (by the subject's N3 string): the
        table's subjects and each document's mentions, one document at a time, merged."""
        import heapq

        table = ((s, self.subjects[s]) for s in sorted(self.subjects))
        return heapq.merge(table, self._mention_statements(), key=_first)

    def _mention_statements(self) -> Iterator[tuple[str, Preds]]:
        ids = sorted(self.requests, key=lambda d: d + "/")
        if any("/" in d for d in ids):  # one document's mentions would not sort together: all at once
            nodes = {k: v for d in ids for k, v in self.mentions_of(d).items()}
            yield from ((k, nodes[k]) for k in sorted(nodes))
            return
        for d in ids:  # mention/<id>/...: the documents' mentions follow one another in this order
            nodes = self.mentions_of(d)
            yield from ((k, nodes[k]) for k in sorted(nodes))

    def triples(self) -> Iterator[Triple]:
        for s, preds in self.statements():
            for p, objs in preds.items():
                for o in objs:
                    yield s, p, o


def _first(item: tuple[str, Preds]) -> str:
    return item[0]


def build_graph(corpus: Corpus) -> Built:
    """The corpus as the build's graph (see Built)."""
    w = Built(corpus)
    for doc in corpus.documents:
        _document(w, doc)
    for e in corpus.entities:
        _entity(w, e)
    for lk in corpus.links:
        _link(w, lk)
    for t in corpus.targets:
        _target(w, t)
    _sector_scheme(w)
    return w


def build_triples(corpus: Corpus) -> dict[tuple[Any, Any, Any], None]:
    """The graph as rdflib triples (the goldens and tests read them), in the Turtle's order."""
    return rdflib_triples(build_graph(corpus))


def rdflib_triples(built: Built) -> dict[tuple[Any, Any, Any], None]:
    """A built graph's triples as rdflib terms, in the Turtle's order (what the views read)."""
    terms: dict[str, Any] = {}

    def term(k: str) -> Any:
        t = terms.get(k)
        if t is None:
            t = terms[k] = to_rdflib(k)
        return t

    return {(term(s), term(p), term(o)): None for s, p, o in built.triples()}


def _document(w: Built, doc: Document) -> None:
    node = w.doc_iri(doc)
    m = doc.meta
    w.add(node, DCTERMS.identifier, plain(m.id))
    w.add(node, DCTERMS.title, lang(m.title, "zh"))
    w.add(node, DCTERMS.source, plain(m.source))
    w.add(node, EK.documentKind, plain(m.kind))
    if m.date:
        w.add(node, DCTERMS.date, typed(m.date, XSD_DATE))
    if m.year:
        w.add(node, EK.year, typed(m.year, XSD_GYEAR))
    if m.city:
        w.add(node, DCTERMS.spatial, lang(m.city, "zh"))


_TYPES: dict[str, str] = {}  # the ek: term of each entity type and relation
_SECTOR_IRIS: dict[str, str] = {}


def _class(name: str) -> str:
    """EK[name], made once."""
    found = _TYPES.get(name)
    if found is None:
        found = _TYPES[name] = EK[name]
    return found


def _entity(w: Built, e: Entity) -> None:
    node = iri(e.key)
    label = lang(e.label, "zh")
    pairs = [
        (RDF_TYPE, _class(e.type)),
        (RDFS.label, label),
        (SKOS.prefLabel, label),
        (EK.curated, _boolean(e.curated)),
    ]
    if e.label_en:
        pairs.append((RDFS.label, lang(e.label_en, "en")))
    if e.aliases:
        alt = SKOS.altLabel
        pairs += [(alt, lang(a, "zh")) for a in e.aliases]
    if e.start_year:
        pairs.append((EK.startYear, typed(e.start_year, XSD_GYEAR)))
    if e.end_year:
        pairs.append((EK.endYear, typed(e.end_year, XSD_GYEAR)))
    if e.evidence:
        mentioned, doc_node = EK.mentionedIn, w.doc_node
        pairs += [(mentioned, doc_node(d)) for d in sorted({ev.doc_id for ev in e.evidence})]
    if e.sectors:
        pairs += [(EK.sector, sector_iri(sector)) for sector in e.sectors]
    w.put(node, pairs)
    w.mentions(e.evidence, node)
    if e.sectors and e.evidence:  # the keyword rule read the label: its first mention is the evidence
        first = Evidence(e.evidence[0].doc_id, e.evidence[0].start, e.evidence[0].end, "sector.keywords")
        for sector in e.sectors:  # evidence for the sector's application, not another quote of the entity
            w.mention(first, sector_iri(sector), (node, EK.sector, sector_iri(sector)))


def _link(w: Built, lk: Link) -> None:
    s, p, o = iri(lk.subject), _class(lk.predicate), iri(lk.object)
    w.add(s, p, o)
    w.mentions(lk.evidence, s, (s, p, o))


def _target(w: Built, t: TargetFact) -> None:
    node = iri(t.key)
    ind = iri(t.indicator_key)
    add = w.add
    owners = {owner: iri(owner) for owner in t.owners}
    sectors = [sector_iri(sector) for sector in t.sectors]
    if t.evidence:
        pairs = [
            (RDF_TYPE, EK.Target),
            (RDFS.label, lang(f"{t.indicator} {_fmt(t.value)}{t.unit}", "zh")),
            (EK.value, typed(t.value, XSD_DECIMAL)),
            (EK.unit, plain(t.unit)),
            (EK.comparator, plain(t.comparator)),
            (EK.status, plain(t.status)),
            (EK.indicator, ind),
        ]
        if t.year:
            pairs.append((EK.year, typed(t.year, XSD_GYEAR)))
        w.put(node, pairs)
        pairs = [(RDF_TYPE, EK.Indicator), (RDFS.label, lang(t.indicator_label or t.indicator, "zh"))]
        if t.indicator_label and t.indicator != t.indicator_label:
            pairs.append((SKOS.altLabel, lang(t.indicator, "zh")))
        pairs.append((EK.unit, plain(t.unit)))
        if t.place:
            pairs.append((EK.jurisdiction, lang(t.place, "zh")))
        w.put(ind, pairs)
        for owner in t.owners:
            add(owners[owner], EK.targets, node)
        if sectors:
            w.put(node, [(EK.sector, sector) for sector in sectors])
    per_evidence = t.evidence_owners or tuple(t.owners for _ in t.evidence)
    mentioned, indicator, targets, sector_p = EK.mentionedIn, EK.indicator, EK.targets, EK.sector
    mention = w.mention
    for ev, ev_owners in zip(t.evidence, per_evidence, strict=True):
        doc_id, start, end = ev.doc_id, ev.start, ev.end
        add(node, mentioned, w.doc_node(doc_id))
        mention(ev, node)
        mention(Evidence(doc_id, start, end, "target.indicator"), ind, (node, indicator, ind))
        for owner in ev_owners:  # the statements of its own document only
            owner_iri = owners.get(owner) or iri(owner)
            mention(Evidence(doc_id, start, end, "target.owner"), owner_iri, (owner_iri, targets, node))
        for sector in sectors:
            mention(Evidence(doc_id, start, end, "sector.keywords"), sector, (node, sector_p, sector))


SCHEME = iri("sector")


def sector_iri(sector_id: str) -> str:
    found = _SECTOR_IRIS.get(sector_id)
    if found is None:
        found = _SECTOR_IRIS[sector_id] = iri(f"sector/{sector_id}")
    return found


def _sector_scheme(w: Built) -> None:
    """The SKOS concept scheme of education sectors (curated)."""
    add = w.add
    add(SCHEME, RDF_TYPE, SKOS.ConceptScheme)
    add(SCHEME, RDFS.label, lang("教育领域", "zh"))
    add(SCHEME, RDFS.label, lang("Education sectors", "en"))
    for s in SECTORS:
        node = sector_iri(s.id)
        add(node, RDF_TYPE, EK.Sector)
        add(node, RDF_TYPE, SKOS.Concept)
        add(node, SKOS.inScheme, SCHEME)
        add(node, SKOS.notation, plain(s.id))
        for tag, label in (("zh", s.zh), ("en", s.en)):
            add(node, RDFS.label, lang(label, tag))
            add(node, SKOS.prefLabel, lang(label, tag))
        add(node, EK.curated, _boolean(True))


def _fmt(v: Decimal) -> str:
    return format(v.normalize(), "f")
