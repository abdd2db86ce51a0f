"""SPARQL over the built graph: one query interface, three engines, one result model.

The parts: guard (what every engine refuses before parsing), results (the result model and its
formatters), engine (the interface, the Oxigraph and rdflib engines), remote (any SPARQL 1.1 server
over HTTP, and pushing to one), connect (choosing the engine), params (parameters as RDF terms),
library + named/*.rq (the planner queries), pages (a named query's page, slice by slice).
"""

from __future__ import annotations

from graph.sparql.engine import Engine, OxigraphEngine, RdflibEngine, as_engine, run_query
from graph.sparql.guard import check_query, prologue, refuse_update
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
from graph.sparql.results import FORMATTERS, RESULT_FORMATS, Result, Term, format_result, term_text

__all__ = [
    "FORMATTERS",
    "PARAM_TYPES",
    "RESULT_FORMATS",
    "Engine",
    "NamedQuery",
    "OxigraphEngine",
    "Param",
    "RdflibEngine",
    "Result",
    "Term",
    "as_engine",
    "check_query",
    "describe_query",
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
    "with_values",
]
