"""graph.store.compactions: RocksDB's compaction threads set aside to the idle class and put back, only
those this process runs in the normal class."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.store.compactions import BACKGROUND_THREAD, IdleCompactions, reversible


def _threads() -> dict[int, int]:
    """RocksDB's compaction threads of this process -> their scheduling policy."""
    out = {}
    for tid in os.listdir("/proc/self/task"):
        try:
            if (Path("/proc/self/task") / tid / "comm").read_text().strip() == BACKGROUND_THREAD:
                out[int(tid)] = os.sched_getscheduler(int(tid))
        except OSError:
            continue
    return out


@pytest.mark.skipif(
    not (Path("/proc/self/task").is_dir() and reversible()),
    reason="this process may not raise a thread back from the idle class",
)
@pytest.mark.parametrize("policy", ["SCHED_BATCH", "SCHED_IDLE"])
def test_threads_of_another_class_are_left_in_it(tmp_path: Path, policy: str) -> None:
    """A build run in another class (`chrt --batch`, `chrt --idle`: RocksDB's threads are made in it) keeps
    its compactions there: the loader neither lowers them nor, at the end, raises them to the normal class."""
    from pyoxigraph import Store

    store = Store(str(tmp_path / "db"))  # RocksDB's threads exist once a store is open
    threads = _threads()
    assert threads
    try:
        for tid in threads:
            os.sched_setscheduler(tid, getattr(os, policy), os.sched_param(0))
        watched = IdleCompactions()
        assert not watched.idle
        watched.normal()
        assert set(_threads().values()) == {getattr(os, policy)}
    finally:
        for tid in threads:
            os.sched_setscheduler(tid, os.SCHED_OTHER, os.sched_param(0))
        del store


@pytest.mark.skipif(
    not (Path("/proc/self/task").is_dir() and reversible()),
    reason="this process may not raise a thread back from the idle class",
)
def test_normal_puts_back_only_the_threads_it_set_aside(tmp_path: Path) -> None:
    from pyoxigraph import Store

    store = Store(str(tmp_path / "db"))
    threads = sorted(_threads())
    assert len(threads) >= 2
    keep = threads[0]  # one thread left in the batch class by someone else
    try:
        os.sched_setscheduler(keep, os.SCHED_BATCH, os.sched_param(0))
        watched = IdleCompactions()
        assert watched.idle
        assert {p for t, p in _threads().items() if t != keep} == {os.SCHED_IDLE}
        watched.normal()
        now = _threads()
        assert now[keep] == os.SCHED_BATCH and {p for t, p in now.items() if t != keep} == {os.SCHED_OTHER}
    finally:
        os.sched_setscheduler(keep, os.SCHED_OTHER, os.sched_param(0))
        del store
