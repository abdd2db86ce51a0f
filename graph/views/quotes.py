"""The quotes behind an entity card: each mention as a `Quote` (document, span, text, rule), the evidence of a
statement (its reified statements' mentions) and of an entity, sorted so that every process prints them alike.

With an indexed graph (graph.views.index.Indexed) each quote, each statement's evidence and each
document's title is made once per build and kept in the index's memo; with an rdflib Graph (`edukg show`
on a small neighbourhood) they are made when asked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF
from rdflib.term import Node

from graph.core.namespaces import EK
from graph.views.index import named

T = TypeVar("T")

# namespace members looked up once (rdflib resolves RDF.type and the like by a slow attribute hook), as
# the objects an index holds (graph.views.index.named: found by identity)
_START, _END, _QUOTE, _RULE = named(EK.start), named(EK.end), named(EK.quote), named(EK.rule)
_TYPE, _STATEMENT, _EVIDENCE_FOR = named(RDF.type), named(RDF.Statement), named(EK.evidenceFor)
_IDENTIFIER, _TITLE, _DERIVED = named(DCTERMS.identifier), named(DCTERMS.title), named(PROV.wasDerivedFrom)
_QUOTED = (_DERIVED, _START, _END, _QUOTE, _RULE)


@dataclass(frozen=True)
class Quote:
    document: str
    title: str
    start: int
    end: int
    quote: str
    rule: str


def memo(g: Graph, key: Any, make: Callable[[], T]) -> T:
    """make(), kept in the graph's memo when it has one (graph.views.index.Indexed: once per build)."""
    kept = getattr(g, "memo", None)
    if kept is None:
        return make()
    found = kept.get(key)
    if found is None:
        found = kept[key] = make()
    return found


def quote_of(g: Graph, m: Node) -> Quote:
    return memo(g, m, lambda: _make_quote(g, m))


def document_of(g: Graph, doc: Node | None) -> tuple[str, str]:
    """A document's identifier and title ('' if none), made once per document with an Indexed graph."""
    if doc is None:
        return "", ""
    return memo(g, ("document", doc), lambda: (_least(g, doc, _IDENTIFIER), _least(g, doc, _TITLE)))


def _make_quote(g: Graph, m: Node) -> Quote:
    spo = getattr(g, "spo", None)  # graph.views.index.Indexed: the mention's properties at once
    po = spo.get(m, {}) if spo is not None else {p: list(g.objects(m, p)) for p in _QUOTED}
    document, title = document_of(g, _first(po, _DERIVED))
    text = _first(po, _QUOTE)
    return Quote(
        document=document,
        title=title,
        start=_int(_first(po, _START)),
        end=_int(_first(po, _END)),
        # a plain literal is false only when empty, and then its text is '' too (rdflib's bool is slow)
        quote=str(text) if type(text) is Literal and text.datatype is None else str(text or ""),
        rule=", ".join(sorted({str(r) for r in po.get(_RULE, ())})),  # a mention two rules found
    )


def _first(po: dict[Node, list[Node]], p: Node) -> Node | None:
    objs = po.get(p)
    return objs[0] if objs else None


def _least(g: Graph, s: Node, p: URIRef) -> str:
    """The first of a property's values in string order ('' if none): the same whichever store."""
    return min((str(o) for o in g.objects(s, p)), default="")


def _int(v: Node | None) -> int:
    return int(str(v)) if v is not None else 0


def sorted_quotes(quotes: list[Quote]) -> list[Quote]:
    """Distinct quotes in one order (document, span, rule, text, title); a list of one as it is."""
    # every field in the key: quotes that tie on their span and rule (one span, two titles or texts)
    # must not keep the set's order, which changes from one process to the next
    if len(quotes) < 2:
        return quotes
    return sorted(set(quotes), key=lambda q: (q.document, q.start, q.end, q.rule, q.quote, q.title))


def statement_evidence(g: Graph, s: Node, p: Node, o: Node) -> list[Quote]:
    """The quotes of a statement (once per build with an Indexed graph: both its ends' cards show them)."""
    return memo(g, ("evidence", s, p, o), lambda: _make_evidence(g, s, p, o))


def _make_evidence(g: Graph, s: Node, p: Node, o: Node) -> list[Quote]:
    index = getattr(g, "statements", None)  # graph.views.index.Indexed: the statements by triple
    if index is not None:
        ms = set(index.get((s, p, o), ()))
    else:
        ms = (
            set(g.subjects(RDF.subject, s))
            & set(g.subjects(RDF.predicate, p))
            & set(g.subjects(RDF.object, o))
        )
    return sorted_quotes([quote_of(g, m) for m in ms])


def entity_quotes(g: Graph, node: Node) -> list[Quote]:
    if getattr(g, "memo", None) is not None:  # graph.views.index.Indexed: the reified statements once
        stated = memo(g, ("statements",), lambda: set(g.subjects(_TYPE, _STATEMENT)))
        ms = [m for m in g.subjects(_EVIDENCE_FOR, node) if m not in stated]
    else:
        ms = [m for m in g.subjects(_EVIDENCE_FOR, node) if (m, _TYPE, _STATEMENT) not in g]
    return sorted_quotes([quote_of(g, m) for m in ms])
