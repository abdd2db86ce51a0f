"""The `edukg` command line: each command a thin wrapper over one library function."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from graph.errors import EduKGError

DEFAULT_OUT = Path("output")


def graph_option(f: Callable) -> Callable:
    """--graph FILE: read another graph than the last build in output/."""
    return click.option(
        "--graph",
        "graph_file",
        type=click.Path(path_type=Path),
        default=None,
        help="Graph to read (Turtle, N-Triples, TriG or JSON-LD). Default: output/edukg.ttl.",
    )(f)


def handle_errors(f: Callable) -> Callable:
    """Errors print one line `Error: …` and exit 1; --debug shows the traceback."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click's own: usage errors, exits and aborts
        except Exception as exc:
            if click.get_current_context().find_root().params.get("debug"):
                raise
            if isinstance(exc, EduKGError):
                raise click.ClickException(str(exc)) from None
            # a bug or an unforeseen condition: still one line, the traceback behind --debug
            why = " ".join(str(exc).split())[:200]
            raise click.ClickException(
                f"unexpected {type(exc).__name__}: {why}; rerun with `edukg --debug ...` for the traceback"
            ) from None

    return wrapper


def _pairs(values: tuple[str, ...]) -> tuple[str, ...]:
    """NAME=VALUE options: a value without '=' is a usage error (exit 2)."""
    for v in values:
        if "=" not in v or not v.partition("=")[0].strip():
            raise click.BadParameter(f"{v!r}: give NAME=VALUE, such as --param year=2021")
    return values


def _checked_pairs(values: tuple[str, ...]) -> tuple[str, ...]:
    for item in values:
        key, sep, _ = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{item!r}: give NAME=VALUE, such as --param year=2021")
    return values


def _load(graph_file: Path | None):
    from graph.store import load_graph

    return load_graph(graph_file)


def store_option(f: Callable) -> Callable:
    """--store oxigraph|rdflib: the engine that answers queries (default oxigraph, or $EDUKG_STORE)."""
    return click.option(
        "--store",
        "backend",
        type=click.Choice(["oxigraph", "rdflib"]),
        default=None,
        help="Query engine: oxigraph (the persistent store OUT/store/, read-only) or rdflib in memory.",
    )(f)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@click.version_option(package_name="edukg")
def main(debug: bool) -> None:
    """EduKG: education-policy documents to a knowledge graph you can query and trust.

    \b
    Example:
      edukg build && edukg query -e 'SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c'
    """


@main.command()
@click.option(
    "--seeds",
    type=click.Path(path_type=Path),
    default=Path("seeds"),
    show_default=True,
    help="Folder of documents: .txt, .md, .html, .docx, .pdf (and an optional catalog.yaml).",
)
@click.option(
    "--out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True, help="Output folder."
)
@click.option(
    "--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Extraction processes."
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Run extraction on a Dask cluster (e.g. tcp://10.0.0.5:8786); needs the 'dask' extra.",
)
@click.option("--strict", is_flag=True, help="Fail on the first unreadable document instead of skipping it.")
@click.option("--html/--no-html", default=True, show_default=True, help="Write the HTML views.")
@handle_errors
def build(seeds: Path, out: Path, workers: int, scheduler: str | None, strict: bool, html: bool) -> None:
    """Build the graph from a seeds folder into OUT/edukg.ttl, OUT/edukg.html and OUT/store/.

    \b
    Example:
      edukg build --seeds seeds --out output
    """
    from graph.pipeline import run_build

    r = run_build(seeds, out, workers=workers, strict=strict, html=html, scheduler=scheduler)
    for msg in r.skipped:
        click.echo(f"Skipped: {msg}", err=True)
    click.echo(f"documents: {r.documents}" + (f" ({len(r.skipped)} skipped)" if r.skipped else ""))
    click.echo(
        f"entities: {sum(r.entities.values())} ("
        + ", ".join(f"{k} {v}" for k, v in sorted(r.entities.items()))
        + ")"
    )
    click.echo(
        f"relations: {sum(r.relations.values())} ("
        + ", ".join(f"{k} {v}" for k, v in sorted(r.relations.items()))
        + ")"
    )
    click.echo(f"figures: {r.targets}  mentions: {r.mentions}  triples: {r.triples}")
    click.echo("wrote: " + ", ".join(str(p) for p in r.outputs))
    click.echo(f"time: {r.seconds:.2f} s")


@main.command()
@click.argument("name", required=False)
@click.option("-e", "--expr", help="A SPARQL query given inline.")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    callback=lambda _ctx, _param, values: _checked_pairs(values),
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
@click.option("--list", "list_", is_flag=True, help="List the named planner queries and their parameters.")
@click.option(
    "--endpoint",
    metavar="URL",
    default=None,
    help="Run on a SPARQL 1.1 endpoint (e.g. http://127.0.0.1:7878/query) instead of the local graph.",
)
@graph_option
@store_option
@handle_errors
def query(
    name: str | None,
    expr: str | None,
    params: tuple[str, ...],
    fmt: str,
    list_: bool,
    endpoint: str | None,
    graph_file: Path | None,
    backend: str | None,
) -> None:
    """Run SPARQL: a named query, a .rq file, or -e 'QUERY'.

    \b
    Examples:
      edukg query -e 'SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c'
      edukg query targets --param year=2025 --param status=planned --format csv
      edukg query plans-covering-year -p year=2024 --endpoint http://127.0.0.1:7878/query
      edukg query my-question.rq
    """
    from graph.errors import QueryError
    from graph.query import format_result, get_named_query, list_queries, parse_named_query, parse_param_args

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
    if endpoint:
        from graph.remote import remote_query

        result = remote_query(endpoint, nq.text, bindings)
    else:
        from graph.query import run_query
        from graph.store import open_store

        result = run_query(open_store(graph_file, backend), nq.text, bindings)
    click.echo(format_result(result, fmt), nl=False)


@main.command()
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
@handle_errors
def show(name: str, fmt: str, graph_file: Path | None) -> None:
    """An entity card: type, labels, every relation in and out, figures, and quotes with offsets.

    NAME is a label, an alias, a part of one, or an IRI (ekid:… works). When several entities
    match, the candidates are listed and the exit code is 1: run it again with one of their IRIs.

    \b
    Examples:
      edukg show 江南大学
      edukg show ekid:university/jiangnan-university --format json
    """
    from graph.show import AmbiguousName, card_json, entity_card, render_card

    g = _load(graph_file)
    try:
        card = entity_card(g, name)
    except AmbiguousName as exc:
        for c in exc.candidates:
            click.echo(f"{c.label}\t{c.type}\t{c.iri}")
        raise
    click.echo(card_json(card) if fmt == "json" else render_card(card), nl=False)


@main.command()
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
    "--workers", type=click.IntRange(1, 64), default=2, show_default=True, help="Query worker processes."
)
@graph_option
@handle_errors
def serve(host: str, port: int, timeout: float, workers: int, graph_file: Path | None) -> None:
    """A read-only SPARQL 1.1 endpoint at /sparql and a query page at /, until Ctrl-C.

    \b
    Example:
      edukg serve --port 7879   # then open http://127.0.0.1:7879/
    """
    from graph.serve import EndpointServer
    from graph.serve import serve as run_server

    def ready(server: EndpointServer) -> None:
        if host not in ("127.0.0.1", "localhost", "::1"):
            click.echo(f"Warning: listening on {host}: anyone who can reach it can query the graph", err=True)
        click.echo(f"SPARQL endpoint: {server.url}/sparql   query page: {server.url}/   (Ctrl-C stops)")

    run_server(_load(graph_file), host, port, timeout=timeout, workers=workers, ready=ready)


@main.command()
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
    from graph.remote import push as do_push

    r = do_push(_load(graph_file), endpoint, graph_iri, replace=not append, graph_param=graph_param)
    click.echo(f"{r.method} {r.url}: HTTP {r.status}, {r.triples} triples in {r.seconds:.2f} s")


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["turtle", "nt", "jsonld", "trig"]),
    default="turtle",
    show_default=True,
    help="Export format (trig: one named graph per document).",
)
@click.option(
    "--out",
    "out_file",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write (default: stdout).",
)
@graph_option
@handle_errors
def export(fmt: str, out_file: Path | None, graph_file: Path | None) -> None:
    """Export the graph as Turtle, N-Triples, JSON-LD or TriG.

    \b
    Example:
      edukg export --format trig --out output/edukg.trig
    """
    from graph.export import export as do_export
    from graph.pipeline import write_atomic

    text = do_export(_load(graph_file), fmt)
    if out_file:
        write_atomic(out_file, text)
        click.echo(f"wrote {out_file}")
    else:
        click.echo(text, nl=False)


@main.command()
@click.option("--central", type=int, default=0, help="Also list the N most connected entities.")
@graph_option
@handle_errors
def stats(central: int, graph_file: Path | None) -> None:
    """Counts by class and relation, per document; the most connected entities.

    \b
    Example:
      edukg stats --central 10
    """
    from graph.stats import render
    from graph.stats import stats as compute

    click.echo(render(compute(_load(graph_file), central=central)), nl=False)


@main.command()
@graph_option
@click.option(
    "--shapes",
    type=click.Path(path_type=Path),
    default=None,
    help="SHACL shapes (default: ontology/shapes.ttl).",
)
def validate(graph_file: Path | None, shapes: Path | None) -> None:
    """Check the graph against the SHACL shapes: exit 0 conforms, 1 violations, 2 could not load.

    \b
    Example:
      edukg validate --graph output/edukg.ttl
    """
    from graph.validate import validate as run

    try:
        report = run(_load(graph_file), shapes)
    except EduKGError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    if report.conforms:
        click.echo("conforms: the graph satisfies every shape")
        return
    click.echo(report.text, nl=False)
    click.echo(f"violations: {report.violations}")
    sys.exit(1)


@main.command(name="eval")
@click.option(
    "--gold", type=click.Path(path_type=Path), required=True, help="Gold annotation (dev-gold.yaml format)."
)
@click.option("--details", type=int, default=0, help="List up to N misses and false positives.")
@graph_option
@handle_errors
def eval_(gold: Path, details: int, graph_file: Path | None) -> None:
    """Precision, recall and F1 against a gold annotation.

    \b
    Example:
      edukg eval --gold ../shared/eval/dev-gold.yaml --details 50
    """
    from graph.evaluate import evaluate, load_gold, render

    click.echo(render(evaluate(_load(graph_file), load_gold(gold)), details), nl=False)


@main.command()
@click.option("--focus", help="Centre on an entity: a label, alias or IRI.")
@click.option(
    "--depth", type=click.IntRange(0, 10), default=1, show_default=True, help="Hops around --focus."
)
@click.option("--type", "types", multiple=True, help="Only these classes (e.g. University); repeatable.")
@click.option("--doc", "docs", multiple=True, help="Only what these documents (ids) mention; repeatable.")
@click.option("--year", "years", type=int, multiple=True, help="Only documents of these years; repeatable.")
@click.option(
    "--max-nodes", type=click.IntRange(1), default=None, help="Cap the view; the page says what was left out."
)
@click.option(
    "--seeds",
    type=click.Path(path_type=Path),
    default=Path("seeds"),
    show_default=True,
    help="Where the documents are, to show each quote in its sentence (skipped if absent).",
)
@click.option(
    "--out",
    "out_file",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUT / "view.html",
    show_default=True,
    help="HTML file to write.",
)
@graph_option
@handle_errors
def viz(
    focus: str | None,
    depth: int,
    types: tuple[str, ...],
    docs: tuple[str, ...],
    years: tuple[int, ...],
    max_nodes: int | None,
    seeds: Path,
    out_file: Path,
    graph_file: Path | None,
) -> None:
    """Write a self-contained interactive HTML view of the graph (works offline from file://).

    \b
    Examples:
      edukg viz --out output/view.html
      edukg viz --focus 江南大学 --depth 2 --out output/jiangnan.html
      edukg viz --doc 002 --type University --type Campus --max-nodes 100 --out output/v.html
    """
    from graph.pipeline import document_texts, write_atomic
    from graph.viz import ViewSpec
    from graph.viz import viz as view_page

    g = _load(graph_file)
    spec = ViewSpec(focus=focus, depth=depth, types=types, docs=docs, years=years, max_nodes=max_nodes)
    view, page = view_page(g, spec, texts=document_texts(g, seeds))
    write_atomic(out_file, page)
    H = view.graph
    click.echo(f"wrote {out_file}: {H.number_of_nodes()} nodes, {H.number_of_edges()} edges")
    if view.note:
        click.echo(view.note)


@main.command()
@click.argument("indicator")
@click.option(
    "--chart",
    "chart_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Also draw the values as a self-contained HTML chart.",
)
@graph_option
@handle_errors
def trend(indicator: str, chart_file: Path | None, graph_file: Path | None) -> None:
    """An indicator's values by year, planned and achieved, with their sources.

    \b
    Example:
      edukg trend 义务教育优质均衡达标比例 --chart output/trend.html
    """
    from graph.pipeline import write_atomic
    from graph.trend import chart_html, render
    from graph.trend import trend as compute

    points = compute(_load(graph_file), indicator)
    click.echo(render(points), nl=False)
    if chart_file:
        write_atomic(chart_file, chart_html(points, indicator))
        click.echo(f"wrote {chart_file}")


if __name__ == "__main__":  # pragma: no cover
    main()
