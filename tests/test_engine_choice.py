"""Which store answers (graph.store.choice, issue 19): a one-shot command and a long-running process, the
override (--store, $EDUKG_STORE), and named queries paged slice by slice on a store in memory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import graph
from graph.core.errors import GraphLoadError
from graph.sparql import engine as engine_module
from graph.sparql import get_named_query, load_named_queries, run_query
from graph.sparql.connect import kept_engine, open_engine
from graph.sparql.engine import OxigraphEngine
from graph.sparql.pages import own_limit, run_page
from graph.store import choice, open_store
from graph.store.oxigraph import in_memory

PAGED = sorted(n for n, q in load_named_queries().items() if q.page)


def test_a_long_running_process_holds_a_small_graph_in_memory(built: Path, monkeypatch) -> None:
    ttl = built / "edukg.ttl"
    monkeypatch.delenv("EDUKG_STORE", raising=False)
    count = len(in_memory(ttl).store)
    assert choice.triple_count(ttl) == count  # the store's stamp
    assert choice.choose_store(ttl) == "oxigraph"  # one-shot: open_oxigraph decides by the file's size
    assert choice.choose_store(ttl, lasting=True) == "memory"
    assert not open_store(ttl, lasting=True).persistent
    monkeypatch.setattr(choice, "LASTING_MAX_TRIPLES", count - 1)
    assert choice.choose_store(ttl, lasting=True) == "persistent"
    assert open_store(ttl, lasting=True).persistent
    monkeypatch.setattr(choice, "LASTING_MAX_TRIPLES", count)
    # the copies must fit in half the memory available
    need = 5 * count * choice.MEMORY_BYTES_PER_TRIPLE
    monkeypatch.setattr(choice, "available_memory", lambda: 2 * need)
    assert choice.choose_store(ttl, lasting=True, copies=5) == "memory"
    monkeypatch.setattr(choice, "available_memory", lambda: 2 * need - 2)
    assert choice.choose_store(ttl, lasting=True, copies=5) == "persistent"
    assert choice.choose_store(ttl, lasting=True, copies=4) == "memory"


def test_the_store_is_chosen_by_name_or_environment(built: Path, monkeypatch) -> None:
    ttl = built / "edukg.ttl"
    monkeypatch.setenv("EDUKG_STORE", "persistent")
    assert choice.choose_store(ttl, lasting=True) == "persistent"
    assert open_store(ttl).persistent and open_store(ttl, lasting=True).persistent
    assert not open_store(ttl, "memory").persistent  # a name given wins over the environment
    monkeypatch.setenv("EDUKG_STORE", "memory")
    assert not open_store(ttl).persistent
    monkeypatch.setenv("EDUKG_STORE", "fast")
    with pytest.raises(GraphLoadError, match="unknown store 'fast'; use one of oxigraph, memory, persistent"):
        open_store(ttl)


def test_a_triple_count_without_a_store_is_estimated_from_the_size(tmp_path: Path, built: Path) -> None:
    ttl = tmp_path / "edukg.ttl"
    ttl.write_bytes((built / "edukg.ttl").read_bytes())
    assert choice.triple_count(ttl) == ttl.stat().st_size // choice.FILE_BYTES_PER_TRIPLE
    assert 0.5 < choice.triple_count(ttl) / choice.triple_count(built / "edukg.ttl") < 2


@pytest.mark.parametrize("store", ["memory", "persistent"])
def test_cli_query_and_show_on_each_store(built: Path, store: str) -> None:
    from graph.cli import main

    ttl = str(built / "edukg.ttl")
    runner = CliRunner()
    rows = runner.invoke(main, ["query", "targets", "--graph", ttl, "--store", store, "--format", "csv"])
    whole = runner.invoke(main, ["query", "targets", "--graph", ttl, "--store", "rdflib", "--format", "csv"])
    assert rows.exit_code == whole.exit_code == 0, rows.output
    assert rows.output == whole.output and rows.output.count("\n") > 20
    card = runner.invoke(main, ["show", "江南大学", "--graph", ttl, "--store", store])
    assert card.exit_code == 0 and "江南大学" in card.output


def test_a_store_in_memory_slices_pages_from_its_threshold(built: Path, monkeypatch) -> None:
    g = in_memory(built / "edukg.ttl")
    assert not OxigraphEngine(g.store).slices  # the seeds are small: whole queries are faster
    assert OxigraphEngine(g.store, persistent=True).slices
    monkeypatch.setattr(engine_module, "SLICE_MIN_TRIPLES", len(g.store))
    assert OxigraphEngine(g.store).slices
    monkeypatch.setattr(engine_module, "SLICE_MIN_TRIPLES", len(g.store) + 1)
    assert not OxigraphEngine(g.store).slices


class Counting(OxigraphEngine):
    """An engine in memory that slices, counting the queries it runs."""

    def __init__(self, store) -> None:
        super().__init__(store, slices=True)
        self.calls = 0
        self.listed = 0

    def execute(self, sparql, bindings):
        self.calls += 1
        return super().execute(sparql, bindings)

    def column(self, sparql):
        self.listed += 1
        return super().column(sparql)


@pytest.mark.parametrize("name", PAGED)
def test_pages_in_memory_are_the_rows_of_the_whole_query(built: Path, name: str) -> None:
    g = Counting(in_memory(built / "edukg.ttl").store)
    q = get_named_query(name)
    every = run_query(OxigraphEngine(g.store), q.text).rows
    assert len(every) > 20 or len(every) == own_limit(q.text), name  # most-connected: its 20
    listed = []
    for limit, offset in ((1, 0), (7, 0), (25, 3), (1000, 0), (10, len(every) - 4)):
        g.calls = 0
        page = run_page(g, q, {}, limit, offset)
        assert g.calls >= 1, (name, limit)  # one slice or more
        assert page.rows == every[offset : offset + limit], (name, limit, offset)
        listed.append(g.listed)
    # the key's values, listed for the first page only (the store does not change under its engine)
    assert listed[0] >= 1 and set(listed) == {listed[0]}, (name, listed)
    assert run_page(Counting(g.store), q, {}, 7).rows == every[:7]  # another engine lists them again


def test_the_api_keeps_its_engine_until_the_file_changes(tmp_path: Path, built: Path, monkeypatch) -> None:
    monkeypatch.delenv("EDUKG_STORE", raising=False)
    ttl = tmp_path / "edukg.ttl"
    ttl.write_bytes((built / "edukg.ttl").read_bytes())
    first = kept_engine(ttl)
    assert isinstance(first, OxigraphEngine) and not first.persistent
    assert kept_engine(ttl) is first
    assert kept_engine(ttl, "rdflib") is not first
    st = ttl.stat()
    os.utime(ttl, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert kept_engine(ttl) is not first
    every = graph.query("provenance", graph=ttl).rows
    assert every == run_query(open_engine(ttl, "rdflib"), get_named_query("provenance").text).rows
    assert graph.query("provenance", graph=ttl, limit=5, offset=3).rows == every[3:8]


def test_oxigraph_rows_are_converted_once_and_alike(monkeypatch) -> None:
    """ox_rows keeps converted terms by their N-Triples text across queries (bounded): every kind of
    term, unbound values and a term met again give the terms ox_term gives, and the cache is emptied
    when it grows past its bound."""
    from pyoxigraph import RdfFormat, Store

    from graph.sparql.results import Term

    store = Store()
    data = (
        '<http://x/a> <http://x/p> "甲"@zh , "1"^^<http://www.w3.org/2001/XMLSchema#integer> , "plain" , "http://x/a" , _:b .'
        "\n<http://x/c> <http://x/p> <http://x/a> .\n"
    )
    store.load(data.encode(), format=RdfFormat.TURTLE)
    text = "SELECT ?s ?o ?none WHERE { ?s <http://x/p> ?o OPTIONAL { ?o <http://x/q> ?none } } ORDER BY ?s ?o"
    want = [[engine_module.ox_term(t) for t in sol] for sol in store.query(text)]
    monkeypatch.setattr(engine_module, "_TERMS", {})
    first = engine_module.ox_rows(store.query(text))
    again = engine_module.ox_rows(store.query(text))
    assert first == again == want and len(first) == 6
    assert {t.kind for row in first for t in row if t is not None} == {"uri", "literal", "bnode"}
    assert all(row[2] is None for row in first)
    lang = Term("literal", "甲", "zh", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
    assert lang in [t for row in first for t in row]
    assert again[0][0] is first[0][0]  # the same term object: converted once
    monkeypatch.setattr(engine_module, "_TERMS_MAX", 2)
    again = engine_module.ox_rows(store.query(text))
    assert again == want
    assert len(engine_module._TERMS) <= 2 + 3  # emptied row by row: at most the bound and one row's terms
