"""The result model of every query (columns and rows of display text) and its formatters."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from graph.core.errors import QueryError


@dataclass(frozen=True)
class Result:
    columns: list[str]
    rows: list[list[str]]


def term_text(term: Node | None, g: Graph) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        try:
            return g.namespace_manager.normalizeUri(term) if "/id/" not in str(term) else str(term)
        except Exception:
            return str(term)
    if isinstance(term, Literal):
        return str(term)
    return str(term)


def _table(r: Result) -> str:
    widths = [max([_w(c)] + [_w(row[i]) for row in r.rows]) for i, c in enumerate(r.columns)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - _w(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(r.columns), line(["-" * w for w in widths])]
    out += [line(row) for row in r.rows]
    out.append(f"({len(r.rows)} row{'s' if len(r.rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _w(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in s)


def _delimited(r: Result, delimiter: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(r.columns)
    w.writerows(r.rows)
    return buf.getvalue()


def _json(r: Result) -> str:
    return (
        json.dumps([dict(zip(r.columns, row, strict=True)) for row in r.rows], ensure_ascii=False, indent=1)
        + "\n"
    )


def _markdown(r: Result) -> str:
    def esc(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ")

    out = ["| " + " | ".join(r.columns) + " |", "|" + "---|" * len(r.columns)]
    out += ["| " + " | ".join(esc(c) for c in row) + " |" for row in r.rows]
    return "\n".join(out) + "\n"


FORMATTERS: dict[str, Callable[[Result], str]] = {
    "table": _table,
    "csv": lambda r: _delimited(r, ","),
    "tsv": lambda r: _delimited(r, "\t"),
    "json": _json,
    "md": _markdown,
}


def format_result(r: Result, fmt: str) -> str:
    if fmt not in FORMATTERS:
        raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATTERS)}")
    return FORMATTERS[fmt](r)
