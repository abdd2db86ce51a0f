"""One pass over a graph's triples into dictionaries, so that views read it in time linear in its size.

`Indexed` answers the few rdflib read calls the views and the entity cards use (`value`, `objects`,
`subjects`, `predicate_objects`, `subject_predicates`, `subject_objects`, `in`) from two dictionaries
built once, instead of rdflib pattern calls per node and per page; it also keeps the reified statements
by (subject, predicate, object), so a card finds the evidence of a link without scanning. Any iterable of
triples can feed it: an rdflib Graph, or the build's own list of triples (no re-parsing).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rdflib import Literal
from rdflib.namespace import RDF
from rdflib.term import Node

Triple = tuple[Node, Node, Node]


class Indexed:
    """A read-only graph held as subject -> predicate -> objects and object -> predicate -> subjects."""

    def __init__(self, triples: Iterable[Triple], unique: bool = False) -> None:
        """unique: the triples are known to be distinct (an rdflib Graph); otherwise repeats are dropped."""
        if not unique:
            triples = dict.fromkeys(triples)
        spo: dict[Node, dict[Node, list[Node]]] = {}
        ops: dict[Node, dict[Node, list[Node]]] = {}
        n = 0
        for s, p, o in triples:
            spo.setdefault(s, {}).setdefault(p, []).append(o)
            n += 1
            if not isinstance(o, Literal):
                ops.setdefault(o, {}).setdefault(p, []).append(s)
        self.spo, self.ops, self.size = spo, ops, n
        statements: dict[tuple[Node, Node, Node], list[Node]] = {}
        for m in self.subjects(RDF.type, RDF.Statement):
            po = spo[m]
            for s in po.get(RDF.subject, ()):
                for p in po.get(RDF.predicate, ()):
                    for o in po.get(RDF.object, ()):
                        statements.setdefault((s, p, o), []).append(m)
        self.statements = statements
        self.memo: dict[Node, Any] = {}  # graph.views.card keeps each mention's quote here once made

    def __len__(self) -> int:
        return self.size

    def __iter__(self) -> Iterator[Triple]:
        for s, po in self.spo.items():
            for p, objs in po.items():
                for o in objs:
                    yield s, p, o

    def __contains__(self, triple: Any) -> bool:
        s, p, o = triple
        return o in self.spo.get(s, {}).get(p, ())

    def objects(self, s: Node, p: Node) -> list[Node]:
        return self.spo.get(s, {}).get(p, [])

    def subjects(self, p: Node, o: Node) -> list[Node]:
        return self.ops.get(o, {}).get(p, [])

    def value(self, s: Node, p: Node) -> Node | None:
        objs = self.spo.get(s, {}).get(p)
        return objs[0] if objs else None

    def predicate_objects(self, s: Node) -> Iterator[tuple[Node, Node]]:
        for p, objs in self.spo.get(s, {}).items():
            for o in objs:
                yield p, o

    def subject_predicates(self, o: Node) -> Iterator[tuple[Node, Node]]:
        for p, subs in self.ops.get(o, {}).items():
            for s in subs:
                yield s, p

    def subject_objects(self, p: Node) -> Iterator[tuple[Node, Node]]:
        for s, po in self.spo.items():
            for o in po.get(p, ()):
                yield s, o


def indexed(g: Any) -> Indexed:
    """The graph as an `Indexed` (itself if it already is one)."""
    from rdflib import Graph

    # an rdflib Graph is a set; the build's triples are an ordered set (dict keys)
    return g if isinstance(g, Indexed) else Indexed(g, unique=isinstance(g, Graph | dict))
