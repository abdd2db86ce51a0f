"""Deterministic starting positions of a view: radial trees per connected component, packed in rows.

With `groups` (node -> cluster id, the document clusters the page starts closed), the layout is made on
the clustered graph (one node per cluster) and each cluster's members are laid out around the place of
their cluster, so that opening a cluster shows its members where it stood.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping

import networkx as nx

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


def _packed(U: nx.Graph, centre: Hashable | None) -> dict[Hashable, tuple[float, float]]:
    """Each component laid out radially (the centre's around it), packed in rows, largest first."""
    comps = sorted(nx.connected_components(U), key=lambda c: (centre not in c, -len(c), min(map(str, c))))
    blocks = [_radial(U, c, centre) for c in comps]
    width = math.sqrt(sum((2 * r) ** 2 for _, r in blocks)) * 1.2
    out: dict[Hashable, tuple[float, float]] = {}
    x = y = row = 0.0
    for pos, r in blocks:
        if x > 0 and x + 2 * r > width:
            x, y, row = 0.0, y + row, 0.0
        for n, (px, py) in pos.items():
            out[n] = (x + r + px, y + r + py)
        x += 2 * r
        row = max(row, 2 * r)
    return out


def positions(
    H: nx.MultiDiGraph, centre: Hashable | None = None, groups: Mapping[Hashable, str] | None = None
) -> dict[Hashable, tuple[int, int]]:
    """Deterministic starting positions (physics then only polishes, so big views settle sooner and
    every build draws the same picture); with `groups`, laid out as the clustered graph."""
    U = nx.Graph(H.to_undirected(as_view=True))
    if not groups:
        return {n: (round(x), round(y)) for n, (x, y) in _packed(U, centre).items()}
    key = {n: ("cluster", groups[n]) if n in groups else n for n in U}
    S = nx.Graph()
    S.add_nodes_from(key.values())
    S.add_edges_from((key[a], key[b]) for a, b in U.edges if key[a] != key[b])
    top = _packed(S, key.get(centre) if centre is not None else None)
    members: dict[str, list[Hashable]] = {}
    for n, g in groups.items():
        if n in U:
            members.setdefault(g, []).append(n)
    out = {n: (round(top[n][0]), round(top[n][1])) for n in U if n not in groups}
    for g, ns in sorted(members.items()):
        inner = _packed(U.subgraph(ns), None)
        cx = sum(x for x, _ in inner.values()) / len(inner)
        cy = sum(y for _, y in inner.values()) / len(inner)
        gx, gy = top[("cluster", g)]
        for n, (x, y) in inner.items():
            out[n] = (round(gx + x - cx), round(gy + y - cy))
    return out
