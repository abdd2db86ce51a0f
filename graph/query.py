"""SPARQL over the built graph: run a query, refuse updates, format the results."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result as RDFResult
from rdflib.term import Identifier, Node

from graph.errors import QueryError
from graph.namespaces import PREFIXES

if TYPE_CHECKING:
    from graph.store import OxigraphGraph

UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX|BASE)\s+[^\n]*\n\s*)*(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.I,
)


@dataclass(frozen=True)
class Result:
    columns: list[str]
    rows: list[list[str]]


def _prologue() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))


def _text(term: Node | None, g: Graph) -> str:
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


def refuse_update(sparql: str) -> None:
    """Raise QueryError when the text is a SPARQL Update: every EduKG reader is read-only."""
    if UPDATE.match(_strip_comments(sparql)):
        raise QueryError(
            "updates are not allowed: EduKG queries are read-only; use SELECT, ASK, CONSTRUCT or DESCRIBE"
        )


def _strip_comments(sparql: str) -> str:
    return "\n".join(line for line in sparql.splitlines() if not line.lstrip().startswith("#"))


def _is_update(text: str) -> bool:
    """Does the text parse as a SPARQL Update with at least one operation?"""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        return bool(getattr(parseUpdate(text), "request", None))
    except Exception:
        return False


def execute(g: Graph, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> RDFResult:
    """Evaluate a read-only query with rdflib; parameters are bound as RDF terms with initBindings."""
    if not _strip_comments(sparql).strip():
        raise QueryError("the query is empty; give a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    refuse_update(sparql)
    text = _prologue() + sparql
    try:
        return g.query(text, initBindings=dict(bindings or {}))
    except Exception as exc:  # pyparsing and rdflib raise several types
        if _is_update(text):
            refuse_update("INSERT")
        raise QueryError(
            f"malformed SPARQL: {_position(exc, len(_prologue().splitlines()))}; fix the query"
        ) from None


def run_query(
    g: Graph | OxigraphGraph, sparql: str, bindings: Mapping[str, Identifier] | None = None
) -> Result:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query; the common prefixes are predeclared."""
    if not isinstance(g, Graph):  # a fast store (graph.store.open_store) answers with the same Result
        if not _strip_comments(sparql).strip():
            raise QueryError("the query is empty; give a SELECT, ASK, CONSTRUCT or DESCRIBE query")
        refuse_update(sparql)
        return g.run(sparql, dict(bindings or {}))
    res = execute(g, sparql, bindings)
    return to_result(res, g)


def to_result(res: RDFResult, g: Graph) -> Result:
    """An rdflib result as columns and rows of display text (prefixed names for vocabulary IRIs)."""
    if res.type == "ASK":
        return Result(["ask"], [[str(bool(res.askAnswer)).lower()]])
    if res.type in ("CONSTRUCT", "DESCRIBE"):
        cg = res.graph
        assert cg is not None
        return Result(
            ["subject", "predicate", "object"],
            sorted([[_text(s, g), _text(p, g), _text(o, g)] for s, p, o in cg]),
        )
    columns = [str(v) for v in res.vars or []]
    rows = [[_text(row[i], g) for i in range(len(columns))] for row in res]  # type: ignore[index]
    return Result(columns, rows)


def _position(exc: Exception, offset: int) -> str:
    msg = str(exc).replace("\n", " ")
    m = re.search(r"line:(\d+), col:(\d+)", msg)
    if m:
        return (
            f"line {int(m.group(1)) - offset}, column {m.group(2)}: {msg.split('(at char')[0].strip()[:120]}"
        )
    return msg[:160]


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


# ---------------------------------------------------------------- named queries and parameters


def _year(v: str) -> Identifier:
    if not re.fullmatch(r"-?\d{4}", v):
        raise ValueError("a four-digit year such as 2025")
    return Literal(v, datatype=XSD.gYear)


def _integer(v: str) -> Identifier:
    if not re.fullmatch(r"[+-]?\d+", v):
        raise ValueError("an integer")
    return Literal(int(v), datatype=XSD.integer)


def _decimal(v: str) -> Identifier:
    try:
        Decimal(v)
    except InvalidOperation:
        raise ValueError("a decimal number such as 95.5") from None
    return Literal(Decimal(v), datatype=XSD.decimal)


IRIREF = re.compile(r"[^<>\"{}|^`\\\x00-\x20]+")


def _iri(v: str) -> Identifier:
    m = re.fullmatch(r"([A-Za-z][\w-]*):([\w\-./#%]*)", v)
    if m and m.group(1) in PREFIXES:
        v = str(PREFIXES[m.group(1)]) + m.group(2)
    if not (re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", v) and IRIREF.fullmatch(v)):
        raise ValueError("an absolute IRI such as https://w3id.org/edukg/id/… or ekid:…")
    return URIRef(v)


PARAM_TYPES: dict[str, tuple[Callable[[str], Identifier], str]] = {
    "label": (lambda v: Literal(v, lang="zh"), "a Chinese label, bound as a @zh literal"),
    "string": (lambda v: Literal(v), "a plain string literal"),
    "year": (_year, "a year, bound as xsd:gYear"),
    "integer": (_integer, "an xsd:integer"),
    "decimal": (_decimal, "an xsd:decimal"),
    "iri": (_iri, "an IRI (absolute or with a known prefix such as ekid:)"),
}


def guess_term(value: str) -> Node:
    """An RDF term from the form of a value: <IRI>, prefix:name, integer, decimal, text@lang, text."""
    from decimal import Decimal, InvalidOperation

    if any(ord(c) < 32 for c in value):
        raise QueryError("control characters are not allowed in a parameter value")
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES and re.match(r"^[\w\-.]*$", local):
        return URIRef(str(PREFIXES[prefix]) + local)
    if re.fullmatch(r"[+-]?\d+", value):
        return Literal(int(value))
    if re.fullmatch(r"[+-]?\d*\.\d+", value):
        try:
            return Literal(Decimal(value))
        except InvalidOperation:
            pass
    m = re.fullmatch(r"(.*)@([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)", value, re.S)
    if m:
        return Literal(m.group(1), lang=m.group(2))
    if re.search(r"[\u4e00-\u9fff]", value):
        return Literal(value, lang="zh")
    return Literal(value)


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
            return {k: guess_term(v.strip()) for k, v in values.items()}
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
    folder = resources.files("graph") / "queries"
    return tuple(
        parse_named_query(p.name[:-3], p.read_text(encoding="utf-8"))
        for p in sorted(folder.iterdir(), key=lambda p: p.name)
        if p.name.endswith(".rq")
    )


def load_named_queries() -> dict[str, NamedQuery]:
    """The planner queries shipped in graph/queries/*.rq, by name, with their headers parsed."""
    return {q.name: q for q in _load_named()}


def get_named_query(name: str) -> NamedQuery:
    queries = load_named_queries()
    if name not in queries:
        raise QueryError(f"unknown query {name!r}; `edukg query --list` shows the named queries")
    return queries[name]


def named_queries() -> dict[str, str]:
    """The planner queries shipped in graph/queries/*.rq, by name (text only)."""
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


def parse_param_args(items: tuple[str, ...] | list[str]) -> dict[str, str]:
    """`key=value` strings from --param as a dict; a malformed item fails with a one-line message."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", key.strip()):
            raise QueryError(f"--param {item!r}: write --param NAME=VALUE")
        out[key.strip()] = value
    return out


def run_named(g: Graph, name: str, params: Mapping[str, str] | None = None) -> Result:
    """Run a named planner query locally with its parameters bound as RDF terms (initBindings)."""
    q = get_named_query(name)
    return run_query(g, q.text, q.bindings(params))


# ---------------------------------------------------------------- VALUES for remote endpoints


def sparql_term(term: Node) -> str:
    """An RDF term as SPARQL text via .n3(), after checking it cannot break out of its token."""
    if isinstance(term, URIRef):
        if not IRIREF.fullmatch(str(term)):
            raise QueryError(f"{str(term)!r} is not a valid IRI")
        return term.n3()
    if isinstance(term, Literal):
        if any(ord(c) < 32 for c in str(term)):
            raise QueryError("control characters are not allowed in a parameter value")
        if term.language and not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", term.language):
            raise QueryError(f"bad language tag {term.language!r}")
        if term.datatype and not IRIREF.fullmatch(str(term.datatype)):
            raise QueryError(f"bad datatype {term.datatype!r}")
        return term.n3()
    raise QueryError(f"cannot bind {term!r}: only IRIs and literals can be parameters")


def with_values(sparql: str, bindings: Mapping[str, Identifier]) -> str:
    """The query with `VALUES (?a ?b) { (t1 t2) }` as the first element of its WHERE group.

    For endpoints that have no initBindings: the terms are serialised by `sparql_term`, the text of
    the query is not otherwise changed, and a VALUES block at the top of the group binds the
    variables for every pattern and FILTER of that group, as initBindings does.
    """
    if not bindings:
        return sparql
    names = sorted(bindings)
    for n in names:
        if not re.fullmatch(r"[A-Za-z_]\w*", n):
            raise QueryError(f"bad parameter name {n!r}")
    block = (
        " VALUES ("
        + " ".join(f"?{n}" for n in names)
        + ") { ("
        + " ".join(sparql_term(bindings[n]) for n in names)
        + ") } "
    )
    pos = _where_brace(sparql)
    return sparql[: pos + 1] + block + sparql[pos + 1 :]


def _where_brace(q: str) -> int:
    """Offset of the `{` that opens the query's WHERE group (skipping comments, strings, IRIs and a
    CONSTRUCT template)."""
    i, n = 0, len(q)
    depth = 0
    template = False
    seen_form = False
    while i < n:
        c = q[i]
        if c == "#":
            j = q.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "\"'":
            triple = q[i : i + 3] in ('"""', "'''")
            quote = q[i : i + 3] if triple else c
            j = i + len(quote)
            while j < n and q[j : j + len(quote)] != quote:
                j += 2 if q[j] == "\\" else 1
            i = j + len(quote)
            continue
        if c == "<":
            m = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>").match(q, i)
            if m:
                i = m.end()
                continue
        if c.isalpha() and not seen_form:
            m = re.compile(r"(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", re.I).match(q, i)
            if m and (i == 0 or not (q[i - 1].isalnum() or q[i - 1] in "?$:_")):
                seen_form = True
                template = m.group(1).upper() == "CONSTRUCT" and re.match(r"\s*\{", q[m.end() :]) is not None
                i = m.end()
                continue
        if c == "{" and seen_form:
            if depth == 0 and not template:
                return i
            depth += 1
        elif c == "}" and seen_form:
            depth -= 1
            if depth == 0 and template:
                template = False
        i += 1
    raise QueryError("cannot bind parameters: the query has no WHERE group")
