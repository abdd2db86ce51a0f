"""Graph views without a browser: the networkx projection, focus, filters, cap and the page data."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from graph.core.errors import EduKGError, ViewError
from graph.core.namespaces import EK, EKID
from graph.views.cards import unpack
from graph.views.scope import HUBS, ViewSpec, find_node, select, to_networkx
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
    card = unpack(str(UNI), data["cards"][str(UNI)], data)
    assert card["quotes"][0] == {
        "document": "d1",
        "title": "文件d1",
        "start": 10,
        "end": 14,
        "quote": "江南大学",
        "rule": "",
        "before": "xxxxxxxxxx",
        "after": "江南大学江阴校区建设。",
    }
    link = next(lk for lk in card["links"] if lk["relation"] == "partOf")
    assert (link["direction"], link["iri"], link["label"], link["type"]) == (
        "in",
        str(CAMPUS),
        "江南大学江阴校区",
        "Campus",
    )
    assert [q["quote"] for q in link["evidence"]] == ["江南大学江阴校区"]  # the statement's mention
    assert card["labels"] == [["江南大学", "zh"], ["Jiangnan University", "en"]] and card["aliases"] == [
        "江大"
    ]
    assert {t["name"] for t in data["types"]} == {"University", "Campus", "Place"}
    assert {r["name"] for r in data["relations"]} == {"partOf", "locatedIn"}


def test_card_lists_the_figures_an_initiative_targets(small: Graph) -> None:
    _, page = viz(small, ViewSpec(focus="行动计划"))
    data = _data(page)
    fig = unpack(str(PLAN), data["cards"][str(PLAN)], data)["figures"]
    assert fig[0]["label"] == "覆盖率 90%" and fig[0]["value"] == "90" and fig[0]["unit"] == "%"


def test_entities_without_links_are_listed_out_of_the_canvas(small: Graph) -> None:
    data = _data(viz(small)[1])
    assert {n["id"] for n in data["lone"]} == {str(D1), str(D2)}  # documents nobody links to
    ids = [n["id"] for n in data["nodes"]]
    ends = {ids[e[0]] for e in data["edges"]} | {ids[e[1]] for e in data["edges"]}
    assert {n["id"] for n in data["nodes"]} == ends
    assert set(data["cards"]) == ends | {str(D1), str(D2)}  # every entity keeps its card


def test_focus_stops_at_hubs_unless_asked_to_go_through(small: Graph) -> None:
    g = Graph()
    for t in small:
        g.add(t)
    other = EKID["u/other"]
    g.add((other, RDF.type, EK.University))
    g.add((other, RDFS.label, Literal("无锡学院", lang="zh")))
    g.add((other, EK.locatedIn, CITY))
    G = to_networkx(g)
    assert set(select(G, ViewSpec(focus="江南大学江阴校区", depth=3)).graph) == {CAMPUS, UNI, CITY}
    through = select(G, ViewSpec(focus="江南大学江阴校区", depth=3, through=True))
    assert set(through.graph) == {CAMPUS, UNI, CITY, other}
    assert set(select(G, ViewSpec(focus="无锡市", depth=1)).graph) == {CITY, UNI, other}  # a hub as focus


def test_index_page_links_views_and_extra_links(small: Graph) -> None:
    page = index_page(small, {"d1": "edukg.html#doc=d1"}, [("指标趋势", "trends/coverage.html")])
    assert 'href="edukg.html"' in page and 'href="edukg.html#doc=d1"' in page
    assert '<ul id="extra-links"><li><a href="trends/coverage.html">指标趋势</a></li></ul>' in page
    assert "extra-links" not in index_page(small)
    assert "<td>文件d1</td>" in page and "<b>1</b>" in page  # the university, counted by class


def test_build_writes_overview_with_document_views_and_index(built: Path, graph) -> None:
    index = (built / "index.html").read_text(encoding="utf-8")
    assert 'href="edukg.html"' in index
    for ident in ("000", "001", "002", "003", "004"):
        assert f'href="edukg.html#doc={ident}"' in index
    overview = _data((built / "edukg.html").read_text(encoding="utf-8"))
    G = to_networkx(graph)
    assert len(overview["nodes"]) + len(overview["lone"]) == G.number_of_nodes()
    assert {d["id"] for d in overview["documents"]} == {"000", "001", "002", "003", "004"}


def test_cards_in_the_page_are_the_cards_of_edukg_show(built: Path, graph) -> None:
    """The side panel's content is graph.views.card.card, the function behind `edukg show`."""
    from graph.views.card import card
    from graph.views.cards import MAX_EVIDENCE, MAX_QUOTES

    data = _data((built / "edukg.html").read_text(encoding="utf-8"))
    cards = {iri: unpack(iri, c, data) for iri, c in data["cards"].items()}
    assert len(cards) == to_networkx(graph).number_of_nodes()
    drop = ("before", "after")
    for iri, shown in cards.items():
        want = json.loads(json.dumps(asdict(card(graph, URIRef(iri))), ensure_ascii=False))
        assert [{k: v for k, v in q.items() if k not in drop} for q in shown["quotes"]] == want["quotes"][
            :MAX_QUOTES
        ]
        assert shown["more_quotes"] == max(0, len(want["quotes"]) - MAX_QUOTES)
        for item in (*want["links"], *want["figures"]):
            item["more_evidence"] = max(0, len(item["evidence"]) - MAX_EVIDENCE)
            item["evidence"] = item["evidence"][:MAX_EVIDENCE]
        for item in (*shown["links"], *shown["figures"]):
            item["evidence"] = [{k: v for k, v in q.items() if k not in drop} for q in item["evidence"]]
        assert {k: v for k, v in shown.items() if k not in ("quotes", "more_quotes")} == {
            k: v for k, v in want.items() if k != "quotes"
        }, iri


def test_overview_of_the_seeds_starts_with_document_clusters(built: Path, graph) -> None:
    data = _data((built / "edukg.html").read_text(encoding="utf-8"))
    G = to_networkx(graph)
    grouped = [n for n in data["nodes"] if "cluster" in n]
    assert grouped and all(n["docs"] == [n["cluster"]] for n in grouped)
    assert {d["id"]: d["members"] for d in data["documents"]} == {
        d: sum(1 for n in grouped if n["cluster"] == d) for d in ("000", "001", "002", "003", "004")
    }
    # the hubs whose labels the page keeps legible: the most connected nodes outside the clusters
    free = {n["id"] for n in data["nodes"] if "cluster" not in n}
    assert len(data["hubs"]) == 20 and set(data["hubs"]) <= free
    drawn = [(s, o) for s, o, k in G.edges(keys=True) if k != "sector"]
    degree = {n: sum((s == URIRef(n)) + (o == URIRef(n)) for s, o in drawn) for n in free}
    assert min(degree[h] for h in data["hubs"]) >= max(v for n, v in degree.items() if n not in data["hubs"])


def test_indexed_graph_answers_as_rdflib(graph) -> None:
    from graph.views.index import Indexed

    ix = Indexed(graph, unique=True)
    assert len(ix) == len(graph) and set(ix) == set(graph)
    assert len(Indexed(list(graph) + list(graph))) == len(graph)  # repeats dropped
    for s in sorted({s for s, _, _ in graph}, key=str)[::37]:
        assert sorted(ix.predicate_objects(s)) == sorted(graph.predicate_objects(s))
        assert sorted(ix.subject_predicates(s)) == sorted(graph.subject_predicates(s))
        for p in {p for p, _ in graph.predicate_objects(s)}:
            assert sorted(ix.objects(s, p)) == sorted(graph.objects(s, p))


def test_seed_focus_view_shows_quotes_in_their_sentence(graph) -> None:
    from graph.pipeline import document_texts

    texts = document_texts(graph, Path(__file__).resolve().parent.parent / "seeds")
    assert sorted(texts) == ["000", "001", "002", "003", "004"]
    # 无锡太湖学院: located in 无锡 by its name (a hub the focus stops at)
    view, page = viz(graph, ViewSpec(focus="无锡太湖学院", depth=2), texts=texts)
    assert 5 < view.graph.number_of_nodes() < 100
    G, focus = to_networkx(graph), view.focus
    wuxi = find_node(G, "无锡")
    near = set(nx.all_neighbors(G, focus))
    via_others = {m for n in near if G.nodes[n]["type"] not in HUBS for m in nx.all_neighbors(G, n)}
    behind = set(nx.all_neighbors(G, wuxi)) - near - via_others - {focus}
    assert wuxi in near and wuxi in view.graph
    assert len(behind) > 5 and not behind & set(view.graph)  # the focus stops at the place
    data = _data(page)
    quotes = unpack(str(view.focus), data["cards"][str(view.focus)], data)["quotes"]
    assert quotes and all(q["quote"] in ("无锡太湖学院", "太湖学院") for q in quotes)
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


def test_a_big_corpus_starts_as_a_map_of_documents_around_what_they_share() -> None:
    from benchmarks.viz import synthetic

    g = synthetic(1500, docs=60, shared=0.4)
    page = viz(g)[1]
    assert viz(g)[1] == page  # deterministic
    data = _data(page)
    kinds = {c["kind"] for c in data["clusters"]}
    assert data["map"] and kinds == {"document", "class"}
    members = {c["key"]: c["members"] for c in data["clusters"]}
    grouped = [n for n in data["nodes"] if "cluster" in n]
    assert sum(members.values()) == len(grouped)
    for n in grouped:  # a document's cluster: only that document; a class cluster: that class
        key = n["cluster"]
        assert n["type"] == key[6:] if key.startswith("class:") else n["docs"] == [key]
    # the first screen: one node per closed cluster and the hubs, far fewer than the entities
    free = [n for n in data["nodes"] if "cluster" not in n]
    assert len(free) <= 20 + 2 * len(kinds) and len(data["clusters"]) + len(free) < len(data["nodes"]) / 5
    # the documents on a ring around the rest
    ring = [c for c in data["clusters"] if c["kind"] == "document"]
    inner = [c for c in data["clusters"] if c["kind"] == "class"]
    radius = [round((c["x"] ** 2 + c["y"] ** 2) ** 0.5) for c in ring]
    assert max(radius) - min(radius) <= 2
    assert all((c["x"] ** 2 + c["y"] ** 2) ** 0.5 < min(radius) for c in inner)


def test_card_quotes_in_one_order_whatever_the_set_order() -> None:
    """Quotes that tie on document, span and rule (two texts for one span) come out in one order, not in
    the set's order, which changes with each process's string hashes (two builds of one 1,000-document
    corpus gave different edukg.html pages before)."""
    from graph.views.quotes import Quote, sorted_quotes

    texts = [f"第{n}句" for n in "七三五一八二六四"]
    quotes = [Quote("003", "某市教育工作要点", 10, 20, t, "x.rule") for t in texts]
    assert [q.quote for q in sorted_quotes(quotes)] == sorted(texts)
    assert sorted_quotes(quotes[::-1]) == sorted_quotes(quotes)
