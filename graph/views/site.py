"""The HTML site of a build: the overview, one view per document, trend charts and the index page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import networkx as nx
from rdflib import Graph

from graph.views.page import index_html, render
from graph.views.scope import View, ViewSpec, documents, select, to_networkx
from graph.views.trend import trend_pages


def viz(
    g: Graph,
    spec: ViewSpec | None = None,
    G: nx.MultiDiGraph | None = None,
    texts: Mapping[str, str] | None = None,
) -> tuple[View, str]:
    """The view a spec asks for and its self-contained HTML page.

    G: the projection if already made; texts: original documents by id, so quotes show their sentence.
    """
    G = to_networkx(g) if G is None else G
    view = select(G, spec or ViewSpec())
    return view, render(g, G, view, texts)


def overview_html(g: Graph, texts: Mapping[str, str] | None = None) -> str:
    return viz(g, texts=texts)[1]


def document_views(
    g: Graph, G: nx.MultiDiGraph | None = None, texts: Mapping[str, str] | None = None
) -> dict[str, tuple[View, str]]:
    """One view per input document, keyed by the relative path of its page (views/doc-ID.html)."""
    G = to_networkx(g) if G is None else G
    out = {}
    for ident, title, year in documents(g).values():
        spec = ViewSpec(docs=(ident,), title=f"{ident} {title}" + (f" ({year})" if year else ""))
        out[f"views/doc-{ident}.html"] = viz(g, spec, G, texts)
    return out


def index_page(
    g: Graph,
    doc_views: Mapping[str, str] | None = None,
    extra_links: Sequence[tuple[str, str]] = (),
    overview: str = "edukg.html",
) -> str:
    """The landing page (output/index.html): the overview, a view per document (id -> relative href),
    and `extra_links`, (title, relative href) pairs that other outputs such as indicator trend charts
    add under "More views" without changing this module."""
    return index_html(g, doc_views or {}, extra_links, overview)


def html_views(
    g: Graph,
    out: Path,
    docs: Mapping[str, str] | None = None,
    extra_links: Sequence[tuple[str, str]] = (),
    overview: str = "edukg.html",
) -> dict[Path, str]:
    """The pages of a build: OUT/edukg.html (overview), OUT/views/doc-ID.html, OUT/index.html.

    docs: original texts by document id (quotes then show their sentence); extra_links: (title,
    relative href) pairs listed on the index page, the hook for later outputs such as trend charts.
    """
    G = to_networkx(g)
    charts = trend_pages(g)
    extra_links = [*extra_links, *((f"指标趋势 / trend: {title}", rel) for rel, (title, _) in charts.items())]
    pages = {out / overview: viz(g, G=G, texts=docs)[1]}
    views = document_views(g, G, docs)
    pages.update({out / rel: page for rel, (_, page) in views.items()})
    doc_links = {rel.removeprefix("views/doc-").removesuffix(".html"): rel for rel in views}
    pages.update({out / rel: page for rel, (_, page) in charts.items()})
    pages[out / "index.html"] = index_page(g, doc_links, extra_links, overview=overview)
    return pages
