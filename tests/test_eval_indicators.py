"""`edukg eval` scores a matched figure's indicator label against the gold's: exact (after the label
normalisation) and close (one contains the other), on a hand-made graph of three figures."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef, namespace
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from graph.core.namespaces import EK
from graph.quality.evaluate import evaluate, indicator_match, render

DOC = URIRef("https://w3id.org/edukg/id/document/d")


def _target(g: Graph, n: int, value: str, unit: str, label: str, quote: str) -> None:
    t, i, m = (URIRef(f"https://w3id.org/edukg/id/{k}/{n}") for k in ("target", "indicator", "mention"))
    g.add((t, RDF.type, EK.Target))
    g.add((t, EK.value, Literal(value, datatype=namespace.XSD.decimal)))
    g.add((t, EK.unit, Literal(unit)))
    g.add((t, EK.status, Literal("achieved")))
    g.add((t, EK.year, Literal("2023", datatype=namespace.XSD.gYear)))
    g.add((t, EK.indicator, i))
    g.add((i, RDFS.label, Literal(label, lang="zh")))
    g.add((m, EK.evidenceFor, t))
    g.add((m, PROV.wasDerivedFrom, DOC))
    g.add((m, EK.quote, Literal(quote)))


def _gold_figure(value: float, unit: str, indicator: str, quote: str) -> dict:
    return {
        "doc": "915",
        "indicator": indicator,
        "value": value,
        "unit": unit,
        "kind": "achieved",
        "quote": quote,
    }


def test_indicator_labels_are_scored_exact_and_close() -> None:
    g = Graph()
    g.add((DOC, DCTERMS.identifier, Literal("915")))
    g.add((DOC, RDFS.label, Literal("修水县教育基本情况", lang="zh")))
    _target(g, 1, "8108", "人", "专任教师", "专任教师8108人(民办563人)")
    _target(g, 2, "563", "人", "专任教师8108人(民办)", "专任教师8108人(民办563人)")
    _target(g, 3, "100", "%", "义务教育巩固率保持", "义务教育巩固率保持100%")
    gold = {
        "entities": [{"key": "修水县", "label": "修水县", "type": "Place", "docs": ["915"]}],
        "relations": [],
        "figures": [
            _gold_figure(8108, "人", "专任教师", "专任教师8108人"),
            _gold_figure(563, "人", "民办专任教师", "专任教师8108人(民办563人)"),
            _gold_figure(100, "%", "义务教育巩固率", "义务教育巩固率保持100%"),
        ],
    }
    ev = evaluate(g, gold)
    assert ev.figures.tp_gold == 3
    assert ev.figure_indicator == (1, 2, 3)  # 专任教师 exact; 义务教育巩固率 inside the label; 民办… neither
    text = render(ev, details=5)
    assert "indicator right 1/3, indicator close 2/3" in text
    assert "民办专任教师 <> 专任教师8108人(民办)" in text


def test_equal_values_match_the_figure_quoted_from_the_gold_sentence() -> None:
    g = Graph()
    g.add((DOC, DCTERMS.identifier, Literal("919")))
    _target(g, 1, "1", "所", "防震减灾科普示范学校", "防震减灾科普示范学校1所")
    _target(g, 2, "1", "所", "全国级文明校园", "全国级文明校园1所")
    gold = {
        "entities": [{"key": "沙区", "label": "沙区", "type": "Place", "docs": ["919"]}],
        "relations": [],
        "figures": [
            {
                "doc": "919",
                "indicator": "全国级文明校园",
                "value": 1,
                "unit": "所",
                "quote": "全国级文明校园1所",
            },
        ],
    }
    assert evaluate(g, gold).figure_indicator == (1, 1, 1)


def test_indicator_match_normalises_and_needs_both_labels() -> None:
    assert indicator_match("普惠性幼儿园 覆盖率", "普惠性幼儿园覆盖率") == (True, True)
    assert indicator_match("新改扩建中小学", "计划新改扩建中小学") == (False, True)
    assert indicator_match("", "新增学位") == (False, False)
