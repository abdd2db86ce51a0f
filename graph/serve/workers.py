"""The worker pool: child processes that each hold a copy of the graph; a runaway query's worker is killed and replaced."""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
from collections.abc import Mapping
from multiprocessing.connection import Connection
from pathlib import Path

from rdflib.term import Identifier

from graph.core.errors import EduKGError
from graph.serve.answer import Answer, error_answer


class _Worker:
    """A child Python process (not multiprocessing: it never re-imports the caller's __main__) that
    talks over a socketpair wrapped as a multiprocessing Connection."""

    def __init__(self, data: bytes) -> None:
        parent, child = socket.socketpair()
        root = str(Path(__file__).resolve().parent.parent.parent)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]))
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WORKER_ENTRY, str(child.fileno())],
            pass_fds=(child.fileno(),),
            env=env,
            stdin=subprocess.DEVNULL,
        )
        child.close()
        self.conn = Connection(parent.detach())
        self.conn.send_bytes(data)

    def wait_ready(self, timeout: float) -> bool:
        try:
            return bool(self.conn.poll(timeout)) and self.conn.recv() == "ready"
        except (EOFError, OSError):
            return False

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(5)
        self.conn.close()


WORKER_ENTRY = "import sys; from graph.serve.answer import worker_main; worker_main(int(sys.argv[1]))"


class WorkerPool:
    """Processes that hold the graph and answer queries; a query past the time limit kills its worker."""

    def __init__(self, data: bytes, size: int = 2, timeout: float = 10.0) -> None:
        self._data = data
        self.timeout = timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self.closed = False
        self.stopped = 0
        started = [self._start() for _ in range(size)]
        for w in started:
            if not w.wait_ready(120):
                self.close()
                raise EduKGError("the SPARQL worker processes did not start; run with --debug")
            self._idle.put(w)

    def _start(self) -> _Worker:
        w = _Worker(self._data)
        with self._lock:
            self._all.add(w)
        return w

    def _retire(self, w: _Worker) -> None:
        with self._lock:
            self._all.discard(w)
        w.kill()
        if not self.closed:
            threading.Thread(target=self._replace, daemon=True).start()

    def _replace(self) -> None:
        w = self._start()
        if w.wait_ready(120) and not self.closed:
            self._idle.put(w)
        else:
            with self._lock:
                self._all.discard(w)
            w.kill()

    def run(self, text: str, bindings: Mapping[str, Identifier] | None, accept: str | None) -> Answer:
        try:
            w = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return error_answer(
                503, f"server busy: no query worker free within {self.timeout:g} s; try again"
            )
        try:
            w.conn.send((text, dict(bindings or {}), accept))
            if w.conn.poll(self.timeout):
                out = w.conn.recv()
                self._idle.put(w)
                return out  # type: ignore[no-any-return]
        except (EOFError, OSError):
            self._retire(w)
            return error_answer(500, "the query worker stopped unexpectedly; try again")
        self.stopped += 1
        self._retire(w)
        return error_answer(
            503,
            f"query timed out: stopped after {self.timeout:g} s (the time limit); add LIMIT or narrow the pattern",
        )

    def close(self) -> None:
        self.closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()
