"""Workers forked from one process that holds the graph in memory (`edukg serve` on a graph small enough
to hold: graph.store.choice).

A template process loads the graph file into an in-memory Oxigraph store once and warms it up, then
forks a worker each time the pool asks for one and hands the pool that worker's end of a new socket
pair (SCM_RIGHTS). The workers start with the template's memory, shared copy-on-write: the graph is
parsed once, and a worker killed for running past the time limit is replaced in milliseconds by a
fork instead of a reload (~2.9 s per million triples). A worker copies the pages of the store its
queries touch, so in the worst case each holds its own copy (a scan of the whole graph copies ~70% of
it): the choice of the in-memory store counts `workers + 1` copies against the memory available.
The template has one thread when it forks (the store is loaded and idle), and it never answers a query.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path

TEMPLATE_ENTRY = (
    "import sys; from graph.serve.forks import template_main; template_main(int(sys.argv[1]), sys.argv[2])"
)


def template_main(fd: int, source: str) -> None:  # pragma: no cover - runs in a child process
    """Load the graph, say "ready", then fork a worker for each request until the pool closes."""
    from graph.core.errors import EduKGError
    from graph.serve.answer import ready_engine, serve_jobs

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which closes the pool
    ctrl = socket.socket(fileno=fd)
    try:
        engine = ready_engine(source)
    except EduKGError as exc:  # a file that does not parse: its one line, for the pool to raise
        ctrl.send(b"error " + str(exc).encode("utf-8")[:8000])
        return
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the workers
    ctrl.send(b"ready")
    while True:
        try:
            if not ctrl.recv(16):
                return
        except OSError:
            return
        mine, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            try:
                ctrl.close()
                theirs.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                serve_jobs(Connection(mine.detach()), engine)
            finally:
                os._exit(0)
        mine.close()
        socket.send_fds(ctrl, [str(pid).encode()], [theirs.fileno()])
        theirs.close()


def start_child(
    entry: str, source: str, kind: int = socket.SOCK_STREAM
) -> tuple[subprocess.Popen[bytes], socket.socket]:
    """A child Python process running `entry` (not multiprocessing: it never re-imports the caller's
    __main__) with the child's end of a new socket pair as its first argument, `source` its second;
    the process and this end."""
    parent, child = socket.socketpair(socket.AF_UNIX, kind)
    root = str(Path(__file__).resolve().parent.parent.parent)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.Popen(
        [sys.executable, "-c", entry, str(child.fileno()), source],
        pass_fds=(child.fileno(),),
        env=env,
        stdin=subprocess.DEVNULL,
    )
    child.close()
    return proc, parent


class Child:
    """A worker process as the pool sees it: its pid and its connection (a multiprocessing Connection)."""

    pid: int
    conn: Connection
    demoted: bool = False

    def wait_ready(self, timeout: float) -> bool:
        try:
            return bool(self.conn.poll(timeout)) and self.conn.recv() == "ready"
        except (EOFError, OSError):
            return False

    def demote(self) -> None:
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, self.pid, 15)
        self.demoted = True

    def kill(self) -> None:
        raise NotImplementedError


class Forked(Child):
    """A worker forked by the template: its pid (a pidfd where the system has them, so a kill never
    reaches another process that reused the number) and its connection."""

    def __init__(self, pid: int, conn: Connection) -> None:
        self.pid = pid
        self.conn = conn
        self._pidfd: int | None = None
        with contextlib.suppress(AttributeError, OSError):
            self._pidfd = os.pidfd_open(pid)

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            if self._pidfd is not None:
                signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)
                os.close(self._pidfd)
                self._pidfd = None
            else:
                os.kill(self.pid, signal.SIGKILL)
        self.conn.close()


class Template:
    """The process that holds the graph and forks the workers (started by WorkerPool)."""

    def __init__(self, source: str, timeout: float = 600.0) -> None:
        self.proc, parent = start_child(TEMPLATE_ENTRY, source, socket.SOCK_SEQPACKET)
        self.sock = parent
        self.lock = threading.Lock()
        self.sock.settimeout(timeout)  # loading the graph
        self.error = ""  # the template's one-line error when it could not load the graph
        try:
            said = self.sock.recv(8192)
        except OSError:
            said = b""
        self.ready = said == b"ready"
        if said.startswith(b"error "):
            self.error = said[6:].decode("utf-8", "replace")
        self.sock.settimeout(30)

    def alive(self) -> bool:
        return self.ready and self.proc.poll() is None

    def spawn(self) -> Forked:
        """A new worker (it says "ready" on its connection when it can take jobs)."""
        with self.lock:
            self.sock.send(b"f")
            msg, fds, _, _ = socket.recv_fds(self.sock, 32, 1)
        if not msg or not fds:
            raise OSError("the template process stopped")
        return Forked(int(msg), Connection(fds[0]))

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()
        with contextlib.suppress(OSError):
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(5)
