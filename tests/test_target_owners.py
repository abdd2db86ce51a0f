"""A figure's quote is evidence for the ek:targets statements of its own document only
(graph.resolve.targets: each evidence keeps the owners its document gives the figure): a target stated in
many documents makes mentions in proportion to them, not to their square."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import PROV, RDF

from graph.pipeline import run_build

EK = Namespace("https://w3id.org/edukg/ontology#")
ONE = "无锡市教育局2021年工作要点\n一、推进学前教育\n新建幼儿园12所，普惠性幼儿园覆盖率达90%以上。江南大学附属中学建成。\n"


def _owner_mentions(g: Graph) -> list[tuple[object, object, object]]:
    """(owner, target, document) of every mention that is evidence for an ek:targets statement."""
    return [
        (g.value(m, RDF.subject), g.value(m, RDF.object), g.value(m, PROV.wasDerivedFrom))
        for m in g.subjects(EK.rule, Literal("target.owner"))
    ]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    from benchmarks.corpus import generate

    root = tmp_path_factory.mktemp("owners")
    generate(40, root / "docs", seed=5)
    run_build(root / "docs", root / "out", html=False, workers=0)
    return Graph().parse(root / "out" / "edukg.ttl", format="turtle")


def test_an_owner_statement_is_evidenced_in_the_owners_own_document(generated: Graph) -> None:
    """Every target.owner mention comes from a document that names its owner (or is it), and every
    ek:targets statement keeps at least one such mention."""
    assert len(_owner_mentions(generated)) > 50
    _check_owned(generated)


def _check_owned(g: Graph) -> None:
    rows = _owner_mentions(g)
    for owner, target, doc in rows:
        assert owner == doc or (owner, EK.mentionedIn, doc) in g, (owner, target, doc)
    evidenced = {(o, t) for o, t, _ in rows}
    for owner, target in g.subject_objects(EK.targets):
        assert (owner, target) in evidenced, (owner, target)


@pytest.mark.parametrize("n", [10, 40])
def test_the_same_document_n_times_makes_n_times_the_mentions(tmp_path: Path, n: int) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(n):
        (docs / f"f{i:03}.txt").write_text(ONE, encoding="utf-8")
    run_build(docs, tmp_path / "out", html=False, workers=0)
    g = Graph().parse(tmp_path / "out" / "edukg.ttl", format="turtle")
    _check_owned(g)  # one target of n documents: each quote for its own document's statement
    rows = _owner_mentions(g)
    assert len({t for _, t, _ in rows}) < len(rows)
    # each file's figures are evidence for that file's statements: n per figure, not n * n
    per_file = len(rows) / n
    assert rows and per_file == int(per_file) and per_file <= 4, (len(rows), n)
