"""An entity card through the query interface: the entity's neighbourhood fetched with a few SPARQL
queries from any engine (the Oxigraph store, rdflib, a remote endpoint) into a small rdflib graph, on
which `graph.views.card` builds the card. `edukg show` and the endpoint's card page both use it."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from graph.sparql.engine import Engine, RdflibEngine, as_engine
from graph.sparql.results import Result, Term
from graph.views.card import (
    MAX_CANDIDATES,
    AmbiguousName,
    Card,
    EntityNotFound,
    card,
    expand_name,
    find_entities,
    label_candidate,
)
from graph.views.card import entity_card as whole_graph_card

DESCRIPTIVE = (
    "rdf:type rdfs:label skos:prefLabel skos:altLabel dcterms:title dcterms:identifier ek:indicator"
).split()


def _node(t: Term | None) -> Node | None:
    from rdflib import BNode

    if t is None:
        return None
    if t.kind == "uri":
        return URIRef(t.value)
    if t.kind == "bnode":
        return BNode(t.value)
    dt = t.datatype if t.datatype and not t.lang and not t.datatype.endswith("#string") else None
    return Literal(t.value, lang=t.lang, datatype=URIRef(dt) if dt else None)


def add_result(g: Graph, r: Result) -> Graph:
    """The triples of a CONSTRUCT / DESCRIBE result added to an rdflib graph."""
    for row in r.terms or []:
        s, p, o = (_node(t) for t in row)
        if s is not None and p is not None and o is not None:
            g.add((s, p, o))
    return g


def _values(nodes: list[URIRef]) -> str:
    return " ".join(n.n3() for n in sorted(set(nodes)))


def _labels(engine: Engine, g: Graph, nodes: list[URIRef]) -> None:
    """Types, labels, titles and identifiers of nodes (in chunks, to keep each query short)."""
    nodes = sorted(set(nodes))
    for i in range(0, len(nodes), 500):
        q = (
            "CONSTRUCT { ?n ?p ?o } WHERE { VALUES ?n { "
            + _values(nodes[i : i + 500])
            + " } VALUES ?p { "
            + " ".join(DESCRIPTIVE)
            + " } ?n ?p ?o }"
        )
        add_result(g, engine.run(q))


def neighbourhood(engine: Engine, node: URIRef) -> Graph:
    """What `card` reads about one node: its triples in and out, its targets (figures), the mentions
    and reified statements that give their evidence, and the labels of every node they name."""
    g = Graph()
    targets = engine.run(
        f"SELECT DISTINCT ?t WHERE {{ {{ {node.n3()} ek:targets ?t }} UNION {{ ?t ek:indicator {node.n3()} }}"
        " ?t a ek:Target }"
    )
    core = [node] + [URIRef(row[0].value) for row in targets.terms or [] if row[0] is not None]
    q = (
        "CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?c { " + _values(core) + " } "
        "{ ?c ?p ?o BIND(?c AS ?s) } UNION { ?s ?p ?c BIND(?c AS ?o) } "
        "UNION { ?s ek:evidenceFor|rdf:subject|rdf:object ?c . ?s ?p ?o } }"
    )
    add_result(g, engine.run(q))
    named = [n for t in g for n in t if isinstance(n, URIRef)]
    _labels(engine, g, named)
    return g


def _label_forms(engine: Engine) -> list[tuple[str, str]]:
    """The (language, datatype) pairs of the graph's label and alias literals."""
    r = engine.run(
        "SELECT DISTINCT (LANG(?o) AS ?l) (STR(DATATYPE(?o)) AS ?d) WHERE { VALUES ?p { rdfs:label "
        "skos:prefLabel skos:altLabel } ?s ?p ?o FILTER(isLiteral(?o)) }"
    )
    return sorted({(row[0].value if row[0] else "", row[1].value if row[1] else "") for row in r.terms or []})


def _as_form(text: str, lang: str, datatype: str) -> str:
    if lang:
        return Literal(text, lang=lang).n3()
    return Literal(text, datatype=URIRef(datatype) if datatype else None).n3()


def find(engine: Engine, name: str) -> list[URIRef]:
    """Candidates for a name (see `graph.views.card.find_entities`), looked up with one query."""
    iri = expand_name(name.strip())
    if iri is not None:
        found = engine.run(f"ASK {{ {{ {iri.n3()} ?p ?o }} UNION {{ ?s ?p {iri.n3()} }} }}")
        return [iri] if found.boolean else []
    needle = name.strip().casefold()
    if not needle:
        return []
    # an exact label or alias first, looked up by its value in each form (language, datatype) the graph's
    # labels take (listing the forms reads the labels once, without comparing their text; EduKG writes
    # zh and en): 2.9 -> 1.3 s at 1M triples on the store. It is the tier find_entities returns first;
    # the search for a part of a name, which reads and compares every label, runs when none matches.
    exact = " ".join(_as_form(name.strip(), lang, dt) for lang, dt in _label_forms(engine))
    g = Graph()
    if exact:
        r = engine.run(
            "CONSTRUCT { ?s ?p ?o . ?s a ?t } WHERE { VALUES ?o { " + exact + " } "
            "{ ?s rdfs:label ?o BIND(rdfs:label AS ?p) } "
            "UNION { ?s skos:prefLabel ?o BIND(skos:prefLabel AS ?p) } "
            "UNION { ?s skos:altLabel ?o BIND(skos:altLabel AS ?p) } "
            "?s a ?t FILTER(isIRI(?s)) FILTER NOT EXISTS { ?s a ek:Mention } }"
        )
        add_result(g, r)
    if len(g):
        _labels(engine, g, [s for s in g.subjects() if isinstance(s, URIRef)])
        hits = find_entities(g, name)
        if hits:
            return hits
    r = engine.run(
        "CONSTRUCT { ?s ?p ?o . ?s a ?t } WHERE { VALUES ?p { rdfs:label skos:prefLabel skos:altLabel } "
        "?s ?p ?o . ?s a ?t FILTER(isIRI(?s) && isLiteral(?o) && CONTAINS(LCASE(STR(?o)), ?needle)) "
        "FILTER NOT EXISTS { ?s a ek:Mention } }",
        {"needle": Literal(needle)},
    )
    g = add_result(Graph(), r)
    _labels(engine, g, [s for s in g.subjects() if isinstance(s, URIRef)])  # all their labels: same order
    return find_entities(g, name)


def entity_card(source: Any, name: str) -> Card:
    """The card of the entity a label, alias, part of a name or IRI denotes, from any engine or graph."""
    engine = as_engine(source)
    if isinstance(engine, RdflibEngine):  # the whole graph is in memory: read it directly (same card)
        return whole_graph_card(engine.graph, name)
    found = find(engine, name)
    if not found:
        raise EntityNotFound(
            f"no entity named {name!r}; try a shorter part of the name, or `edukg query provenance`"
        )
    if len(found) > 1:
        g = Graph()
        _labels(engine, g, found[:MAX_CANDIDATES])
        shown = [label_candidate(g, n) for n in found[:MAX_CANDIDATES]]
        more = f" (first {MAX_CANDIDATES} listed)" if len(found) > MAX_CANDIDATES else ""
        raise AmbiguousName(
            f"{name!r} matches {len(found)} entities{more}; run `edukg show '<IRI>'` with one of the IRIs above",
            shown,
        )
    return card(neighbourhood(engine, found[0]), found[0])
