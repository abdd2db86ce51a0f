"""What every engine checks before a query reaches a parser: empty, too long, nested too deep, an
update, SERVICE (a request to another server), FROM (rdflib would fetch the named document).

The checks read the query's tokens outside comments, strings and IRIs, so a keyword inside a label
or an IRI is not mistaken for one; they run before any parser, so a query nested thousands of levels
deep is refused with one line instead of exhausting the parser's stack.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from graph.core.errors import QueryError
from graph.core.iris import PREFIXES

MAX_QUERY_CHARS = 100_000
MAX_DEPTH = 64
UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX|BASE)\s+[^\n]*\n\s*)*(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.I,
)
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD"}
FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")


def prologue() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))


def strip_comments(sparql: str) -> str:
    return "\n".join(line for line in sparql.splitlines() if not line.lstrip().startswith("#"))


def refuse_update(sparql: str) -> None:
    """Raise QueryError when the text is a SPARQL Update: every EduKG reader is read-only."""
    if UPDATE.match(strip_comments(sparql)):
        raise QueryError(
            "updates are not allowed: EduKG queries are read-only; use SELECT, ASK, CONSTRUCT or DESCRIBE"
        )


@dataclass(frozen=True)
class Shape:
    """What the token scan saw: the query form, the deepest nesting, SERVICE and FROM keywords."""

    form: str
    depth: int
    service: bool
    dataset: bool
    first_word: str


def _tokens(q: str) -> Iterator[tuple[str, int]]:
    """(kind, offset) of the words and brackets outside comments, strings and IRIs; kind is the upper-
    cased keyword or the bracket character."""
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c == "#":
            j = q.find("\n", i)
            i = n if j < 0 else j + 1
        elif c in "\"'":
            quote = q[i : i + 3] if q[i : i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and q[j : j + len(quote)] != quote:
                j += 2 if q[j] == "\\" else 1
            i = j + len(quote)
        elif c == "<" and (m := IRI.match(q, i)):
            i = m.end()
        elif c in "{}()[]":
            yield c, i
            i += 1
        elif c.isalpha() or c == "_":
            m = WORD.match(q, i)
            assert m is not None
            prev = q[i - 1] if i else " "
            after = q[m.end()] if m.end() < n else " "
            if prev not in "?$:_.-" and not prev.isalnum() and after != ":":
                yield m.group(0).upper(), i
            i = m.end()
        else:
            i += 1


def shape(sparql: str) -> Shape:
    depth = deepest = 0
    form = first = ""
    service = dataset = False
    for tok, _ in _tokens(sparql):
        if tok in "{([":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                break
        elif tok in "})]":
            depth -= 1
        else:
            first = first or (tok if tok not in ("PREFIX", "BASE") else "")
            if not form and tok in FORMS:
                form = tok
            service = service or tok == "SERVICE"
            dataset = dataset or (tok == "FROM" and depth == 0)
    return Shape(form, deepest, service, dataset, first)


def check_query(sparql: str, *, allow_remote: bool = False, local: bool = True) -> Shape:
    """Refuse, with one line, what no EduKG engine runs: an empty, too long, too deeply nested query,
    an update, SERVICE (unless allow_remote), FROM / FROM NAMED on a local engine."""
    if not strip_comments(sparql).strip():
        raise QueryError("the query is empty; give a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    if len(sparql) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is {len(sparql):,} characters long, over the limit of {MAX_QUERY_CHARS:,}"
        )
    refuse_update(sparql)
    s = shape(sparql)
    if s.depth > MAX_DEPTH:
        raise QueryError(
            f"the query nests brackets more than {MAX_DEPTH} levels deep; simplify it (no query needs that)"
        )
    if s.first_word in UPDATE_WORDS | {"WITH"}:
        refuse_update("INSERT")
    if s.service and not allow_remote:
        raise QueryError(
            "SERVICE is refused: it sends the query to another server; "
            "pass --allow-remote if you trust that server"
        )
    if s.dataset and local:
        raise QueryError("FROM and FROM NAMED are not supported: the graph is one default graph; remove them")
    return s
