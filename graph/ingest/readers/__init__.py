"""Readers: the text of a document file, by suffix, from one registry.

A reader turns the bytes of a file into the text EduKG reads; provenance offsets are character
offsets into that text. For .txt and .md it is the decoded file; for .html, .docx and .pdf it is the
extracted text (what `edukg` would quote).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from graph.core.errors import InputError
from graph.ingest.readers import docx, html, pdf, text


@dataclass(frozen=True)
class Reader:
    """How to read one format: `read(data, source) -> text`, and markup to drop without shifting offsets."""

    name: str
    read: Callable[[bytes, str], str]
    markup: re.Pattern[str] | None = None


READERS: dict[str, Reader] = {
    ".txt": Reader("plain text", text.read),
    ".md": Reader("Markdown", text.read, text.MARKDOWN),
    ".html": Reader("HTML", html.read),
    ".htm": Reader("HTML", html.read),
    ".docx": Reader("Word", docx.read),
    ".pdf": Reader("PDF", pdf.read),
}
SUFFIXES = tuple(READERS)
# Formats users have that EduKG does not read: refused with a hint instead of silently ignored.
UNSUPPORTED = (".doc", ".wps", ".rtf", ".odt", ".pages", ".xls", ".xlsx", ".ppt", ".pptx", ".epub")


def reader_for(source: str) -> Reader:
    """The reader of a file name; a name with no suffix is read as plain text."""
    suffix = PurePath(source).suffix.lower()
    if not suffix:
        return READERS[".txt"]
    if suffix not in READERS:
        raise InputError(f"{source}: unsupported format {suffix!r}; save it as {', '.join(SUFFIXES)}")
    return READERS[suffix]


def read(data: bytes, source: str) -> str:
    """The text of a document file, chosen by the suffix of `source`."""
    return reader_for(source).read(data, source)


decode = text.decode

__all__ = ["READERS", "SUFFIXES", "UNSUPPORTED", "Reader", "decode", "read", "reader_for"]
