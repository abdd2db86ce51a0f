"""The build's graph as the Turtle writer takes it: each subject's statement rendered once, in order.

Most of a graph's subjects are ek:Mention nodes of one of two shapes (a quote, or a quote of a reified
statement), each made of one request (graph.rdf.triples.Built.mention). Such a node is written by filling
a template that `statement` itself wrote (so its bytes are those of the generic writer, by construction),
without building its predicate table, sorting its predicates or formatting each term; a node that two
requests make (two facts read from one span) goes through the generic `statement`.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator

from graph.core.keys import digest
from graph.core.model import Document, Mention
from graph.knowledge.rules import rule
from graph.rdf.serialize import Rendered, rendered, statement
from graph.rdf.terms import RDF_TYPE, integer, plain, text
from graph.rdf.triples import EK, ID, PROV, RDF, Built, Preds, Request, add_mention

_FIELDS = ("derived", "start", "end", "quote", "rule", "target", "subject", "predicate", "object")


def _template(reified: bool, fields: tuple[str, ...] = _FIELDS) -> str:
    """The statement of a mention node with a placeholder for each term, as a format string; `fields`:
    only the predicates of these fields (rdf:type ek:Mention goes with "start")."""
    marks = {f: f"\x00{f}\x00" for f in _FIELDS}
    every = (
        (RDF_TYPE, EK.Mention, "start"),
        (PROV.wasDerivedFrom, marks["derived"], "derived"),
        (EK.start, marks["start"], "start"),
        (EK.end, marks["end"], "end"),
        (EK.quote, marks["quote"], "quote"),
        (EK.rule, marks["rule"], "rule"),
        (EK.evidenceFor, marks["target"], "target"),
    )
    preds: Preds = {p: {o: None} for p, o, field in every if field in fields}
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
_SPAN = _template(False, ("start", "end", "quote", "rule"))  # what a mention of the text says alone
_REST = _template(False, ("derived", "target"))  # the rest of a plain node: what resolving it decides
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
    early = built.early.get(doc_id)  # spans of this document already in the store (text_statements)
    out: list[Rendered] = []
    for node in sorted(nodes):
        reqs = nodes[node]
        if len(reqs) > 1:
            preds = _preds(reqs, built.doc_iri(doc), raw)
            st = statement(node, preds)
            out.append((node, st, sum(len(o) for o in preds.values()), True, st))
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
            st = _PLAIN.format_map(fields)
            rest = _REST.format_map(fields) if early and (start, end, ev.rule) in early else st
            out.append((node, st, 7, True, rest))
        else:
            fields["subject"], fields["predicate"], fields["object"] = (text(k) for k in reified)
            st = _REIFIED.format_map(fields)
            out.append((node, st, 11, True, st))
    if early:
        _unloaded(built, early, nodes, prefix, raw)
    return out


def _unloaded(
    built: Built, early: set[Span], nodes: dict[str, list[tuple[int, int, Request]]], prefix: str, raw: str
) -> None:
    """What the store holds of a document's early statements and the graph does not (a span whose
    entity another one with the same key replaced): `built.unloaded` gets it, to be taken out of the
    store. A node of the graph has the span's type and quote; only its rule can be missing."""
    final = {(s, e, req[0].rule) for reqs in nodes.values() for s, e, req in reqs if req[2] is None}
    for start, end, rule_id in sorted(early - final):
        node = f"{prefix}{start}-{end}>"
        if node in nodes:
            built.unloaded.append(f"{node} {text(EK.rule)} {_rule(rule_id)} .")
        else:
            quote = plain(raw[start:end])
            span = _INTEGER.format(start), _INTEGER.format(end)
            built.unloaded.append(
                _SPAN.format(node=node, start=span[0], end=span[1], quote=quote, rule=_rule(rule_id))
            )


def _preds(reqs: list[tuple[int, int, Request]], derived: str, raw: str) -> Preds:
    """The predicates of a mention node made by several requests (as `Built.mentions_of` makes them)."""
    preds: Preds = {}
    for start, end, req in reqs:
        add_mention(preds, start, end, req, derived, raw)
    return preds


Span = tuple[int, int, str]  # a mention node's span in the original text, and a rule that read it


def text_statements(doc: Document, mentions: Iterable[Mention]) -> tuple[str, set[Span]]:
    """What a document's text alone decides of its mentions' nodes, before the corpus is resolved: each
    node's type, span, quote and rule (`_SPAN`; where the node is derived from and what it is evidence
    for wait for the resolve). The statements (Turtle, with `turtle_head`) and the spans they give."""
    raw, span = doc.raw, doc.original_span
    prefix = f"<{ID}mention/{doc.meta.id}/"
    spans: set[Span] = set()
    out = []
    for m in mentions:
        start, end = span(m.start, m.end)
        key = (start, end, m.rule)
        if key in spans:
            continue
        spans.add(key)
        out.append(
            _SPAN.format(
                node=f"{prefix}{start}-{end}>",
                start=_INTEGER.format(start),
                end=_INTEGER.format(end),
                quote=plain(raw[start:end]),
                rule=_rule(m.rule),
            )
        )
    return "\n\n".join(out), spans
