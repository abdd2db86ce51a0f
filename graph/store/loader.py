"""The persistent store written during a build, from the Turtle text as it is made (no file re-read).

`edukg build` serialises the Turtle in chunks of subjects (graph.rdf.serialize.turtle_chunks); each
chunk is handed to a background thread that bulk-loads it into a new Oxigraph store while the next
chunk is serialised (pyoxigraph releases the GIL while it parses and indexes), and the views are
computed. `finish` stamps the store with the Turtle file once that is written and swaps it in, as
`write_store` does.

Measured (300 generated documents, 561k triples, CPU seconds): converting the Python triples to
pyoxigraph Quads and `bulk_extend` costs 1.2 + 3.1 s; `bulk_load` of the Turtle text 3.3 s, in Rust and
off the GIL. So the store is fed from the same text the Turtle file gets, not from the triples.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

from graph.store.files import STAMP, STORE_DIR
from graph.store.oxigraph import stamp_of, store_dir

_END = None


class StoreLoader:
    """A store being loaded in the background; `feed` Turtle chunks (each with its prefixes), then
    `finish(turtle_path)` or `abort()`."""

    def __init__(self, out: Path, head: str) -> None:
        from pyoxigraph import Store

        self.out, self.created = out, not out.exists()
        out.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{STORE_DIR}.", dir=out))
        self.head = head.encode("utf-8")
        self.store: Any = Store(str(self.tmp / "db"))
        self.chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=2)  # bounds the text held twice
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="edukg-store", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        from pyoxigraph import RdfFormat

        while True:
            chunk = self.chunks.get()
            if chunk is _END:
                return
            if self.error is None:
                try:
                    self.store.bulk_load(self.head + chunk, format=RdfFormat.TURTLE)
                except BaseException as exc:  # reported by finish()
                    self.error = exc

    def feed(self, text: str) -> None:
        self.chunks.put(text.encode("utf-8"))

    def _join(self) -> None:
        self.chunks.put(_END)
        self.thread.join()

    def finish(self, turtle: Path) -> Path:
        """Stamp the store with the written Turtle file and swap it in beside it."""
        try:
            self._join()
            if self.error is not None:
                raise self.error
            self.store.flush()
            stamp = {**stamp_of(turtle), "triples": len(self.store)}
            self.store = None  # closes the database before it is moved
            (self.tmp / STAMP).write_text(json.dumps(stamp, indent=1) + "\n", encoding="utf-8")
            final = store_dir(turtle)
            old = None
            if final.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{STORE_DIR}.old.", dir=turtle.parent))
                os.replace(final, old / STORE_DIR)
            os.replace(self.tmp, final)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
            return final
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        if self.thread.is_alive():
            self._join()
        self.store = None
        shutil.rmtree(self.tmp, ignore_errors=True)
        if self.created:  # a failed build leaves no output folder it made
            with contextlib.suppress(OSError):  # not empty: something else was written there
                self.out.rmdir()
