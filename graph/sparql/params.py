"""Parameters as RDF terms: typed conversion, guessing a term from its form, VALUES for remote endpoints.

A parameter's term is a `graph.sparql.results.Term`, not an rdflib term: a query on Oxigraph (a cold
`edukg query`) then never imports rdflib (~0.13 s of its ~0.25 s); the rdflib engine converts the terms
it is given (`rdflib_bindings`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from graph.core.errors import QueryError
from graph.core.iris import PREFIXES
from graph.sparql.results import Term

XSD = "http://www.w3.org/2001/XMLSchema#"


def literal(value: str, *, lang: str | None = None, datatype: str | None = None) -> Term:
    return Term("literal", value, lang, datatype)


def _year(v: str) -> Term:
    if not re.fullmatch(r"-?\d{4}", v):
        raise ValueError("a four-digit year such as 2025")
    return literal(v, datatype=XSD + "gYear")


def _integer(v: str) -> Term:
    if not re.fullmatch(r"[+-]?\d+", v):
        raise ValueError("an integer")
    return literal(str(int(v)), datatype=XSD + "integer")


def _decimal(v: str) -> Term:
    try:
        d = Decimal(v)
    except InvalidOperation:
        raise ValueError("a decimal number such as 95.5") from None
    if not d.is_finite():
        raise ValueError("a decimal number such as 95.5")
    return literal(format(d, "f"), datatype=XSD + "decimal")


IRIREF = re.compile(r"[^<>\"{}|^`\\\x00-\x20]+")


def _iri(v: str) -> Term:
    m = re.fullmatch(r"([A-Za-z][\w-]*):([\w\-./#%]*)", v)
    if m and m.group(1) in PREFIXES:
        v = PREFIXES[m.group(1)] + m.group(2)
    if not (re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", v) and IRIREF.fullmatch(v)):
        raise ValueError("an absolute IRI such as https://w3id.org/edukg/id/… or ekid:…")
    return Term("uri", v)


PARAM_TYPES: dict[str, tuple[Callable[[str], Term], str]] = {
    "label": (lambda v: literal(v, lang="zh"), "a Chinese label, bound as a @zh literal"),
    "string": (lambda v: literal(v), "a plain string literal"),
    "year": (_year, "a year, bound as xsd:gYear"),
    "integer": (_integer, "an xsd:integer"),
    "decimal": (_decimal, "an xsd:decimal"),
    "iri": (_iri, "an IRI (absolute or with a known prefix such as ekid:)"),
}


def guess_term(value: str) -> Term:
    """An RDF term from the form of a value: <IRI>, prefix:name, integer, decimal, text@lang, text."""
    if any(ord(c) < 32 for c in value):
        raise QueryError("control characters are not allowed in a parameter value")
    if value.startswith("<") and value.endswith(">"):
        return Term("uri", value[1:-1])
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES and re.match(r"^[\w\-.]*$", local):
        return Term("uri", PREFIXES[prefix] + local)
    if re.fullmatch(r"[+-]?\d+", value):
        return _integer(value)
    if re.fullmatch(r"[+-]?\d*\.\d+", value):
        return _decimal(value)
    m = re.fullmatch(r"(.*)@([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)", value, re.S)
    if m:
        return literal(m.group(1), lang=m.group(2))
    if re.search(r"[\u4e00-\u9fff]", value):
        return literal(value, lang="zh")
    return literal(value)


def parse_param_args(items: tuple[str, ...] | list[str]) -> dict[str, str]:
    """`key=value` strings from --param as a dict; a malformed item fails with a one-line message."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", key.strip()):
            raise QueryError(f"--param {item!r}: write --param NAME=VALUE")
        out[key.strip()] = value
    return out


def as_term(term: Any) -> Term:
    """A parameter's term as a `Term`: a Term as it is, an rdflib IRI or literal (the Python API
    accepts them) converted; anything else fails."""
    if isinstance(term, Term):
        return term
    import sys

    rdflib = sys.modules.get("rdflib")  # an rdflib term exists only once rdflib is imported
    if rdflib is not None and isinstance(term, rdflib.URIRef):
        return Term("uri", str(term))
    if rdflib is not None and isinstance(term, rdflib.Literal):
        return Term("literal", str(term), term.language, str(term.datatype) if term.datatype else None)
    raise QueryError(f"cannot bind {term!r}: only IRIs and literals can be parameters")


def sparql_term(term: Any) -> str:
    """An RDF term (a `Term`, or an rdflib IRI or literal) as SPARQL text, after checking it cannot break
    out of its token."""
    t = as_term(term)
    if t.kind == "uri":
        if not IRIREF.fullmatch(t.value):
            raise QueryError(f"{t.value!r} is not a valid IRI")
        return t.n3()
    if t.kind == "literal":
        if any(ord(c) < 32 for c in t.value):
            raise QueryError("control characters are not allowed in a parameter value")
        if t.lang and not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", t.lang):
            raise QueryError(f"bad language tag {t.lang!r}")
        if t.datatype and not IRIREF.fullmatch(t.datatype):
            raise QueryError(f"bad datatype {t.datatype!r}")
        return t.n3()
    raise QueryError(f"cannot bind {term!r}: only IRIs and literals can be parameters")


def rdflib_bindings(bindings: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters as rdflib terms, for rdflib's initBindings."""
    from rdflib import Literal, URIRef

    out: dict[str, Any] = {}
    for name, term in bindings.items():
        t = as_term(term)
        if t.kind == "uri":
            out[name] = URIRef(t.value)
        elif t.kind == "literal":
            out[name] = Literal(t.value, lang=t.lang, datatype=URIRef(t.datatype) if t.datatype else None)
        else:
            raise QueryError(f"cannot bind {term!r}: only IRIs and literals can be parameters")
    return out


def with_values(sparql: str, bindings: Mapping[str, Any]) -> str:
    """The query with `VALUES (?a ?b) { (t1 t2) }` as the first element of its WHERE group.

    For endpoints that have no initBindings: the terms are serialised by `sparql_term`, the text of
    the query is not otherwise changed, and a VALUES block at the top of the group binds the
    variables for every pattern and FILTER of that group, as initBindings does.
    """
    if not bindings:
        return sparql
    names = sorted(bindings)
    for n in names:
        if not re.fullmatch(r"[A-Za-z_]\w*", n):
            raise QueryError(f"bad parameter name {n!r}")
    block = (
        " VALUES ("
        + " ".join(f"?{n}" for n in names)
        + ") { ("
        + " ".join(sparql_term(bindings[n]) for n in names)
        + ") } "
    )
    pos = _where_brace(sparql)
    return sparql[: pos + 1] + block + sparql[pos + 1 :]


def with_rows(sparql: str, name: str, terms: Sequence[Term]) -> str:
    """The query with `VALUES ?name { t1 t2 … }` as the first element of its WHERE group: the query
    restricted to those values of one variable (graph.sparql.pages.run_page: a slice of a page)."""
    if not re.fullmatch(r"[A-Za-z_]\w*", name):
        raise QueryError(f"bad variable name {name!r}")
    block = f" VALUES ?{name} {{ " + " ".join(t.n3() for t in terms) + " } "
    pos = _where_brace(sparql)
    return sparql[: pos + 1] + block + sparql[pos + 1 :]


def _where_brace(q: str) -> int:
    """Offset of the `{` that opens the query's WHERE group (skipping comments, strings, IRIs and a
    CONSTRUCT template)."""
    i, n = 0, len(q)
    depth = 0
    template = False
    seen_form = False
    while i < n:
        c = q[i]
        if c == "#":
            j = q.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "\"'":
            triple = q[i : i + 3] in ('"""', "'''")
            quote = q[i : i + 3] if triple else c
            j = i + len(quote)
            while j < n and q[j : j + len(quote)] != quote:
                j += 2 if q[j] == "\\" else 1
            i = j + len(quote)
            continue
        if c == "<":
            m = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>").match(q, i)
            if m:
                i = m.end()
                continue
        if c.isalpha() and not seen_form:
            m = re.compile(r"(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", re.I).match(q, i)
            if m and (i == 0 or not (q[i - 1].isalnum() or q[i - 1] in "?$:_")):
                seen_form = True
                template = m.group(1).upper() == "CONSTRUCT" and re.match(r"\s*\{", q[m.end() :]) is not None
                i = m.end()
                continue
        if c == "{" and seen_form:
            if depth == 0 and not template:
                return i
            depth += 1
        elif c == "}" and seen_form:
            depth -= 1
            if depth == 0 and template:
                template = False
        i += 1
    raise QueryError("cannot bind parameters: the query has no WHERE group")
