"""The build's graph as the Turtle writer takes it: each subject's statement rendered once, in order.

Most of a graph's subjects are ek:Mention nodes of one of two shapes (a quote, or a quote of a reified
statement), each made of one request (graph.rdf.triples.Built.mention). Such a node is written by filling
a template that `statement` itself wrote (so its bytes are those of the generic writer, by construction),
without building its predicate table, sorting its predicates or formatting each term; a node that two
requests make (two facts read from one span) goes through the generic `statement`.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator

from graph.core.keys import digest
from graph.knowledge.rules import rule
from graph.rdf.serialize import Rendered, rendered, statement
from graph.rdf.terms import RDF_TYPE, integer, plain, text
from graph.rdf.triples import EK, ID, PROV, RDF, Built, Preds, Request, add_mention

_FIELDS = ("derived", "start", "end", "quote", "rule", "target", "subject", "predicate", "object")


def _template(reified: bool) -> str:
    """The statement of a mention node with a placeholder for each term, as a format string."""
    marks = {f: f"\x00{f}\x00" for f in _FIELDS}
    preds: Preds = {
        RDF_TYPE: {EK.Mention: None},
        PROV.wasDerivedFrom: {marks["derived"]: None},
        EK.start: {marks["start"]: None},
        EK.end: {marks["end"]: None},
        EK.quote: {marks["quote"]: None},
        EK.rule: {marks["rule"]: None},
        EK.evidenceFor: {marks["target"]: None},
    }
    if reified:
        preds[RDF_TYPE][RDF.Statement] = None
        preds[RDF.subject] = {marks["subject"]: None}
        preds[RDF.predicate] = {marks["predicate"]: None}
        preds[RDF.object] = {marks["object"]: None}
    out = statement("\x00node\x00", preds).replace("{", "{{").replace("}", "}}")
    for f in ("node", *_FIELDS):
        out = out.replace(f"\x00{f}\x00", "{" + f + "}")
    return out


_PLAIN = _template(False)
_REIFIED = _template(True)
_INTEGER = text(integer(0)).replace('"0"', '"{}"', 1)  # '"{}"^^xsd:integer'
_RULES: dict[str, str] = {}


def _rule(rule_id: str) -> str:
    t = _RULES.get(rule_id)
    if t is None:
        t = _RULES[rule_id] = plain(rule(rule_id))
    return t


def statements(built: Built) -> Iterator[Rendered]:
    """Every subject's rendered statement in the Turtle's order (the order of `built.statements()`)."""
    table = rendered((s, built.subjects[s]) for s in sorted(built.subjects))
    return heapq.merge(table, _mentions(built), key=_first)


def _first(item: Rendered) -> str:
    return item[0]


def _mentions(built: Built) -> Iterator[Rendered]:
    ids = sorted(built.requests, key=lambda d: d + "/")
    if any("/" in d for d in ids):  # one document's mentions would not sort together: all at once
        every = [r for d in ids for r in _mentions_of(built, d)]
        every.sort(key=_first)
        yield from every
        return
    for d in ids:  # mention/<id>/...: the documents' mentions follow one another in this order
        yield from _mentions_of(built, d)


def _mentions_of(built: Built, doc_id: str) -> list[Rendered]:
    """One document's ek:Mention nodes, rendered, sorted by key (as `Built.mentions_of` makes them)."""
    doc = built.docs[doc_id]
    raw, span = doc.raw, doc.original_span
    derived = text(built.doc_iri(doc))
    prefix = f"<{ID}mention/{doc_id}/"
    nodes: dict[str, list[tuple[int, int, Request]]] = {}
    for req in built.requests.get(doc_id, ()):
        ev, _, reified = req
        start, end = span(ev.start, ev.end)
        local = f"{prefix}{start}-{end}"
        if reified is not None:
            local += "/" + digest("|".join(k[1:-1] for k in reified), 8)
        node = local + ">"
        found = nodes.get(node)
        if found is None:
            nodes[node] = [(start, end, req)]
        else:
            found.append((start, end, req))
    out: list[Rendered] = []
    for node in sorted(nodes):
        reqs = nodes[node]
        if len(reqs) > 1:
            preds = _preds(reqs, built.doc_iri(doc), raw)
            out.append((node, statement(node, preds), sum(len(o) for o in preds.values()), True))
            continue
        start, end, (ev, target, reified) = reqs[0]
        fields = {
            "node": node,
            "derived": derived,
            "start": _INTEGER.format(start),
            "end": _INTEGER.format(end),
            "quote": plain(raw[start:end]),
            "rule": _rule(ev.rule),
            "target": text(target),
        }
        if reified is None:
            out.append((node, _PLAIN.format_map(fields), 7, True))
        else:
            fields["subject"], fields["predicate"], fields["object"] = (text(k) for k in reified)
            out.append((node, _REIFIED.format_map(fields), 11, True))
    return out


def _preds(reqs: list[tuple[int, int, Request]], derived: str, raw: str) -> Preds:
    """The predicates of a mention node made by several requests (as `Built.mentions_of` makes them)."""
    preds: Preds = {}
    for start, end, req in reqs:
        add_mention(preds, start, end, req, derived, raw)
    return preds
