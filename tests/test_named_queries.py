"""The named planner queries: headers, a row each on the seeds, pinned answers on tests/data/fixture.ttl."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from graph.core.errors import QueryError
from graph.sparql import (
    get_named_query,
    load_named_queries,
    parse_param_args,
    run_named,
    run_query,
    sparql_term,
    with_values,
)
from graph.store import load_graph

FIXTURE = Path(__file__).parent / "data" / "fixture.ttl"
NAMES = sorted(load_named_queries())
REQUIRED = {
    "count-by-class",
    "campuses",
    "targets",
    "institutions-by-document",
    "document-institution",
    "initiatives-for-goal",
    "goals-of-initiative",
    "indicator-trend",
    "plans-covering-year",
    "renamings",
    "first-appearance",
    "provenance",
    "most-connected",
}

# name -> (params, expected rows in the query's own order) on tests/data/fixture.ttl
EXPECTED: dict[str, list[tuple[dict[str, str], list[list[str]]]]] = {
    "campuses": [
        ({}, [["甲大学", "甲大学东校区", "Campus", "甲县"], ["甲大学", "甲大学乙学院", "College", ""]]),
        ({"university": "丙大学"}, []),
    ],
    "count-by-class": [
        (
            {},
            [
                ["ek:Mention", "7"],
                ["ek:University", "3"],
                ["rdf:Statement", "2"],
                ["ek:ActionPlan", "2"],
                ["ek:Place", "2"],
                ["ek:PolicyDocument", "2"],
                ["ek:Target", "2"],
                ["ek:Campus", "1"],
                ["ek:College", "1"],
                ["ek:Goal", "1"],
                ["ek:Indicator", "1"],
                ["ek:Program", "1"],
                ["ek:Sector", "1"],
            ],
        )
    ],
    "targets": [
        (
            {},
            [
                ["", "2021", "achieved", "骨干教师占比", "=", "25.0", "%", "", "D1", "25%"],
                ["", "2025", "planned", "骨干教师占比", ">=", "30.0", "%", "教师队伍", "D2", "30%"],
            ],
        ),
        ({"year": "2021"}, [["", "2021", "achieved", "骨干教师占比", "=", "25.0", "%", "", "D1", "25%"]]),
        (
            {"status": "planned", "sector": "教师队伍"},
            [["", "2025", "planned", "骨干教师占比", ">=", "30.0", "%", "教师队伍", "D2", "30%"]],
        ),
        ({"sector": "学前教育"}, []),
        ({"place": "甲市"}, []),
    ],
    "institutions-by-document": [
        (
            {"document": "D1"},
            [
                ["D1", "2021年教育工作要点", "College", "甲大学乙学院"],
                ["D1", "2021年教育工作要点", "University", "甲大学"],
            ],
        ),
        ({}, None),  # type: ignore[list-item]  # all: 6 rows, checked by count below
    ],
    "document-institution": [
        (
            {"document": "D2", "institution": "甲大学"},
            [
                ["D2", "甲大学", "<- partOf", "甲大学东校区", "0", "6", "甲大学东校区"],
                ["D2", "甲大学", "mention", "", "0", "3", "甲大学"],
            ],
        ),
        (
            {"institution": "丙学院"},
            [["D2", "丙学院", "renamedTo ->", "丙大学", "40", "49", "丙学院更名为丙大学"]],
        ),
    ],
    "initiatives-for-goal": [
        (
            {"goal": "办好人民满意的教育"},
            [
                ["办好人民满意的教育", "甲市", "教育强市三年行动计划", "ActionPlan", "direct"],
                ["办好人民满意的教育", "甲市", "强师计划", "Program", "indirect"],
            ],
        ),
        # the place of the documents that state the goal
        (
            {"goal": "办好人民满意的教育", "place": "甲市"},
            [
                ["办好人民满意的教育", "甲市", "教育强市三年行动计划", "ActionPlan", "direct"],
                ["办好人民满意的教育", "甲市", "强师计划", "Program", "indirect"],
            ],
        ),
        ({"goal": "办好人民满意的教育", "place": "乙市"}, []),
    ],
    "goals-of-initiative": [
        ({"initiative": "强师计划"}, [["强师计划", "办好人民满意的教育", "甲市", "indirect"]]),
        ({"initiative": "强师计划", "place": "乙市"}, []),
        ({"initiative": "十四五教育规划"}, []),
    ],
    "indicator-trend": [
        (
            {"indicator": "骨干教师占比"},
            [
                ["", "骨干教师占比", "2021", "achieved", "=", "25.0", "%", "D1"],
                ["", "骨干教师占比", "2025", "planned", ">=", "30.0", "%", "D2"],
            ],
        )
    ],
    "plans-covering-year": [
        (
            {},
            [
                ["十四五教育规划", "ActionPlan", "2021", "2025"],
                ["教育强市三年行动计划", "ActionPlan", "2023", "2025"],
            ],
        ),
        ({"year": "2022"}, [["十四五教育规划", "ActionPlan", "2021", "2025"]]),
        ({"year": "2026"}, []),
    ],
    "renamings": [({}, [["丙学院", "丙大学", "", "", "D2", "丙学院更名为丙大学"]])],
    "first-appearance": [
        (
            {"year": "2023"},
            [
                ["2023", "ActionPlan", "教育强市三年行动计划"],
                ["2023", "Campus", "甲大学东校区"],
                ["2023", "Program", "强师计划"],
                ["2023", "University", "丙大学"],
                ["2023", "University", "丙学院"],
            ],
        ),
        (
            {"year": "2021"},
            [
                ["2021", "ActionPlan", "十四五教育规划"],
                ["2021", "College", "甲大学乙学院"],
                ["2021", "Goal", "办好人民满意的教育"],
                ["2021", "University", "甲大学"],
            ],
        ),
    ],
    "provenance": [
        (
            {"entity": "甲大学"},
            [
                ["甲大学", "D1", "0", "3", "甲大学", "names.registry"],
                ["甲大学", "D2", "0", "3", "甲大学", "names.registry"],
            ],
        )
    ],
    "most-connected": [
        (
            {},
            [
                ["强师计划", "Program", "3"],
                ["甲大学", "University", "3"],
                ["教育强市三年行动计划", "ActionPlan", "2"],
                ["甲县", "Place", "2"],
                ["甲大学东校区", "Campus", "2"],
                ["甲市", "Place", "2"],
                ["丙大学", "University", "1"],
                ["丙学院", "University", "1"],
                ["办好人民满意的教育", "Goal", "1"],
                ["教师队伍", "Sector", "1"],
                ["甲大学乙学院", "College", "1"],
                ["骨干教师占比 30%", "Target", "1"],
            ],
        )
    ],
}
CASES = [(n, p, rows) for n, cases in EXPECTED.items() for p, rows in cases if rows is not None]


@pytest.fixture(scope="module")
def fixture_graph():
    return load_graph(FIXTURE)


def test_the_required_queries_are_shipped() -> None:
    assert set(NAMES) >= REQUIRED
    assert set(EXPECTED) == set(NAMES), "pin every named query on the fixture"


@pytest.mark.parametrize("name", NAMES)
def test_header_has_titles_answer_and_used_params(name: str) -> None:
    q = get_named_query(name)
    assert q.title_zh and re.search(r"[\u4e00-\u9fff]", q.title_zh), name
    assert q.title_en and q.answers, name
    for p in q.params:
        assert re.search(rf"\?{p.name}\b", q.text.split("\n", len(q.params) + 3)[-1]), (name, p.name)
        assert p.doc, (name, p.name)


@pytest.mark.parametrize("name", NAMES)
def test_every_named_query_returns_rows_on_the_seeds(graph, name: str) -> None:
    assert run_named(graph, name).rows, name


@pytest.mark.parametrize(("name", "params", "rows"), CASES)
def test_pinned_answers_on_the_fixture(fixture_graph, name: str, params: dict[str, str], rows) -> None:
    assert run_named(fixture_graph, name, params).rows == rows


def test_institutions_by_document_unfiltered(fixture_graph) -> None:
    assert len(run_named(fixture_graph, "institutions-by-document").rows) == 6


@pytest.mark.parametrize(("name", "params", "rows"), [c for c in CASES if c[1]])
def test_values_block_gives_the_same_rows_as_init_bindings(fixture_graph, name, params, rows) -> None:
    q = get_named_query(name)
    bindings = q.bindings(params)
    assert run_query(fixture_graph, with_values(q.text, bindings)).rows == rows


def test_param_values_are_terms_not_query_text(fixture_graph) -> None:
    evil = '甲大学"@zh } } ; DROP ALL ; SELECT * { ?s ?p ?o #'
    assert run_named(fixture_graph, "provenance", {"entity": evil}).rows == []
    q = get_named_query("provenance")
    text = with_values(q.text, q.bindings({"entity": evil}))
    assert run_query(fixture_graph, text).rows == []
    assert '\\"@zh } }' in text


def test_bad_params_are_one_line_errors() -> None:
    with pytest.raises(QueryError, match="has no parameter 'yeer'; its parameters: year, status, sector"):
        get_named_query("targets").bindings({"yeer": "2025"})
    with pytest.raises(QueryError, match="expected a four-digit year"):
        get_named_query("targets").bindings({"year": "next"})
    with pytest.raises(QueryError, match="write --param NAME=VALUE"):
        parse_param_args(["year"])
    with pytest.raises(QueryError, match="unknown query 'nope'"):
        get_named_query("nope")
    with pytest.raises(QueryError, match="control characters"):
        get_named_query("provenance").bindings({"entity": "a\nb"})


def test_sparql_term_refuses_what_could_escape() -> None:
    assert sparql_term(Literal('a"b', lang="zh")) == '"a\\"b"@zh'
    assert sparql_term(URIRef("https://w3id.org/edukg/id/x")) == "<https://w3id.org/edukg/id/x>"
    with pytest.raises(QueryError):
        sparql_term(URIRef("http://x/> } DROP ALL {"))


def test_with_values_skips_construct_template_and_comments() -> None:
    q = "# a { comment\nCONSTRUCT { ?s a ?t } WHERE { ?s a ?t }"
    out = with_values(q, {"t": URIRef("urn:x")})
    assert out.endswith("WHERE { VALUES (?t) { (<urn:x>) }  ?s a ?t }")


XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(
    ("kind", "value", "rdflib_term"),
    [
        ("label", "江南大学", lambda: Literal("江南大学", lang="zh")),
        ("string", 'a "b"', lambda: Literal('a "b"')),
        ("year", "2025", lambda: Literal("2025", datatype=URIRef(XSD + "gYear"))),
        ("integer", "+05", lambda: Literal(5, datatype=URIRef(XSD + "integer"))),
        ("decimal", "95.50", lambda: Literal(Decimal("95.50"), datatype=URIRef(XSD + "decimal"))),
        ("decimal", ".5", lambda: Literal(Decimal(".5"), datatype=URIRef(XSD + "decimal"))),
        ("iri", "ekid:x", lambda: URIRef("https://w3id.org/edukg/id/x")),
    ],
)
def test_parameter_terms_are_rdflibs_without_rdflib(kind: str, value: str, rdflib_term) -> None:
    """A parameter's term (no rdflib object) reads as the rdflib term the parameters were before: the
    same SPARQL text, and the same term given to rdflib's initBindings."""
    from graph.sparql.params import PARAM_TYPES, rdflib_bindings

    term = PARAM_TYPES[kind][0](value)
    assert sparql_term(term) == rdflib_term().n3() == sparql_term(rdflib_term())
    assert rdflib_bindings({"x": term}) == {"x": rdflib_term()}


@pytest.mark.parametrize(
    ("value", "rdflib_term"),
    [
        ("<urn:x>", lambda: URIRef("urn:x")),
        ("ek:School", lambda: URIRef("https://w3id.org/edukg/ontology#School")),
        ("007", lambda: Literal(7)),
        ("+2.0", lambda: Literal(Decimal("2.0"))),
        ("school@en", lambda: Literal("school", lang="en")),
        ("无锡", lambda: Literal("无锡", lang="zh")),
        ("abc", lambda: Literal("abc")),
    ],
)
def test_guessed_terms_are_rdflibs(value: str, rdflib_term) -> None:
    from graph.sparql.params import guess_term, rdflib_bindings

    assert sparql_term(guess_term(value)) == rdflib_term().n3()
    assert rdflib_bindings({"x": guess_term(value)}) == {"x": rdflib_term()}


def test_a_query_on_oxigraph_does_not_import_rdflib(built: Path) -> None:
    """`edukg query` on the Oxigraph store binds its parameters and prints its rows without rdflib (a
    cold query's largest import); rdflib's engine still gets rdflib terms."""
    import subprocess
    import sys

    code = (
        "import sys; from graph.cli import run; "
        "sys.argv = ['edukg', 'query', 'provenance', '-p', 'entity=江南大学', '--graph', "
        f"{str(built / 'edukg.ttl')!r}]; "
        "import atexit; atexit.register(lambda: print('rdflib' in sys.modules, file=sys.stderr)); run()"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "江南大学" in done.stdout and done.stderr.strip().splitlines()[-1] == "False"
