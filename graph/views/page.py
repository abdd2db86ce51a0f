"""HTML of graph views and the index page: pyvis builds the node and edge model, our template draws it.

The page inlines vis-network (shipped in the pyvis package) and all data as one JSON object, so it
makes no network request and works from file://. Output is deterministic: sorted nodes, edges and keys.
"""

from __future__ import annotations

import html
import json
import math
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from importlib import resources

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from graph.core.namespaces import EK
from graph.views.scope import COLORS, EDGE_STYLE, RELATIONS, SHAPES, View, documents

VIS = ("pyvis", "templates/lib/vis-9.1.2")
MAX_QUOTES = 6
LABEL_CHARS = 14
EDGE_LABELS = 150  # views with more edges show relations by colour and dash only


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


STOPS = "。；！？"
CONTEXT = 48


def _context(raw: str, start: int, end: int) -> tuple[str, str]:
    """The text of the sentence around a quote, back to the previous stop and on to the next one;
    line breaks are dropped (newspaper layouts break lines inside words)."""
    before = raw[max(0, start - CONTEXT) : start]
    cut = max(before.rfind(c) for c in STOPS)
    before = before[cut + 1 :] if cut >= 0 else ("…" if start > CONTEXT else "") + before
    after = raw[end : end + CONTEXT]
    stops = [i for i in (after.find(c) for c in STOPS) if i >= 0]
    if stops:
        after = after[: min(stops) + 1]
    elif end + CONTEXT < len(raw):
        after += "…"
    return _oneline(before).lstrip(), _oneline(after).rstrip()


def _oneline(text: str) -> str:
    return "".join(text.splitlines())


def _quotes(g: Graph, node: URIRef, docs: dict, texts: Mapping[str, str]) -> list[dict]:
    """Source quotes of a node with their sentence when the document text is at hand, by place."""
    seen: dict[str, dict] = {}
    for m in g.subjects(EK.evidenceFor, node):
        if (m, RDF.type, RDF.Statement) in g:
            continue  # evidence of a relation, shown with the relation
        q, start, end, doc = (
            g.value(m, EK.quote),
            g.value(m, EK.start),
            g.value(m, EK.end),
            g.value(m, PROV.wasDerivedFrom),
        )
        if q is None or doc not in docs:
            continue
        item = {
            "doc": docs[doc][0],
            "start": int(str(start or 0)),
            "end": int(str(end or 0)),
            "quote": str(q),
        }
        raw = texts.get(item["doc"], "")
        if raw[item["start"] : item["end"]] == item["quote"]:
            item["before"], item["after"] = _context(raw, item["start"], item["end"])
        key = f"{item['doc']}|{item['start']}"
        if key not in seen or (item["start"], item["end"]) < (seen[key]["start"], seen[key]["end"]):
            seen[key] = item
    return sorted(seen.values(), key=lambda x: (x["doc"], x["start"], x["end"]))


def _figure(g: Graph, t: URIRef) -> dict:
    def val(p: URIRef) -> str:
        v = g.value(t, p)
        return str(v) if v is not None else ""

    ind = g.value(t, EK.indicator)
    return {
        "id": str(t),
        "label": val(RDFS.label),
        "indicator": str(g.value(ind, RDFS.label) or "") if ind is not None else "",
        "value": val(EK.value),
        "unit": val(EK.unit),
        "comparator": val(EK.comparator),
        "year": val(EK.year),
        "status": val(EK.status),
    }


def node_info(
    g: Graph, G: nx.MultiDiGraph, node: Hashable, docs: dict, texts: Mapping[str, str] | None = None
) -> dict:
    """What the side panel shows for a node: links, figures and source quotes."""
    d = G.nodes[node]
    links = [
        {"rel": k, "dir": "out", "id": str(o), "label": G.nodes[o]["label"]}
        for _, o, k in G.out_edges(node, keys=True)
    ] + [
        {"rel": k, "dir": "in", "id": str(s), "label": G.nodes[s]["label"]}
        for s, _, k in G.in_edges(node, keys=True)
    ]
    subject = URIRef(str(node))
    figures = [
        _figure(g, t)
        for t in sorted(g.objects(subject, EK.targets), key=str)
        if isinstance(t, URIRef) and (t, RDF.type, EK.Target) in g
    ]
    if d["type"] == "Target":
        figures.insert(0, _figure(g, subject))
    quotes = _quotes(g, subject, docs, texts or {})
    return {
        "iri": str(node),
        "links": sorted(links, key=lambda x: (x["dir"] != "out", x["rel"], x["label"], x["id"])),
        "figures": figures,
        "quotes": quotes[:MAX_QUOTES],
        "more_quotes": max(0, len(quotes) - MAX_QUOTES),
    }


def _weights(G: nx.MultiDiGraph) -> dict[Hashable, float]:
    """Node weights in [0, 1] (square root of degree centrality over the highest) in the whole
    projection, so a node has the same size in every view; the page maps them to size and label."""
    if G.number_of_nodes() < 2:
        return dict.fromkeys(G.nodes, 0.3)
    c = nx.degree_centrality(G)
    top = max(c.values()) or 1.0
    return {n: round(math.sqrt(v / top), 3) for n, v in c.items()}


RING = 70.0  # distance between the rings of a radial tree


def _radial(
    U: nx.Graph, comp: set, centre: Hashable | None = None
) -> tuple[dict[Hashable, tuple[float, float]], float]:
    """A radial tree layout of one component around `centre` (default: its most connected node),
    each subtree given an angle in proportion to its leaves; returns positions and the radius."""
    root = centre if centre in comp else min(comp, key=lambda n: (-U.degree(n), str(n)))
    children: dict[Hashable, list] = {root: []}
    depth = {root: 0}
    order = [root]
    for n in order:  # breadth-first; `order` grows while we walk it
        for m in sorted(U[n], key=str):
            if m not in depth:
                depth[m] = depth[n] + 1
                children[n].append(m)
                children[m] = []
                order.append(m)
    leaves: dict[Hashable, int] = {}
    for n in reversed(order):
        leaves[n] = sum(leaves[c] for c in children[n]) or 1
    pos = {root: (0.0, 0.0)}
    span = {root: (0.0, 2 * math.pi)}
    for n in order:
        lo, hi = span[n]
        for c in children[n]:
            part = (hi - lo) * leaves[c] / leaves[n]
            span[c] = (lo, lo + part)
            a, r = lo + part / 2, depth[c] * RING
            pos[c] = (r * math.cos(a), r * math.sin(a))
            lo += part
    return pos, max(depth.values()) * RING + RING / 2


def positions(H: nx.MultiDiGraph, centre: Hashable | None = None) -> dict[Hashable, tuple[int, int]]:
    """Deterministic starting positions: each component laid out radially (the focus component
    around the focus), components packed in rows, largest first. Physics then only polishes, so big
    views settle sooner and every build draws the same picture."""
    U = nx.Graph(H.to_undirected(as_view=True))
    comps = sorted(nx.connected_components(U), key=lambda c: (centre not in c, -len(c), min(map(str, c))))
    blocks = [_radial(U, c, centre) for c in comps]
    width = math.sqrt(sum((2 * r) ** 2 for _, r in blocks)) * 1.2
    out: dict[Hashable, tuple[int, int]] = {}
    x = y = row = 0.0
    for pos, r in blocks:
        if x > 0 and x + 2 * r > width:
            x, y, row = 0.0, y + row, 0.0
        for n, (px, py) in pos.items():
            out[n] = (round(x + r + px), round(y + r + py))
        x += 2 * r
        row = max(row, 2 * r)
    return out


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


def render(g: Graph, G: nx.MultiDiGraph, view: View, texts: Mapping[str, str] | None = None) -> str:
    """A self-contained HTML page of a view; G is the whole projection (for sizes and links), texts the
    original documents by id (optional: quotes then show their sentence)."""
    from pyvis.edge import Edge
    from pyvis.network import Network

    H = view.graph
    docs = documents(g)
    weights = _weights(G)
    xy = positions(H, view.focus)
    net = Network(directed=True, cdn_resources="in_line")
    for n in sorted(H.nodes, key=str):
        d = H.nodes[n]
        color: str | dict = COLORS.get(d["type"], "#cccccc")
        if n == view.focus:
            color = {
                "background": color,
                "border": "#000000",
                "highlight": {"background": color, "border": "#000000"},
            }
        net.add_node(
            str(n),
            label=_short(d["label"]),
            title=f"{d['label']}" + (f" / {d['en']}" if d["en"] else "") + f" ({d['type']})",
            color=color,
            shape=SHAPES.get(d["type"], "dot"),
            value=weights.get(n, 0.3),
            x=xy[n][0],
            y=xy[n][1],
            type=d["type"],
            zh=d["label"],
            en=d["en"],
            aliases=list(d["aliases"]),
            docs=list(d["docs"]),
            years=list(d["years"]),
            **({"borderWidth": 4} if n == view.focus else {}),
        )
    labelled = H.number_of_edges() <= EDGE_LABELS
    edges = sorted(H.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), e[2]))
    for i, (s, o, k, d) in enumerate(edges):
        style = EDGE_STYLE.get(k, {"color": "#999999", "dashes": False, "width": 1})
        # pyvis's Edge model; Network.add_edge scans the node list per edge (quadratic on big views)
        edge = Edge(
            str(s),
            str(o),
            True,
            id=f"e{i}",
            relation=k,
            docs=list(d.get("docs", ())),
            title=f"{H.nodes[s]['label']} —{k}→ {H.nodes[o]['label']}",
            color=style["color"],
            dashes=style["dashes"],
            width=style["width"],
            **({"label": k} if labelled else {}),
        )
        net.edges.append(edge.options)
    types = Counter(t for _, t in H.nodes(data="type"))
    rels = Counter(k for _, _, k in H.edges(keys=True))
    data = {
        "title": view.title,
        "nodes": net.nodes,
        "edges": net.edges,
        "info": {str(n): node_info(g, G, n, docs, texts) for n in H.nodes},
        "types": [
            {"name": t, "color": COLORS[t], "shape": SHAPES.get(t, "dot"), "count": types[t]}
            for t in COLORS
            if types[t]
        ],
        "relations": [{"name": r, "count": rels[r], **EDGE_STYLE[r]} for r in RELATIONS if rels[r]],
        "documents": [
            {"id": i, "title": t, "year": y}
            for i, t, y in docs.values()
            if any(i in H.nodes[n]["docs"] for n in H.nodes)
        ],
        "focus": str(view.focus) if view.focus is not None else None,
        "summary": f"{H.number_of_nodes()} nodes · {H.number_of_edges()} edges · "
        f"{nx.number_weakly_connected_components(H) if len(H) else 0} components",
        "note": view.note,
        "options": _options(H.number_of_nodes()),
    }
    lib = resources.files(VIS[0]).joinpath(VIS[1])
    template = (resources.files("graph.views") / "templates" / "graph.html").read_text(encoding="utf-8")
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        template.replace("__TITLE__", html.escape(view.title))
        .replace("__VIS_CSS__", (lib / "vis-network.css").read_text(encoding="utf-8"))
        .replace("__DATA__", payload.replace("</", "<\\/"))
        .replace("__VIS_JS__", (lib / "vis-network.min.js").read_text(encoding="utf-8"))
    )


def index_html(
    g: Graph, doc_views: Mapping[str, str], extra_links: Sequence[tuple[str, str]], overview: str
) -> str:
    """The landing page linking the overview, the document views and any extra links."""
    e = html.escape
    counts = Counter(
        str(c)[len(str(EK)) :] for c in g.objects(None, RDF.type) if str(c)[len(str(EK)) :] in COLORS
    )
    rows = "".join(
        f"<tr><td>{e(i)}</td><td>{y or ''}</td><td>{e(str(g.value(d, EK.documentKind) or ''))}</td>"
        f"<td>{e(t)}</td><td>"
        + (f"<a href='{e(doc_views[i])}'>graph view</a>" if i in doc_views else "")
        + "</td></tr>"
        for d, (i, t, y) in documents(g).items()
    )
    extras = "".join(f"<li><a href='{e(h)}'>{e(t)}</a></li>" for t, h in extra_links)
    classes = "".join(
        f"<li><i style='background:{COLORS[t]}'></i>{e(t)} <b>{n}</b></li>" for t, n in sorted(counts.items())
    )
    return (
        "<!DOCTYPE html>\n<html lang='zh'><head><meta charset='utf-8'><title>EduKG</title>"
        "<meta name='viewport' content='width=device-width'><style>"
        "body{font-family:'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;margin:2em auto;"
        "max-width:960px;color:#222;padding:0 1em}a{color:#1f5fa8}table{border-collapse:collapse;width:100%}"
        "td,th{border-bottom:1px solid #e3e3e3;padding:6px 8px;text-align:left;font-size:14px}"
        "ul.cls{columns:3;list-style:none;padding:0}ul.cls i{display:inline-block;width:10px;height:10px;"
        "margin-right:6px;border-radius:2px}.big{font-size:18px}"
        "</style></head><body><h1>EduKG</h1>"
        f"<p class='big'><a id='overview' href='{e(overview)}'>Overview graph</a> — every entity and relation "
        f"({sum(counts.values())} entities) · <a href='edukg.ttl'>Turtle</a></p>"
        "<h2>Documents</h2><table><tr><th>id</th><th>year</th><th>kind</th><th>title</th><th>view</th></tr>"
        f"{rows}</table>"
        + (f"<h2>More views</h2><ul id='extra-links'>{extras}</ul>" if extras else "")
        + f"<h2>Entities by class</h2><ul class='cls'>{classes}</ul></body></html>\n"
    )
