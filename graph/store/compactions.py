"""RocksDB's background compactions while a build fills a store: set aside to the idle class, watched, and
put back.

While a build bulk-loads its pieces, each piece is ingested as files that overlap the others', and RocksDB
compacts them in the background as they come (level0_file_num_compaction_trigger is 2 in pyoxigraph, which
exposes no option to change it): at 1,000 generated documents ~2 s of CPU on the cores the build is using,
all of it redone by the one compaction the loader asks for at the end. In the idle scheduling class those
threads take only a core nobody else wants. But a compaction RocksDB has started holds up the next
ingestion until it ends, and on a machine whose cores other programs keep busy an idle-class compaction
does not end: measured with two busy loops beside it, 24 pieces took 46 s to load instead of 5. So the
threads are set aside only where this process may put them back (root, or CAP_SYS_NICE, or a raised
RLIMIT_NICE), and a watch puts them back as soon as one bulk load has waited STALL_S seconds
(`benchmarks.store_load`: rows turtle-4MB and turtle-4MB-idle).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

BACKGROUND_THREAD = "rocksdb:low"  # RocksDB's compaction threads (its low-priority pool), by their name
STALL_S = 2.0  # a bulk load of a build's piece (4M characters) takes ~0.4 s on one core of this machine


def background_compactions(idle: bool) -> int:
    """Put RocksDB's compaction threads in this process to the idle scheduling class (`idle`), or back to
    the normal one; how many were changed (0 where threads cannot be listed or changed: not Linux, or
    not permitted)."""
    if not hasattr(os, "sched_setscheduler"):
        return 0
    policy = os.SCHED_IDLE if idle else os.SCHED_OTHER
    changed = 0
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return 0
    for tid in tasks:
        try:
            with open(f"/proc/self/task/{tid}/comm", encoding="utf-8") as f:
                if f.read().strip() != BACKGROUND_THREAD:
                    continue
            os.sched_setscheduler(int(tid), policy, os.sched_param(0))
            changed += 1
        except (OSError, ValueError):
            continue  # a thread gone, or a change not permitted: the build is only slower
    return changed


@cache
def reversible() -> bool:
    """Whether this process may put a thread of the idle class back in the normal one (an unprivileged
    process may not, unless its RLIMIT_NICE allows nice 0): tried on a thread of its own."""
    if not hasattr(os, "sched_setscheduler"):
        return False
    ready, done = threading.Event(), threading.Event()
    tids: list[int] = []

    def hold() -> None:
        tids.append(threading.get_native_id())
        ready.set()
        done.wait()

    thread = threading.Thread(target=hold, name="edukg-sched-probe", daemon=True)
    thread.start()
    ready.wait()
    try:
        os.sched_setscheduler(tids[0], os.SCHED_IDLE, os.sched_param(0))
        os.sched_setscheduler(tids[0], os.SCHED_OTHER, os.sched_param(0))
        return True
    except OSError:
        return False
    finally:
        done.set()
        thread.join()


class IdleCompactions:
    """RocksDB's compaction threads in the idle class from here until `normal()` (or for good once a bulk
    load wrapped in `loading()` has waited `stall_s` seconds); nothing where that cannot be undone."""

    def __init__(self, stall_s: float = STALL_S) -> None:
        self.stall_s = stall_s
        self._lock = threading.Lock()
        self._loads: dict[int, float] = {}
        self._stop = threading.Event()
        self.idle = reversible() and background_compactions(idle=True) > 0
        self.stalled = False  # the watch found a bulk load waiting and put the threads back
        self._watch: threading.Thread | None = None
        if self.idle:
            self._watch = threading.Thread(target=self._run, name="edukg-store-watch", daemon=True)
            self._watch.start()

    @contextmanager
    def loading(self) -> Iterator[None]:
        """Around one bulk load: the watch sees how long it has been running."""
        key = threading.get_ident()
        with self._lock:
            self._loads[key] = time.monotonic()
        try:
            yield
        finally:
            with self._lock:
                self._loads.pop(key, None)

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            with self._lock:
                oldest = min(self._loads.values(), default=None)
            if oldest is not None and time.monotonic() - oldest > self.stall_s:
                self.stalled = True
                self.normal()
                return

    def normal(self) -> None:
        """The compaction threads back in the normal class (the watch ends)."""
        self._stop.set()
        with self._lock:
            if self.idle:
                background_compactions(idle=False)
                self.idle = False
        if self._watch is not None and self._watch is not threading.current_thread():
            self._watch.join()
