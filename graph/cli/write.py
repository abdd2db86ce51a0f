"""Commands that make or check a graph: build, export, validate, eval, rules."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graph.cli.options import (
    DEFAULT_OUT,
    graph_option,
    handle_errors,
    leave_at_exit,
    load,
)
from graph.core.errors import EduKGError


@click.command()
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
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    show_default="one per core",
    help="Processes that read and extract the documents.",
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
def build(
    seeds: Path, out: Path, workers: int | None, scheduler: str | None, strict: bool, html: bool
) -> None:
    """Build the graph from a seeds folder into OUT/edukg.ttl, OUT/edukg.html and OUT/store/.

    \b
    Example:
      edukg build --seeds seeds --out output
    """
    from graph.pipeline import run_build
    from graph.store import tune_allocator

    tune_allocator()  # the store's bulk loader runs faster (graph.store.files.MALLOPT)
    r = run_build(seeds, out, workers=workers, strict=strict, html=html, scheduler=scheduler)
    for msg in r.skipped:
        click.echo(f"Skipped: {msg}", err=True)
    for msg in r.notes:
        click.echo(f"Warning: {msg}", err=True)
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
    click.echo("wrote: " + written(out, r.outputs))
    click.echo(f"time: {r.seconds:.2f} s")
    leave_at_exit()


def written(out: Path, outputs: list[Path]) -> str:
    """The outputs of a build as one line: files and the store by name, the pages of a folder inside OUT
    (trends/, one page per indicator: hundreds in a large corpus) counted, not listed."""
    named: list[str] = []
    pages: dict[Path, int] = {}
    for p in outputs:
        rel = p.relative_to(out) if p.is_relative_to(out) else None
        if rel is not None and len(rel.parts) > 1:
            folder = out / rel.parts[0]
            pages[folder] = pages.get(folder, 0) + 1
        else:
            named.append(str(p))
    named += [f"{folder}/ ({n} page{'s' if n != 1 else ''})" for folder, n in pages.items()]
    return ", ".join(named)


@click.command()
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
    from graph.pipeline import write_atomic
    from graph.rdf.export import export as do_export

    text = do_export(load(graph_file), fmt)
    if out_file:
        write_atomic(out_file, text)
        click.echo(f"wrote {out_file}")
    else:
        click.echo(text, nl=False)


@click.command()
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
    from graph.quality.validate import validate as run

    try:
        report = run(load(graph_file), shapes)
    except EduKGError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    if report.conforms:
        click.echo("conforms: the graph satisfies every shape")
        return
    click.echo(report.text, nl=False)
    click.echo(f"violations: {report.violations}")
    sys.exit(1)


@click.command(name="eval")
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
    from graph.quality.evaluate import evaluate, load_gold, render

    click.echo(render(evaluate(load(graph_file), load_gold(gold)), details), nl=False)


@click.command()
@graph_option
@click.option("--format", "fmt", type=click.Choice(["table", "md"]), default="table", show_default=True)
@click.option("--no-counts", is_flag=True, help="List the rules without reading a graph.")
@handle_errors
def rules(graph_file: Path | None, fmt: str, no_counts: bool) -> None:
    """The extraction rules (graph/knowledge/rules.yaml) and how many facts each made in the last build.

    \b
    Example:
      edukg rules
      edukg rules --format md --graph output/edukg.ttl
    """
    from graph.quality.rules import render_rules, rules_table

    click.echo(render_rules(rules_table(None if no_counts else load(graph_file)), fmt), nl=False)
