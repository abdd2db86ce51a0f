"""The store's background compactions held back while a build loads it (graph.store.background)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import graph.store.background as background
from graph.rdf.serialize import turtle_head
from graph.store import StoreLoader

PIECE = "ek:a ek:b ek:c .\n\nek:d ek:e 1 ."

BASE = os.getpriority(os.PRIO_PROCESS, 0) if hasattr(os, "getpriority") else background.LOWEST
linux_nice = pytest.mark.skipif(
    not background.TASKS.is_dir() or not background.can_give_back() or BASE >= background.LOWEST,
    reason="needs /proc, a priority that can be raised back, and a process not already at the lowest",
)


def _nices() -> dict[int, int]:
    return {tid: os.getpriority(os.PRIO_PROCESS, tid) for tid in background.compaction_threads()}


@linux_nice
def test_the_loader_lowers_the_compaction_threads_and_gives_them_back_for_the_last_compaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import graph.store.oxigraph as ox

    loader = StoreLoader(tmp_path, turtle_head())
    seen: list[dict[int, int]] = []
    compact = ox.compact
    monkeypatch.setattr(ox, "compact", lambda store: seen.append(_nices()) or compact(store))
    try:
        lowered = _nices()
        assert lowered and set(lowered.values()) == {background.LOWEST}  # RocksDB's compaction pool
        loader.add(PIECE)
        assert loader.finish() == 2
    finally:
        loader.close()
    assert seen and set(seen[0].values()) == {BASE}  # the compaction at the end at the build's priority
    assert set(_nices().values()) == {BASE}


@linux_nice
def test_a_loader_closed_after_an_error_gives_the_priority_back(tmp_path: Path) -> None:
    loader = StoreLoader(tmp_path, turtle_head())
    assert set(_nices().values()) == {background.LOWEST}
    loader.close()
    assert set(_nices().values()) == {BASE}


def test_nothing_is_lowered_where_the_priority_could_not_be_raised_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(background, "_CAN", [False])
    loader = StoreLoader(tmp_path, turtle_head())
    try:
        assert loader.held.saved == {}
        assert set(_nices().values()) <= {BASE}
        loader.add(PIECE)
        assert loader.finish() == 2
    finally:
        loader.close()
