"""Graph views: a networkx projection of the RDF graph, drawn as a self-contained pyvis HTML page.

pyvis supplies the network model and ships vis-network; the page template is our own so that the
JavaScript and CSS are embedded and the page makes no network request.
"""

from __future__ import annotations

import json
from collections import defaultdict
from importlib import resources
from pathlib import Path

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from graph.model import Corpus
from graph.namespaces import EK

COLORS = {
    "University": "#1f77b4",
    "College": "#6baed6",
    "Campus": "#9ecae1",
    "School": "#17becf",
    "GovernmentBody": "#d62728",
    "ResearchCenter": "#8c564b",
    "Platform": "#e377c2",
    "ActionPlan": "#2ca02c",
    "Program": "#98df8a",
    "Task": "#bcbd22",
    "PolicyDocument": "#ff7f0e",
    "Goal": "#9467bd",
    "Place": "#7f7f7f",
    "Event": "#ffbb78",
    "Target": "#c5b0d5",
    "Indicator": "#c49c94",
}
SHAPES = {"Place": "triangle", "Goal": "star", "PolicyDocument": "box", "Target": "diamond", "Task": "square"}
RELATIONS = ("partOf", "supports", "targets", "locatedIn", "renamedTo", "issuedBy")
EDGE_STYLE = {
    "partOf": "#555",
    "supports": "#2ca02c",
    "targets": "#9467bd",
    "locatedIn": "#7f7f7f",
    "renamedTo": "#d62728",
    "issuedBy": "#ff7f0e",
}


def _zh(g: Graph, node: URIRef) -> str:
    labels = [str(o) for o in g.objects(node, RDFS.label) if isinstance(o, Literal) and o.language != "en"]
    return sorted(labels)[0] if labels else str(node).rsplit("/", 1)[-1]


def _type(g: Graph, node: URIRef) -> str | None:
    for t in sorted(g.objects(node, RDF.type)):
        s = str(t)
        if s.startswith(str(EK)) and s[len(str(EK)) :] in COLORS:
            return s[len(str(EK)) :]
    return None


def to_networkx(g: Graph) -> nx.MultiDiGraph:
    """Entities as nodes (with type and label), the core relations as edges."""
    G = nx.MultiDiGraph()
    for pred in RELATIONS:
        for s, o in g.subject_objects(EK[pred]):
            for n in (s, o):
                if n not in G:
                    typ = _type(g, n)
                    if typ is None:
                        continue
                    G.add_node(n, type=typ, label=_zh(g, n))
            if s in G and o in G:
                G.add_edge(s, o, key=pred, relation=pred)
    for s in g.subjects(RDF.type, None):
        typ = _type(g, s)
        if typ and typ not in ("Target", "Indicator") and s not in G:
            G.add_node(s, type=typ, label=_zh(g, s))
    return G


def _info(g: Graph, node: URIRef, limit: int = 5) -> dict:
    quotes = []
    for m in sorted(g.subjects(EK.evidenceFor, node))[:limit]:
        q, start, doc = (
            g.value(m, EK.quote),
            g.value(m, EK.start),
            g.value(m, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")),
        )
        ident = g.value(doc, URIRef("http://purl.org/dc/terms/identifier")) if doc else None
        quotes.append(f"[{ident}@{start}] {q}")
    links = []
    for pred in RELATIONS:
        links += [f"{pred} → {_zh(g, o)}" for o in g.objects(node, EK[pred]) if isinstance(o, URIRef)]
        links += [f"{_zh(g, s)} → {pred}" for s in g.subjects(EK[pred], node)]
    figures = [
        str(g.value(t, RDFS.label)) for t in g.objects(node, EK.targets) if (t, RDF.type, EK.Target) in g
    ]
    return {
        "label": _zh(g, node),
        "type": _type(g, node) or "",
        "en": next(
            (str(o) for o in g.objects(node, RDFS.label) if isinstance(o, Literal) and o.language == "en"), ""
        ),
        "aliases": sorted(str(a) for a in g.objects(node, SKOS.altLabel)),
        "links": sorted(links)[:40],
        "figures": sorted(figures)[:20],
        "quotes": quotes,
    }


def render(g: Graph, G: nx.MultiDiGraph, title: str, note: str = "") -> str:
    """A self-contained HTML page of a networkx view (pyvis builds the node and edge data)."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    degree = dict(G.degree())
    for n in sorted(G.nodes, key=str):
        d = G.nodes[n]
        aliases = " ".join(str(a) for a in g.objects(n, SKOS.altLabel))
        net.add_node(
            str(n),
            label=d["label"],
            title=f"{d['label']} ({d['type']})",
            color=COLORS.get(d["type"], "#ccc"),
            shape=SHAPES.get(d["type"], "dot"),
            size=8 + 2 * min(degree.get(n, 0), 15),
            group=d["type"],
            search=d["label"] + " " + aliases,
        )
    for s, o, k in sorted(G.edges(keys=True), key=lambda e: (str(e[0]), str(e[1]), e[2])):
        net.add_edge(str(s), str(o), label=k, color=EDGE_STYLE.get(k, "#999"), arrows="to", font={"size": 9})
    info = {str(n): _info(g, n) for n in G.nodes}
    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "colors": {k: v for k, v in COLORS.items() if any(G.nodes[n]["type"] == k for n in G.nodes)},
        "info": info,
        "summary": f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges. {note}".strip(),
        "options": {
            "physics": {"stabilization": {"iterations": 300}, "barnesHut": {"gravitationalConstant": -4000}},
            "interaction": {"hover": True},
            "edges": {"smooth": False},
        },
    }
    lib = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    template = (resources.files("graph") / "templates" / "graph.html").read_text(encoding="utf-8")
    return (
        template.replace("__TITLE__", title)
        .replace("__VIS_CSS__", (lib / "vis-network.css").read_text(encoding="utf-8"))
        .replace("__DATA__", json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/"))
        .replace("__VIS_JS__", (lib / "vis-network.min.js").read_text(encoding="utf-8"))
    )


def overview_html(g: Graph) -> str:
    G = to_networkx(g)
    return render(g, G, "EduKG overview")


def index_page(g: Graph, corpus: Corpus) -> str:
    counts: dict[str, int] = defaultdict(int)
    for e in corpus.entities:
        counts[e.type] += 1
    rows = "".join(f"<li>{t}: {n}</li>" for t, n in sorted(counts.items()))
    docs = "".join(
        f"<li>{d.meta.id} — {d.meta.title} ({d.meta.kind}, {d.meta.year})</li>" for d in corpus.documents
    )
    return (
        "<!DOCTYPE html><html lang=zh><head><meta charset=utf-8><title>EduKG</title></head><body>"
        "<h1>EduKG</h1><p><a href='edukg.html'>Overview graph</a> · <a href='edukg.ttl'>Turtle</a></p>"
        f"<h2>Documents</h2><ul>{docs}</ul><h2>Entities</h2><ul>{rows}</ul></body></html>\n"
    )


def write_view(g: Graph, out: Path, title: str = "EduKG") -> int:
    G = to_networkx(g)
    out.write_text(render(g, G, title), encoding="utf-8")
    return G.number_of_nodes()
