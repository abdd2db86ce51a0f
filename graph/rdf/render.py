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
from graph.rdf.serialize import Rendered, nt_statement, rendered, statement
from graph.rdf.terms import RDF_TYPE, integer, nt, nt_string, plain, text
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


# the same nodes in N-Triples, for the store (lenient N-Triples loads ~15% faster than Turtle): by field
_NT_TRIPLES = (
    ("type", RDF_TYPE, EK.Mention),
    ("derived", PROV.wasDerivedFrom, "{derived}"),
    ("start", EK.start, "{start}"),
    ("end", EK.end, "{end}"),
    ("quote", EK.quote, "{quote}"),
    ("rule", EK.rule, "{rule}"),
    ("target", EK.evidenceFor, "{target}"),
    ("reified", RDF_TYPE, RDF.Statement),
    ("reified", RDF.subject, "{subject}"),
    ("reified", RDF.predicate, "{predicate}"),
    ("reified", RDF.object, "{object}"),
)


def _nt_template(*fields: str) -> str:
    return "".join(f"{{node}} {p} {o} .\n" for field, p, o in _NT_TRIPLES if field in fields)


_PLAIN = _template(False)
_REIFIED = _template(True)
_SPAN = ("type", "start", "end", "quote", "rule")  # what the text says alone of a mention node
_NT_SPAN = _nt_template(*_SPAN)
_NT_REST = _nt_template("derived", "target")  # the rest of a plain node: what resolving the corpus decides
_NT_PLAIN = _nt_template(*_SPAN, "derived", "target")
_NT_REIFIED = _nt_template(*_SPAN, "derived", "target", "reified")
_INTEGER = text(integer(0)).replace('"0"', '"{}"', 1)  # '"{}"^^xsd:integer'
_RULES: dict[str, str] = {}


def _rule(rule_id: str) -> str:
    t = _RULES.get(rule_id)
    if t is None:
        t = _RULES[rule_id] = plain(rule(rule_id))
    return t


def _nt_rule(rule_id: str) -> str:
    return nt(_rule(rule_id))


def statements(built: Built, store: bool = False) -> Iterator[Rendered]:
    """Every subject's rendered statement in the Turtle's order (the order of `built.statements()`); with
    `store`, each with what the store has still to load of it, in N-Triples."""
    table = rendered(((s, built.subjects[s]) for s in sorted(built.subjects)), store)
    return heapq.merge(table, _mentions(built, store), key=_first)


def _first(item: Rendered) -> str:
    return item[0]


def _mentions(built: Built, store: bool = False) -> Iterator[Rendered]:
    ids = sorted(built.requests, key=lambda d: d + "/")
    if any("/" in d for d in ids):  # one document's mentions would not sort together: all at once
        every = [r for d in ids for r in _mentions_of(built, d, store)]
        every.sort(key=_first)
        yield from every
        return
    for d in ids:  # mention/<id>/...: the documents' mentions follow one another in this order
        yield from _mentions_of(built, d, store)


def _mentions_of(built: Built, doc_id: str, store: bool = False) -> list[Rendered]:
    """One document's ek:Mention nodes, rendered, sorted by key (as `Built.mentions_of` makes them); with
    `store`, each with its N-Triples but for what `built.early` says the store has loaded already."""
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
    early = built.early.get(doc_id) if store else None  # its spans already in the store (text_statements)
    out: list[Rendered] = []
    for node in sorted(nodes):
        reqs = nodes[node]
        if len(reqs) > 1:
            preds = _preds(reqs, built.doc_iri(doc), raw)
            n = sum(len(o) for o in preds.values())
            out.append((node, statement(node, preds), n, True, nt_statement(node, preds) if store else ""))
            continue
        start, end, (ev, target, reified) = reqs[0]
        quote = raw[start:end]
        fields = {
            "node": node,
            "derived": derived,
            "start": _INTEGER.format(start),
            "end": _INTEGER.format(end),
            "quote": plain(quote),
            "rule": _rule(ev.rule),
            "target": text(target),
        }
        todo = ""
        if store:
            nts = {"node": node, "derived": built.doc_iri(doc), "target": target}
            if reified is None and early and (start, end, ev.rule) in early:
                todo = _NT_REST.format_map(nts)
            else:
                nts.update(
                    start=integer(start), end=integer(end), quote=nt_string(quote), rule=_nt_rule(ev.rule)
                )
        if reified is None:
            if store and not todo:
                todo = _NT_PLAIN.format_map(nts)
            out.append((node, _PLAIN.format_map(fields), 7, True, todo))
        else:
            fields["subject"], fields["predicate"], fields["object"] = (text(k) for k in reified)
            if store:
                nts["subject"], nts["predicate"], nts["object"] = (nt(k) for k in reified)
                todo = _NT_REIFIED.format_map(nts)
            out.append((node, _REIFIED.format_map(fields), 11, True, todo))
    if early:
        _unloaded(built, early, nodes, prefix, raw)
    return out


def _unloaded(
    built: Built, early: set[Span], nodes: dict[str, list[tuple[int, int, Request]]], prefix: str, raw: str
) -> None:
    """What the store holds of a document's early statements and the graph does not (a span whose
    entity another one with the same key replaced): `built.unloaded` gets it (N-Triples), to be taken
    out of the store. A node of the graph has the span's type and quote; only its rule can be missing."""
    final = {(s, e, req[0].rule) for reqs in nodes.values() for s, e, req in reqs if req[2] is None}
    for start, end, rule_id in sorted(early - final):
        node = f"{prefix}{start}-{end}>"
        if node in nodes:
            built.unloaded.append(f"{node} {EK.rule} {_nt_rule(rule_id)} .\n")
        else:
            built.unloaded.append(_span_nt(node, start, end, raw, rule_id))


def _span_nt(node: str, start: int, end: int, raw: str, rule_id: str) -> str:
    return _NT_SPAN.format(
        node=node,
        start=integer(start),
        end=integer(end),
        quote=nt_string(raw[start:end]),
        rule=_nt_rule(rule_id),
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
    node's type, span, quote and rule (where the node is derived from and what it is evidence for wait
    for the resolve). Their triples in N-Triples, and the spans they are of."""
    raw, span = doc.raw, doc.original_span
    prefix = f"<{ID}mention/{doc.meta.id}/"
    spans: set[Span] = set()
    out = []
    for m in mentions:
        start, end = span(m.start, m.end)
        key = (start, end, m.rule)
        if key not in spans:
            spans.add(key)
            out.append(_span_nt(f"{prefix}{start}-{end}>", start, end, raw, m.rule))
    return "".join(out), spans
