"""Commands that draw a graph or its series: viz, trend, changes."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.options import (
    DEFAULT_OUT,
    graph_option,
    handle_errors,
    load,
)


@click.command()
@click.option("--focus", help="Centre on an entity: a label, alias or IRI.")
@click.option(
    "--depth", type=click.IntRange(0, 10), default=1, show_default=True, help="Hops around --focus."
)
@click.option(
    "--through-hubs",
    "through",
    is_flag=True,
    help="Let --focus walk on through places, documents and sectors (by default it stops at them).",
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
    through: bool,
    types: tuple[str, ...],
    docs: tuple[str, ...],
    years: tuple[int, ...],
    max_nodes: int | None,
    seeds: Path,
    out_file: Path,
    graph_file: Path | None,
) -> None:
    """Write a self-contained interactive HTML view of the graph (works offline from file://).

    A focus shows the neighbourhood of an entity up to --depth hops; it shows the places, documents
    and sectors it meets but does not walk through them, unless --through-hubs.

    \b
    Examples:
      edukg viz --out output/view.html
      edukg viz --focus 江南大学 --depth 2 --out output/jiangnan.html
      edukg viz --focus 无锡 --depth 2 --through-hubs --out output/wuxi.html
      edukg viz --doc 002 --type University --type Campus --max-nodes 100 --out output/v.html
    """
    from graph.pipeline import document_texts, write_atomic
    from graph.views.scope import ViewSpec
    from graph.views.site import viz as view_page

    g = load(graph_file)
    spec = ViewSpec(
        focus=focus, depth=depth, types=types, docs=docs, years=years, max_nodes=max_nodes, through=through
    )
    view, page = view_page(g, spec, texts=document_texts(g, seeds))
    write_atomic(out_file, page)
    H = view.graph
    click.echo(f"wrote {out_file}: {H.number_of_nodes()} nodes, {H.number_of_edges()} edges")
    if view.note:
        click.echo(view.note)


@click.command()
@click.argument("indicator")
@click.option(
    "--place",
    default=None,
    help="Only the indicator of this place (e.g. 青岛市); default: every place, one series each.",
)
@click.option(
    "--compare",
    is_flag=True,
    help="Compare places: one row per year and status, one column per place (an explicit comparison view).",
)
@click.option(
    "--chart",
    "chart_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Also draw the values as a self-contained HTML chart (one chart per place).",
)
@graph_option
@handle_errors
def trend(
    indicator: str, place: str | None, compare: bool, chart_file: Path | None, graph_file: Path | None
) -> None:
    """An indicator's values by year in each place, planned and achieved, with their sources.

    An indicator is one measure in one place: each place is its own series and two places are never
    joined in one line; --compare sets the places side by side.

    \b
    Example:
      edukg trend 普惠性幼儿园覆盖率 --place 南通市 --chart output/trend.html
      edukg trend 普惠性幼儿园覆盖率 --compare
    """
    from graph.pipeline import write_atomic
    from graph.views.trend import chart_html, render
    from graph.views.trend import compare as side_by_side
    from graph.views.trend import trend as compute

    series = compute(load(graph_file), indicator, place)
    click.echo(side_by_side(series) if compare else render(series), nl=False)
    if chart_file:
        write_atomic(chart_file, chart_html(series, indicator))
        click.echo(f"wrote {chart_file}")


@click.command()
@click.argument("place")
@click.argument("first", type=int)
@click.argument("second", type=int)
@graph_option
@handle_errors
def changes(place: str, first: int, second: int, graph_file: Path | None) -> None:
    """What changed in PLACE from year FIRST to year SECOND: targets and indicators new, changed in
    value, or dropped, with the quotes they rest on.

    \b
    Example:
      edukg changes 无锡市 2020 2021
    """
    from graph.views.changes import changes as compute
    from graph.views.changes import render

    click.echo(render(compute(load(graph_file), place, first, second), first, second), nl=False)
