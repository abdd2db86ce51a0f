"""The result model of every query engine (typed terms, with display text) and its formatters.

A `Result` is what every engine (Oxigraph, rdflib, a remote endpoint) answers: its kind (select, ask or
graph), its columns, its rows as display text (prefixed names for vocabulary IRIs, entity IRIs in full,
literal values) and, when the engine gave them, the typed terms behind the text. The formatters turn it
into a table, CSV, TSV, JSON or Markdown for a terminal, and into the SPARQL 1.1 results formats (JSON,
XML, CSV, TSV) and RDF (N-Triples, Turtle) for the endpoint.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from graph.core.errors import QueryError
from graph.core.iris import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
LOCAL_NAME = re.compile(r"[A-Za-z_][\w\-]*(?:\.[\w\-]+)*")


@dataclass(frozen=True, slots=True)
class Term:
    """An RDF term: kind is "uri", "literal" or "bnode"; lang and datatype only for literals."""

    kind: str
    value: str
    lang: str | None = None
    datatype: str | None = None

    def n3(self) -> str:
        """The term as N-Triples / SPARQL text."""
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        s = self.value
        for a, b in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
            s = s.replace(a, b)
        if self.lang:
            return f'"{s}"@{self.lang}'
        if self.datatype and self.datatype != XSD_STRING:
            return f'"{s}"^^<{self.datatype}>'
        return f'"{s}"'


Row = Sequence[Term | None]


@dataclass(frozen=True)
class Result:
    """columns and rows of display text; `terms` holds the typed terms when the engine gave them."""

    columns: list[str]
    rows: list[list[str]]
    kind: str = "select"  # select | ask | graph
    terms: list[list[Term | None]] | None = field(default=None, repr=False, compare=False)

    @property
    def boolean(self) -> bool:
        return self.kind == "ask" and bool(self.rows) and self.rows[0][0] == "true"


def ask_result(value: bool) -> Result:
    return Result(["ask"], [[str(bool(value)).lower()]], "ask")


def select_result(columns: list[str], terms: list[list[Term | None]]) -> Result:
    return Result(columns, [[term_text(t) for t in row] for row in terms], "select", terms)


def graph_result(triples: list[list[Term | None]]) -> Result:
    """CONSTRUCT and DESCRIBE: triples as rows, sorted by their display text (deterministic)."""
    pairs = sorted(([term_text(t) for t in row], row) for row in triples)  # type: ignore[type-var]
    return Result(["subject", "predicate", "object"], [p[0] for p in pairs], "graph", [p[1] for p in pairs])


_NAMESPACES = sorted(((str(ns), p) for p, ns in PREFIXES.items() if p != "ekid"), key=lambda x: -len(x[0]))


def short_iri(iri: str) -> str:
    """A vocabulary IRI as a prefixed name (when its local part is a valid name); others in full."""
    for ns, prefix in _NAMESPACES:
        if iri.startswith(ns) and LOCAL_NAME.fullmatch(iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def term_text(term: Term | None) -> str:
    if term is None:
        return ""
    if term.kind == "uri":
        return short_iri(term.value)
    return term.value


def _table(r: Result) -> str:
    widths = [max([_w(c)] + [_w(row[i]) for row in r.rows]) for i, c in enumerate(r.columns)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - _w(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(r.columns), line(["-" * w for w in widths])]
    out += [line(row) for row in r.rows]
    out.append(f"({len(r.rows)} row{'s' if len(r.rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _w(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in s)


def _delimited(r: Result, delimiter: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(r.columns)
    w.writerows(r.rows)
    return buf.getvalue()


def _json(r: Result) -> str:
    return (
        json.dumps([dict(zip(r.columns, row, strict=True)) for row in r.rows], ensure_ascii=False, indent=1)
        + "\n"
    )


def _markdown(r: Result) -> str:
    def esc(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ")

    out = ["| " + " | ".join(r.columns) + " |", "|" + "---|" * len(r.columns)]
    out += ["| " + " | ".join(esc(c) for c in row) + " |" for row in r.rows]
    return "\n".join(out) + "\n"


FORMATTERS: dict[str, Callable[[Result], str]] = {
    "table": _table,
    "csv": lambda r: _delimited(r, ","),
    "tsv": lambda r: _delimited(r, "\t"),
    "json": _json,
    "md": _markdown,
}


def format_result(r: Result, fmt: str) -> str:
    if fmt not in FORMATTERS:
        raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATTERS)}")
    return FORMATTERS[fmt](r)


# ---------------------------------------------------------------- the SPARQL 1.1 results formats


def _terms(r: Result) -> list[list[Term | None]]:
    if r.terms is None:  # display text only (should not happen for engine results): plain literals
        return [[Term("literal", c) if c else None for c in row] for row in r.rows]
    return r.terms


def _json_term(t: Term) -> dict[str, str]:
    if t.kind == "literal":
        out = {"type": "literal", "value": t.value}
        if t.lang:
            out["xml:lang"] = t.lang
        elif t.datatype and t.datatype != XSD_STRING:
            out["datatype"] = t.datatype
        return out
    return {"type": t.kind, "value": t.value}


def sparql_json(r: Result) -> bytes:
    if r.kind == "ask":
        return json.dumps({"head": {}, "boolean": r.boolean}).encode()
    bindings = [
        {c: _json_term(t) for c, t in zip(r.columns, row, strict=True) if t is not None} for row in _terms(r)
    ]
    doc = {"head": {"vars": r.columns}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _xml_term(t: Term) -> str:
    if t.kind == "uri":
        return f"<uri>{escape(t.value)}</uri>"
    if t.kind == "bnode":
        return f"<bnode>{escape(t.value)}</bnode>"
    attr = (
        f" xml:lang={quoteattr(t.lang)}"
        if t.lang
        else (f" datatype={quoteattr(t.datatype)}" if t.datatype and t.datatype != XSD_STRING else "")
    )
    return f"<literal{attr}>{escape(t.value)}</literal>"


def sparql_xml(r: Result) -> bytes:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if r.kind == "ask":
        out += ["<head/>", f"<boolean>{str(r.boolean).lower()}</boolean>", "</sparql>"]
        return "\n".join(out).encode()
    out.append("<head>" + "".join(f"<variable name={quoteattr(c)}/>" for c in r.columns) + "</head>")
    out.append("<results>")
    for row in _terms(r):
        cells = "".join(
            f"<binding name={quoteattr(c)}>{_xml_term(t)}</binding>"
            for c, t in zip(r.columns, row, strict=True)
            if t is not None
        )
        out.append(f"<result>{cells}</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out).encode("utf-8")


def sparql_csv(r: Result) -> bytes:
    """SPARQL 1.1 CSV: IRIs and literal values as plain text; ASK as one `true`/`false` cell."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    if r.kind == "ask":
        w.writerows([["ask"], [str(r.boolean).lower()]])
    else:
        w.writerow(r.columns)
        w.writerows(
            [
                [("_:" + t.value if t.kind == "bnode" else t.value) if t else "" for t in row]
                for row in _terms(r)
            ]
        )
    return buf.getvalue().encode("utf-8")


def sparql_tsv(r: Result) -> bytes:
    """SPARQL 1.1 TSV: terms in N-Triples form, variables with their `?`."""
    if r.kind == "ask":
        return f"?ask\n{str(r.boolean).lower()}\n".encode()
    lines = ["\t".join(f"?{c}" for c in r.columns)]
    lines += ["\t".join(t.n3() if t else "" for t in row) for row in _terms(r)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def ntriples(r: Result) -> bytes:
    return "".join(" ".join(t.n3() for t in row if t) + " .\n" for row in _terms(r)).encode("utf-8")


def turtle(r: Result) -> bytes:
    """The triples as Turtle with EduKG's prefixes (rdflib's serialiser)."""
    return _rdflib_graph(r).serialize(format="turtle", encoding="utf-8")


def _rdflib_graph(r: Result):  # type: ignore[no-untyped-def]
    from rdflib import Graph

    g = Graph()
    for p, ns in PREFIXES.items():
        g.bind(p, str(ns), override=True)
    g.parse(data=ntriples(r).decode("utf-8"), format="nt")
    return g


RESULT_FORMATS: dict[str, Callable[[Result], bytes]] = {
    "json": sparql_json,
    "xml": sparql_xml,
    "csv": sparql_csv,
    "tsv": sparql_tsv,
    "nt": ntriples,
    "turtle": turtle,
    "json-ld": lambda r: _rdflib_graph(r).serialize(format="json-ld", encoding="utf-8"),
    "rdfxml": lambda r: _rdflib_graph(r).serialize(format="xml", encoding="utf-8"),
}
