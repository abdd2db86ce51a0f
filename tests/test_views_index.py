"""The views' index and what they keep once per build give what the straightforward computation gives,
on the seeds' graph: the index made from the build's statements is the index of its triples, literals
made without rdflib's parser are the parser's, and every card read through the index (quotes, evidence,
figures and class members kept in its memo) is the card that rdflib's pattern calls give."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from graph.inputs import extract_all, read_documents
from graph.rdf.terms import to_rdflib
from graph.rdf.triples import build_graph, rdflib_triples
from graph.resolve import resolve
from graph.views.card import card
from graph.views.index import Indexed, _literal
from graph.views.scope import _type, documents, to_networkx

ROOT = Path(__file__).resolve().parent.parent
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def seeds_corpus():
    return resolve(extract_all(read_documents(ROOT / "seeds")))


@pytest.fixture(scope="module")
def seeds_index(seeds_corpus) -> Indexed:
    return Indexed.from_statements(build_graph(seeds_corpus).statements(), to_rdflib)


def test_the_index_of_the_statements_is_the_index_of_the_triples(seeds_corpus, seeds_index) -> None:
    ref = Indexed(rdflib_triples(build_graph(seeds_corpus)), unique=True)
    assert len(seeds_index) == len(ref) > 10_000
    assert list(seeds_index) == list(ref)  # the same triples, in the Turtle's order
    for a, b in zip(seeds_index, ref, strict=True):
        assert [type(t) for t in a] == [type(t) for t in b]
    assert list(seeds_index.ops) == list(ref.ops) and seeds_index.ops == ref.ops
    assert seeds_index.statements == ref.statements and len(ref.statements) > 100


def test_a_subject_given_twice_is_merged_and_its_repeated_triples_dropped() -> None:
    statements = [
        ("<http://x/s>", {"<http://x/p>": {"<http://x/o>": None, '"a"': None}}),
        ("<http://x/t>", {"<http://x/p>": {"<http://x/s>": None}}),
        (
            "<http://x/s>",
            {"<http://x/p>": {"<http://x/o>": None, "<http://x/o2>": None}, "<http://x/q>": {'"a"': None}},
        ),
    ]
    ix = Indexed.from_statements(statements, to_rdflib)
    triples = [
        (to_rdflib(s), to_rdflib(p), to_rdflib(o)) for s, po in statements for p, os in po.items() for o in os
    ]
    ref = Indexed(triples)  # repeats dropped
    assert len(ix) == len(ref) == 5
    assert sorted(ix) == sorted(ref)
    assert ix.ops == ref.ops
    assert ix.objects(URIRef("http://x/s"), URIRef("http://x/p")) == [
        URIRef("http://x/o"),
        Literal("a"),
        URIRef("http://x/o2"),
    ]


def test_literals_are_made_as_rdflibs_parser_makes_them(seeds_corpus) -> None:
    keys = {o for _, _, o in build_graph(seeds_corpus).triples() if o[0] == '"'}
    keys |= {
        '""',
        '"0"^^<' + XSD + "integer>",
        '"01"^^<' + XSD + "integer>",
        '"1.50"^^<' + XSD + "decimal>",
        '"2021"^^<' + XSD + "gYear>",
        '"false"^^<' + XSD + "boolean>",
        '"x"@en',
        '"某某"@zh',
        '"a\\"b"',
        '"a\\nb"',
        '"""two\nlines"""',
        '"x"^^<http://e/a^^b>',
    }
    fast = 0
    for key in sorted(keys):
        made, ref = _literal(key), to_rdflib(key)
        if made is None:
            continue
        fast += 1
        assert (made, type(made), made.datatype, made.language) == (
            ref,
            type(ref),
            ref.datatype,
            ref.language,
        )
        assert made.value == ref.value
    assert fast > len(keys) // 2
    assert (
        _literal('"a\\"b"') is None
        and _literal('"""two\nlines"""') is None
        and _literal("<http://x>") is None
    )


def test_every_card_through_the_index_is_the_card_of_the_graph(seeds_corpus, seeds_index) -> None:
    """The page's cards (made in page order, quotes, evidence, figures and class members kept in the
    index's memo) against rdflib's pattern calls on a Graph of the same triples, nothing kept."""
    g = Graph()
    for t in rdflib_triples(build_graph(seeds_corpus)):
        g.add(t)
    ix = Indexed.from_statements(build_graph(seeds_corpus).statements(), to_rdflib)
    nodes = sorted(to_networkx(ix).nodes, key=str)
    kept = [card(ix, n) for n in nodes]
    assert [card(ix, n) for n in nodes] == kept  # asked again: the same (nothing kept changes)
    plain = [card(g, URIRef(str(n))) for n in nodes]
    assert kept == plain
    assert sum(len(c.figures) for c in kept) > 10
    assert sum(1 for c in kept for lk in c.links if lk.evidence) > 100
    assert sum(len(c.quotes) for c in kept) > 500


def test_the_projection_holds_every_drawn_entity(seeds_index) -> None:
    """The nodes are read from the index by class: the same as a pass over every typed subject."""
    G = to_networkx(seeds_index)
    typed = {s for s, _ in seeds_index.subject_objects(RDF.type) if isinstance(s, URIRef)}
    drawn = {s for s in typed if _type(seeds_index, s) not in (None, "Target")}
    ends = {n for e in G.edges for n in e[:2]}
    assert drawn <= set(G.nodes) and set(G.nodes) <= drawn | ends
    assert len(drawn) > 100


def test_documents_kept_once_and_given_as_a_copy(seeds_index) -> None:
    docs = documents(seeds_index)
    assert len(docs) == 5
    docs.clear()
    assert len(documents(seeds_index)) == 5


def test_pairs_are_the_subject_objects_of_every_property(seeds_index) -> None:
    props = {p for po in seeds_index.spo.values() for p in po}
    assert len(props) > 20 and seeds_index.literal < props
    for p in props:
        assert sorted(seeds_index.pairs(p), key=str) == sorted(seeds_index.subject_objects(p), key=str), p
