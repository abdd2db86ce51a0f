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
from graph.rdf.terms import RDF_TYPE, text

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
    for statement in _statements(g, prefixes, indent):
        lines.append(statement)
        lines.append("")
    return lines


def _prefixes() -> list[tuple[str, str]]:
    # longest namespace first so ek: wins over a shorter prefix of it
    return sorted(((p, str(ns)) for p, ns in PREFIXES.items()), key=lambda x: (-len(x[1]), x[0]))


def to_turtle(g: Graph | Iterable[tuple[Node, Node, Node]]) -> str:
    """Turtle of a graph, or of any iterable of triples (the build hands on a plain set)."""
    prefixes = _prefixes()
    head = [f"@prefix {p}: <{ns}> ." for p, ns in sorted(prefixes)]
    return "\n".join([*head, "", *_body(g, prefixes)]).rstrip() + "\n"


def turtle_head() -> str:
    """The prefix lines every Turtle file of EduKG starts with."""
    return "\n".join(f"@prefix {p}: <{ns}> ." for p, ns in sorted(_prefixes()))


def turtle_chunks(g: Iterable[tuple[Node, Node, Node]], subjects: int = 20000) -> Iterator[str]:
    """The body of `to_turtle(g)` in pieces of up to `subjects` statements, each a valid Turtle body
    (whole statements) that `turtle_head()` makes parseable on its own:
    `turtle_head() + "\n\n" + "".join(chunks)` is `to_turtle(g)` (see `join_turtle`)."""
    part: list[str] = []
    for statement in _statements(g, _prefixes()):
        part.append(statement + "\n\n")
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


# --- the build's writer: statements of N3-string terms (graph.rdf.terms), as to_turtle writes them ---------


def _pkey(p: str) -> tuple[bool, str]:
    return (p != RDF_TYPE, p)


def _okey(o: str) -> tuple[bool, str]:
    return (o[0] != "<", o)


_ORDERS: dict[tuple[str, ...], list[str]] = {}  # predicate order by the predicates a subject has
_TEXTS: dict[str, str] = {}  # Turtle text of predicates and typed literals (few and repeated)


def _order(preds: dict[str, dict[str, None]]) -> list[str]:
    sig = tuple(preds)
    order = _ORDERS.get(sig)
    if order is None:
        order = sorted(preds, key=_pkey)
        if len(_ORDERS) < 65536:
            _ORDERS[sig] = order
    return order


def _text(key: str) -> str:
    if key[0] == '"' and key[-1] != ">":
        return key  # a plain or language-tagged literal is written as it is
    t = _TEXTS.get(key)
    if t is None:
        t = text(key)
        if key[0] == '"' and len(_TEXTS) < 262144:
            _TEXTS[key] = t
    return t


def statement(s: str, preds: dict[str, dict[str, None]]) -> str:
    """One subject's Turtle statement (predicates rdf:type first, then sorted; objects sorted, IRIs
    before literals), byte for byte as `to_turtle` writes the same triples."""
    parts = []
    for p in _order(preds) if len(preds) > 1 else preds:
        objs = preds[p]
        pt = _TEXTS.get(p) or _TEXTS.setdefault(p, text(p))
        if len(objs) == 1:
            for o in objs:
                parts.append(f"{pt} {_text(o)}")
        else:
            parts.append(f"{pt} " + ", ".join([_text(o) for o in sorted(objs, key=_okey)]))
    return f"{text(s)} " + " ;\n    ".join(parts) + " ."


# (subject key, Turtle statement, triples, is an ek:Mention, what of it the store has still to load)
Rendered = tuple[str, str, int, bool, str]
MENTION = "<" + str(PREFIXES["ek"]) + "Mention>"


def rendered(statements: Iterable[tuple[str, dict[str, dict[str, None]]]]) -> Iterator[Rendered]:
    """Sorted statements as the writer takes them: each subject's Turtle text and triple count."""
    for s, preds in statements:
        types = preds.get(RDF_TYPE)
        st = statement(s, preds)
        yield (s, st, sum(len(objs) for objs in preds.values()), types is not None and MENTION in types, st)


def turtle_pieces(
    statements: Iterable[tuple[str, dict[str, dict[str, None]]]],
    counts: dict[str, int] | None = None,
    size: int = 1 << 20,
) -> Iterator[str]:
    """The Turtle file of sorted statements in pieces of about `size` characters: their concatenation
    is `to_turtle` of the same triples. `counts` gets the number of triples and of ek:Mention nodes."""
    return turtle_texts(rendered(statements), counts, size)


def turtle_texts(
    statements: Iterable[Rendered], counts: dict[str, int] | None = None, size: int = 1 << 20
) -> Iterator[str]:
    """`turtle_pieces` of statements already rendered (graph.rdf.render.statements)."""
    return (turtle for turtle, _ in turtle_and_store(statements, counts, size, store=False))


def turtle_and_store(
    statements: Iterable[Rendered],
    counts: dict[str, int] | None = None,
    size: int = 1 << 20,
    store: bool = True,
) -> Iterator[tuple[str, str]]:
    """`turtle_texts`, each piece with the text of the same statements that the store has still to load
    (their last field; "" unless `store`): Turtle that `turtle_head()` makes parseable."""
    triples = mentions = 0
    buf = [turtle_head()]
    rest: list[str] = []
    append, keep = buf.append, rest.append
    held = 0
    for _, text_, n, is_mention, todo in statements:
        append("\n\n")
        append(text_)
        if store:
            keep(todo)
        held += len(text_)
        triples += n
        mentions += is_mention
        if held >= size:
            yield "".join(buf), "\n\n".join(rest)
            buf, rest, held = [], [], 0
            append, keep = buf.append, rest.append
    append("\n")
    yield "".join(buf), "\n\n".join(rest)
    if counts is not None:
        counts["triples"] = triples
        counts["mentions"] = mentions
