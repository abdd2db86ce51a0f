"""Named queries paged slice by slice (graph.sparql.pages.run_page, issue 19): each page holds exactly
the rows of the whole query with LIMIT and OFFSET, on the persistent store and on rdflib."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from graph.core.errors import QueryError
from graph.sparql import get_named_query, load_named_queries, run_query
from graph.sparql.engine import OxigraphEngine, RdflibEngine, as_engine
from graph.sparql.library import parse_named_query
from graph.sparql.pages import descending_key, key_values, own_limit, run_page
from graph.sparql.params import with_rows
from graph.store import open_oxigraph

PAGED = sorted(n for n, q in load_named_queries().items() if q.page)


def test_the_heavy_queries_have_a_page_key() -> None:
    assert {"provenance", "targets"} <= set(PAGED)


@pytest.fixture(scope="module")
def engines(built: Path, graph) -> dict[str, object]:
    store = open_oxigraph(built / "edukg.ttl", memory_max_bytes=0)
    assert store.persistent
    ox = OxigraphEngine(store.store, persistent=True)
    rdf = RdflibEngine(graph)
    rdf.slices = True  # slice on rdflib too: the same rows either way
    return {"oxigraph": ox, "rdflib": rdf}


@pytest.mark.parametrize(
    ("engine", "name"),
    [("oxigraph", n) for n in PAGED] + [("rdflib", "targets")],  # rdflib: slow slices
)
def test_pages_are_the_rows_of_the_whole_query(engines, engine: str, name: str) -> None:
    g = engines[engine]
    q = get_named_query(name)
    every = run_query(g, q.text).rows
    assert len(every) > 20 or len(every) == own_limit(q.text), name  # enough rows for several slices
    cases = ((1, 0), (7, 0), (25, 3), (1000, 0), (10, len(every) - 4))
    for limit, offset in cases:
        page = run_page(g, q, {}, limit, offset)
        assert page.rows == every[offset : offset + limit], (name, limit, offset)
    assert run_page(g, q, {}, None).rows == every
    assert run_page(g, q, {}, None, 7).rows == run_page(g, q, {}, 0, 7).rows == every[7:]  # every row from 7


def test_a_bound_key_runs_the_query_whole(engines) -> None:
    g = engines["oxigraph"]
    q = get_named_query("provenance")
    b = q.bindings({"entity": "江南大学"})
    whole = run_query(g, q.text, b).rows
    assert whole and run_page(g, q, b, 2).rows == whole[:2]


def test_key_values_are_ordered_as_sparql_orders_them(engines) -> None:
    g = engines["oxigraph"]
    listing = 'SELECT ?v WHERE { ?e rdfs:label ?v FILTER(lang(?v) = "zh") }'
    mine = key_values(g, "v", listing)
    by_engine = run_query(g, f"SELECT DISTINCT ?v WHERE {{ {listing[listing.index('{') :]} }} ORDER BY ?v")
    assert [t.value for t in mine] == [row[0] for row in by_engine.rows]
    years = key_values(g, "y", "SELECT ?y WHERE { ?d ek:year ?y }")  # not strings: the engine orders
    assert [t.value for t in years] == sorted({t.value for t in years})
    # numbers are ordered by value here (10 after 9), as the engine orders them, largest first on request
    counts = "SELECT ?n WHERE { { SELECT ?e (COUNT(*) AS ?n) WHERE { ?e ?p ?o } GROUP BY ?e } }"
    mine = key_values(g, "n", counts)
    by_engine = run_query(g, f"SELECT DISTINCT ?n WHERE {{ {{ {counts} }} }} ORDER BY ?n").rows
    assert [t.value for t in mine] == [row[0] for row in by_engine] and len(mine) > 10
    assert int(mine[0].value) < 10 <= int(mine[-1].value)
    assert key_values(g, "n", counts, descending=True) == mine[::-1]


def test_a_page_key_sorted_largest_first_is_read_from_its_order_by() -> None:
    assert descending_key(get_named_query("most-connected").text, "degree")
    assert not descending_key(get_named_query("targets").text, "place")
    text = "SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?b ?c } ORDER BY DESC(?a) } } ORDER BY ?a"
    assert not descending_key(text, "a")  # the outer query's ORDER BY decides
    assert descending_key("SELECT ?a ?b WHERE { ?a ?b ?c } ORDER BY desc( ?a ) ?b", "a")
    assert not descending_key("SELECT ?a ?b WHERE { ?a ?b ?c } ORDER BY DESC(?b) ?a", "a")
    assert own_limit(get_named_query("most-connected").text) == 20 and own_limit("SELECT * {} LIMIT 5 ") == 5
    assert own_limit(get_named_query("targets").text) is None


def test_a_slice_is_the_query_with_values_of_its_key() -> None:
    text = "# c { x }\nSELECT ?a WHERE { ?a ?b ?c } ORDER BY ?a"
    q = parse_named_query("t", "# page: ?a SELECT ?a WHERE { ?a ?b ?c }\n" + text)
    assert q.page == ("a", "SELECT ?a WHERE { ?a ?b ?c }")
    from graph.sparql.results import Term

    sliced = with_rows(text, "a", [Term("uri", "http://x/1"), Term("literal", 'a"b', "zh")])
    assert sliced.startswith('# c { x }\nSELECT ?a WHERE { VALUES ?a { <http://x/1> "a\\"b"@zh } ')
    with pytest.raises(QueryError, match="page"):
        parse_named_query("t", "# page: a SELECT ?a WHERE { }\n" + text)
    assert q.first_keys is None
    assert (
        parse_named_query("t", "# page: ?a SELECT ?a WHERE { ?a ?b ?c }\n# slice: 1\n" + text).first_keys == 1
    )
    with pytest.raises(QueryError, match="slice"):
        parse_named_query("t", "# slice: 0\n" + text)
    one = parse_named_query("t", "# page: ?a SELECT ?a WHERE { ?a ?b ?c }\n# slice: 1 3\n" + text)
    assert (one.first_keys, one.max_keys) == (1, 3) and q.max_keys is None
    for bad in ("1 0", "1 2 3", "x"):
        with pytest.raises(QueryError, match="slice"):
            parse_named_query("t", f"# slice: {bad}\n" + text)


def test_a_first_slice_of_one_key_gives_the_same_page(engines) -> None:
    g = engines["oxigraph"]
    q = get_named_query("first-appearance")
    assert q.first_keys == 1
    every = run_query(g, q.text).rows
    wider = dataclasses.replace(q, first_keys=None)
    for limit, offset in ((1, 0), (30, 0), (40, 5)):
        assert run_page(g, q, {}, limit, offset).rows == every[offset : offset + limit]
        assert run_page(g, wider, {}, limit, offset).rows == every[offset : offset + limit]


BEFORE = Path(__file__).parent / "data" / "named_before"  # the texts these queries had before issue 19
REWRITTEN = sorted(p.stem for p in BEFORE.glob("*.rq"))
BOUND = {
    "first-appearance": [{"year": "2020"}, {"year": "2021"}, {"year": "2025"}, {"year": "1999"}],
    "most-connected": [],
    "campuses": [{"university": "江南大学"}, {"university": "无此大学"}],
}


@pytest.mark.parametrize("name", REWRITTEN)
def test_rewritten_queries_give_the_rows_they_gave_before(engines, name: str) -> None:
    """A query reshaped for the store (issue 19) answers exactly the rows of its earlier text, whole and
    page by page, bound and unbound, on the persistent store and on rdflib."""
    old = parse_named_query(name, (BEFORE / f"{name}.rq").read_text(encoding="utf-8"))
    new = get_named_query(name)
    assert old.text != new.text
    some = False
    for values in [{}, *BOUND[name]]:
        for engine in ("oxigraph", "rdflib"):
            g = engines[engine]
            want = run_query(g, old.text, old.bindings(values)).rows
            assert run_query(g, new.text, new.bindings(values)).rows == want, (name, values, engine)
            if new.persistent_text:  # the store on disk's own text: the same rows on every engine
                assert run_query(g, new.persistent_text, new.bindings(values)).rows == want, (name, values)
            if engine == "oxigraph":  # most-connected's LIMIT 20 of its own: the page is cut from them
                assert run_page(g, new, new.bindings(values), 5, 2).rows == want[2:7], (name, values)
            some = some or bool(want and values)
    assert some or not BOUND[name]  # the bound cases select rows


def _small_graph(entities: int) -> str:
    """Turtle with `entities` labelled, typed nodes linked to a hub and every other one to a city
    (degrees 1 and 2 in turn, so that many tie; no two nodes linked twice: the earlier text counted such
    a pair once on Oxigraph, twice on rdflib), one linked node without a label, and documents of two
    years mentioning them."""
    lines = [
        "@prefix ek: <https://w3id.org/edukg/ontology#> .",
        "@prefix ex: <http://example.org/> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        'ex:hub a ek:Place ; rdfs:label "中心"@zh .',
        'ex:city a ek:Place ; rdfs:label "城市"@zh .',
        "ex:nolabel ek:partOf ex:hub .",
        'ex:d1 ek:year "2020"^^xsd:gYear .',
        'ex:d2 ek:year "2021"^^xsd:gYear .',
        # a university's units: a place with a label, a place without one, two places, none
        'ex:u a ek:University ; rdfs:label "江南大学"@zh .',
        'ex:c1 a ek:Campus ; rdfs:label "南校区"@zh ; ek:partOf ex:u ; ek:locatedIn ex:city .',
        'ex:c2 a ek:College ; rdfs:label "商学院"@zh ; ek:partOf ex:u ; ek:locatedIn ex:nolabel .',
        'ex:c3 a ek:Campus ; rdfs:label "北校区"@zh ; ek:partOf ex:u ; ek:locatedIn ex:city, ex:nolabel, ex:hub .',
        'ex:c4 a ek:Campus ; rdfs:label "东校区"@zh ; ek:partOf ex:u .',
    ]
    for i in range(entities):
        kind = "ek:Goal" if i % 3 else "ek:School"
        lines.append(
            f'ex:e{i} a {kind} ; rdfs:label "实体{i % 7}"@zh ; ek:partOf ex:hub ; '
            f"ek:mentionedIn ex:d{1 + i % 2} ."
        )
        if i % 2:
            lines.append(f"ex:e{i} ek:locatedIn ex:city ; ek:mentionedIn ex:d1 .")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("entities", [3, 19, 20, 21, 45])
def test_rewritten_queries_on_small_graphs(entities: int) -> None:
    """Fewer rows than the 20 of most-connected, exactly 20, ties at the 20th row's degree; entities
    first named in one of two years: the rewritten texts give the earlier rows on both engines."""
    from pyoxigraph import RdfFormat, Store
    from rdflib import Graph

    data = _small_graph(entities)
    store = Store()
    store.load(data.encode(), format=RdfFormat.TURTLE)
    engines = [OxigraphEngine(store), RdflibEngine(Graph().parse(data=data, format="turtle"))]
    sliced = OxigraphEngine(store, slices=True)
    for name in REWRITTEN:
        old = parse_named_query(name, (BEFORE / f"{name}.rq").read_text(encoding="utf-8"))
        new = get_named_query(name)
        for values in [{}, *BOUND[name]]:
            for g in engines:
                want = run_query(g, old.text, old.bindings(values)).rows
                assert run_query(g, new.text, new.bindings(values)).rows == want, (name, values, entities)
                if new.persistent_text:
                    got = run_query(g, new.persistent_text, new.bindings(values)).rows
                    assert got == want, (name, values, entities)
                assert want or values, name
            if not new.page:
                continue
            # slice by slice, from one key value per slice up: ties at the 20th row's degree included
            want = run_query(engines[0], old.text, old.bindings(values)).rows
            for first, most in ((1, 1), (2, 3), (None, None)):
                q = dataclasses.replace(new, first_keys=first, max_keys=most)
                for limit, offset in ((None, 0), (1000, 0), (5, 0), (7, 15), (30, 18), (10, 25)):
                    got = run_page(sliced, q, q.bindings(values), limit, offset).rows
                    end = offset + limit if limit else None
                    assert got == want[offset:end], (name, first, limit, offset)


PERSISTENT_TEXTS = sorted(n for n, q in load_named_queries().items() if q.persistent)


def test_a_persistent_text_answers_on_the_persistent_store_only(engines, built: Path) -> None:
    """A `# persistent: NAME.persistent.rq` text is what the persistent store runs, whole and slice by
    slice; a store in memory and rdflib run the query's own text (a marker text that selects other rows
    shows which one ran)."""
    from graph.store.oxigraph import in_memory

    assert "first-appearance" in PERSISTENT_TEXTS
    assert "first-appearance.persistent" not in load_named_queries()  # a text of a query, not a query
    marker = (
        'SELECT ?firstYear ?type ?entity WHERE { VALUES (?firstYear ?type ?entity) { (1 "x" "marked") } }'
    )
    q = dataclasses.replace(get_named_query("first-appearance"), persistent_text=marker)
    persistent = engines["oxigraph"]
    memory = as_engine(in_memory(built / "edukg.ttl"))
    assert persistent.persistent and not memory.persistent and not engines["rdflib"].persistent
    for values in ({}, {"year": "2021"}):
        b = q.bindings(values)
        rows = run_page(persistent, q, b, 5).rows  # unbound: the marker text once per slice of years
        assert rows and {r[2] for r in rows} == {"marked"}, values
        for g in (memory, engines["rdflib"]):
            rows = run_page(g, q, b, 5).rows
            assert rows and "marked" not in [r[2] for r in rows], values
    with pytest.raises(QueryError, match="persistent"):
        parse_named_query("t", "# persistent: ../x.rq\nSELECT ?a WHERE { ?a ?b ?c }")


def test_a_slice_text_gives_the_rows_of_the_whole_query(engines, built: Path) -> None:
    """document-institution's slices (and a bound document on the store) run its `# slices:` text,
    planned from the document: the rows of the whole query, document by document, on the persistent
    store, on in-memory Oxigraph made to slice, and (one document: slow there) on rdflib."""
    from graph.store.oxigraph import in_memory

    q = get_named_query("document-institution")
    assert q.slices == "document-institution.slice.rq" and q.slice_text and q.slice_text != q.text
    assert "document-institution.slice" not in load_named_queries()  # a slice text is not a named query
    store = engines["oxigraph"]
    documents = [t.value for t in key_values(store, "document", q.page[1])]
    assert len(documents) >= 5
    for document in documents:
        b = q.bindings({"document": document})
        whole = run_query(store, q.text, b).rows
        assert whole, document  # every seed document names an institution
        assert run_query(store, q.slice_text, b).rows == whole, document
        assert run_page(store, q, b, 1000).rows == whole, document  # the bound key runs the slice text
    smallest = min(documents, key=lambda d: len(run_query(store, q.text, q.bindings({"document": d})).rows))
    b = q.bindings({"document": smallest})
    assert run_query(engines["rdflib"], q.slice_text, b).rows == run_query(engines["rdflib"], q.text, b).rows
    both = q.bindings({"document": documents[0], "institution": run_query(store, q.text).rows[0][1]})
    assert run_page(store, q, both, 1000).rows == run_query(store, q.text, both).rows  # `# whole:`
    memory = as_engine(in_memory(built / "edukg.ttl"))
    memory.slices = True  # as the store: page by page, the slice text
    every = run_query(memory, q.text).rows
    for limit, offset in ((1, 0), (30, 0), (100, 40), (1000, 0)):
        assert run_page(memory, q, {}, limit, offset).rows == every[offset : offset + limit], (limit, offset)
    with pytest.raises(QueryError, match="slices"):
        parse_named_query("t", "# slices: ../x.rq\nSELECT ?a WHERE { ?a ?b ?c }")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of 25 generated documents (benchmarks.corpus): indicators and targets repeated across
    documents and places, so rows that tie on a query's first ORDER BY keys are common."""
    from benchmarks.corpus import generate
    from graph.pipeline import run_build

    root = tmp_path_factory.mktemp("generated")
    generate(25, root / "docs", seed=3)
    run_build(root / "docs", root / "out", html=False, workers=0)
    return root / "out" / "edukg.ttl"


@pytest.mark.parametrize("name", PAGED)
def test_a_page_is_the_same_on_every_engine_and_slicing(generated: Path, name: str) -> None:
    """The ORDER BY of a paged query is total on what it returns: the whole query on the persistent
    store, the whole query in memory and the pages read slice by slice give the same rows in the same
    order (a tie broken differently would move rows across a page boundary)."""
    store = open_oxigraph(generated, memory_max_bytes=0)
    memory = OxigraphEngine(open_oxigraph(generated).store, slices=True)
    persistent = OxigraphEngine(store.store, persistent=True)
    q = get_named_query(name)
    whole = run_query(persistent, q.text).rows
    assert run_query(OxigraphEngine(memory.store), q.text).rows == whole, name
    for limit, offset in ((5, 0), (40, 7), (1000, 0)):
        assert run_page(memory, q, {}, limit, offset).rows == whole[offset : offset + limit], (name, offset)


BOUND_TEXTS = sorted((n, p) for n, q in load_named_queries().items() for p, _ in q.bound)


def test_a_bound_text_is_declared_and_checked() -> None:
    assert ("initiatives-for-goal", "place") in BOUND_TEXTS and ("targets", "place") in BOUND_TEXTS
    q = get_named_query("initiatives-for-goal")
    assert "initiatives-for-goal.place" not in load_named_queries()  # a bound text is not a named query
    assert q.text_for({}) == q.text and q.text_for(q.bindings({"place": "无锡市"})) != q.text
    with pytest.raises(QueryError, match="bound"):
        parse_named_query("t", "# bound: place ../x.rq\nSELECT ?a WHERE { ?a ?b ?c }")
    with pytest.raises(QueryError, match="names no parameter"):
        parse_named_query(
            "t", "# param: place label -- p\n# bound: plcae t.place.rq\nSELECT ?a WHERE { ?a ?b ?c }"
        )


@pytest.mark.parametrize(("name", "param"), BOUND_TEXTS)
def test_a_bound_text_gives_the_rows_of_the_query(generated: Path, name: str, param: str) -> None:
    """A `# bound: PARAM FILE` text answers when PARAM is bound: for every value of PARAM in the
    generated corpus (alone, and with each other parameter bound from one of its rows), the same rows as
    the query's own text, on the persistent store and in memory, whole and page by page."""
    q = get_named_query(name)
    plain = dataclasses.replace(q, bound_text=())
    column = next(
        c
        for c in ("jurisdiction", param)
        if c in run_query(as_engine(open_oxigraph(generated)), q.text).columns
    )
    persistent = OxigraphEngine(open_oxigraph(generated, memory_max_bytes=0).store, persistent=True)
    memory = OxigraphEngine(open_oxigraph(generated).store)
    every = run_query(memory, q.text)
    values = sorted({r[every.columns.index(column)] for r in every.rows} - {"", None})
    assert len(values) >= 3, values
    seen = 0
    for value in [*values, ""]:  # "" too: the value a row without a place shows
        b = q.bindings({param: value})
        for engine in (persistent, memory):
            want = run_query(engine, plain.text, b).rows
            assert run_page(engine, q, b, None).rows == want, (value, engine)
            assert run_page(engine, q, b, 3).rows == want[:3], (value, engine)
            for row in want[:1]:
                others = {
                    p.name: row[every.columns.index(p.name)]
                    for p in q.params
                    if p.name != param and p.name in every.columns
                }
                both = q.bindings({param: value, **others})
                assert run_page(engine, q, both, None).rows == run_query(engine, plain.text, both).rows
            seen += len(want)
    assert seen > 0


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_slices_run_at_once_give_the_pages_of_one_at_a_time(
    generated: Path, threads: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On an engine whose queries run outside the GIL (Oxigraph), a page's slices after the first run
    several at once (one per core): for every paged query, whatever the number at once and however
    small the slices, the page is the rows of the whole query; with two or more at once, several
    slices did run together."""
    from graph.sparql import pages

    monkeypatch.setattr(pages, "slice_threads", lambda engine: threads)
    batches: list[int] = []
    run_all = pages._run_all

    def counted(engine, texts, bindings):  # type: ignore[no-untyped-def]
        batches.append(len(texts))
        return run_all(engine, texts, bindings)

    monkeypatch.setattr(pages, "_run_all", counted)
    persistent = OxigraphEngine(open_oxigraph(generated, memory_max_bytes=0).store, persistent=True)
    assert persistent.concurrent
    for name in PAGED:
        q = get_named_query(name)
        whole = run_query(persistent, q.text).rows
        for small in (q, dataclasses.replace(q, first_keys=1, max_keys=2)):
            for limit, offset in ((5, 0), (40, 7), (1000, 0), (3, max(len(whole) - 2, 0))):
                got = run_page(persistent, small, {}, limit, offset).rows
                assert got == whole[offset : offset + limit], (name, threads, limit, offset)
    assert max(batches) == threads


def test_an_error_in_a_slice_run_at_once_is_raised(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.sparql import pages

    monkeypatch.setattr(pages, "slice_threads", lambda engine: 2)

    class Failing(OxigraphEngine):
        calls = 0

        def execute(self, sparql, bindings):  # type: ignore[no-untyped-def]
            Failing.calls += 1
            if Failing.calls == 3:  # the key listing, the first slice, then one of two run at once
                raise QueryError("the query failed: disk gone")
            return super().execute(sparql, bindings)

    engine = Failing(open_oxigraph(generated, memory_max_bytes=0).store, persistent=True)
    q = dataclasses.replace(get_named_query("targets"), first_keys=1, max_keys=1)
    with pytest.raises(QueryError, match="disk gone"):
        run_page(engine, q, {}, 1000)
