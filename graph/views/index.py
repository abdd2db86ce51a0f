"""One pass over a graph's triples into dictionaries, so that views read it in time linear in its size.

`Indexed` answers the few rdflib read calls the views and the entity cards use (`value`, `objects`,
`subjects`, `predicate_objects`, `subject_predicates`, `subject_objects`, `in`) from two dictionaries
built once, instead of rdflib pattern calls per node and per page; it also keeps the reified statements
by (subject, predicate, object), so a card finds the evidence of a link without scanning. Any iterable of
triples can feed it: an rdflib Graph, or the build's own list of triples (no re-parsing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

Triple = tuple[Node, Node, Node]
_NAMED: dict[str, Node] = {}


def named(term: URIRef) -> URIRef:
    """The one object of an IRI that the views look things up by (a class, a property). An index made
    from statements holds these very objects, so a lookup by them is found by identity, without rdflib's
    equality test (a Python call) on every hit; any equal term finds the same entries."""
    return _NAMED.setdefault(str(term), term)  # type: ignore[return-value]


_TYPE, _STATEMENT = named(RDF.type), named(RDF.Statement)
_SUBJECT, _PREDICATE, _OBJECT = named(RDF.subject), named(RDF.predicate), named(RDF.object)
Index = dict[Node, dict[Node, list[Node]]]


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
        self._finish(spo, ops, n)

    @classmethod
    def from_statements(
        cls, statements: Iterable[tuple[str, Mapping[str, Iterable[str]]]], term: Callable[[str], Node]
    ) -> Indexed:
        """The index of a graph given as its subjects' statements (subject -> predicate -> objects, as
        graph.rdf.triples.Built.statements gives them, each term a key) and `term`, which makes a key's
        rdflib term (once per key): the same index as of the triples those statements hold, in their
        order, without the triples made one by one."""
        terms: dict[str, Node] = {}
        for iri, node in _NAMED.items():  # the views' own objects for the terms they look up by
            key = "<" + iri + ">"
            if term(key) == node:
                terms[key] = node
        literal: set[str] = set()  # the keys of literals (no object -> subject entry)
        spo: dict[Node, dict[Node, list[Node]]] = {}
        ops: dict[Node, dict[Node, list[Node]]] = {}
        n = 0
        for skey, preds in statements:
            s = terms.get(skey)
            if s is None:
                s = terms[skey] = term(skey)
            po = spo.get(s)
            again = po is not None  # a subject met before: its repeated triples are dropped
            if po is None:
                po = spo[s] = {}
            for pkey, okeys in preds.items():
                p = terms.get(pkey)
                if p is None:
                    p = terms[pkey] = term(pkey)
                objs = po.get(p)
                if objs is None:
                    objs = po[p] = []
                for okey in okeys:
                    o = terms.get(okey)
                    if o is None:
                        o = terms[okey] = term(okey)
                        if isinstance(o, Literal):
                            literal.add(okey)
                    if again and o in objs:
                        continue
                    objs.append(o)
                    n += 1
                    if okey not in literal:
                        ops.setdefault(o, {}).setdefault(p, []).append(s)
        self = cls.__new__(cls)
        self._finish(spo, ops, n)
        return self

    def _finish(self, spo: Index, ops: Index, n: int) -> None:
        self.spo, self.ops, self.size = spo, ops, n
        statements: dict[tuple[Node, Node, Node], list[Node]] = {}
        for m in self.subjects(_TYPE, _STATEMENT):
            po = spo[m]
            for s in po.get(_SUBJECT, ()):
                for p in po.get(_PREDICATE, ()):
                    for o in po.get(_OBJECT, ()):
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
