"""Export the built graph as Turtle, N-Triples, JSON-LD or TriG (one named graph per document)."""

from __future__ import annotations

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV

from graph.build.serialize import FORMATS
from graph.build.triples import DOC_GRAPH
from graph.core.errors import EduKGError


def export(g: Graph, fmt: str) -> str:
    if fmt not in FORMATS:
        raise EduKGError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    _, writer, needs_dataset = FORMATS[fmt]
    return writer(split_by_document(g)) if needs_dataset else writer(g)


def split_by_document(g: Graph) -> Dataset:
    """Rebuild the per-document named graphs from provenance: a fact goes to the graph of each
    document a mention of it comes from; facts with no mention go to the shared graph."""
    from rdflib.namespace import DCTERMS, RDF

    from graph.core.namespaces import EK

    ds = Dataset()
    doc_ids = {doc: str(ident) for doc, ident in g.subject_objects(DCTERMS.identifier)}
    graphs = {d: ds.graph(URIRef(DOC_GRAPH + i)) for d, i in doc_ids.items()}
    shared = ds.graph(URIRef(DOC_GRAPH + "shared"))
    docs_of: dict = {}
    for m in g.subjects(RDF.type, EK.Mention):
        doc = g.value(m, PROV.wasDerivedFrom)
        docs_of.setdefault(m, set()).add(doc)
        for target in g.objects(m, EK.evidenceFor):
            docs_of.setdefault(target, set()).add(doc)
    for s, p, o in g:
        docs = docs_of.get(s) or ({s} if s in graphs else set())
        placed = False
        for d in docs:
            if d in graphs:
                graphs[d].add((s, p, o))
                placed = True
        if not placed:
            shared.add((s, p, o))
    return ds
