"""Documents of other cities (written for the tests, not copies of the seeds) against a hand gold."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib.namespace import RDF, RDFS

from graph.core.namespaces import EK
from graph.pipeline import run_build
from graph.quality.evaluate import evaluate, load_gold
from graph.store import load_graph

DATA = Path(__file__).parent / "data" / "other_city"


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("other")
    run_build(DATA, out, html=False)
    return load_graph(out / "edukg.ttl")


@pytest.fixture(scope="module")
def scores(other):
    return evaluate(other, load_gold(DATA / "gold.yaml"))


@pytest.mark.parametrize("category", ["institutions", "documents & plans", "places"])
def test_entities_precision_and_recall(scores, category: str) -> None:
    s = scores.entities[category]
    assert s.recall >= 0.9 and s.precision >= 0.85, (category, s)


def test_programs_recall(scores) -> None:
    assert scores.entities["programs & events"].recall >= 0.8


@pytest.mark.parametrize("relation", ["partOf", "locatedIn", "renamedTo", "issuedBy"])
def test_relations_recall(scores, relation: str) -> None:
    assert scores.relations[relation].recall >= 0.8, scores.relations[relation]


def test_figures(scores) -> None:
    assert scores.figures.recall >= 0.9
    (status_ok, n), (year_ok, _) = scores.figure_status, scores.figure_year
    assert status_ok / n >= 0.9 and year_ok / n >= 0.9


def test_relative_names_resolve_to_the_home_city(other) -> None:
    labels = {str(o) for o in other.objects(None, RDFS.label)}
    assert "常州市教育局" in labels and "苏州市教育局" in labels
    assert "无锡市教育局" not in labels


def test_work_plan_sections_and_items(other) -> None:
    goals = set(other.subjects(RDF.type, EK.Goal))
    tasks = set(other.subjects(RDF.type, EK.Task))
    assert len(goals) == 5 and len(tasks) == 9
    for t in tasks:
        assert any(g in goals for g in other.objects(t, EK.supports)), t
    titles = {str(other.value(t, RDFS.label)) for t in tasks}
    assert "扩大优质学前资源" in titles


def test_renaming_is_read_from_the_text(other) -> None:
    pairs = {
        (str(other.value(s, RDFS.label)), str(other.value(o, RDFS.label)))
        for s, o in other.subject_objects(EK.renamedTo)
    }
    assert ("常州工学院", "常州理工大学") in pairs
    assert ("苏州职业大学", "苏州职业技术大学") in pairs


def test_past_figures_are_achieved_last_year(other) -> None:
    rows = {
        (str(other.value(t, EK.value)), str(other.value(t, EK.status)), str(other.value(t, EK.year)))
        for t in other.subjects(RDF.type, EK.Target)
    }
    assert ("62000", "achieved", "2023") in rows
    assert ("40000", "planned", "2024") in rows
