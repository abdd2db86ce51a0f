"""RDF terms as their N-Triples/N3 strings (the build's compact form), their Turtle text, and rdflib terms.

A build makes millions of terms: as plain strings they cost a fraction of rdflib objects, sort as the
Turtle writer must sort them and are written without formatting them again. Every string here is what
rdflib's `n3()` gives for the same term (a test compares them), so the Turtle stays byte-identical:

    uri("https://w3id.org/edukg/id/x")  -> '<https://w3id.org/edukg/id/x>'
    plain("某某"), lang("某某", "zh")     -> '"某某"', '"某某"@zh'
    typed(2021, XSD_GYEAR)               -> '"2021"^^<http://www.w3.org/2001/XMLSchema#gYear>'
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from graph.core.iris import PREFIXES

XSD_NS = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
PN_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")

# longest namespace first so ek: wins over a shorter prefix of it (as graph.rdf.serialize)
PREFIX_LIST = sorted(((p, str(ns)) for p, ns in PREFIXES.items()), key=lambda x: (-len(x[1]), x[0]))


def uri(iri: str) -> str:
    return f"<{iri}>"


def quote(text: str) -> str:
    """A string literal's quoted form, exactly as rdflib's Literal._quote_encode writes it."""
    if "\n" in text:
        encoded = text.replace("\\", "\\\\")
        if '"""' in text:
            encoded = encoded.replace('"""', '\\"\\"\\"')
        if encoded[-1] == '"' and encoded[-2] != "\\":
            encoded = encoded[:-1] + "\\" + '"'
        body = encoded.replace("\r", "\\r")
        return f'"""{body}"""'
    if "\\" not in text and '"' not in text and "\r" not in text:
        return f'"{text}"'  # nothing to escape (most literals)
    body = text.replace("\n", "\\n").replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
    return f'"{body}"'


def plain(text: str) -> str:
    return quote(text)


def lang(text: str, tag: str) -> str:
    return f"{quote(text)}@{tag}"


@lru_cache(maxsize=65536)
def integer(n: int) -> str:
    return f'"{n}"^^<{XSD_NS}integer>'


@lru_cache(maxsize=65536)
def _typed(kind: str, lexical: str, datatype: str) -> str:
    fast = _plain_typed(kind, lexical, datatype)
    if fast is not None:
        return fast
    return rdflib_typed(kind, lexical, datatype)


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _plain_typed(kind: str, lexical: str, datatype: str) -> str | None:
    """What rdflib makes of the literals a build writes, without rdflib (a build so never imports it):
    an int's lexical form is its digits, a Decimal's its fixed-point text, a date's its ISO form; None
    for anything else (rdflib makes it; a test compares the two)."""
    if kind == "int" and datatype in ("", XSD_NS + "integer", XSD_NS + "gYear"):
        return f'"{lexical}"^^<{datatype or XSD_NS + "integer"}>'
    if kind == "bool" and not datatype:
        return f'"{lexical.lower()}"^^<{XSD_NS}boolean>'
    if kind == "Decimal" and datatype in ("", XSD_NS + "decimal"):
        from decimal import Decimal

        value = Decimal(lexical)
        if value.is_finite():
            return f'"{value:f}"^^<{XSD_NS}decimal>'
    if kind == "str" and datatype == XSD_NS + "date" and _DATE.fullmatch(lexical):
        from datetime import date

        try:
            ok = date.fromisoformat(lexical).isoformat() == lexical
        except ValueError:
            ok = False
        if ok:
            return f'"{lexical}"^^<{datatype}>'
    return None


def rdflib_typed(kind: str, lexical: str, datatype: str) -> str:
    """A typed literal's N3 string as rdflib's Literal makes it of the value of type `kind`."""
    from rdflib import Literal, URIRef

    value: Any = lexical
    if kind == "int":
        value = int(lexical)
    elif kind == "Decimal":
        from decimal import Decimal

        value = Decimal(lexical)
    elif kind == "bool":
        value = lexical == "True"
    return str(Literal(value, datatype=URIRef(datatype) if datatype else None).n3())


def typed(value: object, datatype: str = "") -> str:
    """A typed literal as rdflib makes it of a Python value (its lexical form normalised as rdflib does:
    Decimal("1E+1") is "10"); cached by the value's type and text, never by equality (1.5 == 1.50)."""
    return _typed(type(value).__name__, str(value), datatype)


def boolean(value: bool) -> str:
    return typed(bool(value))


ID_KEY = "<" + str(PREFIXES["ekid"])
_ID_LEN = len(ID_KEY)


@lru_cache(maxsize=4096)
def _vocabulary_text(key: str) -> str:
    if key == RDF_TYPE:
        return "a"
    s = key[1:-1]
    for prefix, ns in PREFIX_LIST:
        if s.startswith(ns) and PN_LOCAL.match(s[len(ns) :]):
            return f"{prefix}:{s[len(ns) :]}"
    return key


def _uri_text(key: str) -> str:
    # the build's own IRIs (ekid:type/key, mentions) are many and seldom a prefixed name: not cached
    if key.startswith(ID_KEY) and key.find("/", _ID_LEN) >= 0:
        return key
    return _vocabulary_text(key)


def text(key: str) -> str:
    """The Turtle text of a term: a prefixed name where one fits, `a` for rdf:type, literals with their
    datatype prefixed (rdflib's n3 with the build's namespace manager)."""
    if key[0] == "<":
        return _uri_text(key)
    if key[-1] == ">":  # a typed literal: "lexical"^^<datatype>
        at = key.rfind("^^<")
        return key[: at + 2] + _uri_text(key[at + 2 :])
    return key


def to_rdflib(key: str) -> Any:
    """The rdflib term of a key (for the views and the goldens, which read rdflib terms)."""
    from rdflib import URIRef
    from rdflib.util import from_n3

    if key[0] == "<":
        return URIRef(key[1:-1])
    return from_n3(key)
