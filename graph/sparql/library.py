"""The named planner queries (graph/sparql/named/*.rq): their headers, typed parameters, and running them."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from rdflib.term import Identifier

from graph.core.errors import QueryError
from graph.sparql.engine import run_query
from graph.sparql.params import PARAM_TYPES, guess_term
from graph.sparql.results import Result


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    doc: str

    def term(self, value: str) -> Identifier:
        """The value as an RDF term of the declared type (never pasted into query text)."""
        if any(ord(c) < 32 for c in value):
            raise QueryError(f"parameter {self.name}: control characters are not allowed in a value")
        convert, _ = PARAM_TYPES[self.type]
        try:
            return convert(value)
        except ValueError as exc:
            raise QueryError(f"parameter {self.name}={value!r}: expected {exc}") from None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title_zh: str
    title_en: str
    answers: str
    text: str
    params: tuple[Param, ...] = field(default_factory=tuple)

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r}; its parameters: {known}")

    def bindings(self, values: Mapping[str, str] | None = None) -> dict[str, Identifier]:
        """Parameter values (and defaults) as RDF terms by variable name; unknown names fail.

        A query that declares no parameters (-e, a plain .rq) binds any of its variables; the value's
        form gives its term: <IRI>, prefix:name, a number, or text (Chinese text is tagged @zh).
        """
        values = dict(values or {})
        if not self.params:
            known = set(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", self.text))
            for name in values:
                if name not in known:
                    takes = ", ".join(sorted(known)) or "none"
                    raise QueryError(
                        f"unknown parameter {name!r} for {self.name!r}; its variables are: {takes}"
                    )
            return {k: guess_term(v.strip()) for k, v in values.items()}  # type: ignore[misc]
        for name in values:
            self.param(name)
        out: dict[str, Identifier] = {}
        for p in self.params:
            v = values.get(p.name, p.default)
            if v is not None:
                out[p.name] = p.term(v)
        return out


HEADER = re.compile(r"#\s*(title@en|title|answers|param)\s*:\s*(.*)")
PARAM_LINE = re.compile(r"([A-Za-z_]\w*)\s+(\w+)(?:\s*=\s*(\S+))?(?:\s*--\s*(.*))?")


def parse_named_query(name: str, text: str) -> NamedQuery:
    """Read a query's header comments: `# title:`, `# title@en:`, `# answers:`, `# param:` lines."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = HEADER.match(line)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key != "param":
            fields[key] = value
            continue
        pm = PARAM_LINE.fullmatch(value)
        if not pm or pm.group(2) not in PARAM_TYPES:
            raise QueryError(
                f"{name}.rq: bad header line {line!r}; write `# param: NAME TYPE [= DEFAULT] -- what it is`"
                f" with TYPE one of {', '.join(PARAM_TYPES)}"
            )
        params.append(Param(pm.group(1), pm.group(2), pm.group(3), (pm.group(4) or "").strip()))
    title_en = fields.get("title@en", "")
    if not title_en:  # old single-line header: "# English (en) / 中文 (zh)"
        for line in text.splitlines():
            if line.startswith("#"):
                title_en = line.lstrip("# ").strip()
                break
    return NamedQuery(
        name=name,
        title_zh=fields.get("title", ""),
        title_en=title_en,
        answers=fields.get("answers", ""),
        text=text,
        params=tuple(params),
    )


@cache
def _load_named() -> tuple[NamedQuery, ...]:
    folder = resources.files("graph.sparql") / "named"
    return tuple(
        parse_named_query(p.name[:-3], p.read_text(encoding="utf-8"))
        for p in sorted(folder.iterdir(), key=lambda p: p.name)
        if p.name.endswith(".rq")
    )


def load_named_queries() -> dict[str, NamedQuery]:
    """The planner queries shipped in graph/sparql/named/*.rq, by name, with their headers parsed."""
    return {q.name: q for q in _load_named()}


def get_named_query(name: str) -> NamedQuery:
    queries = load_named_queries()
    if name not in queries:
        shown = name if len(name) <= 80 else name[:77] + "..."
        if any(ch.isspace() or ch in "{}?" for ch in name):  # SPARQL text where a name goes
            raise QueryError(f"unknown query {shown!r}; to run SPARQL text, pass it with -e 'QUERY'")
        close = difflib.get_close_matches(name, list(queries), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise QueryError(f"unknown query {shown!r}; {hint}`edukg query --list` shows the named queries")
    return queries[name]


def named_queries() -> dict[str, str]:
    """The planner queries shipped in graph/sparql/named/*.rq, by name (text only)."""
    return {n: q.text for n, q in load_named_queries().items()}


def describe_query(text: str) -> str:
    """What a query answers, from its header: the English and Chinese titles."""
    q = parse_named_query("query", text)
    return f"{q.title_en} / {q.title_zh}" if q.title_zh else q.title_en


def list_queries() -> str:
    """The `edukg query --list` text: name, titles, what it answers and its parameters."""
    out: list[str] = []
    for q in load_named_queries().values():
        out.append(f"{q.name:26} {q.title_en} / {q.title_zh}")
        if q.answers:
            out.append(f"{'':26}   {q.answers}")
        for p in q.params:
            default = f", default {p.default}" if p.default is not None else ""
            out.append(f"{'':26}   --param {p.name}=…  ({p.type}{default}) {p.doc}")
    return "\n".join(out) + "\n"


PAGE = 1000  # rows of a named query by default: unbound, some run to hundreds of thousands at scale
_LIMIT = re.compile(r"\bLIMIT\s+\d+\s*(OFFSET\s+\d+\s*)?$", re.I)


def paged(text: str, limit: int | None, offset: int = 0) -> str:
    """A SELECT query with `LIMIT limit OFFSET offset` appended (after its ORDER BY, so pages are
    stable); unchanged when `limit` is None or 0 (everything) or the query ends with a LIMIT of its own."""
    if not limit or _LIMIT.search(text.rstrip()):
        return text
    return text.rstrip() + f"\nLIMIT {int(limit)}" + (f" OFFSET {int(offset)}" if offset else "") + "\n"


def run_named(
    g: Any, name: str, params: Mapping[str, str] | None = None, limit: int | None = None, offset: int = 0
) -> Result:
    """Run a named planner query on an engine or a graph, its parameters bound as RDF terms;
    `limit` rows from `offset` (default: every row)."""
    q = get_named_query(name)
    return run_query(g, paged(q.text, limit, offset), q.bindings(params))
