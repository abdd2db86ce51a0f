"""Reading a graph file into rdflib: its format from the suffix, errors as one line with file and line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from graph.core.errors import GraphLoadError

if TYPE_CHECKING:  # rdflib and pyoxigraph are imported when used: `edukg --help` stays cheap
    from rdflib import Graph


DEFAULT_GRAPH = Path("output") / "edukg.ttl"
STORE_DIR = "store"
STAMP = "stamp.json"
STORE_FORMAT = "edukg-oxigraph/1"
FORMATS_BY_SUFFIX = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".nq": "nquads",
    ".rdf": "xml",
    ".owl": "xml",
}
QUAD_FORMATS = ("trig", "nquads")


def checked_path(path: Path | None) -> tuple[Path, str]:
    path = Path(path) if path else DEFAULT_GRAPH
    if not path.exists():
        hint = "run `edukg build` first" if path == DEFAULT_GRAPH else "check the path given to --graph"
        raise GraphLoadError(f"{path}: no graph file there; {hint}")
    if path.is_dir():
        raise GraphLoadError(f"{path}: is a folder; give the graph file, such as {path / 'edukg.ttl'}")
    fmt = FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        raise GraphLoadError(f"{path}: unknown graph format {path.suffix!r}; use .ttl, .nt, .trig or .jsonld")
    return path, fmt


def first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def remote_contexts(data: object) -> list[str]:
    """The addresses a JSON-LD document's @context values would be fetched from (@context as a
    string, or strings in a list), anywhere in the document."""
    found: list[str] = []
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("@context", "@import"):
                    items = v if isinstance(v, list) else [v]
                    found += [x for x in items if isinstance(x, str)]
                    stack += [x for x in items if not isinstance(x, str)]
                else:
                    stack.append(v)
        elif isinstance(node, list):
            stack.extend(node)
    return found


def check_no_fetch(path: Path, fmt: str, allow_remote: bool) -> None:
    """Refuse a JSON-LD file whose @context names a remote document (the parser would fetch it)."""
    if fmt != "json-ld" or allow_remote:
        return
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise GraphLoadError(
            f"{path}: cannot parse as json-ld ({first_line(exc)[:120]}); fix the file"
        ) from None
    urls = remote_contexts(data)
    if urls:
        raise GraphLoadError(
            f"{path}: its @context {urls[0]} would be fetched from the network; inline the context in the file"
            " (or pass --allow-remote to `edukg query` to let it be fetched)"
        )


def load_graph(path: Path | None = None, *, allow_remote: bool = False) -> Graph:
    """The union graph of a Turtle, N-Triples, TriG or JSON-LD file (a JSON-LD file with a remote
    @context is refused unless allow_remote)."""
    from rdflib import Dataset, Graph

    path, fmt = checked_path(path)
    check_no_fetch(path, fmt, allow_remote)
    try:
        if fmt in QUAD_FORMATS:
            ds = Dataset()
            ds.parse(path, format=fmt)
            g = Graph()
            for ctx in ds.graphs():
                for t in ctx:
                    g.add(t)
            for t in ds.default_graph if hasattr(ds, "default_graph") else ():
                g.add(t)
            return g
        g = Graph()
        g.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific types
        where, why = parse_problem(exc)
        raise GraphLoadError(
            f"{path}{where}: cannot parse as {fmt} ({why}); fix the file or rebuild it"
        ) from None
    if len(g) == 0:
        raise GraphLoadError(f"{path}: the graph holds no triples; rebuild it with `edukg build`")
    return g


def parse_problem(exc: Exception) -> tuple[str, str]:
    """(":LINE" or "", the reason) of a parser error, on one line."""
    text = str(exc).strip()
    line = re.search(r"at line (\d+)", text)
    why = re.search(r"Bad syntax \((.*?)\) at \^", text, re.S) or re.search(
        r"Parser error at line \d+[^:]*: (.*?)(?: \([^()]*line \d+\))?$", text.splitlines()[0] if text else ""
    )
    if isinstance(exc, UnicodeDecodeError):
        return "", "not UTF-8 text; is it a graph file?"
    if isinstance(exc, IndexError | EOFError):
        return "", "the file ends inside a statement"
    reason = why.group(1) if why else (text.splitlines()[0] if text else type(exc).__name__)
    return (f":{line.group(1)}" if line else ""), " ".join(reason.split())[:160]


# glibc's malloc, for a process that bulk-loads a store (mallopt parameters; sizes in bytes). Oxigraph's
# bulk loader allocates, fills and frees large buffers piece after piece: by default glibc gives freed
# heap back to the system and faults it in again page by page for the next piece, maps large buffers
# afresh each time, and consolidates its fast bins when large blocks are freed: together ~10% of the
# loader's CPU on 1,000 generated documents. Set: 1 GB of freed heap kept before any is given back,
# 256 MB of slack when the heap grows, buffers up to 32 MB (glibc's most) from the heap, no fast bins
# (the per-thread cache of small blocks stays).
# M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD, M_MXFAST
MALLOPT = {-1: 1 << 30, -2: 1 << 28, -3: 1 << 25, 1: 0}


def tune_allocator() -> bool:
    """Set MALLOPT in this process (and the worker processes it forks after) when its C library is glibc;
    whether it was. A process-wide setting: `edukg build` makes it, a library call does not."""
    import ctypes
    import platform

    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    return all(libc.mallopt(param, value) == 1 for param, value in MALLOPT.items())
