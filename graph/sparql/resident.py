"""A running `edukg serve` of the same graph file answers one-shot queries: the graph held in memory.

A one-shot `edukg query` opens the persistent store (loading a million triples into memory takes
seconds), and that store pays 10-20 µs a lookup: a page of a named query at 1M triples costs 0.1-1.5 s
there, against 1-200 ms in memory. `edukg serve` holds the graph in memory for as long as it runs; it
announces itself here (a record per graph file, in a folder only its user can read) and the CLI, finding
a record for the very file it was asked to read (same path, size and modification time), sends the
query to it. Each server has a random token: the CLI sends it, and a server that does not hold that
token (another graph, a port reused) refuses, so the CLI answers from the file as before. Any failure to
reach the server does the same: the record is a hint, never a requirement.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from graph.sparql.remote import RemoteEngine, RemoteError, http_request, parse_response
from graph.sparql.results import Result

if TYPE_CHECKING:
    from graph.sparql.library import NamedQuery

TOKEN_HEADER = "EduKG-Token"
# A graph file up to this size is answered from the file: the CLI loads it into memory in ~0.1 s and
# answers in 1-20 ms, faster than a round trip to the server (2-5 ms, and 10-40 ms for 500 rows of JSON).
RESIDENT_MIN_BYTES = 2_000_000  # graph.store.oxigraph.MEMORY_MAX_BYTES: above it, the file is a store
RECORD_VERSION = 1


def records_dir() -> Path:
    """The folder of the records: $EDUKG_RUNTIME_DIR, else $XDG_RUNTIME_DIR/edukg, else
    TMPDIR/edukg-UID (created with mode 0700)."""
    base = os.environ.get("EDUKG_RUNTIME_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg:
        return Path(xdg) / "edukg"
    return Path(tempfile.gettempdir()) / f"edukg-{os.getuid()}"


def _identity(graph: Path) -> tuple[str, int, int]:
    st = graph.stat()
    return str(graph.resolve()), st.st_size, st.st_mtime_ns


def _record(graph: Path) -> Path:
    key = hashlib.sha256(str(graph.resolve()).encode("utf-8")).hexdigest()[:24]
    return records_dir() / f"serve-{key}.json"


@dataclass(frozen=True)
class Resident:
    url: str  # http://127.0.0.1:PORT
    token: str
    pid: int


def announce(graph: Path, url: str, token: str) -> Path | None:
    """Record that the server at `url` (a loopback address) holds `graph`; None when the folder
    cannot be written (the server runs on, unannounced)."""
    path, size, mtime = _identity(graph)
    folder = records_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if folder.stat().st_uid != os.getuid():
            return None
        record = _record(graph)
        data = {"version": RECORD_VERSION, "url": url, "token": token, "pid": os.getpid()}
        data |= {"graph": path, "size": size, "mtime_ns": mtime}
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".serve-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.replace(tmp, record)
        return record
    except OSError:
        return None


def withdraw(record: Path | None, token: str) -> None:
    """Remove the server's record (only if it is still this server's)."""
    if record is None:
        return
    with contextlib.suppress(OSError, ValueError):
        if json.loads(record.read_text(encoding="utf-8")).get("token") == token:
            record.unlink()


def find_resident(graph: Path) -> Resident | None:
    """The server announced for this graph file as it is now, if its process is alive."""
    try:
        record = _record(graph)
        if not record.exists() or record.stat().st_uid != os.getuid():
            return None
        data = json.loads(record.read_text(encoding="utf-8"))
        path, size, mtime = _identity(graph)
        if (data.get("version"), data.get("graph"), data.get("size"), data.get("mtime_ns")) != (
            RECORD_VERSION,
            path,
            size,
            mtime,
        ):
            return None
        pid = int(data["pid"])
        os.kill(pid, 0)  # alive (else ProcessLookupError)
        url, token = str(data["url"]), str(data["token"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if urllib.parse.urlsplit(url).hostname not in ("127.0.0.1", "::1", "localhost"):
        return None
    return Resident(url, token, pid)


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
    from graph.sparql.library import paged
    from graph.store.files import checked_path

    path, _ = checked_path(graph)
    if path.stat().st_size <= RESIDENT_MIN_BYTES or "" in values.values():
        return None  # small: memory here is faster; an empty value binds "" here, but is unbound there
    found = find_resident(path)
    if found is None:
        return None
    engine = ResidentEngine(found, timeout=timeout)
    try:
        if shipped:
            return engine.named(query.name, values, limit)
        return engine.run(paged(query.text, limit), query.bindings(values))
    except RemoteError:
        return None


__all__ = [
    "RemoteError",
    "Resident",
    "ResidentEngine",
    "announce",
    "find_resident",
    "records_dir",
    "resident_answer",
    "withdraw",
]
