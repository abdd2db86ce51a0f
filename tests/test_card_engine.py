"""Cards through the query interface (a few SPARQL queries on the Oxigraph store into a small graph)
equal cards built on the whole graph in memory, for entities and names across the seeds; an rdflib
engine reads its graph directly."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.sparql import RdflibEngine
from graph.sparql.connect import open_engine
from graph.views import card as full
from graph.views import entity


@pytest.fixture(scope="module")
def engine(built: Path):
    return open_engine(built / "edukg.ttl", "oxigraph")


def sample(graph) -> list:
    named = sorted(full.find_entities(graph, "") or [], key=str) or sorted(
        {s for s in graph.subjects(full.RDF.type, None) if isinstance(s, full.URIRef)}, key=str
    )
    return named[::12]


def test_cards_equal_the_whole_graph_cards(engine, graph) -> None:
    nodes = sample(graph)
    assert len(nodes) > 30
    for node in nodes:
        expected = full.card(graph, node)
        got = entity.card(entity.neighbourhood(engine, node), node)
        assert [f.iri for f in got.figures] == [f.iri for f in expected.figures]
        got = type(got)(**{**got.__dict__, "figures": expected.figures})  # Oxigraph's canonical decimals
        assert got == expected, node


def test_names_find_the_same_candidates_in_the_same_order(engine, graph) -> None:
    names = [
        "江南大学",
        "jiangnan university",
        "大学",
        "无锡",
        "义务",
        "20",
        "ekid:university/jiangnan-university",
    ]
    names += [full.label_of(graph, n)[:2] for n in sample(graph)[:30]]
    # whole labels and aliases (zh, en): found by their value first, the same candidates as the search
    names += [full.label_of(graph, n) for n in sample(graph)[:30]]
    aliases = sorted({str(o) for o in graph.objects(None, full.SKOS.altLabel)})
    assert len(aliases) > 10
    names += [*aliases[::5], "Jiangnan University", "无锡市"]
    for name in names:
        assert entity.find(engine, name) == full.find_entities(graph, name), name


def test_an_rdflib_engine_reads_its_graph_directly(graph) -> None:
    assert entity.entity_card(RdflibEngine(graph), "江南大学") == full.entity_card(graph, "江南大学")


def test_an_exact_name_in_any_language_or_datatype_finds_every_entity_so_labelled(tmp_path) -> None:
    """The exact-name lookup asks for the name in every form the graph's labels take: four entities
    labelled 测试学院 in zh, ja, zh-Hans and as an xsd:token are all candidates, as in the full search."""
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF, RDFS, XSD

    from graph.core.namespaces import EK
    from graph.store.oxigraph import in_memory

    ex = Namespace("https://example.org/")
    g = Graph()
    forms = [
        Literal("测试学院", lang="zh"),
        Literal("测试学院", lang="ja"),
        Literal("测试学院", lang="zh-Hans"),
    ]
    forms.append(Literal("测试学院", datatype=XSD.token))
    for i, label in enumerate(forms):
        g.add((ex[f"e{i}"], RDF.type, EK.College))
        g.add((ex[f"e{i}"], RDFS.label, label))
    g.add((ex.other, RDF.type, EK.College))
    g.add((ex.other, RDFS.label, Literal("测试学院附属中学", lang="zh")))
    path = tmp_path / "g.ttl"
    g.serialize(path, format="turtle")
    engine = open_engine(path, "oxigraph")
    assert (
        entity.find(engine, "测试学院")
        == full.find_entities(g, "测试学院")
        == [ex[f"e{i}"] for i in range(4)]
    )
    assert entity.find(engine, "附属中学") == full.find_entities(g, "附属中学") == [URIRef(ex.other)]
    assert len(in_memory(path)) == len(g)
