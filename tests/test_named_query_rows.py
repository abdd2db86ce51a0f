"""Named queries return one row per answer: no duplicate rows, on the seeds and on the shared real
documents (when /work/shared/eval/docs is present), and `targets` gives one row per figure and document."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from rdflib.namespace import PROV, RDF

from graph.core.namespaces import EK
from graph.sparql import load_named_queries, run_named

REAL = Path(os.environ.get("EDUKG_REAL_DOCS", "/work/shared/eval/docs"))
NAMES = sorted(load_named_queries())


@pytest.fixture(scope="module")
def real_graph(tmp_path_factory: pytest.TempPathFactory):
    if not REAL.is_dir():
        pytest.skip(f"{REAL} is not here")
    from graph.pipeline import run_build
    from graph.store import load_graph

    out = tmp_path_factory.mktemp("real")
    run_build(REAL, out, html=False)
    return load_graph(out / "edukg.ttl")


def _duplicates(g, name: str) -> list[tuple[str, ...]]:
    rows = Counter(tuple(str(c) for c in row) for row in run_named(g, name).rows)
    return [row for row, n in rows.items() if n > 1]


@pytest.mark.parametrize("name", NAMES)
def test_no_duplicate_rows_on_the_seeds(graph, name: str) -> None:
    assert _duplicates(graph, name) == []


@pytest.mark.parametrize("name", NAMES)
def test_no_duplicate_rows_on_real_documents(real_graph, name: str) -> None:
    assert _duplicates(real_graph, name) == []


def _figure_documents(g) -> set[tuple[str, str]]:
    pairs = set()
    for t in g.subjects(RDF.type, EK.Target):
        for m in g.subjects(EK.evidenceFor, t):
            if (m, RDF.type, RDF.Statement) not in g:
                pairs.add((str(t), str(g.value(m, PROV.wasDerivedFrom))))
    return pairs


def test_targets_gives_one_row_per_figure_and_document(graph, real_graph) -> None:
    for g in (graph, real_graph):
        assert len(run_named(g, "targets").rows) == len(_figure_documents(g))
