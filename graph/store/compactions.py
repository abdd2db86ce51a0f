"""RocksDB's background compactions while a build fills a store: set aside to the idle class, and back."""

from __future__ import annotations

BACKGROUND_THREAD = "rocksdb:low"  # RocksDB's compaction threads (its low-priority pool), by their name


def background_compactions(idle: bool) -> int:
    """Put RocksDB's compaction threads in this process to the idle scheduling class (`idle`), or back to
    the normal one; how many were changed (0 where threads cannot be listed or changed: not Linux, or
    not permitted: an unprivileged process cannot raise them back, and they stay idle).

    While a build bulk-loads its pieces, each piece is ingested as files that overlap the others', and
    RocksDB compacts them in the background as they come (level0_file_num_compaction_trigger is 2 in
    pyoxigraph, which exposes no option to change it): at 1,000 generated documents ~2 s of CPU on the
    cores the build is using, redone by the one compaction `finish` asks for at the end. In the idle
    class those threads only take a core nobody else wants; `StoreLoader.finish` puts them back before
    that compaction (benchmarks.store_load: rows turtle-4MB and turtle-4MB-idle)."""
    import os

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
