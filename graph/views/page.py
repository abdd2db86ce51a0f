"""HTML of graph views and the index page, rendered through Jinja2 templates (graph/views/templates).

The page inlines vis-network (shipped in the pyvis package) and all data as one compact JSON object
(nodes and edges as records the page styles by class and relation), so it makes no network request and works from file://. Every entity's card
(graph.views.card, the content of `edukg show`) is computed once per page from the indexed graph.
Output is deterministic: sorted nodes, edges and keys.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

import jinja2
import networkx as nx
from rdflib import URIRef
from rdflib.namespace import RDF

from graph.core.namespaces import EK
from graph.views.cards import Packer
from graph.views.index import indexed
from graph.views.layout import positions
from graph.views.scope import COLORS, EDGE_STYLE, RELATIONS, SHAPES, View, documents

__all__ = ["index_html", "positions", "render"]

VIS = ("pyvis", "templates/lib/vis-9.1.2")
EDGE_LABELS = 150  # views with more edges show relations by colour and dash only
CLUSTER_FROM = 250  # views with more linked nodes than this start with their documents as closed clusters
TOP_MAX = 120  # ... and with the rest by class when more than this many nodes would still stand alone
# relations the page starts with hidden (the analyst ticks them on): every entity's sector is a tag
# rather than a structure, and drawn as edges it ties every document to every sector hub
HIDDEN_RELATIONS = ("sector",)
# first screens (and filtered views) up to this many drawn nodes get a physics polish in the page;
# bigger ones keep their computed places (a polish of thousands of nodes takes seconds)
POLISH_UP_TO = 600
HUB_LABELS = 20  # the most connected nodes whose labels the page keeps legible at the first fit


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("graph.views", "templates"),
        autoescape=jinja2.select_autoescape(("html",)),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


@cache
def _vis() -> tuple[str, str]:
    lib = resources.files(VIS[0]).joinpath(VIS[1])
    return (lib / "vis-network.css").read_text(encoding="utf-8"), (lib / "vis-network.min.js").read_text(
        encoding="utf-8"
    )


def _weights(G: nx.MultiDiGraph) -> dict[Hashable, float]:
    """Node weights in [0, 1] (square root of degree over the highest degree) in the whole projection,
    so a node has the same size in every view; computed once per projection and kept with it."""
    if "weights" not in G.graph:
        if G.number_of_nodes() < 2:
            G.graph["weights"] = dict.fromkeys(G.nodes, 0.3)
        else:
            deg = dict(G.degree())
            top = max(deg.values()) or 1
            G.graph["weights"] = {n: round(math.sqrt(v / top), 3) for n, v in deg.items()}
    return G.graph["weights"]


def _options(n: int) -> dict:
    """vis-network options: small views spread out more; big views start from `positions` and only
    take a short polish (measured by benchmarks/viz.py)."""
    big, small = n > 1000, n <= 150
    return {
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "physics": {
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -2500 if big else -4000,
                "centralGravity": 0.3,
                "springLength": 150 if small else 90 if big else 110,
                "springConstant": 0.04,
                "damping": 0.4,
                "avoidOverlap": 0.3 if small else 0,
            },
            "minVelocity": 0.75 if n <= 500 else 2,
            # the cost of an iteration grows with n (and triples with the adaptive timestep), so
            # bigger views get fewer, plain iterations from their radial start
            "adaptiveTimestep": n <= 500,
            "stabilization": {
                "enabled": True,
                "iterations": 250 if n <= 500 else 60 if n <= 2000 else 40,
                "updateInterval": 10,
            },
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": big,
            "navigationButtons": False,
        },
        "nodes": {
            "font": {"size": 13, "strokeWidth": 3, "strokeColor": "#ffffff"},
            "borderWidth": 1,
            # sizes from the node weights (customScalingFunction in the template: size = min + w*(max-min));
            # labels grow with them but never beyond maxVisible on screen, and hide below drawThreshold
            "scaling": {
                "min": 8,
                "max": 34,
                "label": {"enabled": True, "min": 12, "max": 24, "maxVisible": 22, "drawThreshold": 6},
            },
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": {"size": 9, "color": "#555555", "strokeWidth": 3, "align": "middle"},
            "selectionWidth": 2,
        },
    }


def _groups(H: nx.MultiDiGraph, shown: nx.MultiDiGraph, linked: set) -> dict[Hashable, str]:
    """Clusters the page starts closed (node -> cluster key). Document clusters: each linked node
    mentioned in exactly one document of the view joins that document's cluster (key: the document id).
    When more than TOP_MAX nodes would still stand alone (entities of several documents in a big
    corpus), all but the HUB_LABELS most connected of them gather in one cluster per class
    (key: class:<Class>), so that the first screen is a map of documents, classes and hubs."""
    if len(linked) <= CLUSTER_FROM:
        return {}
    groups = {n: H.nodes[n]["docs"][0] for n in linked if len(H.nodes[n]["docs"]) == 1}
    if len(set(groups.values())) <= 1:
        groups = {}
    free = sorted((n for n in linked if n not in groups), key=lambda n: (-shown.degree(n), str(n)))
    if len(free) > TOP_MAX:
        rest = free[HUB_LABELS:]
        sizes = Counter(H.nodes[n]["type"] for n in rest)
        groups.update({n: "class:" + H.nodes[n]["type"] for n in rest if sizes[H.nodes[n]["type"]] >= 3})
    return groups


def _clusters(
    H: nx.MultiDiGraph, groups: Mapping[Hashable, str], docs: Mapping, xy: Mapping
) -> list[dict[str, Any]]:
    """The closed clusters as records: key, kind (document or class), what they show, size, place."""
    sizes = Counter(groups.values())
    titles = {i: (t, y) for i, t, y in docs.values()}
    out: list[dict[str, Any]] = []
    for key in sorted(sizes):
        x, y = xy[("cluster", key)]
        if key.startswith("class:"):
            cls = key[len("class:") :]
            label, title = f"{cls} ×{sizes[key]}", f"{sizes[key]} {cls} entities of several documents"
            out.append({"key": key, "kind": "class", "type": cls, "label": label, "title": title})
        else:
            t, yr = titles.get(key, ("", None))
            title = (
                f"{key} {t}"
                + (f" ({yr})" if yr else "")
                + f" · {sizes[key]} entities only this document mentions"
            )
            out.append({"key": key, "kind": "document", "label": f"{key} {t}", "title": title})
        out[-1] |= {"members": sizes[key], "x": x, "y": y}
    return out


def render(
    g: Any,
    G: nx.MultiDiGraph,
    view: View,
    texts: Mapping[str, str] | None = None,
    trend_links: Mapping[str, str] | None = None,
) -> str:
    """A self-contained HTML page of a view; G is the whole projection (for sizes and cards), texts the
    original documents by id (optional: quotes then show their sentence), trend_links indicator label ->
    href of its trend page (optional: the card's figures link there)."""
    ix = G.graph.get("index") or indexed(g)
    H = view.graph
    docs = documents(ix)
    weights = _weights(G)
    linked = {n for n in H if H.degree(n) > 0 or n == view.focus}
    shown = nx.MultiDiGraph(
        (s, o, k) for s, o, k in H.edges(keys=True) if k not in HIDDEN_RELATIONS
    )  # what the page first draws
    shown.add_nodes_from(linked)
    groups = _groups(H, shown, {n for n in linked if shown.degree(n) > 0})
    # a big corpus (classes gathered too) is drawn as a map: its documents on a ring around the rest
    as_map = any(k.startswith("class:") for k in groups.values())
    xy = positions(
        shown,
        view.focus,
        groups,
        ring=sorted({k for k in groups.values() if not k.startswith("class:")}) if as_map else (),
    )
    # nodes and edges as compact records: the page styles them by class and relation
    vis_nodes: list[dict] = []
    lone = []
    for n in sorted(H.nodes, key=str):
        d = H.nodes[n]
        if n not in linked:
            lone.append({"id": str(n), "zh": d["label"], "type": d["type"], "docs": list(d["docs"])})
            continue
        vis_nodes.append(
            {"id": str(n), "zh": d["label"], "type": d["type"], "docs": list(d["docs"])}
            | {"value": weights.get(n, 0.3), "x": xy[n][0], "y": xy[n][1]}
            | ({"en": d["en"]} if d["en"] else {})
            | ({"aliases": list(d["aliases"])} if d["aliases"] else {})
            | ({"cluster": groups[n]} if n in groups else {})
        )
    number = {node["id"]: i for i, node in enumerate(vis_nodes)}
    edges = sorted(H.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), e[2]))
    vis_edges = [[number[str(s)], number[str(o)], k, list(d.get("docs", ()))] for s, o, k, d in edges]
    types = Counter(t for _, t in H.nodes(data="type"))
    rels = Counter(k for _, _, k in H.edges(keys=True))
    in_view = {d for n in H for d in H.nodes[n]["docs"]}
    clusters = Counter(groups.values())
    cluster_records = _clusters(H, groups, docs, xy)
    free = sorted((n for n in linked if n not in groups), key=lambda n: (-shown.degree(n), str(n)))
    packer = Packer(texts)
    data = {
        "title": view.title,
        "nodes": vis_nodes,
        "edges": vis_edges,
        "lone": lone,
        "cards": {str(n): packer.card(ix, n) for n in sorted(H.nodes, key=str)},
        "refs": packer.table(),
        "quotes": packer.quote_table(),
        "edge_labels": H.number_of_edges() <= EDGE_LABELS,
        "titles": packer.titles,
        "trends": dict(sorted((trend_links or {}).items())),
        "types": [
            {"name": t, "color": COLORS[t], "shape": SHAPES.get(t, "dot"), "count": types[t]}
            for t in COLORS
            if types[t]
        ],
        "relations": [
            {"name": r, "count": rels[r], "shown": r not in HIDDEN_RELATIONS, **EDGE_STYLE[r]}
            for r in RELATIONS
            if rels[r]
        ],
        "documents": [
            {"id": i, "title": t, "year": y, "members": clusters.get(i, 0)}
            for i, t, y in docs.values()
            if i in in_view
        ],
        "clusters": cluster_records,
        "hubs": [str(n) for n in free[:HUB_LABELS]],
        "focus": str(view.focus) if view.focus is not None else None,
        "summary": f"{H.number_of_nodes()} nodes · {H.number_of_edges()} edges · "
        f"{nx.number_weakly_connected_components(H) if len(H) else 0} components",
        "note": view.note,
        "polish_up_to": POLISH_UP_TO,
        "map": as_map,
        "options": _options(len(linked) - len(groups) + len(clusters)),
    }
    css, js = _vis()
    # a tree made here: no check for cycles (a fifth of the encoder's time at 1,000 documents)
    payload = json.dumps(
        data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), check_circular=False
    )
    return (
        _env()
        .get_template("graph.html")
        .render(title=view.title, vis_css=css, vis_js=js, data=payload.replace("<", "\\u003c"))
    )


def index_html(
    g: Any,
    doc_views: Mapping[str, str],
    extra_links: Sequence[tuple[str, str]],
    overview: str,
) -> str:
    """The landing page linking the overview, the document views and any extra links."""
    ix = indexed(g)
    counts: Counter = Counter()
    for name in COLORS:  # the subjects of each class drawn, from the index by class
        n = len(ix.subjects(RDF.type, URIRef(str(EK) + name)))
        if n:
            counts[name] = n
    rows = [
        {
            "id": i,
            "year": y or "",
            "kind": str(ix.value(d, EK.documentKind) or ""),
            "title": t,
            "href": doc_views.get(i, ""),
        }
        for d, (i, t, y) in documents(ix).items()
    ]
    return (
        _env()
        .get_template("index.html")
        .render(
            overview=overview,
            rows=rows,
            extras=list(extra_links),
            classes=[{"name": t, "color": COLORS[t], "count": n} for t, n in sorted(counts.items())],
            total=sum(counts.values()),
        )
    )
