"""Graph views without a browser: the networkx projection, focus, filters, cap and the page data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from graph.core.errors import EduKGError, ViewError
from graph.core.namespaces import EK, EKID
from graph.views.scope import ViewSpec, find_node, select, to_networkx
from graph.views.site import index_page, viz

UNI, CAMPUS, CITY, PLAN, GOAL, TARGET = (
    EKID[k] for k in ("u/jn", "c/jy", "p/wx", "a/plan", "g/goal", "t/target")
)
D1, D2 = EKID["document/d1"], EKID["document/d2"]


def _mention(g: Graph, key: str, node: URIRef, doc: URIRef, start: int, quote: str, stmt=None) -> None:
    m = EKID[f"mention/{key}"]
    g.add((m, RDF.type, EK.Mention))
    g.add((m, EK.evidenceFor, node))
    g.add((m, PROV.wasDerivedFrom, doc))
    g.add((m, EK.start, Literal(start, datatype=XSD.integer)))
    g.add((m, EK.end, Literal(start + len(quote), datatype=XSD.integer)))
    g.add((m, EK.quote, Literal(quote)))
    if stmt:
        g.add((m, RDF.type, RDF.Statement))
        g.add((m, RDF.subject, stmt[0]))
        g.add((m, RDF.predicate, stmt[1]))
        g.add((m, RDF.object, stmt[2]))


@pytest.fixture(scope="module")
def small() -> Graph:
    """Two documents (2021, 2023): a university with a campus in a city, a plan supporting a goal and
    setting a target; the campus link is stated in d1 only, the city link is curated (no document)."""
    g = Graph()
    for doc, ident, year in ((D1, "d1", 2021), (D2, "d2", 2023)):
        g.add((doc, RDF.type, EK.PolicyDocument))
        g.add((doc, RDFS.label, Literal(f"文件{ident}", lang="zh")))
        g.add((doc, DCTERMS.identifier, Literal(ident)))
        g.add((doc, DCTERMS.title, Literal(f"文件{ident}", lang="zh")))
        g.add((doc, EK.year, Literal(year, datatype=XSD.gYear)))
        g.add((doc, EK.mentionedIn, doc))
    for node, typ, zh, docs in (
        (UNI, "University", "江南大学", (D1, D2)),
        (CAMPUS, "Campus", "江南大学江阴校区", (D1,)),
        (CITY, "Place", "无锡市", (D2,)),
        (PLAN, "ActionPlan", "行动计划", (D2,)),
        (GOAL, "Goal", "办好教育", (D2,)),
        (TARGET, "Target", "覆盖率 90%", (D2,)),
    ):
        g.add((node, RDF.type, EK[typ]))
        g.add((node, RDFS.label, Literal(zh, lang="zh")))
        for d in docs:
            g.add((node, EK.mentionedIn, d))
    g.add((UNI, RDFS.label, Literal("Jiangnan University", lang="en")))
    g.add((UNI, SKOS.altLabel, Literal("江大", lang="zh")))
    g.add((TARGET, EK.value, Literal("90", datatype=XSD.decimal)))
    g.add((TARGET, EK.unit, Literal("%")))
    g.add((CAMPUS, EK.partOf, UNI))
    g.add((UNI, EK.locatedIn, CITY))
    g.add((PLAN, EK.supports, GOAL))
    g.add((PLAN, EK.targets, TARGET))
    _mention(g, "1", UNI, D1, 10, "江南大学")
    _mention(g, "2", CAMPUS, D1, 20, "江南大学江阴校区", (CAMPUS, EK.partOf, UNI))
    _mention(g, "3", PLAN, D2, 5, "行动计划", (PLAN, EK.supports, GOAL))
    return g


def test_projection_has_entities_relations_and_their_documents(small: Graph) -> None:
    G = to_networkx(small)
    assert G.nodes[UNI]["type"] == "University" and G.nodes[UNI]["label"] == "江南大学"
    assert G.nodes[UNI]["en"] == "Jiangnan University" and G.nodes[UNI]["aliases"] == ("江大",)
    assert G.nodes[UNI]["docs"] == ("d1", "d2") and G.nodes[UNI]["years"] == (2021, 2023)
    assert G.has_edge(CAMPUS, UNI, key="partOf") and G.has_edge(PLAN, TARGET, key="targets")
    assert G.edges[CAMPUS, UNI, "partOf"]["docs"] == ("d1",)
    assert G.edges[UNI, CITY, "locatedIn"]["docs"] == ()
    assert not any(str(n).startswith(str(EKID["mention/"])) for n in G)
    assert G.number_of_nodes() == 8  # six entities and two documents


def test_find_node_by_label_alias_english_or_iri(small: Graph) -> None:
    G = to_networkx(small)
    assert find_node(G, "江南大学") == UNI
    assert find_node(G, "江大") == UNI
    assert find_node(G, "jiangnan university") == UNI
    assert find_node(G, str(CAMPUS)) == CAMPUS
    assert find_node(G, "ekid:c/jy") == CAMPUS
    with pytest.raises(ViewError) as exc:
        find_node(G, "不存在大学")
    assert str(exc.value) == "no entity named 不存在大学; try edukg stats --central or a label from the graph"
    assert isinstance(exc.value, EduKGError)


def test_focus_takes_the_undirected_neighbourhood(small: Graph) -> None:
    G = to_networkx(small)
    assert set(select(G, ViewSpec(focus="江南大学", depth=1)).graph) == {UNI, CAMPUS, CITY}
    assert set(select(G, ViewSpec(focus="江南大学江阴校区", depth=2)).graph) == {UNI, CAMPUS, CITY}
    assert set(select(G, ViewSpec(focus="行动计划", depth=0)).graph) == {PLAN}


def test_document_scope_keeps_what_the_document_says(small: Graph) -> None:
    G = to_networkx(small)
    v = select(G, ViewSpec(docs=("d1",)))
    assert set(v.graph) == {UNI, CAMPUS, D1}
    assert v.graph.has_edge(CAMPUS, UNI, key="partOf")
    v2 = select(G, ViewSpec(docs=("d2",)))
    assert CAMPUS not in v2.graph and v2.graph.has_edge(UNI, CITY, key="locatedIn")  # curated edge
    assert set(select(G, ViewSpec(years=(2021,))).graph) == set(v.graph)


def test_type_filter_keeps_the_focus(small: Graph) -> None:
    G = to_networkx(small)
    v = select(G, ViewSpec(focus="江南大学", depth=2, types=("campus",)))
    assert set(v.graph) == {UNI, CAMPUS}
    assert v.title == "EduKG: 江南大学 (depth 2) · Campus"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (ViewSpec(types=("Universe",)), "unknown class 'Universe'; choose from ActionPlan, "),
        (ViewSpec(docs=("d9",)), "no document 'd9' in the graph; documents: d1, d2"),
        (ViewSpec(years=(1999,)), "no document of year 1999; years in the graph: 2021, 2023"),
    ],
)
def test_unknown_class_document_or_year_is_one_line(small: Graph, spec: ViewSpec, message: str) -> None:
    with pytest.raises(ViewError) as exc:
        select(to_networkx(small), spec)
    assert str(exc.value).startswith(message) and "\n" not in str(exc.value)


def test_cap_keeps_nearest_and_most_connected_and_says_what_was_left_out(small: Graph) -> None:
    G = to_networkx(small)
    v = select(G, ViewSpec(focus="江南大学", depth=3, max_nodes=2))
    assert v.focus in v.graph and v.graph.number_of_nodes() == 2
    assert v.before_cap == 3 and sum(v.left_out.values()) == 1
    assert v.note.startswith("Showing 2 of 3 nodes: 1 left out by --max-nodes (")
    whole = select(G, ViewSpec(max_nodes=3))
    assert set(whole.graph) == {UNI, PLAN, CAMPUS}  # degree 2, 2, 1 (ties by IRI)
    assert select(G, ViewSpec()).note == ""


def _data(page: str) -> dict:
    m = re.search(r"const DATA = (\{.*?\});\n", page, re.S)
    assert m
    return json.loads(m.group(1).replace("<\\/", "</"))


def test_page_is_self_contained_deterministic_and_complete(small: Graph) -> None:
    texts = {"d1": "x" * 10 + "江南大学江南大学江阴校区建设。后文"}
    view, page = viz(small, ViewSpec(focus="江南大学", depth=2), texts=texts)
    assert page == viz(small, ViewSpec(focus="江南大学", depth=2), texts=texts)[1]
    assert not re.search(r"<(script|link)[^>]+(src|href)=", page)
    assert not re.search(r"url\(['\"]?https?:", page)
    data = _data(page)
    assert len(data["nodes"]) == view.graph.number_of_nodes() == 3
    assert data["focus"] == str(UNI)
    info = data["info"][str(UNI)]
    assert info["quotes"][0] == {
        "doc": "d1",
        "start": 10,
        "end": 14,
        "quote": "江南大学",
        "before": "xxxxxxxxxx",
        "after": "江南大学江阴校区建设。",
    }
    assert {"rel": "partOf", "dir": "in", "id": str(CAMPUS), "label": "江南大学江阴校区"} in info["links"]
    assert {t["name"] for t in data["types"]} == {"University", "Campus", "Place"}
    assert {r["name"] for r in data["relations"]} == {"partOf", "locatedIn"}


def test_panel_lists_the_figures_an_initiative_targets(small: Graph) -> None:
    _, page = viz(small, ViewSpec(focus="行动计划"))
    fig = _data(page)["info"][str(PLAN)]["figures"]
    assert fig[0]["label"] == "覆盖率 90%" and fig[0]["value"] == "90" and fig[0]["unit"] == "%"


def test_index_page_links_views_and_extra_links(small: Graph) -> None:
    page = index_page(small, {"d1": "views/doc-d1.html"}, [("指标趋势", "trends/coverage.html")])
    assert "href='edukg.html'" in page and "href='views/doc-d1.html'" in page
    assert "<ul id='extra-links'><li><a href='trends/coverage.html'>指标趋势</a></li></ul>" in page
    assert "extra-links" not in index_page(small)


def test_build_writes_overview_document_views_and_index(built: Path, graph) -> None:
    index = (built / "index.html").read_text(encoding="utf-8")
    assert "href='edukg.html'" in index
    for ident in ("000", "001", "002", "003", "004"):
        assert f"href='views/doc-{ident}.html'" in index
        assert (built / "views" / f"doc-{ident}.html").is_file()
    data = _data((built / "views" / "doc-002.html").read_text(encoding="utf-8"))
    assert data["nodes"] and all("002" in n["docs"] for n in data["nodes"])
    overview = _data((built / "edukg.html").read_text(encoding="utf-8"))
    assert len(overview["nodes"]) == to_networkx(graph).number_of_nodes()


def test_seed_focus_view_shows_quotes_in_their_sentence(graph) -> None:
    from graph.pipeline import document_texts

    texts = document_texts(graph, Path(__file__).resolve().parent.parent / "seeds")
    assert sorted(texts) == ["000", "001", "002", "003", "004"]
    view, page = viz(graph, ViewSpec(focus="江南大学", depth=2), texts=texts)
    assert 5 < view.graph.number_of_nodes() < 100
    quotes = _data(page)["info"][str(view.focus)]["quotes"]
    assert quotes and all(q["quote"] == "江南大学" for q in quotes)
    assert any(q["after"].endswith("。") for q in quotes)


def test_starting_positions_are_deterministic_and_centre_the_focus(small: Graph) -> None:
    from graph.views.page import positions

    v = select(to_networkx(small), ViewSpec())
    pos = positions(v.graph, centre=UNI)
    assert set(pos) == set(v.graph) and pos == positions(v.graph, centre=UNI)
    assert len(set(pos.values())) == len(pos)  # no two nodes start on the same spot
    r = max(abs(pos[n][0] - pos[UNI][0]) for n in (CAMPUS, CITY))
    assert 0 < r <= 80  # the focus's neighbours sit on the first ring around it


def test_build_pages_are_byte_identical(graph, tmp_path: Path) -> None:
    from graph.views.site import html_views

    first, second = html_views(graph, tmp_path), html_views(graph, tmp_path)
    assert sorted(p.name for p in first) == sorted(p.name for p in second)
    assert all(first[p] == second[p] for p in first)
