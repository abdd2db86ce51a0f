"""Deterministic positions of a view, computed once per build so the page needs no physics to start.

The first screen is the clustered graph (one node per closed cluster, `groups`: node -> cluster key),
laid out as radial trees per connected component (around the focus, if any), packed in rows; the page
polishes small first screens with a short physics run and draws big ones as they are. Each cluster's
members are laid out the same way around their cluster's place, so opening a cluster shows them where
it stood.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping

import networkx as nx

RING = 70.0  # distance between the rings of a radial tree

Point = tuple[float, float]


def _radial(U: nx.Graph, comp: set, centre: Hashable | None = None) -> tuple[dict[Hashable, Point], float]:
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


def _packed(U: nx.Graph, centre: Hashable | None) -> dict[Hashable, Point]:
    """Each component laid out radially (the centre's around it), packed in rows, largest first."""
    comps = sorted(nx.connected_components(U), key=lambda c: (centre not in c, -len(c), min(map(str, c))))
    return _rows([_radial(U, c, centre) for c in comps])


def _rows(blocks: list[tuple[dict[Hashable, Point], float]]) -> dict[Hashable, Point]:
    """Blocks (positions around their centre, radius) packed in rows about as wide as they are tall."""
    width = math.sqrt(sum((2 * r) ** 2 for _, r in blocks)) * 1.2
    out: dict[Hashable, Point] = {}
    x = y = row = 0.0
    for pos, r in blocks:
        if x > 0 and x + 2 * r > width:
            x, y, row = 0.0, y + row, 0.0
        for n, (px, py) in pos.items():
            out[n] = (x + r + px, y + r + py)
        x += 2 * r
        row = max(row, 2 * r)
    return out


def _rounded(pos: Mapping[Hashable, Point]) -> dict[Hashable, tuple[int, int]]:
    return {n: (round(x), round(y)) for n, (x, y) in pos.items()}


def _map(S: nx.Graph, outer: set) -> dict[Hashable, Point]:
    """A map of a big corpus: the `outer` nodes (document clusters) on a ring, the rest (class
    clusters and hubs) on rings inside it, most connected innermost; each ring in a fixed order."""
    ring = sorted(outer, key=str)
    inner = sorted((n for n in S if n not in outer), key=lambda n: (-S.degree(n), str(n)))
    out: dict[Hashable, Point] = {}
    radius = max(RING * 4, len(ring) * RING * 1.1 / (2 * math.pi))
    for i, n in enumerate(ring):
        a = 2 * math.pi * i / len(ring)
        out[n] = (radius * math.cos(a), radius * math.sin(a))
    placed, r = 0, RING * 1.5
    while placed < len(inner):
        fit = max(1, int(2 * math.pi * r / (RING * 1.6)))
        part = inner[placed : placed + fit]
        for i, n in enumerate(part):
            a = 2 * math.pi * i / len(part) + r / 100
            out[n] = (r * math.cos(a), r * math.sin(a))
        placed += len(part)
        r += RING * 1.3
    # the inner rings fill half the ring's radius, so that the hubs' labels stand apart at the fit
    reach = max((math.hypot(*out[n]) for n in inner if S.degree(n)), default=0.0)  # what is drawn at first
    if ring and 0 < reach < radius / 2:
        for n in inner:
            out[n] = (out[n][0] * radius / 2 / reach, out[n][1] * radius / 2 / reach)
    return out


def positions(
    H: nx.MultiDiGraph,
    centre: Hashable | None = None,
    groups: Mapping[Hashable, str] | None = None,
    ring: Iterable[str] = (),
) -> dict[Hashable, tuple[int, int]]:
    """Deterministic positions of the nodes of H (and of each cluster, keyed ("cluster", key)): the
    page starts from them, and every build draws the same picture. ring: cluster keys drawn as the
    outer ring of a map (the documents of a big corpus) around the rest."""
    U = nx.Graph()
    U.add_nodes_from(H)
    U.add_edges_from(H.edges())
    groups = groups or {}
    key = {n: ("cluster", groups[n]) if n in groups else n for n in U}
    S = nx.Graph()
    S.add_nodes_from(key.values())
    S.add_edges_from((key[a], key[b]) for a, b in U.edges if key[a] != key[b])
    outer = {("cluster", k) for k in ring}
    top = _map(S, outer & set(S)) if outer else _packed(S, key.get(centre))
    out = {n: top[n] for n in U if n not in groups}
    members: dict[str, nx.Graph] = {}  # each cluster's own graph, made in one pass over the edges
    for n in U:
        if n in groups:
            members.setdefault(groups[n], nx.Graph()).add_node(n)
    for a, b in U.edges:
        g = groups.get(a)
        if g is not None and g == groups.get(b):
            members[g].add_edge(a, b)
    for g, M in sorted(members.items()):
        inner = _packed(M, None)
        cx = sum(x for x, _ in inner.values()) / len(inner)
        cy = sum(y for _, y in inner.values()) / len(inner)
        gx, gy = top[("cluster", g)]
        out[("cluster", g)] = (gx, gy)
        for n, (x, y) in inner.items():
            out[n] = (gx + x - cx, gy + y - cy)
    return _rounded(out)
