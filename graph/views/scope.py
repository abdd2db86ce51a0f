"""Graph views: a networkx projection of the RDF graph, cut to a view, drawn as a self-contained page.

`to_networkx` projects entities and the core relations; `select` applies a `ViewSpec` (scope by
document and year, focus neighbourhood, classes, node cap) and says what it left out; `viz` renders
the view with pyvis's network model into our own template (graph/viz_page.py), with vis-network
inlined so the page works offline from file://.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from graph.core.errors import ViewError
from graph.core.namespaces import EK, EKID
from graph.views.index import Indexed, indexed, named

COLORS = {
    "University": "#1f77b4",
    "College": "#6baed6",
    "Campus": "#9ecae1",
    "School": "#17becf",
    "ResearchCenter": "#8c564b",
    "GovernmentBody": "#d62728",
    "Platform": "#e377c2",
    "ActionPlan": "#2ca02c",
    "Program": "#74c476",
    "Task": "#bcbd22",
    "PolicyDocument": "#ff7f0e",
    "Goal": "#9467bd",
    "Target": "#c5b0d5",
    "Place": "#7f7f7f",
    "Event": "#f7b6d2",
    "Sector": "#dbdb8d",
}
SHAPES = {
    "GovernmentBody": "hexagon",
    "Platform": "triangleDown",
    "ActionPlan": "square",
    "Task": "square",
    "PolicyDocument": "hexagon",
    "Goal": "star",
    "Target": "diamond",
    "Place": "triangle",
    "Event": "triangleDown",
    "Sector": "hexagon",
}
RELATIONS = ("partOf", "supports", "targets", "locatedIn", "renamedTo", "issuedBy", "sector")
# classes a focus stops at (it shows them, but does not walk on through them) unless asked to
HUBS = ("Place", "PolicyDocument", "Sector")
EDGE_STYLE: dict[str, dict] = {
    "partOf": {"color": "#555555", "dashes": False, "width": 1.5},
    "supports": {"color": "#2ca02c", "dashes": False, "width": 1},
    "targets": {"color": "#9467bd", "dashes": [6, 4], "width": 1},
    "locatedIn": {"color": "#999999", "dashes": [2, 4], "width": 1},
    "renamedTo": {"color": "#d62728", "dashes": [8, 3], "width": 2.5},
    "issuedBy": {"color": "#ff7f0e", "dashes": [4, 2, 1, 2], "width": 1.5},
    "sector": {"color": "#c9c97a", "dashes": [1, 3], "width": 1},
}
MENTIONED_IN = named(EK.mentionedIn)
_TYPE, _LABEL, _ALIAS = named(RDF.type), named(RDFS.label), named(SKOS.altLabel)
_IDENTIFIER, _TITLE, _YEAR = named(DCTERMS.identifier), named(DCTERMS.title), named(EK.year)
_DERIVED = named(PROV.wasDerivedFrom)
NO_ENTITY = "no entity named {}; try edukg stats --central or a label from the graph"


def _local(term: URIRef) -> str:
    return str(term).rsplit("#", 1)[-1]


def _labels(g: Indexed, node: Node) -> tuple[str, str]:
    """The node's Chinese (or untagged) label and its English one ('' if none)."""
    zh: list[str] = []
    en: list[str] = []
    for o in g.objects(node, _LABEL):
        if isinstance(o, Literal):
            (en if o.language == "en" else zh).append(str(o))
    return (min(zh) if zh else str(node).rsplit("/", 1)[-1]), (min(en) if en else "")


_EK = str(EK)


def _type(g: Indexed, node: Node) -> str | None:
    for s in sorted(map(str, g.objects(node, _TYPE))):
        if s.startswith(_EK) and s[len(_EK) :] in COLORS:
            return s[len(_EK) :]
    return None


def documents(g: Graph | Indexed) -> dict[URIRef, tuple[str, str, int | None]]:
    """Input documents: IRI -> (identifier, title, year); the first identifier if a document has several."""
    ix = indexed(g)
    found = ix.memo.get(("documents",))  # once per index: the views ask for them page by page
    if found is None:
        found = ix.memo[("documents",)] = _documents(ix)
    return dict(found)


def _documents(g: Indexed) -> dict[URIRef, tuple[str, str, int | None]]:
    out: dict[URIRef, tuple[str, str, int | None]] = {}
    for doc, ident in g.subject_objects(_IDENTIFIER):
        if isinstance(doc, URIRef) and (doc not in out or str(ident) < out[doc][0]):
            year = g.value(doc, _YEAR)
            out[doc] = (
                str(ident),
                str(g.value(doc, _TITLE) or ident),
                int(str(year)) if year else None,
            )
    return dict(sorted(out.items(), key=lambda kv: kv[1][0]))


def _edge_docs(g: Indexed, docs: dict[URIRef, tuple[str, str, int | None]]) -> dict[tuple, set[str]]:
    """Which documents state each relation (from the reified statements of the mentions)."""
    out: dict[tuple, set[str]] = {}
    for key, ms in g.statements.items():
        for m in ms:
            doc = g.value(m, _DERIVED)
            if isinstance(doc, URIRef) and doc in docs:
                out.setdefault(key, set()).add(docs[doc][0])
    return out


def to_networkx(g: Graph | Indexed) -> nx.MultiDiGraph:
    """Entities as nodes, the core relations as edges keyed by relation, in one pass over the graph.

    Node attributes: type, label (zh), en, aliases, docs (document ids), years (of those documents).
    Edge attributes: relation, docs (the documents stating it; empty for curated facts).
    The graph attribute `index` keeps the `Indexed` graph, from which pages take the entity cards.
    """
    ix = indexed(g)
    docs = documents(ix)
    G = nx.MultiDiGraph(documents={i: {"title": t, "year": y} for i, t, y in docs.values()}, index=ix)

    def add(n: Node) -> bool:
        if n in G:
            return True
        typ = _type(ix, n) if isinstance(n, URIRef) else None
        if typ is None:
            return False
        mentioned = {docs[d] for d in ix.objects(n, MENTIONED_IN) if isinstance(d, URIRef) and d in docs}
        zh, en = _labels(ix, n)
        G.add_node(
            n,
            type=typ,
            label=zh,
            en=en,
            aliases=tuple(sorted({str(a) for a in ix.objects(n, _ALIAS)})),
            docs=tuple(sorted(d[0] for d in mentioned)),
            years=tuple(sorted({d[2] for d in mentioned if d[2]})),
        )
        return True

    stated = _edge_docs(ix, docs)
    reprs: dict[Node, str] = {}

    def text(pair: tuple[Node, Node]) -> str:  # str(pair), each term's repr made once
        s, o = pair
        rs, ro = reprs.get(s), reprs.get(o)
        if rs is None:
            rs = reprs[s] = repr(s)
        if ro is None:
            ro = reprs[o] = repr(o)
        return f"({rs}, {ro})"

    for pred in RELATIONS:
        p = URIRef(_EK + pred)
        for s, o in sorted(ix.pairs(p), key=text):  # a total order: the pairs' order does not matter
            if add(s) and add(o):
                G.add_edge(s, o, key=pred, relation=pred, docs=tuple(sorted(stated.get((s, p, o), ()))))
    # the nodes of a class drawn (_type is None for any other): from the index by class, not a pass
    # over every typed subject (mentions, statements)
    typed = {s for c in COLORS for s in ix.subjects(_TYPE, URIRef(_EK + c)) if isinstance(s, URIRef)}
    for s in sorted(typed, key=str):
        if _type(ix, s) not in (None, "Target"):
            add(s)
    return G


def find_node(G: nx.MultiDiGraph, name: str) -> Hashable:
    """The node named by an IRI, a label (zh or en) or an alias; the most connected one if several."""
    key = name.strip()
    iri = URIRef(str(EKID) + key[5:] if key.startswith("ekid:") else key)
    if iri in G:
        return iri
    for f in ("label", "en", "aliases"):
        hits = [n for n, d in G.nodes(data=True) if key.lower() in (v.lower() for v in _values(d.get(f)))]
        if hits:
            return sorted(hits, key=lambda n: (-G.degree(n), str(n)))[0]
    raise ViewError(NO_ENTITY.format(name))


def _values(v: object) -> Iterable[str]:
    if isinstance(v, str):
        return (v,) if v else ()
    return tuple(v) if isinstance(v, tuple | list) else ()


@dataclass(frozen=True)
class ViewSpec:
    """What a view shows: a focus neighbourhood, restricted by class, document and year, capped."""

    focus: str | None = None
    depth: int = 1
    types: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    max_nodes: int | None = None
    title: str = ""
    through: bool = False  # let the focus walk through hubs (places, documents, sectors)


@dataclass
class View:
    """A cut of the projection, with what was asked and what was left out."""

    graph: nx.MultiDiGraph
    spec: ViewSpec
    focus: Hashable | None = None
    before_cap: int = 0
    left_out: Counter = field(default_factory=Counter)

    @property
    def title(self) -> str:
        if self.spec.title:
            return self.spec.title
        parts = []
        if self.focus is not None:
            parts.append(f"{self.graph.nodes[self.focus]['label']} (depth {self.spec.depth})")
        if self.spec.docs:
            parts.append("document " + ", ".join(self.spec.docs))
        if self.spec.years:
            parts.append("year " + ", ".join(map(str, self.spec.years)))
        if self.spec.types:
            parts.append(", ".join(self.spec.types))
        return "EduKG: " + (" · ".join(parts) if parts else "overview")

    @property
    def note(self) -> str:
        """What the page says about nodes the cap left out ('' when nothing was)."""
        if not self.left_out:
            return ""
        n = sum(self.left_out.values())
        kinds = ", ".join(f"{t} {c}" for t, c in sorted(self.left_out.items(), key=lambda x: (-x[1], x[0])))
        return (
            f"Showing {self.graph.number_of_nodes()} of {self.before_cap} nodes: "
            f"{n} left out by --max-nodes ({kinds})."
        )


def _canon_types(types: Sequence[str]) -> set[str]:
    known = {t.lower(): t for t in COLORS}
    out = set()
    for t in types:
        name = t.split("#")[-1].split(":")[-1]
        if name.lower() not in known:
            raise ViewError(f"unknown class {t!r}; choose from {', '.join(sorted(COLORS))}")
        out.add(known[name.lower()])
    return out


def scope(G: nx.MultiDiGraph, docs: Sequence[str] = (), years: Sequence[int] = ()) -> nx.MultiDiGraph:
    """The nodes mentioned in the given documents and years, and the relations those documents state."""
    if not docs and not years:
        return G
    known: dict[str, dict] = G.graph.get("documents", {})
    for d in docs:
        if d not in known:
            raise ViewError(f"no document {d!r} in the graph; documents: {', '.join(sorted(known))}")
    wanted = set(docs)
    if years:
        by_year = {d for d, meta in known.items() if meta["year"] in set(years)}
        if not by_year:
            known_years = sorted({m["year"] for m in known.values() if m["year"]})
            raise ViewError(
                f"no document of year {', '.join(map(str, years))}; years in the graph: "
                + ", ".join(map(str, known_years))
            )
        wanted = (wanted & by_year) if docs else by_year
    keep = [n for n, ds in G.nodes(data="docs") if wanted & set(ds)]
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from((n, G.nodes[n]) for n in keep)
    H.add_edges_from(
        (s, o, k, d)
        for s, o, k, d in G.edges(keys=True, data=True)
        if s in H and o in H and (not d["docs"] or wanted & set(d["docs"]))
    )
    return H


def neighbourhood(
    G: nx.MultiDiGraph, node: Hashable, depth: int, through: bool = False
) -> dict[Hashable, int]:
    """Nodes within `depth` hops of `node`, ignoring edge direction, with their distance; the walk
    stops at hub nodes (places, documents, sectors: shown, not walked through) unless `through`."""
    dist = {node: 0}
    frontier = [node]
    for d in range(1, depth + 1):
        nxt = []
        for n in frontier:
            if n != node and not through and G.nodes[n].get("type") in HUBS:
                continue
            for m in sorted(set(G.successors(n)) | set(G.predecessors(n)), key=str):
                if m not in dist:
                    dist[m] = d
                    nxt.append(m)
        frontier = nxt
    return dist


def select(G: nx.MultiDiGraph, spec: ViewSpec) -> View:
    """Apply a view spec to the projection: scope, focus, classes, then the node cap."""
    focus = find_node(G, spec.focus) if spec.focus else None
    H = scope(G, spec.docs, spec.years)
    if focus is not None and focus not in H:
        H = H.copy()
        H.add_node(focus, **G.nodes[focus])
    dist: dict[Hashable, int] = {}
    if focus is not None:
        dist = neighbourhood(H, focus, max(spec.depth, 0), spec.through)
        H = H.subgraph(dist)
    if spec.types:
        types = _canon_types(spec.types)
        spec = replace(spec, types=tuple(sorted(types)))
        H = H.subgraph(n for n, t in H.nodes(data="type") if t in types or n == focus)
    before = H.number_of_nodes()
    left_out: Counter = Counter()
    if spec.max_nodes is not None and before > spec.max_nodes:
        if spec.max_nodes < 1:
            raise ViewError(f"--max-nodes {spec.max_nodes}: give at least 1")
        ranked = sorted(H.nodes, key=lambda n: (dist.get(n, 0), -H.degree(n), str(n)))
        keep = ranked[: spec.max_nodes]
        left_out = Counter(H.nodes[n]["type"] for n in ranked[spec.max_nodes :])
        H = H.subgraph(keep)
    # the projection itself when nothing was cut (the page only reads it): no copy of a corpus's graph
    graph = H if H is G else nx.MultiDiGraph(H)
    return View(graph=graph, spec=spec, focus=focus, before_cap=before, left_out=left_out)
