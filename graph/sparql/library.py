"""The named planner queries (graph/sparql/named/*.rq): their headers, typed parameters, and running them."""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from graph.core.errors import QueryError
from graph.sparql.pages import run_page
from graph.sparql.params import PARAM_TYPES, guess_term
from graph.sparql.results import Result, Term


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    doc: str

    def term(self, value: str) -> Term:
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
    page: tuple[str, str] | None = None  # (key variable, the query listing its values in order)
    whole: tuple[str, ...] = ()  # parameters that, bound, select few enough rows to run the query whole
    first_keys: int | None = None  # key values in a page's first slice (`# slice: N`; default FIRST_KEYS)
    max_keys: int | None = None  # at most this many in any slice (`# slice: N MAX`; default MAX_KEYS)
    slices: str | None = None  # `# slices: FILE`: the file (beside it) whose text a slice runs
    slice_text: str | None = None  # that text (same rows for the slice's key values as `text`)
    # `# bound: PARAM FILE`: when PARAM is bound, FILE's text (beside it) answers instead: the same rows,
    # in a shape the store plans well from that value (the text by parameter, after loading)
    bound: tuple[tuple[str, str], ...] = ()
    bound_text: tuple[tuple[str, str], ...] = ()
    # `# persistent: NAME.persistent.rq`: the text the persistent store answers instead (the same rows),
    # in a shape planned for a store on disk, where every string compared or term looked up per row is
    # a read: sub-selects hash-joined, integers sorted rather than labels. A store in memory and rdflib
    # answer the query's own text, planned for them.
    persistent: str | None = None
    persistent_text: str | None = None

    def text_for(
        self, bindings: Mapping[str, Any], default: str | None = None, *, persistent: bool = False
    ) -> str:
        """The text that answers these bindings: a `# bound:` text whose parameter is bound, else
        `default` (the slice text, for a slice), else on the persistent store its `# persistent:` text,
        else the query's own text."""
        for name, text in self.bound_text:
            if name in bindings:
                return text
        return default or (persistent and self.persistent_text) or self.text

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r}; its parameters: {known}")

    def bindings(self, values: Mapping[str, str] | None = None) -> dict[str, Term]:
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
        out: dict[str, Term] = {}
        for p in self.params:
            v = values.get(p.name, p.default)
            if v is not None:
                out[p.name] = p.term(v)
        return out


HEADER = re.compile(r"#\s*(title@en|title|answers|param|page|whole|slices|slice|bound|persistent)\s*:\s*(.*)")
PAGE_LINE = re.compile(r"\?([A-Za-z_]\w*)\s+(SELECT\b.*)", re.S)
PARAM_LINE = re.compile(r"([A-Za-z_]\w*)\s+(\w+)(?:\s*=\s*(\S+))?(?:\s*--\s*(.*))?")


def parse_named_query(name: str, text: str) -> NamedQuery:
    """Read a query's header comments: `# title:`, `# title@en:`, `# answers:`, `# param:` lines."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    page: tuple[str, str] | None = None
    whole: list[str] = []
    first_keys: int | None = None
    slices: str | None = None
    max_keys: int | None = None
    bound: list[tuple[str, str]] = []
    persistent: str | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = HEADER.match(line)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "page":
            km = PAGE_LINE.fullmatch(value)
            if not km:
                raise QueryError(f"{name}.rq: bad header line {line!r}; write `# page: ?KEY SELECT …`")
            page = (km.group(1), km.group(2))
            continue
        if key == "whole":
            whole.extend(value.split())
            continue
        if key == "slices":
            if not re.fullmatch(r"[\w-]+\.slice\.rq", value):
                raise QueryError(f"{name}.rq: bad header line {line!r}; write `# slices: NAME.slice.rq`")
            slices = value
            continue
        if key == "persistent":
            if not re.fullmatch(r"[\w-]+\.persistent\.rq", value):
                raise QueryError(
                    f"{name}.rq: bad header line {line!r}; write `# persistent: NAME.persistent.rq`"
                )
            persistent = value
            continue
        if key == "bound":
            bm = re.fullmatch(r"([A-Za-z_]\w*)\s+([\w-]+\.[\w-]+\.rq)", value)
            if not bm:
                raise QueryError(f"{name}.rq: bad header line {line!r}; write `# bound: PARAM NAME.PARAM.rq`")
            bound.append((bm.group(1), bm.group(2)))
            continue
        if key == "slice":
            sizes = value.split()
            if not 1 <= len(sizes) <= 2 or not all(n.isdigit() and int(n) >= 1 for n in sizes):
                raise QueryError(
                    f"{name}.rq: bad header line {line!r}; write `# slice: N [MAX]` (N key values in the "
                    "first slice, at most MAX in any; N, MAX >= 1)"
                )
            first_keys = int(sizes[0])
            max_keys = int(sizes[1]) if len(sizes) == 2 else None
            continue
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
    declared = {p.name for p in params}
    for param, _ in bound:
        if param not in declared:
            raise QueryError(
                f"{name}.rq: `# bound: {param} …` names no parameter of the query; declare it with `# param:`"
            )
    return NamedQuery(
        name=name,
        title_zh=fields.get("title", ""),
        title_en=title_en,
        answers=fields.get("answers", ""),
        text=text,
        params=tuple(params),
        page=page,
        whole=tuple(whole),
        first_keys=first_keys,
        max_keys=max_keys,
        slices=slices,
        bound=tuple(bound),
        persistent=persistent,
    )


@cache
def _load_named() -> tuple[NamedQuery, ...]:
    folder = resources.files("graph.sparql") / "named"
    out = []
    for p in sorted(folder.iterdir(), key=lambda p: p.name):
        # NAME.slice.rq, NAME.PARAM.rq, NAME.persistent.rq: texts of a query, not queries
        if p.name.endswith(".rq") and p.name.count(".") == 1:
            q = parse_named_query(p.name[:-3], p.read_text(encoding="utf-8"))
            if q.slices:
                q = dataclasses.replace(q, slice_text=(folder / q.slices).read_text(encoding="utf-8"))
            if q.bound:
                texts = tuple((k, (folder / f).read_text(encoding="utf-8")) for k, f in q.bound)
                q = dataclasses.replace(q, bound_text=texts)
            if q.persistent:
                q = dataclasses.replace(
                    q, persistent_text=(folder / q.persistent).read_text(encoding="utf-8")
                )
            out.append(q)
    return tuple(out)


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


def run_named(
    g: Any, name: str, params: Mapping[str, str] | None = None, limit: int | None = None, offset: int = 0
) -> Result:
    """Run a named planner query on an engine or a graph, its parameters bound as RDF terms;
    `limit` rows from `offset` (default: every row)."""
    q = get_named_query(name)
    return run_page(g, q, q.bindings(params), limit, offset)
