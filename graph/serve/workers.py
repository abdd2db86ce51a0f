"""The worker pool: child processes that each answer one request at a time, from the Oxigraph store
opened read-only (each worker opens it) or from the graph held in memory (`shared`: the workers are
forked from one process that loaded it, graph.serve.forks). A query past the time limit is stopped by
killing its worker, which is replaced; a query that runs longer than a second is lowered in priority
(nice), so ordinary queries keep the CPU."""

from __future__ import annotations

import contextlib
import logging
import queue
import subprocess
import threading
import time
from concurrent.futures import Future
from multiprocessing.connection import Connection
from typing import Any

from graph.core.errors import EduKGError
from graph.serve.answer import Answer, error_answer
from graph.serve.forks import Child, Forked, Template, start_child

log = logging.getLogger("edukg.serve")
DEMOTE_AFTER = 1.0  # seconds a query runs before its worker is lowered in priority
WORKER_ENTRY = (
    "import sys; from graph.serve.answer import worker_main; worker_main(int(sys.argv[1]), sys.argv[2])"
)


class _Worker(Child):
    """A child process that opens the store itself, talking over a socket pair (graph.serve.forks)."""

    def __init__(self, source: str) -> None:
        self.proc, parent = start_child(WORKER_ENTRY, source)
        self.conn = Connection(parent.detach())
        self.pid = self.proc.pid

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(5)
        self.conn.close()


Job = tuple[str, str, str | None]  # (kind: "query" | "named" | "card", query text, JSON or IRI, Accept)


class WorkerPool:
    """`size` worker processes fed from one queue, each by its own thread in this process; a job
    waits at most `queue_wait` seconds for a worker and runs at most `timeout` seconds. `source` is a
    store's database folder, or with `shared` a graph file that one template process loads into memory
    and forks the workers from."""

    def __init__(
        self,
        source: str,
        size: int = 4,
        timeout: float = 10.0,
        queue_wait: float = 10.0,
        *,
        shared: bool = False,
    ) -> None:
        self.source = source
        self.timeout = timeout
        self.queue_wait = queue_wait
        self.closed = False
        self.stopped = 0
        self.replaced: list[float] = []  # seconds from each worker's kill to its replacement's start
        self._jobs: queue.Queue[tuple[Job, Future[Answer], float] | None] = queue.Queue()
        self._lock = threading.Lock()
        self._live: set[Child] = set()
        self._template: Template | None = None
        if shared:
            self._template = Template(source)
            if not self._template.alive():
                self._template.close()
                raise EduKGError(
                    self._template.error
                    or f"{source}: the graph could not be loaded; run `edukg --debug serve`"
                )
        first = [self._start() for _ in range(size)]
        if not all(w.wait_ready(120) for w in first):
            self.close()
            raise EduKGError("the SPARQL worker processes did not start; run `edukg --debug serve`")
        self._threads = [
            threading.Thread(target=self._feed, args=(w,), daemon=True, name=f"edukg-worker-{i}")
            for i, w in enumerate(first)
        ]
        for t in self._threads:
            t.start()

    def _start(self) -> Child:
        w = self._fork() if self._template is not None else _Worker(self.source)
        with self._lock:
            self._live.add(w)
        return w

    def _fork(self) -> Forked:
        """A worker forked from the template; a template that stopped (killed, out of memory) is started
        again, loading the graph again."""
        with self._lock:
            template = self._template
            assert template is not None
            if not template.alive():
                template.close()
                template = self._template = Template(self.source)
        try:
            return template.spawn()
        except OSError:
            with self._lock:
                fresh = self._template
                if fresh is None or fresh is template:  # not yet started again by another thread
                    template.close()
                    fresh = self._template = Template(self.source)
            return fresh.spawn()

    def _retire(self, w: Child) -> Child | None:
        t0 = time.monotonic()
        with self._lock:
            self._live.discard(w)
        w.kill()
        while not self.closed:
            try:
                fresh = self._start()
            except OSError:  # no template to fork from: try again
                time.sleep(1)
                continue
            if fresh.wait_ready(120):
                self.replaced.append(time.monotonic() - t0)  # seconds without this worker
                return fresh
            with self._lock:
                self._live.discard(fresh)
            fresh.kill()
            time.sleep(1)
        return None

    def submit(self, job: Job) -> Future[Answer]:
        fut: Future[Answer] = Future()
        self._jobs.put((job, fut, time.monotonic()))
        return fut

    def run(self, job: Job) -> Answer:
        """Submit and wait (for callers without an event loop)."""
        return self.submit(job).result()

    def _feed(self, w: Child | None) -> None:
        while w is not None and not self.closed:
            item = self._jobs.get()
            if item is None:
                return
            job, fut, queued = item
            if not fut.set_running_or_notify_cancel():
                continue
            if time.monotonic() - queued > self.queue_wait:
                fut.set_result(
                    error_answer(
                        503, f"server busy: no query worker free within {self.queue_wait:g} s; try again"
                    )
                )
                continue
            out, retire = self._one(w, job)
            fut.set_result(out)  # before the worker is replaced: its client does not wait for that
            if retire:
                w = self._retire(w)

    def _one(self, w: Child, job: Job) -> tuple[Answer, bool]:
        """The answer, and whether the worker must be replaced (stopped, or demoted by a long query)."""
        t0 = time.monotonic()
        try:
            w.conn.send(job)
            if not w.conn.poll(min(DEMOTE_AFTER, self.timeout)):
                w.demote()  # a long query: let the ordinary ones have the CPU first
                w.conn.poll(max(0.0, self.timeout - (time.monotonic() - t0)))
            if w.conn.poll(0):
                out: Answer = w.conn.recv()
                return out, w.demoted
        except (EOFError, OSError):
            log.warning("a query worker stopped unexpectedly; starting another")
            return error_answer(500, "the query worker stopped unexpectedly; try again"), True
        self.stopped += 1
        log.warning(
            "query stopped after %.3g s (the time limit): %s", self.timeout, job[1][:120].replace("\n", " ")
        )
        return (
            error_answer(
                503,
                f"query timed out: stopped after {self.timeout:g} s (the time limit); add LIMIT or narrow the pattern",
            ),
            True,
        )

    def close(self) -> None:
        self.closed = True
        for _ in range(64):
            self._jobs.put(None)
        with self._lock:
            workers = list(self._live)
            self._live.clear()
        for w in workers:
            w.kill()
        if self._template is not None:
            self._template.close()

    def workers(self) -> list[Any]:
        with self._lock:
            return [w.pid for w in self._live]

    @property
    def template(self) -> int | None:
        """The pid of the process that holds the graph in memory (None: the workers open the store)."""
        return self._template.proc.pid if self._template is not None else None
