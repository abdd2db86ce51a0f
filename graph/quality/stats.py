"""Counts by class and relation, per document, and the most connected entities."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.namespace import DCTERMS, PROV, RDF
from rdflib.term import Node

from graph.core.namespaces import EK

RELATIONS = ("partOf", "supports", "targets", "locatedIn", "renamedTo", "issuedBy", "sector")


@dataclass
class Stats:
    triples: int = 0
    classes: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    per_document: dict[str, Counter] = field(default_factory=dict)
    central: list[tuple[str, str, int]] = field(default_factory=list)


def _local(term: Node) -> str:
    return str(term).split("#")[-1]


def stats(g: Graph, central: int = 0) -> Stats:
    s = Stats(triples=len(g))
    for _, cls in g.subject_objects(RDF.type):
        if str(cls).startswith(str(EK)):
            s.classes[_local(cls)] += 1
    for rel in RELATIONS:
        n = sum(1 for _ in g.subject_objects(EK[rel]))
        if n:
            s.relations[rel] = n
    for doc in g.subjects(DCTERMS.identifier, None):
        ident = str(g.value(doc, DCTERMS.identifier))
        c: Counter = Counter()
        c["entities"] = sum(1 for _ in g.subjects(EK.mentionedIn, doc))
        c["mentions"] = sum(1 for _ in g.subjects(PROV.wasDerivedFrom, doc))
        s.per_document[ident] = c
    if central:
        from graph.views.scope import to_networkx

        G = to_networkx(g)
        ranked = sorted(G.degree(), key=lambda x: (-x[1], str(x[0])))[:central]
        s.central = [(G.nodes[n]["label"], G.nodes[n]["type"], d) for n, d in ranked]
    return s


def render(s: Stats) -> str:
    out = [f"triples: {s.triples}", "classes:"]
    out += [f"  {k:16} {v}" for k, v in sorted(s.classes.items(), key=lambda x: (-x[1], x[0]))]
    out.append("relations:")
    out += [f"  {k:16} {v}" for k, v in sorted(s.relations.items(), key=lambda x: (-x[1], x[0]))]
    out.append("documents:")
    out += [
        f"  {k:6} entities {v['entities']:4}  mentions {v['mentions']:5}"
        for k, v in sorted(s.per_document.items())
    ]
    if s.central:
        out.append("most connected:")
        out += [f"  {deg:4}  {label} ({typ})" for label, typ, deg in s.central]
    return "\n".join(out) + "\n"
