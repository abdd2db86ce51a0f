"""Running a SPARQL query on a graph: prefixes predeclared, updates refused, errors as one line."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.query import Result as RDFResult
from rdflib.term import Identifier

from graph.core.errors import QueryError
from graph.core.namespaces import PREFIXES
from graph.query.results import Result, term_text

if TYPE_CHECKING:
    from graph.store import OxigraphGraph

UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX|BASE)\s+[^\n]*\n\s*)*(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.I,
)


def prologue() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))


def refuse_update(sparql: str) -> None:
    """Raise QueryError when the text is a SPARQL Update: every EduKG reader is read-only."""
    if UPDATE.match(strip_comments(sparql)):
        raise QueryError(
            "updates are not allowed: EduKG queries are read-only; use SELECT, ASK, CONSTRUCT or DESCRIBE"
        )


def strip_comments(sparql: str) -> str:
    return "\n".join(line for line in sparql.splitlines() if not line.lstrip().startswith("#"))


def _is_update(text: str) -> bool:
    """Does the text parse as a SPARQL Update with at least one operation?"""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        return bool(getattr(parseUpdate(text), "request", None))
    except Exception:
        return False


def execute(g: Graph, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> RDFResult:
    """Evaluate a read-only query with rdflib; parameters are bound as RDF terms with initBindings."""
    if not strip_comments(sparql).strip():
        raise QueryError("the query is empty; give a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    refuse_update(sparql)
    text = prologue() + sparql
    try:
        return g.query(text, initBindings=dict(bindings or {}))
    except Exception as exc:  # pyparsing and rdflib raise several types
        if _is_update(text):
            refuse_update("INSERT")
        raise QueryError(
            f"malformed SPARQL: {error_position(exc, len(prologue().splitlines()))}; fix the query"
        ) from None


def run_query(
    g: Graph | OxigraphGraph, sparql: str, bindings: Mapping[str, Identifier] | None = None
) -> Result:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query; the common prefixes are predeclared."""
    if not isinstance(g, Graph):  # a fast store (graph.store.open_store) answers with the same Result
        if not strip_comments(sparql).strip():
            raise QueryError("the query is empty; give a SELECT, ASK, CONSTRUCT or DESCRIBE query")
        refuse_update(sparql)
        return g.run(sparql, dict(bindings or {}))
    res = execute(g, sparql, bindings)
    try:
        return to_result(res, g)  # rdflib evaluates as the rows are read
    except QueryError:
        raise
    except Exception as exc:
        raise QueryError(evaluation_problem(exc)) from None


def evaluation_problem(exc: BaseException) -> str:
    """One line for a query that parsed but failed while it ran (GRAPH on one graph, a SERVICE call)."""
    why = " ".join(str(exc).split())[:160] or type(exc).__name__
    if "requiring a dataset" in why:
        return (
            "GRAPH needs named graphs, which the rdflib store does not keep (it holds their union); "
            "drop GRAPH from the query or use --store oxigraph"
        )
    if isinstance(exc, OSError) or type(exc).__name__ in ("URLError", "HTTPError"):
        return f"a SERVICE call failed ({why}); check the endpoint named in the query"
    return f"the query failed while it ran ({why}); check the query"


def to_result(res: RDFResult, g: Graph) -> Result:
    """An rdflib result as columns and rows of display text (prefixed names for vocabulary IRIs)."""
    if res.type == "ASK":
        return Result(["ask"], [[str(bool(res.askAnswer)).lower()]])
    if res.type in ("CONSTRUCT", "DESCRIBE"):
        cg = res.graph
        assert cg is not None
        return Result(
            ["subject", "predicate", "object"],
            sorted([[term_text(s, g), term_text(p, g), term_text(o, g)] for s, p, o in cg]),
        )
    columns = [str(v) for v in res.vars or []]
    rows = [[term_text(row[i], g) for i in range(len(columns))] for row in res]  # type: ignore[index]
    return Result(columns, rows)


def error_position(exc: Exception, offset: int) -> str:
    msg = str(exc).replace("\n", " ")
    m = re.search(r"line:(\d+), col:(\d+)", msg)
    if m:
        return (
            f"line {int(m.group(1)) - offset}, column {m.group(2)}: {msg.split('(at char')[0].strip()[:120]}"
        )
    return msg[:160]
