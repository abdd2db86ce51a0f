"""Size limits on what a build reads, each checked before the costly step it bounds.

Every limit has a default that real documents stay far below and an environment variable that lifts it;
the error a limit raises names the file, the size, the limit and the variable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from graph.core.errors import InputError


@dataclass(frozen=True)
class Limit:
    env: str
    default: int
    unit: str
    what: str  # the thing that is limited, as the README lists it


LIMITS = {
    "file": Limit("EDUKG_MAX_FILE_MB", 50, "MB", "a document file, and the text part a .docx inflates to"),
    "chars": Limit("EDUKG_MAX_CHARS", 1_000_000, "characters", "the text of one document"),
    "line": Limit("EDUKG_MAX_LINE", 200_000, "characters", "one line (paragraph) of a document"),
    "pages": Limit("EDUKG_MAX_PAGES", 2_000, "pages", "a PDF"),
    "depth": Limit("EDUKG_MAX_DEPTH", 10_000, "levels", "the nesting of elements in .html and .docx"),
    "mentions": Limit(
        "EDUKG_MAX_MENTIONS", 30_000, "mentions", "what one document names (entities and figures)"
    ),
    "catalog": Limit("EDUKG_MAX_CATALOG_MB", 4, "MB", "catalog.yaml"),
}


def limit(key: str) -> int:
    """The value of a limit: its environment variable when set, else the default."""
    lim = LIMITS[key]
    value = os.environ.get(lim.env, "").strip()
    if not value:
        return lim.default
    if not value.isdigit() or int(value) <= 0:
        raise InputError(f"{lim.env}={value[:40]!r}: give a positive whole number of {lim.unit}")
    return int(value)


def byte_limit(key: str) -> int:
    return limit(key) * 1024 * 1024


def too_big(source: str, key: str, size: int, thing: str | None = None) -> InputError:
    """The one-line error of an input over a limit, with the variable that lifts it."""
    lim = LIMITS[key]
    cap = limit(key)
    if lim.unit == "MB":
        shown, size = f"{size / 1024 / 1024:,.1f} MB", -(-size // (1024 * 1024))
    else:
        shown = f"{size:,} {lim.unit}"
    return InputError(
        f"{source}: {thing or lim.what} is {shown}, over the limit of {cap:,} {lim.unit}; "
        f"split it, or set {lim.env}={max(size, cap) * 2} to read it"
    )


def check(source: str, key: str, size: int, thing: str | None = None) -> None:
    if size > (byte_limit(key) if LIMITS[key].unit == "MB" else limit(key)):
        raise too_big(source, key, size, thing)


def check_environment() -> None:
    """Refuse a limit variable that is set to something other than a positive number, before reading."""
    for key in LIMITS:
        limit(key)
