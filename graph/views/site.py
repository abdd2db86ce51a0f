"""The HTML site of a build: the overview (which is also every document's view, through its document
filter: edukg.html#doc=ID), trend charts and the index page.

One projection and one index of the graph per build; every card, weight and position is computed once,
so the site costs time linear in the graph (benchmarks/viz.py --build).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import networkx as nx
from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from graph.core.namespaces import EK
from graph.views.index import Indexed, Triple, indexed
from graph.views.page import index_html, render
from graph.views.scope import View, ViewSpec, documents, select, to_networkx
from graph.views.trend import trend_pages


def viz(
    g: Graph | Indexed,
    spec: ViewSpec | None = None,
    G: nx.MultiDiGraph | None = None,
    texts: Mapping[str, str] | None = None,
    trend_links: Mapping[str, str] | None = None,
) -> tuple[View, str]:
    """The view a spec asks for and its self-contained HTML page.

    G: the projection if already made; texts: original documents by id, so quotes show their sentence;
    trend_links: indicator label -> href of its trend page, linked from the cards' figures.
    """
    G = to_networkx(g) if G is None else G
    view = select(G, spec or ViewSpec())
    return view, render(g, G, view, texts, trend_links)


def overview_html(g: Graph, texts: Mapping[str, str] | None = None) -> str:
    return viz(g, texts=texts)[1]


def document_links(g: Any, overview: str = "edukg.html") -> dict[str, str]:
    """Each document's view: the overview opened on its document filter (id -> relative href)."""
    return {ident: f"{overview}#doc={ident}" for ident, _, _ in documents(g).values()}


def index_page(
    g: Any,
    doc_views: Mapping[str, str] | None = None,
    extra_links: Sequence[tuple[str, str]] = (),
    overview: str = "edukg.html",
) -> str:
    """The landing page (output/index.html): the overview, a view per document (id -> relative href),
    and `extra_links`, (title, relative href) pairs that other outputs such as indicator trend charts
    add under "More views" without changing this module."""
    return index_html(g, doc_views or {}, extra_links, overview)


def trend_links(ix: Indexed, charts: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    """Indicator label -> the first trend page (by path) whose title names it."""
    labels = sorted(
        {str(lbl) for ind in ix.subjects(RDF.type, EK.Indicator) for lbl in ix.objects(ind, RDFS.label)}
    )
    out: dict[str, str] = {}
    for rel, (title, _) in sorted(charts.items()):
        for label in labels:
            if label in title:
                out.setdefault(label, rel)
    return out


def html_views(
    g: Graph | Indexed | Iterable[Triple],
    out: Path,
    docs: Mapping[str, str] | None = None,
    extra_links: Sequence[tuple[str, str]] = (),
    overview: str = "edukg.html",
) -> dict[Path, str]:
    """The pages of a build: OUT/edukg.html (overview and document views), trend charts, OUT/index.html.

    g: the graph, or the build's triples (read once into an index, without an rdflib Graph).
    docs: original texts by document id (quotes then show their sentence); extra_links: (title,
    relative href) pairs listed on the index page, the hook for later outputs such as trend charts.
    """
    ix = indexed(g)
    G = to_networkx(ix)
    # trend pages read the graph through the calls Indexed answers as rdflib does
    charts = trend_pages(g if isinstance(g, Graph) else cast(Graph, ix))
    extra_links = [*extra_links, *((f"指标趋势 / trend: {title}", rel) for rel, (title, _) in charts.items())]
    pages = {out / overview: viz(ix, G=G, texts=docs, trend_links=trend_links(ix, charts))[1]}
    pages.update({out / rel: page for rel, (_, page) in charts.items()})
    pages[out / "index.html"] = index_page(ix, document_links(ix, overview), extra_links, overview=overview)
    return pages
