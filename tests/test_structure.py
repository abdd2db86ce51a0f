"""Document structure as goals and tasks, on the seeds."""

from __future__ import annotations

from pathlib import Path

from rdflib.namespace import DCTERMS, RDF, RDFS

from graph.core.namespaces import EK
from graph.extract import extract
from graph.pipeline import read_documents

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _doc(graph, ident: str):
    return next(d for d, i in graph.subject_objects(DCTERMS.identifier) if str(i) == ident)


def test_work_plan_has_five_goals_and_nineteen_tasks(graph) -> None:
    doc = _doc(graph, "002")
    goals = [g for g in graph.subjects(EK.partOf, doc) if (g, RDF.type, EK.Goal) in graph]
    tasks = [t for t in graph.subjects(EK.partOf, doc) if (t, RDF.type, EK.Task) in graph]
    assert len(goals) == 5 and len(tasks) == 19
    for t in tasks:
        supported = [g for g in graph.objects(t, EK.supports) if g in goals]
        assert len(supported) == 1, graph.value(t, RDFS.label)


def test_conference_report_lists_its_ten_key_tasks(graph) -> None:
    doc = _doc(graph, "004")
    goals = {
        str(graph.value(g, RDFS.label))
        for g in graph.subjects(EK.partOf, doc)
        if (g, RDF.type, EK.Goal) in graph
    }
    assert len(goals) == 10
    assert "实施全面育人行动" in goals and "实施暖心惠民行动" in goals


def test_mid_year_review_halves_decide_status() -> None:
    doc = next(d for d in read_documents(SEEDS) if d.meta.id == "001")
    figs = extract(doc).figures
    first_half = [f for f in figs if "54925" in doc.text[f.start : f.end]]
    second_half = [f for f in figs if doc.text[f.start : f.end].startswith("60个")]
    assert first_half and all(f.status == "achieved" for f in first_half)
    assert second_half and all(f.status == "planned" for f in second_half)


def test_named_items_of_a_conference_report_are_goals_of_their_heading(graph) -> None:
    def parents(label: str) -> set[str]:
        goals = [g for g in graph.subjects(RDFS.label, None) if str(graph.value(g, RDFS.label)) == label]
        goals = [g for g in goals if (g, RDF.type, EK.Goal) in graph]
        assert goals, label
        return {str(graph.value(h, RDFS.label)) for g in goals for h in graph.objects(g, EK.partOf)}

    assert parents("树牢人民至上的理念") == {"树牢五大理念"}
    assert "实施五大行动" in parents("实施全面育人行动")  # (004 lists it too, partOf its own title)
