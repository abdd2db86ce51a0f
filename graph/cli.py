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
    """EduKG errors print one line `Error: …` and exit 1; --debug shows the traceback."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except EduKGError as exc:
            if click.get_current_context().find_root().params.get("debug"):
                raise
            raise click.ClickException(str(exc)) from None

    return wrapper


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
    help="Folder of .txt/.md documents (and an optional catalog.yaml).",
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
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json", "md"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option("--list", "list_", is_flag=True, help="List the named planner queries.")
@graph_option
@store_option
@handle_errors
def query(
    name: str | None, expr: str | None, fmt: str, list_: bool, graph_file: Path | None, backend: str | None
) -> None:
    """Run SPARQL: a named query, a .rq file, or -e 'QUERY'.

    \b
    Examples:
      edukg query -e 'SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c'
      edukg query campuses --format csv
      edukg query my-question.rq
    """
    from graph.errors import QueryError
    from graph.query import describe_query, format_result, named_queries, run_query

    if list_:
        for n, text in named_queries().items():
            click.echo(f"{n:24} {describe_query(text)}")
        return
    if expr and name:
        raise click.UsageError("give either a query NAME/FILE or -e, not both")
    if expr:
        text = expr
    elif name and name.endswith(".rq"):
        p = Path(name)
        if not p.exists():
            raise QueryError(f"{name}: no such query file; check the path")
        text = p.read_text(encoding="utf-8")
    elif name:
        queries = named_queries()
        if name not in queries:
            raise QueryError(f"unknown query {name!r}; `edukg query --list` shows the named queries")
        text = queries[name]
    else:
        raise click.UsageError("give a query NAME, a FILE.rq or -e 'SPARQL'")
    from graph.store import open_store

    click.echo(format_result(run_query(open_store(graph_file, backend), text), fmt), nl=False)


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
def viz(out_file: Path, graph_file: Path | None) -> None:
    """Write a self-contained interactive HTML view of the graph.

    \b
    Example:
      edukg viz --out output/view.html
    """
    from graph.pipeline import write_atomic
    from graph.viz import overview_html

    write_atomic(out_file, overview_html(_load(graph_file)))
    click.echo(f"wrote {out_file}")


if __name__ == "__main__":  # pragma: no cover
    main()
