"""A running `edukg serve` of the same graph file answers one-shot queries: the graph held in memory.

A one-shot `edukg query` opens the persistent store (loading a million triples into memory takes
seconds), and that store pays 10-20 µs a lookup: a page of a named query at 1M triples costs 0.1-1.5 s
there, against 1-200 ms in memory. `edukg serve` holds the graph in memory for as long as it runs; it
announces itself here (a record per graph file, in a folder only its user can read) and the CLI, finding
a record for the very file it was asked to read (same path, size, modification time and inode, as the
server read it before loading) and for the same code (named queries and version), sends the query to it. Each server has a random token: the CLI sends it, and a server that does not hold that
token (another graph, a port reused) refuses, so the CLI answers from the file as before. Any failure to
reach the server does the same: the record is a hint, never a requirement.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import stat
import tempfile
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.core.errors import EduKGError
from graph.sparql.remote import RemoteEngine, RemoteError, http_request, parse_response
from graph.sparql.results import Result
from graph.store.oxigraph import MEMORY_MAX_BYTES

if TYPE_CHECKING:
    from graph.sparql.library import NamedQuery

TOKEN_HEADER = "EduKG-Token"
# A graph file up to this size is answered from the file: the CLI loads it into memory in ~0.1 s and
# answers in 1-20 ms, faster than a round trip to the server (2-5 ms, and 10-40 ms for 500 rows of JSON).
# Above it, the CLI reads the persistent store: the size at which the store takes over.
RESIDENT_MIN_BYTES = MEMORY_MAX_BYTES
RECORD_VERSION = 2
LOOPBACK = ("127.0.0.1", "::1", "localhost")


def supported() -> bool:
    """Records need a user id to keep them private (POSIX); elsewhere the file always answers (and on
    Windows os.kill(pid, 0) would end the server, not test it)."""
    return os.name == "posix" and hasattr(os, "getuid")


def records_dir() -> Path:
    """The folder of the records: $EDUKG_RUNTIME_DIR, else $XDG_RUNTIME_DIR/edukg, else
    TMPDIR/edukg-UID (created with mode 0700; used only when the user owns it and no one else may
    read or write it)."""
    base = os.environ.get("EDUKG_RUNTIME_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg:
        return Path(xdg) / "edukg"
    return Path(tempfile.gettempdir()) / f"edukg-{os.getuid()}"


def _private(folder: Path) -> bool:
    st = folder.lstat()
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and st.st_mode & 0o077 == 0


def identity(graph: Path) -> dict[str, Any]:
    """What tells this graph file from another, or from itself rewritten: path, size, modification
    time, inode."""
    st = graph.stat()
    return {"graph": str(graph.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns, "ino": st.st_ino}


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The named queries' texts (as the library loaded them: own, slice and bound texts) and the
    package's version: a server running other code (an upgrade since it started) does not answer this
    CLI's named queries."""
    from graph import __version__
    from graph.sparql.library import load_named_queries

    h = hashlib.sha256(__version__.encode("utf-8"))
    for name, q in sorted(load_named_queries().items()):
        texts = (q.text, q.slice_text or "", q.persistent_text or "", *(t for _, t in q.bound_text))
        h.update("\0".join((name, *texts, "")).encode("utf-8"))
    return h.hexdigest()[:32]


def _key(graph: Path) -> str:
    return hashlib.sha256(str(graph.resolve()).encode("utf-8")).hexdigest()[:24]


@dataclass(frozen=True)
class Resident:
    url: str  # http://127.0.0.1:PORT
    token: str
    pid: int


def announce(graph: Path, seen: Mapping[str, Any], url: str, token: str) -> Path | None:
    """Record that the server at `url` (a loopback address) holds `graph` as it was when the server
    read it (`seen`: its identity then); None, and no record, when the file has changed since (a build
    finished while the server loaded it), records are not supported here, or the folder cannot be
    written or is not private (the server runs on, unannounced)."""
    if not supported():
        return None
    try:
        if identity(graph) != dict(seen):
            return None
        folder = records_dir()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder):
            return None
        record = folder / f"serve-{_key(graph)}-{os.getpid()}.json"
        data = {"version": RECORD_VERSION, "url": url, "token": token, "pid": os.getpid()}
        data |= {"code": code_fingerprint(), **seen}
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".serve-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.replace(tmp, record)
        return record
    except (OSError, ValueError):
        return None


def _read(record: Path) -> dict[str, Any] | None:
    """A record's data: a regular file of this user's, not followed through a link."""
    st = record.lstat()
    if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid() or st.st_size > 65536:
        return None
    fd = os.open(record, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, encoding="utf-8") as fh:
        data = json.load(fh)
    return data if isinstance(data, dict) else None


def withdraw(record: Path | None, token: str) -> None:
    """Remove the server's record (only if it is still this server's)."""
    if record is None:
        return
    with contextlib.suppress(OSError, ValueError):
        data = _read(record)
        if data is not None and data.get("token") == token:
            record.unlink()


def find_resident(graph: Path) -> Resident | None:
    """A server announced for this graph file as it is now, running this code, whose process is alive
    (the first of several by process id)."""
    if not supported():
        return None
    try:
        folder = records_dir()
        if not _private(folder):
            return None
        now = {"version": RECORD_VERSION, "code": code_fingerprint(), **identity(graph)}
        records = sorted(folder.glob(f"serve-{_key(graph)}-*.json"))
    except (OSError, ValueError):
        return None
    for record in records:
        try:
            data = _read(record)
            if data is None or any(data.get(k) != v for k, v in now.items()):
                continue
            pid, url, token = int(data["pid"]), str(data["url"]), str(data["token"])
            if urllib.parse.urlsplit(url).hostname not in LOOPBACK:
                continue
            os.kill(pid, 0)  # alive (else ProcessLookupError)
        except (OSError, ValueError, KeyError, TypeError):
            continue
        return Resident(url, token, pid)
    return None


class ResidentEngine(RemoteEngine):
    """The announced server: SPARQL through its /sparql, named queries through its /queries/NAME
    (paged there, on the graph it holds in memory), each request carrying its token."""

    slices = False  # the server pages named queries itself; -e and .rq queries run whole, as locally

    def __init__(self, resident: Resident, *, timeout: float = 60.0) -> None:
        super().__init__(resident.url + "/sparql", headers={TOKEN_HEADER: resident.token}, timeout=timeout)
        self.resident = resident

    def named(self, name: str, values: Mapping[str, str], limit: int | None, offset: int = 0) -> Result:
        """A named query's page as `edukg query NAME` gives it (limit None or 0: every row)."""
        params = {**values, "limit": str(limit or 0), "offset": str(offset)}
        url = f"{self.resident.url}/queries/{urllib.parse.quote(name)}?{urllib.parse.urlencode(params)}"
        hdrs = {"Accept": "application/sparql-results+json", **self.headers}
        _, ctype, body = http_request(url, None, hdrs, "GET", self.timeout)
        return parse_response(ctype, body)


SLOW_HINT_SECONDS = 1.0  # a one-shot query on the store on disk this slow says how to be faster


def persistent_hint(engine: Any, seconds: float, graph: Path | None) -> str:
    """A line for stderr after a query that read the persistent store for SLOW_HINT_SECONDS or more
    (a large graph, one process per query) where a running `edukg serve` would answer instead (the CLI
    asks one; call this only when it did) and would hold this graph in memory: how to make the next
    ones faster; "" otherwise."""
    if not getattr(engine, "persistent", False) or seconds < SLOW_HINT_SECONDS or not supported():
        return ""
    from graph.store.choice import choose_store
    from graph.store.files import checked_path

    try:
        path, _ = checked_path(graph)
        if choose_store(path, lasting=True, copies=5) != "memory":  # serve's default: 4 workers + 1
            return ""
    except (OSError, ValueError, EduKGError):
        return ""
    where = f" --graph {graph}" if graph is not None else ""
    return (
        f"({seconds:.1f} s on the store on disk; while `edukg serve{where}` runs, `edukg query` of this"
        " graph is answered from memory by the server, several times faster)"
    )


def resident_answer(
    graph: Path | None,
    query: NamedQuery,
    values: Mapping[str, str],
    limit: int | None,
    *,
    shipped: bool,
    timeout: float,
) -> Result | None:
    """The answer of the server announced for this graph file; None when the file is to answer: no
    server, a failure (a time limit, over 100,000 rows: the server refuses, the file answers), or a file
    small enough to answer faster itself. A shipped named query (`shipped`) runs by name on the server,
    paged there; any other query is sent as SPARQL, parameters in a VALUES block, LIMIT `limit` added."""
    from graph.sparql.pages import paged
    from graph.store.files import checked_path

    path, _ = checked_path(graph)
    if not supported() or path.stat().st_size <= RESIDENT_MIN_BYTES or "" in values.values():
        return None  # small: memory here is faster; an empty value binds "" here, but is unbound there
    found = find_resident(path)
    if found is None:
        return None
    engine = ResidentEngine(found, timeout=timeout)
    try:
        if shipped:
            return engine.named(query.name, values, limit)
        return engine.run(paged(query.text, limit), query.bindings(values))
    except (RemoteError, ValueError, KeyError, TypeError, http.client.HTTPException):
        return None  # not reached, refused, or an answer that is not SPARQL results: the file answers


__all__ = [
    "RemoteError",
    "Resident",
    "ResidentEngine",
    "announce",
    "code_fingerprint",
    "find_resident",
    "identity",
    "persistent_hint",
    "records_dir",
    "resident_answer",
    "supported",
    "withdraw",
]
