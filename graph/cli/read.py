"""Commands that read a graph: query, show, serve, push, stats."""

from __future__ import annotations

import os
import time
from pathlib import Path

import click

from graph.cli.options import (
    checked_pairs,
    graph_option,
    handle_errors,
    load,
    store_option,
)


@click.command()
@click.argument("name", required=False)
@click.option("-e", "--expr", help="A SPARQL query given inline.")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    callback=lambda _ctx, _param, values: checked_pairs(values),
    help="Bind a parameter of a named query (or a variable of -e / a plain .rq) as an RDF term.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json", "md"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--limit",
    type=click.IntRange(0),
    default=None,
    help="Rows of a named query (default 1000, its first page; 0: every row). -e and .rq files: unlimited.",
)
@click.option("--list", "list_", is_flag=True, help="List the named planner queries and their parameters.")
@click.option(
    "--endpoint",
    metavar="URL",
    default=None,
    help="Run on a SPARQL 1.1 endpoint (e.g. http://127.0.0.1:7878/query) instead of the local graph.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 86400),
    default=30.0,
    show_default=True,
    help="Seconds to wait for the answer before giving up.",
)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Allow SERVICE (the query calls another server) and remote JSON-LD @context (fetched). Off: refused.",
)
@graph_option
@store_option
@handle_errors
def query(
    name: str | None,
    expr: str | None,
    params: tuple[str, ...],
    fmt: str,
    limit: int | None,
    list_: bool,
    endpoint: str | None,
    timeout: float,
    allow_remote: bool,
    graph_file: Path | None,
    backend: str | None,
) -> None:
    """Run SPARQL: a named query, a .rq file, or -e 'QUERY'.

    While `edukg serve` runs on the same graph file (over 2 MB), the query is sent to it: the graph in
    memory, no load. --store, --endpoint or $EDUKG_STORE answer from the file or endpoint named.

    \b
    Examples:
      edukg query -e 'SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c'
      edukg query targets --param year=2025 --param status=planned --format csv
      edukg query plans-covering-year -p year=2024 --endpoint http://127.0.0.1:7878/query
      edukg query my-question.rq
    """
    from graph.core.errors import QueryError
    from graph.sparql import format_result, get_named_query, list_queries, parse_named_query, parse_param_args

    if list_:
        click.echo(list_queries(), nl=False)
        return
    if expr is not None and name:
        raise click.UsageError("give either a query NAME/FILE or -e, not both")
    values = parse_param_args(params)
    if expr:
        nq = parse_named_query("-e", expr)
    elif name and name.endswith(".rq"):
        p = Path(name)
        if not p.exists():
            raise QueryError(f"{name}: no such query file; check the path")
        try:
            nq = parse_named_query(p.stem, p.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError:
            raise QueryError(f"{name}: not UTF-8 text; save the query as UTF-8") from None
        except OSError as exc:
            raise QueryError(f"{name}: cannot read the query file ({exc.strerror})") from None
    elif name:
        nq = get_named_query(name)
    else:
        raise click.UsageError("give a query NAME, a FILE.rq or -e 'SPARQL'")
    bindings = nq.bindings(values)
    if limit is None and name and not name.endswith(".rq"):
        from graph.sparql.pages import PAGE

        limit = PAGE  # a named query unbound can run to hundreds of thousands of rows at scale
    from graph.sparql.connect import open_engine
    from graph.sparql.engine import timed_out, with_deadline
    from graph.sparql.guard import check_query
    from graph.sparql.pages import run_page
    from graph.sparql.resident import persistent_hint

    check_query(nq.text, allow_remote=allow_remote, local=not endpoint)  # before the graph is opened
    result, left = None, timeout
    asked = not endpoint and backend is None and not os.environ.get("EDUKG_STORE")  # a running serve
    if asked:
        from graph.sparql.resident import resident_answer

        # an `edukg serve` of this very graph file holds it in memory: it answers (else the file does,
        # in the time left: one --timeout for both)
        shipped = bool(name) and not str(name).endswith(".rq")
        t0 = time.monotonic()
        result = resident_answer(graph_file, nq, values, limit, shipped=shipped, timeout=timeout)
        left = timeout - (time.monotonic() - t0)
        if result is None and left <= 0:
            raise timed_out(timeout)
    slow = ""
    if result is None:
        engine = open_engine(graph_file, backend, endpoint=endpoint, allow_remote=allow_remote)
        # a named query with a page key runs slice by slice (graph.sparql.pages.run_page)
        t0 = time.monotonic()
        result = with_deadline(lambda: run_page(engine, nq, bindings, limit), left, timeout)
        slow = persistent_hint(engine, time.monotonic() - t0, graph_file) if asked else ""
    click.echo(format_result(result, fmt), nl=False)
    if limit and len(result.rows) == limit and fmt == "table":
        click.echo(f"(the first {limit} rows; --limit 0 for every row)", err=True)
    if slow:
        click.echo(slow, err=True)


@click.command()
@click.argument("name")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Card as text or JSON.",
)
@graph_option
@store_option
@handle_errors
def show(name: str, fmt: str, graph_file: Path | None, backend: str | None) -> None:
    """An entity card: type, labels, every relation in and out, figures, and quotes with offsets.

    NAME is a label, an alias, a part of one, or an IRI (<https://…> or ekid:…). Ids are printed as
    <IRI>, which pastes into a query: edukg query -e 'DESCRIBE <IRI>'. When several entities match,
    the candidates are listed and the exit code is 1: run it again with one of their IRIs.

    \b
    Examples:
      edukg show 江南大学
      edukg show '<https://w3id.org/edukg/id/university/jiangnan-university>' --format json
    """
    from graph.sparql.connect import open_engine
    from graph.views.card import AmbiguousName, card_json, pasteable, render_card
    from graph.views.entity import entity_card

    try:
        card = entity_card(open_engine(graph_file, backend), name)
    except AmbiguousName as exc:
        for c in exc.candidates:
            click.echo(f"{c.label}\t{c.type}\t{pasteable(c.iri)}")
        raise
    click.echo(card_json(card) if fmt == "json" else render_card(card), nl=False)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=7879, show_default=True, help="Port (0: any free one)."
)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 3600),
    default=10.0,
    show_default=True,
    help="Seconds a query may run.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    help="Query worker processes (a query past --timeout kills its worker, which is replaced).",
)
@click.option(
    "--store",
    type=click.Choice(["oxigraph", "memory", "persistent"]),
    default=None,
    help="Where the workers read the graph: oxigraph (default, or $EDUKG_STORE): in memory up to 3M triples"
    " if the copies fit in half the free memory, else the persistent store; memory (one process loads the"
    " file, the workers are forked from it); persistent (each worker opens OUT/store/ read-only).",
)
@click.option(
    "--cache-mb",
    type=click.IntRange(0, 4096),
    default=64,
    show_default=True,
    help="Memory for answers kept for repeated queries (the store is read-only); 0: none.",
)
@click.option("--quiet", is_flag=True, help="Do not log each request on stderr.")
@graph_option
@handle_errors
def serve(
    host: str,
    port: int,
    timeout: float,
    workers: int,
    store: str | None,
    cache_mb: int,
    quiet: bool,
    graph_file: Path | None,
) -> None:
    """A read-only SPARQL 1.1 endpoint at /sparql and a query page at /, until Ctrl-C.

    Queries run in worker processes on Oxigraph: a graph of up to 3M triples is loaded into memory
    once (the fastest; the workers are forked from the process that holds it), a larger one is read
    from the store that `edukg build` writes beside it (OUT/store/), opened read-only by each worker;
    --store chooses. A graph without a fresh store is loaded into a temporary one.

    \b
    Example:
      edukg serve --port 7879   # then open http://127.0.0.1:7879/
    """
    from graph.serve import EndpointServer
    from graph.serve import serve as run_server

    def ready(server: EndpointServer) -> None:
        if host not in ("127.0.0.1", "localhost", "::1"):
            click.echo(f"Warning: listening on {host}: anyone who can reach it can query the graph", err=True)
        held = "the graph in memory" if server.store == "memory" else "the persistent store"
        click.echo(
            f"SPARQL endpoint: {server.url}/sparql   query page: {server.url}/   ({held}; Ctrl-C stops)"
        )

    run_server(
        graph_file,
        host=host,
        port=port,
        timeout=timeout,
        workers=workers,
        quiet=quiet,
        cache_mb=cache_mb,
        store=store,
        ready=ready,
    )


@click.command()
@click.option(
    "--endpoint",
    metavar="URL",
    required=True,
    help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store (Oxigraph) or http://host:3030/ds/data (Fuseki).",
)
@click.option(
    "--graph-iri", metavar="IRI", default=None, help="Named graph to load into (default: the default graph)."
)
@click.option("--append", is_flag=True, help="POST (add to the graph) instead of PUT (replace it).")
@click.option(
    "--graph-param",
    default="graph",
    show_default=True,
    help="Name of the URL parameter for --graph-iri (Virtuoso's /sparql-graph-crud uses graph-uri).",
)
@graph_option
@handle_errors
def push(
    endpoint: str, graph_iri: str | None, append: bool, graph_param: str, graph_file: Path | None
) -> None:
    """Load the graph into a SPARQL server with the Graph Store Protocol (HTTP PUT/POST of Turtle).

    \b
    Example:
      edukg push --endpoint http://127.0.0.1:7878/store --graph-iri https://w3id.org/edukg/graph/all
    """
    from graph.sparql.remote import push as do_push

    r = do_push(load(graph_file), endpoint, graph_iri, replace=not append, graph_param=graph_param)
    click.echo(f"{r.method} {r.url}: HTTP {r.status}, {r.triples} triples in {r.seconds:.2f} s")


@click.command()
@click.option("--central", type=int, default=0, help="Also list the N most connected entities.")
@graph_option
@handle_errors
def stats(central: int, graph_file: Path | None) -> None:
    """Counts by class and relation, per document; the most connected entities.

    \b
    Example:
      edukg stats --central 10
    """
    from graph.quality.stats import render
    from graph.quality.stats import stats as compute

    click.echo(render(compute(load(graph_file), central=central)), nl=False)
