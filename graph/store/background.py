"""RocksDB's background compactions held back while a build bulk-loads its store.

Each piece the build bulk-loads is ingested as files of its own (one per index), and RocksDB compacts
them into the last level in the background as soon as two are waiting: every such compaction rewrites the
whole index loaded so far, so while a build loads a million triples its compaction thread rewrites the
store several times over, on the cores that the writer and the bulk loads need, and the compaction at the
end (graph.store.oxigraph.compact) rewrites it once more. Held back (the lowest scheduling priority, on
Linux, where a thread's priority is its own), the background compactions run only on a core the build
leaves idle; the compaction at the end merges what is waiting in one pass, at the priority the threads
had (the same store, compacted). Only done where that priority can be given back (root, or a nice limit
that allows it): a compaction left at the lowest priority would wait behind every other process.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

LOWEST = 19  # nice
TASKS = Path("/proc/self/task")
_CAN: list[bool] = []  # whether a thread's priority can be raised back (probed once)


def compaction_threads() -> list[int]:
    """The native ids of this process's RocksDB compaction threads (its LOW pool, `rocksdb:low`)."""
    found = []
    try:
        tasks = list(TASKS.iterdir())
    except OSError:
        return []
    for task in tasks:
        try:
            name = (task / "comm").read_text(encoding="utf-8")
        except OSError:
            continue
        if name.startswith("rocksdb:low"):
            found.append(int(task.name))
    return found


def can_give_back() -> bool:
    """Whether this process may raise a thread's priority back after lowering it: probed on a thread of
    its own (lowered, then raised back) so that no thread that matters is left lowered."""
    if not _CAN:
        ok: list[bool] = []

        def probe() -> None:
            me = threading.get_native_id()
            try:
                was = os.getpriority(os.PRIO_PROCESS, me)
                os.setpriority(os.PRIO_PROCESS, me, LOWEST)
                os.setpriority(os.PRIO_PROCESS, me, was)
                ok.append(os.getpriority(os.PRIO_PROCESS, me) == was)
            except (OSError, AttributeError):
                ok.append(False)

        thread = threading.Thread(target=probe, name="edukg-nice-probe", daemon=True)
        thread.start()
        thread.join()
        _CAN.append(bool(ok and ok[0]))
    return _CAN[0]


class HeldBack:
    """The compaction threads lowered to the lowest priority until `give_back` (a no-op where the
    priority could not be raised back, or off Linux)."""

    def __init__(self) -> None:
        self.saved: dict[int, int] = {}
        if not hasattr(os, "setpriority") or not TASKS.is_dir() or not can_give_back():
            return
        for tid in compaction_threads():
            try:
                nice = os.getpriority(os.PRIO_PROCESS, tid)
                if nice < LOWEST:
                    os.setpriority(os.PRIO_PROCESS, tid, LOWEST)
                    self.saved[tid] = nice
            except OSError:  # the thread ended
                continue

    def give_back(self) -> None:
        saved, self.saved = self.saved, {}
        for tid, nice in saved.items():
            try:
                os.setpriority(os.PRIO_PROCESS, tid, nice)
            except OSError:
                continue
