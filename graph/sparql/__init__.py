"""SPARQL over the built graph: run a query, refuse updates, format the results.

The parts: results (the result model and formatters), engine (running a query), params (parameters as
RDF terms), named (the planner queries), remote (any SPARQL 1.1 server over HTTP).
"""

from __future__ import annotations

from graph.sparql.engine import execute, prologue, refuse_update, run_query, to_result
from graph.sparql.library import (
    NamedQuery,
    Param,
    describe_query,
    get_named_query,
    list_queries,
    load_named_queries,
    named_queries,
    parse_named_query,
    run_named,
)
from graph.sparql.params import PARAM_TYPES, guess_term, parse_param_args, sparql_term, with_values
from graph.sparql.results import FORMATTERS, Result, format_result, term_text

__all__ = [
    "FORMATTERS",
    "PARAM_TYPES",
    "NamedQuery",
    "Param",
    "Result",
    "describe_query",
    "execute",
    "format_result",
    "get_named_query",
    "guess_term",
    "list_queries",
    "load_named_queries",
    "named_queries",
    "parse_named_query",
    "parse_param_args",
    "prologue",
    "refuse_update",
    "run_named",
    "run_query",
    "sparql_term",
    "term_text",
    "to_result",
    "with_values",
]
