"""The rule registry: every rule declared once, every relation triple traceable to a registered rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph

from graph.cli import main
from graph.core.namespaces import EK
from graph.knowledge.rules import rule, rules

ROOT = Path(__file__).resolve().parent.parent
RELATIONS = ("partOf", "supports", "targets", "locatedIn", "renamedTo", "issuedBy", "sector", "indicator")
STAGES = ("ingest", "extract", "resolve", "build")


def test_every_relation_triple_of_a_seeds_build_traces_to_a_registered_rule(graph: Graph) -> None:
    statements: dict[tuple, set[str]] = {}
    for m in graph.subjects(RDF.type, RDF.Statement):
        key = (graph.value(m, RDF.subject), graph.value(m, RDF.predicate), graph.value(m, RDF.object))
        statements.setdefault(key, set()).add(str(graph.value(m, EK.rule)))
    total = untraced = 0
    for name in RELATIONS:
        p = EK[name]
        for s, o in graph.subject_objects(p):
            total += 1
            found = statements.get((s, p, o), set())
            if not found or not all(r in rules() for r in found):
                untraced += 1
    assert total > 600  # the seeds make hundreds of relation triples
    assert untraced == 0


def test_every_rule_id_in_the_graph_is_declared(graph: Graph) -> None:
    used = {str(r) for r in graph.objects(None, EK.rule)}
    assert used and used <= set(rules())


def test_rule_ids_written_in_the_code_are_declared() -> None:
    """A rule id literal ("stage.name") in the write stages must be in rules.yaml."""
    prefixes = {r.split(".")[0] for r in rules()}
    alternatives = "|".join(sorted(prefixes))
    pattern = re.compile(r"\"((?:" + alternatives + r")\.[a-z][a-zA-Z-]*)\"")
    found: set[str] = set()
    for folder in ("graph/ingest", "graph/extract", "graph/resolve", "graph/rdf"):
        for path in (ROOT / folder).rglob("*.py"):
            found |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert len(found) > 20
    undeclared = {f for f in found if f not in rules() and not f.endswith((".", ".yaml"))}
    assert not undeclared, f"declare these in graph/knowledge/rules.yaml: {sorted(undeclared)}"


def test_each_rule_says_its_stage_and_gives_an_example() -> None:
    for r in rules().values():
        assert r.stage in STAGES, r.id
        assert r.does and r.example, r.id


def test_an_undeclared_rule_fails_loudly() -> None:
    assert rule("figure.quantity") == "figure.quantity"
    with pytest.raises(KeyError, match="not declared"):
        rule("figure.guess")


def test_rules_command_counts_the_facts_of_a_build(built: Path) -> None:
    res = CliRunner().invoke(main, ["rules", "--graph", str(built / "edukg.ttl")])
    assert res.exit_code == 0, res.output
    counts = {
        line.split()[0]: int(line.split()[2])
        for line in res.output.splitlines()[1:]
        if len(line.split()) > 2 and line.split()[2].isdigit()
    }
    assert counts["figure.quantity"] > 20
    assert counts["sector.keywords"] > 100
    assert set(counts) == set(rules())
