"""A county, district or town written inside an institution's name is a place the document names."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, RDFS, Graph

from graph.core.namespaces import EK
from graph.pipeline import run_build

DOC = (
    "泰安市教育局2025年工作要点\n\n一、扩大优质资源\n"
    "建成岱岳区泮河路小学、新泰市第三中学，改造东平县州城街道中心小学。支持山东农业大学附属中学发展。\n"
    "马庄镇中心小学、天平街道实验幼儿园完成改造。\n"
)


def _places(tmp_path: Path) -> tuple[Graph, dict[str, list[str]]]:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "301_plan.txt").write_text(DOC, encoding="utf-8")
    run_build(seeds, tmp_path / "out", html=False)
    g = Graph().parse(tmp_path / "out" / "edukg.ttl")
    quotes: dict[str, list[str]] = {}
    for p in g.subjects(RDF.type, EK.Place):
        label = str(g.value(p, RDFS.label))
        quotes[label] = [str(g.value(m, EK.quote)) for m in g.subjects(EK.evidenceFor, p)]
    return g, quotes


def test_county_level_places_in_names_are_mentioned_at_their_own_characters(tmp_path: Path) -> None:
    g, quotes = _places(tmp_path)
    for place in ("岱岳区", "新泰市"):
        assert place in quotes, sorted(quotes)
        assert place in quotes[place]  # the quote is the place's own characters, not the school's name
    text = DOC
    for m in g.subjects(RDF.type, EK.Mention):
        start, end = int(g.value(m, EK.start)), int(g.value(m, EK.end))
        assert text[start:end] == str(g.value(m, EK.quote))


def test_a_province_in_a_university_name_is_not_a_place_of_the_document(tmp_path: Path) -> None:
    _, quotes = _places(tmp_path)
    assert "山东" not in quotes or all("山东农业大学" not in q for q in quotes["山东"])


def test_a_school_named_after_its_town_is_located_in_the_town(tmp_path: Path) -> None:
    g, quotes = _places(tmp_path)
    assert "马庄镇" in quotes and "马庄镇" in quotes["马庄镇"]
    school = next(s for s in g.subjects(RDFS.label, None) if str(g.value(s, RDFS.label)) == "马庄镇中心小学")
    where = {str(g.value(p, RDFS.label)) for p in g.objects(school, EK.locatedIn)}
    assert where == {"马庄镇"}  # the town, not also the home city
