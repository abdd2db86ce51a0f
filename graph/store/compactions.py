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
(`benchmarks.store_load`: rows turtle-4MB and turtle-4MB-idle). Only threads in the normal class are set
aside, and only those are put back: a build run in another class (`chrt --idle`, `--batch`, real time)
leaves its compactions in it.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache

BACKGROUND_THREAD = "rocksdb:low"  # RocksDB's compaction threads (its low-priority pool), by their name
STALL_S = 2.0  # a bulk load of a build's piece (4M characters) takes ~0.4 s on one core of this machine


def background_compactions(idle: bool, tids: Iterable[int] | None = None) -> list[int]:
    """Put RocksDB's compaction threads in this process that run in the normal scheduling class to the
    idle one (`idle`), or the threads `tids` (those set aside) back to the normal one; the threads changed
    (none where threads cannot be listed or changed: not Linux, or not permitted). A thread in another
    class (a build run under `chrt --idle` or `--batch`, or in a real-time class) is left as it is."""
    if not hasattr(os, "sched_setscheduler"):
        return []
    if not idle:  # (a thread gone since, whose id another thread has taken, is not touched)
        return [tid for tid in tids or () if _named(str(tid)) and _set(tid, os.SCHED_OTHER)]
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return []
    changed = []
    for tid in tasks:
        try:
            if not _named(tid) or os.sched_getscheduler(int(tid)) != os.SCHED_OTHER:
                continue  # another thread, or one in another class: not ours to lower, nor later to raise
        except (OSError, ValueError):
            continue  # a thread gone
        if _set(int(tid), os.SCHED_IDLE):
            changed.append(int(tid))
    return changed


def _named(tid: str) -> bool:
    """Whether the thread is one of RocksDB's compaction threads (False: another, or gone)."""
    try:
        with open(f"/proc/self/task/{tid}/comm", encoding="utf-8") as f:
            return f.read().strip() == BACKGROUND_THREAD
    except OSError:
        return False


def _set(tid: int, policy: int) -> bool:
    try:
        os.sched_setscheduler(tid, policy, os.sched_param(0))
        return True
    except OSError:
        return False  # a thread gone, or a change not permitted: the build is only slower


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
        self._aside = background_compactions(idle=True) if reversible() else []  # the threads set aside
        self.idle = bool(self._aside)
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
                background_compactions(idle=False, tids=self._aside)
                self.idle = False
        if self._watch is not None and self._watch is not threading.current_thread():
            self._watch.join()
