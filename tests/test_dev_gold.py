"""The acceptance figures of issues 5 and 6 on the development annotation (skipped without shared/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.quality.evaluate import evaluate, load_gold

GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev-gold.yaml"
pytestmark = pytest.mark.skipif(not GOLD.exists(), reason="shared/eval/dev-gold.yaml not beside the project")


@pytest.fixture(scope="module")
def scores(graph):
    return evaluate(graph, load_gold(GOLD))


@pytest.mark.parametrize("category", ["institutions", "documents & plans", "places"])
def test_entities(scores, category: str) -> None:
    s = scores.entities[category]
    assert s.recall >= 0.9 and s.precision >= 0.85, (category, s)


def test_programs(scores) -> None:
    assert scores.entities["programs & events"].recall >= 0.8


@pytest.mark.parametrize("relation", ["partOf", "locatedIn"])
def test_relations(scores, relation: str) -> None:
    assert scores.relations[relation].recall >= 0.8


def test_figures(scores) -> None:
    assert scores.figures.recall >= 0.9
    (status_ok, n), (year_ok, _) = scores.figure_status, scores.figure_year
    assert status_ok / n >= 0.9 and year_ok / n >= 0.9
