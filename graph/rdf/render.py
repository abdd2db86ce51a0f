"""The build's graph as the Turtle writer takes it: each subject's statement rendered once, in order.

Most of a graph's subjects are ek:Mention nodes of one of two shapes (a quote, or a quote of a reified
statement), each made of one request (graph.rdf.triples.Built.mention). Such a node is written by filling
a template that `statement` itself wrote (so its bytes are those of the generic writer, by construction),
without building its predicate table, sorting its predicates or formatting each term; a node that two
requests make (two facts read from one span) goes through the generic `statement`.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from operator import itemgetter
from string import Formatter
from typing import Any, cast

from graph.core.keys import digest
from graph.core.model import Document, Mention
from graph.knowledge.rules import rule
from graph.rdf.terms import RDF_TYPE, integer, plain, text
from graph.rdf.triples import EK, ID, MENTIONS, PROV, RDF, Built, Preds, Request, add_mention
from graph.rdf.turtle import Rendered, rendered, statement

_FIELDS = ("node", "derived", "start", "end", "quote", "rule", "target", "subject", "predicate", "object")
_INTEGER_KEY = integer(0).replace('"0"', '"{}"', 1)  # the key of an integer literal, its lexical form a mark


def _template(reified: bool, fields: tuple[str, ...] = _FIELDS) -> str:
    """The statement of a mention node with a positional placeholder for each term (`_FIELDS`' index), as
    a format string; start and end take the integers themselves. `fields`: only the predicates of these
    fields (rdf:type ek:Mention goes with "start")."""
    marks = {f: f"\x00{f}\x00" for f in _FIELDS}
    every = (
        (RDF_TYPE, EK.Mention, "start"),
        (PROV.wasDerivedFrom, marks["derived"], "derived"),
        (EK.start, _INTEGER_KEY.format(marks["start"]), "start"),
        (EK.end, _INTEGER_KEY.format(marks["end"]), "end"),
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
    out = statement(marks["node"], preds).replace("{", "{{").replace("}", "}}")
    for k, f in enumerate(_FIELDS):
        out = out.replace(marks[f], "{" + str(k) + "}")
    return out


def _filler(template: str) -> Callable[..., str]:
    """`template.format` with all of `_FIELDS` as positional arguments, as a function made of an f-string
    of the same text: the same string, without parsing the template again at every node (str.format
    does; the build fills one for each of hundreds of thousands of mention nodes)."""
    body = []
    for literal, field, spec, conversion in Formatter().parse(template):
        body.append(literal.replace("{", "{{").replace("}", "}}"))
        if field is not None:
            if spec or conversion or not field.isdigit():
                raise ValueError(f"not a template of positional fields: {template!r}")
            body.append("{f" + field + "}")
    names = ", ".join(f"f{k}=None" for k in range(len(_FIELDS)))
    code: dict[str, Any] = {}
    exec(f"def fill({names}):\n    return f{''.join(body)!r}\n", code)  # our own template's text
    return cast(Callable[..., str], code["fill"])


# str.format with positional arguments (node, derived, start, end, quote, rule, target, subject,
# predicate, object; a template takes the ones it has): no dict of fields made per node
_PLAIN = _template(False)
_REIFIED = _template(True)
_SPAN = _template(False, ("start", "end", "quote", "rule"))  # what a mention of the text says alone
_REST = _template(False, ("derived", "target"))  # the rest of a plain node: what resolving it decides
_FILL_PLAIN, _FILL_REIFIED, _FILL_SPAN, _FILL_REST = map(_filler, (_PLAIN, _REIFIED, _SPAN, _REST))
_RULES: dict[str, str] = {}
_LOCAL = itemgetter(0)  # a node's local part, of a (local, request) item
_ESCAPED = re.compile(r'[\\"\n\r]').search  # a quote with one of these is written by `plain`


def _rule(rule_id: str) -> str:
    t = _RULES.get(rule_id)
    if t is None:
        t = _RULES[rule_id] = plain(rule(rule_id))
    return t


def _quote(q: str) -> str:
    """`plain(q)`, without a call for a quote that needs no escape (almost every one)."""
    return plain(q) if _ESCAPED(q) else f'"{q}"'


def statements(built: Built) -> Iterator[Rendered]:
    """Every subject's rendered statement in the Turtle's order (the order of `built.statements()`); the
    mention nodes of a document as one item (its nodes' statements one after another, as the writer
    would write them, `Rendered`'s count of ek:Mention nodes their number) when nothing falls between
    them.

    Every mention node's key starts with MENTIONS, and no other subject's does (else they are merged):
    the table's subjects that sort before that prefix, then the mentions, then the rest of the table,
    without comparing each statement's key on the way (a merge's cost)."""
    keys = sorted(built.subjects)
    cut = bisect_left(keys, MENTIONS)
    if cut < len(keys) and keys[cut].startswith(MENTIONS):
        table = rendered((s, built.subjects[s]) for s in keys)
        return heapq.merge(table, _mentions(built, False), key=_first)
    before = rendered((s, built.subjects[s]) for s in keys[:cut])
    after = rendered((s, built.subjects[s]) for s in keys[cut:])
    return chain(before, _mentions(built, True), after)


def _first(item: Rendered) -> str:
    return item[0]


def _mentions(built: Built, whole: bool) -> Iterator[Rendered]:
    """The mention nodes in the Turtle's order; `whole`: a document's nodes as one item."""
    ids = sorted(built.requests, key=lambda d: d + "/")
    texts: dict[str, str] = {}  # Turtle text of the terms mentions are evidence for (each repeats)
    if any("/" in d for d in ids):  # one document's mentions would not sort together: all at once
        every = [r for d in ids for r in _mentions_of(built, d, texts)]
        every.sort(key=_first)
        yield from every
        return
    for d in ids:  # mention/<id>/...: the documents' mentions follow one another in this order
        if whole:
            keys, sts, counts, todos = _nodes(built, d, texts)
            if keys:
                st = "\n\n".join(sts)
                yield (keys[0], st, sum(counts), len(keys), st if todos is None else "\n\n".join(todos))
        else:
            yield from _mentions_of(built, d, texts)


def _text_of(texts: dict[str, str], key: str) -> str:
    t = texts.get(key)
    if t is None:
        t = texts[key] = text(key)
    return t


def _mentions_of(built: Built, doc_id: str, texts: dict[str, str] | None = None) -> list[Rendered]:
    """One document's ek:Mention nodes, rendered, sorted by key (as `Built.mentions_of` makes them).
    `texts`: the Turtle text of terms already written (filled as it goes)."""
    keys, sts, counts, todos = _nodes(built, doc_id, {} if texts is None else texts)
    return [
        (k, st, n, 1, todo)
        for k, st, n, todo in zip(keys, sts, counts, sts if todos is None else todos, strict=True)
    ]


def _nodes(
    built: Built, doc_id: str, texts: dict[str, str]
) -> tuple[list[str], list[str], list[int], list[str] | None]:
    """A document's ek:Mention nodes sorted by key: their keys, statements, triple counts and what of
    each the store has still to load (None: all of each, nothing of the document loaded early)."""
    doc = built.docs[doc_id]
    raw, offsets = doc.raw, doc.offsets
    derived = text(built.doc_iri(doc))
    prefix = f"<{ID}mention/{doc_id}/"
    # node (its IRI after `prefix`, which every node of the document shares: they sort as the IRIs do)
    # -> its request (the first, when several); `shared`: node -> its requests, when several
    nodes: dict[str, tuple[int, int, Request]] = {}
    shared: dict[str, list[tuple[int, int, Request]]] = {}
    for req in built.requests.get(doc_id, ()):
        ev, _, reified = req
        start, end = ev.start, ev.end
        if end <= start:
            doc.original_span(start, end)  # raises: an empty span
        start, end = offsets[start], offsets[end - 1] + 1  # doc.original_span, inlined
        if reified is None:
            node = f"{start}-{end}>"
        else:
            s, p, o = reified  # its part naming the statement: Built.mentions_of's digest
            node = f"{start}-{end}/{digest(f'{s[1:-1]}|{p[1:-1]}|{o[1:-1]}', 8)}>"
        if node not in nodes:
            nodes[node] = (start, end, req)
        else:
            more = shared.get(node)
            if more is None:
                shared[node] = [nodes[node], (start, end, req)]
            else:
                more.append((start, end, req))
    early = built.early.get(doc_id)  # spans of this document already in the store (text_statements)
    keys: list[str] = []
    sts: list[str] = []
    counts: list[int] = []
    todos: list[str] | None = [] if early else None
    key_, st_, count_ = keys.append, sts.append, counts.append
    plain_, reified_, rest_ = _FILL_PLAIN, _FILL_REIFIED, _FILL_REST
    rules = _RULES
    for local, (start, end, (ev, target, reified)) in sorted(nodes.items(), key=_LOCAL):
        node = prefix + local
        key_(node)
        if shared and local in shared:
            preds = _preds(shared[local], built.doc_iri(doc), raw)
            st = statement(node, preds)
            st_(st)
            count_(sum(len(o) for o in preds.values()))
            if todos is not None:
                todos.append(st)
            continue
        rule_id = ev.rule
        rule_text = rules.get(rule_id) or _rule(rule_id)
        quote = _quote(raw[start:end])
        target_text = texts.get(target) or _text_of(texts, target)
        if reified is None:
            st = plain_(node, derived, start, end, quote, rule_text, target_text)
            st_(st)
            count_(7)
            if todos is not None:  # the store has the span's part when it was loaded early: the rest
                early_ = early is not None and (start, end, rule_id) in early
                todos.append(
                    rest_(node, derived, start, end, quote, rule_text, target_text) if early_ else st
                )
        else:
            s, p, o = reified
            st = reified_(
                node,
                derived,
                start,
                end,
                quote,
                rule_text,
                target_text,
                texts.get(s) or _text_of(texts, s),
                texts.get(p) or _text_of(texts, p),
                texts.get(o) or _text_of(texts, o),
            )
            st_(st)
            count_(11)
            if todos is not None:
                todos.append(st)
    if early:
        _unloaded(built, early, nodes, shared, prefix, raw)
    return keys, sts, counts, todos


def _unloaded(
    built: Built,
    early: set[Span],
    nodes: dict[str, tuple[int, int, Request]],
    shared: dict[str, list[tuple[int, int, Request]]],
    prefix: str,
    raw: str,
) -> None:
    """What the store holds of a document's early statements and the graph does not (a span whose
    entity another one with the same key replaced): `built.unloaded` gets it, to be taken out of the
    store. A node of the graph has the span's type and quote; only its rule can be missing."""
    final = {(s, e, req[0].rule) for s, e, req in nodes.values() if req[2] is None}
    final.update((s, e, req[0].rule) for reqs in shared.values() for s, e, req in reqs if req[2] is None)
    for start, end, rule_id in sorted(early - final):
        node = f"{prefix}{start}-{end}>"
        if f"{start}-{end}>" in nodes:
            built.unloaded.append(f"{node} {text(EK.rule)} {_rule(rule_id)} .")
        else:
            built.unloaded.append(_FILL_SPAN(node, None, start, end, plain(raw[start:end]), _rule(rule_id)))


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
    raw, offsets = doc.raw, doc.offsets
    prefix = f"<{ID}mention/{doc.meta.id}/"
    spans: set[Span] = set()
    out: list[str] = []
    span_, append, rules = _FILL_SPAN, out.append, _RULES
    for m in mentions:
        start, end, rule_id = m.start, m.end, m.rule
        if end <= start:
            doc.original_span(start, end)  # raises: an empty span
        start, end = offsets[start], offsets[end - 1] + 1  # doc.original_span, inlined
        key = (start, end, rule_id)
        if key in spans:
            continue
        spans.add(key)
        rule_text = rules.get(rule_id) or _rule(rule_id)
        quote = _quote(raw[start:end])
        append(span_(f"{prefix}{start}-{end}>", None, start, end, quote, rule_text))
    return "\n\n".join(out), spans
