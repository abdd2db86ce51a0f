"""Performance plumbing: the corpus generator, the Oxigraph store, parallel and Dask builds."""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
from pathlib import Path

import pytest

from benchmarks.corpus import generate
from benchmarks.run import needs_params
from graph.core.errors import QueryError
from graph.pipeline import run_build
from graph.sparql import named_queries, run_query
from graph.store import (
    OxigraphGraph,
    ensure_store,
    frozen_graph,
    load_graph,
    open_store,
    oxigraph,
    store_dir,
    store_is_fresh,
)


def _tree(folder: Path) -> dict[str, str]:
    """Every file of a folder with the hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_generator_is_deterministic(tmp_path: Path) -> None:
    generate(12, tmp_path / "a", seed=3)
    generate(12, tmp_path / "b", seed=3)
    generate(12, tmp_path / "c", seed=4)
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert _tree(tmp_path / "a") != _tree(tmp_path / "c")
    assert len(list((tmp_path / "a").glob("*.txt"))) == 12


def test_generated_corpus_builds(tmp_path: Path) -> None:
    generate(8, tmp_path / "c", seed=1)
    r = run_build(tmp_path / "c", tmp_path / "out", html=False)
    assert r.documents == 8 and r.triples > 1000
    assert "无锡" not in "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "c").glob("*.txt"))


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_oxigraph_and_rdflib_give_the_same_rows(built: Path, graph, name: str) -> None:
    text = named_queries()[name]
    if needs_params(text):
        pytest.skip(f"{name} needs parameters")
    ox = open_store(built / "edukg.ttl", "oxigraph")
    assert isinstance(ox, OxigraphGraph)
    a, b = run_query(graph, text), run_query(ox, text)
    assert a.columns == b.columns
    # the same rows; the order may differ only among rows that tie on the ORDER BY keys
    assert sorted(a.rows) == sorted(b.rows)
    assert a.rows


def test_oxigraph_formats_ask_and_construct_like_rdflib(built: Path, graph) -> None:
    ox = open_store(built / "edukg.ttl", "oxigraph")
    for q in (
        "ASK { ?s a ek:Campus }",
        "CONSTRUCT { ?u a ek:University } WHERE { ?u a ek:University }",
        "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c",
    ):
        assert run_query(graph, q) == run_query(ox, q)


def test_store_is_read_only_and_querying_changes_nothing(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(oxigraph, "MEMORY_MAX_BYTES", 0)  # the seeds are small: open the store anyway
    ttl = built / "edukg.ttl"
    ensure_store(ttl)
    before = _tree(built)
    ox = open_store(ttl, "oxigraph")
    assert isinstance(ox, OxigraphGraph) and ox.persistent
    run_query(ox, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="updates are not allowed"):
        run_query(ox, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises((OSError, RuntimeError)):
        ox.store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    del ox
    assert _tree(built) == before


def test_store_is_rebuilt_when_the_turtle_changes(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(oxigraph, "MEMORY_MAX_BYTES", 0)
    out = tmp_path / "out"
    shutil.copytree(built, out, ignore=shutil.ignore_patterns("store"))
    ttl = out / "edukg.ttl"
    assert not store_is_fresh(ttl)
    ensure_store(ttl)
    assert store_is_fresh(ttl)
    ask = "ASK { <urn:x:new> a ek:University }"
    assert run_query(open_store(ttl), ask).rows == [["false"]]
    ttl.write_text(ttl.read_text(encoding="utf-8") + "\n<urn:x:new> a ek:University .\n", encoding="utf-8")
    assert not store_is_fresh(ttl)
    stale = open_store(ttl)  # a stale store is not used: the Turtle is read instead, nothing written
    assert isinstance(stale, OxigraphGraph) and not stale.persistent
    assert run_query(stale, ask).rows == [["true"]]
    assert not store_is_fresh(ttl)
    ensure_store(ttl)
    fresh = open_store(ttl)
    assert isinstance(fresh, OxigraphGraph) and fresh.persistent
    assert run_query(fresh, ask).rows == [["true"]]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in built.iterdir())


def test_a_small_graph_is_queried_in_memory_a_large_one_in_its_store(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ttl = built / "edukg.ttl"
    assert store_is_fresh(ttl) and ttl.stat().st_size <= oxigraph.MEMORY_MAX_BYTES
    small = open_store(ttl, "oxigraph")
    assert isinstance(small, OxigraphGraph) and not small.persistent
    monkeypatch.setattr(oxigraph, "MEMORY_MAX_BYTES", ttl.stat().st_size - 1)
    large = open_store(ttl, "oxigraph")
    assert isinstance(large, OxigraphGraph) and large.persistent
    q = "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"
    assert run_query(small, q) == run_query(large, q)


def test_build_writes_a_fresh_store(built: Path) -> None:
    assert (store_dir(built / "edukg.ttl") / "db").is_dir()
    assert store_is_fresh(built / "edukg.ttl")


def test_frozen_graph_answers_like_a_memory_graph(graph) -> None:
    frozen = frozen_graph(iter(graph))
    assert len(frozen) == len(graph)
    s, p, o = next(iter(graph))
    for pattern in [
        (s, None, None),
        (None, p, None),
        (None, None, o),
        (s, p, None),
        (None, p, o),
        (s, None, o),
    ]:
        assert sorted(frozen.triples(pattern)) == sorted(graph.triples(pattern))
    assert (s, p, o) in frozen
    with pytest.raises(TypeError):
        frozen.add((s, p, o))


def test_two_workers_give_identical_turtle(seeds_copy: Path, tmp_path: Path) -> None:
    run_build(seeds_copy, tmp_path / "one", workers=1, html=False, store=False)
    run_build(seeds_copy, tmp_path / "two", workers=2, html=False, store=False)
    assert (tmp_path / "one" / "edukg.ttl").read_bytes() == (tmp_path / "two" / "edukg.ttl").read_bytes()


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="dask[distributed] not installed")
def test_dask_local_cluster_build_is_identical(seeds_copy: Path, tmp_path: Path) -> None:
    from dask.distributed import Client, LocalCluster

    run_build(seeds_copy, tmp_path / "one", html=False, store=False)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        run_build(seeds_copy, tmp_path / "dask", html=False, store=False, scheduler=client)
        run_build(seeds_copy, tmp_path / "addr", html=False, store=False, scheduler=cluster.scheduler_address)
    one = (tmp_path / "one" / "edukg.ttl").read_bytes()
    assert (tmp_path / "dask" / "edukg.ttl").read_bytes() == one
    assert (tmp_path / "addr" / "edukg.ttl").read_bytes() == one


def test_needs_params() -> None:
    assert needs_params("# param year: the year\nSELECT * WHERE { ?s ?p $year }")
    assert not needs_params("# Entities by class\nSELECT ?s WHERE { ?s ?p ?o }")


def test_load_graph_still_gives_rdflib(built: Path) -> None:
    from rdflib import Graph

    assert isinstance(load_graph(built / "edukg.ttl"), Graph)
    assert isinstance(open_store(built / "edukg.ttl", "rdflib"), Graph)


def test_a_city_and_its_province_of_one_name_get_distinct_ids() -> None:
    from graph.knowledge.registry import Home, by_id

    ids = by_id(Home("吉林市", "吉林省"))
    assert [e.label for e in ids["jilin-government"]] == ["吉林市人民政府"]
    assert [e.label for e in ids["jilin-province-government"]] == ["吉林省人民政府"]


@pytest.mark.parametrize(("fmt", "suffix"), [("nt", ".nt"), ("trig", ".trig"), ("jsonld", ".jsonld")])
def test_oxigraph_reads_every_export_format(graph, tmp_path: Path, fmt: str, suffix: str) -> None:
    from graph.rdf.export import export

    path = tmp_path / f"g{suffix}"
    path.write_text(export(graph, fmt), encoding="utf-8")
    q = "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"
    assert run_query(open_store(path, "oxigraph"), q) == run_query(graph, q)


def test_progress_bar_only_when_asked_or_on_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    from graph.inputs import _progress

    assert list(_progress(iter(range(100)), 100, "extract", None)) == list(range(100))
    assert capsys.readouterr().err == ""  # stderr is not a terminal under pytest
    if importlib.util.find_spec("tqdm") is None:
        pytest.skip("tqdm not installed")
    assert list(_progress(iter(range(100)), 100, "extract", True)) == list(range(100))
    assert "extract" in capsys.readouterr().err
