"""Deterministic serialisation: the same graph always gives the same bytes (sorted, no blank nodes)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, NamespaceManager
from rdflib.term import Node

from graph.core.namespaces import PREFIXES
from graph.rdf.turtle import (  # the build's writer (no rdflib), here for the callers of this module
    MENTION,
    Rendered,
    prefix_list,
    rendered,
    statement,
    turtle_and_store,
    turtle_head,
    turtle_pieces,
    turtle_texts,
)

PN_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")


_NSM = NamespaceManager(Graph(), bind_namespaces="none")
for _p, _ns in PREFIXES.items():
    _NSM.bind(_p, str(_ns), override=True)


def _term(t: Node, prefixes: list[tuple[str, str]]) -> str:
    if isinstance(t, URIRef):
        s = str(t)
        if t == RDF.type:
            return "a"
        for prefix, ns in prefixes:
            if s.startswith(ns) and PN_LOCAL.match(s[len(ns) :]):
                return f"{prefix}:{s[len(ns) :]}"
        return f"<{s}>"
    if isinstance(t, Literal):
        return t.n3(_NSM)
    raise ValueError(f"blank nodes are not serialised deterministically: {t!r}")


def _sort_key(t: Node) -> tuple[int, str]:
    return (0 if isinstance(t, URIRef) else 1, t.n3())


def _statements(
    g: Graph | Iterable[tuple[Node, Node, Node]], prefixes: list[tuple[str, str]], indent: str = ""
) -> Iterator[str]:
    """Turtle statements, one per subject, sorted; each term is formatted and keyed once (terms repeat)."""
    subjects: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in g:
        subjects[s][p].append(o)
    keys: dict[Node, tuple[int, str]] = {}
    texts: dict[Node, str] = {}

    def key(t: Node) -> tuple[int, str]:
        k = keys.get(t)
        if k is None:
            k = keys[t] = _sort_key(t)
        return k

    def text(t: Node) -> str:
        x = texts.get(t)
        if x is None:
            x = texts[t] = _term(t, prefixes)
        return x

    rdf_type = RDF.type
    pkeys: dict[Node, tuple[bool, tuple[int, str]]] = {}

    def pkey(p: Node) -> tuple[bool, tuple[int, str]]:
        k = pkeys.get(p)
        if k is None:
            k = pkeys[p] = (p != rdf_type, key(p))
        return k

    sep = f" ;\n{indent}    "
    for s in sorted(subjects, key=key):
        preds = subjects[s]
        parts = []
        for p in sorted(preds, key=pkey) if len(preds) > 1 else preds:
            objs = preds[p]
            if len(objs) == 1:
                parts.append(f"{text(p)} {text(objs[0])}")
            else:
                parts.append(f"{text(p)} " + ", ".join(text(o) for o in sorted(objs, key=key)))
        yield f"{indent}{text(s)} " + sep.join(parts) + " ."


def _body(
    g: Graph | Iterable[tuple[Node, Node, Node]], prefixes: list[tuple[str, str]], indent: str = ""
) -> list[str]:
    """Turtle statements, sorted, each followed by an empty line."""
    lines: list[str] = []
    for st in _statements(g, prefixes, indent):
        lines.append(st)
        lines.append("")
    return lines


def _prefixes() -> list[tuple[str, str]]:
    return prefix_list()


def to_turtle(g: Graph | Iterable[tuple[Node, Node, Node]]) -> str:
    """Turtle of a graph, or of any iterable of triples (the build hands on a plain set)."""
    prefixes = _prefixes()
    head = [f"@prefix {p}: <{ns}> ." for p, ns in sorted(prefixes)]
    return "\n".join([*head, "", *_body(g, prefixes)]).rstrip() + "\n"


def turtle_chunks(g: Iterable[tuple[Node, Node, Node]], subjects: int = 20000) -> Iterator[str]:
    """The body of `to_turtle(g)` in pieces of up to `subjects` statements, each a valid Turtle body
    (whole statements) that `turtle_head()` makes parseable on its own:
    `turtle_head() + "\n\n" + "".join(chunks)` is `to_turtle(g)` (see `join_turtle`)."""
    part: list[str] = []
    for st in _statements(g, _prefixes()):
        part.append(st + "\n\n")
        if len(part) >= subjects:
            yield "".join(part)
            part = []
    if part:
        yield "".join(part)


def join_turtle(chunks: list[str]) -> str:
    """The Turtle text of a head and body chunks, byte for byte as `to_turtle` writes it (the chunks
    list is emptied as it is joined, so the text is not held twice for long)."""
    head = turtle_head()
    if not chunks:
        return head + "\n"
    chunks[-1] = chunks[-1][:-1]  # one newline at the end of the file, not two
    text = head + "\n\n" + "".join(chunks)
    chunks.clear()
    return text


def _nt(t: Node) -> str:
    if isinstance(t, Literal):
        body = str(t).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if t.language:
            return f'"{body}"@{t.language}'
        if t.datatype:
            return f'"{body}"^^<{t.datatype}>'
        return f'"{body}"'
    return t.n3()


def to_ntriples(g: Graph) -> str:
    lines = sorted(f"{_nt(s)} {_nt(p)} {_nt(o)} ." for s, p, o in g)
    return "\n".join(lines) + ("\n" if lines else "")


def to_trig(ds: Dataset) -> str:
    prefixes = _prefixes()
    out = [f"@prefix {p}: <{ns}> ." for p, ns in sorted(prefixes)]
    out.append("")
    for ctx in sorted(ds.graphs(), key=lambda c: str(c.identifier)):
        if len(ctx) == 0:
            continue
        out.append(f"<{ctx.identifier}> {{")
        out.extend(_body(ctx, prefixes, indent="    "))
        out.append("}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def to_jsonld(g: Graph) -> str:
    data = json.loads(g.serialize(format="json-ld", context={p: str(ns) for p, ns in PREFIXES.items()}))
    graph = data.get("@graph", [])
    if isinstance(graph, list):
        graph.sort(key=lambda n: n.get("@id", ""))
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# name -> (file suffix, writer taking the union graph or the dataset, needs dataset)
FORMATS: dict[str, tuple[str, Callable, bool]] = {
    "turtle": (".ttl", to_turtle, False),
    "nt": (".nt", to_ntriples, False),
    "jsonld": (".jsonld", to_jsonld, False),
    "trig": (".trig", to_trig, True),
}


__all__ = [
    "FORMATS",
    "MENTION",
    "Rendered",
    "join_turtle",
    "rendered",
    "statement",
    "to_jsonld",
    "to_ntriples",
    "to_trig",
    "to_turtle",
    "turtle_and_store",
    "turtle_chunks",
    "turtle_head",
    "turtle_pieces",
    "turtle_texts",
]
