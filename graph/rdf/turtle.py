"""The build's Turtle writer: statements of N3-string terms (graph.rdf.terms) written byte for byte as
graph.rdf.serialize.to_turtle writes the same triples, in pieces for the file and the store. It needs no
rdflib (a build never imports it)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator

from graph.core.iris import PREFIXES
from graph.rdf.terms import RDF_TYPE, text


def prefix_list() -> list[tuple[str, str]]:
    """(prefix, namespace) pairs, longest namespace first so ek: wins over a shorter prefix of it."""
    return sorted(PREFIXES.items(), key=lambda x: (-len(x[1]), x[0]))


def turtle_head() -> str:
    """The prefix lines every Turtle file of EduKG starts with."""
    return "\n".join(f"@prefix {p}: <{ns}> ." for p, ns in sorted(prefix_list()))


def _pkey(p: str) -> tuple[bool, str]:
    return (p != RDF_TYPE, p)


def _okey(o: str) -> tuple[bool, str]:
    return (o[0] != "<", o)


def sorted_objects(objs: Iterable[str]) -> list[str]:
    """`sorted(objs, key=_okey)` (IRIs first, then the rest, each sorted) without a key made per object:
    sorted as strings, the IRIs (from "<" up to "=") moved before what sorts before them (literals)."""
    ordered = sorted(objs)
    lo = bisect_left(ordered, "<")
    if lo == 0:
        return ordered  # nothing before the IRIs
    hi = bisect_left(ordered, "=", lo)
    return ordered if lo == hi else ordered[lo:hi] + ordered[:lo] + ordered[hi:]


_ORDERS: dict[tuple[str, ...], list[str]] = {}  # predicate order by the predicates a subject has
_TEXTS: dict[str, str] = {}  # Turtle text of predicates, IRIs and typed literals (the same ones repeat)
_CACHED = 262144  # entries at most, then it starts again (a long-running server renders many graphs)


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
        if len(_TEXTS) >= _CACHED:
            _TEXTS.clear()
        t = _TEXTS[key] = text(key)
    return t


def statement(s: str, preds: dict[str, dict[str, None]]) -> str:
    """One subject's Turtle statement (predicates rdf:type first, then sorted; objects sorted, IRIs
    before literals), byte for byte as `to_turtle` writes the same triples."""
    parts: list[str] = []
    append, texts = parts.append, _TEXTS
    for p in _order(preds) if len(preds) > 1 else preds:
        objs = preds[p]
        pt = texts.get(p) or _text(p)
        if len(objs) == 1:
            for o in objs:
                # _text(o), inlined: a plain or language-tagged literal is written as it is
                if o[0] == '"' and o[-1] != ">":
                    append(f"{pt} {o}")
                else:
                    append(f"{pt} {texts.get(o) or _text(o)}")
        else:
            append(f"{pt} " + ", ".join([_text(o) for o in sorted_objects(objs)]))
    return f"{text(s)} " + " ;\n    ".join(parts) + " ."


FIRST = 1 << 18  # characters of the first piece at most

# (subject key, Turtle statement, triples, ek:Mention nodes, what of it the store has still to load): one
# subject, or several written one after another (graph.rdf.render: a document's mention nodes)
Rendered = tuple[str, str, int, int, str]
MENTION = "<" + PREFIXES["ek"] + "Mention>"


def rendered(statements: Iterable[tuple[str, dict[str, dict[str, None]]]]) -> Iterator[Rendered]:
    """Sorted statements as the writer takes them: each subject's Turtle text and triple count."""
    for s, preds in statements:
        types = preds.get(RDF_TYPE)
        st = statement(s, preds)
        yield (s, st, sum(map(len, preds.values())), types is not None and MENTION in types, st)


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
    limit = min(size, FIRST)  # the first piece small: the store starts loading as soon as the writer starts
    for _, text_, n, is_mention, todo in statements:
        append("\n\n")
        append(text_)
        if store:
            keep(todo)
        held += len(text_)
        triples += n
        mentions += is_mention
        if held >= limit:
            yield "".join(buf), "\n\n".join(rest)
            buf, rest, held, limit = [], [], 0, size
            append, keep = buf.append, rest.append
    append("\n")
    yield "".join(buf), "\n\n".join(rest)
    if counts is not None:
        counts["triples"] = triples
        counts["mentions"] = mentions
