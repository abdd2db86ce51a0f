"""Stage goldens: each stage's output on a small document of our own (tests/goldens/seeds), checked in.

A change in behaviour shows here as a readable diff of the stage that changed; when the change is meant,
`python -m tools.goldens` rewrites the goldens and the diff goes into review with the code.
"""

from __future__ import annotations

import difflib
from functools import cache
from typing import Any

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from tools.goldens import GOLDENS, as_text, stage_outputs


@cache
def outputs() -> dict[str, Any]:
    return stage_outputs()


@pytest.mark.parametrize("name", ["segments.jsonl", "extract.jsonl", "resolve.jsonl"])
def test_stage_output_equals_its_golden(name: str) -> None:
    expected = (GOLDENS / name).read_text(encoding="utf-8")
    actual = as_text(outputs()[name])
    if actual != expected:
        diff = "\n".join(
            difflib.unified_diff(
                expected.splitlines(), actual.splitlines(), "golden", "now", lineterm="", n=0
            )
        )
        pytest.fail(
            f"{name} differs from its golden (review, then `python -m tools.goldens`):\n{diff[:6000]}"
        )


def test_turtle_is_isomorphic_to_its_golden() -> None:
    expected = Graph().parse(GOLDENS / "graph.ttl", format="turtle")
    actual = Graph().parse(data=outputs()["graph.ttl"], format="turtle")
    if not isomorphic(expected, actual):
        _, only_golden, only_now = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        lines = [f"- {t}" for t in sorted(only_golden)[:20]] + [f"+ {t}" for t in sorted(only_now)[:20]]
        pytest.fail("graph.ttl differs from its golden:\n" + "\n".join(lines))


def test_the_golden_document_exercises_every_stage() -> None:
    """The goldens only guard what the document contains: sections, items, figures, plans, institutions."""
    out = outputs()
    kinds = {s["kind"] for s in out["segments.jsonl"]}
    assert {"section", "item", "sentence"} <= kinds
    rules = {m["rule"] for m in out["extract.jsonl"]["mentions"]}
    assert {"structure.section", "structure.item", "institution.suffix", "initiative.plan"} <= rules
    assert len(out["extract.jsonl"]["figures"]) >= 5
    types = {e["type"] for e in out["resolve.jsonl"]["entities"]}
    assert {"Goal", "Task", "GovernmentBody", "ActionPlan", "Program"} <= types
