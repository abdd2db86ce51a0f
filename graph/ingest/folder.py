"""The documents of a seeds folder: which files are read, links followed safely, each file read within
the size limits, problems found on the way kept as one line each."""

from __future__ import annotations

import os
import re
import stat
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from graph.core.errors import InputError, ReadWarning
from graph.core.hanzi import to_simplified
from graph.core.model import Document
from graph.ingest import readers
from graph.ingest.catalog import INPUT_SUFFIXES, metadata
from graph.ingest.limits import byte_limit, check, limit, too_big
from graph.ingest.segment import ingest_text

# Text formats hold at most 4 bytes per character (UTF-8, GB18030, UTF-16): a larger file is over the
# character limit before it is decoded. A page of HTML may be 8 times its text (see readers.html).
BYTES_PER_CHAR = {".txt": 4, ".md": 4, "": 4, ".html": 32, ".htm": 32}


@dataclass
class Listing:
    """The files a folder offers as documents, and the entries that cannot be (one line each)."""

    files: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)  # every document name seen, readable or not


def shown(name: str) -> str:
    """A file name as it can be printed on one line: bytes that are not UTF-8 and control characters as
    \\xNN escapes."""
    if _PRINTABLE(name):  # most names: no control character, no byte that is not UTF-8 (a surrogate)
        return name
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(f"\\x{ord(c):02x}" if unicodedata.category(c) == "Cc" else c for c in text)


# a name with no control character (Unicode's Cc: U+0000-U+001F, U+007F-U+009F) and no surrogate
# (os.fsdecode's escape of a byte that is not UTF-8) is shown as it is
_PRINTABLE = re.compile("[^\\x00-\\x1f\\x7f-\\x9f\\ud800-\\udfff]*").fullmatch


def list_documents(seeds: Path) -> Listing:
    """The documents of a folder: files with a reader, and files of document formats it has no reader
    for (.doc, .rtf, …), which fail to read with a hint; hidden and lock files are left alone. Links are
    followed to files; a broken link, a link loop, a folder or a device named like a document, and a
    name that is not UTF-8 are problems."""
    if not seeds.exists():
        raise InputError(f"{seeds}: no such folder; pass --seeds DIR with the documents to read")
    if not seeds.is_dir():
        raise InputError(f"{seeds}: is a file, not a folder; pass --seeds DIR with the documents to read")
    wanted = (*INPUT_SUFFIXES, *readers.UNSUPPORTED)
    out = Listing()
    try:
        entries = sorted(os.scandir(seeds), key=lambda e: e.name)
    except OSError as exc:
        raise InputError(f"{seeds}: cannot list the folder ({exc.strerror}); check its permissions") from None
    for entry in entries:
        name = entry.name
        path = seeds / name
        if name.startswith((".", "~$")) or Path(name).suffix.lower() not in wanted:
            continue
        out.names.add(name)
        printed = shown(name)
        where = seeds / printed
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            out.problems.append(f"{where}: the file name is not UTF-8; rename the file")
            continue
        if printed != name:
            out.problems.append(
                f"{where}: the file name has control characters (line breaks, tabs); rename the file"
            )
            continue
        problem = _not_a_file(path, where)
        if problem:
            out.problems.append(problem)
        else:
            out.files.append(path)
    if not out.files and not out.problems:
        raise InputError(
            f"{seeds}: no documents found ({', '.join(INPUT_SUFFIXES)}); put the documents to read there"
        )
    return out


def _not_a_file(path: Path, where: Path) -> str | None:
    """Why a directory entry is not a document file to read (None when it is one)."""
    try:
        link = path.is_symlink()
        st = path.stat()  # follows links; a loop or a missing target raises
    except RuntimeError:  # a loop, as some Python versions report it
        return f"{where}: a symbolic link that loops; point it at a file or remove it"
    except OSError as exc:
        if link and (exc.errno == 40 or "loop" in str(exc).lower()):
            return f"{where}: a symbolic link that loops; point it at a file or remove it"
        if link:
            target = os.readlink(path)
            return f"{where}: a broken link (to {shown(target)}, which does not exist); fix or remove it"
        return f"{where}: cannot read the file ({exc.strerror}); check its permissions"
    if stat.S_ISDIR(st.st_mode):
        return f"{where}: is a folder, not a document; rename it or move it out of the seeds folder"
    if not stat.S_ISREG(st.st_mode):
        return f"{where}: not a regular file (a device, pipe or socket); give a document file"
    return None


def read_document(path: Path, entry: dict | None = None, notes: list[str] | None = None) -> Document:
    """Read one document file: its reader by suffix, its metadata, then ingest.

    Sizes are checked before the step they bound. What the reader warns of (bad bytes replaced) goes
    to `notes`; with no `notes` list (--strict) it is an error."""
    source = str(path)
    reader = readers.reader_for(source)  # an unknown format fails before anything is read
    suffix = path.suffix.lower()
    cap = byte_limit("file")
    if suffix in BYTES_PER_CHAR:
        cap = min(cap, limit("chars") * BYTES_PER_CHAR[suffix])
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > cap:
                raise _over(source, suffix, size)
            data = fh.read(cap + 1)  # a file that grows while it is read stops at the limit
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror}); check its permissions") from None
    if len(data) > cap:
        raise _over(source, suffix, len(data))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReadWarning)
        raw = reader.read(data, source)
    del data
    for w in caught:
        if not issubclass(w.category, ReadWarning):
            continue
        if notes is None:
            raise InputError(f"{w.message} (or build without --strict to read it so)")
        notes.append(str(w.message))
    check(source, "chars", len(raw), "its text")
    longest = max(map(len, raw.split("\n")), default=0)
    check(source, "line", longest, "its longest line")
    simple = to_simplified(raw)
    meta = metadata(path, simple, entry)
    doc = ingest_text(raw, meta, source, simple)
    # lines that wrap are joined into paragraphs: a paragraph is bounded as a line is
    check(
        source,
        "line",
        max(map(len, doc.text.split("\n")), default=0),
        "its longest paragraph (wrapped lines joined)",
    )
    return doc


def _over(source: str, suffix: str, size: int) -> InputError:
    per = BYTES_PER_CHAR.get(suffix)
    if per and limit("chars") * per < byte_limit("file"):
        return InputError(
            f"{source}: the file is {size:,} bytes, more than {limit('chars'):,} characters can take "
            f"({per} bytes each); split it, or set EDUKG_MAX_CHARS={size // per * 2} to read it"
        )
    return too_big(source, "file", size, "the file")
