"""SPARQL over the built graph: run a query, refuse updates, format the results."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from graph.errors import QueryError
from graph.namespaces import PREFIXES

if TYPE_CHECKING:
    from graph.store import OxigraphGraph

UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX|BASE)\s+[^\n]*\n\s*)*(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.I,
)


@dataclass(frozen=True)
class Result:
    columns: list[str]
    rows: list[list[str]]


def _prologue() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))


def _text(term: Node | None, g: Graph) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        try:
            return g.namespace_manager.normalizeUri(term) if "/id/" not in str(term) else str(term)
        except Exception:
            return str(term)
    if isinstance(term, Literal):
        return str(term)
    return str(term)


def run_query(g: Graph | OxigraphGraph, sparql: str, bindings: dict[str, Node] | None = None) -> Result:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query; the common prefixes are predeclared."""
    if UPDATE.match(sparql):
        raise QueryError(
            "updates are not allowed: EduKG queries are read-only; use SELECT, ASK, CONSTRUCT or DESCRIBE"
        )
    if not isinstance(g, Graph):  # a fast store (graph.store.open_store) answers with the same Result
        return g.run(sparql, bindings)
    text = _prologue() + sparql
    try:
        res = g.query(text, initBindings=bindings or {})
    except Exception as exc:  # pyparsing and rdflib raise several types
        raise QueryError(
            f"malformed SPARQL: {_position(exc, len(_prologue().splitlines()))}; fix the query"
        ) from None
    if res.type == "ASK":
        return Result(["ask"], [[str(bool(res.askAnswer)).lower()]])
    if res.type in ("CONSTRUCT", "DESCRIBE"):
        cg = res.graph
        return Result(
            ["subject", "predicate", "object"],
            sorted([[_text(s, g), _text(p, g), _text(o, g)] for s, p, o in cg]),
        )
    columns = [str(v) for v in res.vars]
    rows = [[_text(row[i], g) for i in range(len(columns))] for row in res]
    return Result(columns, rows)


def _position(exc: Exception, offset: int) -> str:
    msg = str(exc).replace("\n", " ")
    m = re.search(r"line:(\d+), col:(\d+)", msg)
    if m:
        return (
            f"line {int(m.group(1)) - offset}, column {m.group(2)}: {msg.split('(at char')[0].strip()[:120]}"
        )
    return msg[:160]


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


def named_queries() -> dict[str, str]:
    """The planner queries shipped in graph/queries/*.rq, by name."""
    folder = resources.files("graph") / "queries"
    return {
        p.name[:-3]: p.read_text(encoding="utf-8")
        for p in sorted(folder.iterdir(), key=lambda p: p.name)
        if p.name.endswith(".rq")
    }


def describe_query(text: str) -> str:
    """The first comment line of a named query: what it answers."""
    for line in text.splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""
