"""The build's streaming paths and the paging of named queries (issue 19): same output, fewer rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner

from graph.cli import main
from graph.rdf.serialize import join_turtle, to_turtle, turtle_chunks
from graph.resolve.propagate import name_finder
from graph.sparql import get_named_query, run_query
from graph.sparql.pages import paged
from graph.store import load_graph, open_oxigraph


def test_turtle_in_chunks_is_the_turtle(built: Path) -> None:
    g = load_graph(built / "edukg.ttl")
    text = (built / "edukg.ttl").read_text(encoding="utf-8")
    assert to_turtle(g) == text
    for size in (1, 7, 1000, 10**9):
        assert join_turtle(list(turtle_chunks(g, size))) == text


def test_the_store_loaded_during_the_build_holds_the_turtle(built: Path) -> None:
    store = open_oxigraph(built / "edukg.ttl", memory_max_bytes=0)
    assert store.persistent
    assert len(store) == len(load_graph(built / "edukg.ttl"))


def test_propagated_names_are_found_as_the_alternation_found_them() -> None:
    import re

    names = {
        "新优质学校": "Program",
        "新优质学校建设": "Program",
        "强师行动计划": "Program",
        "江南大学": "University",
    }
    text = "推进新优质学校建设，实施强师行动计划。新优质学校12所；江南大学江南大学新优质学"
    regex = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    assert list(name_finder(names)(text)) == [(m.start(), m.group()) for m in regex.finditer(text)]


def test_a_page_is_the_head_of_the_ordered_rows(built: Path) -> None:
    g = open_oxigraph(built / "edukg.ttl")
    text = get_named_query("provenance").text
    every = run_query(g, text).rows
    assert len(every) > 10
    assert run_query(g, paged(text, 10)).rows == every[:10]
    assert run_query(g, paged(text, 10, 10)).rows == every[10:20]
    assert paged(text, 0) == text
    limited = get_named_query("most-connected").text
    top = run_query(g, limited).rows
    assert len(top) == 20
    # a query with a LIMIT of its own: the page is cut from its rows, and never reaches past them
    assert paged(limited, 5).rstrip().endswith("LIMIT 5") and run_query(g, paged(limited, 5)).rows == top[:5]
    assert run_query(g, paged(limited, 5, 17)).rows == top[17:]
    assert run_query(g, paged(limited, 100, 25)).rows == [] and paged(limited, 0) == limited
    assert paged(limited + " OFFSET 3", 5) == limited + " OFFSET 3"  # LIMIT and OFFSET of its own: kept


def test_edukg_query_pages_named_queries_by_default(built: Path) -> None:
    ttl = str(built / "edukg.ttl")
    r = CliRunner().invoke(main, ["query", "provenance", "--graph", ttl, "--limit", "3", "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert len(list(csv.reader(io.StringIO(r.stdout)))) == 1 + 3
    every = CliRunner().invoke(
        main, ["query", "provenance", "--graph", ttl, "--limit", "0", "--format", "csv"]
    )
    assert len(list(csv.reader(io.StringIO(every.stdout)))) > 4
