"""The Python API: the command line's verbs as functions a notebook can call.

    import graph
    report = graph.build("seeds", "output")             # edukg build
    rows = graph.query("campuses")                      # edukg query campuses
    rows = graph.query("targets", params={"year": "2021", "status": "planned"})
    df = rows.to_dataframe()                            # pandas, when installed
    card = graph.show("江南大学")                         # edukg show
    series = graph.trend("普惠性幼儿园覆盖率")              # edukg trend: one series per place
    text = graph.export("nt")                           # edukg export
    report = graph.validate()                           # edukg validate

Every function reads the last build in output/ unless given `graph=` (a Turtle, N-Triples, TriG or
JSON-LD file). Errors raise graph.EduKGError subclasses with the same one-line messages as the CLI.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.pipeline import BuildReport
    from graph.quality.validate import Report
    from graph.views.card import Card
    from graph.views.trend import Series

DEFAULT_GRAPH = Path("output") / "edukg.ttl"


@dataclass(frozen=True)
class Rows:
    """A query's answer: column names and rows of display text, as `edukg query` prints them."""

    columns: list[str]
    rows: list[list[str]]

    def __iter__(self) -> Iterator[dict[str, str]]:
        return (dict(zip(self.columns, row, strict=True)) for row in self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[dict[str, str]]:
        """The rows as dicts by column name."""
        return list(self)

    def to_dataframe(self) -> Any:
        """A pandas DataFrame of the rows (pandas is not a dependency: `pip install pandas`)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("to_dataframe needs pandas: pip install pandas") from exc
        return pd.DataFrame(self.rows, columns=self.columns)

    def format(self, fmt: str = "table") -> str:
        """The rows as text: table, csv, tsv, json or md (the CLI's --format)."""
        from graph.sparql.results import Result, format_result

        return format_result(Result(self.columns, self.rows), fmt)


def build(
    seeds: str | Path = "seeds",
    out: str | Path = "output",
    *,
    workers: int | None = None,
    strict: bool = False,
    html: bool = True,
) -> BuildReport:
    """Build the graph of a folder of documents into OUT/edukg.ttl, the views and the store."""
    from graph.pipeline import run_build

    return run_build(Path(seeds), Path(out), workers=workers, strict=strict, html=html)


def query(
    text_or_name: str,
    *,
    params: Mapping[str, str] | None = None,
    graph: str | Path | None = None,
    store: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> Rows:
    """Run a named planner query (`campuses`, `targets` …, see `named_queries()`) or SPARQL text;
    `limit` rows from `offset` in the query's order (default: every row).

    The graph is opened once and kept for the next calls (until its file changes): up to 3M triples
    in an in-memory Oxigraph store, the fastest; larger graphs in the persistent store. `store`
    (memory, persistent, rdflib, or $EDUKG_STORE) chooses another (graph.store.choice)."""
    from graph.sparql.connect import kept_engine
    from graph.sparql.library import load_named_queries, parse_named_query
    from graph.sparql.pages import run_page

    named = load_named_queries()
    q = named.get(text_or_name) or parse_named_query("query", text_or_name)
    engine = kept_engine(Path(graph) if graph else DEFAULT_GRAPH, store)
    result = run_page(engine, q, q.bindings(params), limit, offset)
    return Rows(result.columns, result.rows)


def named_queries() -> dict[str, str]:
    """The named planner queries: name -> English / Chinese title."""
    from graph.sparql.library import load_named_queries

    return {n: f"{q.title_en} / {q.title_zh}" for n, q in load_named_queries().items()}


def show(name: str, *, graph: str | Path | None = None) -> Card:
    """An entity's card (types, labels, links, figures, quotes) by label, alias or id (from the graph
    that `query` keeps open)."""
    from graph.sparql.connect import kept_engine
    from graph.views.entity import entity_card

    return entity_card(kept_engine(Path(graph) if graph else DEFAULT_GRAPH), name)


def trend(indicator: str, *, place: str | None = None, graph: str | Path | None = None) -> list[Series]:
    """An indicator's series, one per place: values by year, planned and achieved, with their documents."""
    from graph.store import load_graph
    from graph.views.trend import trend as series

    return series(load_graph(Path(graph) if graph else DEFAULT_GRAPH), indicator, place)


def export(fmt: str = "turtle", *, graph: str | Path | None = None, out: str | Path | None = None) -> str:
    """The graph as turtle, nt, jsonld or trig (one named graph per document); written to `out` if given."""
    from graph.rdf.export import export as serialise
    from graph.store import load_graph

    text = serialise(load_graph(Path(graph) if graph else DEFAULT_GRAPH), fmt)
    if out is not None:
        from graph.pipeline import write_atomic

        write_atomic(Path(out), text)
    return text


def validate(*, graph: str | Path | None = None, shapes: str | Path | None = None) -> Report:
    """SHACL validation against ontology/shapes.ttl (or `shapes`): .conforms, .violations, .text."""
    from graph.quality.validate import validate as run
    from graph.store import load_graph

    return run(load_graph(Path(graph) if graph else DEFAULT_GRAPH), Path(shapes) if shapes else None)
