"""One pass over a graph's triples into dictionaries, so that views read it in time linear in its size.

`Indexed` answers the few rdflib read calls the views and the entity cards use (`value`, `objects`,
`subjects`, `predicate_objects`, `subject_predicates`, `subject_objects`, `in`) from two dictionaries
built once, instead of rdflib pattern calls per node and per page; it also keeps the reified statements
by (subject, predicate, object), so a card finds the evidence of a link without scanning. Any iterable of
triples can feed it (an rdflib Graph), or the build's own statements (`Indexed.from_statements`: each
subject's predicates and objects as the build holds them, each term made once; no list of triples, no
re-parsing). The terms the views look up by (`named`) are the index's own objects, so that a lookup is
found by identity rather than by rdflib's equality, a Python call; `memo` keeps what the views make once
per build (graph.views.card, graph.views.quotes).
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
        literal: set[Node] = set()
        for s, p, o in triples:
            spo.setdefault(s, {}).setdefault(p, []).append(o)
            n += 1
            if not isinstance(o, Literal):
                ops.setdefault(o, {}).setdefault(p, []).append(s)
            else:
                literal.add(p)
        self._finish(spo, ops, n, literal)

    @classmethod
    def from_statements(
        cls, statements: Iterable[tuple[str, Mapping[str, Iterable[str]]]], term: Callable[[str], Node]
    ) -> Indexed:
        """The index of a graph given as its subjects' statements (subject -> predicate -> objects, as
        graph.rdf.triples.Built.statements gives them, each term a key) and `term`, which makes a key's
        rdflib term (once per key): the same index as of the triples those statements hold, in their
        order, without the triples made one by one."""
        terms = _Terms(term)
        for iri, node in _NAMED.items():  # the views' own objects for the terms they look up by
            key = "<" + iri + ">"
            if terms[key] == node:
                terms[key] = node
        spo: Index = {}
        ops: Index = {}
        n = 0
        literals = terms.literals  # isinstance(o, Literal) is slow when false (rdflib's terms are ABCs)
        literal: set[Node] = set()  # the properties with a literal value
        for skey, preds in statements:
            s = terms[skey]
            po = spo.get(s)
            added: Iterable[tuple[Node, list[Node]]]
            if po is None:  # each subject comes once (merged with its earlier triples if not)
                po = spo[s] = {terms[k]: [terms[o] for o in okeys] for k, okeys in preds.items()}
                added = po.items()
            else:
                added = []
                for pkey, okeys in preds.items():
                    objs = po.setdefault(terms[pkey], [])
                    more = [o for o in dict.fromkeys(terms[k] for k in okeys) if o not in objs]
                    objs += more
                    added.append((terms[pkey], more))
            for p, objs in added:
                n += len(objs)
                for o in objs:
                    if type(o) in literals:
                        literal.add(p)
                    else:
                        by = ops.get(o)
                        if by is None:
                            ops[o] = {p: [s]}
                        else:
                            subs = by.get(p)
                            if subs is None:
                                by[p] = [s]
                            else:
                                subs.append(s)
        self = cls.__new__(cls)
        self._finish(spo, ops, n, literal)
        return self

    def _finish(self, spo: Index, ops: Index, n: int, literal: set[Node]) -> None:
        self.spo, self.ops, self.size = spo, ops, n
        self.literal = literal  # properties with a literal value (which `ops` does not hold)
        statements: dict[tuple[Node, Node, Node], list[Node]] = {}
        for m in self.subjects(_TYPE, _STATEMENT):
            po = spo[m]
            for s in po.get(_SUBJECT, ()):
                for p in po.get(_PREDICATE, ()):
                    for o in po.get(_OBJECT, ()):
                        statements.setdefault((s, p, o), []).append(m)
        self.statements = statements
        self.memo: dict[Any, Any] = {}  # what graph.views.card and .quotes make once (quotes, labels, ...)

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

    def pairs(self, p: Node) -> list[tuple[Node, Node]]:
        """subject_objects(p) in no set order: for a property whose values are all IRIs or blank nodes,
        read from the objects' side (far fewer than the subjects: the mentions are never objects)."""
        if p in self.literal:
            return list(self.subject_objects(p))
        return [(s, o) for o, by in self.ops.items() for s in by.get(p, ())]

    def subject_objects(self, p: Node) -> Iterator[tuple[Node, Node]]:
        for s, po in self.spo.items():
            for o in po.get(p, ()):
                yield s, o


class _Terms(dict[str, Node]):
    """Keys -> rdflib terms, each made once. An IRI's key is its N3 form <iri>: made here without
    rdflib's check of each character (the build made it; the check only warns)."""

    def __init__(self, term: Callable[[str], Node]) -> None:
        super().__init__()
        self.term = term
        self.literals: set[type] = set()  # the types of the literals made

    def __missing__(self, key: str) -> Node:
        made: Node | None = str.__new__(URIRef, key[1:-1]) if key[0] == "<" else _literal(key)
        if made is None:
            made = self.term(key)
        self[key] = made
        if isinstance(made, Literal):
            self.literals.add(type(made))
        return made


def _literal(key: str) -> Literal | None:
    """The literal of a key in one of the plain forms "text", "text"@lang, "text"^^<datatype> with no
    escape in it, as rdflib.util.from_n3 makes it (None for any other form, which from_n3 reads)."""
    if key[0] != '"' or key.startswith('"""') or "\\" in key:
        return None
    end = key.rindex('"')
    body, rest = key[1:end], key[end + 1 :]
    if not rest:
        return Literal(body)
    if rest[0] == "@":
        return Literal(body, rest[1:])
    if rest.startswith("^^<") and rest[-1] == ">" and "^^" not in rest[2:]:
        return Literal(body, None, URIRef(rest[3:-1]))
    return None


def indexed(g: Any) -> Indexed:
    """The graph as an `Indexed` (itself if it already is one)."""
    from rdflib import Graph

    # an rdflib Graph is a set; the build's triples are an ordered set (dict keys)
    return g if isinstance(g, Indexed) else Indexed(g, unique=isinstance(g, Graph | dict))
