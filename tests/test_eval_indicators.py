"""`edukg eval` scores a matched figure's indicator label against the gold's: exact (after the label
normalisation) and close (one contains the other), on hand-made graphs of a few figures."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef, namespace
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from graph.core.namespaces import EK
from graph.quality.evaluate import Evaluation, evaluate, indicator_match, render

DOC = URIRef("https://w3id.org/edukg/id/document/d")


def _scored(doc: str, targets: list[tuple[str, str, str, str]], figures: list[tuple]) -> Evaluation:
    """Targets (value, unit, indicator label, quote) of one document against gold figures
    (value, unit, indicator, quote)."""
    g = Graph()
    g.add((DOC, DCTERMS.identifier, Literal(doc)))
    for n, (value, unit, label, quote) in enumerate(targets):
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
    gold = {
        "entities": [{"key": "某县", "label": "某县", "type": "Place", "docs": [doc]}],
        "relations": [],
        "figures": [
            {"doc": doc, "value": v, "unit": u, "indicator": ind, "kind": "achieved", "quote": q}
            for v, u, ind, q in figures
        ],
    }
    return evaluate(g, gold)


def test_indicator_labels_are_scored_exact_and_close() -> None:
    ev = _scored(
        "915",
        [
            ("8108", "人", "专任教师", "专任教师8108人(民办563人)"),
            ("563", "人", "专任教师8108人(民办)", "专任教师8108人(民办563人)"),
            ("100", "%", "义务教育巩固率保持", "义务教育巩固率保持100%"),
        ],
        [
            (8108, "人", "专任教师", "专任教师8108人"),
            (563, "人", "民办专任教师", "专任教师8108人(民办563人)"),
            (100, "%", "义务教育巩固率", "义务教育巩固率保持100%"),
        ],
    )
    assert ev.figures.tp_gold == 3
    assert ev.figure_indicator == (1, 2, 3)  # 专任教师 exact; 义务教育巩固率 inside the label; 民办… neither
    text = render(ev, details=5)
    assert "indicator right 1/3, indicator close 2/3" in text
    assert "民办专任教师 <> 专任教师8108人(民办)" in text


def test_equal_values_match_the_figure_quoted_from_the_gold_sentence() -> None:
    ev = _scored(
        "919",
        [
            ("1", "所", "防震减灾科普示范学校", "防震减灾科普示范学校1所"),
            ("1", "所", "全国级文明校园", "全国级文明校园1所"),
        ],
        [(1, "所", "全国级文明校园", "全国级文明校园1所")],
    )
    assert ev.figure_indicator == (1, 1, 1)


def test_indicator_match_normalises_and_needs_both_labels() -> None:
    assert indicator_match("普惠性幼儿园 覆盖率", "普惠性幼儿园覆盖率") == (True, True)
    assert indicator_match("新改扩建中小学", "计划新改扩建中小学") == (False, True)
    assert indicator_match("", "新增学位") == (False, False)
